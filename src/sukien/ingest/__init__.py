"""Stage 1, ingest: files, directories, stdin, HTML pages and feeds → Articles.

``read_articles`` yields an ``Article`` for every article it could read and an
``InputError`` (naming the file, and the line or entry) in the place of every one it
could not, so a batch records failures instead of stopping or dropping them. Bytes
become text through ``normalize.legacy.decode_bytes``, which also reads the old
Vietnamese encodings (cp1258, TCVN3, VNI, VISCII).
"""
from sukien.ingest.files import KINDS, article_from_record, parse_text, read_articles

__all__ = ["KINDS", "article_from_record", "parse_text", "read_articles"]
