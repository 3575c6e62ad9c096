"""Storage: one schema on SQLite or PostgreSQL, idempotent ingestion, shared read queries.

>>> store = open_store("sqlite:///:memory:")   # or a path, or postgresql+psycopg://…
>>> summary = store.ingest(results)             # ArticleResult objects from the pipeline
>>> page = store.list_events(EventFilter(actor="person:to-lam", cameo="04"))

``open_store(None)`` opens ``$SUKIEN_DB``, else ``$XDG_DATA_HOME/sukien/sukien.db``
(``~/.local/share/sukien/sukien.db``). Every article is written in its own transaction:
a killed process loses at most the article it was writing, and running the same input
again adds nothing twice. Near-duplicate articles (``sukien.dedup``) are stored with
``duplicate_of`` pointing at the original and contribute no events of their own: the
original's events list them as copies, they do not raise ``num_articles``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from sukien import dedup
from sukien.contract import ArticleResult, article_id
from sukien.errors import StoreError, SukienError
from sukien.model import Article
from sukien.store import read
from sukien.store import search as search_module
from sukien.store.engine import (
    default_url,
    make_engine,
    normalize_url,
    write_transaction,
)
from sukien.store.migrations import migrate
from sukien.store.read import EventFilter, Page
from sukien.store.schema import article_minhash, articles, ingestion_runs, metadata
from sukien.store.write import (
    ArticleOutcome,
    IngestSummary,
    find_duplicate,
    ingest_article,
    sha256,
)

__all__ = ["ArticleOutcome", "EventFilter", "IngestSummary", "Page", "Store", "default_url",
           "open_store"]

Progress = Callable[[ArticleOutcome | None, IngestSummary], None]


class Store:
    """An opened, migrated database. Writes go through ``ingest``; reads mirror ``read``."""

    def __init__(self, engine: Engine, url: str):
        self.engine = engine
        self.url = url
        self._near: dedup.NearDuplicateIndex | None = None

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    def near_index(self) -> dedup.NearDuplicateIndex:
        """The LSH index of stored originals, rebuilt from stored signatures on first use."""
        if self._near is None:
            index = dedup.NearDuplicateIndex()
            query = (select(article_minhash.c.article_id, article_minhash.c.signature)
                     .join(articles, articles.c.id == article_minhash.c.article_id)
                     .where(articles.c.duplicate_of.is_(None)))
            with self.engine.connect() as conn:
                index.add_many((key, dedup.from_bytes(sig)) for key, sig in conn.execute(query))
            self._near = index
        return self._near

    def ingest_one(self, result: ArticleResult, run_id: int | None = None) -> ArticleOutcome:
        """Store one article in one transaction; raise StoreError when it cannot be written."""
        near = self.near_index()
        try:
            with write_transaction(self.engine) as conn:
                outcome, minhash = ingest_article(conn, result, run_id=run_id, near=near)
        except SQLAlchemyError as exc:
            raise StoreError(f"article {article_id(result.article)!r}: {_reason(exc)}") from exc
        except (KeyError, TypeError, ValueError) as exc:  # a malformed contract record
            raise StoreError(f"article {article_id(result.article)!r}: bad result: {exc!r}") from exc
        if outcome.status == "duplicate":
            near.remove(outcome.article_id)
        elif minhash is not None:
            near.add(outcome.article_id, minhash)
        elif outcome.status != "unchanged":
            near.remove(outcome.article_id)
        return outcome

    def ingest(self, results: Iterable[ArticleResult | SukienError], *, command: str | None = None,
               progress: Progress | None = None) -> IngestSummary:
        """Store many results, one transaction each; failures are counted and skipped."""
        summary = IngestSummary()
        run_id = self.start_run(command)
        try:
            for item in results:
                outcome = self._ingest_item(item, run_id, summary)
                if progress is not None:
                    progress(outcome, summary)
        finally:
            self.finish_run(run_id, summary)
        return summary

    def _ingest_item(self, item: ArticleResult | SukienError, run_id: int,
                     summary: IngestSummary) -> ArticleOutcome | None:
        if isinstance(item, SukienError):
            summary.errors.append((getattr(item, "where", "input"), str(item)))
            return None
        try:
            outcome = self.ingest_one(item, run_id)
        except StoreError as exc:
            summary.errors.append((item.article.origin or article_id(item.article), str(exc)))
            return None
        summary.add(outcome)
        return outcome

    def start_run(self, command: str | None = None) -> int:
        with write_transaction(self.engine) as conn:
            return conn.execute(ingestion_runs.insert().values(
                started=datetime.now(UTC), command=command)).inserted_primary_key[0]

    def finish_run(self, run_id: int, summary: IngestSummary) -> None:
        with write_transaction(self.engine) as conn:
            conn.execute(update(ingestion_runs).where(ingestion_runs.c.id == run_id).values(
                finished=datetime.now(UTC), counts=summary.counts()))

    def needs_processing(self, article: Article) -> bool:
        """False when this very body is already stored under the article's id or URL."""
        with self.engine.connect() as conn:
            row = conn.execute(select(articles.c.content_hash).where(
                articles.c.id == article_id(article))).first()
            if row is None and article.url:
                row = conn.execute(select(articles.c.content_hash).where(
                    articles.c.url == article.url).limit(1)).first()
        return row is None or row.content_hash != sha256(article.text)

    def duplicate_of(self, article: Article) -> str | None:
        """The stored original this article copies (same body, or MinHash-similar), if any."""
        with self.engine.connect() as conn:
            found = find_duplicate(conn, article_id(article), sha256(article.text),
                                   dedup.signature(article.text), self.near_index())
        return found[0] if found else None

    def counts(self) -> dict[str, int]:
        """Rows per table: for status displays and tests."""
        with self.engine.connect() as conn:
            return {table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                    for table in metadata.sorted_tables}

    # -- reading (the same functions the CLI and the API call) -------------------------------

    def list_events(self, filters: EventFilter | None = None, sort: str = "date") -> Page:
        return read.list_events(self, filters, sort)

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        return read.get_event(self, event_id)

    def list_entities(self, query: str | None = None, type: str | None = None,
                      limit: int = 50) -> list[dict[str, Any]]:
        return read.list_entities(self, query, type, limit)

    def get_entity(self, entity_id: str) -> dict[str, Any] | None:
        return read.get_entity(self, entity_id)

    def timeline(self, entity_id: str, **kwargs: Any) -> list[dict[str, Any]]:
        return read.timeline(self, entity_id, **kwargs)

    def pairs(self, **kwargs: Any) -> list[dict[str, Any]]:
        return read.pairs(self, **kwargs)

    def search(self, q: str, limit: int = 20) -> dict[str, list[dict[str, Any]]]:
        return search_module.search(self, q, limit)


def _reason(exc: SQLAlchemyError) -> str:
    original = getattr(exc, "orig", None)
    return str(original or exc).strip().splitlines()[0]


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating when needed) the database at ``url`` or the default."""
    resolved = normalize_url(url or default_url())
    engine = make_engine(resolved)
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"cannot open database {_safe(resolved)}: {_reason(exc)}") from exc
    return Store(engine, resolved)


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)
