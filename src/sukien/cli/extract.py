"""``sukien extract``: articles in, one JSON object per article out (the extraction contract)."""
from __future__ import annotations

from typing import Annotated

import typer

from sukien.cli.common import articles_reporting, parse_day, reports_errors
from sukien.errors import InputError
from sukien.pipeline import process


@reports_errors
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt .md .jsonl .json .html .xml), folders, or - for stdin.")],
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD for files that do not give one.")] = None,
    pretty: Annotated[bool, typer.Option(help="Indent the JSON.")] = False,
    min_confidence: Annotated[float | None, typer.Option(
        "--min-confidence", min=0.0, max=1.0,
        help="Keep events at least this sure (0–1; default: the decision model's threshold).")] = None,
) -> None:
    """Print one JSON object per article: its entities and events, every value with its evidence span."""
    errors: list[InputError] = []
    for article in articles_reporting(paths, parse_day(published, "--published"), errors):
        typer.echo(process(article, min_confidence).to_json(indent=2 if pretty else None))
    if errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(extract)
