"""Find Vietnamese time expressions and resolve them against the publication date.

``find_times`` runs the patterns of ``date_grammar`` over a text, resolves every match
to an ISO day range (``TimeValue``) and keeps the longest matches that do not overlap.
A missing year is taken from the publication date: news reports past events and ones
up to about two months ahead, so "ngày 30/12" in an article of 3 January 2025 is
30 December 2024. Without a publication date such expressions keep their evidence but
no dates. Everything here is a pure function of its arguments; no dateparser on this
path, which must keep up with thousands of sentences a second.
"""
from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sukien.model import Span, TimeValue
from sukien.normalize.case import folds_as_re, lowered_window
from sukien.resolve import date_grammar as g

__all__ = ["find_times", "RELATIVE", "HISTORICAL"]

RELATIVE = "relative"  # resolved from the publication date: "hôm qua", "năm ngoái"
HISTORICAL = "historical"  # a stated time well before publication: "năm 2019" in 2025

_AHEAD = timedelta(days=62)  # how far after publication an undated day may fall
_HISTORICAL_GAP = timedelta(days=365)
_MIN_YEAR, _MAX_YEAR = 1000, 2200  # a written year outside this is not a year
_MAX_SPAN_DAYS = 370  # "ngày 1/1 - 31/12" at most; longer day ranges are misreadings


class _Found(NamedTuple):
    start: date | None
    end: date | None
    granularity: str
    relation: str | None = None


_Handler = Callable[[re.Match[str], str, "date | None"], "_Found | None"]


# ---------------------------------------------------------------- small helpers


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _valid_day_month(day: int, month: int) -> bool:
    """Checked against a leap year, so "29/2" stays possible until the year is known."""
    return 1 <= month <= 12 and 1 <= day <= _last_day(2000, month)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _month_range(year: int, month: int, part: str | None = None) -> tuple[date, date]:
    """The whole month, or its first, middle or last ten days (đầu, giữa, cuối)."""
    last = _last_day(year, month)
    first_day, last_day = {
        "đầu": (1, 10), "thượng tuần": (1, 10), "giữa": (11, 20), "trung tuần": (11, 20),
        "cuối": (21, last), "hạ tuần": (21, last),
    }.get(part or "", (1, last))
    return date(year, month, first_day), date(year, month, last_day)


def _stated(end: date, published: date | None) -> str | None:
    """The relation of a time whose year is written: historical when long past."""
    return None if published is None or end >= published - _HISTORICAL_GAP else HISTORICAL


def _explicit(start: date, end: date, granularity: str, published: date | None) -> _Found:
    return _Found(start, end, granularity, _stated(end, published))


def _infer_year(month: int, day: int, published: date) -> int | None:
    """The latest year that puts the day no more than ~2 months after publication."""
    for year in range(published.year + 1, published.year - 5, -1):
        if day <= _last_day(year, month) and date(year, month, day) <= published + _AHEAD:
            return year
    return None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# ---------------------------------------------------------------- days


def _one_day(day: int, month: int | None, year: int | None, published: date | None) -> _Found | None:
    if month is None or not _valid_day_month(day, month):
        return None
    if year is not None:
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            return None
        when = date(year, month, day)
        return _explicit(when, when, "day", published)
    if published is None:
        return _Found(None, None, "day")
    year = _infer_year(month, day, published)
    return None if year is None else _Found(date(year, month, day), date(year, month, day), "day")


def _on_date(m: re.Match[str], text: str, published: date | None) -> _Found | None:
    day, month, year = g.read_day_month(m, "")
    if year is None and not (m.group("pod") or m.group("wd") or m.group("lead")):
        if not g.bare_ok(m, text, m.group("sep")):
            return None
    return _one_day(day, month, year, published)


def _on_day_range(m: re.Match[str], text: str, published: date | None) -> _Found | None:
    """"20-22/10", "từ ngày 9 đến ngày 11/10", "30/9 - 2/10", "28/12/2024 - 2/1/2025"."""
    conn = (m.group("conn") or "").lower()
    first_month = g.month_number(m.group("m1") or m.group("mw1"))
    if conn == "và" and first_month is not None:
        return None  # "ngày 1/10 và ngày 15/10" names two days, not the days between
    if not g.bare_ok(m, text, None):
        return None
    d2, m2, y2 = g.read_day_month(m, "2")
    d1, m1 = int(m.group("d1")), first_month or m2
    y1 = int(m.group("y1")) if m.group("y1") else None
    if m2 is None or not (_valid_day_month(d1, m1) and _valid_day_month(d2, m2)):
        return None
    wraps = int((m1, d1) > (m2, d2))  # "28/12 - 2/1" runs into the next year
    return _day_span(d1, m1, y1, d2, m2, y2, wraps, published)


def _day_span(
    d1: int, m1: int, y1: int | None, d2: int, m2: int, y2: int | None, wraps: int,
    published: date | None,
) -> _Found | None:
    stated = y1 is not None or y2 is not None
    if y2 is None and y1 is not None:
        y2 = y1 + wraps
    if y2 is not None:
        y1 = y2 - wraps if y1 is None else y1
    elif published is None:
        return _Found(None, None, "range")
    else:
        y1 = _infer_year(m1, d1, published)
        if y1 is None:
            return None
        y2 = y1 + wraps
    if not (_MIN_YEAR <= y1 <= y2 <= _MAX_YEAR):
        return None
    start, end = date(y1, m1, d1), date(y2, m2, d2)
    if not 0 < (end - start).days <= _MAX_SPAN_DAYS:
        return None
    return _explicit(start, end, "range", published) if stated else _Found(start, end, "range")


def _on_day_only(m: re.Match[str], text: str, published: date | None) -> _Found | None:
    """"Ngày 9, ..." names a day of the publication month (or a neighbouring one)."""
    after = g.NEXT_WORD.match(text, m.end())
    char, word = after.group(1), after.group(2).lower()
    if not (char == "" or char in ",;:)" or char.isupper() or word in g.AFTER_DAY_ONLY):
        if not (char == "." and not text[m.end() + 1 : m.end() + 2].isdigit()):
            return None
    if g.prev_word(text, m.start()) in g.QUANTIFIERS:
        return None
    day = int(m.group("d"))
    if not 1 <= day <= 31:
        return None
    if published is None:
        return _Found(None, None, "day")
    candidates = []
    for by in (-1, 0, 1):
        year, month = _shift_month(published.year, published.month, by)
        if day <= _last_day(year, month):
            delta = (date(year, month, day) - published).days
            candidates.append((-delta if delta <= 0 else 2 * delta, date(year, month, day)))
    if not candidates:
        return None
    when = min(candidates)[1]  # the nearest, with days ahead counting double
    return _Found(when, when, "day")


def _on_relative_day(m: re.Match[str], text: str, published: date | None) -> _Found | None:
    """"hôm nay", "sáng qua", "hôm kia" (two days back), "ngày kia" (two days ahead)."""
    word = (m.group("rel") or m.group("rel2") or m.group("rel3")).lower()
    offset = {"nay": 0, "qua": -1, "mai": 1}.get(word, -2 if m.group("rel2") else 2)
    if published is None:
        return _Found(None, None, "day", RELATIVE)
    when = published + timedelta(days=offset)
    return _Found(when, when, "day", RELATIVE)


def _on_weekday(m: re.Match[str], text: str, published: date | None) -> _Found | None:
    """A weekday placed by a week ("thứ Hai tuần trước") or a lead-in ("hôm thứ Ba")."""
    week = " ".join((m.group("wk") or "").lower().split())
    name = m.group("wd").split()
    sunday = name[0].lower() == "chủ"
    unambiguous = sunday or not name[-1].islower()  # "Thứ Hai", "thứ 2", "chủ nhật"
    if not (week or m.group("pre") or (m.group("vao") is not None and unambiguous)):
        return None  # "thứ hai" alone, or "xếp vào thứ hai", is "second", not Monday
    weekday = 6 if sunday else g.WEEKDAYS[name[1].lower()]
    if published is None:
        return _Found(None, None, "day", RELATIVE)
    back = (published.weekday() - weekday) % 7
    when = {
        "tuần trước": _monday(published) - timedelta(days=7 - weekday),
        "tuần qua": _monday(published) - timedelta(days=7 - weekday),
        "tuần này": _monday(published) + timedelta(days=weekday),
        "này": _monday(published) + timedelta(days=weekday),
        "tuần tới": _monday(published) + timedelta(days=7 + weekday),
        "tuần sau": _monday(published) + timedelta(days=7 + weekday),
        "tới": published + timedelta(days=(weekday - published.weekday()) % 7 or 7),
        "vừa qua": published - timedelta(days=back or 7),
    }.get(week, published - timedelta(days=back))
    return _Found(when, when, "day", RELATIVE)


# ---------------------------------------------------------------- weeks, months


def _on_week(m: re.Match[str], text: str, published: date | None) -> _Found | None:
    """"tuần trước" (last calendar week), "cuối tuần qua" (last weekend), "tuần tới"."""
    if g.quantified(text, m.start()):
        return None
    if published is None:
        return _Found(None, None, "range", RELATIVE)
    rel, part = m.group("rel").lower(), g.read_part(m)
    if rel == "qua" and part is None:  # "tuần qua": the seven days up to publication
        return _Found(published - timedelta(days=6), published, "range", RELATIVE)
    monday = _monday(published) + timedelta(days={"trước": -7, "qua": -7, "này": 0}.get(rel, 7))
    first, last = {"đầu": (0, 1), "giữa": (2, 3), "cuối": (5, 6)}.get(part or "", (0, 6))
    start, end = monday + timedelta(days=first), monday + timedelta(days=last)
    return _Found(start, end, "range", RELATIVE)


def _month_year(m: re.Match[str], month: int, published: date) -> int | None:
    """The year of "tháng 10", "tháng 10 tới", "tháng 10 vừa qua", "tháng 10 năm ngoái"."""
    if m.group("yrel"):
        return published.year + g.YEAR_OFFSETS[m.group("yrel").lower()]
    mrel = " ".join((m.group("mrel") or "").lower().split())
    now = (published.year, published.month)
    if mrel in ("tới", "sắp tới"):
        return published.year if (published.year, month) > now else published.year + 1
    if mrel in ("vừa qua", "qua", "trước"):
        return published.year if (published.year, month) <= now else published.year - 1
    return _infer_year(month, 1, published)


def _on_month(m: re.Match[str], text: str, published: date | None) -> _Found | None:
    part = g.read_part(m)
    granularity = "range" if part else "month"
    if m.group("rel"):
        if g.quantified(text, m.start()):
            return None
        if published is None:
            return _Found(None, None, granularity, RELATIVE)
        by = {"trước": -1, "này": 0}.get(m.group("rel").lower(), 1)
        return _Found(*_month_range(*_shift_month(published.year, published.month, by), part),
                      granularity, RELATIVE)
    month = g.month_number(m.group("m"))
    if month is None or not 1 <= month <= 12 or g.prev_word(text, m.start()) == "mạng":
        return None  # "Cách mạng tháng Mười" is the revolution, not a month
    relation = RELATIVE if m.group("yrel") else None
    if m.group("y"):
        year = int(m.group("y"))
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            return None
        return _explicit(*_month_range(year, month, part), granularity, published)
    if published is None:
        return _Found(None, None, granularity, relation)
    year = _month_year(m, month, published)
    return None if year is None else _Found(*_month_range(year, month, part), granularity, relation)


# ---------------------------------------------------------------- years and longer


def _years(first: int, last: int, part: str | None) -> tuple[date, date, str]:
    if part:
        (m1, d1), (m2, d2) = g.YEAR_PARTS[part]
        return date(first, m1, d1), date(last, m2, d2), "range"
    return date(first, 1, 1), date(last, 12, 31), "year" if first == last else "range"


def _on_year(m: re.Match[str], text: str, published: date | None) -> _Found | None:
    part = g.read_part(m)
    if m.group("rel"):
        if g.quantified(text, m.start()):
            return None
        if published is None:
            return _Found(None, None, "range" if part else "year", RELATIVE)
        year = published.year + g.YEAR_OFFSETS[m.group("rel").lower()]
        return _Found(*_years(year, year, part), RELATIVE)
    first = int(m.group("y") or m.group("yb") or m.group("ys"))
    last = int(m.group("y2") or m.group("ye") or first)
    low = 1800 if m.group("yb") else _MIN_YEAR  # "vào 2019": only a plausible year
    if not (low <= first <= last <= _MAX_YEAR and last - first <= 100):
        return None
    if m.group("yb") and g.UNIT_AFTER.match(text, m.end()):
        return None
    if last == first and m.group("y2"):
        return None  # "năm 2019-2019"
    start, end, granularity = _years(first, last, part)
    return _explicit(start, end, granularity, published)


def _on_decade(m: re.Match[str], text: str, published: date | None) -> _Found | None:
    """"thập niên 1960-1970" runs from 1960-01-01 to 1979-12-31."""
    first = g.decade_year(m.group("y"))
    last = g.decade_year(m.group("y2")) if m.group("y2") else first
    if first % 10 or last % 10 or not _MIN_YEAR <= first <= last <= _MAX_YEAR:
        return None
    if m.group("y2") and last == first:
        return None
    part = g.read_part(m)
    if part and last == first:
        low, high = g.DECADE_PARTS[part]
        return _explicit(date(first + low, 1, 1), date(first + high, 12, 31), "range", published)
    return _explicit(date(first, 1, 1), date(last + 9, 12, 31), "decade", published)


def _on_century(m: re.Match[str], text: str, published: date | None) -> _Found | None:
    part, relation = g.read_part(m), None
    if m.group("rel"):
        if published is None:
            return _Found(None, None, "century", RELATIVE)
        number = (published.year - 1) // 100 + 1 - (m.group("rel").lower() == "trước")
        relation = RELATIVE
    else:
        raw = m.group("n")
        number = int(raw) if raw.isdigit() else g.roman_number(raw)
    if number is None or not 1 <= number <= 22:
        return None
    first = (number - 1) * 100 + 1
    low, high = g.CENTURY_PARTS.get(part or "", (0, 99))
    start, end = date(first + low, 1, 1), date(first + high, 12, 31)
    granularity = "range" if part else "century"
    return _Found(start, end, granularity, relation or _stated(end, published))


def _on_ago(m: re.Match[str], text: str, published: date | None) -> _Found | None:
    """"3 ngày trước", "2 tuần trước" (that week), "cách đây 5 năm" (that year)."""
    raw, unit = (m.group("n") or m.group("n2")).lower(), (m.group("u") or m.group("u2")).lower()
    count = int(raw) if raw.isdigit() else g.NUMBER_WORDS[raw]
    granularity = {"ngày": "day", "tuần": "range", "tháng": "month", "năm": "year"}[unit]
    if published is None:
        return _Found(None, None, granularity, RELATIVE)
    if unit == "ngày":
        when = published - timedelta(days=count)
        return _Found(when, when, granularity, RELATIVE)
    if unit == "tuần":
        monday = _monday(published - timedelta(days=7 * count))
        return _Found(monday, monday + timedelta(days=6), granularity, RELATIVE)
    if unit == "tháng":
        year, month = _shift_month(published.year, published.month, -count)
        return _Found(*_month_range(year, month), granularity, RELATIVE)
    year = published.year - count
    return _Found(date(year, 1, 1), date(year, 12, 31), granularity, RELATIVE)


# ---------------------------------------------------------------- the finder

# Each rule: a pattern, its resolver, and what the text must hold for the pattern to
# have a chance (a regex that starts with a digit, which re scans for fast; one of some
# words; a phrase every match contains, searched for in the lowercased text, where a
# case-sensitive search is fast). Checking that first skips most patterns for most sentences.
_DIGIT = re.compile(r"\d")
_DAY_MONTH = re.compile(r"\d(?:[/.\-]\d|\s+tháng)", re.I)  # the digit first: the search skips to digits
_PARTS_OF_DAY = ("ngày", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "khuya")
_POD_LAST = r"sáng|sớm|trưa|chiều|tối|đêm|khuya"  # the last word of every part of the day
_WEEKDAY_PHRASE = r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật"
_DAY_ONLY_PHRASE = re.compile(rf"(?:{_POD_LAST}|ngày|hôm|mùng|mồng)\s+\d")
_RELATIVE_PHRASE = re.compile(rf"(?:{_POD_LAST}|hôm|ngày)\s+(?:nay|qua|mai|kia)")
_WEEK_PHRASE = re.compile(r"tuần\s+(?:trước|qua|này|tới|sau)")
_MONTH_PHRASE = re.compile(r"tháng\s+(?:\d|mười|một|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|trước|này|tới|sau)")
_DECADE_PHRASE = re.compile(r"(?:thập\s+(?:niên|kỷ|kỉ)|những\s+năm)\s+\d")
_CENTURY_PHRASE = re.compile(r"thế\s+(?:kỷ|kỉ)\s")
_AGO_PHRASE = re.compile(r"cách\s+đây|(?:ngày|tuần|tháng|năm)\s+(?:về\s+)?trước")
_Rule = tuple[re.Pattern[str], _Handler, "re.Pattern[str] | None", tuple[str, ...], "re.Pattern[str] | None"]
_RULES: tuple[_Rule, ...] = (
    (g.DAY_RANGE, _on_day_range, _DAY_MONTH, (), None),
    (g.DATE, _on_date, _DAY_MONTH, (), None),
    (g.DAY_ONLY, _on_day_only, _DIGIT, _PARTS_OF_DAY, _DAY_ONLY_PHRASE),
    (g.RELATIVE_DAY, _on_relative_day, None, ("nay", "qua", "mai", "kia"), _RELATIVE_PHRASE),
    (g.WEEKDAY, _on_weekday, None, ("thứ", "chủ nhật"), re.compile(_WEEKDAY_PHRASE)),
    (g.WEEK, _on_week, None, ("tuần",), _WEEK_PHRASE),
    (g.MONTH, _on_month, None, ("tháng",), _MONTH_PHRASE),
    (g.YEAR, _on_year, None, ("năm", "hồi", "vào", "giai", "nhiệm", "niên"), None),
    (g.DECADE, _on_decade, _DIGIT, ("thập", "những"), _DECADE_PHRASE),
    (g.CENTURY, _on_century, None, ("kỷ", "kỉ"), _CENTURY_PHRASE),
    (g.AGO, _on_ago, None, ("trước", "cách"), _AGO_PHRASE),
)


# The clue whose pieces a rule's pattern searches, where not its phrase (or, without one,
# its gate): the cheapest on news text, counting the search for the clue and then the
# search of the pieces it is in.
_BY_WORDS = frozenset({g.DAY_ONLY, g.WEEK, g.YEAR, g.DECADE, g.AGO})


def _clue(pattern: re.Pattern[str], gate: re.Pattern[str] | None, words: tuple[str, ...],
          phrase: re.Pattern[str] | None) -> tuple[re.Pattern[str] | tuple[str, ...], bool]:
    """What every match of ``pattern`` holds, and whether to look for it in the lowercased text."""
    if pattern in _BY_WORDS or (phrase is None and gate is None):
        return words, True
    return (phrase, True) if phrase is not None else (gate, False)


def _resolve(handler: _Handler, m: re.Match[str], text: str, published: date | None) -> _Found | None:
    """A match that cannot be a real date (31/2, year 0) is dropped, never raised."""
    try:
        return handler(m, text, published)
    except (ValueError, OverflowError):  # date() out of range, or no such day
        return None


def _longest_first(found: list[tuple[int, int, _Found]]) -> list[tuple[int, int, _Found]]:
    """Keep the longest matches that do not overlap, returned in text order.

    Kept matches stay sorted by start, so each candidate is checked against its two
    neighbours only; a body full of dates stays linear-logarithmic, not quadratic.
    """
    kept: list[tuple[int, int, _Found]] = []
    starts: list[int] = []
    for item in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        i = bisect.bisect_left(starts, item[0])
        if (i == 0 or kept[i - 1][1] <= item[0]) and (i == len(kept) or item[1] <= kept[i][0]):
            kept.insert(i, item)
            starts.insert(i, item[0])
    return kept


def find_times(text: str, published: date | None, *, base: int = 0) -> list[TimeValue]:
    """Every time expression in ``text``, resolved against ``published``.

    Evidence spans are offsets into ``text`` shifted by ``base`` (the position of
    ``text`` in its document), sorted by position and never overlapping.
    """
    if isinstance(published, datetime):
        published = published.date()  # a datetime does not compare with the dates built here
    lowered = lowered_window(text, 0, len(text))  # the events stage cuts its windows out of it
    phrases_hold = folds_as_re(text)  # else the lowercased phrases prove nothing
    # With the lowercased text aligned on the text, each pattern searches only the pieces
    # that hold what its matches must contain.
    pieces = g.Pieces(text, lowered) if phrases_hold and len(lowered) == len(text) else None
    gates: dict[re.Pattern[str] | None, bool] = {None: True}  # each gate searched once
    found = []
    for pattern, handler, gate, words, phrase in _RULES:
        if words and not any(w in lowered for w in words):
            continue
        if pieces is not None:
            matches = pieces.search(pattern, *_clue(pattern, gate, words, phrase))
        else:
            if phrase is not None and phrases_hold and phrase.search(lowered) is None:
                continue
            if gate not in gates:
                gates[gate] = gate.search(text) is not None
            if not gates[gate]:
                continue
            matches = pattern.finditer(text)
        for m in matches:
            value = _resolve(handler, m, text, published)
            if value is not None:
                found.append((m.start(), m.end(), value))
    return [
        TimeValue(v.start, v.end, v.granularity, Span(s + base, e + base, text[s:e]), v.relation)
        for s, e, v in _longest_first(found)
    ]
