"""``sukien export``: the stored events as JSONL, GDELT rows, PLOVER, Parquet or GraphML."""
from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from sukien.cli.common import parse_day, reports_errors


class Format(str, Enum):
    jsonl = "jsonl"
    gdelt = "gdelt"
    plover = "plover"
    parquet = "parquet"
    graphml = "graphml"


TYPE_HELP = "CAMEO code or root (042, 04) or PLOVER type (CONSULT)."
DB_HELP = "Database URL or SQLite file (default: $SUKIEN_DB, else ~/.local/share/sukien/sukien.db)."


@reports_errors
def export(
    out: Annotated[str, typer.Argument(help="File to write.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    actor: Annotated[str | None, typer.Option(help="Entity id or name of an actor.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO alpha-3 of any actor.")] = None,
    type: Annotated[str | None, typer.Option("--type", help=TYPE_HELP)] = None,
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")] = None,
) -> None:
    """Write the events matching the filters; the GDELT format is GDELT 2.0's 61 event columns."""
    from sukien.export import export as run_export
    from sukien.store import EventFilter, open_store

    filters = EventFilter(actor=actor, country=country.upper() if country else None, cameo=type,
                          since=parse_day(since, "--since"), until=parse_day(until, "--until"))
    with open_store(db) as store:
        count = run_export(store, format.value, out, filters)
    noun = "edges" if format is Format.graphml else "events"
    typer.echo(f"sukien: wrote {count} {noun} to {out}", err=True)


def register(app: typer.Typer) -> None:
    app.command()(export)
