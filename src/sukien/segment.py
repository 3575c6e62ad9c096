"""Stage 3, segment: sentences with their offsets.

Vietnamese news separates sentences with ". " before a capital, with line breaks,
and ends articles with "./.". Initials ("V. Putin"), abbreviations ("TP. Hồ Chí
Minh", "PGS.TS.") and numbers ("19.5", "1.000") must not end a sentence.
"""
from __future__ import annotations

import re

from sukien.model import Document, Sentence, Span

_ABBREVIATIONS = {
    "tp", "ts", "ths", "pgs", "gs", "bs", "ks", "ông", "bà", "mr", "mrs", "ms", "dr", "st",
    "tt", "q", "p", "h", "t", "tr", "no", "vs", "etc", "u.s", "jr", "sr", "co", "inc", "ltd",
}
# A sentence ends at . ! ? … (possibly with closing quotes or brackets) before a space
# and an opening capital, digit or quote; or at a line break. The pattern opens with the
# class of those first characters, which the search skips to, and looks back at the one
# it took to tell a line break from punctuation; the group holds the spaces after punctuation.
_BOUNDARY = re.compile(r"""[.!?…\n](?:(?<=\n)\n*|[.!?…]*["'”’»)\]]*(\s+)(?=["'“‘«(\[]?[\dA-ZÀ-ỸĐ]))""")


def _is_false_boundary(text: str, dot_at: int) -> bool:
    """Initials and abbreviations: a period that does not end a sentence."""
    word = _word_before(text, dot_at)
    if not word:
        return False
    if len(word) == 1 and "A" <= word <= "Z":  # "V. Putin"; "Nam Á." ends a sentence
        return True
    return word.lower().rstrip(".") in _ABBREVIATIONS


def _word_before(text: str, dot_at: int) -> str:
    """The run of letters, digits, underscores and dots that ends right before ``dot_at`` (or
    right before a line break there), read backwards from its end."""
    end = dot_at - 1 if text[dot_at - 1:dot_at] == "\n" else dot_at
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1
    return text[start:end]


def split_sentences(text: str) -> list[Span]:
    """Sentence spans over ``text``, surrounding whitespace excluded, none empty."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        spaces = match.start(1)
        if spaces >= 0:  # punctuation and the spaces after it
            if text[match.start()] == "." and _is_false_boundary(text, match.start()):
                continue
            end = spaces
        else:  # line breaks
            end = match.start()
        _append_trimmed(text, start, end, spans)
        start = match.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end, text[start:end]))


def segment(document: Document) -> Document:
    """Pipeline stage: fill ``document.sentences``."""
    document.sentences = [Sentence(i, span) for i, span in enumerate(split_sentences(document.text))]
    return document
