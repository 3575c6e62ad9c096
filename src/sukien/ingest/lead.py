"""What opens an article: its title line, which is analysed like any other, and a byline
date, which is not.

Every reader hands the pipeline a body that starts with the article's title (titles
carry news: "Thủ tướng hội đàm với …" is often the only sentence that names both sides),
as the development corpus does, and never the title twice. A byline ("Thứ năm,
16/4/2026, 10:30 (GMT+7)") is the publication date: the anchor for "hôm qua", never the
date of an event the text dates otherwise, so readers keep it as ``published`` and out
of the analysed text.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from sukien.normalize import normalize_text

# How many of a body's first lines may hold its title (after a kicker such as "Thế giới").
TITLE_LINES = 3
# Where a page puts its byline: among its first lines, or its last.
LEADING_LINES, TRAILING_LINES = 4, 2

_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|cn|t[2-7])"
_NUMERIC_DATE = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})"
_WORDED_DATE = r"ngày\s*(?P<wd>\d{1,2})\s*tháng\s*(?P<wm>\d{1,2})\s*năm\s*(?P<wy>(?:19|20)\d{2})"
_ISO_DATE = r"(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2})(?:t[\d:.]+(?:z|[+-]\d{2}:?\d{2})?)?"
_DATE = re.compile(f"{_ISO_DATE}|{_NUMERIC_DATE}|{_WORDED_DATE}")
_TIME = r"\d{1,2}\s*[:hg]\s*\d{2}(?:\s*[:]\s*\d{2})?(?:\s*(?:am|pm|sa|ch))?"
_ZONE = r"(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d{2})?"
_LABEL = r"(?:cập\s*nhật|ngày\s*đăng|đăng\s*ngày|đăng\s*lúc|đăng|thời\s*gian|xuất\s*bản|published|updated)\s*:?"
_OTHER_PARTS = re.compile(f"{_WEEKDAY}|{_TIME}|{_ZONE}|{_LABEL}|ngày")
_SEPARATORS = set(" \t,;|/-–—·•()[]:.")


def byline_date(line: str) -> date | None:
    """The date of a line that holds nothing but a date (with its weekday, time, time zone
    and a label such as "Cập nhật:"), else None: "Thứ năm, 16/4/2026" → 2026-04-16."""
    folded = unicodedata.normalize("NFC", line).casefold().strip()
    if not folded or len(folded) > 80:
        return None
    found = _DATE.search(folded)
    if found is None:
        return None
    rest = _OTHER_PARTS.sub(" ", folded[: found.start()] + " " + folded[found.end():])
    if not set(rest) <= _SEPARATORS:
        return None
    return _valid_date(found)


def _valid_date(found: re.Match[str]) -> date | None:
    parts = found.groupdict()
    for year, month, day in (("iy", "im", "id"), ("y", "m", "d"), ("wy", "wm", "wd")):
        if parts[year]:
            try:
                return date(int(parts[year]), int(parts[month]), int(parts[day]))
            except ValueError:
                return None
    return None


def without_byline(text: str) -> tuple[str, date | None]:
    """``text`` less its byline lines (among the first and last lines), and the byline's
    date (the first one found)."""
    lines = text.split("\n")
    edges = set(range(min(LEADING_LINES, len(lines)))) | set(range(max(0, len(lines) - TRAILING_LINES), len(lines)))
    found: date | None = None
    kept = []
    for number, line in enumerate(lines):
        day = byline_date(line) if number in edges else None
        if day is None:
            kept.append(line)
        elif found is None:
            found = day
    return "\n".join(kept).strip("\n"), found


def with_title(title: str, body: str) -> str:
    """``body`` starting with its title line: as it is when it already holds the title
    (at its start or as one of its first lines), else the title, a newline, the body."""
    key = _key(title)
    if not key:
        return body
    if _key(body[: len(title) * 2 + 64]).startswith(key):
        return body
    first_lines = [line for line in body.split("\n", TITLE_LINES * 2)[: TITLE_LINES * 2] if line.strip()]
    if any(_key(line) == key for line in first_lines[:TITLE_LINES]):
        return body
    return f"{title}\n{body}"


def _key(text: str) -> str:
    """Text compared as a reader would: one Unicode form and tone-mark convention, no
    invisible characters, one space, any case."""
    return " ".join(normalize_text(text)[0].split()).casefold()
