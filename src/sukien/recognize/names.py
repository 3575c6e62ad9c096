"""Name shapes: runs of capitalized words, the way a person's name is written.

Used right after a title or an honorific ("Bộ trưởng Lê Minh Hòa", "ông Takeshi
Yamamoto"), where a capitalized run is a name with high probability; elsewhere the
statistical tagger decides.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-](?=[^\W\d_]))*\.?", re.UNICODE)
_GAP = re.compile(r"[ \u00a0]{1,2}")


@lru_cache(maxsize=1)
def org_heads() -> frozenset[str]:
    path = resources.files("sukien") / "data" / "lexicons" / "org_heads.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return frozenset(row["word"].split()[0].lower() for row in rows)


def is_capitalized(word: str) -> bool:
    return word[:1].isupper()


def name_run(text: str, position: int, *, max_words: int = 5) -> tuple[int, int] | None:
    """The run of capitalized words that starts at ``position`` (after spaces), if any.

    Initials are allowed ("V. Putin", "I.Dodon"); the run stops at punctuation, a
    lowercase word or a line break. A run that opens with an institution word
    ("Bộ", "Đảng") is not a name.
    """
    gap = _GAP.match(text, position)
    cursor = gap.end() if gap else position
    start = cursor
    end = None
    words = 0
    while words < max_words:
        match = _WORD.match(text, cursor)
        if not match or not is_capitalized(match.group()):
            break
        word = match.group()
        if words == 0 and word.rstrip(".").lower() in org_heads():
            return None
        end = match.end()
        words += 1
        if word.endswith(".") and len(word) > 2:  # a sentence-final period, not an initial
            end -= 1
            break
        gap = _GAP.match(text, end)
        if not gap and not word.endswith("."):
            break
        cursor = gap.end() if gap else end
    if end is None:
        return None
    while end > start and text[end - 1] in ".-’'":
        end -= 1
    return (start, end) if end > start else None
