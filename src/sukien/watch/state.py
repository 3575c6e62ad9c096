"""The watcher's memory in the store: per-source state, what is done, which events are new.

Reads and writes ``watch_sources`` and ``watch_seen`` (``sukien.store.watch_state``,
migration 5), and asks the core tables two questions: under which id an article was
stored (its own, or that of the stored article with its URL), and which events an
article was the first to report (its mention is the event's first: the event is new).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, delete, select, update

from sukien.store import Store
from sukien.store.engine import insert_ignore, write_transaction
from sukien.store.engine import chunks
from sukien.store.schema import articles, event_mentions, ingestion_runs
from sukien.store.watch_state import watch_seen, watch_sources
from sukien.watch.sources import Source


WATCH_COMMAND = "sukien watch"  # how a watcher's ingestion runs are named: this, a space, the source


@dataclass(frozen=True)
class SourceState:
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0


@dataclass(frozen=True)
class Done:
    """An item finished: recorded in ``watch_seen``."""

    kind: str  # article | file
    item: str
    fingerprint: str
    article_id: str | None = None


class WatchState:
    def __init__(self, store: Store):
        self.engine = store.engine

    def source(self, source: Source) -> SourceState:
        with self.engine.connect() as conn:
            row = conn.execute(select(watch_sources.c.etag, watch_sources.c.last_modified,
                                      watch_sources.c.failures)
                               .where(watch_sources.c.source == source.name)).first()
        return SourceState(*row) if row else SourceState()

    def succeeded(self, source: Source, etag: str | None = None, last_modified: str | None = None) -> None:
        now = datetime.now(UTC)
        self._put(source, etag=etag, last_modified=last_modified, last_ok=now, failures=0, last_error=None)

    def failed(self, source: Source, error: str) -> int:
        """Record one more failure in a row; return how many there are now."""
        failures = self.source(source).failures + 1
        self._put(source, failures=failures, last_error=error)
        return failures

    def _put(self, source: Source, **values) -> None:
        values["updated_at"] = datetime.now(UTC)
        with write_transaction(self.engine) as conn:
            insert_ignore(conn, watch_sources, [{"source": source.name, "kind": source.kind, "failures": 0,
                                                 "updated_at": values["updated_at"]}])
            conn.execute(update(watch_sources).where(watch_sources.c.source == source.name).values(**values))

    def seen(self, source: Source, kind: str, items: Iterable[str]) -> dict[str, str]:
        """item → the fingerprint it was done with, for those of ``items`` that are done."""
        found: dict[str, str] = {}
        with self.engine.connect() as conn:
            for part in chunks(set(items)):
                found.update(conn.execute(select(watch_seen.c.item, watch_seen.c.fingerprint).where(
                    watch_seen.c.source == source.name, watch_seen.c.kind == kind,
                    watch_seen.c.item.in_(part))).all())
        return found

    def mark_done(self, source: Source, done: list[Done]) -> None:
        """Record items as done (replacing what an earlier version of them recorded)."""
        if not done:
            return
        now = datetime.now(UTC)
        with write_transaction(self.engine) as conn:
            for kind in {d.kind for d in done}:
                items = [d.item for d in done if d.kind == kind]
                for part in chunks(items):
                    conn.execute(delete(watch_seen).where(and_(
                        watch_seen.c.source == source.name, watch_seen.c.kind == kind,
                        watch_seen.c.item.in_(part))))
            conn.execute(watch_seen.insert(), [
                {"source": source.name, "kind": d.kind, "item": d.item, "fingerprint": d.fingerprint,
                 "article_id": d.article_id, "seen_at": now} for d in {(d.kind, d.item): d for d in done}.values()])

    def stored_ids(self, wanted: list[tuple[str, str | None]]) -> dict[str, str]:
        """(article id, url) → the stored article's id, for the articles that are stored.

        Keyed by the article's own id; an article stored under another id with the same URL
        (the store's rule for a new version) maps to that one."""
        ids, urls = {w[0] for w in wanted}, {w[1] for w in wanted if w[1]}
        by_id: set[str] = set()
        by_url: dict[str, str] = {}
        with self.engine.connect() as conn:
            for part in chunks(ids):
                by_id.update(conn.execute(select(articles.c.id).where(articles.c.id.in_(part))).scalars())
            for part in chunks(urls):
                for key, url in conn.execute(select(articles.c.id, articles.c.url).where(articles.c.url.in_(part))):
                    by_url[url] = min(key, by_url.get(url, key))
        found = {}
        for key, url in wanted:
            if key in by_id:
                found[key] = key
            elif url and url in by_url:
                found[key] = by_url[url]
        return found

    def stored_by_watch(self, article_ids: Iterable[str]) -> list[str]:
        """Those of the articles a watcher stored (not ``sukien ingest``): only their events are
        new to the watcher, whether it stored them this poll or before it was killed."""
        found: list[str] = []
        with self.engine.connect() as conn:
            for part in chunks(article_ids):
                found += conn.execute(select(articles.c.id).join(
                    ingestion_runs, ingestion_runs.c.id == articles.c.run_id).where(
                    articles.c.id.in_(part), ingestion_runs.c.command.like(f"{WATCH_COMMAND} %"))).scalars()
        return found

    def first_reported(self, article_ids: Iterable[str]) -> list[str]:
        """Events whose first stored mention is in one of these articles, oldest mention first."""
        ids = set(article_ids)
        if not ids:
            return []
        with self.engine.connect() as conn:
            candidates: set[str] = set()
            for part in chunks(ids):
                candidates.update(conn.execute(select(event_mentions.c.event_id).where(
                    event_mentions.c.article_id.in_(part))).scalars())
            first: dict[str, tuple[int, str]] = {}
            for part in chunks(candidates):
                for event_id, mention, article in conn.execute(
                        select(event_mentions.c.event_id, event_mentions.c.id, event_mentions.c.article_id)
                        .where(event_mentions.c.event_id.in_(part))):
                    if event_id not in first or mention < first[event_id][0]:
                        first[event_id] = (mention, article)
        return [e for e, (_, article) in sorted(first.items(), key=lambda kv: kv[1][0]) if article in ids]


__all__ = ["Done", "SourceState", "WatchState"]
