"""Finding trigger patterns in a sentence: one Aho-Corasick automaton over the lowercased text.

Contiguous patterns and blocking phrases are keys of the automaton; a gap pattern is
keyed by its first part, and its other parts are looked for among the words after it
(at most ``MAX_GAP`` words between parts, never across the end of a clause). Matches
must sit on word boundaries; a blocking phrase vetoes a match of the trigger it names
wherever it overlaps that match without lying inside it ("lệnh ngừng bắn" stops "ngừng
bắn", not "kêu gọi … ngừng bắn"), and any shorter match inside it; of overlapping matches
the longest wins.
"""
from __future__ import annotations

import re
import unicodedata
from itertools import islice
from typing import TYPE_CHECKING

import ahocorasick

from sukien.normalize import normalize_text

if TYPE_CHECKING:  # the records live in lexicon.py, which builds the matcher
    from sukien.events.lexicon import Blocker, TriggerPattern

MAX_GAP = 8  # words that may stand where a pattern has "…"

_WORD = re.compile(r"[^\W_]+")
# Characters a gap may not run across: the end of a clause or sentence.
_GAP_STOP = re.compile(r"[.!?;\n]")
_SQUEEZE_NEEDED = re.compile(r"[^\S ]| {2,}")
_WHITESPACE_RUN = re.compile(r"[^\S ]\s*| \s+")


def _tone_table() -> dict[str, str]:
    """Lowercase 'oà' → 'òa' and the like (same length), as normalize does it."""
    table: dict[str, str] = {}
    for first, seconds in (("o", "ae"), ("u", "y")):
        for second in seconds:
            for mark in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
                old = first + unicodedata.normalize("NFC", second + mark)
                table[old] = unicodedata.normalize("NFC", first + mark) + second
    return table


_TONES = _tone_table()
# The keys of _TONES not after "q" nor before a word character. Written with a
# character class first (not a lookbehind) so that the search skips ahead quickly.
_TONE_RE = re.compile(
    "(?:o(?<!qo)[" + "".join(k[1] for k in _TONES if k[0] == "o") + "]"
    "|u(?<!qu)[" + "".join(k[1] for k in _TONES if k[0] == "u") + r"])(?!\w)"
)


def _canonical_lower(text: str) -> str:
    """Lowercase, one tone convention; always the same length as ``text``."""
    low = text.lower()
    if len(low) != len(text):  # a few letters lowercase to two characters
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _TONE_RE.sub(lambda m: _TONES[m.group()], low)


def _needs_squeeze(view: str) -> bool:
    """Whether ``view`` has whitespace other than single spaces (all such is unprintable)."""
    return "  " in view or (not view.isprintable() and _SQUEEZE_NEEDED.search(view) is not None)


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Whitespace runs → one space (one newline if they hold one); the view and view → text index."""
    pieces: list[str] = []
    index: list[int] = []
    pos = 0
    for match in _WHITESPACE_RUN.finditer(text):
        start, end = match.span()
        pieces.append(text[pos:start])
        index.extend(range(pos, start))
        pieces.append("\n" if "\n" in match.group() else " ")
        index.append(start)
        pos = end
    pieces.append(text[pos:])
    index.extend(range(pos, len(text)))
    return "".join(pieces), index


# A match: (start, end, pattern, the spans of its literal words, its rank among overlaps).
_Candidate = tuple[int, int, "TriggerPattern", tuple[tuple[int, int], ...], tuple]


def _candidate(start: int, end: int, pattern: TriggerPattern, footprint) -> _Candidate:
    return (start, end, pattern, footprint, (start - end, -len(pattern.words), bool(pattern.gaps), start))


class Matcher:
    """The automaton over the patterns' first parts and the blocking phrases."""

    def __init__(self, triggers: tuple[TriggerPattern, ...], blockers: tuple[Blocker, ...]):
        entries: dict[str, list[tuple[str, object]]] = {}
        for trig in triggers:
            parts = trig.parts
            if trig.gaps:
                reach = sum(MAX_GAP + len(part) for part in parts[1:]) + 1  # words read after the first part
                entries.setdefault(" ".join(parts[0]), []).append(("anchor", (trig, parts[1:], reach)))
            else:
                entries.setdefault(" ".join(parts[0]), []).append(("trigger", trig))
        for block in blockers:
            entries.setdefault(" ".join(block.words), []).append(("block", block))
        self.automaton = ahocorasick.Automaton()
        for key, values in entries.items():
            self.automaton.add_word(key, (len(key), tuple(values)))
        self.automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, TriggerPattern]]:
        if not text:
            return []
        if not unicodedata.is_normalized("NFC", text):
            normalized, offsets = normalize_text(text)
            found = self._find(normalized)
            return [(*offsets.to_original(s, e), p) for s, e, p in found]
        return self._find(text)

    def _find(self, text: str) -> list[tuple[int, int, TriggerPattern]]:
        view = _canonical_lower(text)
        index: list[int] | None = None
        if _needs_squeeze(view):
            view, index = _squeeze(view)
        n = len(view)
        candidates: list[_Candidate] = []
        blocked: list[tuple[int, int, str]] = []
        combining = unicodedata.combining
        for last, (length, values) in self.automaton.iter(view):
            start, end = last - length + 1, last + 1
            if start > 0 and (view[start - 1].isalnum() or combining(view[start - 1])):
                continue  # not at the start of a word
            if end < n and (view[end].isalnum() or combining(view[end])):
                continue  # not at the end of a word
            for kind, value in values:
                if kind == "trigger":
                    candidates.append(_candidate(start, end, value, ((start, end),)))
                elif kind == "block":
                    blocked.append((start, end, value.blocks))
                elif view[end - 1].isalnum():  # a word ends at ``end``: look for the other parts
                    found = _extend(view, start, end, *value)
                    if found is not None:
                        candidates.append(found)
        if not candidates:
            return []
        kept = _resolve(candidates, blocked)
        if index is None:
            return [(c[0], c[1], c[2]) for c in kept]
        return [(index[c[0]], index[c[1] - 1] + 1, c[2]) for c in kept]


def _extend(view: str, start: int, end: int, pattern: TriggerPattern, parts, reach: int) -> _Candidate | None:
    """Find the parts after the first within their gaps; the nearest place wins.

    ``words[0]`` stands for the first part's last word; the rest are the words after it,
    as many as the parts and gaps can reach."""
    for part in parts:
        if view.find(part[0], end) < 0:
            return None  # the part's first word is nowhere after the anchor
    words = [(start, end), *(m.span() for m in islice(_WORD.finditer(view, end), reach))]
    footprint = [(start, end)]
    at = 0
    for part in parts:
        size = len(part)
        head = part[0]
        found = None
        for j in range(at + 1, min(at + 2 + MAX_GAP, len(words) - size + 1)):
            if _GAP_STOP.search(view, words[j - 1][1], words[j][0]):
                break
            if view[words[j][0]:words[j][1]] != head:
                continue
            if all(view[words[j + k][0]:words[j + k][1]] == part[k] for k in range(1, size)):
                if size > 1 and _GAP_STOP.search(view, words[j][0], words[j + size - 1][1]):
                    continue
                found = j
                break
        if found is None:
            return None
        footprint.append((words[found][0], words[found + size - 1][1]))
        at = found + size - 1
    return _candidate(start, footprint[-1][1], pattern, tuple(footprint))


def _resolve(candidates: list[_Candidate], blocked: list[tuple[int, int, str]]) -> list[_Candidate]:
    """Drop vetoed matches, then keep the longest of overlapping ones, in text order."""
    if blocked:
        candidates = [c for c in candidates if not _vetoed(c[2].pattern, c[3], blocked)]
    if len(candidates) < 2:
        return candidates
    candidates.sort(key=lambda c: c[4])
    taken: list[tuple[int, int]] = []
    kept: list[_Candidate] = []
    for cand in candidates:
        if any(s < te and ts < e for s, e in cand[3] for ts, te in taken):
            continue
        kept.append(cand)
        taken.extend(cand[3])
    kept.sort(key=lambda c: (c[0], c[1]))
    return kept


def _vetoed(pattern: str, footprint: tuple[tuple[int, int], ...], blocked: list[tuple[int, int, str]]) -> bool:
    """A blocker vetoes a match of the trigger it names that overlaps it without containing it, and any
    match that lies wholly inside it ("dọa" in "mối đe dọa" as well as "đe dọa")."""
    for bs, be, blocks in blocked:
        if bs <= footprint[0][0] and footprint[-1][1] <= be and (footprint[0][0], footprint[-1][1]) != (bs, be):
            return True
        if blocks != pattern:
            continue
        overlaps = any(s < be and bs < e for s, e in footprint)
        if overlaps and not any(s <= bs and be <= e for s, e in footprint):
            return True
    return False
