"""Fused events with everything an export needs, read in batches.

``Store.list_events`` gives a page of events with their actors' ids and names; an
export also needs each actor's codes (Wikidata, CAMEO actor code, sector, title)
and every reporting article with the words that say so. This module adds those
with a fixed number of queries per page (not per event), so exporting a large
database stays linear. Queries are SQLAlchemy Core over the store's schema.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from sukien.store.read import EventFilter, iso
from sukien.store.schema import articles, entities, entity_roles, event_mentions

if TYPE_CHECKING:
    from sukien.store import Store

BATCH = 500
ENTITY_FIELDS = ("id", "type", "name", "name_vi", "country", "wikidata", "cameo", "discovered")


def iter_events(store: "Store", filters: EventFilter | None = None, *, sort: str = "date_asc",
                limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Every event matching ``filters`` as ``list_events`` returns it, following the cursor."""
    filters = replace(filters or EventFilter(), cursor=None, limit=BATCH)
    seen = 0
    while True:
        page = store.list_events(filters, sort=sort)
        for item in page.items:
            if limit is not None and seen >= limit:
                return
            seen += 1
            yield item
        if not page.next_cursor:
            return
        filters = replace(filters, cursor=page.next_cursor)


def iter_records(store: "Store", filters: EventFilter | None = None) -> Iterator[dict[str, Any]]:
    """Every matching fused event, oldest first, with full actors and its mentions."""
    batch: list[dict[str, Any]] = []
    for event in iter_events(store, filters):
        batch.append(event)
        if len(batch) == BATCH:
            yield from complete(store, batch)
            batch = []
    if batch:
        yield from complete(store, batch)


def complete(store: "Store", events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replace the events' actor summaries with full entity records; add their mentions."""
    ids = {actor["id"] for event in events for actor in event["source"] + event["target"]}
    with store.engine.connect() as conn:
        people = entity_records(conn, ids)
        mentions = _mentions(conn, [event["id"] for event in events])
    records = []
    for event in events:
        record = dict(event)
        for side in ("source", "target"):
            record[side] = [people.get(actor["id"], actor) for actor in event[side]]
        record["mentions"] = mentions.get(event["id"], [])
        records.append(record)
    return records


def entity_records(conn: Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Entities by id, each with the sector and title of its most recently stated role."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = conn.execute(select(*(entities.c[name] for name in ENTITY_FIELDS))
                        .where(entities.c.id.in_(ids))).all()
    found = {row.id: dict(row._mapping) for row in rows}
    for record in found.values():  # some linkers store the country as its entity id
        record["country"] = country_code(record.get("country"))
    roles = conn.execute(select(entity_roles.c.entity_id, entity_roles.c.title_vi, entity_roles.c.title_en,
                                entity_roles.c.sector, entity_roles.c.country, entity_roles.c.last_seen)
                         .where(entity_roles.c.entity_id.in_(ids))).all()
    latest: dict[str, Any] = {}
    for role in roles:  # the newest role wins; undated roles lose to dated ones
        held = latest.get(role.entity_id)
        if held is None or (role.last_seen or date.min) > (held.last_seen or date.min):
            latest[role.entity_id] = role
    for entity_id, record in found.items():
        role = latest.get(entity_id)
        record["sector"] = role.sector if role else None
        record["title_vi"] = role.title_vi if role else None
        record["title_en"] = role.title_en if role else None
        if not record["country"] and role is not None:  # a discovered person: the office's country
            record["country"] = country_code(role.country)
    return found


def country_code(value: str | None) -> str | None:
    """ISO alpha-3 from either "VNM" or the country's entity id "country:VNM"."""
    if value and value.startswith("country:"):
        return value.split(":", 1)[1]
    return value


def _mentions(conn: Connection, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each event's mentions with their article, earliest report first."""
    rows = conn.execute(
        select(event_mentions.c.event_id, event_mentions.c.article_id, event_mentions.c.sentence,
               event_mentions.c.trigger_start, event_mentions.c.trigger_end, event_mentions.c.trigger_text,
               event_mentions.c.evidence, event_mentions.c.confidence, articles.c.url, articles.c.title,
               articles.c.outlet, articles.c.published)
        .join(articles, articles.c.id == event_mentions.c.article_id)
        .where(event_mentions.c.event_id.in_(event_ids))).all()
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row.event_id, []).append({
            "article_id": row.article_id, "url": row.url, "title": row.title, "outlet": row.outlet,
            "published": iso(row.published), "sentence": row.sentence,
            "trigger": {"start": row.trigger_start, "end": row.trigger_end, "text": row.trigger_text},
            "evidence": row.evidence or [], "confidence": row.confidence,
        })
    for items in found.values():
        items.sort(key=lambda m: (m["published"] or "9999", m["article_id"], m["sentence"] or 0))
    return found
