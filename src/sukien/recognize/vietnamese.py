"""Vietnamese names by their shape, where no title, form of address or dictionary found them.

A Vietnamese person's name is a family name and one to three given syllables, all capitalized
("công dân Đoàn Thị Hương"); after a kinship word used as a form of address ("anh Đại", "chị Thu
Hiền") even one given syllable is a name. Both shapes are read only after a lowercase word, so that
a sentence's first words and the words of a longer capitalized name are left alone, and never after
a word that opens a place's or a street's name ("đường Trần Hưng Đạo", "tỉnh Thái Bình").
"""
from __future__ import annotations

import re

from sukien import kb as knowledge
from sukien.recognize.names import CAPITALS, is_syllable

_SYLLABLE = rf"[{CAPITALS}][^\W\d_]*"
# A lowercase word, then two to four capitalized words (the first may be a family name).
_AFTER_LOWER = re.compile(rf"(?<![^\s(,])([a-zà-ỹđ]+) ({_SYLLABLE}(?: {_SYLLABLE}){{1,3}})(?![ \u00a0][{CAPITALS}])(?!\w)")
# A kinship word used as a form of address, then one to three capitalized words.
_KINSHIP = re.compile(rf"(?<![^\s(,])(anh|chị|em|bác|cô|chú|dì|cậu) ({_SYLLABLE}(?: {_SYLLABLE}){{0,2}})"
                      rf"(?![ \u00a0][{CAPITALS}])(?!\w)")
_KIN = frozenset({"anh", "chị", "em", "bác", "cô", "chú", "dì", "cậu"})
_WORD_BEFORE = re.compile(r"([^\W\d_]+) $")
# Words that open the name of a place, a street, a building or an organisation before a name.
_PLACE_WORDS = frozenset({
    "đường", "phố", "tỉnh", "huyện", "quận", "xã", "phường", "thị", "trấn", "làng", "thôn", "ấp", "bản",
    "sông", "núi", "đảo", "cầu", "chùa", "đền", "đình", "lăng", "tượng", "đài", "trường", "viện", "bệnh",
    "cảng", "sân", "chợ", "khu", "nhà", "phòng", "công", "ty", "tàu", "hiệu", "giải", "quỹ", "học", "hội",
    "mang", "tên", "hiệu", "vùng", "miền", "thành", "thủ", "đô", "bay", "hẻm", "ngõ", "kênh", "hồ", "rạch",
    "bến", "đèo", "mũi", "vịnh", "biển", "lộ", "ga", "tuyến", "dự", "án", "tác", "phẩm", "sách", "bài",
    "báo", "tờ", "phim", "bộ", "tập", "tác", "giả", "của",
})


def names_by_shape(text: str, free: bytearray) -> list[tuple[int, int]]:
    """(start, end) of the Vietnamese names in ``text`` whose characters ``free`` marks 0 (no
    other mention or title covers them)."""
    surnames = knowledge.vietnamese_surnames()
    found = []
    for match in _AFTER_LOWER.finditer(text):
        before, name = match.group(1), match.group(2)
        words = name.split()
        if (before in _PLACE_WORDS or words[0] not in surnames or len(words) < 3
                or not all(is_syllable(w) for w in words)):
            continue
        found.append(match.span(2))
    for match in _KINSHIP.finditer(text):
        previous = _WORD_BEFORE.search(text, max(0, match.start() - 12), match.start())
        if previous is not None and (previous.group(1)[:1].isupper() or previous.group(1).lower() in _KIN):
            continue  # "Anh em Hồi giáo", "chị em Thu": not a form of address
        if all(is_syllable(w) for w in match.group(2).split()):
            found.append(match.span(2))
    return [(start, end) for start, end in found if not any(free[start:end])]
