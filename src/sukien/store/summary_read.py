"""The timeline and the actor network read from the summary tables, when the filter allows it.

Timeline (``timeline_counts``): no filter, a date range, an event type (CAMEO code, root or
PLOVER type, or the ``plover`` argument), with at most one of a country, one actor (an entity
id or a name that means one entity, or a country named as the actor) or a place (a name or
its country's code); and a confidence threshold that is one of ``summary.BANDS`` (0, 0.5, 0.6,
0.7, 0.8, 0.9), with which only a PLOVER type narrows the type. Network (``actor_counts``,
``pair_scope_counts``): no filter, one whole month or year (``since`` its first day, ``until``
its last), or all the time of a country, one actor, a place, a PLOVER type or an exact threshold.
Everything else (words, another threshold, several actors, an actor or a country with a place,
a network of several filters or of an odd range) is counted over the matching events as before
(``store/aggregate.py``); None says so.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, String, bindparam, cast, func, literal, select, type_coerce, union_all

from sukien.store.actors import match_actor
from sukien.store.read import EventFilter
from sukien.store.schema import actor_counts, pair_scope_counts, timeline_counts
from sukien.normalize.fold import fold
from sukien.store.summary import ALL, BANDS, EVERY, SCOPE_WIDTH, hundredths, period_days

t = timeline_counts.c


def _scope(conn: Connection, filters: EventFilter) -> str | None:
    """The timeline scope of the filter's actor, country or place; None: not summarised."""
    if filters.text or sum(map(bool, (filters.actor, filters.country, filters.place))) > 1:
        return None
    if filters.place:
        return _place_scope(filters.place)
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


def _place_scope(place: str) -> str | None:
    """As ``read._place_clause`` reads the place: a country's code, else the folded name."""
    if len(place) == 3 and place.isalpha() and place.isupper():
        return f"place-country:{place}"
    scope = f"place:{fold(place)}"
    return scope if len(scope) <= SCOPE_WIDTH else None


def _band_clause(min_confidence: float | None) -> Any | None:
    """Rows of every event, or of the bands at or above an exact threshold; None: another threshold."""
    if min_confidence is None:
        return t.band == EVERY
    if min_confidence not in BANDS:
        return None
    return t.band >= hundredths(min_confidence)


def _type_clauses(banded: bool, cameo: str | None, plover: str | None) -> list[Any] | None:
    if plover and not cameo:
        cameo, plover = plover.upper(), None
    clauses = []
    if cameo and cameo.isdigit():
        if banded:  # a band's rows keep the PLOVER type only
            return None
        clauses.append((t.root if len(cameo) == 2 else t.cameo) == cameo)
    elif cameo:
        clauses.append(t.plover == cameo.upper())
    if plover:
        clauses.append(t.plover == plover.upper())
    return clauses


def _where(conn: Connection, filters: EventFilter, plover: str | None) -> list[Any] | None:
    band = _band_clause(filters.min_confidence)
    scope = None if band is None else _scope(conn, filters)
    clauses = None if scope is None else _type_clauses(filters.min_confidence is not None, filters.cameo, plover)
    if clauses is None:
        return None
    clauses += [t.scope == scope, band]
    if filters.since:
        clauses.append(t.day >= filters.since)
    if filters.until:
        clauses.append(t.day <= filters.until)
    return clauses


def _bands(min_confidence: float | None) -> list[int]:
    """The values of ``timeline_counts.band`` that ``_band_clause`` reads."""
    if min_confidence is None:
        return [EVERY]
    return [hundredths(b) for b in BANDS if b >= min_confidence]


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
    """The period "auto" means for the filter's days (``aggregate.AUTO_MAX_PERIODS``).

    The first and the last day are asked apart, band by band: each is then read from one end
    of the (scope, band, day) key, where asked together they read every row of the scope.
    """
    from sukien.store.aggregate import period_for
    where = [*_where(conn, filters, plover), t.day > date(1, 1, 1)]
    ends = [conn.execute(select(end(t.day)).where(*where, t.band == band)).scalar()
            for band in _bands(filters.min_confidence) for end in (func.min, func.max)]
    days = [str(day)[:10] for day in ends if day is not None]
    return period_for(min(days), max(days)) if days else period_for(None, None)


def _graph_scope(conn: Connection, filters: EventFilter, plover: str | None) -> str | None:
    """The one network scope of a filter of no type, threshold or words; None: not summarised."""
    if filters.actor or filters.country or filters.place:  # the whole time of one actor, country or place
        return None if filters.since or filters.until else _scope(conn, filters)
    if not filters.since and not filters.until:
        return ALL
    if not (filters.since and filters.until):
        return None
    for scope in (filters.since.isoformat()[:7], filters.since.isoformat()[:4]):
        if period_days(scope) == (filters.since, filters.until):
            return scope
    return None


def _graph_source(conn: Connection, filters: EventFilter, plover: str | None) -> tuple[str, list[Any]] | None:
    """The network scope of the filter and the timeline_counts clauses of its events; None: needs
    the scan. A PLOVER type or an exact threshold alone (all the time, no other filter) has one."""
    if filters.text or (filters.cameo and filters.cameo.isdigit()):
        return None
    kind = {k.upper() for k in (filters.cameo, plover) if k}
    alone = not any((filters.actor, filters.country, filters.place, filters.since, filters.until))
    if kind:
        if len(kind) > 1 or filters.min_confidence is not None or not alone:
            return None
        [name] = kind
        return f"type:{name}", [t.scope == ALL, t.band == EVERY, t.plover == name]
    if filters.min_confidence is not None:
        if filters.min_confidence not in BANDS or not alone:
            return None
        lowest = hundredths(filters.min_confidence)
        return f"confidence:{lowest}", [t.scope == ALL, t.band >= lowest]
    scope = _graph_scope(conn, filters, plover)
    if scope is None:
        return None
    if ":" in scope or scope == ALL:
        return scope, [t.scope == scope, t.band == EVERY]
    first, last = period_days(scope)
    return scope, [t.scope == ALL, t.band == EVERY, t.day >= first, t.day <= last]


def graph(conn: Connection, filters: EventFilter, plover: str | None,
          top: int) -> tuple[int, dict[str, int], int, list[Any]] | None:
    """(events, the ``top`` actors' counts, actors, pair rows among them); None: needs the scan."""
    found = _graph_source(conn, filters, plover)
    if found is None:
        return None
    scope, counted = found
    a = actor_counts.c
    ranked = conn.execute(select(a.entity_id, a.n).where(a.scope == scope)
                          .order_by(a.n.desc(), a.entity_id).limit(top)).all()
    kept = {r.entity_id: int(r.n) for r in ranked}
    actors = conn.execute(select(func.count()).where(a.scope == scope)).scalar_one()
    total = int(conn.execute(select(func.sum(t.n)).where(*counted)).scalar() or 0)
    return total, kept, actors, _pairs_among(conn, scope, sorted(kept))


def _pairs_among(conn: Connection, scope: str, ordered: list[str]) -> list[Any]:
    """Rows of (a, b, root, n, first, last) of the scope's pairs among the ``ordered`` actors."""
    if len(ordered) < 2:
        return []
    p = pair_scope_counts.c
    # One lookup per actor and partner: with "entity_a IN … AND entity_b IN …" SQLite's statistics
    # (a few pairs per actor on average) have it read every pair of the busiest actors.
    # Pairs are stored with entity_a < entity_b (sorted in Python, as ``fused_write`` writes them).
    # The ids are written into the statement: bound one by one (about 1,800 for 60 actors) they
    # cost PostgreSQL three times the query itself.
    first, last = type_coerce(p.first, String), type_coerce(p.last, String)
    return conn.execute(union_all(*(
        select(p.entity_a, p.entity_b, p.root, p.n, first.label("first"), last.label("last"))
        .where(p.scope == scope, p.entity_a == literal(actor, String, literal_execute=True),
               p.entity_b.in_(bindparam(f"with_{i}", ordered[i + 1:], expanding=True, literal_execute=True)))
        for i, actor in enumerate(ordered[:-1])))).all()
