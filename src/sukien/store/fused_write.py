"""Writing what a batch's ``FusionPlan`` decided: a few bulk statements per table.

New events are inserted and stored ones updated with their refreshed columns; an event
left without mentions (its articles withdrew them) is deleted. Actors and actor pairs are
rewritten only for events whose line-up or date changed, and ``pair_counts`` is moved by
the net change of each pair, so it stays equal to ``COUNT(*)`` of ``event_pairs``. The
timeline and network summaries (``store/summary.py``) move by the touched events' shares
before and after the write.
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from sukien import fuse
from sukien.normalize.fold import fold
from sukien.store import summary as summaries
from sukien.store.engine import chunks, insert_ignore, insert_rows
from sukien.store.entities import EntityBook
from sukien.store.fused import COUNTED
from sukien.store.schema import (
    event_actors,
    event_links,
    event_mentions,
    event_pairs,
    events,
    pair_counts,
    search_docs,
)

if TYPE_CHECKING:
    from sukien.store.fused import _Event

_ACTOR_COLUMNS = ("event_id", "entity_id", "side", "country", "sort_date")
_PAIR_COLUMNS = ("event_id", "entity_a", "entity_b", "root", "sort_date")
_UPDATED = ("cameo", "root", "family", "plover", "mode", "goldstein", "quad_class", "label_vi", "label_en",
            "date_start", "date_end", "date_granularity", "sort_date", "place_name", "place_name_vi",
            "place_key", "place_country", "modality", "negated", "occasion", "topics", "summary",
            "evidence_text", "num_mentions", "num_articles", "num_sources", "first_seen", "last_seen",
            "updated_at")


def write_events(conn: Connection, book: EntityBook, touched: list[_Event],
                 mention_rows: list[dict[str, Any]], links: list[tuple[str, str]],
                 withdrawn: Collection[str] = ()) -> None:
    gone = [e.row["id"] for e in touched if e.deleted and not e.new]
    live = [e for e in touched if not e.deleted]
    lined_up = _lined_up(conn, live)
    # The summary tables move by the shares of the events they may count otherwise now.
    moved = [e.row["id"] for e in touched if not _counted_alike(e, lined_up, withdrawn)]
    fresh = {e.row["id"] for e in touched if e.new}
    before = summaries.shares(conn, [i for i in moved if i not in fresh])
    for event_id in gone:
        delete_event(conn, event_id)
    new = [e.row for e in live if e.new]
    if new:
        conn.execute(events.insert(), new)
    stored = [{"ref": e.row["id"], **{f"v_{c}": e.row[c] for c in _UPDATED}} for e in live if not e.new]
    if stored:
        conn.execute(update(events).where(events.c.id == bindparam("ref")).values(
            {c: bindparam(f"v_{c}") for c in _UPDATED}), stored)
    if mention_rows:
        conn.execute(event_mentions.insert(), mention_rows)
    dropped = set(gone)
    insert_ignore(conn, event_links, [{"event_id": a, "related_id": b, "relation": "mirror"}
                                      for a, b in links if a not in dropped and b not in dropped])
    book.load(e for ev in live for side in ("source", "target") for e in ev.summary[side])
    _write_actors(conn, book, [e for e in live if e.row["id"] not in lined_up])
    _write_search_docs(conn, book, live)
    summaries.apply(conn, before, summaries.shares(conn, [i for i in moved if i not in dropped]))


def _counted_alike(event: _Event, lined_up: set[str], withdrawn: Collection[str]) -> bool:
    """Whether the summary tables count a stored event after the batch exactly as before it, so
    that its shares need not be read: the columns they count it by unchanged, its actors and
    actor pairs not rewritten, no report withdrawn, and no new report surer than the most
    confident stored one (which ``events.confidence`` holds: ``summary.apply`` records it)."""
    row = event.row
    if event.new or event.deleted or event.counted is None or row["id"] in withdrawn or row["id"] not in lined_up:
        return False
    *columns, counted = event.counted
    if any(row[c] != value for c, value in zip(COUNTED, columns)):
        return False
    for mention in event.added:
        confidence = mention.event.get("confidence")
        if confidence is not None and (counted is None or confidence > counted):
            return False
    return True


def delete_event(conn: Connection, event_id: str) -> None:
    conn.execute(delete(event_links).where(or_(event_links.c.event_id == event_id,
                                               event_links.c.related_id == event_id)))
    conn.execute(delete(event_actors).where(event_actors.c.event_id == event_id))
    old = conn.execute(select(event_pairs.c.root, event_pairs.c.entity_a, event_pairs.c.entity_b)
                       .where(event_pairs.c.event_id == event_id)).all()
    conn.execute(delete(event_pairs).where(event_pairs.c.event_id == event_id))
    _count_pairs(conn, Counter({tuple(r): -1 for r in old}))
    conn.execute(delete(search_docs).where(search_docs.c.kind == "event", search_docs.c.ref == event_id))
    conn.execute(delete(events).where(events.c.id == event_id))


def _sides(summary: dict[str, Any]) -> set[tuple[str, str]]:
    return {(e, "source") for e in summary["source"]} | {(e, "target") for e in summary["target"]}


def _lined_up(conn: Connection, live: list[_Event]) -> set[str]:
    """The stored events whose actor rows (entity, side, day) stay as they are."""
    current: dict[str, set[tuple[Any, ...]]] = {}
    for part in chunks(e.row["id"] for e in live if not e.new):
        for row in conn.execute(select(event_actors.c.event_id, event_actors.c.entity_id, event_actors.c.side,
                                       event_actors.c.sort_date).where(event_actors.c.event_id.in_(part))):
            current.setdefault(row.event_id, set()).add((row.entity_id, row.side, row.sort_date))
    return {e.row["id"] for e in live if not e.new and current.get(e.row["id"], set()) == {
        (a, side, e.summary["sort_date"]) for a, side in _sides(e.summary)}}


def _write_actors(conn: Connection, book: EntityBook, changed: list[_Event]) -> None:
    """Actor and actor-pair rows of the events whose line-up or date changed (new ones too)."""
    redo = [e.row["id"] for e in changed if not e.new]
    delta: Counter[tuple[str, str, str]] = Counter()
    for part in chunks(redo):
        for row in conn.execute(select(event_pairs.c.root, event_pairs.c.entity_a, event_pairs.c.entity_b)
                                .where(event_pairs.c.event_id.in_(part))):
            delta[tuple(row)] -= 1  # type: ignore[index]
    if redo:
        refs = [{"ref": i} for i in redo]
        conn.execute(delete(event_actors).where(event_actors.c.event_id == bindparam("ref")), refs)
        conn.execute(delete(event_pairs).where(event_pairs.c.event_id == bindparam("ref")), refs)
    actor_rows, pair_rows = [], []
    for e in changed:
        summary, event_id = e.summary, e.row["id"]
        actor_rows += [(event_id, a, side, (book.rows.get(a) or {}).get("country"), summary["sort_date"])
                       for a, side in sorted(_sides(summary))]
        for a, b in actor_pairs(summary):
            pair_rows.append((event_id, a, b, summary["root"], summary["sort_date"]))
            delta[(summary["root"], a, b)] += 1
    insert_rows(conn, event_actors, _ACTOR_COLUMNS, actor_rows)
    insert_rows(conn, event_pairs, _PAIR_COLUMNS, pair_rows)
    _count_pairs(conn, delta)


def _count_pairs(conn: Connection, delta: Counter[tuple[str, str, str]]) -> None:
    """Move pair_counts by the net change of each (root, a, b); drop the rows that reach 0."""
    moved = [{"root": r, "entity_a": a, "entity_b": b, "n": n} for (r, a, b), n in sorted(delta.items()) if n]
    if not moved:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(pair_counts)
    conn.execute(statement.on_conflict_do_update(
        index_elements=["root", "entity_a", "entity_b"], set_={"n": pair_counts.c.n + statement.excluded.n}),
        moved)
    fallen = [{"r": m["root"], "a": m["entity_a"], "b": m["entity_b"]} for m in moved if m["n"] < 0]
    if fallen:
        conn.execute(delete(pair_counts).where(
            pair_counts.c.root == bindparam("r"), pair_counts.c.entity_a == bindparam("a"),
            pair_counts.c.entity_b == bindparam("b"), pair_counts.c.n <= 0), fallen)


def actor_pairs(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """Who was with whom: every pair for symmetric codes, source × target otherwise."""
    if fuse.is_symmetric(summary["cameo"]):
        return list(combinations(sorted({*summary["source"], *summary["target"]}), 2))
    found = {tuple(sorted((s, t))) for s in summary["source"] for t in summary["target"] if s != t}
    return sorted(found)  # type: ignore[arg-type]


def _write_search_docs(conn: Connection, book: EntityBook, live: list[_Event]) -> None:
    for part in chunks(e.row["id"] for e in live if not e.new):
        conn.execute(delete(search_docs).where(search_docs.c.kind == "event", search_docs.c.ref.in_(part)))
    rows = []
    for e in live:
        summary = e.summary
        names = [n for i in sorted({*summary["source"], *summary["target"]}) if i in book.rows
                 for n in (book.rows[i]["name"], book.rows[i]["name_vi"])]
        parts = [summary["label_vi"], summary["label_en"], summary["place_name"], summary["place_name_vi"],
                 summary["occasion"], summary["evidence_text"], summary["summary"], *names]
        rows.append(("event", e.row["id"], fold(" ".join(p for p in parts if p))))
    insert_rows(conn, search_docs, ("kind", "ref", "body"), rows)
