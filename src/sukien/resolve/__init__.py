"""Stage 7, resolve: time expressions to ISO dates, and the places events happen in.

``dates`` finds and resolves every time expression against the publication date;
``times`` and ``places`` choose, for one event, the date and place its sentence
(or, failing that, its article) gives.
"""
from __future__ import annotations

from sukien.model import Document
from sukien.resolve.dates import find_times


def resolve(document: Document) -> Document:
    """Pipeline stage: fill ``document.times``."""
    document.times = find_times(document.text, document.article.published)
    return document
