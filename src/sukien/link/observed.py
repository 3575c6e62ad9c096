"""Offices that stored articles show people holding, for the linker to consult after the knowledge base.

An article that names a person with an office and its country ("Thủ tướng Nam Phi Thabo
Mkhandeni tiếp …") is evidence that the person held that office on the article's date. A store
keeps these observations (``store.observed``); an ingest hands them to the linker as one
``ObservedOffices``, which answers "who held this office of this country on this day?" with one
dictionary lookup keyed by (folded English title, country).

``settle`` is the rule the linker follows for a title with a country and no name in the article
("Thủ tướng Nam Phi"):

- the knowledge base's holder on the day comes first;
- an observed holder is used when the knowledge base has none, or when the knowledge base's
  holder holds the office open-ended, the day is after the date the knowledge base is current to
  (``KB_AS_OF``, or the start of that office when later), and the observations show another
  person holding it that day;
- an observed holder counts for a day within its first and last day seen plus ``GRACE``, it must
  be seen in at least ``MIN_ARTICLES`` articles, and exactly one person may qualify (the
  knowledge base's holder, when observed too, is one of them).

``conflicts`` lists where the observations and the knowledge base disagree, and whose answer the
linker takes: ``sukien entities --conflicts`` shows them.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from sukien.kb import KnowledgeBase, Office
from sukien.model import Entity
from sukien.normalize import fold

# Two articles, not one: a single article may pair a title with the wrong name (a headline's
# office with the guest named next to it, a name the tagger cut short); two articles that name
# the same person with the same office on different days are corroboration. More would leave
# most foreign officials, named a handful of times a year, unremembered.
MIN_ARTICLES = 2
# Offices change hands rarely, and the press names an office-holder by name often: two months
# after an office-holder was last named so, the title alone still means them; after that the
# observation no longer answers (a cabinet reshuffle or an election may have intervened unseen).
GRACE = timedelta(days=60)
# The knowledge base's open-ended roles are true as of this day (data/kb/PROVENANCE.md).
KB_AS_OF = date(2025, 10, 1)


def office_key(title_en: str | None, country: str | None) -> tuple[str, str]:
    """The lookup key of an office: its folded English title and its country."""
    return fold(title_en or ""), country or ""


@dataclass(frozen=True)
class ObservedHolder:
    """A person the stored articles name with an office: first and last day seen, articles saying so."""

    entity: Entity
    title_vi: str | None
    title_en: str
    country: str
    first_seen: date
    last_seen: date
    articles: int

    @property
    def key(self) -> tuple[str, str]:
        return office_key(self.title_en, self.country)

    def covers(self, day: date) -> bool:
        return self.first_seen <= day <= self.last_seen + GRACE


@dataclass(frozen=True)
class ObservedOffices:
    """Observed holders of offices with a country, by ``office_key``: those seen in enough articles."""

    by_office: Mapping[tuple[str, str], tuple[ObservedHolder, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, holders: Iterable[ObservedHolder]) -> ObservedOffices:
        index: dict[tuple[str, str], dict[str, ObservedHolder]] = {}
        for holder in holders:
            if holder.articles >= MIN_ARTICLES:
                index.setdefault(holder.key, {})[holder.entity.id] = holder
        return cls({key: tuple(people.values()) for key, people in index.items()})

    def __len__(self) -> int:
        return sum(len(holders) for holders in self.by_office.values())

    def holders(self) -> Iterable[ObservedHolder]:
        for holders in self.by_office.values():
            yield from holders

    def updated(self, holders: Iterable[ObservedHolder]) -> ObservedOffices:
        """These observations in place of the same person's same office held so far."""
        fresh = {(h.key, h.entity.id): h for h in holders}
        kept = [h for h in self.holders() if (h.key, h.entity.id) not in fresh]
        return ObservedOffices.of([*kept, *fresh.values()])

    def on(self, title_en: str | None, country: str | None, day: date) -> tuple[ObservedHolder, ...]:
        """The observed holders of the office whose window covers ``day``."""
        found = self.by_office.get(office_key(title_en, country))
        return tuple(h for h in found if h.covers(day)) if found else ()


def trusted_until(office: Office) -> date:
    """The last day the knowledge base vouches for an open-ended office: its as-of date, or the
    office's start when it was entered later (Vietnam's changes of 2026)."""
    return max(KB_AS_OF, office.start) if office.start else KB_AS_OF


def settle(known: list[tuple[str, Office]], seen: tuple[ObservedHolder, ...],
           day: date) -> tuple[list[str], ObservedHolder | None]:
    """Who held the office on ``day``: the knowledge base's holders (``known``), or the one observed
    holder that the rule of this module lets answer instead (returned second)."""
    people = {holder.entity.id: holder for holder in seen}
    if len(people) != 1:
        return [person for person, _ in known], None
    (person, holder), = people.items()
    if not known:
        return [person], holder
    stale = all(office.end is None and day > trusted_until(office) for _, office in known)
    if stale and person not in {p for p, _ in known}:
        return [person], holder
    return [p for p, _ in known], None


@dataclass(frozen=True)
class RoleConflict:
    """An observed holder of an office the knowledge base gives another person over the same days."""

    observed: ObservedHolder
    kb_person: Entity
    kb_office: Office
    linker: str  # "knowledge base", or "observed from YYYY-MM-DD" when the observation answers later

    def as_dict(self) -> dict[str, object]:
        o, k = self.observed, self.kb_office
        return {"office": o.title_en, "title_vi": o.title_vi, "country": o.country,
                "observed_id": o.entity.id, "observed_name": o.entity.name_vi or o.entity.name,
                "first_seen": o.first_seen.isoformat(), "last_seen": o.last_seen.isoformat(),
                "articles": o.articles, "kb_id": self.kb_person.id,
                "kb_name": self.kb_person.name_vi or self.kb_person.name, "kb_title": k.title_en,
                "kb_start": k.start.isoformat() if k.start else None,
                "kb_end": k.end.isoformat() if k.end else None, "linker": self.linker}


def conflicts(observed: ObservedOffices, kb: KnowledgeBase) -> list[RoleConflict]:
    """Observed holders whose days seen (with the grace period) overlap another person's term in
    the knowledge base for the same office and country."""
    found = []
    by_country = kb.offices_by_country()
    for holder in observed.holders():
        english = fold(holder.title_en)
        last = holder.last_seen + GRACE
        for person, office in by_country.get(holder.country, ()):
            if person == holder.entity.id or not fold(office.title_en).startswith(english):
                continue
            if (office.start and office.start > last) or (office.end and office.end < holder.first_seen):
                continue
            found.append(RoleConflict(holder, kb.entities[person], office, _linker(holder, office)))
    found.sort(key=lambda c: (c.observed.country, c.observed.title_en, c.observed.first_seen, c.observed.entity.id))
    return found


def _linker(holder: ObservedHolder, office: Office) -> str:
    """Whose answer the linker takes over the days they disagree on (when no other person is observed)."""
    if office.end is not None or holder.last_seen + GRACE <= trusted_until(office):
        return "knowledge base"
    since = max(holder.first_seen, trusted_until(office) + timedelta(days=1))
    return f"observed from {since.isoformat()}"
