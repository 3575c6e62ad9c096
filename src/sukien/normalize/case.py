"""The lowercase of a window of a text, cut from the whole text lowercased once.

The events stage asks for the lowercase of many windows of one article (each sentence, each
clause, the words before each trigger): lowercasing the article once and cutting the windows out
of it costs far less than lowercasing each. A cut of the lowercased text is the lowercase of the
cut wherever lower() turns each character into one character, whatever its neighbours: in every
text but one with a letter that lowercases to two ("İ") or a capital sigma, whose lowercase depends
on the letters around it ("Σ"). Such texts are lowercased window by window.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4)  # the article being worked on
def _lowercase(text: str) -> str | None:
    lowered = text.lower()
    return lowered if len(lowered) == len(text) and "Σ" not in text else None


def lowered_window(text: str, start: int, end: int) -> str:
    """``text[start:end].lower()``."""
    whole = _lowercase(text)
    return text[start:end].lower() if whole is None else whole[start:end]


# Letters that re.IGNORECASE matches to others than str.lower() makes of them ("ſ" is "s" to re).
_ODD_CASE = "İıſẛ"


@lru_cache(maxsize=8)  # asked for every trigger of an article
def folds_as_re(text: str) -> bool:
    """Whether str.lower() folds every letter of ``text`` as re.IGNORECASE does, so that a phrase found in
    the lowercased text is one a case-blind pattern finds there (each letter looked for with ``in``,
    quicker over a whole text than a search for the class of them)."""
    return not any(odd in text for odd in _ODD_CASE)
