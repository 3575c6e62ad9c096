"""What ``sukien watch`` remembers between polls and across restarts (migration 5).

``watch_sources`` holds one row per watched source: the validators of its last good
fetch (so an unchanged feed costs a ``304``), and its run of failures, which sets the
back-off. ``watch_seen`` records what of a source is done: an article (``kind``
"article", keyed by its id) once it is stored and its alerts written, a file of a
folder (``kind`` "file", keyed by its path) once every article in it is. A watcher
killed at any moment finds on restart only work it has not finished.

The tables live beside the core schema, in their own ``MetaData``: they describe the
watcher, not the news, and ``Store.counts`` and the exports leave them out.
"""
from __future__ import annotations

from sqlalchemy import Column, Connection, DateTime, Integer, MetaData, String, Table, Text

watch_metadata = MetaData()

watch_sources = Table(
    "watch_sources", watch_metadata,
    Column("source", Text, primary_key=True),  # a feed URL, or a folder's absolute path
    Column("kind", String(10), nullable=False),  # feed | files
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_ok", DateTime(timezone=True)),
    Column("failures", Integer, nullable=False, default=0),  # in a row, since the last good poll
    Column("last_error", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

watch_seen = Table(
    "watch_seen", watch_metadata,
    Column("source", Text, primary_key=True),
    Column("kind", String(10), primary_key=True),  # article | file
    Column("item", Text, primary_key=True),  # an article id, or a file's path in its folder
    Column("fingerprint", String(64), nullable=False),  # body hash, or "size:mtime_ns" of a file
    Column("article_id", String(200)),  # the stored article (its id, or the stored one of its URL)
    Column("seen_at", DateTime(timezone=True), nullable=False),
)


def create_watch_tables(conn: Connection) -> None:
    """Migration 5: the watcher's two tables (left as they are where they exist)."""
    watch_metadata.create_all(conn, checkfirst=True)
