"""Articles of a batch, and taking back what an earlier version of an article contributed.

``ArticleBook`` holds what a batch needs to know of stored articles, loaded once for the
whole batch (by id, URL, body hash, and the LSH buckets of the batch's signatures) and
kept up to date as the batch's own articles are planned: which stored version an article
replaces, whether it is unchanged, and which original it copies (same body, else a
MinHash similarity of at least ``dedup.THRESHOLD``). ``withdraw_article`` removes what a
stored version contributed (mentions, roles, event mentions) before its new version is
written; the events it touched are then refreshed by the batch's fusion plan.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import Connection, delete, func, select, update

from sukien import dedup
from sukien.contract import ArticleResult
from sukien.store import fused
from sukien.store.engine import chunks
from sukien.store.schema import (
    article_lsh,
    article_minhash,
    articles,
    entities,
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


@dataclass
class StoredArticle:
    id: str
    url: str | None
    content_hash: str
    result_hash: str
    duplicate_of: str | None
    signature: bytes | None = None  # only where it is an original with one


_COLUMNS = (articles.c.id, articles.c.url, articles.c.content_hash, articles.c.result_hash,
            articles.c.duplicate_of)


class ArticleBook:
    """What a batch knows of stored articles and of its own, for lookups without queries."""

    def __init__(self) -> None:
        self.rows: dict[str, StoredArticle] = {}
        self._by_url: dict[str, set[str]] = {}
        self._by_hash: dict[str, set[str]] = {}
        self._by_bucket: dict[int, set[str]] = {}

    def prefetch(self, conn: Connection, wanted: list[tuple[str, str | None, str, bytes | None]]) -> None:
        """Load the stored articles that (id, url, body hash, signature) tuples may meet."""
        ids, urls = {w[0] for w in wanted}, {w[1] for w in wanted if w[1]}
        hashes = {w[2] for w in wanted}
        buckets = {b for w in wanted if w[3] is not None for b in dedup.band_keys(w[3])}
        for column, values in ((articles.c.id, ids), (articles.c.url, urls), (articles.c.content_hash, hashes)):
            for part in chunks(values):
                for row in conn.execute(select(*_COLUMNS).where(column.in_(part))):
                    self._load(StoredArticle(*row))
        for part in chunks(buckets):
            for row in conn.execute(select(*_COLUMNS, article_minhash.c.signature)
                                    .join(article_lsh, article_lsh.c.article_id == articles.c.id)
                                    .join(article_minhash, article_minhash.c.article_id == articles.c.id)
                                    .where(article_lsh.c.bucket.in_(part)).distinct()):
                self._load(StoredArticle(*row))

    def _load(self, found: StoredArticle) -> None:
        known = self.rows.get(found.id)
        if known is None:
            self.put(found)
        elif known.signature is None and found.signature is not None and known.duplicate_of is None:
            self.put(StoredArticle(**{**asdict(known), "signature": found.signature}))

    def put(self, article: StoredArticle) -> None:
        """Record an article as it now is (replacing what was known of it)."""
        self.forget(article.id)
        self.rows[article.id] = article
        if article.url:
            self._by_url.setdefault(article.url, set()).add(article.id)
        self._by_hash.setdefault(article.content_hash, set()).add(article.id)
        if article.signature is not None:
            for bucket in dedup.band_keys(article.signature):
                self._by_bucket.setdefault(bucket, set()).add(article.id)

    def forget(self, key: str) -> None:
        old = self.rows.pop(key, None)
        if old is None:
            return
        self._by_url.get(old.url or "", set()).discard(key)
        self._by_hash.get(old.content_hash, set()).discard(key)
        if old.signature is not None:
            for bucket in dedup.band_keys(old.signature):
                self._by_bucket.get(bucket, set()).discard(key)

    def existing(self, key: str, url: str | None) -> StoredArticle | None:
        """The stored version of an article: same id, else same URL (the smallest id)."""
        if key in self.rows:
            return self.rows[key]
        same = self._by_url.get(url or "") if url else None
        return self.rows[min(same)] if same else None

    def duplicate(self, key: str, content_hash: str, signature: bytes | None) -> tuple[str, float] | None:
        """An original with the same body (exactly, else by MinHash), other than ``key``."""
        exact = [i for i in self._by_hash.get(content_hash, ()) if i != key and self.rows[i].duplicate_of is None]
        if exact:
            return min(exact), 1.0
        if signature is None:
            return None
        near = {i for b in dedup.band_keys(signature) for i in self._by_bucket.get(b, ())} - {key}
        found = []
        for i in near:
            stored = self.rows[i]
            if stored.duplicate_of is None and stored.signature is not None:
                similarity = dedup.similarity(signature, stored.signature)
                if similarity >= dedup.THRESHOLD:
                    found.append((-similarity, i))
        if not found:
            return None
        similarity, best = min(found)
        return best, -similarity


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
    conn.execute(delete(article_lsh).where(article_lsh.c.article_id == key))
    conn.execute(delete(article_minhash).where(article_minhash.c.article_id == key))
    return fused.withdraw_event_mentions(conn, key)


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
