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
from sukien.recognize.names import CAPITALS, LOWERCASE, is_syllable

# Three or four capitalized words right after a lowercase word (the capital is matched first and
# the lowercase letter before its space looked behind at, so that the search skips to capitals).
_RUN = re.compile(rf"[{CAPITALS}](?<=[{LOWERCASE}] .)[^\W\d_]*(?:[ ][{CAPITALS}][^\W\d_]*){{2,3}}"
                  rf"(?![ \u00a0][{CAPITALS}])(?![^\W\d_])")
# One to three capitalized words after a kinship word.
_KIN_RUN = re.compile(rf"(?:anh|chị|em|bác|cô|chú|dì|cậu) ([{CAPITALS}][^\W\d_]*(?:[ ][{CAPITALS}][^\W\d_]*){{0,2}})"
                      rf"(?![ \u00a0][{CAPITALS}])(?![^\W\d_])")
_LOWER_BEFORE = re.compile(rf"([{LOWERCASE}]+) $")
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
    for run in _RUN.finditer(text):  # "công dân Đoàn Thị Hương"
        start, end = run.span()
        words = run.group().split(" ")
        if words[0] not in surnames or any(free[start:end]) or not all(is_syllable(w) for w in words):
            continue
        before = _LOWER_BEFORE.search(text, max(0, start - 12), start)
        if before is not None and before.group(1) not in _PLACE_WORDS:
            found.append((start, end))
    for run in _KIN_RUN.finditer(text):  # "anh Đại", "chị Thu Hiền"
        start, end = run.span(1)
        if (not any(free[start:end]) and not text[run.start() - 1:run.start()].isalnum()
                and all(is_syllable(w) for w in run.group(1).split(" ")) and not _kin_in_a_phrase(text, run.start())):
            found.append((start, end))
    return found


def _kin_in_a_phrase(text: str, start: int) -> bool:
    """"Anh em Hồi giáo", "các anh em": the kinship word is a word of a phrase, not a form of address."""
    previous = _WORD_BEFORE.search(text, max(0, start - 12), start)
    return previous is not None and (previous.group(1)[:1].isupper() or previous.group(1).lower() in _KIN)
