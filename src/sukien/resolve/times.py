"""The date of one event: stated in its sentence, else the article's own date.

A report date ("theo tờ X ngày 21/10") is when something was written, not when it
happened, and is never taken. A sentence without a date inherits the first
current (non-historical) date of the article, or the publication date, marked
``relation="inferred"`` so nobody mistakes it for a stated one.
"""
from __future__ import annotations

import re
from dataclasses import replace

from sukien.model import Document, Sentence, Span, TimeValue

_REPORT_DATE = re.compile(r"(?:theo|đăng|đăng tải|số ra|đưa tin)\s+(?:\S+\s+){0,4}$", re.I)


def _stated(document: Document, time: TimeValue) -> bool:
    if time.evidence is None or time.start is None:
        return False
    before = document.text[max(0, time.evidence.start - 40):time.evidence.start]
    return not _REPORT_DATE.search(before)


def _anchor(document: Document) -> TimeValue | None:
    for time in document.times:
        if _stated(document, time) and time.relation != "historical" and time.granularity in ("day", "range"):
            return replace(time, relation="inferred")
    published = document.article.published
    if published is None:
        return None
    return TimeValue(published, published, "day", None, "inferred")


def event_time(document: Document, sentence: Sentence, trigger: Span) -> TimeValue | None:
    inside = [t for t in document.times if t.evidence is not None
              and sentence.span.contains(t.evidence) and _stated(document, t)]
    after = [t for t in inside if t.evidence.start >= trigger.end]
    before = [t for t in inside if t.evidence.end <= trigger.start]
    if after:
        return after[0]
    if before:
        return before[-1]
    return _anchor(document)
