"""Not every act in the news is political: sport, show business and crime speak the same verbs.

News streams mix politics with everything else, and the rest borrows the language of
diplomacy: teams "meet" (gặp) and "receive" (tiếp) one another, coaches "affirm" and
"admit", a singer "supports" a friend, a defendant "admits" a bribe. Two general signs
tell such a candidate from a political act:

- it is told in the words of sport (``lexicons/sports_cues.tsv``) and no political figure
  is one of its parties ("the Prime Minister received the team" stays an event);
- every party is a person the knowledge base does not know, named with no political
  office, in an article that names no political figure at all.

A political figure is a person the knowledge base knows, a person the article names with
a political office, or a government body, party, legislature, court, army or
international organisation. Countries alone do not count: teams and contestants go by
their countries' names.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from sukien.errors import DataFileError
from sukien.model import ORGANIZATION, PERSON, Document, Event

_POLITICAL_SECTORS = {"GOV", "PTY", "MIL", "LEG", "DIP", "JUD", "IGO", "ELI"}  # ELI: a former office holder
_POLITICAL_BODIES = {"government", "ministry", "legislature", "party", "igo", "military", "court", "front",
                     "movement"}


@lru_cache(maxsize=1)
def _sports_cues() -> re.Pattern[str]:
    path = resources.files("sukien") / "data" / "lexicons" / "sports_cues.tsv"
    exact, folded = [], []
    with path.open(encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in handle if line.strip() and not line.startswith("#")]
    for number, line in enumerate(lines[1:], start=2):
        cue, _, case = line.partition("\t")
        if case not in ("exact", "any") or not cue:
            raise DataFileError(f"{path}: row {number}: expected 'cue<TAB>exact|any', got {line!r}")
        (exact if case == "exact" else folded).append(re.escape(cue))
    words = [f"(?-i:{cue})" for cue in exact] + folded
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?!\w)", re.I)


@lru_cache(maxsize=4096)  # the candidates of one sentence share its text
def speaks_of_sport(text: str) -> bool:
    return _sports_cues().search(text) is not None


def political_figures(document: Document) -> frozenset[str]:
    """The ids of the article's political figures."""
    in_office = {i for m in document.mentions if any(role.sector in _POLITICAL_SECTORS for role in m.roles)
                 for i in m.entity_ids}
    return frozenset(i for i, entity in document.entities.items()
                     if (entity.type == PERSON and (not entity.discovered or i in in_office))
                     or (entity.type == ORGANIZATION and entity.kind in _POLITICAL_BODIES))


def _unknown_people_only(event: Event, document: Document) -> bool:
    parties = [document.entities.get(i) for i in event.source + event.target]
    return bool(parties) and all(p is not None and p.type == PERSON and p.discovered for p in parties)


def is_political(event: Event, document: Document, figures: frozenset[str]) -> bool:
    """False for a candidate told in the words of sport with no political figure among its parties, and
    for one between unknown people in an article that names no political figure (``figures``)."""
    if figures.intersection(event.source + event.target):
        return True
    if any(speaks_of_sport(span.text) for span in event.evidence):
        return False
    return bool(figures) or not _unknown_people_only(event, document)
