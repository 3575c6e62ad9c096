"""Sport is not politics: a match between two countries' teams is no meeting between the countries.

News streams mix sport with politics, and sport speaks the language of diplomacy: teams
"meet" (gặp) and "receive" (tiếp) one another, coaches "affirm" and "admit". A candidate
found in a sentence that speaks of sport (``lexicons/sports_cues.tsv``) is kept only when
a political figure is one of its parties: a person the knowledge base knows, a person
named with a political office, or a government body ("the Prime Minister received the
team" stays an event).
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from sukien.errors import DataFileError
from sukien.model import ORGANIZATION, PERSON, Document, Event

_POLITICAL_SECTORS = {"GOV", "PTY", "MIL", "LEG", "DIP", "JUD", "IGO"}
_POLITICAL_BODIES = {"government", "ministry", "legislature", "party", "igo", "military", "court", "front"}


@lru_cache(maxsize=1)
def _cues() -> re.Pattern[str]:
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


def speaks_of_sport(text: str) -> bool:
    return _cues().search(text) is not None


def _political(entity_id: str, document: Document) -> bool:
    entity = document.entities.get(entity_id)
    if entity is None:
        return False
    if entity.type == PERSON:
        if not entity.discovered:
            return True
        return any(role.sector in _POLITICAL_SECTORS for m in document.mentions if entity_id in m.entity_ids
                   for role in m.roles)
    return entity.type == ORGANIZATION and entity.kind in _POLITICAL_BODIES


def political_or_not_sport(event: Event, document: Document) -> bool:
    """False for an event told in the words of sport with no political figure among its parties."""
    if not any(speaks_of_sport(span.text) for span in event.evidence):
        return True
    return any(_political(entity_id, document) for entity_id in event.source + event.target)
