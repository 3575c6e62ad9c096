"""CLI commands that read the store: events, show, entities, search, timeline, pairs.

Each is a thin shell over ``sukien.store``'s read functions. They open only a database
that exists and is sukien's (``require_database``): a mistyped ``--db`` is an error
naming the path, never a fresh empty database with an empty answer. Options are checked
before the database is read (``sukien.cli.filters``); an empty answer says so.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from sukien.cli.common import fail
from sukien.cli.filters import USAGE, FilterOptions, date_range, event_filter
from sukien.cli.views import console, events_table, modality, names, nothing, when, write_csv
from sukien.errors import StoreError
from sukien.model import ENTITY_TYPES
from sukien.store import Store, open_store, read
from sukien.store.actors import match_actor, most_mentioned
from sukien.store.engine import require_database

DB_HELP = "Database URL or SQLite file path (default: $SUKIEN_DB or ~/.local/share/sukien/sukien.db)."
DbOption = typer.Option(None, "--db", help=DB_HELP)
STORE_ERROR = 2  # a database that cannot be opened or read


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"


class EventsFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class Sort(str, Enum):
    date = "date"
    date_asc = "date_asc"
    mentions = "mentions"


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


FormatOption = typer.Option(Format.table, "--format", help="table or jsonl")


@contextmanager
def reading(db: str | None) -> Iterator[Store]:
    """The existing sukien database at ``db``; a store error ends the command with one line."""
    try:
        store = open_store(require_database(db))
    except StoreError as exc:
        fail(str(exc), STORE_ERROR)
    try:
        yield store
    except StoreError as exc:
        fail(str(exc), STORE_ERROR)
    finally:
        store.close()


def _jsonl(items: list[dict[str, Any]]) -> None:
    for item in items:
        typer.echo(json.dumps(item, ensure_ascii=False))


def events(actor: str | None = typer.Option(
               None, help="Entity id, or a name or alias (any diacritics, part of it will do), "
                          "or a country's name or code (its people too)."),
           country: str | None = typer.Option(None, help="Country of any actor: ISO alpha-3 or name (LAO, Lào)."),
           type: str | None = typer.Option(None, "--type", help="CAMEO code or root (04), or PLOVER type."),
           since: str | None = typer.Option(None, help="From this date (YYYY-MM-DD)."),
           until: str | None = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
           place: str | None = typer.Option(None, help="Place name, or ISO alpha-3 of its country."),
           text: str | None = typer.Option(None, help="Words in the event's text."),
           min_confidence: float | None = typer.Option(
               None, "--min-confidence", help="Events some report of which is at least this sure (0–1)."),
           sort: Sort = typer.Option(Sort.date, help="date (newest first), date_asc or mentions."),
           limit: int = typer.Option(50, min=1, max=read.MAX_LIMIT),
           cursor: str | None = typer.Option(None, help="Where the previous page ended (its `more:` line)."),
           format: EventsFormat = typer.Option(EventsFormat.table, "--format", help="table, jsonl or csv"),
           db: str | None = DbOption) -> None:
    """List fused events, newest first, with their modality (negated, planned, …)."""
    filters = event_filter(FilterOptions(actor, country, type, since, until, place, text, min_confidence),
                           limit=limit, cursor=cursor)
    with reading(db) as store:
        page = store.list_events(filters, sort.value)
        reported = read.reporters(store, [e["id"] for e in page.items])
    if not page.items:
        nothing("events")
    elif format is EventsFormat.jsonl:
        _jsonl(page.items)
    elif format is EventsFormat.csv:
        write_csv(page.items, reported)
    else:
        console().print(events_table(page.items, reporters=reported))
    if page.next_cursor:
        typer.echo(f"more: --cursor {page.next_cursor}", err=True)


def show(event_id: str = typer.Argument(...),
         format: ShowFormat = typer.Option(ShowFormat.text, help="text or json"),
         db: str | None = DbOption) -> None:
    """One event with its modality, actors, evidence sentences and every article reporting it."""
    with reading(db) as store:
        event = store.get_event(event_id)
        reported = read.reporters(store, [event_id]) if event else {}
    if event is None:
        fail(f"no event {event_id!r}")
    if format is ShowFormat.json:
        typer.echo(json.dumps(event, ensure_ascii=False, indent=2))
        return
    _print_event(event, reported.get(event_id, []))


_DATE_BASIS = {"stated": "stated in the sentence", "inferred": "taken from the article's context",
               "relative": "counted from the publication day", "historical": "stated, long past"}


def _date_basis(item: dict[str, Any]) -> str:
    """Where a report's date comes from: the words that give it and how they were read; a date taken
    from the article's context with no words is its publication day."""
    relation = item.get("date_relation")
    if relation is None:
        return ""
    words = f'"{item["date_text"]}"' if item.get("date_text") else "the publication day"
    return f"{words}, {_DATE_BASIS.get(relation, relation)}"


def _print_event(event: dict[str, Any], reporters: list[str]) -> None:
    out = console()
    out.print(f"[bold]{escape(event['label_vi'] or '')} / {escape(event['label_en'] or '')}[/bold] "
              f"({event['cameo']}, {event.get('plover') or '-'})  {when(event)}  "
              f"{escape(event.get('place_name_vi') or event.get('place_name') or '')}", highlight=False)
    if event.get("summary"):
        out.print(f"  {event['summary']}", highlight=False, markup=False)
    out.print(f"  modality: {modality(event, reporters) or 'asserted'}", highlight=False)
    for side in ("source", "target"):
        for actor in event[side]:
            titles = "; ".join(r["title_vi"] or r["title_en"] or "" for r in actor["roles"])
            out.print(f"  {side}: {actor.get('name_vi') or actor['name']} [{actor['id']}] {titles}",
                      highlight=False, markup=False)
    out.print(f"[bold]evidence[/bold] ({event['num_mentions']} mentions)")
    for item in event["evidence"]:
        said = f" (reported by {item['reported_by']})" if item.get("reported_by") else ""
        for span in item["evidence"] or []:
            out.print(f"  {item['article_id']} [{span['start']}:{span['end']}] {span['text']}{said}",
                      highlight=False, markup=False)
        dated = _date_basis(item)
        if dated:
            out.print(f"    date: {dated}", highlight=False, markup=False)
    out.print(f"[bold]articles[/bold] ({event['num_articles']}, {event['num_sources']} sources)")
    for article in event["articles"]:
        out.print(f"  {article['published'] or '?'} {article['outlet'] or ''} {article['title']} "
                  f"{article['url'] or article['id']}", highlight=False, markup=False)
        for copy in article["copies"]:
            out.print(f"    copy: {copy['outlet'] or ''} {copy['url'] or copy['id']}", highlight=False,
                      markup=False)
    for related in event["related"]:
        out.print(f"related ({related['relation']}): {related['id']} {related['label_vi']}",
                  highlight=False, markup=False)


def entities(query: str | None = typer.Argument(None),
             type: str | None = typer.Option(None, "--type", help=f"One of {', '.join(ENTITY_TYPES)}."),
             limit: int = typer.Option(50, min=1, max=read.MAX_LIMIT), format: Format = FormatOption,
             entity_id: str | None = typer.Option(
                 None, "--id", help="Show this entity and the offices the articles give it (observed roles)."),
             evidence: bool = typer.Option(False, "--evidence", help="With --id: each article's words for each office."),
             conflicts: bool = typer.Option(
                 False, "--conflicts", help="Observed office-holders that the knowledge base contradicts."),
             db: str | None = DbOption) -> None:
    """Entities whose name or alias starts with QUERY (diacritics ignored); one entity's offices
    (--id); observed office-holders the knowledge base contradicts (--conflicts)."""
    if type is not None and type.upper() not in ENTITY_TYPES:
        fail(f"--type: {type!r} is no entity type ({', '.join(ENTITY_TYPES)})", USAGE)
    if evidence and entity_id is None:
        fail("--evidence goes with --id ENTITY_ID", USAGE)
    if entity_id is not None or conflicts:
        _offices(db, entity_id, format is Format.jsonl, evidence)
        return
    with reading(db) as store:
        found = store.list_entities(query, type, limit)
    if not found:
        nothing("entities")
    elif format is Format.jsonl:
        _jsonl(found)
    else:
        table = Table()
        for column in ("id", "type", "name", "country", "mentions"):
            table.add_column(column, no_wrap=column == "id")
        for e in found:
            name = e["name_vi"] if e["name_vi"] and e["name_vi"] != e["name"] else ""
            table.add_row(e["id"], e["type"], f"{e['name']} {('/ ' + name) if name else ''}",
                          e["country"] or "", str(e["num_mentions"]))
        console().print(table)


def _offices(db: str | None, entity_id: str | None, jsonl: bool, evidence: bool) -> None:
    from sukien.cli.roles import show_conflicts, show_offices
    with reading(db) as store:
        if entity_id is not None:
            show_offices(store, entity_id, jsonl, evidence)
        elif not show_conflicts(store, jsonl):
            nothing("office conflicts")


def search(query: str = typer.Argument(...), limit: int = typer.Option(20, min=1, max=read.MAX_LIMIT),
           format: Format = FormatOption, db: str | None = DbOption) -> None:
    """Search articles and events (case, diacritics and Đ/đ ignored)."""
    with reading(db) as store:
        found = store.search(query, limit)
        reported = read.reporters(store, [e["id"] for e in found["events"]])
    if not found["events"] and not found["articles"]:
        nothing("articles or events")
    elif format is Format.jsonl:
        _jsonl([{"kind": "article", **a} for a in found["articles"]] +
               [{"kind": "event", **e} for e in found["events"]])
    else:
        out = console()
        if found["events"]:
            out.print(events_table(found["events"], title="events", reporters=reported))
        for article in found["articles"]:
            out.print(f"[bold]{escape(article['title'])}[/bold] {article['published'] or ''} "
                      f"{escape(article['outlet'] or '')} \\[{escape(article['id'])}]\n"
                      f"  {escape(article['snippet'])}", highlight=False)


def _entity(store: Store, wanted: str) -> dict[str, Any]:
    """The entity ``wanted`` names, as ``--actor`` finds it; the most mentioned one if several."""
    with store.engine.connect() as conn:
        ids = most_mentioned(conn, match_actor(conn, wanted).ids)
    if not ids:
        raise StoreError(f"no entity {wanted!r} (`sukien entities {wanted}` lists names that start so)")
    if len(ids) > 1:
        shown = ", ".join(ids[:10]) + (", …" if len(ids) > 10 else "")
        typer.echo(f"note: {wanted!r} is ambiguous ({shown}); showing {ids[0]}", err=True)
    return store.get_entity(ids[0]) or {"id": ids[0], "name": ids[0]}


def timeline(entity: str = typer.Argument(..., help="Entity id or name."),
             since: str | None = typer.Option(None), until: str | None = typer.Option(None),
             limit: int = typer.Option(500, min=1), format: Format = FormatOption,
             db: str | None = DbOption) -> None:
    """An entity's events in date order."""
    first, last = date_range(since, until)
    with reading(db) as store:
        found = _entity(store, entity)
        items = store.timeline(found["id"], since=first, until=last, limit=limit)
        reported = read.reporters(store, [e["id"] for e in items])
    if not items:
        nothing("events")
    elif format is Format.jsonl:
        _jsonl(items)
    else:
        name = found.get("name_vi") or found.get("name") or found["id"]
        console().print(events_table(items, title=f"{name}: {len(items)} events", reporters=reported))


def pairs(root: str = typer.Option("04", help="CAMEO root: 04 = consult (meetings, visits, calls)."),
          since: str | None = typer.Option(None), until: str | None = typer.Option(None),
          limit: int = typer.Option(50, min=1, max=read.MAX_LIMIT), format: Format = FormatOption,
          db: str | None = DbOption) -> None:
    """Who met whom, most often first."""
    if not (len(root) == 2 and root.isdigit() and 1 <= int(root) <= 20):
        fail(f"--root: {root!r} is no CAMEO root (01 to 20)", USAGE)
    first, last = date_range(since, until)
    with reading(db) as store:
        found = store.pairs(root=root, since=first, until=last, limit=limit)
    if not found:
        nothing("pairs")
    elif format is Format.jsonl:
        _jsonl(found)
    else:
        table = Table()
        for column in ("a", "b", "events", "first", "last"):
            table.add_column(column)
        for p in found:
            table.add_row(names([p["a"]]), names([p["b"]]), str(p["events"]), p["first"] or "", p["last"] or "")
        console().print(table)


def register(app: typer.Typer) -> None:
    """Add the reading commands to the ``sukien`` CLI."""
    for command in (events, show, entities, search, timeline, pairs):
        app.command(command.__name__)(command)
