"""Writing one article: idempotent, atomic, and able to replace an earlier version.

``ingest_article`` runs inside the caller's transaction (one per article). It finds
the stored article by id, else by URL; an identical extraction of an identical body
is a no-op; anything else withdraws what the earlier version contributed (mentions,
roles, event mentions), writes the new one and re-fuses every event either version
touched. Events of other articles are never rewritten except through that re-fusion.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from datasketch import MinHash
from sqlalchemy import Connection, delete, func, select, update

from sukien import dedup
from sukien.contract import ArticleResult, article_id
from sukien.normalize.fold import fold
from sukien.store import fused
from sukien.store.engine import insert_ignore
from sukien.store.schema import (
    article_minhash,
    articles,
    entities,
    entity_aliases,
    entity_roles,
    mentions,
    role_evidence,
    search_docs,
)


@dataclass(frozen=True)
class ArticleOutcome:
    article_id: str
    status: str  # added | updated | unchanged | duplicate
    duplicate_of: str | None = None
    events_created: int = 0
    events_merged: int = 0
    event_mentions: int = 0


@dataclass
class IngestSummary:
    """Counts of one ingestion run; ``errors`` holds (where, problem) for every skipped article."""

    articles_added: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    duplicates: int = 0
    events_created: int = 0
    events_merged: int = 0
    event_mentions: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def add(self, outcome: ArticleOutcome) -> None:
        status = {"added": "articles_added", "updated": "articles_updated",
                  "unchanged": "articles_unchanged", "duplicate": "duplicates"}[outcome.status]
        setattr(self, status, getattr(self, status) + 1)
        self.events_created += outcome.events_created
        self.events_merged += outcome.events_merged
        self.event_mentions += outcome.event_mentions

    def counts(self) -> dict[str, int]:
        values = asdict(self)
        values["errors"] = len(self.errors)
        return values


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def result_hash(result: ArticleResult) -> str:
    return sha256(sha256(result.article.text) + result.to_json())


def find_existing(conn: Connection, key: str, url: str | None):
    """The stored version of an article: same id, else same URL."""
    columns = (articles.c.id, articles.c.result_hash, articles.c.content_hash)
    row = conn.execute(select(*columns).where(articles.c.id == key)).first()
    if row is None and url:
        row = conn.execute(select(*columns).where(articles.c.url == url)
                           .order_by(articles.c.id).limit(1)).first()
    return row


def find_duplicate(conn: Connection, key: str, content_hash: str, minhash: MinHash | None,
                   near: dedup.NearDuplicateIndex | None) -> tuple[str, float] | None:
    """An earlier, original article with the same body (exactly, else by MinHash)."""
    exact = conn.execute(select(articles.c.id).where(
        articles.c.content_hash == content_hash, articles.c.id != key,
        articles.c.duplicate_of.is_(None)).order_by(articles.c.id).limit(1)).scalar()
    if exact is not None:
        return exact, 1.0
    if minhash is None or near is None:
        return None
    best = near.best(minhash, exclude=key)
    if best is None:
        return None
    original = conn.execute(select(articles.c.duplicate_of).where(articles.c.id == best[0])).first()
    if original is None or original.duplicate_of is not None:
        return None  # the index is stale for this one: only originals may be pointed at
    return best


def withdraw_article(conn: Connection, key: str) -> set[str]:
    """Remove what a stored article contributed; return the fused events to re-fuse."""
    counts = conn.execute(select(mentions.c.entity_id, func.count()).where(
        mentions.c.article_id == key).group_by(mentions.c.entity_id)).all()
    for entity_id, count in counts:
        conn.execute(update(entities).where(entities.c.id == entity_id)
                     .values(num_mentions=entities.c.num_mentions - count))
    conn.execute(delete(mentions).where(mentions.c.article_id == key))
    role_ids = set(conn.execute(select(role_evidence.c.role_id).where(
        role_evidence.c.article_id == key)).scalars())
    conn.execute(delete(role_evidence).where(role_evidence.c.article_id == key))
    for role_id in sorted(role_ids):
        _recompute_role(conn, role_id)
    conn.execute(delete(search_docs).where(search_docs.c.kind == "article", search_docs.c.ref == key))
    conn.execute(delete(article_minhash).where(article_minhash.c.article_id == key))
    return fused.withdraw_event_mentions(conn, key)


def write_article_row(conn: Connection, result: ArticleResult, key: str, *, exists: bool,
                      duplicate: tuple[str, float] | None, run_id: int | None) -> None:
    art = result.article
    values = {
        "url": art.url, "title": art.title or "", "outlet": art.outlet, "published": art.published,
        "text": art.text, "content_hash": sha256(art.text), "result_hash": result_hash(result),
        "duplicate_of": duplicate[0] if duplicate else None,
        "similarity": duplicate[1] if duplicate else None,
        "run_id": run_id, "updated_at": datetime.now(UTC),
    }
    if exists:
        conn.execute(update(articles).where(articles.c.id == key).values(**values))
    else:
        conn.execute(articles.insert().values(id=key, **values))


def ingest_article(conn: Connection, result: ArticleResult, *, run_id: int | None = None,
                   near: dedup.NearDuplicateIndex | None = None) -> tuple[ArticleOutcome, MinHash | None]:
    """Store one article result; return what happened and the signature to index (if any)."""
    art = result.article
    stored = find_existing(conn, article_id(art), art.url)
    if stored is not None and stored.result_hash == result_hash(result):
        return ArticleOutcome(stored.id, "unchanged"), None
    key = stored.id if stored is not None else article_id(art)
    affected = withdraw_article(conn, key) if stored is not None else set()
    minhash = dedup.signature(art.text)
    duplicate = find_duplicate(conn, key, sha256(art.text), minhash, near)
    write_article_row(conn, result, key, exists=stored is not None, duplicate=duplicate, run_id=run_id)
    if duplicate is not None:
        # A copy: kept for provenance and listed with its original, its events not added again.
        fused.refresh_events(conn, affected)
        return ArticleOutcome(key, "duplicate", duplicate_of=duplicate[0]), None
    entity_map = write_entities(conn, result.entities, key, art.published)
    counts = fused.fuse_article_events(conn, key, art.published, art.outlet, result.events, entity_map)
    fused.refresh_events(conn, affected | counts.touched)
    _write_search_doc(conn, key, f"{art.title or ''}\n{art.text}")
    if minhash is not None:
        conn.execute(article_minhash.insert().values(article_id=key, signature=dedup.to_bytes(minhash)))
    status = "updated" if stored is not None else "added"
    outcome = ArticleOutcome(key, status, events_created=counts.created,
                             events_merged=counts.merged, event_mentions=counts.mentions)
    return outcome, minhash


def _write_search_doc(conn: Connection, key: str, body: str) -> None:
    conn.execute(delete(search_docs).where(search_docs.c.kind == "article", search_docs.c.ref == key))
    conn.execute(search_docs.insert().values(kind="article", ref=key, body=fold(body)))


# -- entities, aliases, roles and mentions -------------------------------------------------


def _is_discovered(entity: dict[str, Any]) -> bool:
    return bool(entity.get("discovered")) or str(entity.get("id", "")).startswith("discovered:")


def _name_key(entity: dict[str, Any]) -> str:
    return fold(entity.get("name_vi") or entity.get("name") or entity.get("id", ""))


def stored_entity_id(conn: Connection, entity: dict[str, Any]) -> str:
    """Discovered entities merge by folded name and type, and country when both know it."""
    wanted = str(entity["id"])
    if not _is_discovered(entity):
        return wanted
    country = entity.get("country")
    rows = conn.execute(select(entities.c.id, entities.c.country).where(
        entities.c.discovered.is_(True), entities.c.type == entity.get("type"),
        entities.c.name_key == _name_key(entity)).order_by(entities.c.id)).all()
    same = [r.id for r in rows if r.country == country] if country else []
    open_ = [r.id for r in rows if r.country is None]
    if same or (country and open_):
        return (same or open_)[0]
    if not country and len(rows) == 1:
        return rows[0].id
    taken = {r.id for r in rows} | set(conn.execute(
        select(entities.c.id).where(entities.c.id == wanted)).scalars())
    if wanted not in taken:
        return wanted
    return f"{wanted}:{(country or 'xx').lower()}"  # same slug, other country: a different person


def upsert_entity(conn: Connection, entity: dict[str, Any], key: str) -> None:
    values = {
        "type": entity.get("type") or "UNKNOWN", "name": entity.get("name") or key,
        "name_vi": entity.get("name_vi"), "name_key": _name_key(entity),
        "country": entity.get("country"), "wikidata": entity.get("wikidata"),
        "cameo": entity.get("cameo"), "discovered": _is_discovered(entity),
    }
    insert_ignore(conn, entities, [{"id": key, "num_mentions": 0, **values}])
    # Fill what an earlier article did not know; never erase a known value with a null.
    fill = {c: func.coalesce(getattr(entities.c, c), values[c])
            for c in ("name_vi", "country", "wikidata", "cameo") if values[c] is not None}
    if fill:
        conn.execute(update(entities).where(entities.c.id == key).values(fill))


def write_entities(conn: Connection, found: tuple[dict[str, Any], ...], key: str,
                   published: date | None) -> dict[str, str]:
    """Entities, aliases, roles and mentions of one article; returns contract id → stored id."""
    entity_map: dict[str, str] = {}
    mention_rows: list[dict[str, Any]] = []
    for entity in found:
        stored = stored_entity_id(conn, entity)
        entity_map[str(entity["id"])] = stored
        upsert_entity(conn, entity, stored)
        _write_aliases(conn, entity, stored)
        for role in entity.get("roles") or ():
            _write_role(conn, stored, role, key, published)
        mention_rows.extend(_mention_row(key, stored, m) for m in entity.get("mentions") or ())
    if mention_rows:
        conn.execute(mentions.insert(), mention_rows)
    per_entity = Counter(row["entity_id"] for row in mention_rows)
    for entity_id, count in sorted(per_entity.items()):
        conn.execute(update(entities).where(entities.c.id == entity_id)
                     .values(num_mentions=entities.c.num_mentions + count))
    return entity_map


def _mention_row(key: str, entity_id: str, mention: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": key, "entity_id": entity_id, "start": int(mention["start"]),
            "end": int(mention["end"]), "text": mention.get("text") or "",
            "form": mention.get("form"), "origin": mention.get("origin")}


def _write_aliases(conn: Connection, entity: dict[str, Any], key: str) -> None:
    # One alias per folded key; the Vietnamese name is the spelling kept when several fold alike.
    names = [entity.get("name_vi"), entity.get("name")]
    names += [m.get("text") for m in entity.get("mentions") or () if m.get("form") in (None, "name")]
    rows: dict[str, str] = {}
    for name in names:
        if name and fold(name):
            rows.setdefault(fold(name), name)
    insert_ignore(conn, entity_aliases, [{"entity_id": key, "alias_key": k, "alias": v}
                                         for k, v in sorted(rows.items())])


def _role_key(role: dict[str, Any]) -> str:
    title = fold(role.get("title_en") or role.get("title_vi") or "")
    return f"{title}|{role.get('country') or ''}|{role.get('organization') or ''}"


def _write_role(conn: Connection, entity_id: str, role: dict[str, Any], key: str,
                published: date | None) -> None:
    role_key = _role_key(role)
    insert_ignore(conn, entity_roles, [{
        "entity_id": entity_id, "role_key": role_key, "title_vi": role.get("title_vi"),
        "title_en": role.get("title_en"), "country": role.get("country"),
        "organization": role.get("organization"), "sector": role.get("sector")}])
    row = conn.execute(select(entity_roles).where(entity_roles.c.entity_id == entity_id,
                                                  entity_roles.c.role_key == role_key)).one()
    evidence = role.get("evidence") or {}
    insert_ignore(conn, role_evidence, [{
        "role_id": row.id, "article_id": key, "start": int(evidence.get("start", -1)),
        "end": int(evidence.get("end", -1)), "text": evidence.get("text") or ""}])
    changes: dict[str, Any] = {}
    if row.first_seen_article is None or (published and (row.first_seen is None or published < row.first_seen)):
        changes.update(first_seen=published, first_seen_article=key)
    if row.last_seen_article is None or (published and (row.last_seen is None or published > row.last_seen)):
        changes.update(last_seen=published, last_seen_article=key)
    if changes:
        conn.execute(update(entity_roles).where(entity_roles.c.id == row.id).values(**changes))


def _recompute_role(conn: Connection, role_id: int) -> None:
    """After an article withdrew its evidence: new first/last seen, or no role at all."""
    rows = conn.execute(select(articles.c.id, articles.c.published).join(
        role_evidence, role_evidence.c.article_id == articles.c.id).where(
        role_evidence.c.role_id == role_id).distinct()).all()
    if not rows:
        conn.execute(delete(entity_roles).where(entity_roles.c.id == role_id))
        return
    ordered = sorted(rows, key=lambda r: (r.published or date.max, r.id))
    dated = [r for r in ordered if r.published] or ordered
    conn.execute(update(entity_roles).where(entity_roles.c.id == role_id).values(
        first_seen=dated[0].published, first_seen_article=dated[0].id,
        last_seen=dated[-1].published, last_seen_article=dated[-1].id))
