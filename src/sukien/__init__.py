from sukien.pipeline import extract as extract
from sukien.contract import ArticleResult

__version__ = "0.1.0"
__all__ = ["ArticleResult", "extract", "__version__"]
