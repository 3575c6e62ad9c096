"""What a sentence says, as a set of words: for telling two reports of one thing from two things.

Names are capitalised and the grammar words every report uses carry nothing of what was said, so
both are left out; what remains is compared as shared words over the shorter report's words.
"""
from __future__ import annotations

import re

_WORDS = re.compile(r"\w+")
_COMMON = frozenset("""và của các những là có được đã sẽ với cho trong tại về này đó khi để theo từ
một hai bên nước ông bà ngày hôm nay cũng đang vào như thì mà rằng không đến""".split())


def content_words(text: str) -> frozenset[str]:
    """The lowercase words of an evidence sentence, less the words every report uses: what was said,
    without who said it (names are capitalised) or the grammar around it."""
    return frozenset(w for w in _WORDS.findall(text) if w[:1].islower() and len(w) > 1 and w not in _COMMON)


def share_alike(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared words as a share of the shorter set's (0 when either is empty)."""
    shorter = min(len(a), len(b))
    return len(a & b) / shorter if shorter else 0.0
