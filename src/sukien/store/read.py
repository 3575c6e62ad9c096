"""The read queries every front end shares (CLI, REST API, web pages, exports).

All functions take an opened store and return JSON-ready values (dates as ISO
strings). Each is written for an index: events by date, by CAMEO code or root,
by PLOVER type, by actor or actor country (through ``event_actors``, which
carries the event's sort date), and actor pairs through ``event_pairs``.
``sort_date`` is the event's start date, or its first report date when no article
gives one: date filters and timelines use it.
"""
from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Select, and_, bindparam, func, or_, select, text, tuple_, union_all

from sukien.normalize.fold import fold
from sukien.store.actors import match_actor
from sukien.store.schema import (
    articles,
    entities,
    entity_aliases,
    entity_roles,
    event_actors,
    event_links,
    event_mentions,
    event_pairs,
    events,
    pair_counts,
    role_evidence,
    search_docs,
)

if TYPE_CHECKING:
    from sukien.store import Store

SORTS = ("date", "date_asc", "mentions")
MAX_LIMIT = 1000


@dataclass(frozen=True)
class EventFilter:
    """What ``list_events`` selects; every field is optional and they combine with AND.

    ``cameo`` is a CAMEO code ("042"), a root prefix ("04") or a PLOVER type ("CONSULT");
    ``actor`` an entity id or a name (folded match on names and aliases); ``country`` an
    ISO alpha-3 code of any actor; ``place`` a place name (whole name, folded) or an ISO
    code of the place's country; ``text`` words searched in the event's text.
    """

    actor: str | None = None
    country: str | None = None
    cameo: str | None = None
    since: date | None = None
    until: date | None = None
    place: str | None = None
    text: str | None = None
    min_confidence: float | None = None  # some report of the event at least this sure
    limit: int = 50
    cursor: str | None = None


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


_INTERNAL = frozenset({"family", "actor_key", "country_key", "place_key", "updated_at", "confidence"})


def _event_dicts(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Event rows of one SELECT as JSON-ready dicts, without the columns only fusion reads.

    The column names are read once for all the rows: asking each row for its mapping
    costs more than converting its values.
    """
    if not rows:
        return []
    keys = rows[0]._fields
    return [{k: v.isoformat() if isinstance(v, date) else v for k, v in zip(keys, row) if k not in _INTERNAL}
            for row in rows]


def _event_dict(row: Any) -> dict[str, Any]:
    return _event_dicts([row])[0]


# -- events -----------------------------------------------------------------------------------


def _cameo_clause(value: str):
    if value.isdigit():
        column = events.c.root if len(value) == 2 else events.c.cameo
        return column == value
    return events.c.plover == value.upper()


def _place_clause(value: str):
    if len(value) == 3 and value.isalpha() and value.isupper():
        return events.c.place_country == value
    return events.c.place_key == fold(value)


def _driver(conn: Connection, filters: EventFilter, sort: str):
    """The event_actors rows to walk in date order when an actor or country is asked for.

    Walking ``event_actors`` through its (entity or country, sort_date, event_id) index
    and probing ``events`` by key stops after one page, however many events the
    actor has; an IN-list would collect all of them first.
    """
    if sort == "mentions":
        return None
    if filters.actor:
        found = match_actor(conn, filters.actor)
        return found.clause() if found else False
    if filters.country:
        return event_actors.c.country == filters.country.upper()
    return None


def _filtered(conn: Connection, query: Select, filters: EventFilter, driven: bool,
              paged: bool = False) -> Select | None:
    """Add the WHERE clauses; None when a filter can match nothing (unknown actor).

    ``paged``: the query reads one page in index order (``list_events``), so a text filter
    matching many events may be checked row by row as the walk goes; an aggregate over every
    matching event looks the matches up instead.
    """
    if filters.actor and not driven:
        found = match_actor(conn, filters.actor)
        if not found:
            return None
        query = query.where(events.c.id.in_(select(event_actors.c.event_id).where(found.clause())))
    if filters.country and not (driven and not filters.actor):
        query = query.where(events.c.id.in_(
            select(event_actors.c.event_id).where(event_actors.c.country == filters.country.upper())))
    if filters.cameo:
        query = query.where(_cameo_clause(filters.cameo))
    if filters.since:
        query = query.where(events.c.sort_date >= filters.since)
    if filters.until:
        query = query.where(events.c.sort_date <= filters.until)
    if filters.place:
        query = query.where(_place_clause(filters.place))
    if filters.text:
        from sukien.store.search import matches
        query = query.where(matches(conn, filters.text, "event", events.c.id, walk=paged))
    if filters.min_confidence is not None:  # the most confident report's, kept on the event (migration 12)
        query = query.where(events.c.confidence >= filters.min_confidence)
    return query


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    from sukien.errors import StoreError
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError) as exc:
        raise StoreError(f"bad cursor {cursor!r}") from exc


def _cursor_bound(cursor: str, sort: str) -> tuple[Any, str]:
    """The (key, id) a cursor starts after; StoreError for one that is not a page's of this sort.

    ``decode_cursor`` only checks that the cursor is JSON: a hand-made or mistyped one
    such as ``[1]`` would otherwise fail deep in the query.
    """
    from sukien.errors import StoreError
    value = decode_cursor(cursor)
    if isinstance(value, list) and len(value) == 2 and isinstance(value[1], str):
        if sort == "mentions" and isinstance(value[0], int) and not isinstance(value[0], bool):
            return value[0], value[1]
        if sort != "mentions" and isinstance(value[0], str):
            try:
                return date.fromisoformat(value[0]), value[1]
            except ValueError:
                pass
    raise StoreError(f"bad cursor {cursor!r} for sort {sort!r}")


def _ordered(query: Select, sort: str, cursor: str | None, driven: bool) -> tuple[Select, Any]:
    """Keyset pagination: ORDER BY (key, id), and start after the cursor's (key, id)."""
    if sort not in SORTS:
        from sukien.errors import StoreError
        raise StoreError(f"unknown sort {sort!r} (choose from {', '.join(SORTS)})")
    if sort == "mentions":
        key, ident = events.c.num_mentions, events.c.id
    elif driven:  # the same values, copied: ordering by them lets the index drive the scan
        key, ident = event_actors.c.sort_date, event_actors.c.event_id
    else:
        key, ident = events.c.sort_date, events.c.id
    after = _cursor_bound(cursor, sort) if cursor else None
    if after is not None:
        pair, bound = tuple_(key, ident), tuple_(*after)
        query = query.where(pair > bound if sort == "date_asc" else pair < bound)
    if sort == "date_asc":
        return query.order_by(key.asc(), ident.asc()), key
    return query.order_by(key.desc(), ident.desc()), key


def attach_actors(conn: Connection, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``source`` and ``target`` lists of {id, name, name_vi, type, country} to each event."""
    ids = [item["id"] for item in items]
    for item in items:
        item["source"], item["target"] = [], []
    if not ids:
        return items
    by_id = {item["id"]: item for item in items}
    rows = conn.execute(select(event_actors.c.event_id, event_actors.c.side, entities.c.id,
                               entities.c.name, entities.c.name_vi, entities.c.type, entities.c.country)
                        .join(entities, entities.c.id == event_actors.c.entity_id)
                        .where(event_actors.c.event_id.in_(ids))
                        .order_by(event_actors.c.event_id, entities.c.id)).all()
    for event_id, side, entity_id, name, name_vi, type_, country in rows:  # unpacked: a Row's attributes cost
        by_id[event_id][side].append({"id": entity_id, "name": name, "name_vi": name_vi,
                                      "type": type_, "country": country})
    return items


def list_events(store: Store, filters: EventFilter | None = None, sort: str = "date") -> Page:
    """Events matching ``filters``, newest first (or by ``sort``), one page at a time."""
    filters = filters or EventFilter()
    limit = max(1, min(filters.limit, MAX_LIMIT))
    with store.engine.connect() as conn:
        found = None
        if filters.text and sort == "date":
            found = _newest_by_text(conn, filters, limit)
        if found is None:
            found = _page_rows(conn, filters, sort, limit)
        rows, unique, fetch = found
        items = attach_actors(conn, _event_dicts(unique[:limit]))
    cursor = None
    if unique and (len(unique) > limit or len(rows) == fetch):
        last = unique[min(limit, len(unique)) - 1]
        value = last.num_mentions if sort == "mentions" else iso(last.sort_date)
        cursor = encode_cursor([value, last.id])
    return Page(items, cursor)


def _page_rows(conn: Connection, filters: EventFilter, sort: str, limit: int,
               text_clause: Any = None, columns: tuple[Any, ...] = (events,)) -> tuple[list[Any], list[Any], int]:
    """The rows of one page (an event may come twice when driven by its actors), the events
    among them once each, and how many rows were asked for."""
    driver = _driver(conn, filters, sort)
    if driver is False:
        return [], [], 0
    base = select(*columns)
    if driver is not None:
        base = base.select_from(event_actors.join(events, events.c.id == event_actors.c.event_id)).where(driver)
    if text_clause is not None:
        base, filters = base.where(text_clause), replace(filters, text=None)
    query = _filtered(conn, base, filters, driven=driver is not None, paged=True)
    if query is None:
        return [], [], 0
    query, _ = _ordered(query, sort, filters.cursor, driven=driver is not None)
    # Driven by event_actors, an event shows once per matching actor: fetch extra rows.
    fetch = 2 * limit + 1 if driver is not None else limit + 1
    rows = conn.execute(query.limit(fetch)).all()
    return rows, list({row.id: row for row in rows}.values()), fetch


_MAX_CANDIDATES = 20_000  # beyond this many of the newest matches, the general plan is cheaper


def newest_event_ids(conn: Connection, filters: EventFilter, count: int, clause: Any = None) -> list[str]:
    """The ids of the ``count`` newest events of the filter (and ``clause``, a text filter's matches),
    newest first: the walk ``list_events`` makes for a page, reading the ids alone."""
    _, unique, _ = _page_rows(conn, filters, "date", count, text_clause=clause, columns=(events.c.id,))
    return [row.id for row in unique[:count]]


def _newest_by_text(conn: Connection, filters: EventFilter, limit: int) -> tuple[list, list, int] | None:
    """A newest-first page of a text filter from the dated index (SQLite), or None without it.

    The newest matches, whole days of them, are the candidates the other filters and the
    order (day, id) are applied to; when they fill no page and older matches remain, eight
    times as many are taken.
    """
    from sukien.store.search import has_dated_index, newest_matches
    if not has_dated_index(conn):
        return None
    before = _cursor_bound(filters.cursor, "date")[0] if filters.cursor else None
    count = 4 * (limit + 1)
    while count <= _MAX_CANDIDATES:
        ids, exhausted = newest_matches(conn, filters.text or "", before, count)
        clause = events.c.id.in_(select(search_docs.c.ref).where(search_docs.c.id.in_(ids)))
        rows, unique, fetch = _page_rows(conn, filters, "date", limit, text_clause=clause)
        if exhausted or len(unique) > limit or (rows and len(rows) == fetch):
            return rows, unique, fetch
        count *= 8
    return None


_COPIES_SQLITE = text(
    "SELECT id, title, url, outlet, published, duplicate_of, similarity"
    " FROM articles INDEXED BY ix_articles_duplicate_of WHERE duplicate_of IN :originals"
).bindparams(bindparam("originals", expanding=True)).columns(
    articles.c.id, articles.c.title, articles.c.url, articles.c.outlet, articles.c.published,
    articles.c.duplicate_of, articles.c.similarity)


def _copies_of(conn: Connection, originals: list[str]) -> list[Any]:
    """The stored near-duplicate copies of the articles, by their index. On SQLite the index is named:
    where almost no article is a copy, its statistics (one value, NULL, for nearly every row) have it
    read every article instead (30 ms at 100,000 articles)."""
    if conn.dialect.name == "sqlite":
        return conn.execute(_COPIES_SQLITE, {"originals": originals}).all()
    return conn.execute(select(articles.c.id, articles.c.title, articles.c.url, articles.c.outlet,
                               articles.c.published, articles.c.duplicate_of, articles.c.similarity)
                        .where(articles.c.duplicate_of.in_(originals))).all()


def _articles_of(conn: Connection, event_id: str) -> list[dict[str, Any]]:
    """Every article reporting the event, each with its stored near-duplicate copies."""
    reporting = sorted(set(conn.execute(select(event_mentions.c.article_id).where(
        event_mentions.c.event_id == event_id)).scalars()))
    columns = (articles.c.id, articles.c.title, articles.c.url, articles.c.outlet,
               articles.c.published, articles.c.duplicate_of, articles.c.similarity)
    if not reporting:
        return []
    # Two index lookups (no OR, no ORDER BY: either could lead the planner to a full scan).
    rows = [*conn.execute(select(*columns).where(articles.c.id.in_(reporting))), *_copies_of(conn, reporting)]
    rows.sort(key=lambda r: (r.published or date.max, r.id))
    found = {r.id: {"id": r.id, "title": r.title, "url": r.url, "outlet": r.outlet,
                    "published": iso(r.published), "copies": []} for r in rows if r.duplicate_of is None}
    for row in rows:
        if row.duplicate_of in found:
            found[row.duplicate_of]["copies"].append({"id": row.id, "url": row.url, "outlet": row.outlet,
                                                      "similarity": row.similarity})
    return list(found.values())


def _date_relation(payload: dict[str, Any]) -> str | None:
    """How the report dates the event: "stated" in its sentence, "inferred" from the article's context
    (an earlier sentence's day, or the publication day), "relative" ("hôm qua"), "historical"; None when
    it gives no date."""
    when = payload.get("date")
    if not isinstance(when, dict) or not when.get("start"):
        return None
    return when.get("relation") or "stated"


def _evidence_of(conn: Connection, event_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(select(event_mentions).where(event_mentions.c.event_id == event_id)
                        .order_by(event_mentions.c.article_id, event_mentions.c.sentence)).all()
    return [{"article_id": r.article_id, "article_event_id": r.article_event_id, "sentence": r.sentence,
             "trigger": {"start": r.trigger_start, "end": r.trigger_end, "text": r.trigger_text},
             "evidence": r.evidence, "date_text": r.date_text, "date_relation": _date_relation(r.payload),
             "confidence": r.confidence,
             "occasion": (r.payload.get("occasion") or {}).get("text")
             if isinstance(r.payload.get("occasion"), dict) else r.payload.get("occasion"),
             "topics": r.payload.get("topics") or [],
             "reported_by": r.payload.get("reported_by")} for r in rows]


def reporters(store: Store, event_ids: list[str]) -> dict[str, list[str]]:
    """Names of those every report of an event attributes it to ("theo TASS"), by event.

    An event some article states in its own voice is the article's claim, not a report of
    someone else's: it is left out.
    """
    if not event_ids:
        return {}
    with store.engine.connect() as conn:
        rows = conn.execute(select(event_mentions.c.event_id, event_mentions.c.payload)
                            .where(event_mentions.c.event_id.in_(event_ids))).all()
        by_event: dict[str, list[str | None]] = {}
        for row in rows:
            by_event.setdefault(row.event_id, []).append((row.payload or {}).get("reported_by"))
        attributed = {e: sorted(set(who)) for e, who in by_event.items() if all(who)}
        ids = sorted({who for names in attributed.values() for who in names})
        names = {r.id: r.name_vi or r.name for r in conn.execute(
            select(entities.c.id, entities.c.name, entities.c.name_vi).where(entities.c.id.in_(ids)))}
    return {e: [names.get(who, who) for who in whos] for e, whos in attributed.items()}


def _roles_in(conn: Connection, entity_ids: list[str], article_ids: list[str]) -> dict[str, list[dict]]:
    """The titles each actor holds according to the reporting articles."""
    rows = conn.execute(select(entity_roles).join(role_evidence, role_evidence.c.role_id == entity_roles.c.id)
                        .where(entity_roles.c.entity_id.in_(entity_ids),
                               role_evidence.c.article_id.in_(article_ids))
                        .distinct().order_by(entity_roles.c.entity_id, entity_roles.c.id)).all()
    roles: dict[str, list[dict]] = {}
    for r in rows:
        roles.setdefault(r.entity_id, []).append({
            "title_vi": r.title_vi, "title_en": r.title_en, "country": r.country,
            "organization": r.organization, "sector": r.sector})
    return roles


def _related_of(conn: Connection, event_id: str) -> list[dict[str, Any]]:
    links = conn.execute(select(event_links).where(or_(event_links.c.event_id == event_id,
                                                       event_links.c.related_id == event_id))).all()
    other = {(k.related_id if k.event_id == event_id else k.event_id): k.relation for k in links}
    rows = conn.execute(select(events.c.id, events.c.cameo, events.c.label_vi, events.c.label_en,
                               events.c.date_start).where(events.c.id.in_(list(other)))).all()
    return [{"id": r.id, "relation": other[r.id], "cameo": r.cameo, "label_vi": r.label_vi,
             "label_en": r.label_en, "date_start": iso(r.date_start)} for r in rows]


def get_event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event with actors (and their roles), evidence, reporting articles and related events."""
    with store.engine.connect() as conn:
        row = conn.execute(select(events).where(events.c.id == event_id)).first()
        if row is None:
            return None
        event = attach_actors(conn, [_event_dict(row)])[0]
        event["articles"] = _articles_of(conn, event_id)
        event["evidence"] = _evidence_of(conn, event_id)
        actor_ids = [a["id"] for a in event["source"] + event["target"]]
        roles = _roles_in(conn, actor_ids, [a["id"] for a in event["articles"]])
        for actor in event["source"] + event["target"]:
            actor["roles"] = roles.get(actor["id"], [])
        event["related"] = _related_of(conn, event_id)
    return event


# -- entities -----------------------------------------------------------------------------------


def _entity_dict(row: Any) -> dict[str, Any]:
    return {k: v for k, v in row._mapping.items() if k != "name_key"}


def list_entities(store: Store, query: str | None = None, type: str | None = None,
                  limit: int = 50) -> list[dict[str, Any]]:
    """Entities whose name or an alias starts with ``query`` (folded), most mentioned first."""
    statement = select(entities)
    if query:
        key = fold(query)
        by_alias = select(entity_aliases.c.entity_id).where(
            entity_aliases.c.alias_key >= key, entity_aliases.c.alias_key < key + "\uffff")
        statement = statement.where(or_(
            and_(entities.c.name_key >= key, entities.c.name_key < key + "\uffff"),
            entities.c.id.in_(by_alias), entities.c.id == query))
    if type:
        statement = statement.where(entities.c.type == type.upper())
    statement = statement.order_by(entities.c.num_mentions.desc(), entities.c.id).limit(
        max(1, min(limit, MAX_LIMIT)))
    with store.engine.connect() as conn:
        return [_entity_dict(row) for row in conn.execute(statement)]


def counterparts(conn: Connection, entity_id: str, limit: int = 10) -> list[dict[str, Any]]:
    """The entities this one appears with most often (as an actor pair of an event).

    A pair is stored once, its lesser id first, so a counterpart is found on one side only:
    each side is summed over the CAMEO roots on its own, reading the (entity, other, n)
    index in order (no sort to group), and only the sums are ranked.
    """
    sides = []
    for this, other in ((pair_counts.c.entity_a, pair_counts.c.entity_b),
                        (pair_counts.c.entity_b, pair_counts.c.entity_a)):
        sides.append(select(other.label("other"), func.sum(pair_counts.c.n).label("n"))
                     .where(this == entity_id).group_by(other))
    both = union_all(*sides).subquery()
    counted = select(both.c.other, both.c.n).order_by(both.c.n.desc(), both.c.other).limit(limit).subquery()
    rows = conn.execute(select(counted.c.n, entities.c.id, entities.c.name, entities.c.name_vi,
                               entities.c.type, entities.c.country)
                        .join(entities, entities.c.id == counted.c.other)
                        .order_by(counted.c.n.desc(), entities.c.id)).all()
    return [{"id": r.id, "name": r.name, "name_vi": r.name_vi, "type": r.type,
             "country": r.country, "events": int(r.n)} for r in rows]


def get_entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    """One entity with aliases, roles, recent events and most frequent counterparts."""
    with store.engine.connect() as conn:
        row = conn.execute(select(entities).where(entities.c.id == entity_id)).first()
        if row is None:
            return None
        entity = _entity_dict(row)
        entity["aliases"] = list(conn.execute(select(entity_aliases.c.alias).where(
            entity_aliases.c.entity_id == entity_id).order_by(entity_aliases.c.alias)).scalars())
        entity["roles"] = [{k: iso(v) for k, v in r._mapping.items() if k not in ("id", "role_key")}
                           for r in conn.execute(select(entity_roles).where(
                               entity_roles.c.entity_id == entity_id).order_by(entity_roles.c.first_seen))]
        entity["counterparts"] = counterparts(conn, entity_id)
        entity["timeline"] = _timeline(conn, entity_id, None, None, 50, newest_first=True)
    return entity


def _timeline(conn: Connection, entity_id: str, since: date | None, until: date | None,
              limit: int, newest_first: bool = False) -> list[dict[str, Any]]:
    ids = select(event_actors.c.event_id, event_actors.c.sort_date).where(
        event_actors.c.entity_id == entity_id)
    if since:
        ids = ids.where(event_actors.c.sort_date >= since)
    if until:
        ids = ids.where(event_actors.c.sort_date <= until)
    order = (event_actors.c.sort_date.desc(), event_actors.c.event_id.desc()) if newest_first else (
        event_actors.c.sort_date.asc(), event_actors.c.event_id.asc())
    wanted = ids.order_by(*order).limit(limit * 2).subquery()  # x2: an actor on both sides
    query = select(events).where(events.c.id.in_(select(wanted.c.event_id)))
    query = query.order_by(*((events.c.sort_date.desc(), events.c.id.desc()) if newest_first else
                             (events.c.sort_date.asc(), events.c.id.asc()))).limit(limit)
    return attach_actors(conn, _event_dicts(conn.execute(query).all()))


def timeline(store: Store, entity_id: str, since: date | None = None, until: date | None = None,
             limit: int = 500) -> list[dict[str, Any]]:
    """The entity's events in date order (oldest first)."""
    with store.engine.connect() as conn:
        return _timeline(conn, entity_id, since, until, max(1, min(limit, 10 * MAX_LIMIT)))


def _pair_rows(conn: Connection, root: str, since: date | None, until: date | None, limit: int):
    if since is None and until is None:  # all time: read the maintained counts
        return conn.execute(select(pair_counts.c.entity_a, pair_counts.c.entity_b, pair_counts.c.n)
                            .where(pair_counts.c.root == root)
                            .order_by(pair_counts.c.n.desc(), pair_counts.c.entity_a, pair_counts.c.entity_b)
                            .limit(limit)).all()
    # pair by pair where a query costs no round trip (SQLite); PostgreSQL counts them all at once
    from_totals = _pairs_in_range_from_totals(conn, root, since, until, limit) \
        if conn.dialect.name == "sqlite" else None
    return from_totals or _pairs_in_range(conn, root, since, until, limit)


@dataclass(frozen=True)
class _PairRow:
    entity_a: str
    entity_b: str
    n: int
    first: Any
    last: Any


PAIR_SEEKS = 1000  # pairs counted one by one before counting every pair of the range instead


def _pairs_in_range_from_totals(conn: Connection, root: str, since: date | None, until: date | None,
                                limit: int) -> list[_PairRow] | None:
    """The pairs with most events in a date range, counted pair by pair in order of their
    all-time totals (an upper bound of the range's count): once ``limit`` pairs have more
    events in the range than the next pair has in all, none after it can rank. None when
    that takes more than ``PAIR_SEEKS`` pairs (counts spread thin): then all are counted.
    """
    seek = select(func.count(), func.min(event_pairs.c.sort_date), func.max(event_pairs.c.sort_date)).where(
        event_pairs.c.entity_a == bindparam("a"), event_pairs.c.entity_b == bindparam("b"),
        event_pairs.c.root == root, event_pairs.c.sort_date >= (since or date.min),
        event_pairs.c.sort_date <= (until or date.max))
    totals = conn.execute(select(pair_counts.c.entity_a, pair_counts.c.entity_b, pair_counts.c.n)
                          .where(pair_counts.c.root == root)
                          .order_by(pair_counts.c.n.desc(), pair_counts.c.entity_a, pair_counts.c.entity_b)
                          .limit(PAIR_SEEKS + 1))
    best: list[_PairRow] = []
    for seeks, (a, b, total) in enumerate(totals.all()):
        if len(best) >= limit and total < best[limit - 1].n:
            return best[:limit]
        if seeks == PAIR_SEEKS:
            return None
        n, first, last = conn.execute(seek, {"a": a, "b": b}).one()
        if n:
            best.append(_PairRow(a, b, n, first, last))
            best.sort(key=lambda p: (-p.n, p.entity_a, p.entity_b))
    return best[:limit]  # every pair of the root was counted


def _pairs_in_range(conn: Connection, root: str, since: date | None, until: date | None, limit: int):
    # first and last come with the counts: one pass over the (root, sort_date, a, b) index
    query = select(event_pairs.c.entity_a, event_pairs.c.entity_b, func.count().label("n"),
                   func.min(event_pairs.c.sort_date).label("first"),
                   func.max(event_pairs.c.sort_date).label("last")).where(event_pairs.c.root == root)
    if since:
        query = query.where(event_pairs.c.sort_date >= since)
    if until:
        query = query.where(event_pairs.c.sort_date <= until)
    return conn.execute(query.group_by(event_pairs.c.entity_a, event_pairs.c.entity_b).order_by(
        func.count().desc(), event_pairs.c.entity_a, event_pairs.c.entity_b).limit(limit)).all()


def _pair_spans(conn: Connection, root: str, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[Any, Any]]:
    """First and last date of each pair's events over all time: two index seeks each.

    min() and max() asked apart: SQLite answers a lone min() or max() from one end of the
    (a, b, root, sort_date) index, both together by reading every event of the pair.
    """
    def pair(query: Select) -> Select:
        return query.where(event_pairs.c.entity_a == bindparam("a"), event_pairs.c.entity_b == bindparam("b"),
                           event_pairs.c.root == root)
    if conn.dialect.name == "sqlite":
        query = select(pair(select(func.min(event_pairs.c.sort_date))).scalar_subquery(),
                       pair(select(func.max(event_pairs.c.sort_date))).scalar_subquery())
    else:  # PostgreSQL reads both ends of the index in one query
        query = pair(select(func.min(event_pairs.c.sort_date), func.max(event_pairs.c.sort_date)))
    return {(a, b): tuple(conn.execute(query, {"a": a, "b": b}).one()) for a, b in keys}


def pairs(store: Store, root: str = "04", since: date | None = None, until: date | None = None,
          limit: int = 50) -> list[dict[str, Any]]:
    """Who met whom: actor pairs of events with this CAMEO root, most events first."""
    limit = max(1, min(limit, MAX_LIMIT))
    with store.engine.connect() as conn:
        rows = _pair_rows(conn, root, since, until, limit)
        ids = sorted({r.entity_a for r in rows} | {r.entity_b for r in rows})
        names = {r.id: r for r in conn.execute(select(entities.c.id, entities.c.name, entities.c.name_vi,
                                                       entities.c.country).where(entities.c.id.in_(ids)))}
        ranged = since is not None or until is not None
        spans = ({(r.entity_a, r.entity_b): (r.first, r.last) for r in rows} if ranged
                 else _pair_spans(conn, root, [(r.entity_a, r.entity_b) for r in rows]))

    def who(entity_id: str) -> dict[str, Any]:
        row = names.get(entity_id)
        return {"id": entity_id, "name": row.name if row else entity_id,
                "name_vi": row.name_vi if row else None, "country": row.country if row else None}
    return [{"a": who(r.entity_a), "b": who(r.entity_b), "events": int(r.n),
             "first": iso(spans.get((r.entity_a, r.entity_b), (None, None))[0]),
             "last": iso(spans.get((r.entity_a, r.entity_b), (None, None))[1])}
            for r in rows]
