"""``sukien review fusion`` writes a page for a person to judge fusion; ``review score`` scores it.

Thin shells over ``sukien.review``. ``fusion`` reads an existing database only (as the
query commands do) and writes one self-contained HTML page; ``score`` reads the JSON
file the page saves and prints fusion precision and the missed-merge rate with 95%
Wilson intervals (``--json`` for the figures as one JSON object).
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from sukien.cli.common import fail
from sukien.cli.query import DbOption, reading
from sukien.errors import InputError

review_app = typer.Typer(no_args_is_help=True, help="Judge fusion by hand: a review page, and its score.")


@review_app.command("fusion")
def fusion(db: str | None = DbOption,
           sample: int = typer.Option(50, "--sample", min=1, max=10_000,
                                      help="Fused events to draw, and as many near-misses."),
           out: Path = typer.Option(..., "--out", help="The HTML page to write."),
           seed: int | None = typer.Option(None, "--seed", help="Seed of the draw (default: a random one,"
                                           " printed and kept in the page).")) -> None:
    """Write a page of randomly drawn fused events and near-misses, each with same/different choices."""
    from sukien.review import draw_sample
    from sukien.review.page import render_page
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    with reading(db) as store:
        drawn = draw_sample(store, sample, seed)
    try:
        out.write_text(render_page(drawn), encoding="utf-8")
    except OSError as exc:
        fail(f"{out}: cannot write: {exc.strerror or exc}", 2)
    typer.echo(f"{out}: {len(drawn.fused)} fused events (of {drawn.population['fused_events']}),"
               f" {len(drawn.near)} near-misses (of {drawn.population['near_misses']}),"
               f" {len(drawn.questions)} questions; seed {seed}", err=True)


@review_app.command("score")
def score_command(file: Path = typer.Argument(..., help="The JSON file saved from the review page."),
                  as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object.")) -> None:
    """Score saved choices: fusion precision and missed merges, with 95% Wilson intervals."""
    from sukien.review.score import score
    try:
        saved = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        fail(f"{file}: cannot read: {exc.strerror or exc}", 2)
    except ValueError as exc:
        fail(f"{file}: not JSON ({exc})", 2)
    try:
        figures = score(saved, str(file))
    except InputError as exc:
        fail(str(exc), 2)
    if as_json:
        typer.echo(json.dumps(figures, ensure_ascii=False))
        return
    table = Table(title=f"fusion review of {figures['database']} (seed {figures['seed']})")
    for column in ("measure", "estimate", "95% interval", "same / judged", "unsure", "unanswered"):
        table.add_column(column)
    for name, key in (("fusion precision", "fusion_precision"),
                      ("missed merges", "missed_merges")):
        share = figures[key]
        table.add_row(name, _percent(share["estimate"]),
                      f"{_percent(share['low'])} – {_percent(share['high'])}" if share["judged"] else "—",
                      f"{share['same']} / {share['judged']}", str(share["unsure"]), str(share["unanswered"]))
    console = Console()
    console.print(table)
    console.print("fusion precision: fused pairs judged the same event; missed merges: near-misses judged"
                  " the same event (unsure and unanswered count in neither)", highlight=False)
    missed = figures["missed_merges"]
    if missed["estimated_count"] is not None:
        console.print(f"about {missed['estimated_count']} of the database's {missed['population']}"
                      " near-misses would be missed merges", highlight=False)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def register(app: typer.Typer) -> None:
    """Add ``review fusion`` and ``review score`` to the ``sukien`` CLI."""
    app.add_typer(review_app, name="review")
