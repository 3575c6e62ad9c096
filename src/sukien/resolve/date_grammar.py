"""The grammar of Vietnamese time expressions: a few precompiled patterns with named groups.

Each pattern covers one family of expressions ("ngày 9/10", "sáng nay", "tháng 10/2025",
"thập niên 1960-1970", ...); ``dates.py`` turns the groups into dates. Patterns are
case-insensitive because news writes "Sáng nay", "sáng Nay" and "SÁNG NAY" alike; month
names written as words are the exception: only the capital tells "tháng Năm" (May) from
"tháng, năm" (month, year), so they are matched case-sensitively.

The second half reads matches: the context words that veto a bare number ("số 9/10",
"9/10 thành viên") or a quantified "năm tới" ("5 năm tới"), and the group readers.
Last, ``Pieces`` lets a pattern search only the parts of a text that can hold a match.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

# Words for numbers, weekdays and months, as they appear in the press.
NUMBER_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
}
# Monday is 0 as in date.weekday(); "thứ Hai" is the first day of the Vietnamese week.
WEEKDAYS = {
    "hai": 0, "2": 0, "ba": 1, "3": 1, "tư": 2, "4": 2, "năm": 3, "5": 3,
    "sáu": 4, "6": 4, "bảy": 5, "7": 5, "chủ nhật": 6,
}
MONTH_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
    "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
}

# Start and end guards: a time expression never continues a word, a number or a decimal.
# Each pattern opens with a look-ahead for the letters it can start with, before
# _START: a one-character test that lets the engine skip most positions cheaply.
_START = r"(?<![\w.,/\-])"
_END = r"(?!\w)"
_WS = r"\s+"

# Parts of the day, kept in the evidence ("sáng 9/10") but not in the date.
_POD = r"rạng\s+sáng|sáng\s+sớm|sáng|trưa|chiều|tối|đêm|khuya|nửa\s+đêm"
# A weekday: "thứ Hai", "thứ 2", "Chủ nhật".
_WEEKDAY = r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])(?!\w)|chủ\s+nhật(?!\w)"
# A month written as a word, capitalized ("tháng Mười", "tháng Mười Một").
_MONTH_WORD = (
    r"(?-i:Mười(?:\s+[Mm]ột|\s+[Hh]ai)?|Một|Hai|Ba|Tư|Bốn|Năm|Sáu|Bảy|Tám|Chín)(?!\w)"
)
# A day named relative to publication, when a date follows it: "hôm qua (8/5)".
_NAMED_DAY = rf"(?:(?:{_POD})\s+|(?:ngày\s+)?hôm\s+)(?:nay|qua)(?!\w)"
_NUMBER = r"\d{1,3}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười"
_ABOUT = r"(?:(?:khoảng|chừng|gần|hơn|đúng|tròn)\s+)?"


def day_month(s: str) -> str:
    """A day and month with an optional year; group names end in ``s``.

    Numeric forms need one separator used throughout ("9/10/2025", "9-10-2025",
    "9.10"), so "9/10-2025" or a decimal "3.5,2" is not taken for a date.
    """
    numeric = (
        rf"(?P<d{s}>\d{{1,2}})(?P<sep{s}>[/.\-])(?P<m{s}>\d{{1,2}})"
        rf"(?:(?P=sep{s})(?P<y{s}>\d{{4}}))?(?![/.\-]?\d)"
        rf"(?:\s*,?\s+năm\s+(?P<ny{s}>\d{{4}})(?!\d))?"
    )
    words = (
        rf"(?P<dw{s}>\d{{1,2}})\s+tháng\s+(?P<mw{s}>\d{{1,2}}(?!\d)|{_MONTH_WORD})"
        rf"(?:(?:\s*,?\s+năm\s+|\s*/\s*)(?P<yw{s}>\d{{4}})(?!\d))?"
    )
    return rf"(?:{numeric}|{words})"


# One day: "ngày 9/10", "sáng thứ Hai (9/10)", "9 tháng 10 năm 2025", "ngày mùng 2/9".
DATE = re.compile(
    r"(?=[\drstcđknhm])"
    + _START
    + rf"(?:(?P<pod>{_POD}){_WS})?"
    + rf"(?:(?P<wd>{_WEEKDAY}|{_NAMED_DAY})(?:\s*(?P<br>\()|\s*,|\s)\s*)?"
    + r"(?:(?P<lead>ngày|hôm|mùng|mồng)\s+){0,2}"
    + day_month("")
    + r"(?(br)\s*\))"
    + r"(?!%|\s*%)",
    re.I,
)

# A run of days: "ngày 20-22/10", "từ ngày 9 đến ngày 11/10", "30/9 - 2/10", "28/6 đến 1/7".
DAY_RANGE = re.compile(
    r"(?=[\drstcđknhm])"
    + _START
    + r"(?:từ\s+)?"
    + rf"(?:(?:{_POD}){_WS})?"
    + r"(?:(?:ngày|hôm|mùng|mồng)\s+){0,2}"
    + r"(?P<d1>\d{1,2})(?:(?P<s1>[/.])(?P<m1>\d{1,2})(?:(?P=s1)(?P<y1>\d{4}))?"
    + rf"|\s+tháng\s+(?P<mw1>\d{{1,2}}(?!\d)|{_MONTH_WORD}))?(?![/.]?\d)"
    + r"(?:\s*[-–—]\s*|\s+(?P<conn>đến|tới|cho\s+đến|và)\s+)"
    + r"(?:(?:ngày|mùng|mồng)\s+){0,2}"
    + day_month("2"),
    re.I,
)

# A day of the month alone: "ngày 9", "sáng 9" (month and year from the publication date).
DAY_ONLY = re.compile(
    r"(?=[rstcđknh])"
    + _START
    + rf"(?:(?P<pod>{_POD})\s+(?:ngày\s+)?|(?:ngày|hôm)\s+)(?:(?:mùng|mồng)\s+)?"
    + r"(?P<d>\d{1,2})(?![\d/.\-:]\d|\d|\s*(?:h|g|giờ|tiếng|phút)(?!\w))"
    + r"(?!\s+(?:tháng|ngày|tuần|năm|lần|người)(?!\w))",
    re.I,
)

# Relative days: "hôm nay", "hôm qua", "hôm kia", "ngày mai", "sáng nay", "đêm qua".
RELATIVE_DAY = re.compile(
    r"(?=[rstcđknh])"
    + _START
    + r"(?:"
    + rf"(?:{_POD})\s+(?:(?:ngày\s+)?hôm\s+)?(?P<rel>nay|qua|mai)"
    + r"|(?:ngày\s+)?hôm\s+(?P<rel2>nay|qua|kia)"
    + r"|ngày\s+(?P<rel3>mai|kia)"
    + r")"
    + _END,
    re.I,
)

# A weekday with something that places it: "thứ hai tuần trước", "hôm thứ Ba", "chiều thứ Sáu".
WEEKDAY = re.compile(
    r"(?=[rstcđknh])"
    + _START
    + rf"(?:(?P<pre>{_POD}|hôm){_WS}|(?<=vào\s)(?P<vao>))?"  # "vào" licenses, is not evidence
    + rf"(?P<wd>{_WEEKDAY})"
    + r"(?:\s+(?P<wk>tuần\s+(?:trước|qua|này|tới|sau)|vừa\s+qua|tới|này)(?!\s+đó))?"
    + _END,
    re.I,
)

# Weeks: "tuần trước", "tuần tới", "cuối tuần qua", "đầu tuần này".
WEEK = re.compile(
    r"(?=[đgct])"
    + _START
    + r"(?:(?P<part>đầu|giữa|cuối)\s+)?tuần\s+(?P<rel>trước|qua|này|tới|sau)"
    + r"(?!\s+(?:đó|nữa))"
    + _END,
    re.I,
)

# Months: "tháng 10", "tháng 10/2025", "cuối tháng 6", "tháng 12 năm ngoái", "tháng trước".
MONTH = re.compile(
    r"(?=[đgcth])"
    + _START
    + r"(?:(?P<part>đầu|giữa|cuối|thượng\s+tuần|trung\s+tuần|hạ\s+tuần)\s+)?tháng\s+"
    + r"(?:"
    + rf"(?P<m>\d{{1,2}}(?!\d)|{_MONTH_WORD})"
    + r"(?:(?:\s*[/\-]\s*|\s*,?\s+năm\s+)(?P<y>\d{4})(?!\d)"
    + r"|\s+năm\s+(?P<yrel>nay|ngoái|trước|tới|sau)(?!\s+đó)"
    + r"|\s+(?P<mrel>tới|sắp\s+tới|này|vừa\s+qua|qua|trước)(?!\s+đó))?"
    + r"|(?P<rel>trước|này|tới|sau)(?!\s+(?:đó|nữa))"
    + r")"
    + _END,
    re.I,
)

# Years: "năm 2019", "hồi 2019", "cuối năm 2019", "năm 2019-2020", "năm 2019 đến năm 2021",
# "năm ngoái", "giai đoạn 2021-2025".
YEAR = re.compile(
    r"(?=[nđgchv])"
    + _START
    + r"(?:"
    + r"(?:(?P<part>nửa\s+đầu|nửa\s+cuối|nửa\s+sau|đầu|giữa|cuối)\s+)?năm\s+"
    + r"(?:(?P<y>\d{4})(?:(?:\s*[-–]\s*|\s+(?:đến|tới)\s+(?:năm\s+)?)(?P<y2>\d{4}))?(?![\d.,]\d)"
    + r"|(?P<rel>nay|ngoái|trước|tới|sau|kia)(?!\s+(?:đó|nữa|đây)))"
    + r"|(?P<pre>hồi|vào)\s+(?P<yb>\d{4})(?![\d.,]\d|\s*%)"
    + r"|(?:giai\s+đoạn|nhiệm\s+kỳ|niên\s+khóa|niên\s+khoá)\s+(?P<ys>\d{4})\s*[-–]\s*(?P<ye>\d{4})"
    + r")"
    + _END,
    re.I,
)

# Decades: "thập niên 1960", "thập niên 1960-1970", "những năm 1990", "những năm 80".
DECADE = re.compile(
    r"(?=[đgctn])"
    + _START
    + r"(?:(?P<part>đầu|giữa|cuối)\s+)?(?:thập\s+(?:niên|kỷ|kỉ)|những\s+năm)\s+"
    + r"(?P<y>\d{4}|\d{2})(?:\s*(?:[-–]|đến|và)\s*(?P<y2>\d{4}|\d{2}))?(?!\d|\s+tuổi)"
    + r"(?:\s+(?:của\s+)?thế\s+(?:kỷ|kỉ)\s+(?:trước|XX|20)(?!\w))?"
    + _END,
    re.I,
)

# Centuries: "thế kỷ 19", "thế kỷ XIX", "thế kỉ thứ 21", "đầu thế kỷ 20", "thế kỷ trước".
CENTURY = re.compile(
    r"(?=[đgct])"
    + _START
    + r"(?:(?P<part>đầu|giữa|cuối)\s+)?thế\s+(?:kỷ|kỉ)\s+"
    + r"(?:(?:thứ\s+)?(?P<n>\d{1,2}(?!\d)|(?-i:[IVXL]+)(?!\w))|(?P<rel>trước|này)(?!\s+đó))"
    + _END,
    re.I,
)

# Counted back from publication: "3 ngày trước", "2 tuần trước", "cách đây 5 năm".
AGO = re.compile(
    r"(?=[\dcgkhđtmbns])"
    + _START
    + r"(?:"
    + rf"cách\s+đây\s+{_ABOUT}(?P<n>{_NUMBER})\s+(?P<u>ngày|tuần|tháng|năm)(?:\s+(?:về\s+)?trước)?"
    + rf"|{_ABOUT}(?P<n2>{_NUMBER})\s+(?P<u2>ngày|tuần|tháng|năm)\s+(?:về\s+)?trước"
    + r"(?!\s+(?:đó|khi|ngày|lễ|cuộc|thời|hạn|kỳ|hội|chuyến|sự|phiên|khai|bầu|đây\s+\d))"
    + r")"
    + _END,
    re.I,
)


# ---------------------------------------------------------------- context and reading

# Words before a bare number that make it a section, address or ratio, not a date.
NOT_BEFORE_BARE = frozenset(
    "số điều khoản mục chương lớp phòng đường hẻm ngõ kiệt nhà lệ tỷ tỉ lúc khoảng "
    "bản version tập kỳ hạng trang quyết định thông tư nghị chỉ thị".split()
)
# Units after a bare number that make it a quantity: "3.5 tỷ", "9/10 thành viên".
UNIT_AFTER = re.compile(
    r"\s*(?:%|phần\s+trăm|tỷ|tỉ|triệu|nghìn|ngàn|usd|đô|euro|lần|km|kg|tấn|độ|điểm|giờ|"
    r"phút|người|thành\s+viên|quốc\s+gia|nước|phiếu|trường\s+hợp|số|ca)(?!\w)",
    re.I,
)
# Words before "năm tới", "tuần qua", "tháng trước" that make them a stretch
# ("5 năm tới", "những năm trước"), not a point.
QUANTIFIERS = frozenset("những các nhiều vài mấy mỗi hàng hằng mọi một".split())
# Words a bare "ngày 9" may be followed by (besides punctuation and a capital letter).
AFTER_DAY_ONLY = frozenset("vừa tới tại ở với đã sẽ này và".split())
_PREV_WORD = re.compile(r"(\w+)\s*$")
NEXT_WORD = re.compile(r"\s*(\S?)(\w*)")

YEAR_OFFSETS = {"nay": 0, "ngoái": -1, "trước": -1, "kia": -2, "tới": 1, "sau": 1}
# Thirds (đầu, giữa, cuối) and halves (nửa đầu, nửa cuối) of a year, a decade, a century.
YEAR_PARTS = {
    "đầu": ((1, 1), (4, 30)), "giữa": ((5, 1), (8, 31)), "cuối": ((9, 1), (12, 31)),
    "nửa đầu": ((1, 1), (6, 30)), "nửa cuối": ((7, 1), (12, 31)), "nửa sau": ((7, 1), (12, 31)),
}
DECADE_PARTS = {"đầu": (0, 2), "giữa": (3, 6), "cuối": (7, 9)}
CENTURY_PARTS = {"đầu": (0, 29), "giữa": (30, 69), "cuối": (70, 99)}


def prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    return m.group(1).lower() if m else ""


def quantified(text: str, start: int) -> bool:
    """True after "những", "5", "ba": then "năm tới" is a stretch of years, not next year."""
    word = prev_word(text, start)
    return word.isdigit() or word in QUANTIFIERS or word in NUMBER_WORDS


def bare_ok(m: re.Match[str], text: str, separator: str | None) -> bool:
    """A number pair with nothing around it ("9/10") is a date unless the context says
    quantity, ratio or section number; with "-" and no year it is more often a score."""
    if not m.group(0)[:1].isdigit():
        return True
    if separator == "-" or m.group(0) == "24/7":
        return False
    if prev_word(text, m.start()) in NOT_BEFORE_BARE:
        return False
    return not UNIT_AFTER.match(text, m.end())


def month_number(word: str | None) -> int | None:
    if word is None:
        return None
    if word.isdigit():
        return int(word)
    return MONTH_WORDS.get(" ".join(word.lower().split()))


def read_day_month(m: re.Match[str], s: str) -> tuple[int, int | None, int | None]:
    """Day, month and year of a ``date_grammar.day_month`` match (groups end in ``s``)."""
    day = int(m.group(f"d{s}") or m.group(f"dw{s}"))
    month = month_number(m.group(f"m{s}") or m.group(f"mw{s}"))
    year = m.group(f"y{s}") or m.group(f"ny{s}") or m.group(f"yw{s}")
    return day, month, int(year) if year else None


def read_part(m: re.Match[str]) -> str | None:
    part = m.group("part")
    return " ".join(part.lower().split()) if part else None


def decade_year(digits: str) -> int:
    return int(digits) if len(digits) == 4 else 1900 + int(digits)  # "những năm 80"


def roman_number(numeral: str) -> int | None:
    """ "XIX" → 19; a smaller numeral before a larger one is subtracted."""
    values = {"i": 1, "v": 5, "x": 10, "l": 50}
    total = 0
    for char, following in zip(numeral.lower(), numeral.lower()[1:] + " "):
        value = values[char]
        total += -value if values.get(following, 0) > value else value
    return total if total > 0 else None


# ---------------------------------------------------------------- where to search

# Where a text can be cut: a character that no pattern consumes and whose place no
# look-ahead reads as anything but "not this one" ("." and ":" only before a non-digit:
# "9.10" consumes one, the "9:30" look-ahead reads the other). No match spans a cut, and
# a search that ends at one decides every look-ahead as it would on the whole text.
_CUT = re.compile(r"[^\w\s/\-–—,()%](?!(?<=[.:])\d)")


class Pieces:
    """A text cut where no match can span, for searching only the pieces that can hold one.

    Given a clue that every match of a pattern contains (a regex or words), the pieces
    without it hold no match; searching the others, each from its start to its end,
    finds exactly the matches that searching the whole text finds. ``lowered`` is the
    lowercased text, aligned on it character for character.
    """

    def __init__(self, text: str, lowered: str):
        self.text, self.lowered = text, lowered
        self.cuts = [m.start() for m in _CUT.finditer(text)]
        self._hits: dict[re.Pattern[str], list[int]] = {}

    def search(self, pattern: re.Pattern[str], clue: re.Pattern[str] | tuple[str, ...], lowered: bool
               ) -> Iterator[re.Match[str]]:
        """The matches of ``pattern``, in text order, looking for ``clue`` in the text or lowered."""
        hits = self._words(clue) if isinstance(clue, tuple) else self._found(clue, lowered)
        for low, high in self._around(hits):
            yield from pattern.finditer(self.text, low, high)

    def _found(self, clue: re.Pattern[str], lowered: bool) -> list[int]:
        hits = self._hits.get(clue)
        if hits is None:
            text = self.lowered if lowered else self.text
            hits = self._hits[clue] = [m.start() for m in clue.finditer(text)]
        return hits

    def _words(self, words: tuple[str, ...]) -> list[int]:
        hits = []
        for word in words:
            at = self.lowered.find(word)
            while at >= 0:
                hits.append(at)
                at = self.lowered.find(word, at + 1)
        return sorted(hits)

    def _around(self, hits: list[int]) -> list[tuple[int, int]]:
        """The pieces that hold the hits, in text order, each once."""
        cuts, size = self.cuts, len(self.text)
        pieces: list[tuple[int, int]] = []
        for hit in hits:
            i = bisect_right(cuts, hit)
            piece = (cuts[i - 1] + 1 if i else 0, cuts[i] if i < len(cuts) else size)
            if not pieces or pieces[-1] != piece:
                pieces.append(piece)
        return pieces
