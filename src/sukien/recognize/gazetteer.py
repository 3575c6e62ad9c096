"""Dictionary matching: knowledge-base names and title words, found in one pass.

All aliases go into one Aho-Corasick automaton over folded text (case, diacritics
and hyphens ignored). A hit is kept only where it starts and ends on word
boundaries and, for the aliases that need it, where it is written exactly or
capitalized as a name is.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache

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
class Reading:
    """What a form written in the text stands for: the automaton entries that accept it.

    The same names and titles recur in every article, so ``find`` keeps one reading per
    written form, and what the recognizer asks of it is worked out once, on first use.
    """

    entries: tuple[Entry, ...]

    @cached_property
    def entity_of(self) -> dict[str, str]:
        """Entity type → the first of the entries' entities of that type."""
        kb = knowledge.load()
        first: dict[str, str] = {}
        for entry in self.entries:
            if entry.entity_id:
                first.setdefault(kb.entities[entry.entity_id].type, entry.entity_id)
        return first

    @cached_property
    def linked(self) -> tuple[str, tuple[str, ...]] | None:
        """The first entity's type and every entity of that type, each once: what a mention links to."""
        kb = knowledge.load()
        ids = tuple(dict.fromkeys(e.entity_id for e in self.entries if e.entity_id))
        if not ids:
            return None
        kind = kb.entities[ids[0]].type
        return kind, tuple(i for i in ids if kb.entities[i].type == kind)

    @cached_property
    def title(self) -> knowledge.Title | None:
        """The first title that is not an honorific."""
        return next((e.title for e in self.entries if e.title is not None and not e.title.person_prefix), None)

    @cached_property
    def honorific(self) -> bool:
        """Whether the form is an honorific ("ông", "bà")."""
        return any(e.title is not None and e.title.person_prefix for e in self.entries)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    reading: Reading


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


def on_boundaries(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _accepts(entry: Entry, written: str) -> bool:
    """Strict aliases must be written exactly; one-word names must be capitalized."""
    if entry.strict:
        return written == entry.text
    if entry.title is not None:
        # A title keeps its marks: folded, "bà" (Mrs) would read "Bá" and "Thủ hiến" (a chief
        # minister) "Thu Hiền" (a given name).
        return written.lower() == entry.text.lower()
    if " " not in entry.text.strip() and not written[:1].isupper():
        return False
    # A name written with capitals is not found in lowercase words ("con mình" is no Côn Minh).
    return written != written.lower() or entry.text == entry.text.lower()


# Written form → (its automaton entries, its reading): the same names recur.
_ACCEPTED: dict[str, tuple[tuple[Entry, ...], Reading]] = {}


def find(text: str, folded: str | None = None) -> list[Hit]:
    """All accepted hits, overlapping ones included (the caller picks)."""
    folded = fold_same_length(text) if folded is None else folded
    hits = []
    size = len(text)
    for end_index, (length, entries) in automaton().iter(folded):
        start, end = end_index - length + 1, end_index + 1
        if (start > 0 and text[start - 1].isalnum()) or (end < size and text[end].isalnum()):
            continue  # not on word boundaries (see on_boundaries)
        written = text[start:end]
        known = _ACCEPTED.get(written)
        if known is None or known[0] is not entries:
            known = (entries, Reading(tuple(e for e in entries if _accepts(e, written))))
            if len(_ACCEPTED) > 65536:
                _ACCEPTED.clear()
            _ACCEPTED[written] = known
        if known[1].entries:
            hits.append(Hit(start, end, known[1]))
    return hits


def longest_first(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits, longer ones first, in text order."""
    chosen: list[Hit] = []  # kept in text order; disjoint, so only the neighbour before can overlap
    starts: list[int] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        i = bisect_left(starts, hit.end)
        if i == 0 or chosen[i - 1].end <= hit.start:
            chosen.insert(i, hit)
            starts.insert(i, hit.start)
    return chosen
