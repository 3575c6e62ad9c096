"""Queries the web API needs beyond ``sukien.store.read``, over the store's schema.

- ``list_events``: the store's list plus a PLOVER-type filter that can be combined
  with a CAMEO code (the store takes one or the other); pages stay keyset pages.
- ``get_article``: one article's text with the spans of its events and mentions, so
  the event page can highlight the evidence where it stands.
- ``event_codes``: the CAMEO table with English and Vietnamese labels.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from sukien.errors import StoreError
from sukien.store.read import EventFilter, Page, _event_dict, attach_actors, decode_cursor, encode_cursor, iso
from sukien.store.schema import articles, event_mentions, events, mentions

if TYPE_CHECKING:
    from sukien.store import Store

MAX_SCANNED_PAGES = 20  # a rare PLOVER type under a common code: give up after this many pages


def list_events(store: "Store", filters: EventFilter, sort: str = "date",
                plover: str | None = None) -> Page:
    """A page of events; with ``plover`` (and a CAMEO code) filtered further by type."""
    if filters.cursor:
        check_cursor(filters.cursor, sort)
    if not plover:
        return store.list_events(filters, sort)
    if not filters.cameo:
        return store.list_events(replace(filters, cameo=plover.upper()), sort)
    wanted, items, cursor = plover.upper(), [], filters.cursor
    for _ in range(MAX_SCANNED_PAGES):
        page = store.list_events(replace(filters, cursor=cursor), sort)
        for item in page.items:
            if item.get("plover") == wanted:
                items.append(item)
                if len(items) == filters.limit:
                    return Page(items, _cursor_after(item, sort))
        cursor = page.next_cursor
        if not cursor:
            return Page(items, None)
    return Page(items, cursor)


def check_cursor(cursor: str, sort: str) -> None:
    """Refuse a cursor that decodes but is not a (key, id) pair of the sort's kind.

    ``decode_cursor`` only checks that the cursor is JSON; a hand-made one such as
    ``[1]`` or ``"x"`` would otherwise fail deep in the query.
    """
    value = decode_cursor(cursor)
    ok = isinstance(value, list) and len(value) == 2 and isinstance(value[1], str)
    if ok and sort == "mentions":
        ok = isinstance(value[0], int) and not isinstance(value[0], bool)
    elif ok:
        try:
            date.fromisoformat(value[0])
        except (TypeError, ValueError):
            ok = False
    if not ok:
        raise StoreError(f"bad cursor {cursor!r} for sort {sort!r}")


def _cursor_after(item: dict[str, Any], sort: str) -> str:
    key = item["num_mentions"] if sort == "mentions" else item["sort_date"]
    return encode_cursor([key, item["id"]])


def get_article(store: "Store", article_id: str) -> dict[str, Any] | None:
    """The article with its text, its events' triggers and evidence, and its entity mentions."""
    with store.engine.connect() as conn:
        row = conn.execute(select(articles.c.id, articles.c.title, articles.c.url, articles.c.outlet,
                                  articles.c.published, articles.c.text, articles.c.duplicate_of)
                           .where(articles.c.id == article_id)).first()
        if row is None:
            return None
        events = conn.execute(select(event_mentions.c.event_id, event_mentions.c.sentence,
                                     event_mentions.c.trigger_start, event_mentions.c.trigger_end,
                                     event_mentions.c.trigger_text, event_mentions.c.evidence)
                              .where(event_mentions.c.article_id == article_id)
                              .order_by(event_mentions.c.trigger_start)).all()
        spans = conn.execute(select(mentions.c.entity_id, mentions.c.start, mentions.c.end, mentions.c.text)
                             .where(mentions.c.article_id == article_id).order_by(mentions.c.start)).all()
    article = {k: iso(v) for k, v in row._mapping.items()}
    article["events"] = [{"event_id": e.event_id, "sentence": e.sentence,
                          "trigger": {"start": e.trigger_start, "end": e.trigger_end, "text": e.trigger_text},
                          "evidence": e.evidence or []} for e in events]
    article["mentions"] = [{"entity_id": m.entity_id, "start": m.start, "end": m.end, "text": m.text}
                           for m in spans]
    return article


def article_texts(store: "Store", article_ids: list[str]) -> dict[str, str]:
    """The text of each of these articles, by id."""
    if not article_ids:
        return {}
    with store.engine.connect() as conn:
        return {r.id: r.text for r in conn.execute(select(articles.c.id, articles.c.text)
                                                    .where(articles.c.id.in_(article_ids)))}


def reported_events(store: "Store", event_ids: list[str]) -> list[dict[str, Any]]:
    """The fused events with these ids (with their actors), in the order given."""
    if not event_ids:
        return []
    with store.engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(events).where(events.c.id.in_(event_ids)))}
        return attach_actors(conn, [_event_dict(rows[i]) for i in event_ids if i in rows])


def country_names() -> list[dict[str, str]]:
    """Every country of the knowledge base: ISO alpha-3 code, English and Vietnamese name."""
    from sukien.kb import load
    kb = load()
    found = (kb.entities[entity_id] for entity_id in kb.country_by_iso.values())
    return sorted(({"code": e.country or "", "name": e.name, "name_vi": e.name_vi or e.name} for e in found),
                  key=lambda c: c["code"])


def entity_names(ids: list[str]) -> dict[str, dict[str, str]]:
    """English and Vietnamese names of knowledge-base entities (organisations of roles), by id."""
    from sukien.kb import load
    kb = load()
    return {i: {"name": kb.entities[i].name, "name_vi": kb.entities[i].name_vi or kb.entities[i].name}
            for i in ids if i in kb.entities}


def article_event_ids(store: "Store", article_id: str) -> list[str]:
    """The fused events an article reports, in the order of their triggers."""
    with store.engine.connect() as conn:
        return list(dict.fromkeys(conn.execute(
            select(event_mentions.c.event_id).where(event_mentions.c.article_id == article_id)
            .order_by(event_mentions.c.trigger_start)).scalars()))


def event_codes() -> list[dict[str, Any]]:
    """The CAMEO code table: code, labels in English and Vietnamese, PLOVER type, quad class."""
    from sukien.events.lexicon import load_lexicon
    return [{"code": c.code, "label_en": c.label_en, "label_vi": c.label_vi, "plover": c.plover or None,
             "plover_mode": c.plover_mode or None, "quad_class": c.quad_class, "goldstein": c.goldstein}
            for c in sorted(load_lexicon().cameo.values(), key=lambda c: c.code)]


def code_labels(code: str | None) -> dict[str, str | None]:
    """English and Vietnamese labels of a CAMEO code and of its root."""
    from sukien.events.lexicon import load_lexicon
    table = load_lexicon().cameo
    entry, root = table.get(code or ""), table.get((code or "")[:2])
    return {"label_en": entry.label_en if entry else None, "label_vi": entry.label_vi if entry else None,
            "root_label_en": root.label_en if root else None, "root_label_vi": root.label_vi if root else None}
