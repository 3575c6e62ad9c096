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
_BMP = 0x10000
_LONG = 256  # characters: below this str.translate is as fast as numpy, which has a cost per call


@lru_cache(maxsize=1)
def _code_table():
    """``_TABLE`` as a numpy array of code points over the whole Basic Multilingual Plane."""
    import numpy  # imported on first use, as the tagger does: a light import for the CLI

    table = numpy.arange(_BMP, dtype=numpy.uint32)
    table[:len(_TABLE)] = [ord(char) for char in _TABLE]
    return table


def fold_same_length(text: str) -> str:
    """Fold each character to one character: offsets into the result are offsets into ``text``.

    An article is folded with one numpy look-up of all its code points: str.translate
    looks each character up as a Python object, several times slower on a long text.
    """
    if len(text) < _LONG:
        return text.translate(_TABLE)
    import numpy

    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    if codes.max() >= _BMP:  # beyond the table, where every character stays as it is
        return text.translate(_TABLE)
    return _code_table()[codes].tobytes().decode("utf-32-le", "surrogatepass")


class _Stripped(dict):
    """Code point → its NFD form without combining marks, Đ/đ and the like replaced; filled
    as characters are met. Per character this is exactly what NFD-then-drop-marks gives a
    whole string: NFD decomposes each character on its own, and its reordering moves only
    combining marks, which are all dropped."""

    def __missing__(self, code: int) -> str:
        value = "".join(_SPECIAL.get(c, c) for c in unicodedata.normalize("NFD", chr(code))
                        if not unicodedata.combining(c))
        self[code] = value
        return value


_STRIPPED = _Stripped()


def fold(text: str) -> str:
    """A matching key: NFD marks dropped, lowercase, đ→d, whitespace and hyphens collapsed."""
    folded = text.translate(_STRIPPED).lower()
    folded = folded.replace("-", " ").replace("‐", " ").replace("–", " ")
    return " ".join(folded.split())
