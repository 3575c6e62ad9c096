"""``sukien spark`` and ``sukien load``: corpus-scale extraction on Spark, then into the store."""
from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from sukien.cli.common import reports_errors


@reports_errors
def spark(
    input: Annotated[str, typer.Argument(help="JSONL file or folder of articles, or a Parquet dataset (columns id, title, text, published, outlet, url; only text is required).")],
    output: Annotated[str, typer.Argument(help="Folder for the Parquet datasets articles/, events/, entities/, mentions/ (replaced if present).")],
    master: Annotated[str, typer.Option(help="Spark master URL.")] = "local[2]",
    partitions: Annotated[int | None, typer.Option(min=1, help="Spread the input over N partitions (default: the cores Spark has).")] = None,
    format: Annotated[str, typer.Option(help="Input format: auto, jsonl or parquet (auto decides by name or by the files in a folder).")] = "auto",
) -> None:
    """Extract events from a corpus on Apache Spark, as `sukien extract` does, into Parquet."""
    from sukien.batch.spark import run_spark

    summary = run_spark(input, output, master=master, partitions=partitions, input_format=format)
    typer.echo(f"{summary.articles} articles, {summary.events} events, "
               f"{summary.errors} articles with errors → {summary.output}")
    if summary.errors:
        print(f"sukien: {summary.errors} articles could not be processed; "
              f"see the error column of {summary.output}/articles", file=sys.stderr)
        raise typer.Exit(1)


@reports_errors
def load(
    parquet_dir: Annotated[str, typer.Argument(help="The OUTPUT folder of `sukien spark` (or its articles/ folder).")],
    db: Annotated[str | None, typer.Option(help="Database URL or SQLite path (default: $SUKIEN_DB, else the user's database).")] = None,
) -> None:
    """Store the articles and events of a `sukien spark` run, fusing events across articles."""
    from sukien.batch.load import load_parquet

    summary = load_parquet(parquet_dir, db)
    table = Table(title="loaded", show_header=False)
    for name, value in summary.counts().items():
        table.add_row(name.replace("_", " "), str(value))
    Console().print(table)
    for _where, problem in summary.errors[:20]:  # the problem names where already
        print(f"sukien: skipped {problem}", file=sys.stderr)
    if len(summary.errors) > 20:
        print(f"sukien: … and {len(summary.errors) - 20} more", file=sys.stderr)
    if summary.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(spark)
    app.command()(load)

