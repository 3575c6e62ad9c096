"""The ids of a filter's newest events, walked from the side that reaches them soonest.

``read.newest_event_ids`` walks the events of an actor or a country (``event_actors``, newest
first) and looks each one up for the other filters; a network of several filters
(``aggregate.actor_graph``) asks it for a thousand events. When the actor takes part in many
events and the type or place is a small part of them (or the other way round), that walk
looks up tens of thousands of events. Here, for an actor or a country with an event type or a
place, the timeline's counts give the day from which enough events of the filter fall
(``summary_read.window_start``); the rows of each side since that day are counted on their
indexes, and the smaller side is walked: the actor's rows looking up each event, or the
events of the type or place (their index holds the day and the id, migration 14) testing
each for the actor. An actor or country alone is read from ``event_actors`` without the
events. The ids are those ``read.newest_event_ids`` gives, in the same order: only the walk
differs.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, exists, func, select

from sukien.store.actors import match_actor
from sukien.store.read import EventFilter, _cameo_clause, _place_clause
from sukien.store.schema import event_actors, events

a = event_actors.c
e = events.c
MOST = 50_000  # rows counted on a side at most: beyond, either walk is as long as the other
# A side this many times smaller is walked, looking each row up in the other; else both are read
# on their indexes (a lookup costs several index entries read in order).
SKEW = 4


WALKS = ("actors", "events", "both")


def newest_ids(conn: Connection, filters: EventFilter, count: int, walk: str | None = None) -> list[str] | None:
    """The ids of the ``count`` newest events of the filter, newest first; None: the filter is
    one ``read.newest_event_ids`` walks as well (no actor or country, words, a threshold, both an
    actor and a country, or one the timeline's counts do not hold). ``walk`` names the walk of an
    actor or country with a type or place (one of ``WALKS``) instead of the cheapest."""
    if filters.text or filters.cursor or filters.min_confidence is not None:
        return None
    if bool(filters.actor) == bool(filters.country):
        return None
    if filters.actor:
        found = match_actor(conn, filters.actor)
        if not found:
            return []
        driver = found.clause()
    else:
        driver = a.country == filters.country.upper()
    typed = [clause for clause in (filters.cameo and _cameo_clause(filters.cameo),
                                   filters.place and _place_clause(filters.place)) if clause is not None]
    if not typed:
        return _actors_alone(conn, driver, filters, count)
    from sukien.store import summary_read
    held, start = summary_read.window_start(conn, filters, count)
    if not held and walk is None:
        return None
    since = max(d for d in (start, filters.since) if d) if start or filters.since else None
    actor_days, event_days = _days(a.sort_date, since, filters.until), _days(e.sort_date, since, filters.until)
    walk = walk or _cheapest(conn, select(a.event_id).where(driver, *actor_days),
                             select(e.id).where(typed[0], *event_days), bool(filters.actor))
    if walk == "actors":  # the actor's rows, looking up each event
        rows = conn.execute(select(e.id).select_from(event_actors.join(events, e.id == a.event_id))
                            .where(driver, *typed, *actor_days).order_by(a.sort_date.desc(), a.event_id.desc())
                            .limit(2 * count + 1)).scalars()
        return list(dict.fromkeys(rows))[:count]
    if walk == "events":  # the events of the type or place, testing each for the actor
        among = exists(select(a.event_id).where(a.event_id == e.id, driver))
    else:  # both on their indexes: the actor's events since the window's first day, a set to test
        key = e.id.concat("") if conn.dialect.name == "sqlite" else e.id  # not a lookup by id
        among = key.in_(select(a.event_id).where(driver, *actor_days))
    return list(conn.execute(select(e.id).where(*typed, *event_days, among)
                             .order_by(e.sort_date.desc(), e.id.desc()).limit(count)).scalars())


def _cheapest(conn: Connection, actor_rows: Any, typed_events: Any, by_entity: bool) -> str:
    """The walk that reads least: the actor's rows and the type's events in the window are
    counted on their indexes (a side ``SKEW`` times smaller is walked, looking each row up in
    the other; testing an event for a country reads its actors' rows, for an actor the key
    alone); else both are read on their indexes."""
    walked = _rows(conn, actor_rows, MOST)
    by_type = _rows(conn, typed_events, SKEW * walked + 1)
    if by_type > SKEW * walked:
        return "actors"
    return "events" if walked > (SKEW if by_entity else 4 * SKEW) * by_type else "both"


def _actors_alone(conn: Connection, driver: Any, filters: EventFilter, count: int) -> list[str]:
    """An actor's (or a country's) newest events from ``event_actors`` alone: as ``_page_rows``
    walks it, an event once per matching row, as many rows."""
    rows = conn.execute(select(a.event_id).where(driver, *_days(a.sort_date, filters.since, filters.until))
                        .order_by(a.sort_date.desc(), a.event_id.desc()).limit(2 * count + 1)).scalars()
    return list(dict.fromkeys(rows))[:count]


def _days(column: Any, since: date | None, until: date | None) -> list[Any]:
    """``column`` from ``since`` to ``until``, bounded below even with no ``since``: after an IN list
    of the key's column before it, an upper bound alone has SQLite 3.40 return rows past it."""
    return [column >= (since or date(1, 1, 1)), *([column <= until] if until else [])]


def _rows(conn: Connection, query: Any, most: int | None = None) -> int:
    """How many rows ``query`` gives (at most ``most``), counted on its index."""
    if most is not None:
        query = query.limit(most)
    return conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
