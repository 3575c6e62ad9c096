"""``sukien demo``: the bundled example articles into a fresh SQLite file, then the events table."""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from sukien.cli.common import reports_errors
from sukien.cli.store import events_table
from sukien.ingest import read_articles
from sukien.pipeline import process
from sukien.store import EventFilter, open_store

EXAMPLES = resources.files("sukien") / "data" / "examples"


def example_articles():
    """The example articles shipped with the package (written for the project; see their PROVENANCE)."""
    files = sorted(Path(str(EXAMPLES)).glob("*.txt"))
    return [a for a in read_articles(files) if not isinstance(a, Exception)]


@reports_errors
def demo(db: Annotated[Path, typer.Option(help="SQLite file to create (replaced if it exists).")] = Path("sukien-demo.db"),
         limit: Annotated[int, typer.Option(help="Events to show.")] = 40) -> None:
    """Ingest the bundled example articles into a fresh SQLite file and print the events table."""
    console = Console()
    if db.exists():
        db.unlink()
    store = open_store(str(db))
    try:
        articles = example_articles()
        summary = store.ingest((process(article) for article in articles), command="sukien demo")
        page = store.list_events(EventFilter(limit=limit), "date_asc")
    finally:
        store.close()
    console.print(events_table(page.items, title=f"{len(articles)} example articles → events in {db}"))
    console.print(" · ".join(f"{name.replace('_', ' ')} {value}" for name, value in summary.counts().items()))
    console.print(f"Next: sukien events --db {db} --actor 'Lào'   ·   sukien show EVENT_ID --db {db}"
                  f"   ·   sukien serve --db {db}", markup=False)


def register(app: typer.Typer) -> None:
    app.command()(demo)
