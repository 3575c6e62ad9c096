"""``sukien ingest``: extract events from articles and store them.

A thin shell over ``sukien.store``; ``StoreError`` (a bad URL, an unreachable server)
becomes one line on stderr and exit status 2. ``ingest`` creates the database when it
does not exist (the reading commands in ``cli.query`` never do). It reports every
unreadable or failing article with its file and line and goes on; it exits 1 when any
article failed, 0 otherwise.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from sukien.cli.common import fail
from sukien.errors import StoreError, SukienError
from sukien.store import IngestSummary, Store, open_store

DB_HELP = "Database URL or SQLite file path (default: $SUKIEN_DB or ~/.local/share/sukien/sukien.db)."
DbOption = typer.Option(None, "--db", help=DB_HELP)


@contextmanager
def _opened(db: str | None) -> Iterator[Store]:
    """The database at ``db``, created when missing; a store error ends the command with one line."""
    try:
        store = open_store(db)
    except StoreError as exc:
        fail(str(exc), 2)
    try:
        yield store
    except StoreError as exc:
        fail(str(exc), 2)
    finally:
        store.close()


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)", param_hint=name) from None


# -- ingest ---------------------------------------------------------------------------------


def _results(store: Store, paths: list[str], published: date | None, force: bool,
             summary: IngestSummary, console: Console) -> Iterator[Any]:
    """Article results to store: skips the pipeline for stored bodies and for copies."""
    from sukien import pipeline
    from sukien.contract import ArticleResult
    from sukien.ingest import read_articles
    for item in read_articles(paths, published=published):
        if isinstance(item, SukienError):
            console.print(f"[red]{item}[/red]", highlight=False)
            yield item
            continue
        if not force and not store.needs_processing(item):
            summary.articles_unchanged += 1
            continue
        if store.duplicate_of(item) is not None:
            yield ArticleResult(item, (), ())  # stored as a copy; its events are the original's
            continue
        try:
            yield pipeline.process(item)
        except Exception as exc:  # a failing article is recorded and skipped, never fatal
            where = item.origin or item.id or "article"
            console.print(f"[red]{where}: {type(exc).__name__}: {exc}[/red]", highlight=False)
            yield SukienError(f"{where}: {type(exc).__name__}: {exc}")


def _print_summary(console: Console, summary: IngestSummary) -> None:
    table = Table(title="ingested", show_header=False)
    for name, value in summary.counts().items():
        table.add_row(name.replace("_", " "), str(value))
    console.print(table)


def ingest(paths: list[str] = typer.Argument(..., help="Files or directories (JSONL, text, HTML, feeds)."),
           db: str | None = DbOption,
           published: str | None = typer.Option(None, help="Publication date for articles without one."),
           force: bool = typer.Option(False, help="Re-run the pipeline on articles already stored.")) -> None:
    """Extract events from articles and store them (idempotent: re-running adds nothing twice)."""
    console = Console(stderr=True)
    day = _day(published, "--published")
    with _opened(db) as store:
        summary = IngestSummary()
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      console=console, transient=True) as progress:
            task = progress.add_task("reading")

            def update(_outcome: Any, running: IngestSummary) -> None:
                done = running.articles_added + running.articles_updated + running.duplicates
                progress.update(task, description=(
                    f"articles {done + summary.articles_unchanged + running.articles_unchanged}"
                    f"  events {running.event_mentions}  errors {len(running.errors)}"))

            stored = store.ingest(_results(store, paths, day, force, summary, console),
                                  command="sukien ingest " + " ".join(paths), progress=update)
        stored.articles_unchanged += summary.articles_unchanged
        _print_summary(console, stored)
    if stored.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``ingest`` to the ``sukien`` CLI (the reading commands are in ``cli.query``)."""
    app.command("ingest")(ingest)
