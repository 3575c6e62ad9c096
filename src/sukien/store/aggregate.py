"""Aggregates over the events of a filter, computed in SQL where the summaries do not answer.

The timeline and the network of the common filters are read from counts kept at write
time (``store/summary_read.py``); the statements below count the others at read time.

- ``event_counts``: events per day, month or year (and per PLOVER type): one GROUP BY
  over ``events.plover, events.sort_date`` (the order of their index, so no sort), the
  same statement on SQLite and PostgreSQL; the days are put into periods in Python.
- ``actor_graph``: the actor network of the filter's newest ``GRAPH_EVENTS`` events (found by
  ``store/newest.py`` for an actor or a country, alone or with a type or a place), limited
  to the ``top`` actors by number of events: node counts from ``event_actors``, edges from
  ``event_pairs`` (the pairs the store keeps for "who met whom"), counted by CAMEO root.
- Words (``text``) count the newest ``TEXT_MATCHES`` events containing them, whole days of them,
  on both back ends (``search.newest_matching``).
- ``entity_offices``: the offices an entity was seen holding, with the first and last
  day the articles say so and how many articles do.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Select,
    String,
    and_,
    bindparam,
    distinct,
    func,
    select,
    text,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import ARRAY

from sukien.store import summary_read
from sukien.store.newest import newest_ids
from sukien.store.read import EventFilter, _filtered, iso, newest_event_ids
from sukien.store.schema import (
    NO_DATE_ISO,
    articles,
    entities,
    entity_roles,
    event_actors,
    event_pairs,
    events,
    role_evidence,
)

if TYPE_CHECKING:
    from sukien.store import Store

PERIOD_WIDTH = {"year": 4, "month": 7, "day": 10}
# "auto" picks the finest granularity that keeps the axis within this many periods.
AUTO_MAX_PERIODS = {"day": 92, "month": 120}
MAX_TOP = 500


# A text filter counts at most this many of the newest events containing the words (whole days
# of them: SQLite reads them newest first from its day-ordered index, PostgreSQL from the days kept
# on the search text, ``search.newest_matching``): counting every event of a common word takes
# seconds. The answer says it is truncated when this many match, the same on both back ends.
TEXT_MATCHES = 2000
# A network counts at most this many of the newest events of a filter the summaries do not answer
# (several filters together, words): its top actors and their pairs, read event by event.
GRAPH_EVENTS = 1000


@dataclass(frozen=True)
class Counts:
    by: str
    buckets: list[dict[str, Any]]
    events: int  # dated events counted in the buckets
    undated: int  # events of the filter with no date at all
    truncated: bool = False  # only the newest TEXT_MATCHES events containing the words were counted

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "buckets": self.buckets, "events": self.events, "undated": self.undated,
                "truncated": self.truncated}


@dataclass(frozen=True)
class _Matching:
    """A filter as the scan counts it: its words, if any, as the newest events containing them."""

    filters: EventFilter
    plover: str | None
    newest: Any = None  # WHERE clause on events.id: the newest events containing the words
    truncated: bool = False


def _matching(conn: Connection, filters: EventFilter, plover: str | None) -> _Matching:
    from sukien.store.search import newest_matching
    found = newest_matching(conn, filters.text, TEXT_MATCHES, filters.since, filters.until) if filters.text else None
    if found is None:
        return _Matching(filters, plover)  # no words, or a SQLite database without the dated index
    newest, truncated = found
    return _Matching(replace(filters, text=None), plover, newest, truncated)


def period_for(first: object, last: object) -> str:
    """The finest period that keeps the days from ``first`` to ``last`` within ``AUTO_MAX_PERIODS``."""
    if first is None:
        return "month"
    first, last = date.fromisoformat(str(first)[:10]), date.fromisoformat(str(last)[:10])
    if (last - first).days < AUTO_MAX_PERIODS["day"]:
        return "day"
    if (last.year - first.year) * 12 + last.month - first.month < AUTO_MAX_PERIODS["month"]:
        return "month"
    return "year"


def _where_filters(conn: Connection, query: Select, matching: _Matching) -> Select | None:
    """``query`` (over ``events``) with the filter's clauses; None when nothing can match."""
    filters, plover = matching.filters, matching.plover
    if matching.newest is not None:
        query = query.where(matching.newest)
    if plover and not filters.cameo:
        filters, plover = replace(filters, cameo=plover.upper()), None
    query = _filtered(conn, query, filters, driven=False)
    if query is not None and plover:
        query = query.where(events.c.plover == plover.upper())
    return query


def event_counts(store: Store, filters: EventFilter, plover: str | None = None, by: str = "month") -> Counts:
    """Events of the filter per period (``day``, ``month``, ``year`` or ``auto``), oldest first."""
    if by not in (*PERIOD_WIDTH, "auto"):
        raise ValueError(f"unknown period {by!r}")
    truncated = False
    with store.engine.connect() as conn:
        summed = summary_read.timeline(conn, filters, plover, by)
        if summed is not None:
            by, rows = summed
        else:
            matching = _matching(conn, filters, plover)
            by, rows = _scan_counts(conn, matching, by)
            truncated = matching.truncated
    width = PERIOD_WIDTH[by]
    counted: dict[tuple[str, str], int] = {}
    for kind, day, n in rows:
        key = (str(day)[:width], kind or "OTHER")
        counted[key] = counted.get(key, 0) + n
    undated = sum(n for (period, _), n in counted.items() if period == NO_DATE_ISO[:width])
    buckets: dict[str, dict[str, Any]] = {}
    for (period, kind), n in sorted(counted.items()):
        if period == NO_DATE_ISO[:width]:
            continue
        bucket = buckets.setdefault(period, {"period": period, "count": 0, "by_type": {}})
        bucket["count"] += n
        bucket["by_type"][kind] = n
    ordered = sorted(buckets.values(), key=lambda b: b["period"])
    return Counts(by, ordered, sum(b["count"] for b in ordered), undated, truncated)


def _scan_counts(conn: Connection, matching: _Matching, by: str) -> tuple[str, list[Any]]:
    """(period, rows of type, day, count) counted over every matching event."""
    # Grouped by (type, day), the order of the (plover, sort_date) index: no sort, no
    # expression per row; the days (a few thousand) are put into periods here.
    day = type_coerce(events.c.sort_date, String).label("day")  # ISO text as stored: no parsing per row
    query = _where_filters(conn, select(events.c.plover, day, func.count().label("n"))
                           .select_from(events), matching)
    rows = conn.execute(query.group_by(events.c.plover, events.c.sort_date)).all() if query is not None else []
    if by == "auto":  # from the days counted: a second pass over the events would cost as much again
        dated = [str(r.day)[:10] for r in rows if str(r.day)[:10] > NO_DATE_ISO]
        by = period_for(min(dated), max(dated)) if dated else "month"
    return by, rows


def actor_graph(store: Store, filters: EventFilter, plover: str | None = None, top: int = 60,
                min_weight: int = 1) -> dict[str, Any]:
    """The network of the ``top`` actors of the filter's events; edge weight = events together."""
    top = max(1, min(top, MAX_TOP))
    with store.engine.connect() as conn:
        summed = summary_read.graph(conn, filters, plover, top)
        if summed is not None:
            total, kept, actors, pairs = summed
            return _graph(conn, total, kept, actors, edge_list(pairs, min_weight))
        matching = _matching(conn, filters, plover)
        newest = _newest(conn, matching, GRAPH_EVENTS + 1)
        truncated = matching.truncated or len(newest) > GRAPH_EVENTS
        return _counted_graph(conn, newest[:GRAPH_EVENTS], top, min_weight) | {"truncated": truncated}


def _newest(conn: Connection, matching: _Matching, count: int) -> list[str]:
    """The ids of the newest ``count`` events of the filter (and PLOVER type), newest first."""
    filters, plover = matching.filters, matching.plover
    if plover and not filters.cameo:
        filters, plover = replace(filters, cameo=plover.upper()), None
    clause = matching.newest
    if plover:
        typed = events.c.plover == plover.upper()
        clause = typed if clause is None else and_(clause, typed)
    found = newest_ids(conn, filters, count) if clause is None else None
    return found if found is not None else newest_event_ids(conn, filters, count, clause)


def _counted_graph(conn: Connection, ids: list[str], top: int, min_weight: int) -> dict[str, Any]:
    """The network of the events ``ids``, counted from their actors and actor pairs."""
    if not ids:
        return {"nodes": [], "edges": [], "events": 0, "actors": 0}
    # Rows of event_actors: an actor's events (one on both sides of an event, which the
    # pipeline does not make, would count twice).
    counts = dict(conn.execute(_of_events(conn, "event_actors", "entity_id", ids, counted=True)).all())
    pairs = conn.execute(_of_events(conn, "event_pairs", "entity_a, entity_b, root, sort_date", ids)).all()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    kept = dict(ranked[:top])
    edges: dict[tuple[str, str, str], list[Any]] = {}  # (a, b, root): [n, first, last]
    for a, b, root, day in pairs:
        if a in kept and b in kept:
            day = str(iso(day))[:10]
            edge = edges.setdefault((a, b, root), [0, day, day])
            edge[0] += 1
            edge[1], edge[2] = min(edge[1], day), max(edge[2], day)
    rows = [(a, b, root, n, first, last) for (a, b, root), (n, first, last) in edges.items()]
    return _graph(conn, len(ids), kept, len(counts), edge_list(rows, min_weight))


def _of_events(conn: Connection, table: str, columns: str, ids: list[str], counted: bool = False) -> Any:
    """SELECT ``columns`` (with ``counted``, of each value of the one column, how many rows) of the
    rows of ``table`` (``event_actors`` or ``event_pairs``) of the events ``ids``, each looked up
    by its key. On SQLite the ids are written into the statement, quoted once each (bound one by
    one, or rendered by the compiler, a thousand of them cost as much as the lookups); PostgreSQL
    takes them as one array, each looked up in turn (given the list, it reads every pair of a
    store of 200,000 events rather than a thousand keys: 34 ms against 4)."""
    ordered = sorted(set(ids))
    selected = f"{columns}, count(*)" if counted else columns
    grouped = f" GROUP BY {columns}" if counted else ""
    if conn.dialect.name == "postgresql":
        return text(f"SELECT {selected} FROM unnest(CAST(:ids AS VARCHAR[])) AS listed(id) CROSS JOIN LATERAL"
                    f" (SELECT {columns} FROM {table} WHERE event_id = listed.id OFFSET 0) AS found{grouped}"
                    ).bindparams(bindparam("ids", ordered, type_=ARRAY(String)))
    quote = String().literal_processor(conn.dialect)
    return text(f"SELECT {selected} FROM {table} WHERE event_id IN ({', '.join(map(quote, ordered))}){grouped}")


def _graph(conn: Connection, total: int, kept: dict[str, int], actors: int,
           edges: list[dict[str, Any]]) -> dict[str, Any]:
    linked = sorted({e[k] for e in edges for k in ("source", "target")})
    rows = conn.execute(select(entities.c.id, entities.c.name, entities.c.name_vi, entities.c.type,
                               entities.c.country, entities.c.wikidata, entities.c.cameo)
                        .where(entities.c.id.in_(linked))).all() if linked else []
    nodes = sorted(({**r._mapping, "events": kept[r.id]} for r in rows), key=lambda n: (-n["events"], n["id"]))
    return {"nodes": nodes, "edges": edges, "events": total, "actors": actors, "truncated": False}


def edge_list(rows: list[Any], min_weight: int) -> list[dict[str, Any]]:
    """Edges from rows of (entity_a, entity_b, root, n, first, last); ``codes`` counts by CAMEO root."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for a, b, root, n, first, last in rows:
        edge = found.get((a, b))
        if edge is None:
            edge = found[(a, b)] = {"source": a, "target": b, "weight": 0, "codes": {}, "first": None,
                                    "last": None}
        edge["weight"] += n
        edge["codes"][root] = n
        first, last = str(iso(first))[:10], str(iso(last))[:10]
        if edge["first"] is None or first < edge["first"]:
            edge["first"] = first
        if edge["last"] is None or last > edge["last"]:
            edge["last"] = last
    kept = [e for e in found.values() if e["weight"] >= min_weight]
    for edge in kept:
        edge["codes"] = dict(sorted(edge["codes"].items()))
    return sorted(kept, key=lambda e: (-e["weight"], e["source"], e["target"]))


def entity_offices(store: Store, entity_id: str) -> list[dict[str, Any]]:
    """The offices the articles give the entity: first and last day seen, articles saying so."""
    articles_n = func.count(distinct(role_evidence.c.article_id)).label("articles")
    with store.engine.connect() as conn:
        rows = conn.execute(select(entity_roles.c.id.label("role_id"), entity_roles.c.title_vi,
                                   entity_roles.c.title_en, entity_roles.c.country,
                                   entity_roles.c.organization, entity_roles.c.sector,
                                   entity_roles.c.first_seen, entity_roles.c.last_seen, articles_n)
                            .outerjoin(role_evidence, role_evidence.c.role_id == entity_roles.c.id)
                            .where(entity_roles.c.entity_id == entity_id)
                            .group_by(entity_roles.c.id, entity_roles.c.title_vi, entity_roles.c.title_en,
                                      entity_roles.c.country, entity_roles.c.organization,
                                      entity_roles.c.sector, entity_roles.c.first_seen,
                                      entity_roles.c.last_seen)).all()
        evidence = _office_evidence(conn, entity_id)
    offices = [{k: iso(v) for k, v in r._mapping.items() if k != "role_id"}
               | {"evidence": evidence.get(r.role_id, [])} for r in rows]
    offices.sort(key=lambda o: (o["last_seen"] or "", o["first_seen"] or ""), reverse=True)
    return offices


OFFICE_EVIDENCE = 3  # the latest articles that give an office, each with the words that give it


def _office_evidence(conn: Connection, entity_id: str) -> dict[int, list[dict[str, Any]]]:
    """Role id → the latest articles that give the office: article id, publication day, the words."""
    rows = conn.execute(select(role_evidence.c.role_id, role_evidence.c.article_id, role_evidence.c.text,
                               role_evidence.c.start, role_evidence.c.end, articles.c.published)
                        .join(entity_roles, entity_roles.c.id == role_evidence.c.role_id)
                        .join(articles, articles.c.id == role_evidence.c.article_id)
                        .where(entity_roles.c.entity_id == entity_id)).all()
    found: dict[int, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: (iso(r.published) or "", r.article_id), reverse=True):
        items = found.setdefault(r.role_id, [])
        if len(items) < OFFICE_EVIDENCE and all(i["article_id"] != r.article_id for i in items):
            items.append({"article_id": r.article_id, "published": iso(r.published), "text": r.text,
                          "start": r.start, "end": r.end})
    return found
