"""Folding for matching: case, diacritics and Đ/đ ignored.

``fold`` is for keys (aliases, search terms); ``fold_same_length`` folds a text
character by character so that a match in the folded text is a match at the same
offsets in the original.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "s", "æ": "a", "œ": "o"}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character to one lowercase base character (or itself when it has none)."""
    if char in _SPECIAL:
        return _SPECIAL[char]
    base = unicodedata.normalize("NFD", char)[0].lower()
    if unicodedata.combining(base):  # a lone combining mark has no base letter
        return " "
    return base[0] if base else char


def _same_length_table() -> str:
    """A str.translate table for Latin (Vietnamese included); hyphens fold to spaces.

    A string indexed by code point rather than a dict: str.translate looks it up about
    twice as fast. Characters past its end stay as they are.
    """
    table = {}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00), *range(0x41, 0x5B)]:
        table[code] = fold_char(chr(code))
    for dash in "-‐‑–—":
        table[ord(dash)] = " "
    return "".join(table.get(code, chr(code)) for code in range(max(table) + 1))


_TABLE = _same_length_table()


def fold_same_length(text: str) -> str:
    """Fold each character to one character: offsets into the result are offsets into ``text``."""
    return text.translate(_TABLE)


def fold(text: str) -> str:
    """A matching key: NFD marks dropped, lowercase, đ→d, whitespace and hyphens collapsed."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = "".join(_SPECIAL.get(c, c) for c in kept).lower()
    folded = folded.replace("-", " ").replace("‐", " ").replace("–", " ")
    return " ".join(folded.split())
