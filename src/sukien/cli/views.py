"""How the terminal commands write events: tables for a reader, full rows for a pipe.

Rich sizes a table to the terminal; written to a file or a pipe it would wrap at 80
columns and split an event id across two lines, where the next command (``cut``,
``grep``, ``sukien show``) needs it whole. Without a terminal the width is unbounded,
so every row is one line.

Every view shows an event's modality next to what happened: a talk that did not take
place, a visit yet to come or one that is only supposed must not read as a fact.
"""
from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Mapping
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

UNBOUNDED = 1_000_000  # columns: wide enough for any row, and rich pads nothing to it
ASSERTED = "asserted"
NEGATED = "negated"
CSV_COLUMNS = ("id", "date_start", "date_end", "cameo", "plover", "label_vi", "label_en",
               "source", "source_ids", "target", "target_ids", "place", "place_country",
               "modality", "negated", "reported_by", "num_articles", "num_mentions", "summary",
               "evidence_text")


def console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() else UNBOUNDED)


def names(actors: list[dict[str, Any]]) -> str:
    return ", ".join(a.get("name_vi") or a["name"] for a in actors) or "—"


def when(event: dict[str, Any]) -> str:
    start, end = event.get("date_start"), event.get("date_end")
    if not start:
        return f"({event.get('first_seen') or '?'})"
    return start if not end or end == start else f"{start}…{end}"


def modality(event: dict[str, Any], reporters: Iterable[str] = ()) -> str:
    """The words for what kind of fact an event is ("planned", "reported by TASS"); "" for a plain one.

    The store keeps a negated event as modality "negated" with the flag set, and a negated
    hypothesis as "hypothetical" with the flag: both words are shown then.
    """
    words = [event["modality"]] if event.get("modality") not in (None, ASSERTED, NEGATED) else []
    if event.get("negated") or event.get("modality") == NEGATED:
        words.append(NEGATED)
    reporters = list(reporters)
    if reporters:
        words.append("reported by " + ", ".join(reporters))
    return ", ".join(words)


def events_table(items: list[dict[str, Any]], title: str | None = None,
                 reporters: Mapping[str, list[str]] | None = None) -> Table:
    table = Table(title=title)
    for column in ("date", "type", "source → target", "modality", "place", "art."):
        table.add_column(column)
    table.add_column("id", no_wrap=True)  # whole, to copy into `sukien show`
    for e in items:
        kind = f"{e.get('label_vi') or ''} / {e.get('label_en') or ''} ({e['cameo']})"
        place = e.get("place_name_vi") or e.get("place_name") or ""
        table.add_row(when(e), kind, f"{names(e['source'])} → {names(e['target'])}",
                      modality(e, (reporters or {}).get(e["id"], ())), place, str(e["num_articles"]), e["id"])
    return table


def write_csv(items: list[dict[str, Any]], reporters: Mapping[str, list[str]] | None = None) -> None:
    """One header row, then one row per event; actors as "; "-joined names and ids."""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in items:
        writer.writerow([
            e["id"], e.get("date_start") or "", e.get("date_end") or "", e["cameo"], e.get("plover") or "",
            e.get("label_vi") or "", e.get("label_en") or "",
            "; ".join(a.get("name_vi") or a["name"] for a in e["source"]), "; ".join(a["id"] for a in e["source"]),
            "; ".join(a.get("name_vi") or a["name"] for a in e["target"]), "; ".join(a["id"] for a in e["target"]),
            e.get("place_name_vi") or e.get("place_name") or "", e.get("place_country") or "",
            e.get("modality") or "", "true" if e.get("negated") else "false",
            "; ".join((reporters or {}).get(e["id"], ())),
            e.get("num_articles") or 0, e.get("num_mentions") or 0, e.get("summary") or "",
            e.get("evidence_text") or "",
        ])


def nothing(what: str) -> None:
    """Say that nothing matched, on stderr: a pipe reading stdout gets no false row."""
    typer.echo(f"no {what} match", err=True)
