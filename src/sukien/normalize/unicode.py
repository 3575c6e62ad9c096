"""NFC, one tone-mark convention, invisible characters dropped; every position mapped back.

Sources mix precomposed and decomposed letters, put tone marks on either vowel of
"oa/oe/uy" (hoà/hòa) and carry zero-width and control characters. The pipeline
matches on one canonical form, so the body is rewritten once here, and an
``OffsetMap`` remembers, for every character of the result, which characters of
the original it came from.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Zero-width and formatting characters that carry no letters.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f"}
_SPACES = {"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ", "\t": " ", "\r": "\n"}


def _tone_table() -> dict[str, str]:
    """'oà' → 'òa' and the like: the mark moves to the first vowel of an open oa/oe/uy."""
    marks = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # grave acute hook tilde dot
    table: dict[str, str] = {}
    for first, seconds in (("o", "ae"), ("u", "y")):
        for second in seconds:
            for mark in marks:
                for upper_first in (False, True):
                    for upper_second in (False, True):
                        f = first.upper() if upper_first else first
                        s = second.upper() if upper_second else second
                        old = f + unicodedata.normalize("NFC", s + mark)
                        new = unicodedata.normalize("NFC", f + mark) + s
                        table[old] = new
    return table


_TONE_TABLE = _tone_table()
# Only at the end of a syllable ("hoàng" keeps its mark), and not after q ("quý").
# Every key is one of o, O, u, U and then a marked vowel that is none of them, so one
# character class per side finds them (a pair outside the table is kept as it is); the
# look-behind sits after the first letter so that the search can skip to o and u.
_TONE_PATTERN = re.compile(
    "[" + "".join(sorted({key[0] for key in _TONE_TABLE})) + "](?<![qQ].)"
    + "[" + "".join(sorted({key[1] for key in _TONE_TABLE})) + r"](?!\w)"
)


def _retone(text: str) -> str:
    return _TONE_PATTERN.sub(_tone_of, text)


def _tone_of(match: re.Match[str]) -> str:
    pair = match.group()
    return _TONE_TABLE.get(pair, pair)


@dataclass(frozen=True)
class OffsetMap:
    """Positions of the normalized text → positions of the original text.

    ``starts[i]`` is where normalized character i begins in the original and
    ``ends[i]`` where it ends; a normalized span [s, e) came from
    [starts[s], ends[e - 1]) of the original.
    """

    starts: Sequence[int]  # a tuple, or a range for the identity
    ends: Sequence[int]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if start >= end:
            at = self.starts[start] if start < len(self.starts) else self.original_length
            return at, at
        return self.starts[start], self.ends[end - 1]

    @property
    def is_identity(self) -> bool:
        """Whether every position maps to itself (``to_original`` then returns what it is given)."""
        length = self.original_length
        return self.starts == range(length) and self.ends == range(1, length + 1)

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        return cls(range(length), range(1, length + 1), length)


def _clusters(text: str):
    """Base characters with the combining marks that follow them, as (start, end) pairs."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            yield start, i
            start = i


_NEEDS_REWRITE = re.compile("[" + "".join(sorted(_INVISIBLE | set(_SPACES))) + r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_text(text: str) -> tuple[str, OffsetMap]:
    """Return the normalized text and the map from its positions back into ``text``."""
    if unicodedata.is_normalized("NFC", text) and not _NEEDS_REWRITE.search(text):
        # Most articles arrive clean: only the tone convention may change, character for character.
        return _retone(text), OffsetMap.identity(len(text))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end in _clusters(text):
        cluster = text[start:end]
        if cluster[0] in _INVISIBLE:
            continue
        if cluster[0] in _SPACES:
            cluster = _SPACES[cluster[0]]
        elif unicodedata.category(cluster[0]) == "Cc" and cluster[0] != "\n":
            cluster = " "
        composed = unicodedata.normalize("NFC", cluster)
        for char in composed:
            pieces.append(char)
            starts.append(start)
            ends.append(end)
    normalized = "".join(pieces)
    # The tone table maps two characters to two characters, so offsets stay aligned.
    normalized = _retone(normalized)
    return normalized, OffsetMap(tuple(starts), tuple(ends), len(text))
