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
# What each format leaves out of the matching events, and why; docs/exports.md says the same.
LEAVES_OUT = {
    Format.jsonl: "nothing (modality, negation and every report are fields)",
    Format.gdelt: "negated and hypothetical events, which GDELT has no column to mark"
                  " (a meeting yet to come is written as intent to meet, 036)",
    Format.plover: "CAMEO 01 and 02 events, which PLOVER has no type for (negated, planned and"
                   " hypothetical events stay, marked in their mode)",
    Format.parquet: "nothing (modality and negated are columns)",
    Format.graphml: "nothing: every event counts toward its actors' edge, negated ones too",
}
LEFT_OUT = {Format.gdelt: "negated and hypothetical events", Format.plover: "CAMEO 01 and 02 events"}
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
    left_out = f"; left out: {LEFT_OUT[format]}" if format in LEFT_OUT else ""
    typer.echo(f"sukien: wrote {count} {noun} to {out}{left_out}", err=True)


export.__doc__ = EXPORT_HELP


def register(app: typer.Typer) -> None:
    app.command(help=EXPORT_HELP)(export)
