"""CLI commands over the store: ingest, events, show, entities, search, timeline, pairs.

Each command is a thin shell over ``sukien.store`` functions; ``StoreError`` (a bad
URL, an unreachable server) becomes one line on stderr and exit status 2. ``ingest``
reports every unreadable or failing article with its file and line and goes on; it
exits 1 when any article failed, 0 otherwise.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from sukien.errors import StoreError, SukienError
from sukien.store import EventFilter, IngestSummary, Store, open_store

DB_HELP = "Database URL or SQLite file path (default: $SUKIEN_DB or ~/.local/share/sukien/sukien.db)."
DbOption = typer.Option(None, "--db", help=DB_HELP)
FormatOption = typer.Option("table", "--format", help="table or jsonl")


@contextmanager
def _opened(db: str | None) -> Iterator[Store]:
    try:
        store = open_store(db)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        yield store
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        store.close()


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)", param_hint=name) from None


def _jsonl(items: list[dict[str, Any]]) -> None:
    for item in items:
        typer.echo(json.dumps(item, ensure_ascii=False))


def _names(actors: list[dict[str, Any]]) -> str:
    return ", ".join(a.get("name_vi") or a["name"] for a in actors) or "—"


def _when(event: dict[str, Any]) -> str:
    start, end = event.get("date_start"), event.get("date_end")
    if not start:
        return f"({event.get('first_seen') or '?'})"
    return start if not end or end == start else f"{start}…{end}"


def events_table(items: list[dict[str, Any]], title: str | None = None) -> Table:
    table = Table(title=title)
    for column in ("date", "type", "source → target", "place", "art."):
        table.add_column(column)
    table.add_column("id", overflow="fold")  # whole, to copy into `sukien show`
    for e in items:
        kind = f"{e.get('label_vi') or ''} / {e.get('label_en') or ''} ({e['cameo']})"
        place = e.get("place_name_vi") or e.get("place_name") or ""
        table.add_row(_when(e), kind, f"{_names(e['source'])} → {_names(e['target'])}", place,
                      str(e["num_articles"]), e["id"])
    return table


# -- ingest ---------------------------------------------------------------------------------


def _results(store: Store, paths: list[str], published: date | None, force: bool,
             summary: IngestSummary, console: Console) -> Iterator[Any]:
    """Article results to store: skips the pipeline for stored bodies and for copies."""
    from sukien import pipeline
    from sukien.contract import ArticleResult
    from sukien.ingest import read_articles
    for item in read_articles(paths, published=published):
        if isinstance(item, SukienError):
            console.print(f"[red]{item}[/red]", highlight=False)
            yield item
            continue
        if not force and not store.needs_processing(item):
            summary.articles_unchanged += 1
            continue
        if store.duplicate_of(item) is not None:
            yield ArticleResult(item, (), ())  # stored as a copy; its events are the original's
            continue
        try:
            yield pipeline.process(item)
        except Exception as exc:  # a failing article is recorded and skipped, never fatal
            where = item.origin or item.id or "article"
            console.print(f"[red]{where}: {type(exc).__name__}: {exc}[/red]", highlight=False)
            yield SukienError(f"{where}: {type(exc).__name__}: {exc}")


def _print_summary(console: Console, summary: IngestSummary) -> None:
    table = Table(title="ingested", show_header=False)
    for name, value in summary.counts().items():
        table.add_row(name.replace("_", " "), str(value))
    console.print(table)


def ingest(paths: list[str] = typer.Argument(..., help="Files or directories (JSONL, text, HTML, feeds)."),
           db: str | None = DbOption,
           published: str | None = typer.Option(None, help="Publication date for articles without one."),
           force: bool = typer.Option(False, help="Re-run the pipeline on articles already stored.")) -> None:
    """Extract events from articles and store them (idempotent: re-running adds nothing twice)."""
    console = Console(stderr=True)
    day = _day(published, "--published")
    with _opened(db) as store:
        summary = IngestSummary()
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      console=console, transient=True) as progress:
            task = progress.add_task("reading")

            def update(_outcome: Any, running: IngestSummary) -> None:
                done = running.articles_added + running.articles_updated + running.duplicates
                progress.update(task, description=(
                    f"articles {done + summary.articles_unchanged + running.articles_unchanged}"
                    f"  events {running.event_mentions}  errors {len(running.errors)}"))

            stored = store.ingest(_results(store, paths, day, force, summary, console),
                                  command="sukien ingest " + " ".join(paths), progress=update)
        stored.articles_unchanged += summary.articles_unchanged
        _print_summary(console, stored)
    if stored.errors:
        raise typer.Exit(1)


# -- queries --------------------------------------------------------------------------------


def events(actor: str | None = typer.Option(None, help="Entity id or name."),
           country: str | None = typer.Option(None, help="ISO alpha-3 country of any actor."),
           type: str | None = typer.Option(None, "--type", help="CAMEO code or root (04), or PLOVER type."),
           since: str | None = typer.Option(None, help="From this date (YYYY-MM-DD)."),
           until: str | None = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
           place: str | None = typer.Option(None, help="Place name, or ISO alpha-3 of its country."),
           text: str | None = typer.Option(None, help="Words in the event's text."),
           sort: str = typer.Option("date", help="date, date_asc or mentions."),
           limit: int = typer.Option(50, min=1), cursor: str | None = typer.Option(None),
           format: str = FormatOption, db: str | None = DbOption) -> None:
    """List fused events, newest first."""
    filters = EventFilter(actor=actor, country=country, cameo=type, since=_day(since, "--since"),
                          until=_day(until, "--until"), place=place, text=text, limit=limit, cursor=cursor)
    with _opened(db) as store:
        page = store.list_events(filters, sort)
    if format == "jsonl":
        _jsonl(page.items)
    else:
        Console().print(events_table(page.items))
    if page.next_cursor:
        typer.echo(f"more: --cursor {page.next_cursor}", err=True)


def show(event_id: str = typer.Argument(...), format: str = typer.Option("text", help="text or json"),
         db: str | None = DbOption) -> None:
    """One event with its actors, evidence sentences and every article reporting it."""
    with _opened(db) as store:
        event = store.get_event(event_id)
    if event is None:
        typer.echo(f"error: no event {event_id!r}", err=True)
        raise typer.Exit(1)
    if format == "json":
        typer.echo(json.dumps(event, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(f"[bold]{event['label_vi']} / {event['label_en']}[/bold] ({event['cameo']}, "
                  f"{event.get('plover') or '-'})  {_when(event)}  "
                  f"{event.get('place_name_vi') or event.get('place_name') or ''}", highlight=False)
    for side in ("source", "target"):
        for actor in event[side]:
            titles = "; ".join(r["title_vi"] or r["title_en"] or "" for r in actor["roles"])
            console.print(f"  {side}: {actor.get('name_vi') or actor['name']} [{actor['id']}] {titles}",
                          highlight=False)
    console.print(f"[bold]evidence[/bold] ({event['num_mentions']} mentions)")
    for item in event["evidence"]:
        for span in item["evidence"] or []:
            console.print(f"  {item['article_id']} [{span['start']}:{span['end']}] {span['text']}",
                          highlight=False)
    console.print(f"[bold]articles[/bold] ({event['num_articles']}, {event['num_sources']} sources)")
    for article in event["articles"]:
        console.print(f"  {article['published'] or '?'} {article['outlet'] or ''} {article['title']} "
                      f"{article['url'] or article['id']}", highlight=False)
        for copy in article["copies"]:
            console.print(f"    copy: {copy['outlet'] or ''} {copy['url'] or copy['id']}", highlight=False)
    for related in event["related"]:
        console.print(f"related ({related['relation']}): {related['id']} {related['label_vi']}",
                      highlight=False)


def entities(query: str | None = typer.Argument(None), type: str | None = typer.Option(None, "--type"),
             limit: int = typer.Option(50, min=1), format: str = FormatOption,
             db: str | None = DbOption) -> None:
    """Entities whose name or alias starts with QUERY (diacritics ignored)."""
    with _opened(db) as store:
        found = store.list_entities(query, type, limit)
    if format == "jsonl":
        _jsonl(found)
        return
    table = Table()
    for column in ("id", "type", "name", "country", "mentions"):
        table.add_column(column)
    for e in found:
        name = e["name_vi"] if e["name_vi"] and e["name_vi"] != e["name"] else ""
        table.add_row(e["id"], e["type"], f"{e['name']} {('/ ' + name) if name else ''}",
                      e["country"] or "", str(e["num_mentions"]))
    Console().print(table)


def search(query: str = typer.Argument(...), limit: int = typer.Option(20, min=1),
           format: str = FormatOption, db: str | None = DbOption) -> None:
    """Search articles and events (case, diacritics and Đ/đ ignored)."""
    with _opened(db) as store:
        found = store.search(query, limit)
    if format == "jsonl":
        _jsonl([{"kind": "article", **a} for a in found["articles"]] +
               [{"kind": "event", **e} for e in found["events"]])
        return
    console = Console()
    console.print(events_table(found["events"], title="events"))
    for article in found["articles"]:
        console.print(f"[bold]{article['title']}[/bold] {article['published'] or ''} "
                      f"{article['outlet'] or ''} [{article['id']}]\n  {article['snippet']}", highlight=False)


def _entity_id(store: Store, wanted: str) -> str:
    from sukien.store import read
    with store.engine.connect() as conn:
        ids = read.resolve_actor(conn, wanted)
    if not ids:
        raise StoreError(f"no entity {wanted!r}")
    if len(ids) > 1:
        ranked = store.list_entities(wanted, limit=len(ids) + 50)
        ids = [e["id"] for e in ranked if e["id"] in ids] or ids
        typer.echo(f"note: {wanted!r} is ambiguous ({', '.join(ids)}); showing {ids[0]}", err=True)
    return ids[0]


def timeline(entity: str = typer.Argument(..., help="Entity id or name."),
             since: str | None = typer.Option(None), until: str | None = typer.Option(None),
             limit: int = typer.Option(500, min=1), format: str = FormatOption,
             db: str | None = DbOption) -> None:
    """An entity's events in date order."""
    with _opened(db) as store:
        entity_id = _entity_id(store, entity)
        items = store.timeline(entity_id, since=_day(since, "--since"), until=_day(until, "--until"),
                               limit=limit)
    if format == "jsonl":
        _jsonl(items)
    else:
        Console().print(events_table(items, title=entity_id))


def pairs(root: str = typer.Option("04", help="CAMEO root: 04 = consult (meetings, visits, calls)."),
          since: str | None = typer.Option(None), until: str | None = typer.Option(None),
          limit: int = typer.Option(50, min=1), format: str = FormatOption,
          db: str | None = DbOption) -> None:
    """Who met whom, most often first."""
    with _opened(db) as store:
        found = store.pairs(root=root, since=_day(since, "--since"), until=_day(until, "--until"),
                            limit=limit)
    if format == "jsonl":
        _jsonl(found)
        return
    table = Table()
    for column in ("a", "b", "events", "first", "last"):
        table.add_column(column)
    for p in found:
        table.add_row(p["a"]["name_vi"] or p["a"]["name"], p["b"]["name_vi"] or p["b"]["name"],
                      str(p["events"]), p["first"] or "", p["last"] or "")
    Console().print(table)


def register(app: typer.Typer) -> None:
    """Add the storage commands to the ``sukien`` CLI."""
    for command in (ingest, events, show, entities, search, timeline, pairs):
        app.command(command.__name__)(command)
