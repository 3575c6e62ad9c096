"""The timeline and the actor network read from the summary tables, when the filter allows it.

Timeline (``timeline_counts``): no filter, a date range, an event type (CAMEO code, root or
PLOVER type, or the ``plover`` argument), with at most one of a country, one actor (an entity
id or a name that means one entity, or a country named as the actor) or a place (a name or
its country's code), or one actor at a place; a name that means several actors (no country) sums
their rows, less the events several of them take part in (counted over those few events). A
confidence threshold on the hundredths (0.65), with which only a PLOVER type narrows the type and
an actor is not combined with a place, reads ``timeline_months`` for the months the filter covers
whole and the hundredths at or above it of ``timeline_counts`` for the other days. Network (``actor_counts``,
``pair_scope_counts``): no filter, one whole month or year (``since`` its first day, ``until``
its last), or all the time of a country, one actor, a place, a PLOVER type or an exact threshold.
Everything else (words, a threshold finer than the hundredths, a country with a place, a
network of several filters or of an odd range) is counted over the matching events as before
(``store/aggregate.py``); None says so.
"""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import (
    Connection,
    Select,
    String,
    bindparam,
    cast,
    distinct,
    func,
    literal,
    select,
    text,
    type_coerce,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY

from sukien.store.actors import match_actor
from sukien.store.engine import chunks
from sukien.store.read import EventFilter
from sukien.store.schema import (
    NO_DATE_ISO,
    actor_counts,
    event_actors,
    events,
    pair_scope_counts,
    timeline_counts,
    timeline_months,
)
from sukien.normalize.fold import fold
from sukien.store.summary import (
    ALL,
    BANDS,
    EVERY,
    SCOPE_WIDTH,
    at_place,
    hundredths,
    on_hundredths,
    period_days,
)

t = timeline_counts.c
m = timeline_months.c
MANY_ACTORS = 1000  # a name meaning more actors than this is counted over their events


def _scope(conn: Connection, filters: EventFilter, at: bool = False) -> str | None:
    """The timeline scope of the filter's actor, country or place, or with ``at`` of an actor at
    a place; None: not summarised."""
    if filters.text or sum(map(bool, (filters.actor, filters.country, filters.place))) > 1:
        if at and filters.actor and filters.place and not filters.country and not filters.text:
            actor, place = _actor_scope(conn, filters.actor), _place_scope(filters.place)
            return at_place(actor, place) if actor and place and actor.startswith("actor:") else None
        return None
    if filters.place:
        return _place_scope(filters.place)
    if filters.country:
        return f"country:{filters.country.upper()}"
    if not filters.actor:
        return ALL
    return _actor_scope(conn, filters.actor)


def _actor_scope(conn: Connection, actor: str) -> str | None:
    found = match_actor(conn, actor)
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
    if not on_hundredths(min_confidence):
        return None
    return t.band >= hundredths(min_confidence)


def _type_clauses(banded: bool, cameo: str | None, plover: str | None, columns=t) -> list[Any] | None:
    if plover and not cameo:
        cameo, plover = plover.upper(), None
    clauses = []
    if cameo and cameo.isdigit():
        if banded:  # a band's rows keep the PLOVER type only
            return None
        clauses.append((columns.root if len(cameo) == 2 else columns.cameo) == cameo)
    elif cameo:
        clauses.append(columns.plover == cameo.upper())
    if plover:
        clauses.append(columns.plover == plover.upper())
    return clauses


def _where(conn: Connection, filters: EventFilter, plover: str | None) -> list[Any] | None:
    band = _band_clause(filters.min_confidence)
    scope = None if band is None else _scope(conn, filters, at=filters.min_confidence is None)
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
    return list(range(hundredths(min_confidence), 101))


def timeline_query(conn: Connection, filters: EventFilter, plover: str | None) -> list[Any] | None:
    """WHERE clauses of the filter on ``timeline_counts``; None when the filter needs the scan."""
    return _where(conn, filters, plover)


def timeline(conn: Connection, filters: EventFilter, plover: str | None, by: str) -> tuple[str, list[Any]] | None:
    """(period, rows of (type, day or first day of a month, events)) of the filter read from the
    counts, ``by`` "auto" resolved; None when the filter needs the scan."""
    from sukien.store.aggregate import PERIOD_WIDTH, period_for
    if filters.min_confidence is not None and on_hundredths(filters.min_confidence):
        return thresholded(conn, filters, plover, by)
    where = _where(conn, filters, plover)
    if where is None:
        return _several_actors(conn, filters, plover, by)
    by = auto(conn, filters, plover) if by == "auto" else by
    return by, timeline_rows(conn, where, PERIOD_WIDTH[by])


def _several_actors(conn: Connection, filters: EventFilter, plover: str | None,
                    by: str) -> tuple[str, list[Any]] | None:
    """(period, rows of (type, period, events)) of a name that means several actors (and no
    country), ``by`` "auto" resolved: each one's rows summed by period in SQL, less the events
    that m of them take part in counted m - 1 times more. Their days are those of the actors'
    rows (an event several share is counted once, never nought), so "auto" reads the first and
    the last of them; summed by day in Python, the rows of two hundred actors cost 40 ms."""
    from sukien.store.aggregate import PERIOD_WIDTH, period_for
    if not filters.actor or filters.country or filters.place or filters.text or filters.min_confidence is not None:
        return None
    found = match_actor(conn, filters.actor)
    types = _type_clauses(False, filters.cameo, plover)
    if found.country or not 1 < len(found.ids) <= MANY_ACTORS or types is None:
        return None
    where = [t.scope.in_([f"actor:{entity_id}" for entity_id in found.ids]), t.band == EVERY, *types,
             *_bounds(t.day, filters.since, filters.until)]
    if by == "auto":
        first, last = conn.execute(select(func.min(t.day), func.max(t.day)).where(*where, t.day > date(1, 1, 1))).one()
        by = period_for(first, last)
    width = PERIOD_WIDTH[by]
    period = (type_coerce(t.day, String) if width == 10 else func.substr(cast(t.day, String), 1, width)).label("p")
    counted = Counter({(kind or "", str(key)[:width]): n for kind, key, n in conn.execute(
        select(t.plover, period, func.sum(t.n)).where(*where).group_by(period, t.plover))})
    a = event_actors.c
    many_of = func.count(distinct(a.entity_id))
    shared = conn.execute(select(a.event_id, many_of).where(a.entity_id.in_(found.ids),
                                                           *_bounds(a.sort_date, filters.since, filters.until))
                          .group_by(a.event_id).having(many_of > 1)).all()
    by_many: dict[int, list[str]] = {}
    for event_id, many in shared:
        by_many.setdefault(many, []).append(event_id)
    e = events.c  # the shared events are of the filter's days already (event_actors.sort_date)
    typed = _type_clauses(False, filters.cameo, plover, e)
    for many, ids in sorted(by_many.items()):
        for part in chunks(ids):
            for kind, day, n in conn.execute(select(e.plover, type_coerce(e.sort_date, String), func.count())
                                             .where(e.id.in_(part), *typed).group_by(e.plover, e.sort_date)):
                counted[(kind or "", str(day)[:width])] -= (many - 1) * n
    return by, [(kind, key, n) for (kind, key), n in sorted(counted.items()) if n]


def thresholded(conn: Connection, filters: EventFilter, plover: str | None, by: str) -> tuple[str, list[Any]] | None:
    """``timeline`` of a threshold on the hundredths: whole months from ``timeline_months``, the
    other days from the hundredths at or above it of ``timeline_counts``."""
    from sukien.store.aggregate import AUTO_MAX_PERIODS, period_for
    scope = _scope(conn, filters)
    months = None if scope is None else _type_clauses(True, filters.cameo, plover, m)
    days = None if scope is None else _type_clauses(True, filters.cameo, plover, t)
    if months is None or days is None:
        return None
    # Each hundredth named: its days are then a range of the key, where "band >= …" reads every
    # day of every band at or above the threshold and tests the day on each row.
    reached = _bands(filters.min_confidence)

    def day_rows(since: date | None, until: date | None) -> list[Any]:
        return _per_band(conn, t, t.day, [t.scope == scope, *days, *_bounds(t.day, since, until)], reached)

    if by == "day":
        return by, day_rows(filters.since, filters.until)
    whole, edges = _whole_months(filters.since, filters.until)
    rows = [] if whole is None else [MonthRow(*row) for row in _per_band(
        conn, m, m.month, [m.scope == scope, *months, *_bounds(m.month, *whole)], reached)]
    for since, until in edges:
        rows += day_rows(since, until)
    if by != "auto":
        return by, rows
    spans = [_span(row) for row in rows if str(row[1])[:10] > NO_DATE_ISO]
    if not spans:
        return period_for(None, None), rows
    # The first day falls in the earliest span, the last in the latest: when even the nearest
    # two days they allow are a period apart, the months decide; else the days are read.
    first_lo, first_hi = min(lo for lo, _ in spans), min(hi for _, hi in spans)
    last_lo, last_hi = max(lo for lo, _ in spans), max(hi for _, hi in spans)
    if (last_lo - first_hi).days >= AUTO_MAX_PERIODS["day"]:
        return period_for(first_hi, last_lo), rows
    rows = [row for row in rows if str(row[1])[:10] <= NO_DATE_ISO] + day_rows(first_lo, last_hi)
    dated = [str(row[1])[:10] for row in rows if str(row[1])[:10] > NO_DATE_ISO]
    return period_for(min(dated), max(dated)), rows


class MonthRow(NamedTuple):
    """A row of ``timeline_months``: events of the type in the month starting on ``day``."""

    plover: str
    day: str
    n: int


def _span(row: Any) -> tuple[date, date]:
    """The first and last day a row of ``thresholded`` may count: its day, or its whole month."""
    day = date.fromisoformat(str(row[1])[:10])
    return (day, period_days(day.isoformat()[:7])[1]) if isinstance(row, MonthRow) else (day, day)


def _whole_months(since: date | None, until: date | None) -> tuple[tuple | None, list[tuple]]:
    """The months from ``since`` to ``until`` that are wholly in (first days of the first and
    last, None: unbounded; None: no month), and the days of the others, as (since, until)."""
    first = since if since is None or since.day == 1 else period_days(since.isoformat()[:7])[1] + timedelta(1)
    last = until if until is None or until == period_days(until.isoformat()[:7])[1] else \
        until.replace(day=1) - timedelta(1)
    if first is not None and last is not None and first > last:
        return None, [(since, until)]
    edges = [(since, first - timedelta(1))] if since and since != first else []
    edges += [(last + timedelta(1), until)] if until and until != last else []
    return (first, last and last.replace(day=1)), edges


def _bounds(column, first: date | None, last: date | None) -> list[Any]:
    """``column`` from ``first`` to ``last``, bounded below even with no ``first``: after an IN list
    of the key's column before it, an upper bound alone has SQLite 3.40 return rows past it."""
    return [column >= (first or date(1, 1, 1)), *([column <= last] if last else [])]


def _per_band(conn: Connection, columns, key, where: list[Any], bands: list[int]) -> list[Any]:
    """Rows of (type, ``key`` as text, events) of the bands: on SQLite one statement per band, each
    a range of the key ("band IN (…) AND day <= …" returned a later day of another band on 3.40)."""
    if conn.dialect.name == "sqlite":
        rows = union_all(*(select(columns.plover, key.label("key"), columns.n).where(*where, columns.band == band)
                           for band in bands)).subquery()
    else:
        rows = select(columns.plover, key.label("key"), columns.n).where(*where, columns.band.in_(bands)).subquery()
    return conn.execute(select(rows.c.plover, type_coerce(rows.c.key, String), func.sum(rows.c.n))
                        .group_by(rows.c.key, rows.c.plover)).all()


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


def _graph_source(conn: Connection, filters: EventFilter, plover: str | None) -> tuple[str, Select] | None:
    """The network scope of the filter and the statement that counts its events; None: needs the
    scan. A PLOVER type or an exact threshold alone (all the time, no other filter) has one."""
    if filters.text or (filters.cameo and filters.cameo.isdigit()):
        return None
    kind = {k.upper() for k in (filters.cameo, plover) if k}
    alone = not any((filters.actor, filters.country, filters.place, filters.since, filters.until))
    if kind:
        if len(kind) > 1 or filters.min_confidence is not None or not alone:
            return None
        [name] = kind
        return f"type:{name}", _total(t, t.scope == ALL, t.band == EVERY, t.plover == name)
    if filters.min_confidence is not None:
        if filters.min_confidence not in BANDS or not alone:
            return None
        lowest = hundredths(filters.min_confidence)  # its events by month: fewer rows than by day
        return f"confidence:{lowest}", _total(m, m.scope == ALL, m.band >= lowest)
    scope = _graph_scope(conn, filters, plover)
    if scope is None:
        return None
    if ":" in scope or scope == ALL:
        return scope, _total(t, t.scope == scope, t.band == EVERY)
    first, last = period_days(scope)
    return scope, _total(t, t.scope == ALL, t.band == EVERY, t.day >= first, t.day <= last)


def _total(columns, *where: Any) -> Select:
    return select(func.sum(columns.n)).where(*where)


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
    total = int(conn.execute(counted).scalar() or 0)
    return total, kept, actors, _pairs_among(conn, scope, sorted(kept))


def _pairs_among(conn: Connection, scope: str, ordered: list[str]) -> list[Any]:
    """Rows of (a, b, root, n, first, last) of the scope's pairs among the ``ordered`` actors."""
    if len(ordered) < 2:
        return []
    p = pair_scope_counts.c
    if conn.dialect.name == "postgresql":
        # Each pair looked up by its key, the pairs two arrays (planning a statement per actor, below,
        # costs more than the lookups). "entity_a = ANY (…) AND entity_b = ANY (…)" has the planner,
        # which cannot tell how few pairs match, read every pair of the scope: 220,000 rows, 40 ms
        # for the pairs of all the events above 0.7 at 1,000,000 events, where 1,770 lookups take 8.
        firsts, seconds = zip(*((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]), strict=True)
        return conn.execute(_PG_PAIRS, {"scope": scope, "firsts": list(firsts), "seconds": list(seconds)}).all()
    # SQLite: one lookup per actor and partner: with "entity_a IN … AND entity_b IN …" its statistics
    # (a few pairs per actor on average) have it read every pair of the busiest actors.
    # Pairs are stored with entity_a < entity_b (sorted in Python, as ``fused_write`` writes them).
    # The ids are written into the statement: bound one by one (about 1,800 for 60 actors) they
    # cost three times the query itself.
    first, last = type_coerce(p.first, String), type_coerce(p.last, String)
    return conn.execute(union_all(*(
        select(p.entity_a, p.entity_b, p.root, p.n, first.label("first"), last.label("last"))
        .where(p.scope == scope, p.entity_a == literal(actor, String, literal_execute=True),
               p.entity_b.in_(bindparam(f"with_{i}", ordered[i + 1:], expanding=True, literal_execute=True)))
        for i, actor in enumerate(ordered[:-1])))).all()


# The scope's pairs of the given actors (entity_a < entity_b, as stored), each looked up by its key.
_PG_PAIRS = text(
    "SELECT found.* FROM unnest(CAST(:firsts AS VARCHAR[]), CAST(:seconds AS VARCHAR[])) AS listed(a, b)"
    " CROSS JOIN LATERAL (SELECT entity_a, entity_b, root, n, CAST(first AS VARCHAR) AS first,"
    " CAST(last AS VARCHAR) AS last FROM pair_scope_counts"
    " WHERE scope = :scope AND entity_a = listed.a AND entity_b = listed.b OFFSET 0) AS found"
).bindparams(bindparam("firsts", type_=ARRAY(String)), bindparam("seconds", type_=ARRAY(String)))


WINDOW_DAYS = 64  # days of counts read at a time by ``window_start``, four times more each time


def window_start(conn: Connection, filters: EventFilter, count: int) -> tuple[bool, date | None]:
    """(whether the counts hold the filter, the latest day on and after which ``count`` of its
    events fall, None when it has fewer): its newest events are found from that day on.

    Read newest first, a few days at a time, from the timeline's rows of every event (a
    threshold is left to the scan: its hundredths are several ranges of the key)."""
    where = None if filters.min_confidence is not None else _where(conn, filters, None)
    if where is None:
        return False, None
    total, before, size = 0, None, WINDOW_DAYS
    while True:
        bounded = [*where, t.day < before] if before is not None else where
        rows = conn.execute(select(t.day, func.sum(t.n)).where(*bounded).group_by(t.day)
                            .order_by(t.day.desc()).limit(size)).all()
        for day, n in rows:
            total += n
            if total >= count:
                return True, day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
        if len(rows) < size:
            return True, None
        before, size = rows[-1][0], size * 4
