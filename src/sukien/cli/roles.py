"""``sukien entities --id ID`` and ``sukien entities --conflicts``: who the articles say holds what.

``--id`` shows one entity and every office the articles give it: first and last day stated,
articles, and of these the observations the linker consults when it meets the title alone later
(``store.observed``: the article names the person, the office has a country, it is no former
one), with ``--evidence`` the words of each article. ``--conflicts`` lists the observed holders of
offices that the knowledge base gives another person over the same days, and whose answer the
linker takes.
"""
from __future__ import annotations

import json
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from sukien.cli.views import console
from sukien.errors import StoreError
from sukien.link.observed import GRACE, MIN_ARTICLES
from sukien.store import Store


def _line(item: dict[str, Any]) -> None:
    typer.echo(json.dumps(item, ensure_ascii=False))


def show_offices(store: Store, entity_id: str, jsonl: bool, evidence: bool) -> None:
    entity = store.get_entity(entity_id)
    if entity is None:
        raise StoreError(f"no entity {entity_id!r} (`sukien entities NAME` lists ids)")
    offices = store.role_observations(entity_id)
    if not evidence:
        for office in offices:
            office.pop("evidence")
    if jsonl:
        _line({key: entity[key] for key in ("id", "type", "name", "name_vi", "country", "num_mentions")}
              | {"offices": offices})
        return
    out = console()
    name = entity["name_vi"] or entity["name"]
    out.print(f"[bold]{escape(name)}[/bold] {escape(entity['id'])} {entity['type']} {entity['country'] or ''}"
              f" — {entity['num_mentions']} mentions", highlight=False)
    if not offices:
        out.print("no office stated in the stored articles")
        return
    out.print(_offices_table(offices))
    out.print(f"observed: articles that name the person with the office and its country, not as a former"
              f" holder; the linker consults an office observed in at least {MIN_ARTICLES} articles, for"
              f" a title alone up to {GRACE.days} days after it was last observed", highlight=False)
    for office in offices if evidence else ():
        out.print(f"[bold]{escape(office['title_vi'] or office['title_en'])}[/bold]", highlight=False)
        for item in office["evidence"]:
            mark = "observed" if item["observation"] else "stated  "
            out.print(f"  {item['published'] or '?':10} {mark} {escape(item['article_id'])}"
                      f" [{item['start']}:{item['end']}] …{escape(' '.join(item['context'].split()))}…",
                      highlight=False)


def _offices_table(offices: list[dict[str, Any]]) -> Table:
    table = Table(title="offices")
    for column in ("office", "country", "first seen", "last seen", "articles", "observed in",
                   "first observed", "last observed", "linker"):
        table.add_column(column)
    for o in offices:
        table.add_row(f"{o['title_vi'] or ''} / {o['title_en']}", o["country"] or "", o["first_seen"] or "",
                      o["last_seen"] or "", str(o["articles"]), str(o["observed"]), o["first_observed"] or "",
                      o["last_observed"] or "", "consulted" if o["consulted"] else "")
    return table


def show_conflicts(store: Store, jsonl: bool) -> bool:
    """Print the conflicts; False when there is none."""
    found = [conflict.as_dict() for conflict in store.role_conflicts()]
    if not found:
        return False
    if jsonl:
        for item in found:
            _line(item)
        return True
    table = Table(title="observed office-holders the knowledge base contradicts")
    for column in ("office", "country", "observed", "seen", "art.", "knowledge base", "term", "linker"):
        table.add_column(column)
    for c in found:
        table.add_row(f"{c['title_vi'] or ''} / {c['office']}", c["country"],
                      f"{c['observed_name']} ({c['observed_id']})", f"{c['first_seen']}…{c['last_seen']}",
                      str(c["articles"]), f"{c['kb_name']} ({c['kb_id']})",
                      f"{c['kb_start'] or '?'}…{c['kb_end'] or ''}", c["linker"])
    console().print(table)
    return True
