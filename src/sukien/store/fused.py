"""Writing fused events: each contract event joins a stored event or starts a new one.

Candidates come from the ``ix_events_fusion`` index (family, actor key, sort-date
window) and, when none of those fits, from ``ix_events_fusion_country`` (country key,
a week's window), so deciding costs a few index probes whatever the database size;
the rules themselves are the pure functions of ``sukien.fuse``. Every event an article
touches is then *refreshed*: its columns, actors, actor pairs and search text are
recomputed from all of its stored mentions, which is also how an updated or withdrawn
article leaves the events of other articles correct.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import combinations
from typing import Any

from sqlalchemy import Connection, bindparam, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from sukien import fuse
from sukien.normalize.fold import fold
from sukien.store.engine import insert_ignore
from sukien.store.schema import (
    articles,
    entities,
    event_actors,
    event_links,
    event_mentions,
    event_pairs,
    events,
    pair_counts,
    search_docs,
)

_TYPE_BY_PREFIX = {"person": "PERSON", "country": "COUNTRY", "org": "ORG", "loc": "LOC", "place": "LOC"}


@dataclass
class FuseCounts:
    created: int = 0
    merged: int = 0
    mentions: int = 0
    touched: set[str] = field(default_factory=set)


def _remap(event: dict[str, Any], entity_map: dict[str, str]) -> dict[str, Any]:
    return {**event,
            "source": [entity_map.get(e, e) for e in event.get("source") or ()],
            "target": [entity_map.get(e, e) for e in event.get("target") or ()]}


def ensure_entities(conn: Connection, ids: Iterable[str]) -> None:
    """Actors the article did not describe still need a row (placeholder named by its id)."""
    rows = []
    for entity_id in sorted(set(ids)):
        prefix, _, rest = entity_id.partition(":")
        rows.append({"id": entity_id, "type": _TYPE_BY_PREFIX.get(prefix, "UNKNOWN"),
                     "name": rest or entity_id, "name_key": fold(rest or entity_id),
                     "discovered": prefix == "discovered", "num_mentions": 0})
    insert_ignore(conn, entities, rows)


def fuse_article_events(conn: Connection, key: str, published: date | None, outlet: str | None,
                        found: tuple[dict[str, Any], ...], entity_map: dict[str, str]) -> FuseCounts:
    counts = FuseCounts()
    seen: set[str] = set()
    for index, raw in enumerate(found):
        event = _remap(raw, entity_map)
        unknown = {*event["source"], *event["target"]} - set(entity_map.values())
        if unknown:
            ensure_entities(conn, unknown)
        local_id = str(event.get("id") or f"e{index}")
        if local_id in seen:
            local_id = f"{local_id}#{index}"
        seen.add(local_id)
        obs = fuse.observation({**event, "id": local_id}, key, published, outlet)
        event_id = _place(conn, obs, event, counts)
        _insert_mention(conn, event_id, key, local_id, event)
        counts.mentions += 1
        counts.touched.add(event_id)
    return counts


def _place(conn: Connection, obs: fuse.Observation, event: dict[str, Any], counts: FuseCounts) -> str:
    """Join an existing fused event or create one; link mirrored visit/host events."""
    obs = replace(obs, countries=_countries(conn, [*obs.source, *obs.target]))
    key = fuse.observed_key(obs)
    candidates = load_candidates(conn, fuse.family(obs.cameo), key, fuse.window(obs))
    mirror = fuse.mirror_family(obs.cameo)
    mirrors = load_candidates(conn, mirror, fuse.mirror_actor_key(obs), fuse.window(obs)) if mirror else []
    decision = fuse.decide(obs, candidates, mirrors)
    lookup = fuse.country_lookup(obs)
    if decision.join is None and lookup is not None:
        known = {c.id for c in candidates}
        wider = [c for c in load_occasions(conn, *lookup) if c.id not in known]
        if wider:
            decision = fuse.decide(obs, [*candidates, *wider], mirrors)
    if decision.join is not None:
        counts.merged += 1
        event_id = decision.join
    else:
        counts.created += 1
        event_id = _create(conn, obs, event, key,
                           fuse.country_key(obs.source, obs.target, dict(obs.countries)))
    for related in decision.related:
        _link(conn, event_id, related)
    return event_id


def _countries(conn: Connection, ids: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(entity id, country) of the given actors that have a known country."""
    wanted = sorted(set(ids))
    if not wanted:
        return ()
    found = conn.execute(select(entities.c.id, entities.c.country).where(
        entities.c.id.in_(wanted), entities.c.country.is_not(None)))
    return tuple(sorted((r.id, r.country) for r in found))


def load_candidates(conn: Connection, family: str, key: str,
                    window: tuple[date, date]) -> list[fuse.Candidate]:
    """Stored events of ``family`` whose actor key is ``key`` in the date window."""
    return _candidates(conn, conn.execute(select(events).where(
        events.c.family == family, events.c.actor_key == key,
        events.c.sort_date.between(window[0], window[1])).limit(200)).all())


def load_occasions(conn: Connection, key: str, window: tuple[date, date]) -> list[fuse.Candidate]:
    """Stored occasions (every family) whose country key is ``key`` in the date window, with the
    countries of their actors: the fallback's candidates and what could make it ambiguous."""
    occasion = or_(*(events.c.cameo.startswith(p) for p in fuse.OCCASION_PREFIXES))
    rows = conn.execute(select(events).where(
        events.c.country_key == key, events.c.sort_date.between(window[0], window[1]), occasion)
        .limit(200)).all()
    countries = _countries(conn, [e for r in rows for side in fuse.key_sides(r.actor_key) for e in side])
    return _candidates(conn, rows, countries)


def _candidates(conn: Connection, rows: Sequence[Any],
                countries: tuple[tuple[str, str], ...] = ()) -> list[fuse.Candidate]:
    if not rows:
        return []
    seen: dict[str, set[str]] = {row.id: set() for row in rows}
    for event_id, article in conn.execute(select(event_mentions.c.event_id, event_mentions.c.article_id)
                                          .where(event_mentions.c.event_id.in_(list(seen)))):
        seen[event_id].add(article)
    return [fuse.Candidate(
        id=row.id, cameo=row.cameo, actor_key=row.actor_key, date_start=row.date_start,
        date_end=row.date_end, place_country=row.place_country, negated=row.negated,
        modality=row.modality, first_seen=row.first_seen, last_seen=row.last_seen,
        articles=frozenset(seen[row.id]), num_mentions=row.num_mentions, countries=countries) for row in rows]


def _new_id(conn: Connection, obs: fuse.Observation) -> str:
    salt = 0
    while True:
        basis = f"{obs.article_id}#{obs.event_id}" + (f"#{salt}" if salt else "")
        event_id = "ev" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
        if conn.execute(select(events.c.id).where(events.c.id == event_id)).first() is None:
            return event_id
        salt += 1  # the id's first article was re-ingested and this event re-created


def _create(conn: Connection, obs: fuse.Observation, event: dict[str, Any], key: str,
            country_key: str) -> str:
    event_id = _new_id(conn, obs)
    summary = fuse.summarize([fuse.Reported(obs, event)])
    conn.execute(events.insert().values(id=event_id, actor_key=key, country_key=country_key,
                                        **_columns(summary)))
    return event_id


def _columns(summary: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in summary.items() if k not in ("source", "target")}
    values["place_key"] = fold(values["place_name_vi"] or values["place_name"] or "") or None
    values["updated_at"] = datetime.now(UTC)
    return values


def _link(conn: Connection, a: str, b: str) -> None:
    first, second = sorted((a, b))
    insert_ignore(conn, event_links, [{"event_id": first, "related_id": second, "relation": "mirror"}])


def _insert_mention(conn: Connection, event_id: str, key: str, local_id: str,
                    event: dict[str, Any]) -> None:
    trigger = event.get("trigger") or {}
    when = event.get("date") or {}
    conn.execute(event_mentions.insert().values(
        event_id=event_id, article_id=key, article_event_id=local_id, sentence=event.get("sentence"),
        trigger_start=trigger.get("start"), trigger_end=trigger.get("end"),
        trigger_text=trigger.get("text"), evidence=event.get("evidence") or [],
        date_text=when.get("text"), confidence=event.get("confidence"), payload=event))


def withdraw_event_mentions(conn: Connection, key: str) -> set[str]:
    touched = set(conn.execute(select(event_mentions.c.event_id).where(
        event_mentions.c.article_id == key)).scalars())
    conn.execute(delete(event_mentions).where(event_mentions.c.article_id == key))
    return touched


# -- refresh: recompute a fused event from its mentions ------------------------------------


def refresh_events(conn: Connection, ids: Iterable[str]) -> None:
    for event_id in sorted(set(ids)):
        refresh_event(conn, event_id)


def _reported(conn: Connection, event_id: str) -> list[fuse.Reported]:
    rows = conn.execute(select(event_mentions.c.payload, event_mentions.c.article_id,
                               articles.c.published, articles.c.outlet)
                        .join(articles, articles.c.id == event_mentions.c.article_id)
                        .where(event_mentions.c.event_id == event_id)).all()
    return [fuse.Reported(fuse.observation(r.payload, r.article_id, r.published, r.outlet), r.payload)
            for r in rows]


def refresh_event(conn: Connection, event_id: str) -> None:
    reported = _reported(conn, event_id)
    if not reported:
        delete_event(conn, event_id)
        return
    summary = fuse.summarize(reported)
    conn.execute(update(events).where(events.c.id == event_id).values(**_columns(summary)))
    _write_actors(conn, event_id, summary)
    _write_search_doc(conn, event_id, summary)


def delete_event(conn: Connection, event_id: str) -> None:
    conn.execute(delete(event_links).where(or_(event_links.c.event_id == event_id,
                                               event_links.c.related_id == event_id)))
    conn.execute(delete(event_actors).where(event_actors.c.event_id == event_id))
    _delete_pairs(conn, event_id)
    conn.execute(delete(search_docs).where(search_docs.c.kind == "event", search_docs.c.ref == event_id))
    conn.execute(delete(events).where(events.c.id == event_id))


def _write_actors(conn: Connection, event_id: str, summary: dict[str, Any]) -> None:
    sides = {(e, "source") for e in summary["source"]} | {(e, "target") for e in summary["target"]}
    current = set(conn.execute(select(event_actors.c.entity_id, event_actors.c.side, event_actors.c.sort_date)
                               .where(event_actors.c.event_id == event_id)).all())
    if current == {(e, side, summary["sort_date"]) for e, side in sides}:
        return  # the usual case when a report joins: same actors, same date
    conn.execute(delete(event_actors).where(event_actors.c.event_id == event_id))
    _delete_pairs(conn, event_id)
    if not sides:
        return
    ids = sorted({e for e, _ in sides})
    countries = dict(conn.execute(select(entities.c.id, entities.c.country).where(entities.c.id.in_(ids))).all())
    conn.execute(event_actors.insert(), [
        {"event_id": event_id, "entity_id": e, "side": side, "country": countries.get(e),
         "sort_date": summary["sort_date"]} for e, side in sorted(sides)])
    pairs = [{"event_id": event_id, "entity_a": a, "entity_b": b, "root": summary["root"],
              "sort_date": summary["sort_date"]} for a, b in actor_pairs(summary)]
    if pairs:
        conn.execute(event_pairs.insert(), pairs)
        _count_pairs(conn, [(p["root"], p["entity_a"], p["entity_b"]) for p in pairs], +1)


def _delete_pairs(conn: Connection, event_id: str) -> None:
    old = conn.execute(select(event_pairs.c.root, event_pairs.c.entity_a, event_pairs.c.entity_b)
                       .where(event_pairs.c.event_id == event_id)).all()
    if old:
        conn.execute(delete(event_pairs).where(event_pairs.c.event_id == event_id))
        _count_pairs(conn, [tuple(r) for r in old], -1)


def _count_pairs(conn: Connection, keys: list[tuple[str, str, str]], step: int) -> None:
    """Keep pair_counts equal to COUNT(*) of event_pairs per (root, a, b)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    rows = [{"root": r, "entity_a": a, "entity_b": b, "n": step} for r, a, b in keys]
    statement = dialect.insert(pair_counts)
    conn.execute(statement.on_conflict_do_update(
        index_elements=["root", "entity_a", "entity_b"], set_={"n": pair_counts.c.n + statement.excluded.n}),
        rows)
    if step < 0:
        conn.execute(delete(pair_counts).where(
            pair_counts.c.root == bindparam("r"), pair_counts.c.entity_a == bindparam("a"),
            pair_counts.c.entity_b == bindparam("b"), pair_counts.c.n <= 0),
            [{"r": r, "a": a, "b": b} for r, a, b in keys])


def actor_pairs(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """Who was with whom: every pair for symmetric codes, source × target otherwise."""
    if fuse.is_symmetric(summary["cameo"]):
        return list(combinations(sorted({*summary["source"], *summary["target"]}), 2))
    found = {tuple(sorted((s, t))) for s in summary["source"] for t in summary["target"] if s != t}
    return sorted(found)


def _write_search_doc(conn: Connection, event_id: str, summary: dict[str, Any]) -> None:
    ids = sorted({*summary["source"], *summary["target"]})
    names = conn.execute(select(entities.c.name, entities.c.name_vi).where(entities.c.id.in_(ids))).all()
    parts = [summary["label_vi"], summary["label_en"], summary["place_name"], summary["place_name_vi"],
             summary["occasion"], summary["summary"], *(n for row in names for n in row)]
    body = fold(" ".join(p for p in parts if p))
    conn.execute(delete(search_docs).where(search_docs.c.kind == "event", search_docs.c.ref == event_id))
    conn.execute(search_docs.insert().values(kind="event", ref=event_id, body=body))
