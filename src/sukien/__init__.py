"""sukien: Vietnamese political news in, coded events out, every value with its evidence.

``extract`` reads one article and returns an ``ArticleResult``, whose ``events`` and
``entities`` are typed records (``EventRecord``, ``EntityRecord``: plain dicts, the JSON
contract as written) with spans into the article's text:

>>> import sukien
>>> result = sukien.extract("Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào.", published="2026-05-14")
>>> [(event["cameo"], event["label_vi"], event["date"]["start"]) for event in result.events]
[('046', 'hội đàm', '2026-05-14')]
>>> result.to_json()[:12]
'{"schema": 1'
"""
from sukien.pipeline import extract as extract
from sukien.contract import ArticleResult, EntityRecord, EventRecord

__version__ = "0.1.0"
__all__ = ["ArticleResult", "EntityRecord", "EventRecord", "extract", "__version__"]
