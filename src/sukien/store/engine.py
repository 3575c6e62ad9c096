"""Engines for SQLite and PostgreSQL, set up the same way wherever a store is opened.

SQLite's Python driver commits implicitly around DDL and begins lazily; we take over
transaction control (``isolation_level=None`` plus an explicit ``BEGIN``) so that a
migration or an article is one real transaction. Writers begin ``IMMEDIATE`` so two
processes ingesting into one file wait for each other instead of failing on a lock
upgrade; readers begin deferred and, with WAL, never block the writer.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Date, Engine, Table, create_engine, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from sukien.errors import StoreError

BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every sukien database has had since its first migration: together they tell a
# sukien database from another program's (a "schema_migrations" or "events" alone may not).
SUKIEN_TABLES = frozenset({"schema_migrations", "articles", "entities", "events", "event_mentions"})


def default_url() -> str:
    """``$SUKIEN_DB``, else ``$XDG_DATA_HOME/sukien/sukien.db`` (~/.local/share/sukien/sukien.db)."""
    configured = os.environ.get("SUKIEN_DB")
    if configured:
        return configured
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "sukien" / "sukien.db")


def normalize_url(url: str) -> str:
    """A database URL, or a plain file path taken as a SQLite file."""
    if "://" in url:
        return url
    path = Path(url).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def require_database(url: str | None = None) -> str:
    """The URL of an existing sukien database at ``url`` (or the default); StoreError if none.

    Commands that only read call this before ``open_store``, which would create a missing
    file and its folder and migrate whatever it opens: a mistyped path must not become an
    empty database, and another program's SQLite file must not be altered by a command that
    meant to read it. Nothing is created or written here.
    """
    resolved = url or default_url()
    path = sqlite_path(resolved)
    if path is not None:
        check_sukien_file(path)
        return normalize_url(resolved)
    if "://" in resolved and make_url(resolved).get_backend_name() != "sqlite":
        _check_sukien_server(resolved)
    return resolved  # an in-memory SQLite database: there is nothing to check


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL or plain path; None for a server or an in-memory database."""
    if "://" not in url:
        return Path(url).expanduser()
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"invalid database URL {url!r}: {exc}") from None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def check_sukien_file(path: Path) -> None:
    """StoreError naming ``path`` unless it is a SQLite file holding sukien's tables."""
    if not path.exists():
        raise StoreError(f"no database at {path} (check the path; `sukien ingest` creates one)")
    if not path.is_file():
        raise StoreError(f"{path} is not a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a SQLite database")
    try:
        with read_only_sqlite(path) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read {path}: {exc}") from None
    if not SUKIEN_TABLES <= names:
        raise StoreError(f"{path} is not a sukien database (it lacks sukien's tables)")


@contextmanager
def read_only_sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain read-only connection: no engine set-up, which would switch the file to WAL."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        yield conn


def _check_sukien_server(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError(f"cannot open database {safe_url(url)}: {reason}") from None
    finally:
        engine.dispose()
    if not SUKIEN_TABLES <= names:
        raise StoreError(f"{safe_url(url)} is not a sukien database (it lacks sukien's tables)")


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"invalid database URL {url!r}: {exc}") from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database {backend!r} in {url!r} (use sqlite or postgresql)")
    try:
        if backend == "sqlite":
            return _sqlite_engine(parsed)
        return _postgresql_engine(parsed)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"cannot use database URL {url!r}: {exc}") from None


def _sqlite_engine(parsed) -> Engine:
    memory = parsed.database in (None, "", ":memory:")
    if memory:  # one shared connection, else every checkout sees a new empty database
        engine = create_engine(parsed, poolclass=StaticPool,
                               connect_args={"check_same_thread": False})
    else:
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not memory:
            # WAL + NORMAL: a committed article survives a killed process.
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


# Settings of each PostgreSQL connection (the server's own are the user's). sukien's statements are
# index reads and aggregates of at most some 100,000 rows, never long enough to pay back either of:
# - JIT compilation: at its default thresholds a sum over tens of thousands of summary rows is
#   compiled first, which costs more than the sum (15 ms of a 25 ms read at 1,000,000 events);
# - parallel workers: started for the same sums (the planner overestimates their rows), they took
#   14-17 ms where one process takes 4-6 (two cores, other work running).
PG_SETTINGS = {"jit": "off", "max_parallel_workers_per_gather": "0"}


def _postgresql_engine(parsed) -> Engine:
    engine = create_engine(parsed, pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        with dbapi_conn.cursor() as cursor:
            for name, value in PG_SETTINGS.items():
                cursor.execute(f"SET {name} = {value}")
        dbapi_conn.commit()  # a SET rolled back with its transaction would be undone

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that will write: committed on success, rolled back on any error."""
    with engine.connect() as conn:
        conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            yield conn


CHUNK = 500  # values per IN list


def chunks(values: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    """Distinct values, sorted, in lists short enough for one SQL ``IN``."""
    ordered = sorted(set(values))
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]


def insert_ignore(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING on either back end (safe under concurrent writers)."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


def insert_rows(conn: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """INSERT many rows (tuples in the order of ``columns``) in one executemany handed straight to
    the driver, without SQLAlchemy's work per row: for columns of text, integers, bytes and dates,
    stored as SQLAlchemy stores them (a date in SQLite as its ISO text)."""
    if not rows:
        return
    quote, mark, rows = _for_driver(conn, table, columns, rows)
    conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)})"
                         f" VALUES ({', '.join([mark] * len(columns))})", rows)


def upsert_rows(conn: Connection, table: Table, columns: tuple[str, ...], keys: tuple[str, ...],
                rows: list[tuple[Any, ...]], updates: dict[str, str]) -> None:
    """INSERT … ON CONFLICT (``keys``) DO UPDATE SET each of ``updates`` (column: SQL expression,
    in which ``{t}`` is the table's stored row and ``{x}`` the row offered), in one executemany
    handed straight to the driver as ``insert_rows`` does; the same on SQLite and PostgreSQL."""
    if not rows:
        return
    quote, mark, rows = _for_driver(conn, table, columns, rows)
    name = quote(table.name)
    sets = ", ".join(f"{quote(c)} = " + expression.format(t=name, x="excluded") for c, expression in updates.items())
    conn.exec_driver_sql(f"INSERT INTO {name} ({', '.join(quote(c) for c in columns)})"
                         f" VALUES ({', '.join([mark] * len(columns))})"
                         f" ON CONFLICT ({', '.join(quote(k) for k in keys)}) DO UPDATE SET {sets}", rows)


def _for_driver(conn: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]):
    """(the dialect's identifier quoting, its parameter mark, the rows as its driver takes them)."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    if conn.dialect.name == "sqlite":
        rows = _iso_dates(table, columns, rows)
    return conn.dialect.identifier_preparer.quote, mark, rows


def _iso_dates(table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows with their date columns as SQLite keeps them (SQLAlchemy's ISO text)."""
    dated = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, Date)]
    if not dated:
        return rows
    return [tuple(v.isoformat() if i in dated and v is not None else v for i, v in enumerate(row)) for row in rows]


def delete_rows(conn: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]],
                condition: str = "") -> None:
    """DELETE the rows whose ``columns`` equal each of ``rows`` (and that meet ``condition``, SQL),
    in one executemany handed straight to the driver."""
    if not rows:
        return
    quote, mark, rows = _for_driver(conn, table, columns, rows)
    where = " AND ".join([*(f"{quote(c)} = {mark}" for c in columns), *([condition] if condition else [])])
    conn.exec_driver_sql(f"DELETE FROM {quote(table.name)} WHERE {where}", rows)


def rows_of_keys(conn: Connection, table: Table, keys: tuple[str, ...], wanted: list[tuple[Any, ...]],
                 columns: tuple[str, ...], size: int = 200) -> Iterator[tuple[Any, ...]]:
    """The stored rows (``keys`` then ``columns``, as the driver returns them) of the key values
    ``wanted``: each chunk one statement joining a list of VALUES to the table's key, looked up
    key by key on its index (a row-value IN list is a scan of the table on SQLite 3.40)."""
    quote, mark, wanted = _for_driver(conn, table, keys, wanted)
    names = [f"k{i}" for i in range(len(keys))]
    for start in range(0, len(wanted), size):
        part = wanted[start:start + size]
        values = ", ".join(["(" + ", ".join([mark] * len(keys)) + ")"] * len(part))
        on = " AND ".join(f"t.{quote(k)} = k.{n}" for k, n in zip(keys, names, strict=True))
        sql = (f"WITH k ({', '.join(names)}) AS (VALUES {values}) SELECT "
               + ", ".join(f"t.{quote(c)}" for c in (*keys, *columns))
               + f" FROM k JOIN {quote(table.name)} t ON {on}")
        yield from conn.exec_driver_sql(sql, tuple(v for key in part for v in key)).all()
