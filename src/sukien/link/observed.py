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

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import lru_cache

from sukien import kb as knowledge
from sukien.kb import KnowledgeBase, Office
from sukien.model import Entity
from sukien.normalize import fold as _fold

# Two articles, not one: a single article may pair a title with the wrong name (a headline's
# office with the guest named next to it, a name the tagger cut short); two articles that name
# the same person with the same office on different days are corroboration. More would leave
# most foreign officials, named a handful of times a year, unremembered.
MIN_ARTICLES = 2
# Offices change hands rarely, and the press names an office-holder by name often: two months
# after an office-holder was last named so, the title alone still means them; after that the
# observation no longer answers (a cabinet reshuffle or an election may have intervened unseen).
GRACE = timedelta(days=60)
# Two words this alike (difflib's ratio, folded) are one name spelt two ways ("Araqchi", "Araghchi");
# a successor whose name differs from the incumbent's only so would be taken for them: the safe side.
SAME_SPELLING = 0.8
# The knowledge base's open-ended roles are true as of this day (data/kb/PROVENANCE.md).
KB_AS_OF = date(2025, 10, 1)

fold = lru_cache(maxsize=4096)(_fold)  # the same few titles are looked up in every article


# Titles that many people of one country hold at once: the title alone names none of them
# (kept as ``title_words`` gives them: folded words, sorted).
MANY_HOLDERS = frozenset(" ".join(sorted(title.split())) for title in (
    "bo truong", "thu truong", "pho thu tuong", "nghi si", "thuong nghi si", "ha nghi si", "dai bieu",
    "tuong", "quan chuc", "lanh dao", "pho chu tich"))


@lru_cache(maxsize=8192)
def title_words(title_vi: str, country: str) -> str:
    """"Bộ trưởng Chiến tranh Mỹ" of USA → "bo chien tranh truong": the office's folded words
    without its country's names, so that "Thủ tướng Nhật" and "Thủ tướng Nhật Bản" are one office
    and "Bộ trưởng Tài chính Mỹ" is not "Bộ trưởng Quốc phòng Mỹ" (both "Minister" in English)."""
    folded = fold(title_vi)
    words = set(folded.split())
    entity = knowledge.load().country_entity(country)
    for name in (entity.name_vi or entity.name, *entity.aliases) if entity is not None else ():
        if fold(name) in folded:
            words -= set(fold(name).split())
    return " ".join(sorted(words))


def office_key(title_en: str | None, title_vi: str | None, country: str | None) -> tuple[str, str, str]:
    """The lookup key of an office: its folded English title, its country and its Vietnamese words."""
    return fold(title_en or ""), country or "", title_words(title_vi or title_en or "", country or "")


def names_many(key: tuple[str, str, str]) -> bool:
    """Whether the office is one that many people hold at once ("Bộ trưởng Israel")."""
    return key[2] in MANY_HOLDERS


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
    def key(self) -> tuple[str, str, str]:
        return office_key(self.title_en, self.title_vi, self.country)

    def covers(self, day: date) -> bool:
        return self.first_seen <= day <= self.last_seen + GRACE


@dataclass(frozen=True)
class ObservedOffices:
    """Observed holders of offices with a country, by ``office_key``: those seen in enough articles."""

    by_office: Mapping[tuple[str, str, str], tuple[ObservedHolder, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, holders: Iterable[ObservedHolder]) -> ObservedOffices:
        index: dict[tuple[str, str, str], dict[str, ObservedHolder]] = {}
        for holder in holders:
            if holder.articles >= MIN_ARTICLES and not names_many(holder.key) and _of_country(holder):
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

    def on(self, title_en: str | None, title_vi: str | None, country: str | None,
           day: date) -> tuple[ObservedHolder, ...]:
        """The observed holders of the office whose window covers ``day``."""
        found = self.by_office.get(office_key(title_en, title_vi, country))
        return tuple(h for h in found if h.covers(day)) if found else ()


def _of_country(holder: ObservedHolder) -> bool:
    """A person known to be of another country holds no office of this one ("Tô Lâm" read into
    "Chủ tịch nước Lào Thongloun Sisoulith và Tô Lâm")."""
    return holder.entity.country in (None, holder.country)


def trusted_until(office: Office) -> date:
    """The last day the knowledge base vouches for an open-ended office: its as-of date, or the
    office's start when it was entered later (Vietnam's changes of 2026)."""
    return max(KB_AS_OF, office.start) if office.start else KB_AS_OF


def settle(known: list[tuple[str, Office]], seen: tuple[ObservedHolder, ...], day: date,
           kb: KnowledgeBase) -> tuple[list[str], ObservedHolder | None]:
    """Who held the office on ``day``: the knowledge base's holders (``known``), or the one observed
    holder that the rule of this module lets answer instead (returned second)."""
    people = {holder.entity.id: holder for holder in seen}
    if len(people) != 1:
        return [person for person, _ in known], None
    (person, holder), = people.items()
    if _left(holder, kb, day) or any(_same_person(holder.entity, kb.entities.get(p)) for p, _ in known):
        return [p for p, _ in known], None
    if all(_outdated(office, holder, day) for _, office in known):
        return [person], holder
    return [p for p, _ in known], None


def _outdated(office: Office, holder: ObservedHolder, day: date) -> bool:
    """Whether the observations say the knowledge base's open-ended ``office`` changed hands: the
    day and the observations are after the date the knowledge base vouches for, and the observed
    holder was first named so after the knowledge base's holder took office (not a predecessor)."""
    until = trusted_until(office)
    return (office.end is None and day > until and holder.last_seen > until
            and (office.start is None or holder.first_seen > office.start))


def _left(holder: ObservedHolder, kb: KnowledgeBase, day: date) -> bool:
    """Whether the knowledge base says the observed person left this office before ``day``."""
    english = fold(holder.title_en)
    return any(o.end is not None and o.end < day and o.country == holder.country
               and fold(o.title_en).startswith(english) for o in kb.offices.get(holder.entity.id, ()))


def _same_person(observed: Entity, known: Entity | None) -> bool:
    """A discovered name that is part of the knowledge base's holder's ("Bruno Rodríguez"), or
    another spelling of it ("Abbas Araqchi"): the knowledge base's holder, under another name."""
    if not observed.discovered or known is None:
        return False
    words, known_words = fold(observed.name_vi or observed.name).split(), fold(known.name_vi or known.name).split()
    return bool(words) and (set(words) <= set(known_words) or _respelt(words, known_words))


def _respelt(words: list[str], known: list[str]) -> bool:
    """The same words but one, a long one spelt alike ("araqchi", "araghchi")."""
    differ = [(a, b) for a, b in zip(words, known, strict=False) if a != b]
    return (len(words) == len(known) and len(differ) == 1 and min(map(len, differ[0])) >= 5
            and SequenceMatcher(None, *differ[0]).ratio() >= SAME_SPELLING)


@dataclass(frozen=True)
class RoleConflict:
    """An observed holder of an office the knowledge base gives another person over the same days."""

    observed: ObservedHolder
    kb_person: Entity
    kb_office: Office
    linker: str  # "knowledge base", or "observed from YYYY-MM-DD": the day from which the observation answers

    def as_dict(self) -> dict[str, object]:
        o, k = self.observed, self.kb_office
        return {"office": o.title_en, "title_vi": o.title_vi, "country": o.country,
                "observed_id": o.entity.id, "observed_name": o.entity.name_vi or o.entity.name,
                "first_seen": o.first_seen.isoformat(), "last_seen": o.last_seen.isoformat(),
                "articles": o.articles, "kb_id": self.kb_person.id,
                "kb_name": self.kb_person.name_vi or self.kb_person.name, "kb_title": k.title_en,
                "kb_start": k.start.isoformat() if k.start else None,
                "kb_end": k.end.isoformat() if k.end else None, "linker": self.linker}


KbHolders = Callable[[str, str, str, date], list[tuple[str, Office]]]  # ``coref.kb_holders``


def conflicts(observed: ObservedOffices, kb: KnowledgeBase, kb_holders: KbHolders) -> list[RoleConflict]:
    """Observed holders of an office that the knowledge base, asked as the linker asks it, gives
    another person on days the observation covers; with whose answer the linker takes."""
    found = []
    for holder in observed.holders():
        answers: dict[str, tuple[Office, list[date]]] = {}
        for day in _turns(holder, kb):
            known = kb_holders(holder.title_en, holder.title_vi or holder.title_en, holder.country, day)
            if len(known) == 1 and known[0][0] != holder.entity.id \
                    and not _same_person(holder.entity, kb.entities.get(known[0][0])):
                answers.setdefault(known[0][0], (known[0][1], []))[1].append(day)
        for person, (office, days) in answers.items():
            taken = [day for day in days if settle([(person, office)], (holder,), day, kb)[1] is not None]
            linker = f"observed from {max(min(taken), holder.first_seen).isoformat()}" if taken else "knowledge base"
            found.append(RoleConflict(holder, kb.entities[person], office, linker))
    found.sort(key=lambda c: (c.observed.country, c.observed.title_en, c.observed.first_seen, c.observed.entity.id))
    return found


def _turns(holder: ObservedHolder, kb: KnowledgeBase) -> list[date]:
    """The days within the observation's window on which the knowledge base's answer, or the rule's,
    may change: between two of them both stay the same."""
    first, last = holder.first_seen, holder.last_seen + GRACE
    days = {first, last}
    one = timedelta(days=1)
    for _, office in kb.offices_by_country().get(holder.country, ()):
        days.update(d for d in (office.start, office.end and office.end + one,
                                trusted_until(office) + one) if d)
    days.update(o.end + one for o in kb.offices.get(holder.entity.id, ()) if o.end)
    return sorted(d for d in days if first <= d <= last)
