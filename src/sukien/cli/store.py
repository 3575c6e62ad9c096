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
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
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


def _count_articles(paths: list[str]) -> int | None:
    """How many articles the input holds, for the progress bar: a JSONL file's non-blank
    lines, one for any other file (a feed may hold more: the total then grows); None for stdin."""
    from pathlib import Path

    from sukien.ingest.files import KINDS
    total = 0
    for name in paths:
        path = Path(name)
        if name == "-":
            return None
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in KINDS and p.is_file()
                       and not any(part.startswith(".") for part in p.relative_to(path).parts)) \
            if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() != ".jsonl":
                total += 1
                continue
            try:
                with file.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
    return total


def _print_summary(console: Console, summary: IngestSummary) -> None:
    table = Table(title="ingested", show_header=False)
    for name, value in summary.counts().items():
        table.add_row(name.replace("_", " "), str(value))
    console.print(table)


def ingest(paths: list[str] = typer.Argument(..., help="Files or directories (JSONL, text, HTML, feeds)."),
           db: str | None = DbOption,
           published: str | None = typer.Option(None, help="Publication date for articles without one."),
           force: bool = typer.Option(False, help="Re-run the pipeline on articles already stored."),
           min_confidence: float | None = typer.Option(
               None, "--min-confidence", min=0.0, max=1.0,
               help="Store events at least this sure (0–1; default: the decision model's threshold).")) -> None:
    """Extract events from articles and store them (idempotent: re-running adds nothing twice)."""
    from sukien import pipeline
    from sukien.ingest import read_articles
    console = Console(stderr=True)
    day = _day(published, "--published")
    with _opened(db) as store:
        with Progress(TextColumn("articles"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                      TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console,
                      transient=True) as progress:
            task = progress.add_task("", total=_count_articles(paths))
            done = [0]

            def update(_outcome: Any, running: IngestSummary) -> None:
                done[0] += 1
                total = progress.tasks[0].total
                progress.update(task, completed=done[0], total=max(total, done[0]) if total is not None else None,
                                description=f"events {running.event_mentions}  errors {len(running.errors)}")

            def report(error: SukienError) -> None:
                # one line, however long the path it names: the terminal wraps it, a copy keeps it whole
                console.print(f"[red]{error}[/red]", highlight=False, soft_wrap=True)

            # the linker consults the offices the database has seen people hold, and what each batch adds
            process = pipeline.StoreProcess(store.observed_offices, min_confidence)
            stored = store.ingest_articles(read_articles(paths, published=day), process, force=force,
                                           command="sukien ingest " + " ".join(paths), progress=update,
                                           on_error=report, on_batch=process.refresh)
        _print_summary(console, stored)
    if stored.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``ingest`` to the ``sukien`` CLI (the reading commands are in ``cli.query``)."""
    app.command("ingest")(ingest)
