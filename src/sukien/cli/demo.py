"""``sukien demo``: the bundled example articles into a fresh SQLite file, then the events table.

The demo replaces its file, so it first makes sure the file is one it may replace:
absent, empty, or an earlier demo database (a sukien database holding the example
articles and nothing else). Anything else (a text file, a database of the user's own
articles) is refused, naming the file, unless ``--force`` says to replace it anyway.
"""
from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from sukien.cli.common import fail, reports_errors
from sukien.cli.views import console, events_table
from sukien.contract import article_id
from sukien.errors import StoreError
from sukien.ingest import read_articles
from sukien.model import Article
from sukien.pipeline import process
from sukien.store import EventFilter, open_store
from sukien.store.engine import check_sukien_file, read_only_sqlite

EXAMPLES = resources.files("sukien") / "data" / "examples"
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")  # files SQLite keeps beside a database


def example_articles() -> list[Article]:
    """The example articles shipped with the package (written for the project; see their PROVENANCE)."""
    files = sorted(Path(str(EXAMPLES)).glob("*.txt"))
    return [a for a in read_articles(files) if not isinstance(a, Exception)]


def refusal(db: Path, examples: list[Article]) -> str | None:
    """Why ``db`` must not be replaced by the demo, or None when nothing would be lost."""
    if not db.exists() or (db.is_file() and db.stat().st_size == 0):
        return None
    try:
        check_sukien_file(db)
        with read_only_sqlite(db) as conn:
            stored = {row[0] for row in conn.execute("SELECT id FROM articles")}
    except (StoreError, sqlite3.Error):
        return f"{db} exists and is not a sukien demo database"
    others = stored - {article_id(article) for article in examples}
    if others:
        return f"{db} holds {len(others)} {'article' if len(others) == 1 else 'articles'} besides the examples"
    return None


def _remove(db: Path) -> None:
    for path in (db, *(db.with_name(db.name + suffix) for suffix in SQLITE_COMPANIONS)):
        path.unlink(missing_ok=True)


@reports_errors
def demo(db: Annotated[Path, typer.Option(help="SQLite file to create; an earlier demo database is replaced.")]
         = Path("sukien-demo.db"),
         limit: Annotated[int, typer.Option(help="Events to show.")] = 40,
         force: Annotated[bool, typer.Option(help="Replace the file even if it is not an earlier demo database.")]
         = False) -> None:
    """Ingest the bundled example articles into a fresh SQLite file and print the events table."""
    articles = example_articles()
    problem = None if force else refusal(db, articles)
    if problem:
        fail(f"{problem}; use another --db, or --force to replace it")
    if db.is_dir():
        fail(f"{db} is a folder; give a file name with --db")
    _remove(db)
    store = open_store(str(db))
    try:
        summary = store.ingest((process(article) for article in articles), command="sukien demo")
        page = store.list_events(EventFilter(limit=limit), "date_asc")
    finally:
        store.close()
    out = console()
    out.print(events_table(page.items, title=f"{len(articles)} example articles → events in {db}"))
    out.print(" · ".join(f"{name.replace('_', ' ')} {value}" for name, value in summary.counts().items()))
    out.print(f"Next: sukien events --db {db} --actor 'Lào'   ·   sukien show EVENT_ID --db {db}"
              f"   ·   sukien serve --db {db}", markup=False)


def register(app: typer.Typer) -> None:
    app.command()(demo)
