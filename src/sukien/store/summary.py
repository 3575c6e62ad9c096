"""The summary tables of the timeline and the actor network, kept exact at write time.

What an event adds to ``timeline_counts``, ``actor_counts`` and ``pair_scope_counts`` (its
``Share``) is read from the rows the scan in ``store/aggregate.py`` counts: the event's own
row, its ``event_actors`` and its ``event_pairs``, and its reports' best confidence. A write
reads the shares of the events it touches before and after it changes them and moves the
tables by the difference, in the same transaction: an event added, joined by a report,
re-dated, retyped or deleted, a report withdrawn, or an actor whose country became known.
The confidence the tables count an event with is kept on it (``events.confidence``), since a
withdrawn report is gone before the write reads the "before" share. ``summary_rebuild`` fills
the tables from the stored events in a few GROUP BY statements (migrations 11-13).

Scopes: the timeline counts "*", each actor's country, each actor and the place (its name and
its country), every row with the event's code, and again by the hundredth of its confidence
(``hundredth_of``) with the PLOVER type only; each actor at the place (every row only); and
``timeline_months`` the hundredths' scopes by month (a threshold's whole months read fewer rows
than its days). The network counts "*", the year, the month, the hundredths' scopes, the PLOVER
type and each threshold of ``BANDS`` the event reaches (cumulative: one scope per threshold read).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from sukien.store.engine import chunks, delete_rows, rows_of_keys, upsert_rows
from sukien.store.schema import (
    actor_counts,
    event_actors,
    event_mentions,
    event_pairs,
    events,
    pair_scope_counts,
    timeline_counts,
    timeline_months,
)

ALL = "*"
EVERY = -1  # the band of the rows that count every event of a scope, whatever its confidence
# The network's thresholds: an event counts in the scope of each one its most confident report
# reaches; the network of another threshold is counted over its newest events.
BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)
SCOPE_WIDTH = 220  # timeline_counts.scope: a longer place name is left to the scan


def hundredths(threshold: float) -> int:
    return int(round(threshold * 100))


def hundredth_of(confidence: float | None) -> int | None:
    """The band (0–100) the timeline counts an event this sure in: the highest h with
    ``confidence >= h / 100``, compared as a threshold of h / 100 is; None for an event no report
    of which gives a confidence (no threshold matches it)."""
    if confidence is None or confidence < 0:
        return None
    h = min(100, int(confidence * 100))
    while h < 100 and confidence >= (h + 1) / 100:
        h += 1
    while h > 0 and confidence < h / 100:
        h -= 1
    return h


def on_hundredths(threshold: float) -> bool:
    """Whether the timeline's bands answer this threshold exactly (0.65, not 0.655)."""
    return 0 <= threshold <= 1 and hundredths(threshold) / 100 == threshold


def confidence_scopes(confidence: float | None) -> list[str]:
    """The network's scopes of an event this sure: one per threshold of ``BANDS`` it reaches."""
    if confidence is None:
        return []
    return [f"confidence:{hundredths(threshold)}" for threshold in BANDS if confidence >= threshold]


def place_scopes(place_key: str | None, place_country: str | None) -> list[str]:
    """The timeline scopes of an event's place: its name (folded) and its country."""
    scopes = [f"place:{place_key}"] if place_key else []
    if place_country:
        scopes.append(f"place-country:{place_country}")
    return [scope for scope in scopes if len(scope) <= SCOPE_WIDTH]


def at_place(actor_scope: str, place_scope: str) -> str | None:
    """The timeline scope of an actor at a place ("actor:…@place:…"); None: too long to keep."""
    scope = f"{actor_scope}@{place_scope}"
    return scope if len(scope) <= SCOPE_WIDTH else None


def recount(conn: Connection, ids: list[str], change) -> None:
    """Run ``change(conn)``, which alters what the events ``ids`` count as, and move the tables."""
    before = shares(conn, ids)
    change(conn)
    apply(conn, before, shares(conn, ids))


@dataclass
class Share:
    """What one event adds to each summary table (keys as the tables' primary keys).

    The confidence band is read from the event's reports (``best``) but counted as the tables
    count it (``counted``, ``events.confidence``): a report withdrawn before the write (an
    article's new version) has already left ``event_mentions`` when the "before" share is read.
    """

    every: Counter = field(default_factory=Counter)  # timeline keys (scope, EVERY, day, plover, cameo, root)
    banded: tuple[tuple[str, date, str], ...] = ()  # (scope, day, plover) of its hundredth's timeline rows
    best: float | None = None  # the most confident report's confidence, as stored now
    counted: float | None = None  # the one the tables count it with (events.confidence)
    actors: Counter = field(default_factory=Counter)  # (scope, entity_id), but for its band's scope
    pairs: dict[tuple[str, str, str, str], date] = field(default_factory=dict)  # (scope, a, b, root): day
    sides: tuple[str, ...] = ()  # the entity of each of its event_actors rows
    pair_days: tuple[tuple[str, str, str, date], ...] = ()  # (a, b, root, day) of its event_pairs rows

    def counts_as(self, after: Share) -> bool:
        """Whether the event, counted as this share, counts the same as ``after`` (read now)."""
        return (hundredth_of(self.counted) == hundredth_of(after.best) and self.every == after.every
                and self.banded == after.banded and self.actors == after.actors and self.pairs == after.pairs
                and self.sides == after.sides and self.pair_days == after.pair_days)

    def timeline(self, confidence: float | None) -> Counter:
        """Its timeline_counts keys, in the hundredth of ``confidence``."""
        band = hundredth_of(confidence)
        rows = Counter(self.every)
        if band is not None:
            rows.update((scope, band, day, plover, "", "") for scope, day, plover in self.banded)
        return rows

    def months(self, confidence: float | None) -> Counter:
        """Its timeline_months keys, in the hundredth of ``confidence``."""
        h = hundredth_of(confidence)
        if h is None:
            return Counter()
        return Counter((scope, h, day.replace(day=1), plover) for scope, day, plover in self.banded)

    def network(self, confidence: float | None) -> tuple[Counter, dict[tuple[str, str, str, str], date]]:
        """Its actor_counts and pair_scope_counts keys, with the scopes of the thresholds ``confidence``
        reaches: the network of a threshold reads one scope, as that of "*" does."""
        reached = confidence_scopes(confidence)
        if not reached:
            return self.actors, self.pairs
        actors = self.actors + Counter((scope, entity_id) for scope in reached for entity_id in self.sides)
        return actors, {**self.pairs, **{(scope, a, b, root): day for scope in reached
                                         for a, b, root, day in self.pair_days}}


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def shares(conn: Connection, ids: Iterable[str]) -> dict[str, Share]:
    """The share of each stored event among ``ids`` (absent ids have none)."""
    found: dict[str, Share] = {}
    for part in chunks(ids):
        rows = conn.execute(select(events.c.id, events.c.sort_date, events.c.cameo, events.c.root,
                                   events.c.plover, events.c.place_key, events.c.place_country,
                                   events.c.confidence).where(events.c.id.in_(part))).all()
        best = dict(conn.execute(select(event_mentions.c.event_id, func.max(event_mentions.c.confidence))
                                 .where(event_mentions.c.event_id.in_(part))
                                 .group_by(event_mentions.c.event_id)).all())
        actors = conn.execute(select(event_actors.c.event_id, event_actors.c.entity_id, event_actors.c.country,
                                     event_actors.c.sort_date).where(event_actors.c.event_id.in_(part))).all()
        pairs = conn.execute(select(event_pairs.c.event_id, event_pairs.c.root, event_pairs.c.entity_a,
                                    event_pairs.c.entity_b, event_pairs.c.sort_date)
                             .where(event_pairs.c.event_id.in_(part))).all()
        by_event: dict[str, list[Any]] = {}
        for row in actors:
            by_event.setdefault(row.event_id, []).append(row)
        pairs_of: dict[str, list[Any]] = {}
        for row in pairs:
            pairs_of.setdefault(row.event_id, []).append(row)
        for row in rows:
            found[row.id] = _share(row, best.get(row.id), by_event.get(row.id, []), pairs_of.get(row.id, []))
    return found


@lru_cache(maxsize=4096)
def _periods(value: Any) -> tuple[date, str, str]:
    """A stored day, its year and its month (the network's period scopes)."""
    day = _day(value)
    iso = day.isoformat()
    return day, iso[:4], iso[:7]


def _share(event: Any, best: float | None, actors: list[Any], pairs: list[Any]) -> Share:
    share, day = Share(best=best, counted=event.confidence), _day(event.sort_date)
    countries = sorted({f"country:{a.country}" for a in actors if a.country})
    plover = event.plover or ""
    named = sorted({f"actor:{a.entity_id}" for a in actors})
    places = place_scopes(event.place_key, event.place_country)
    kept = (*countries, *named, *places)
    scopes = (ALL, *kept)
    at = (at_place(actor, place) for actor in named for place in places)
    cameo, root = event.cameo, event.root
    share.every = Counter((scope, EVERY, day, plover, cameo, root)
                          for scope in (*scopes, *(scope for scope in at if scope)))
    share.banded = tuple((scope, day, plover) for scope in scopes)
    # The network's scopes beside "*", the year and the month: those of the timeline, and the
    # PLOVER type (the timeline keeps it in a column); the thresholds' are added by ``Share.network``.
    kept = (*kept, f"type:{plover}") if plover else kept
    # One row per side, as the scan counts them.
    share.actors = Counter((scope, entity_id) for entity_id, (_, year, month) in
                           ((a.entity_id, _periods(a.sort_date)) for a in actors)
                           for scope in (ALL, year, month, *kept))
    share.sides = tuple(actor.entity_id for actor in actors)
    sides = [(pair.entity_a, pair.entity_b, pair.root, *_periods(pair.sort_date)) for pair in pairs]
    share.pairs = {(scope, a, b, pair_root): pair_day for a, b, pair_root, pair_day, year, month in sides
                   for scope in (ALL, year, month, *kept)}
    share.pair_days = tuple((a, b, pair_root, pair_day) for a, b, pair_root, pair_day, _, _ in sides)
    return share


def apply(conn: Connection, before: dict[str, Share], after: dict[str, Share]) -> None:
    """Move the summary tables from the events' ``before`` shares to their ``after`` ones, and
    record the confidence each event is now counted with."""
    timeline, months, actors, pairs = Counter(), Counter(), Counter(), Counter()
    added: dict[tuple[str, str, str, str], tuple[date, date]] = {}
    lowered: dict[tuple[str, str, str, str], set[date]] = {}  # pairs an event left: the days it left
    for event_id in sorted(set(before) | set(after)):
        old, new = before.get(event_id, Share()), after.get(event_id, Share())
        if old.counts_as(new):  # most events a batch touches: a report joined, nothing counted moved
            continue
        old_rows, new_rows = old.timeline(old.counted), new.timeline(new.best)
        old_months, new_months = old.months(old.counted), new.months(new.best)
        (old_actors, old_pairs), (new_actors, new_pairs) = old.network(old.counted), new.network(new.best)
        if old_rows == new_rows and old_months == new_months and old_actors == new_actors \
                and old_pairs == new_pairs:
            continue
        timeline.update(new_rows)
        timeline.subtract(old_rows)
        months.update(new_months)
        months.subtract(old_months)
        actors.update(new_actors)
        actors.subtract(old_actors)
        pairs.update(Counter(dict.fromkeys(new_pairs, 1)))
        pairs.subtract(Counter(dict.fromkeys(old_pairs, 1)))
        # A pair the event stays in on the same day keeps its count, first and last day: only
        # the others are written, and only those it left (or left on another day) read again.
        for key, day in old_pairs.items():
            if new_pairs.get(key) != day:
                lowered.setdefault(key, set()).add(day)
        for key, day in new_pairs.items():
            if old_pairs.get(key) != day:
                first, last = added.get(key, (day, day))
                added[key] = (min(first, day), max(last, day))
    _record_confidence(conn, after)  # first: a pair's days are read again by the band it is counted in
    _move(conn, timeline_counts, ("scope", "band", "day", "plover", "cameo", "root"), timeline)
    _move(conn, timeline_months, ("scope", "band", "month", "plover"), months)
    _move(conn, actor_counts, ("scope", "entity_id"), actors)
    _move_pairs(conn, pairs, added, lowered)


def _record_confidence(conn: Connection, after: dict[str, Share]) -> None:
    changed = [{"ref": event_id, "best": share.best} for event_id, share in sorted(after.items())
               if share.best != share.counted]
    if changed:
        conn.execute(events.update().where(events.c.id == bindparam("ref")).values(confidence=bindparam("best")),
                     changed)


def _move(conn: Connection, table, keys: tuple[str, ...], delta: Counter) -> None:
    moved = [(*key, n) for key, n in sorted(delta.items()) if n]
    if not moved:
        return
    upsert_rows(conn, table, (*keys, "n"), keys, moved, {"n": '{t}."n" + {x}."n"'})
    delete_rows(conn, table, keys, [row[:-1] for row in moved if row[-1] < 0], '"n" <= 0')


_PAIR_KEY = ("scope", "entity_a", "entity_b", "root")
_WIDER = {"n": '{t}."n" + {x}."n"',  # the first and last day widened by what was added
          "first": 'CASE WHEN {x}."first" < {t}."first" THEN {x}."first" ELSE {t}."first" END',
          "last": 'CASE WHEN {x}."last" > {t}."last" THEN {x}."last" ELSE {t}."last" END'}


def _move_pairs(conn: Connection, delta: Counter, added: dict, lowered: dict) -> None:
    """Counts as ``_move``; first and last day widened by what was added, and read again from
    ``event_pairs`` for the pairs that lost an event on their first or last day."""
    table = pair_scope_counts
    moved = []
    for key in sorted(set(delta) | set(added)):
        if key in added:
            first, last = added[key]
            moved.append((*key, delta[key], first, last))
        elif delta[key]:
            moved.append((*key, delta[key], date(9999, 12, 31), date(1, 1, 1)))
    upsert_rows(conn, table, (*_PAIR_KEY, "n", "first", "last"), _PAIR_KEY, moved, _WIDER)
    gone = sorted(lowered)
    delete_rows(conn, table, _PAIR_KEY, gone, '"n" <= 0')
    # The spans of the pairs still counted, read together (a pair absent now was deleted).
    spans = {tuple(row[:4]): row[4:] for row in rows_of_keys(conn, table, _PAIR_KEY, gone, ("first", "last"))}
    for key in gone:
        span = spans.get(key)
        if span is not None and {_day(span[0]), _day(span[1])} & lowered[key]:
            _redate_pair(conn, key)  # an event in between leaves both days as they are


# Whether the event of an event_pairs row is in a scope named "kind:value", as ``_share`` puts it
# there: tested row by row on the pair's few rows (an IN list of the scope's events would read
# every event of a type or of a busy country).
def _of_actor(clause):
    return select(event_actors.c.event_id).where(event_actors.c.event_id == event_pairs.c.event_id, clause).exists()


def _of_event(clause):
    return select(events.c.id).where(events.c.id == event_pairs.c.event_id, clause).exists()


SCOPE_EVENTS = {
    "country": lambda code: _of_actor(event_actors.c.country == code),
    "actor": lambda entity_id: _of_actor(event_actors.c.entity_id == entity_id),
    "place": lambda key: _of_event(events.c.place_key == key),
    "place-country": lambda code: _of_event(events.c.place_country == code),
    "type": lambda plover: _of_event(events.c.plover == plover),
    "confidence": lambda k: _of_event(events.c.confidence >= next(t for t in BANDS if hundredths(t) == int(k))),
}


def _redate_pair(conn: Connection, key: tuple[str, str, str, str]) -> None:
    scope, a, b, root = key
    query = select(func.min(event_pairs.c.sort_date), func.max(event_pairs.c.sort_date)).where(
        event_pairs.c.root == root, event_pairs.c.entity_a == a, event_pairs.c.entity_b == b)
    kind, _, value = scope.partition(":")
    if kind in SCOPE_EVENTS:
        query = query.where(SCOPE_EVENTS[kind](value))
    elif scope != ALL:
        first, last = period_days(scope)
        query = query.where(event_pairs.c.sort_date >= first, event_pairs.c.sort_date <= last)
    first, last = conn.execute(query).one()
    if first is None:
        return
    conn.execute(pair_scope_counts.update().where(
        pair_scope_counts.c.scope == scope, pair_scope_counts.c.root == root,
        pair_scope_counts.c.entity_a == a, pair_scope_counts.c.entity_b == b).values(
        first=_day(first), last=_day(last)))


def period_days(scope: str) -> tuple[date, date]:
    """The first and last day of a year ("2024") or month ("2024-05") scope."""
    if len(scope) == 4:
        return date(int(scope), 1, 1), date(int(scope), 12, 31)
    year, month = int(scope[:4]), int(scope[5:7])
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), date.fromordinal(following.toordinal() - 1)
