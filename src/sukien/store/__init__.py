"""Storage: one schema on SQLite or PostgreSQL, idempotent ingestion, shared read queries.

>>> store = open_store("sqlite:///:memory:")   # or a path, or postgresql+psycopg://…
>>> summary = store.ingest(results)             # ArticleResult objects from the pipeline
>>> page = store.list_events(EventFilter(actor="person:to-lam", cameo="04"))

``open_store(None)`` opens ``$SUKIEN_DB``, else ``$XDG_DATA_HOME/sukien/sukien.db``
(``~/.local/share/sukien/sukien.db``). Results are written in batches, one transaction
each (``store.batch``: lookups loaded once, decisions made in memory, bulk writes): a
killed process loses at most the batch it was writing, and running the same input again
adds nothing twice. Near-duplicate articles (``sukien.dedup``) are stored with
``duplicate_of`` pointing at the original and contribute no events of their own: the
original's events list them as copies, they do not raise ``num_articles``.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from sukien.contract import ArticleResult, article_id
from sukien.errors import StoreError, SukienError
from sukien.model import Article
from sukien.link.observed import ObservedHolder, ObservedOffices, RoleConflict
from sukien.store import observed, read
from sukien.store import search as search_module
from sukien.store.batch import signature_bytes, write_batch
from sukien.store.engine import (
    default_url,
    make_engine,
    normalize_url,
    write_transaction,
)
from sukien.store.fused import EventCache
from sukien.store.migrations import migrate
from sukien.store.read import EventFilter, Page
from sukien.store.schema import ingestion_runs, metadata
from sukien.store.write import ArticleBook, ArticleOutcome, IngestSummary, sha256

__all__ = ["ArticleOutcome", "EventFilter", "IngestSummary", "Page", "Store", "default_url",
           "open_store"]

Progress = Callable[[ArticleOutcome | None, IngestSummary], None]
OnBatch = Callable[[list[str]], None]
BATCH_ARTICLES = 500  # results per transaction at most
BATCH_SECONDS = 1.0  # and at most this long after the first of them arrived
# When the batch is extracted as it is read (ingest_articles): at most this much CPU time of this
# process reading and extracting it, so that a busy machine does not shrink the batches (and grow
# what each article costs to write), and at most this long on the clock, for a slow source.
EXTRACT_BATCH_SECONDS = 3.0
EXTRACT_BATCH_WALL_SECONDS = 10.0
PREFILTER_CHUNK = 200  # articles checked together for stored bodies and copies


def _batches(items: Iterable[Any], size: int, seconds: float, cpu_seconds: float | None = None
             ) -> Iterator[list[Any]]:
    """Items in lists of at most ``size``, each closed ``seconds`` after its first item arrived,
    or once this process has spent ``cpu_seconds`` of CPU time since then (when given)."""
    batch: list[Any] = []
    began = cpu_began = 0.0
    for item in items:
        if not batch:
            began, cpu_began = time.monotonic(), time.process_time()
        batch.append(item)
        if len(batch) >= size or time.monotonic() - began >= seconds or (
                cpu_seconds is not None and time.process_time() - cpu_began >= cpu_seconds):
            yield batch
            batch = []
    if batch:
        yield batch


def in_groups(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Items in lists of ``size`` (the last shorter), read as they come: a big input in bounded memory."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _extract(article: Article, process: Callable[[Article], Any],
             on_error: Callable[[SukienError], None] | None) -> ArticleResult | SukienError:
    try:
        return process(article)
    except Exception as exc:  # a failing article is recorded and skipped, never fatal
        where = article.origin or article.id or "article"
        error = SukienError(f"{where}: {type(exc).__name__}: {exc}")
        if on_error is not None:
            on_error(error)
        return error


class Store:
    """An opened, migrated database. Writes go through ``ingest``; reads mirror ``read``."""

    def __init__(self, engine: Engine, url: str):
        self.engine = engine
        self.url = url
        self._signatures: dict[str, bytes | None] = {}  # body hash → signature, for one batch
        self._events = EventCache()  # fused events recently written, for the next batches

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

    def ingest_one(self, result: ArticleResult, run_id: int | None = None) -> ArticleOutcome:
        """Store one article in one transaction; raise StoreError when it cannot be written."""
        return self._write([result], run_id)[0]

    def ingest(self, results: Iterable[ArticleResult | SukienError], *, command: str | None = None,
               progress: Progress | None = None, batch_size: int = BATCH_ARTICLES,
               batch_seconds: float = BATCH_SECONDS, on_batch: OnBatch | None = None,
               batch_cpu_seconds: float | None = None) -> IngestSummary:
        """Store many results, a batch per transaction; failures are counted and skipped.

        A batch closes at ``batch_size`` results or ``batch_seconds`` after its first one
        arrived, whichever comes first, so a slow source still commits as it goes; with
        ``batch_cpu_seconds``, also once this process has spent that much CPU time since then.
        ``on_batch`` is told the ids of the articles each committed batch added or updated
        (``pipeline.StoreProcess.refresh``: what they say about office-holders)."""
        summary = IngestSummary()
        run_id = self.start_run(command)
        try:
            for batch in _batches(results, batch_size, batch_seconds, batch_cpu_seconds):
                written = self._ingest_batch(batch, run_id, summary, progress)
                if on_batch is not None:
                    on_batch(written)
        finally:
            self.finish_run(run_id, summary)
        return summary

    def _ingest_batch(self, batch: list[ArticleResult | SukienError], run_id: int, summary: IngestSummary,
                      progress: Progress | None) -> list[str]:
        """Write one batch; the ids of the articles it added or updated."""
        results = [item for item in batch if not isinstance(item, SukienError)]
        try:
            outcomes: list[ArticleOutcome | None] = list(self._write(results, run_id))
        except StoreError:  # one bad article: write the others one by one to find it
            outcomes = [self._write_alone(result, run_id, summary) for result in results]
        written = iter(outcomes)
        for item in batch:
            outcome = None
            if isinstance(item, SukienError):
                summary.errors.append((getattr(item, "where", "input"), str(item)))
            elif (outcome := next(written)) is not None:
                summary.add(outcome)
            if progress is not None:
                progress(outcome, summary)
        return [o.article_id for o in outcomes if o is not None and o.status in ("added", "updated")]

    def _write_alone(self, result: ArticleResult, run_id: int, summary: IngestSummary) -> ArticleOutcome | None:
        try:
            return self._write([result], run_id)[0]
        except StoreError as exc:
            summary.errors.append((result.article.origin or article_id(result.article), str(exc)))
            return None

    def _write(self, results: list[ArticleResult], run_id: int | None) -> list[ArticleOutcome]:
        if not results:
            return []
        where = f"article {article_id(results[0].article)!r}" if len(results) == 1 else f"batch of {len(results)}"
        try:
            with write_transaction(self.engine) as conn:
                return write_batch(conn, results, run_id, self._signatures, self._events)
        except SQLAlchemyError as exc:
            raise StoreError(f"{where}: {_reason(exc)}") from exc
        except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a malformed contract record
            raise StoreError(f"{where}: bad result: {exc!r}") from exc
        finally:
            for result in results:
                self._signatures.pop(sha256(result.article.text), None)

    def ingest_articles(self, articles: Iterable[Article | SukienError], process: Callable[[Article], Any], *,
                        force: bool = False, command: str | None = None, progress: Progress | None = None,
                        on_error: Callable[[SukienError], None] | None = None,
                        batch_seconds: float = EXTRACT_BATCH_SECONDS, on_batch: OnBatch | None = None,
                        batch_wall_seconds: float = EXTRACT_BATCH_WALL_SECONDS) -> IngestSummary:
        """Extract (``process``, e.g. ``pipeline.process``) and store articles, in batches.

        Articles whose very body is stored are skipped unless ``force``, and copies of a
        stored original are stored without running ``process``: both are checked a chunk
        of articles at a time. A failing article is recorded and skipped. A batch is written
        every ``batch_seconds`` of this process's CPU time reading and extracting, or every
        ``batch_wall_seconds`` on the clock when the source or the machine is slow (or 500
        articles): what a killed process loses is at most that much work, never what it
        committed."""
        skipped = IngestSummary()

        def results() -> Iterator[ArticleResult | SukienError]:
            for chunk in in_groups(articles, PREFILTER_CHUNK):
                for item, verdict in self._prefilter(chunk, force):
                    if verdict == "error":
                        if on_error is not None:
                            on_error(item)
                        yield item
                    elif verdict == "unchanged":
                        skipped.articles_unchanged += 1
                        if progress is not None:
                            progress(None, skipped)
                    elif verdict == "copy":
                        yield ArticleResult(item, (), ())  # stored as a copy; its events are the original's
                    else:
                        yield _extract(item, process, on_error)

        summary = self.ingest(results(), command=command, progress=progress,
                              batch_seconds=max(batch_wall_seconds, batch_seconds),
                              batch_cpu_seconds=batch_seconds, on_batch=on_batch)
        summary.articles_unchanged += skipped.articles_unchanged
        return summary

    def _prefilter(self, chunk: list[Article | SukienError], force: bool) -> list[tuple[Any, str]]:
        """"unchanged" (this very body stored under the id or URL), "copy" (the same body as a
        stored original), "error" or "new": three indexed queries for the whole chunk. Copies
        found only by MinHash are found when their batch is written, after extraction."""
        found = [a for a in chunk if not isinstance(a, SukienError)]
        wanted = [(article_id(a), a.url, sha256(a.text), None) for a in found]
        book = ArticleBook()
        with self.engine.connect() as conn:
            book.prefetch(conn, wanted)
        verdicts = {}
        for article, (key, url, content_hash, _) in zip(found, wanted, strict=True):
            stored = book.existing(key, url)
            if not force and stored is not None and stored.content_hash == content_hash:
                verdicts[id(article)] = "unchanged"
            elif book.duplicate(key, content_hash, None) is not None:
                verdicts[id(article)] = "copy"
        return [(item, "error" if isinstance(item, SukienError) else verdicts.get(id(item), "new"))
                for item in chunk]

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
        return self._prefilter([article], force=False)[0][1] != "unchanged"

    def duplicate_of(self, article: Article) -> str | None:
        """The stored original this article copies (same body, or MinHash-similar), if any."""
        book = ArticleBook()
        content_hash = sha256(article.text)
        signature = signature_bytes(article.text)
        with self.engine.connect() as conn:
            book.prefetch(conn, [(article_id(article), article.url, content_hash, signature)])
        found = book.duplicate(article_id(article), content_hash, signature)
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

    # -- observed offices (``store.observed``) ----------------------------------------------------

    def observed_offices(self, article_ids: Collection[str] | None = None) -> list[ObservedHolder]:
        """Who the stored articles show holding which office (all, or the people of ``article_ids``)."""
        with self.engine.connect() as conn:
            return observed.observed_holders(conn, article_ids)

    def role_observations(self, entity_id: str) -> list[dict[str, Any]]:
        """One entity's observed offices with their evidence."""
        with self.engine.connect() as conn:
            return observed.role_observations(conn, entity_id)

    def role_conflicts(self) -> list[RoleConflict]:
        """Observed holders of offices the knowledge base gives another person on the same days."""
        from sukien.link import role_conflicts
        return role_conflicts(ObservedOffices.of(self.observed_offices()))


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
