"""The timeline and the actor network read from the summary tables, when the filter allows it.

Timeline (``timeline_counts``): no filter, a date range, an event type (CAMEO code, root or
PLOVER type, or the ``plover`` argument), with at most one of a country or one actor (an
entity id or a name that means one entity, or a country named as the actor); with a
country or an actor only a PLOVER type narrows the type. Network (``actor_counts``,
``pair_scope_counts``): no filter, one whole month or year (``since`` its first day,
``until`` its last), or a country. Everything else (a place, words, a confidence threshold,
several actors, a code with a country or actor, a network of a type or of an odd range) is
counted over the matching events as before (``store/aggregate.py``); None says so.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, String, bindparam, cast, func, literal, select, type_coerce, union_all

from sukien.store.actors import match_actor
from sukien.store.read import EventFilter
from sukien.store.schema import actor_counts, pair_scope_counts, timeline_counts
from sukien.store.summary import ALL, period_days

t = timeline_counts.c


def _scope(conn: Connection, filters: EventFilter) -> str | None:
    """The timeline scope of the filter's actor or country; None: not summarised."""
    if filters.place or filters.text or filters.min_confidence is not None:
        return None
    if filters.actor and filters.country:
        return None
    if filters.country:
        return f"country:{filters.country.upper()}"
    if not filters.actor:
        return ALL
    found = match_actor(conn, filters.actor)
    if found.country and not found.ids:
        return f"country:{found.country}"
    if len(found.ids) == 1 and not found.country:
        return f"actor:{found.ids[0]}"
    return None


def _type_clauses(scope: str, cameo: str | None, plover: str | None) -> list[Any] | None:
    if plover and not cameo:
        cameo, plover = plover.upper(), None
    clauses = []
    if cameo and cameo.isdigit():
        if scope != ALL:
            return None
        clauses.append((t.root if len(cameo) == 2 else t.cameo) == cameo)
    elif cameo:
        clauses.append(t.plover == cameo.upper())
    if plover:
        clauses.append(t.plover == plover.upper())
    return clauses


def _where(conn: Connection, filters: EventFilter, plover: str | None) -> list[Any] | None:
    scope = _scope(conn, filters)
    clauses = None if scope is None else _type_clauses(scope, filters.cameo, plover)
    if clauses is None:
        return None
    clauses.append(t.scope == scope)
    if filters.since:
        clauses.append(t.day >= filters.since)
    if filters.until:
        clauses.append(t.day <= filters.until)
    return clauses


def timeline_query(conn: Connection, filters: EventFilter, plover: str | None) -> list[Any] | None:
    """WHERE clauses of the filter on ``timeline_counts``; None when the filter needs the scan."""
    return _where(conn, filters, plover)


def timeline_rows(conn: Connection, where: list[Any], width: int) -> list[Any]:
    """Rows of (type, period, events) for periods of ``width`` characters of the ISO day."""
    if width == 10:  # by day: grouped in the key's order, as read
        day = type_coerce(t.day, String).label("day")
        return conn.execute(select(t.plover, day, func.sum(t.n)).where(*where).group_by(t.day, t.plover)).all()
    period = func.substr(cast(t.day, String), 1, width).label("period")
    return conn.execute(select(t.plover, period, func.sum(t.n)).where(*where).group_by(period, t.plover)).all()


def auto(conn: Connection, filters: EventFilter, plover: str | None) -> str:
    """The period "auto" means for the filter's days (``aggregate.AUTO_MAX_PERIODS``)."""
    from sukien.store.aggregate import period_for
    return period_for(*conn.execute(select(func.min(t.day), func.max(t.day))
                                    .where(*_where(conn, filters, plover), t.day > date(1, 1, 1))).one())


def _graph_scope(filters: EventFilter, plover: str | None) -> str | None:
    if plover or filters.min_confidence is not None or any((filters.actor, filters.cameo, filters.place,
                                                              filters.text)):
        return None
    if not filters.since and not filters.until:
        return f"country:{filters.country.upper()}" if filters.country else ALL
    if filters.country or not (filters.since and filters.until):
        return None
    for scope in (filters.since.isoformat()[:7], filters.since.isoformat()[:4]):
        if period_days(scope) == (filters.since, filters.until):
            return scope
    return None


def graph(conn: Connection, filters: EventFilter, plover: str | None,
          top: int) -> tuple[int, dict[str, int], int, list[Any]] | None:
    """(events, the ``top`` actors' counts, actors, pair rows among them); None: needs the scan."""
    scope = _graph_scope(filters, plover)
    if scope is None:
        return None
    if scope == ALL or scope.startswith("country:"):
        total = select(func.sum(t.n)).where(t.scope == scope)
    else:
        first, last = period_days(scope)
        total = select(func.sum(t.n)).where(t.scope == ALL, t.day >= first, t.day <= last)
    a = actor_counts.c
    ranked = conn.execute(select(a.entity_id, a.n).where(a.scope == scope)
                          .order_by(a.n.desc(), a.entity_id).limit(top)).all()
    kept = {r.entity_id: int(r.n) for r in ranked}
    actors = conn.execute(select(func.count()).where(a.scope == scope)).scalar_one()
    p = pair_scope_counts.c
    # One lookup per actor and partner: with "entity_a IN … AND entity_b IN …" SQLite's statistics
    # (a few pairs per actor on average) have it read every pair of the busiest actors.
    # Pairs are stored with entity_a < entity_b (sorted in Python, as ``fused_write`` writes them).
    # The ids are written into the statement: bound one by one (about 1,800 for 60 actors) they
    # cost PostgreSQL three times the query itself.
    first, last, ordered = type_coerce(p.first, String), type_coerce(p.last, String), sorted(kept)
    pairs = conn.execute(union_all(*(
        select(p.entity_a, p.entity_b, p.root, p.n, first.label("first"), last.label("last"))
        .where(p.scope == scope, p.entity_a == literal(actor, String, literal_execute=True),
               p.entity_b.in_(bindparam(f"with_{i}", ordered[i + 1:], expanding=True, literal_execute=True)))
        for i, actor in enumerate(ordered[:-1])))).all() if len(kept) > 1 else []
    return int(conn.execute(total).scalar() or 0), kept, actors, pairs
