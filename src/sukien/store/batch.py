"""Writing a batch of article results in one transaction: plan in memory, then bulk writes.

``write_batch`` is the whole flow of ``Store.ingest`` for one batch:

1. *load once*: the stored articles the batch may meet (``ArticleBook``), the entities it
   names (``EntityBook``) and the fused events its events could join (``FusionPlan``);
2. *plan* each article in order, in memory: unchanged, a copy of an original, or new;
   its entities resolved; each of its events joined to a fused event or a new one;
3. *write* everything with a few bulk statements per table (``flush``).

The outcome is the one writing the articles one transaction each would give; the
caller commits the batch as one transaction, so a killed process loses at most the
batch it was writing and running the same input again adds nothing twice. A stored
article whose extraction changed is the rare slow path: what is planned so far is
written, the old version withdrawn, and planning goes on from fresh lookups.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, update

from sukien import dedup
from sukien.contract import ArticleResult, article_id
from sukien.normalize.fold import fold
from sukien.store.engine import insert_rows
from sukien.store.entities import EntityBook
from sukien.store.fused import EventCache, FusionPlan
from sukien.store.schema import article_lsh, article_minhash, articles, search_docs
from sukien.store.write import (
    ArticleBook,
    ArticleOutcome,
    StoredArticle,
    result_hash,
    sha256,
    withdraw_article,
)


def signature_bytes(text: str) -> bytes | None:
    minhash = dedup.signature(text)
    return dedup.to_bytes(minhash) if minhash is not None else None


class _Batch:
    def __init__(self, conn: Connection, run_id: int | None, signatures: dict[str, bytes | None],
                 cache: EventCache | None):
        self.conn, self.run_id, self.cache = conn, run_id, cache
        self.signatures = signatures  # content hash → signature, computed once per body
        self.articles = ArticleBook()
        self.entities = EntityBook(conn)
        self.fusion = FusionPlan(conn, self.entities, cache)
        self._inserts: list[dict[str, Any]] = []
        self._updates: list[dict[str, Any]] = []
        self._docs: list[tuple[str, str, str]] = []
        self._minhash: list[dict[str, Any]] = []

    def signature(self, text: str, content_hash: str) -> bytes | None:
        if content_hash not in self.signatures:
            self.signatures[content_hash] = signature_bytes(text)
        return self.signatures[content_hash]

    def prefetch(self, results: list[ArticleResult]) -> None:
        wanted = []
        for result in results:
            art = result.article
            content_hash = sha256(art.text)
            wanted.append((article_id(art), art.url, content_hash, self.signature(art.text, content_hash)))
        self.articles.prefetch(self.conn, wanted)
        self._prefetch_plans(results)

    def _prefetch_plans(self, results: list[ArticleResult]) -> None:
        self.entities = EntityBook(self.conn)
        self.fusion = FusionPlan(self.conn, self.entities, self.cache)
        self.entities.prefetch((e for r in results for e in r.entities),
                               (a for r in results for ev in r.events
                                for a in (*(ev.get("source") or ()), *(ev.get("target") or ()))))
        self.fusion.prefetch([(article_id(r.article), r.article.published, r.article.outlet, r.events)
                              for r in results])

    def plan(self, result: ArticleResult, rest: list[ArticleResult]) -> ArticleOutcome:
        art = result.article
        stored = self.articles.existing(article_id(art), art.url)
        digest = result_hash(result)
        if stored is not None and stored.result_hash == digest:
            return ArticleOutcome(stored.id, "unchanged")
        key = stored.id if stored is not None else article_id(art)
        withdrawn: set[str] = set()
        if stored is not None:  # a new version: write what is planned, withdraw the old one
            self.flush()
            withdrawn = withdraw_article(self.conn, key)
            for event_id in withdrawn if self.cache is not None else ():
                self.cache.drop(event_id)  # its mentions changed before its updated_at does
            self.articles.forget(key)
            self._prefetch_plans(rest)
        content_hash = sha256(art.text)
        minhash = self.signature(art.text, content_hash)
        duplicate = self.articles.duplicate(key, content_hash, minhash)
        self.articles.put(StoredArticle(key, art.url, content_hash, digest, duplicate[0] if duplicate else None,
                                        None if duplicate else minhash))
        self._article_row(result, key, stored is not None, duplicate, content_hash, digest)
        if duplicate is not None:  # a copy: kept for provenance, its events not added again
            self.fusion.touch(withdrawn)
            self.fusion.refresh(withdrawn)
            return ArticleOutcome(key, "duplicate", duplicate_of=duplicate[0])
        entity_map = self.entities.add_article(result.entities, key, art.published)
        counts = self.fusion.add_article(key, art.published, art.outlet, result.events, entity_map, withdrawn)
        self._docs.append(("article", key, fold(f"{art.title or ''}\n{art.text}")))
        if minhash is not None:
            self._minhash.append({"article_id": key, "signature": minhash})
        return ArticleOutcome(key, "updated" if stored is not None else "added", events_created=counts.created,
                              events_merged=counts.merged, event_mentions=counts.mentions)

    def _article_row(self, result: ArticleResult, key: str, exists: bool, duplicate: tuple[str, float] | None,
                     content_hash: str, digest: str) -> None:
        art = result.article
        values = {
            "url": art.url, "title": art.title or "", "outlet": art.outlet, "published": art.published,
            "text": art.text, "content_hash": content_hash, "result_hash": digest,
            "duplicate_of": duplicate[0] if duplicate else None,
            "similarity": duplicate[1] if duplicate else None,
            "run_id": self.run_id, "updated_at": datetime.now(UTC),
        }
        if exists:
            self._updates.append({"ref": key, **{f"v_{k}": v for k, v in values.items()}})
        else:
            self._inserts.append({"id": key, **values})

    def flush(self) -> None:
        """Write everything planned so far (articles first: the other rows refer to them)."""
        conn = self.conn
        if self._inserts:
            conn.execute(articles.insert(), self._inserts)
        if self._updates:
            columns = [k[2:] for k in self._updates[0] if k.startswith("v_")]
            conn.execute(update(articles).where(articles.c.id == bindparam("ref")).values(
                {c: bindparam(f"v_{c}") for c in columns}), self._updates)
        if self._minhash:
            conn.execute(article_minhash.insert(), self._minhash)
            insert_rows(conn, article_lsh, ("bucket", "article_id"),
                        [(b, row["article_id"]) for row in self._minhash
                         for b in sorted(set(dedup.band_keys(row["signature"])))])
        self.entities.flush()
        self.fusion.flush()
        insert_rows(conn, search_docs, ("kind", "ref", "body"), self._docs)
        self._inserts, self._updates, self._docs, self._minhash = [], [], [], []


def write_batch(conn: Connection, results: list[ArticleResult], run_id: int | None = None,
                signatures: dict[str, bytes | None] | None = None,
                cache: EventCache | None = None) -> list[ArticleOutcome]:
    """Store a batch of results inside the caller's transaction; one outcome per result.

    ``signatures`` (body hash → MinHash bytes) and ``cache`` carry what one batch worked out
    to the next; both are optional and never change the outcome."""
    batch = _Batch(conn, run_id, signatures if signatures is not None else {}, cache)
    batch.prefetch(results)
    outcomes = [batch.plan(result, results[index:]) for index, result in enumerate(results)]
    batch.flush()
    return outcomes
