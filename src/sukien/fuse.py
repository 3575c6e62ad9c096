"""Cross-document fusion: does a newly reported event join an event already known?

Pure functions over small records; the store looks candidates up by index
(``family``, ``actor_key``, a ``sort_date`` window from ``window``; for the fallback
below ``country_key`` and the window of ``country_lookup``) and asks ``decide``. The
rules favour precision: a false merge hides an event, a missed merge only leaves a
duplicate row.

- Same *family* of CAMEO codes (``FAMILIES``): 040 talks and 046 meetings are one
  family; 041 phone calls, 042 visits, 043 hosting and 044 side-line meetings each
  stand alone; all 03x intents are one family; 111/112/114 criticism is one family.
  Any other code is its own family.
- Same actors: the entity ids of source and target. For symmetric codes
  (talks, calls, agreements) the union is compared; for directed ones (visit, host,
  praise, criticise) source and target separately. A country named beside one of its
  own people or bodies on the same side adds nobody (``fuse_actors.principals``).
- Or, when no event has the same actors, the same actors up to their countries
  (``country_key``): one report names a country where another names its leader ("the
  two sides" for two presidents). Every actor of each report must be an actor of the
  other, or a country that is the other's actor's, or stand in a country that the other
  names as an actor: two different people of one country never match. A ministry or
  government is covered by a person of its country where the other names no body of it
  (the ministers who sign for their ministries). Only for
  occasions (``OCCASION_PREFIXES``: intents, consultations, signings; not the many
  statements of a day; a signing by bare countries, "the two sides concluded agreements",
  never: it may be another act than the leaders' signing of that day) between two parties or more, both dated within a week with one
  range inside the other (``TIGHT_DAYS``); exactly one stored event may fit (vaguer
  copies of it aside: the same up to countries, fewer people named), and no other
  occasion between those countries on those days may fit one report and not the other
  (a visitor who met two leaders that day: "the two sides agreed" is neither's).
- Same polarity and modality: a planned meeting never joins the meeting held.
- Compatible dates: ranges overlap when both are at most a month long; coarser ones
  (a year, a decade) must be equal. A visit lasts days and reports date different
  days of it: visits of one person to the same known country may be up to
  ``VISIT_GAP_DAYS`` apart. An undated report stands for the week before its
  publication (``UNDATED_DAYS``) and joins only an event of exactly the same code, and
  only a consultation or signing (``UNDATED_PREFIXES``).
- Compatible place: the same country, or either unknown.
- Another article: two events one article reports are two events (repeated mentions
  of one event are merged by the pipeline before the store sees them).

What a fused event shows, from all the reports that joined it, is ``fuse_reports.summarize``.

A visit (042, A→B) and a hosting (043, B→A) of the same days are not merged: they are
recorded as related (``mirror_family`` / ``mirror_actor_key``).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sukien.fuse_actors import (
    COUNTRY,
    country_key,
    key_sides,
    principals,
    same_up_to_countries,
)
from sukien.normalize.words import share_alike

UNDATED_DAYS = 7  # an undated report is taken to be about the last week before it
FINE_DAYS = 31  # ranges longer than this (year, decade) merge only when equal
NO_DATE = date(1, 1, 1)
TIGHT_DAYS = 7  # the country-level fallback needs dates at most a week long, one within the other
VISIT_GAP_DAYS = 3  # reports of one visit to a known country may date days this far apart (a state visit: 3-4 days)
VISIT = "042"
# Occasions (intents agreed, talks, calls, visits, hosting, signings) happen once a day between
# two parties; statements, praise and criticism come many a day: no country-level fallback.
OCCASION_PREFIXES = ("03", "04", "057")
# Undated reports merge only for consultations and signings, rarely twice a week between the
# same parties; intents, statements and criticism between them repeat: an undated one is any.
UNDATED_PREFIXES = ("04", "057")

# Things said (statements, appeals, intents, praise, criticism): many a day between the same parties, so
# two reports join only when they say much the same (``says_alike``); not a signing (057), an occasion.
SAID_ROOTS = ("01", "02", "03", "05", "10", "11", "12", "13")
SAID_OVERLAP = 0.4  # shared words, as a share of the shorter report's
SIGNING = "057"

FAMILIES: dict[str, str] = {
    "046": "040",  # meet / work with = talks: the press uses them for one meeting
    **{f"03{d}": "030" for d in "0123456789"},  # intents to cooperate
    "111": "111", "112": "111", "114": "111",  # criticise, accuse, complain
}
SYMMETRIC_PREFIXES = ("03", "040", "041", "044", "046", "057", "06")
MIRRORS = {"042": "043", "043": "042"}  # visit ↔ host


@dataclass(frozen=True)
class Observation:
    """One contract event as one article reports it (entity ids already as stored)."""

    article_id: str
    event_id: str
    cameo: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    date_start: date | None = None
    date_end: date | None = None
    place_country: str | None = None
    negated: bool = False
    modality: str = "asserted"
    published: date | None = None
    outlet: str | None = None
    confidence: float = 0.5
    countries: tuple[tuple[str, str], ...] = ()  # (actor id, ISO alpha-3) where known
    inferred: bool = False  # the date is the article's, not stated for this event
    words: frozenset[str] = frozenset()  # what the evidence says (``content_words``)


@dataclass(frozen=True)
class Candidate:
    """What fusion needs to know of a fused event already stored."""

    id: str
    cameo: str
    actor_key: str
    date_start: date | None
    date_end: date | None
    place_country: str | None
    negated: bool
    modality: str
    first_seen: date | None
    last_seen: date | None
    articles: frozenset[str]
    num_mentions: int = 1
    countries: tuple[tuple[str, str], ...] = ()  # of the actors in actor_key, where known
    words: frozenset[str] = frozenset()  # what its representative report says (``content_words``)


@dataclass(frozen=True)
class Decision:
    join: str | None  # id of the fused event to join; None: create a new one
    related: tuple[str, ...] = ()  # mirrored events to link


def family(cameo: str) -> str:
    code = cameo[:3]
    return FAMILIES.get(code, code)


def root(cameo: str) -> str:
    return cameo[:2]


def quad_class(cameo: str) -> int:
    """GDELT QuadClass: 1 verbal cooperation, 2 material cooperation, 3/4 verbal/material conflict."""
    r = int(cameo[:2]) if cameo[:2].isdigit() else 0
    return 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4


def is_symmetric(cameo: str) -> bool:
    return cameo.startswith(SYMMETRIC_PREFIXES)


def actor_key(cameo: str, source: Iterable[str], target: Iterable[str],
              countries: Mapping[str, str] | None = None) -> str:
    """The identity of who took part, ordered only when the code has a direction. With the
    actors' ``countries``, a country named beside its own people on one side is left out
    (``principals``): "Trump praised Macron and France" is "Trump praised Macron"."""
    return _key(is_symmetric(cameo), source, target, countries or {})


def _key(symmetric: bool, source: Iterable[str], target: Iterable[str], countries: Mapping[str, str]) -> str:
    if symmetric:
        return "=" + "|".join(sorted(principals({*source, *target}, countries)))
    return "|".join(sorted(principals(source, countries))) + ">" + "|".join(sorted(principals(target, countries)))


def observed_key(obs: Observation) -> str:
    """The actor key of a report, its actors' countries known."""
    return _line_up_key(is_symmetric(obs.cameo), tuple(obs.source), tuple(obs.target), tuple(obs.countries))


@lru_cache(maxsize=8192)
def _line_up_key(symmetric: bool, source: tuple[str, ...], target: tuple[str, ...],
                 countries: tuple[tuple[str, str], ...]) -> str:
    """``actor_key`` of a report's line-up, kept: fusion asks for a report's key several times
    (planning the batch's lookups, choosing candidates, comparing each), and line-ups recur."""
    return _key(symmetric, source, target, dict(countries))


def country_lookup(obs: Observation) -> tuple[str, tuple[date, date]] | None:
    """The country key and ``sort_date`` range of the fallback lookup; None where it cannot apply."""
    if (obs.date_start is None or _span_days(obs.date_start, obs.date_end) > TIGHT_DAYS
            or not obs.cameo.startswith(OCCASION_PREFIXES)):
        return None
    key = country_key(obs.source, obs.target, dict(obs.countries))
    if key.count("|") < 1:
        return None  # one party only: too vague to tell one event of the day from another
    end = obs.date_end or obs.date_start
    return key, (end - timedelta(days=TIGHT_DAYS - 1), end)


def _lineup(cand: Candidate) -> set[str]:
    source, target = key_sides(cand.actor_key)
    return {*source, *target}


def _only_countries(ids) -> bool:
    return all(i.startswith("country:") for i in ids)


def _country_match(obs: Observation, cand: Candidate) -> bool:
    """The fallback's actor rule: the same country key, the same actors up to countries."""
    lookup = country_lookup(obs)
    countries = {**dict(cand.countries), **dict(obs.countries)}
    source, target = key_sides(cand.actor_key)
    if lookup is None or country_key(source, target, countries) != lookup[0]:
        return False
    if obs.cameo.startswith("057") and (_only_countries([*obs.source, *obs.target])
                                        or _only_countries(_lineup(cand))):
        return False
    if is_symmetric(obs.cameo):
        return same_up_to_countries([*obs.source, *obs.target], _lineup(cand), countries)
    return (same_up_to_countries(obs.source, source, countries)
            and same_up_to_countries(obs.target, target, countries))


def _country_pick(obs: Observation, fitting: list[Candidate], others: Sequence[Candidate]) -> list[Candidate]:
    """The one event a report that fits only up to countries joins, if any: a vaguer copy of
    another fitting event (the same up to countries, fewer people named) does not count."""
    countries = {**{k: v for c in others for k, v in c.countries}, **dict(obs.countries)}
    def named(c: Candidate) -> int:
        return sum(not e.startswith(COUNTRY) for e in _lineup(c))
    sharp = [c for c in fitting if not any(
        named(o) > named(c) and same_up_to_countries(_lineup(c), _lineup(o), countries) for o in fitting)]
    return sharp if len(sharp) == 1 and not _ambiguous(obs, sharp[0], others, countries) else []


def _ambiguous(obs: Observation, chosen: Candidate, others: Sequence[Candidate],
               countries: Mapping[str, str]) -> bool:
    """Another occasion of those days between the same countries that either report could mean
    and the other could not: then a country-level report may stand for it instead."""
    mine, theirs = {*obs.source, *obs.target}, _lineup(chosen)
    for other in others:
        if other.id == chosen.id or not other.cameo.startswith(OCCASION_PREFIXES) or not _tight(obs, other):
            continue
        lineup = _lineup(other)
        if same_up_to_countries(lineup, mine, countries) != same_up_to_countries(lineup, theirs, countries):
            return True
    return False


def _tight(obs: Observation, cand: Candidate) -> bool:
    """Both dated within a week, one range inside the other."""
    if obs.date_start is None or cand.date_start is None:
        return False
    (a, b), (c, d) = (obs.date_start, obs.date_end or obs.date_start), (cand.date_start, cand.date_end or cand.date_start)
    return max((b - a).days, (d - c).days) < TIGHT_DAYS and ((a <= c and d <= b) or (c <= a and b <= d))


def mirror_family(cameo: str) -> str | None:
    return MIRRORS.get(cameo[:3])


def mirror_actor_key(obs: Observation) -> str:
    return _line_up_key(is_symmetric(MIRRORS.get(obs.cameo[:3], obs.cameo)), tuple(obs.target), tuple(obs.source),
                        tuple(obs.countries))


def _span_days(start: date, end: date | None) -> int:
    return ((end or start) - start).days + 1


def effective_range(start: date | None, end: date | None,
                    first_seen: date | None, last_seen: date | None) -> tuple[date, date] | None:
    """The dates an event may be on: stated, else the week before it was reported."""
    if start is not None:
        return start, end or start
    if first_seen is None:
        return None
    return first_seen - timedelta(days=UNDATED_DAYS), (last_seen or first_seen) + timedelta(days=1)


def window(obs: Observation) -> tuple[date, date]:
    """The ``sort_date`` range in which every candidate ``decide`` could accept lies."""
    if obs.date_start is not None and _span_days(obs.date_start, obs.date_end) > FINE_DAYS:
        return obs.date_start, obs.date_start  # coarse dates merge only when equal
    anchor = obs.date_start or obs.published
    if anchor is None:
        return NO_DATE, NO_DATE
    end = obs.date_end or anchor
    return anchor - timedelta(days=FINE_DAYS + 2 * UNDATED_DAYS), end + timedelta(days=UNDATED_DAYS + 1)


def dates_compatible(obs: Observation, cand: Candidate) -> bool:
    if (obs.date_start is None or cand.date_start is None) and (
            obs.cameo != cand.cameo or not obs.cameo.startswith(UNDATED_PREFIXES)):
        return False
    if obs.date_start is not None and cand.date_start is not None:
        coarse = (_span_days(obs.date_start, obs.date_end) > FINE_DAYS
                  or _span_days(cand.date_start, cand.date_end) > FINE_DAYS)
        if coarse:
            return (obs.date_start, obs.date_end or obs.date_start) == (
                cand.date_start, cand.date_end or cand.date_start)
    mine = effective_range(obs.date_start, obs.date_end, obs.published, obs.published)
    if (obs.inferred and obs.date_start is not None and obs.cameo.startswith(UNDATED_PREFIXES)
            and not obs.negated and obs.modality == "asserted"):
        # a meeting held, dated only by its article's date, is like an undated one of the week before
        mine = effective_range(None, None, obs.date_start, obs.date_end or obs.date_start)
    theirs = effective_range(cand.date_start, cand.date_end, cand.first_seen, cand.last_seen)
    if mine is None or theirs is None:
        return False
    one_trip = (obs.cameo[:3] == cand.cameo[:3] == "042" and obs.date_start and cand.date_start
                and obs.place_country and obs.place_country == cand.place_country)
    gap = timedelta(days=VISIT_GAP_DAYS if one_trip else 0)  # days of one visit, reported apart
    return mine[0] <= theirs[1] + gap and theirs[0] <= mine[1] + gap


def says_alike(obs: Observation, cand: Candidate) -> bool:
    """Two reports of one statement, agreement or accusation share much of what they say; two things said
    on one occasion between the same parties share only the occasion's words."""
    if obs.cameo[:2] not in SAID_ROOTS or obs.cameo.startswith(SIGNING) or not obs.words or not cand.words:
        return True  # a signing is an occasion: its reports name what was signed as they please
    return share_alike(obs.words, cand.words) >= SAID_OVERLAP


def compatible(obs: Observation, cand: Candidate, key: str | None = None) -> bool:
    """May ``obs`` join ``cand``? (``key``: ``observed_key(obs)``, when the caller has it.)

    The cheap tests come first: most candidates of a busy pair of actors fail one of them."""
    if family(obs.cameo) != family(cand.cameo):
        return False
    if not (obs.source or obs.target):
        return False  # an event without actors is nobody's: never merged
    if obs.article_id in cand.articles:
        return False  # two events of one article are two events: the pipeline merges repeats
    if obs.negated != cand.negated or obs.modality != cand.modality:
        return False
    if obs.place_country and cand.place_country and obs.place_country != cand.place_country:
        return False
    if not says_alike(obs, cand):
        return False
    if (key or observed_key(obs)) != cand.actor_key and not (
            _country_match(obs, cand) and _tight(obs, cand)):
        return False
    if obs.cameo.startswith(VISIT) and not any(i.startswith(COUNTRY) for i in obs.source + obs.target) and not (
            obs.place_country and obs.place_country == cand.place_country) and (
            obs.date_start is None or obs.date_start != cand.date_start):
        # a traveller's visits with no country named, days apart, are one trip only to one country
        return False
    return dates_compatible(obs, cand)


def _distance(obs: Observation, cand: Candidate) -> int:
    if obs.date_start is None or cand.date_start is None:
        return 10_000
    return abs((obs.date_start - cand.date_start).days)


def decide(obs: Observation, candidates: Sequence[Candidate],
           mirrors: Sequence[Candidate] = ()) -> Decision:
    """Join the closest compatible candidate (same actors, then same code first), or start a new
    event. One that fits only up to countries is joined when it is the only one (vaguer copies
    aside) and no other occasion among ``candidates`` makes it ambiguous."""
    key = observed_key(obs)
    fitting = [c for c in candidates if compatible(obs, c, key)]
    exact = [c for c in fitting if c.actor_key == key]
    fitting = exact or _country_pick(obs, fitting, candidates)
    fitting.sort(key=lambda c: (c.cameo != obs.cameo, _distance(obs, c), -c.num_mentions, c.id))
    related = tuple(sorted(m.id for m in mirrors if _mirrors(obs, m)))
    return Decision(fitting[0].id if fitting else None, related)


def _mirrors(obs: Observation, cand: Candidate) -> bool:
    if mirror_family(obs.cameo) != family(cand.cameo) or mirror_actor_key(obs) != cand.actor_key:
        return False
    if obs.negated != cand.negated or obs.modality != cand.modality:
        return False
    mine = effective_range(obs.date_start, obs.date_end, obs.published, obs.published)
    if (obs.inferred and obs.date_start is not None and obs.cameo.startswith(UNDATED_PREFIXES)
            and not obs.negated and obs.modality == "asserted"):
        # a meeting held, dated only by its article's date, is like an undated one of the week before
        mine = effective_range(None, None, obs.date_start, obs.date_end or obs.date_start)
    theirs = effective_range(cand.date_start, cand.date_end, cand.first_seen, cand.last_seen)
    return mine is not None and theirs is not None and mine[0] <= theirs[1] and theirs[0] <= mine[1]
