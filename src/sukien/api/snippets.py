"""Search snippets: a window of an article cut at word boundaries, with the matched words.

The store's search finds articles by folded words (case, diacritics and Đ/đ ignored;
the last word may be a prefix). A snippet is cut from the text as given around the
first match, opening and closing between words, and lists the spans of every word
of the window that a query word matches, so the page can mark them without ever
treating the text as markup. Offsets count code points, as everywhere in sukien.
"""
from __future__ import annotations

import re
from typing import Any

from sukien.normalize.fold import fold_same_length
from sukien.store.search import words

WIDTH = 200  # characters of text in a snippet, about two lines
BEFORE = 60  # of which at most this many come before the first match
ELLIPSIS = "…"
_WORD = re.compile(r"\w+")


def _matches(folded: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Spans of the words of ``folded`` that a query token matches (the last token as a prefix)."""
    wanted, prefix = set(tokens[:-1]), tokens[-1] if tokens else None
    return [(m.start(), m.end()) for m in _WORD.finditer(folded)
            if m.group() in wanted or (prefix is not None and m.group().startswith(prefix))]


def _word_start(text: str, at: int) -> int:
    """``at`` moved back to the start of the word it falls in."""
    while 0 < at < len(text) and not text[at - 1].isspace():
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    """``at`` moved back to the end of the last whole word before it (never past ``at``)."""
    if at >= len(text):
        return len(text)
    cut = at
    while cut > 0 and not text[cut].isspace():
        cut -= 1
    return cut if cut > 0 else at


def snippet(text: str, q: str, width: int = WIDTH) -> dict[str, Any]:
    """``{"snippet", "marks"}``: about ``width`` characters around the first match, whole words,
    whitespace runs shown as one space; ``marks`` are [start, end] offsets into the snippet."""
    spans = _matches(fold_same_length(text), words(q))
    first = spans[0][0] if spans else 0
    start = _word_start(text, max(0, first - BEFORE)) if first > BEFORE else 0
    end = _word_end(text, start + width)
    pieces, marks, out = [], [], 0
    # Rebuild the window word by word: runs of whitespace become one space, and the
    # offsets of the marked words are counted in the rebuilt string.
    for token in re.finditer(r"\S+", text[start:end]):
        if pieces:
            pieces.append(" ")
            out += 1
        absolute = start + token.start()
        for s, e in spans:
            if absolute <= s and e <= absolute + len(token.group()):
                marks.append([out + s - absolute, out + e - absolute])
        pieces.append(token.group())
        out += len(token.group())
    lead = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(text.rstrip()) else ""
    shift = len(lead)
    return {"snippet": lead + "".join(pieces) + tail, "marks": [[s + shift, e + shift] for s, e in marks]}
