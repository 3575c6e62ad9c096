"""``sukien export``: the stored events as JSONL, GDELT rows, PLOVER, Parquet or GraphML."""
from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from sukien.cli.common import reports_errors
from sukien.cli.filters import FilterOptions, event_filter


class Format(str, Enum):
    jsonl = "jsonl"
    gdelt = "gdelt"
    plover = "plover"
    parquet = "parquet"
    graphml = "graphml"


TYPE_HELP = "CAMEO code or root (042, 04) or PLOVER type (CONSULT)."
DB_HELP = "Database URL or SQLite file (default: $SUKIEN_DB, else ~/.local/share/sukien/sukien.db)."
# What each format leaves out of the matching events; the same words as docs/exports.md.
LEAVES_OUT = {
    Format.jsonl: "nothing (every event, with its modality and every report)",
    Format.gdelt: "negated and hypothetical events (GDELT has no column to say so); a planned meeting is 036",
    Format.plover: "CAMEO 01 and 02 events (PLOVER has no type for them); negated, planned and"
                   " hypothetical events stay, marked in their mode",
    Format.parquet: "nothing (modality and negated are columns)",
    Format.graphml: "nothing: every event, negated ones too, counts toward an edge's weight",
}
EXPORT_HELP = ("Write the events matching the filters; the GDELT format is GDELT 2.0's 61 event columns."
               "\n\nWhat each format leaves out:\n\n"
               + "\n\n".join(f"{fmt.value}: {text}" for fmt, text in LEAVES_OUT.items()))


@reports_errors
def export(
    out: Annotated[str, typer.Argument(help="File to write.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    actor: Annotated[str | None, typer.Option(help="Entity id, name or part of one, or a country.")] = None,
    country: Annotated[str | None, typer.Option(help="Country of any actor: ISO alpha-3 or name.")] = None,
    type: Annotated[str | None, typer.Option("--type", help=TYPE_HELP)] = None,
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")] = None,
) -> None:
    from sukien.export import export as run_export
    from sukien.store import open_store
    from sukien.store.engine import require_database

    filters = event_filter(FilterOptions(actor=actor, country=country, type=type, since=since, until=until))
    with open_store(require_database(db)) as store:
        count = run_export(store, format.value, out, filters)
    noun = "edges" if format is Format.graphml else "events"
    typer.echo(f"sukien: wrote {count} {noun} to {out} (left out: {LEAVES_OUT[format]})", err=True)


export.__doc__ = EXPORT_HELP


def register(app: typer.Typer) -> None:
    app.command(help=EXPORT_HELP)(export)
