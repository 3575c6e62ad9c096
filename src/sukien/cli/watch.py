"""``sukien watch``: poll feeds and folders, store what is new, alert on matching events.

A thin shell over ``sukien.watch``. Options are checked before anything is polled (a
bad source, period or alert filter stops the command with one line). Each failing
source is reported on stderr with one line and the others go on; each poll that found
something prints one line on stderr. Alerts go to stdout, or are appended to
``--alert-out``. ``--once`` polls every source once and exits: 0, or 1 when a source
failed or an article of it could not be stored. Otherwise the command runs until
interrupted (Ctrl-C or SIGTERM stop it after the poll in progress).
"""
from __future__ import annotations

import re
import signal
import sys
import threading
from pathlib import Path

import typer

from sukien.cli.common import fail
from sukien.cli.filters import PLOVER_TYPES, USAGE, country_names
from sukien.errors import InputError, StoreError
from sukien.normalize.fold import fold
from sukien.store import open_store

DB_HELP = "Database URL or SQLite file path (default: $SUKIEN_DB or ~/.local/share/sukien/sukien.db)."
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h)?\s*$", re.IGNORECASE)
_UNIT = {None: 1, "s": 1, "m": 60, "min": 60, "h": 3600}


def parse_every(value: str) -> float:
    """"90s", "10m", "1h" or a number of seconds → seconds (at least one)."""
    found = _DURATION.match(value)
    if not found or float(found.group(1)) * _UNIT[(found.group(2) or "s").lower()] < 1:
        fail(f"--every: {value!r} is no period of at least a second (such as 90s, 10m or 1h)", USAGE)
    return float(found.group(1)) * _UNIT[(found.group(2) or "s").lower()]


def alert_pairs(texts: list[str]) -> list[tuple[str, str]]:
    """The ``--alert`` options as (key, value), values checked as the ``events`` command checks them."""
    from sukien.watch import parse_alert
    pairs = []
    for text in texts:
        try:
            key, value = parse_alert(text)
        except InputError as exc:
            fail(str(exc), USAGE)
        if key == "country":
            value = _country(value, text)
        elif key == "type":
            value = _event_type(value, text)
        pairs.append((key, value))
    return pairs


def _country(value: str, text: str) -> str:
    """An ISO alpha-3 code from a code or a country's name, as ``events --country`` reads it."""
    names = country_names()
    code = value.upper() if value.upper() in names.values() else names.get(fold(value))
    if code is None:
        fail(f"--alert {text!r}: no country code or name (an ISO code such as LAO, or a name such as Lào)", USAGE)
    return code


def _event_type(value: str, text: str) -> str:
    """A CAMEO code or root, or a PLOVER type, as ``events --type`` reads it."""
    from sukien.events.lexicon import load_lexicon
    if value.isdigit() and value in load_lexicon().cameo:
        return value
    if value.upper() in PLOVER_TYPES:
        return value.upper()
    fail(f"--alert {text!r}: no CAMEO code or root (such as 042 or 04) or PLOVER type", USAGE)


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def watch(sources: list[str] = typer.Argument(..., help="Feed URLs (http or https) and folders (or files)."),
          every: str = typer.Option("10m", "--every", help="Time between two polls of a source: 90s, 10m, 1h."),
          db: str | None = typer.Option(None, "--db", help=DB_HELP),
          alert: list[str] = typer.Option([], "--alert", help="KEY=VALUE, KEY one of actor, country, type, place"
                                          " (as the events command's options); repeated, every key must match,"
                                          " any value of a key."),
          alert_out: Path | None = typer.Option(None, "--alert-out", help="Append alerts to this file, not stdout."),
          once: bool = typer.Option(False, "--once", help="Poll every source once and exit (tests, cron).")) -> None:
    """Poll feeds and folders, store what is new, and alert on new events that match."""
    from sukien.watch import AlertRule, AlertSink, Watcher, WatchSettings, parse_source
    try:
        parsed = [parse_source(text) for text in sources]
    except InputError as exc:
        fail(str(exc), USAGE)
    settings = WatchSettings(every=parse_every(every))
    rule = AlertRule.of(alert_pairs(alert))
    if alert_out is not None and not rule.values:
        fail("--alert-out needs at least one --alert filter", USAGE)
    try:
        store = open_store(db)
    except StoreError as exc:
        fail(str(exc), 2)
    try:
        sink = AlertSink(alert_out)
    except InputError as exc:
        store.close()
        fail(str(exc), 2)
    watcher = Watcher(store, parsed, settings, rule=rule, sink=sink, report=_stderr)
    stop = threading.Event()
    if not once:
        for name in ("SIGTERM", "SIGINT"):
            signal.signal(getattr(signal, name), lambda *_: stop.set())
    failed: list[str] = []

    def told(report) -> None:
        if report.error is not None or report.unstored:
            failed.append(report.source)
        elif report.articles or report.alerts:
            _stderr(f"sukien: watch: {report.source}: {report.articles} new articles,"
                    f" {report.events} new events, {report.alerts} alerts")
    try:
        watcher.run(once=once, stop=stop, on_report=told)
    except StoreError as exc:
        fail(str(exc), 2)
    finally:
        sink.close()
        store.close()
    if once and failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``watch`` to the ``sukien`` CLI."""
    app.command("watch")(watch)
