"""The summary tables of the timeline and the actor network, kept exact at write time.

What an event adds to ``timeline_counts``, ``actor_counts`` and ``pair_scope_counts`` (its
``Share``) is read from the rows the scan in ``store/aggregate.py`` counts: the event's own
row, its ``event_actors`` and its ``event_pairs``. A write reads the shares of the events it
touches before and after it changes them and moves the tables by the difference, in the
same transaction: an event added, joined by a report, re-dated, retyped or deleted, or an
actor whose country became known. ``rebuild`` fills the tables from the stored events in a
few GROUP BY statements (migration 11, and bulk loads that bypass the write path).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, String, and_, bindparam, case, cast, delete, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from sukien.store.engine import chunks
from sukien.store.schema import (
    actor_counts,
    event_actors,
    event_pairs,
    events,
    pair_scope_counts,
    timeline_counts,
)

ALL = "*"
def recount(conn: Connection, ids: list[str], change) -> None:
    """Run ``change(conn)``, which alters what the events ``ids`` count as, and move the tables."""
    before = shares(conn, ids)
    change(conn)
    apply(conn, before, shares(conn, ids))


@dataclass
class Share:
    """What one event adds to each summary table (keys as the tables' primary keys)."""

    timeline: Counter = field(default_factory=Counter)  # (scope, day, plover, cameo, root)
    actors: Counter = field(default_factory=Counter)  # (scope, entity_id)
    pairs: dict[tuple[str, str, str, str], date] = field(default_factory=dict)  # (scope, a, b, root): day


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def shares(conn: Connection, ids: Iterable[str]) -> dict[str, Share]:
    """The share of each stored event among ``ids`` (absent ids have none)."""
    found: dict[str, Share] = {}
    for part in chunks(ids):
        rows = conn.execute(select(events.c.id, events.c.sort_date, events.c.cameo, events.c.root,
                                   events.c.plover).where(events.c.id.in_(part))).all()
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
            found[row.id] = _share(row, by_event.get(row.id, []), pairs_of.get(row.id, []))
    return found


def _share(event: Any, actors: list[Any], pairs: list[Any]) -> Share:
    share, day = Share(), _day(event.sort_date)
    countries = sorted({f"country:{a.country}" for a in actors if a.country})
    plover = event.plover or ""
    share.timeline[(ALL, day, plover, event.cameo, event.root)] += 1
    for scope in (*countries, *sorted({f"actor:{a.entity_id}" for a in actors})):
        share.timeline[(scope, day, plover, "", "")] += 1
    for actor in actors:  # one row per side, as the scan counts them
        iso = _day(actor.sort_date).isoformat()
        for scope in (ALL, iso[:4], iso[:7], *countries):
            share.actors[(scope, actor.entity_id)] += 1
    for pair in pairs:
        day = _day(pair.sort_date)
        for scope in (ALL, day.isoformat()[:4], day.isoformat()[:7], *countries):
            share.pairs[(scope, pair.entity_a, pair.entity_b, pair.root)] = day
    return share


def apply(conn: Connection, before: dict[str, Share], after: dict[str, Share]) -> None:
    """Move the summary tables from the events' ``before`` shares to their ``after`` ones."""
    timeline, actors, pairs = Counter(), Counter(), Counter()
    added: dict[tuple[str, str, str, str], tuple[date, date]] = {}
    lowered: set[tuple[str, str, str, str]] = set()
    for event_id in sorted(set(before) | set(after)):
        old, new = before.get(event_id, Share()), after.get(event_id, Share())
        if old == new:
            continue
        timeline.update(new.timeline)
        timeline.subtract(old.timeline)
        actors.update(new.actors)
        actors.subtract(old.actors)
        pairs.update(Counter(dict.fromkeys(new.pairs, 1)))
        pairs.subtract(Counter(dict.fromkeys(old.pairs, 1)))
        lowered.update(old.pairs)
        for key, day in new.pairs.items():
            first, last = added.get(key, (day, day))
            added[key] = (min(first, day), max(last, day))
    _move(conn, timeline_counts, ("scope", "day", "plover", "cameo", "root"), timeline)
    _move(conn, actor_counts, ("scope", "entity_id"), actors)
    _move_pairs(conn, pairs, added, lowered)


def _upsert(conn: Connection, table, keys: tuple[str, ...], rows: list[dict[str, Any]], extra: dict) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    conn.execute(statement.on_conflict_do_update(
        index_elements=list(keys), set_={"n": table.c.n + statement.excluded.n, **extra(statement)}), rows)


def _move(conn: Connection, table, keys: tuple[str, ...], delta: Counter) -> None:
    moved = [{**dict(zip(keys, key, strict=True)), "n": n} for key, n in sorted(delta.items()) if n]
    if not moved:
        return
    _upsert(conn, table, keys, moved, lambda statement: {})
    fallen = [{f"k_{k}": m[k] for k in keys} for m in moved if m["n"] < 0]
    if fallen:
        conn.execute(delete(table).where(*(table.c[k] == bindparam(f"k_{k}") for k in keys), table.c.n <= 0),
                     fallen)


_PAIR_KEY = ("scope", "entity_a", "entity_b", "root")


def _move_pairs(conn: Connection, delta: Counter, added: dict, lowered: set) -> None:
    """Counts as ``_move``; first and last day widened by what was added, and read again from
    ``event_pairs`` for the pairs that lost an event (it may have been the first or last)."""
    table = pair_scope_counts
    moved = []
    for key in sorted(set(delta) | set(added)):
        first, last = added.get(key, (date.max, date.min))
        if delta[key] or key in added:
            moved.append({**dict(zip(_PAIR_KEY, key, strict=True)), "n": delta[key],
                          "first": first if key in added else date(9999, 12, 31),
                          "last": last if key in added else date(1, 1, 1)})
    if moved:
        _upsert(conn, table, _PAIR_KEY, moved, lambda s: {
            "first": case((s.excluded.first < table.c.first, s.excluded.first), else_=table.c.first),
            "last": case((s.excluded.last > table.c.last, s.excluded.last), else_=table.c.last)})
    gone = [dict(zip(("k_s", "k_a", "k_b", "k_r"), key, strict=True)) for key in sorted(lowered)]
    if gone:
        conn.execute(delete(table).where(
            table.c.scope == bindparam("k_s"), table.c.root == bindparam("k_r"),
            table.c.entity_a == bindparam("k_a"), table.c.entity_b == bindparam("k_b"), table.c.n <= 0), gone)
    for key in sorted(lowered):
        _redate_pair(conn, key)


def _redate_pair(conn: Connection, key: tuple[str, str, str, str]) -> None:
    scope, a, b, root = key
    query = select(func.min(event_pairs.c.sort_date), func.max(event_pairs.c.sort_date)).where(
        event_pairs.c.root == root, event_pairs.c.entity_a == a, event_pairs.c.entity_b == b)
    if scope.startswith("country:"):
        query = query.where(event_pairs.c.event_id.in_(select(event_actors.c.event_id).where(
            event_actors.c.country == scope.removeprefix("country:"))))
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


# -- filling from the stored events --------------------------------------------------------------

def _prefix(column, width: int):
    return func.substr(cast(column, String), 1, width)


def rebuild(conn: Connection) -> None:
    """Empty the summary tables and count every stored event into them again."""
    for table in (timeline_counts, actor_counts, pair_scope_counts):
        conn.execute(delete(table))
    plover = func.coalesce(events.c.plover, "")
    conn.execute(timeline_counts.insert().from_select(
        ["scope", "day", "plover", "cameo", "root", "n"],
        select(literal(ALL, String), events.c.sort_date, plover, events.c.cameo, events.c.root, func.count())
        .group_by(events.c.sort_date, plover, events.c.cameo, events.c.root)))
    countries = select(event_actors.c.event_id, (literal("country:", String) + event_actors.c.country)
                       .label("scope")).where(event_actors.c.country.is_not(None)).distinct().subquery()
    entities = select(event_actors.c.event_id, (literal("actor:", String) + event_actors.c.entity_id)
                      .label("scope")).distinct().subquery()
    for scopes in (countries, entities):
        conn.execute(timeline_counts.insert().from_select(
            ["scope", "day", "plover", "cameo", "root", "n"],
            select(scopes.c.scope, events.c.sort_date, plover, literal("", String), literal("", String),
                   func.count()).join_from(events, scopes, scopes.c.event_id == events.c.id)
            .group_by(scopes.c.scope, events.c.sort_date, plover)))
    for scope in (literal(ALL, String), _prefix(event_actors.c.sort_date, 4), _prefix(event_actors.c.sort_date, 7)):
        conn.execute(actor_counts.insert().from_select(
            ["scope", "entity_id", "n"], select(scope.label("s"), event_actors.c.entity_id, func.count())
            .group_by(scope, event_actors.c.entity_id)))
    conn.execute(actor_counts.insert().from_select(
        ["scope", "entity_id", "n"], select(countries.c.scope, event_actors.c.entity_id, func.count())
        .join_from(event_actors, countries, countries.c.event_id == event_actors.c.event_id)
        .group_by(countries.c.scope, event_actors.c.entity_id)))
    _rebuild_pairs(conn, countries)


def _rebuild_pairs(conn: Connection, countries) -> None:
    p = event_pairs.c
    columns = ["scope", "entity_a", "entity_b", "root", "n", "first", "last"]
    counted = (func.count(), func.min(p.sort_date), func.max(p.sort_date))
    for scope in (literal(ALL, String), _prefix(p.sort_date, 4), _prefix(p.sort_date, 7)):
        conn.execute(pair_scope_counts.insert().from_select(columns, select(
            scope.label("s"), p.entity_a, p.entity_b, p.root, *counted)
            .group_by(scope, p.entity_a, p.entity_b, p.root)))
    conn.execute(pair_scope_counts.insert().from_select(columns, select(
        countries.c.scope, p.entity_a, p.entity_b, p.root, *counted)
        .join_from(event_pairs, countries, and_(countries.c.event_id == p.event_id))
        .group_by(countries.c.scope, p.entity_a, p.entity_b, p.root)))
