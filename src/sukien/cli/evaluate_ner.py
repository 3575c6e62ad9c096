"""`sukien eval ner CONLL_FILE`: name-recognition scores, sukien beside underthesea."""
from __future__ import annotations

import json
from pathlib import Path

import typer

from sukien.errors import SukienError
from sukien.evaluate.ner import NER_TYPES, NerReport, evaluate_ner


def register(eval_app: typer.Typer) -> None:
    """Add the ``ner`` command to the ``eval`` sub-app."""
    eval_app.command("ner")(ner_command)


def ner_command(
    conll_file: Path = typer.Argument(..., help="IOB2 CoNLL file: token first, NER tag last, blank line between sentences."),
    limit: int = typer.Option(None, "--limit", min=1, help="Score only the first N sentences."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    compare: bool = typer.Option(True, "--compare/--no-compare", help="Also score underthesea's ner when installed."),
    tagger_only: bool = typer.Option(False, "--tagger-only", help="Score the statistical tagger alone."),
    tag_column: int = typer.Option(
        None, "--tag-column", min=2,
        help="The column holding the NER tag, counting from 1 (default: the last; in a file of more "
             "columns, the tag column that names the most)."),
    output: Path = typer.Option(None, "--output", help="Write each token's gold tag and every system's."),
) -> None:
    """Exact-span precision, recall and F1 for PER, LOC and ORG (COUNTRY counts as LOC)."""
    try:
        report = evaluate_ner(conll_file, limit=limit, compare=compare, tagger_only=tagger_only,
                              tag_column=None if tag_column is None else tag_column - 1, output=output)
    except SukienError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from error
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print_report(report)


def print_report(report: NerReport) -> None:
    """For each system and type: gold, correct and found names, precision, recall, F1 (percent)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{report.path}: {report.sentences} sentences, {report.tokens} tokens")
    for header in ("system", "type", "gold", "correct", "found", "P", "R", "F1"):
        table.add_column(header, justify="left" if header in ("system", "type") else "right", no_wrap=True)
    for name, scores in report.systems.items():
        for kind in (*NER_TYPES, "micro"):
            score = scores.micro if kind == "micro" else scores.by_type[kind]
            table.add_row(name if kind == NER_TYPES[0] else "", kind, str(score.gold), str(score.correct),
                          str(score.predicted), f"{100 * score.precision:.1f}", f"{100 * score.recall:.1f}",
                          f"{100 * score.f1:.1f}", end_section=kind == "micro")
    console = Console()
    console.print(table)
    for name, seconds in report.seconds.items():
        console.print(f"{name}: {seconds:.2f} s of CPU ({report.sentences / seconds:,.0f} sentences/s)"
                      if seconds else f"{name}: under 0.01 s of CPU", markup=False)
    for note in report.notes:
        console.print(note, markup=False)
