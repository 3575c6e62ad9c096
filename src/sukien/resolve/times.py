"""The date of one event: stated in its sentence, else the article's own date.

A report date ("theo tờ X ngày 21/10") is when something was written, not when it
happened, and is never taken. A sentence without a date inherits the first
current (non-historical) date of the article, or the publication date, marked
``relation="inferred"`` so nobody mistakes it for a stated one.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from functools import cached_property

from sukien.model import Document, Sentence, Span, TimeValue

INFERRED = "inferred"  # the relation of a date taken from the article's context, not stated for the event

# "theo AFP ngày 3/5", "đăng ngày 3/5": the report's date. After a comma the attribution is over:
# "Theo phóng viên, sáng 27/6, …" dates the event.
_REPORT_DATE = re.compile(r"(?:theo|đăng|đăng tải|số ra|đưa tin)\s+(?:[^\s,]+\s+){0,4}$", re.I)


def _stated(document: Document, time: TimeValue) -> bool:
    if time.evidence is None or time.start is None:
        return False
    before = document.text[max(0, time.evidence.start - 40):time.evidence.start]
    return not _REPORT_DATE.search(before)


def stated_times(document: Document) -> list[TimeValue]:
    """The article's times that date something, in document order: every time but a report's date."""
    return [t for t in document.times if _stated(document, t)]


def _anchor(document: Document, stated: list[TimeValue]) -> TimeValue | None:
    """``stated``: the document's stated times, in document order."""
    for time in stated:
        if time.relation != "historical" and time.granularity in ("day", "range"):
            return replace(time, relation=INFERRED)
    published = document.article.published
    if published is None:
        return None
    return TimeValue(published, published, "day", None, INFERRED)


_SAME_DAY = re.compile(r"(?<!\w)cùng ngày(?!\w)", re.I)
# What is said or agreed happened when it was said; a date after the verb is the content's.
_VERBAL_ROOTS = ("01", "02", "03", "05")


def past_of_what_is_said(time: TimeValue, cameo: str) -> bool:
    """A past year or day that what is said, asked or agreed speaks of ("kỷ niệm 50 năm (1975 - 2025)",
    "hợp tác từ năm 1992"): it dates that past, not the saying, which happens now."""
    return cameo.startswith(_VERBAL_ROOTS) and time.relation == "historical"


def says_same_day(sentence: Sentence) -> bool:
    """Whether the sentence says "cùng ngày". Few do: a substring test on the lowered text, which
    holds every match (these letters lower as re.I matches them), spares most sentences the search."""
    return "cùng ngày" in sentence.span.text.lower() and _SAME_DAY.search(sentence.span.text) is not None


class Calendar:
    """The article's dates, each checked once for being stated; every trigger then looks up its sentence's."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.stated = stated_times(document)  # in document order
        self._inside: dict[tuple[int, int], list[TimeValue]] = {}
        self._latest: dict[int, TimeValue | None] = {}  # sentence start → its narrative day

    @cached_property
    def anchor(self) -> TimeValue | None:
        return _anchor(self.document, self.stated)

    def inside(self, sentence: Span) -> list[TimeValue]:
        """The stated dates within the sentence, in document order."""
        key = (sentence.start, sentence.end)
        if key not in self._inside:
            self._inside[key] = [t for t in self.stated if sentence.contains(t.evidence)]
        return self._inside[key]

    def latest(self, sentence: Sentence) -> TimeValue | None:
        """An undated sentence goes on in the narrative's time: the last day stated before it (not a past
        year's, not a day yet to come), when the article has stated one."""
        if sentence.span.start not in self._latest:  # asked once for each trigger of the sentence
            published = self.document.article.published
            earlier = [t for t in self.stated if t.evidence.end <= sentence.span.start and t.granularity == "day"
                       and t.relation != "historical" and not (published and t.start and t.start > published)]
            self._latest[sentence.span.start] = replace(earlier[-1], relation=INFERRED) if earlier else None
        return self._latest[sentence.span.start]

    def same_day(self, sentence: Sentence) -> TimeValue | None:
        """"Cùng ngày, …": the last stated day before this sentence."""
        earlier = [t for t in self.stated if t.evidence.end <= sentence.span.start and t.granularity == "day"]
        return replace(earlier[-1], relation=INFERRED) if earlier else None


def _not_yet(calendar: Calendar, time: TimeValue) -> bool:
    """A date after publication: a plan's or a target's ("đạt 10 tỷ USD vào năm 2030"), never a done deed's."""
    published = calendar.document.article.published
    return published is not None and time.start is not None and time.start > published


def _long_past(calendar: Calendar, time: TimeValue) -> bool:
    """Over a month before publication (a collection's "published" is sometimes only an upper bound)."""
    published = calendar.document.article.published
    end = time.end or time.start
    return published is not None and end is not None and end < published - timedelta(days=31)


_WRITTEN_YEAR = re.compile(r"\d{4}")


def _ahead(calendar: Calendar, time: TimeValue) -> TimeValue:
    """"sẽ thăm … từ ngày 20-22/9" read in May: the coming September, not the last one (a day and
    month without a year are first read as past, which news mostly reports)."""
    if (not _long_past(calendar, time) or time.evidence is None or time.relation is not None
            or time.granularity not in ("day", "range", "month") or _WRITTEN_YEAR.search(time.evidence.text)):
        return time
    try:
        return replace(time, start=time.start.replace(year=time.start.year + 1),
                       end=time.end.replace(year=time.end.year + 1) if time.end else None)
    except ValueError:  # 29 February
        return time


# "đã ký kết vào tháng 1/2017", "đã ký kết tháng 1 năm nay": a signature's own date follows it,
# introduced as a time or right after the verb.
_ON_DATE = re.compile(r"(?<!\w)(?:vào|hồi)\s+(?:ngày\s+)?$", re.I)


def _signed_on(document: Document, cameo: str, trigger: Span, time: TimeValue) -> bool:
    if not cameo.startswith("057"):
        return False
    return not document.text[trigger.end:time.evidence.start].strip() or bool(
        _ON_DATE.search(document.text, max(0, time.evidence.start - 12), time.evidence.start))


_DATE_REACH = 60  # characters between a trigger and a date of its own phrase ("hội đàm với X vào chiều 12/3")


def event_time(calendar: Calendar, sentence: Sentence, trigger: Span, cameo: str = "",
               planned: bool = False) -> TimeValue | None:
    inside = calendar.inside(sentence.span)
    if planned:
        inside = [_ahead(calendar, t) for t in inside]
    # A done deed has no date after publication; a plan none long before it ("sẽ thảo luận … sau
    # thỏa thuận năm ngoái": last year is the earlier agreement's).
    impossible = _long_past if planned else _not_yet
    inside = [t for t in inside if not impossible(calendar, t)]
    inside = [t for t in inside if not past_of_what_is_said(t, cameo)]
    after = [t for t in inside if t.evidence.start >= trigger.end]
    before = [t for t in inside if t.evidence.end <= trigger.start]
    if before and after and after[0].evidence.start - trigger.end > _DATE_REACH:
        # "Chiều 12/3, X chủ trì lễ đón Y nhân dịp ông thăm … từ ngày 11 đến 13/3": a date far after the
        # trigger belongs to a later clause; the sentence's opening date is the trigger's
        after = []
    if after and (planned or not cameo.startswith(_VERBAL_ROOTS)
                  or _signed_on(calendar.document, cameo, trigger, after[0])):
        return after[0]
    if before:
        return before[-1]
    if says_same_day(sentence):
        return calendar.same_day(sentence) or calendar.anchor
    return calendar.latest(sentence) or calendar.anchor
