"""Dictionary matching: knowledge-base names and title words, found in one pass.

All aliases go into one Aho-Corasick automaton over folded text (case, diacritics
and hyphens ignored). A hit is kept only where it starts and ends on word
boundaries and, for the aliases that need it, where it is written exactly or
capitalized as a name is.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from sukien import kb as knowledge
from sukien.normalize import fold_same_length


@dataclass(frozen=True)
class Entry:
    """What an automaton key stands for: an entity alias or a title."""

    text: str  # as written in the data
    entity_id: str | None  # None for titles
    title: knowledge.Title | None
    strict: bool


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entries: tuple[Entry, ...]


@lru_cache(maxsize=1)
def automaton() -> ahocorasick.Automaton:
    kb = knowledge.load()
    keyed: dict[str, list[Entry]] = {}
    for alias in kb.aliases:
        key = fold_same_length(alias.text)
        keyed.setdefault(key, []).append(Entry(alias.text, alias.entity_id, None, alias.strict))
    for title in kb.titles:
        key = fold_same_length(title.text)
        keyed.setdefault(key, []).append(Entry(title.text, None, title, False))
    machine = ahocorasick.Automaton()
    for key, entries in keyed.items():
        machine.add_word(key, (len(key), tuple(entries)))
    machine.make_automaton()
    return machine


def _on_boundaries(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _accepts(entry: Entry, written: str) -> bool:
    """Strict aliases must be written exactly; one-word names must be capitalized."""
    if entry.strict:
        return written == entry.text
    if entry.title is not None:
        return True
    if " " not in entry.text.strip() and not written[:1].isupper():
        return False
    return True


def find(text: str, folded: str | None = None) -> list[Hit]:
    """All accepted hits, overlapping ones included (the caller picks)."""
    folded = fold_same_length(text) if folded is None else folded
    hits = []
    for end_index, (length, entries) in automaton().iter(folded):
        start, end = end_index - length + 1, end_index + 1
        if not _on_boundaries(text, start, end):
            continue
        written = text[start:end]
        accepted = tuple(e for e in entries if _accepts(e, written))
        if accepted:
            hits.append(Hit(start, end, accepted))
    return hits


def longest_first(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits, longer ones first, in text order."""
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if not any(hit.start < c.end and c.start < hit.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)
