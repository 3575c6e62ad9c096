"""Filling the summary tables from the stored events: a few GROUP BY statements per table.

Migrations 11-13 (and a database whose counts are in doubt) empty ``timeline_counts``,
``timeline_months``, ``actor_counts`` and ``pair_scope_counts`` and count every stored event
into them again, in the scopes ``summary`` keeps them by at write time.
"""
from __future__ import annotations

from sqlalchemy import Connection, Date, String, case, cast, delete, func, literal, select, union_all

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
from sukien.store.summary import ALL, BANDS, EVERY, SCOPE_WIDTH, hundredths

def _prefix(column, width: int):
    return func.substr(cast(column, String), 1, width)


def rebuild(conn: Connection) -> None:
    """Empty the summary tables and count every stored event into them again."""
    rebuild_timeline(conn)
    rebuild_network(conn)


def rebuild_network(conn: Connection) -> None:
    """Empty ``actor_counts`` and ``pair_scope_counts`` and count every stored event into them again."""
    for table in (actor_counts, pair_scope_counts):
        conn.execute(delete(table))
    scoped = _event_scopes(network=True)
    for scope in (literal(ALL, String), _prefix(event_actors.c.sort_date, 4), _prefix(event_actors.c.sort_date, 7)):
        conn.execute(actor_counts.insert().from_select(
            ["scope", "entity_id", "n"], select(scope.label("s"), event_actors.c.entity_id, func.count())
            .group_by(scope, event_actors.c.entity_id)))
    conn.execute(actor_counts.insert().from_select(
        ["scope", "entity_id", "n"], select(scoped.c.scope, event_actors.c.entity_id, func.count())
        .join_from(event_actors, scoped, scoped.c.event_id == event_actors.c.event_id)
        .group_by(scoped.c.scope, event_actors.c.entity_id)))
    _rebuild_pairs(conn, scoped)


def _rebuild_pairs(conn: Connection, scoped) -> None:
    p = event_pairs.c
    columns = ["scope", "entity_a", "entity_b", "root", "n", "first", "last"]
    counted = (func.count(), func.min(p.sort_date), func.max(p.sort_date))
    for scope in (literal(ALL, String), _prefix(p.sort_date, 4), _prefix(p.sort_date, 7)):
        conn.execute(pair_scope_counts.insert().from_select(columns, select(
            scope.label("s"), p.entity_a, p.entity_b, p.root, *counted)
            .group_by(scope, p.entity_a, p.entity_b, p.root)))
    conn.execute(pair_scope_counts.insert().from_select(columns, select(
        scoped.c.scope, p.entity_a, p.entity_b, p.root, *counted)
        .join_from(event_pairs, scoped, scoped.c.event_id == p.event_id)
        .group_by(scoped.c.scope, p.entity_a, p.entity_b, p.root)))


def _country_scopes():
    return select(event_actors.c.event_id, (literal("country:", String) + event_actors.c.country)
                  .label("scope")).where(event_actors.c.country.is_not(None)).distinct().subquery()


def _event_scopes(network: bool = False):
    """(event_id, scope) of every scope but "*": the actors' countries, the actors, the place; and
    for the ``network`` the PLOVER type and the thresholds reached (the timeline keeps both in columns)."""
    e = events.c
    entities = select(event_actors.c.event_id, (literal("actor:", String) + event_actors.c.entity_id)
                      .label("scope")).distinct()
    columns = [("place:", e.place_key), ("place-country:", e.place_country)]
    if network:
        columns.append(("type:", e.plover))
    scoped = [select(e.id.label("event_id"), (literal(prefix, String) + column).label("scope"))
              .where(column.is_not(None), column != "", func.length(column) <= SCOPE_WIDTH - len(prefix))
              for prefix, column in columns]
    if network:
        scoped += [select(e.id.label("event_id"), literal(f"confidence:{hundredths(threshold)}", String)
                          .label("scope")).where(e.confidence >= threshold) for threshold in BANDS]
    countries = _country_scopes()
    return union_all(select(countries.c.event_id, countries.c.scope), entities, *scoped).subquery()


def _hundredth_expression(confidence):
    """``hundredth_of`` in SQL: the thresholds are the same floats, compared the same way."""
    return case(*((confidence >= h / 100, h) for h in range(100, -1, -1)), else_=None)


def _month_expression(conn: Connection, day):
    """The first day of the month of ``day``."""
    if conn.dialect.name == "postgresql":
        return cast(func.date_trunc("month", day), Date)
    return _prefix(day, 7) + "-01"


def _at_place_scopes():
    """(event_id, scope) of each actor of an event at its place: its name and its country."""
    e, a = events.c, event_actors.c
    found = []
    for prefix, column in (("place:", e.place_key), ("place-country:", e.place_country)):
        scope = literal("actor:", String) + a.entity_id + literal("@" + prefix, String) + column
        found.append(select(a.event_id, scope.label("scope")).join(events, e.id == a.event_id).where(
            column.is_not(None), column != "", func.length(column) <= SCOPE_WIDTH - len(prefix),
            func.length(scope) <= SCOPE_WIDTH).distinct())
    return union_all(*found).subquery()


def _banded_events():
    """Each event's timeline columns with its band (NULL: no report gives a confidence)."""
    e = events.c
    return select(e.id, e.sort_date, func.coalesce(e.plover, "").label("plover"), e.cameo, e.root,
                  _hundredth_expression(e.confidence).label("band")).subquery()


def _rebuild_months(conn: Connection, scoped) -> None:
    """``timeline_months`` counted again from the events, "*" and the bands' scopes."""
    conn.execute(delete(timeline_months))
    e = events.c
    ev = select(e.id, _month_expression(conn, e.sort_date).label("month"),
                func.coalesce(e.plover, "").label("plover"),
                _hundredth_expression(e.confidence).label("band")).where(e.confidence >= 0).subquery()
    keys = (ev.c.band, ev.c.month, ev.c.plover)
    columns = ["scope", "band", "month", "plover", "n"]
    conn.execute(timeline_months.insert().from_select(columns, select(
        literal(ALL, String), *keys, func.count()).group_by(*keys)))
    conn.execute(timeline_months.insert().from_select(columns, select(
        scoped.c.scope, *keys, func.count()).join_from(ev, scoped, scoped.c.event_id == ev.c.id)
        .group_by(scoped.c.scope, *keys)))


def record_confidences(conn: Connection) -> None:
    """``events.confidence``: each event's most confident report, read again from its reports."""
    best = select(func.max(event_mentions.c.confidence)).where(event_mentions.c.event_id == events.c.id)
    conn.execute(events.update().values(confidence=best.scalar_subquery()))


def rebuild_timeline(conn: Connection) -> None:
    """Empty ``timeline_counts`` and ``timeline_months`` and count every stored event into them
    again, in every band."""
    record_confidences(conn)
    conn.execute(delete(timeline_counts))
    ev, scoped = _banded_events(), _event_scopes()
    _rebuild_months(conn, scoped)
    at, every = _at_place_scopes(), (ev.c.sort_date, ev.c.plover, ev.c.cameo, ev.c.root)
    conn.execute(timeline_counts.insert().from_select(
        ["scope", "band", "day", "plover", "cameo", "root", "n"],
        select(at.c.scope, literal(EVERY), *every, func.count()).select_from(ev)
        .join(at, at.c.event_id == ev.c.id).group_by(at.c.scope, *every)))
    columns = ["scope", "band", "day", "plover", "cameo", "root", "n"]
    every = (ev.c.sort_date, ev.c.plover, ev.c.cameo, ev.c.root)
    banded = (ev.c.band, ev.c.sort_date, ev.c.plover)
    in_band, blank = ev.c.band.is_not(None), (literal("", String), literal("", String))
    for scope, source, grouped in ((literal(ALL, String), select().select_from(ev), ()),
                                   (scoped.c.scope, select().select_from(ev).join(
                                       scoped, scoped.c.event_id == ev.c.id), (scoped.c.scope,))):
        conn.execute(timeline_counts.insert().from_select(columns, source.add_columns(
            scope, literal(EVERY), *every, func.count()).group_by(*grouped, *every)))
        conn.execute(timeline_counts.insert().from_select(columns, source.add_columns(
            scope, *banded, *blank, func.count()).where(in_band).group_by(*grouped, *banded)))
