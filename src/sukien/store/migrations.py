"""Named, versioned schema migrations, applied on open and recorded in ``schema_migrations``.

Each migration runs in its own transaction together with the row that records it,
so a crash leaves the database either before or after a migration, never halfway
(SQLite DDL is transactional once the driver's implicit-commit behaviour is turned
off, which ``open_store`` does). On PostgreSQL an advisory lock serialises two
processes opening a fresh database at the same time.

Rule for later versions: migration 1 creates the tables as ``schema.py`` declares
them; a change to ``schema.py`` after release needs a new migration that alters
existing databases (ALTER TABLE / CREATE INDEX), appended to ``MIGRATIONS``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, bindparam, inspect, select, text

from sukien.store import schema
from sukien.store.engine import insert_ignore, write_transaction
from sukien.store.watch_state import create_watch_tables

if TYPE_CHECKING:
    from sukien.fuse_reports import Reports

_PG_LOCK_ID = 0x73756B69  # "suki": any constant shared by every sukien process


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _create_tables(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[t for t in schema.metadata.sorted_tables
                                             if t.name != "schema_migrations"])


def _sqlite_fts(kind: str) -> tuple[str, ...]:
    # One FTS5 index per kind, so that a search for events never wades through article
    # matches. External content (a view of search_docs): the text is stored once.
    view, fts = f"search_docs_{kind}", f"search_fts_{kind}"
    return (
        f"CREATE VIEW {view} AS SELECT id, body FROM search_docs WHERE kind = '{kind}'",
        f"CREATE VIRTUAL TABLE {fts} USING fts5(body, content='{view}', content_rowid='id',"
        " tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON search_docs WHEN new.kind = '{kind}' BEGIN"
        f" INSERT INTO {fts}(rowid, body) VALUES (new.id, new.body); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON search_docs WHEN old.kind = '{kind}' BEGIN"
        f" INSERT INTO {fts}({fts}, rowid, body) VALUES ('delete', old.id, old.body); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON search_docs WHEN old.kind = '{kind}' BEGIN"
        f" INSERT INTO {fts}({fts}, rowid, body) VALUES ('delete', old.id, old.body);"
        f" INSERT INTO {fts}(rowid, body) VALUES (new.id, new.body); END",
    )


SEARCH_KINDS = ("article", "event")
_SQLITE_FTS = tuple(statement for kind in SEARCH_KINDS for statement in _sqlite_fts(kind))

# 'simple' needs no extension and no dictionary: the body is already folded by us, so
# diacritics-insensitivity (Đ/đ included) does not depend on unaccent being installed.
# One partial index per kind; queries name the kind literally so the planner can use it.
_PG_FTS = tuple(
    f"CREATE INDEX ix_search_docs_{kind} ON search_docs USING gin (to_tsvector('simple', body))"
    f" WHERE kind = '{kind}'" for kind in SEARCH_KINDS)


def _search_index(conn: Connection) -> None:
    statements = _SQLITE_FTS if conn.dialect.name == "sqlite" else _PG_FTS
    for statement in statements:
        conn.exec_driver_sql(statement)


def _country_key(conn: Connection) -> None:
    """``events.country_key`` and its fusion index, filled in for the events already stored.

    A database created by this version already has both (migration 1 creates the tables
    as declared); only the rows still lacking a key are filled, a batch at a time.
    """
    from sukien import fuse
    if "country_key" not in {c["name"] for c in inspect(conn).get_columns("events")}:
        conn.execute(text("ALTER TABLE events ADD COLUMN country_key TEXT"))
    if "ix_events_fusion_country" not in {i["name"] for i in inspect(conn).get_indexes("events")}:
        conn.execute(text("CREATE INDEX ix_events_fusion_country ON events (country_key, sort_date)"))
    events, entities = schema.events, schema.entities
    after = ""
    while batch := conn.execute(select(events.c.id, events.c.actor_key)
                                .where(events.c.id > after, events.c.country_key.is_(None))
                                .order_by(events.c.id).limit(2000)).all():
        ids = sorted({e for row in batch for side in fuse.key_sides(row.actor_key) for e in side})
        countries = dict(conn.execute(select(entities.c.id, entities.c.country).where(
            entities.c.id.in_(ids), entities.c.country.is_not(None))).all())
        conn.execute(events.update().where(events.c.id == bindparam("ref")).values(country_key=bindparam("key")),
                     [{"ref": row.id, "key": fuse.country_key(*fuse.key_sides(row.actor_key), countries)}
                      for row in batch])
        after = batch[-1].id


def _article_lsh(conn: Connection) -> None:
    """``article_lsh``, filled from the signatures already stored (a batch at a time)."""
    from sukien import dedup
    schema.article_lsh.create(conn, checkfirst=True)
    minhash = schema.article_minhash
    after = ""
    while batch := conn.execute(select(minhash.c.article_id, minhash.c.signature)
                                .where(minhash.c.article_id > after)
                                .order_by(minhash.c.article_id).limit(2000)).all():
        rows = [{"bucket": key, "article_id": row.article_id}
                for row in batch for key in dedup.band_keys(row.signature)]
        insert_ignore(conn, schema.article_lsh, rows)
        after = batch[-1].article_id


# Covering indexes for the read queries (EXPLAIN QUERY PLAN showed a table lookup per row):
# pairs over a date range count, and date, each pair from the index alone; an entity's
# counterparts are summed per other entity in index order, without a sort to group them.
_READ_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_event_pairs_span ON event_pairs (root, sort_date, entity_a, entity_b)",
    "CREATE INDEX IF NOT EXISTS ix_pair_counts_a_other ON pair_counts (entity_a, entity_b, n)",
    "CREATE INDEX IF NOT EXISTS ix_pair_counts_b_other ON pair_counts (entity_b, entity_a, n)",
)


def _read_indexes(conn: Connection) -> None:
    for statement in _READ_INDEXES:
        conn.exec_driver_sql(statement)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("ANALYZE event_pairs")
        conn.exec_driver_sql("ANALYZE pair_counts")


# SQLite: the events' search text once more, in a contentless FTS5 table whose rowid is the
# event's day and the document's id, (julian day << 32) + search_docs.id, so that the newest
# matches of a text filter come first from the index itself (``search.newest_matches``).
# Triggers keep it in step with search_docs (the text) and events (the day); a document and
# its event may be written in either order: whichever comes second indexes the pair.
DATED_FTS = "search_fts_event_dated"
DAY_SHIFT = 4294967296  # 2 ** 32: search_docs ids stay below it


def _dated_key(day: str, doc: str) -> str:
    return f"(CAST(julianday({day}) AS INTEGER) * {DAY_SHIFT} + {doc})"


def _dated_statements() -> tuple[str, ...]:
    fts, key = DATED_FTS, _dated_key
    add = f"INSERT INTO {fts}(rowid, body) SELECT"
    remove = f"INSERT INTO {fts}({fts}, rowid, body) SELECT 'delete',"
    of_doc = "FROM events AS e WHERE e.id = {doc}.ref AND {doc}.kind = 'event'"
    of_event = "FROM search_docs AS d WHERE d.kind = 'event' AND d.ref = {event}.id"
    return (
        f"CREATE VIRTUAL TABLE {fts} USING fts5(body, content='', tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_doc_ai AFTER INSERT ON search_docs WHEN new.kind = 'event' BEGIN"
        f" {add} {key('e.sort_date', 'new.id')}, new.body {of_doc.format(doc='new')}; END",
        f"CREATE TRIGGER {fts}_doc_ad AFTER DELETE ON search_docs WHEN old.kind = 'event' BEGIN"
        f" {remove} {key('e.sort_date', 'old.id')}, old.body {of_doc.format(doc='old')}; END",
        f"CREATE TRIGGER {fts}_doc_au AFTER UPDATE ON search_docs BEGIN"
        f" {remove} {key('e.sort_date', 'old.id')}, old.body {of_doc.format(doc='old')};"
        f" {add} {key('e.sort_date', 'new.id')}, new.body {of_doc.format(doc='new')}; END",
        f"CREATE TRIGGER {fts}_ev_ai AFTER INSERT ON events BEGIN"
        f" {add} {key('new.sort_date', 'd.id')}, d.body {of_event.format(event='new')}; END",
        f"CREATE TRIGGER {fts}_ev_ad AFTER DELETE ON events BEGIN"
        f" {remove} {key('old.sort_date', 'd.id')}, d.body {of_event.format(event='old')}; END",
        f"CREATE TRIGGER {fts}_ev_au AFTER UPDATE OF id, sort_date ON events"
        " WHEN old.id IS NOT new.id OR old.sort_date IS NOT new.sort_date BEGIN"
        f" {remove} {key('old.sort_date', 'd.id')}, d.body {of_event.format(event='old')};"
        f" {add} {key('new.sort_date', 'd.id')}, d.body {of_event.format(event='new')}; END",
        f"{add} {key('e.sort_date', 'd.id')}, d.body FROM search_docs AS d JOIN events AS e ON e.id = d.ref"
        " WHERE d.kind = 'event'",
    )


def _dated_search(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL plans a text filter over its GIN index as it is
    for statement in _dated_statements():
        conn.exec_driver_sql(statement)


# The terms of the dated index, so that a query's last word, a prefix, can be written as the
# few words it stands for: FTS5 reads exact words lazily, newest first, but gathers every
# posting of a prefix before the first match (``search.newest_matches``).
DATED_VOCAB = "search_vocab_event_dated"


def _dated_vocabulary(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"CREATE VIRTUAL TABLE {DATED_VOCAB} USING fts5vocab({DATED_FTS}, 'row')")


def _evidence_text(conn: Connection) -> None:
    """``events.evidence_text``: the Vietnamese evidence sentence ``summary`` held until now, moved
    there; ``summary`` becomes the English sentence of the event's representative report (the one
    ``fuse_reports.summarize`` chooses) where its stored contract event has one, else stays as it
    was. The English words join the event's search text, a batch of events at a time.

    A database created by this version already has the column (migration 1), and every row in
    it was written with both fields: nothing to do.
    """
    from sukien.normalize.fold import fold
    from sukien.store.fused import stored_reports
    if "evidence_text" in {c["name"] for c in inspect(conn).get_columns("events")}:
        return
    conn.execute(text("ALTER TABLE events ADD COLUMN evidence_text TEXT"))
    events, docs = schema.events, schema.search_docs
    conn.execute(events.update().values(evidence_text=events.c.summary))
    after = ""
    while batch := conn.execute(select(events.c.id, events.c.summary).where(events.c.id > after)
                                .order_by(events.c.id).limit(2000)).all():
        reports = stored_reports(conn, [row.id for row in batch])
        english = {row.id: said for row in batch if (said := _english(reports[row.id])) not in (None, row.summary)}
        if english:
            conn.execute(events.update().where(events.c.id == bindparam("event")).values(summary=bindparam("said")),
                         [{"event": ref, "said": said} for ref, said in english.items()])
            conn.execute(docs.update().where(docs.c.kind == "event", docs.c.ref == bindparam("event"))
                         .values(body=docs.c.body + bindparam("words")),
                         [{"event": ref, "words": " " + fold(said)} for ref, said in english.items()])
        after = batch[-1].id


def _english(reports: Reports) -> str | None:
    """The English sentence of the representative report, if its contract event has one."""
    said = reports.rep.event.get("summary") if reports.rep is not None else None
    return said if isinstance(said, str) and said.strip() else None


def _mentions_by_article_entity(conn: Connection) -> None:
    """Whether an article names a person is one index lookup (``store.observed``: an office counts
    as observed only in an article that names its holder); by entity alone it read every mention of
    the person for each article, thousands for a head of state."""
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_mentions_article_entity ON mentions (article_id, entity_id)")


def _summary_tables(conn: Connection) -> None:
    """The timeline and network summaries (``store/summary.py``), counted from the stored events.

    A database created by this version already has the tables (migration 1), empty.
    """
    from sukien.store import summary_rebuild
    for table in (schema.timeline_counts, schema.timeline_months, schema.actor_counts, schema.pair_scope_counts):
        table.create(conn, checkfirst=True)  # timeline_months: migration 13's, which rebuild fills too
    if "confidence" not in {c["name"] for c in inspect(conn).get_columns("events")}:
        return  # an older database: migration 12 adds the column the bands read, then counts all
    summary_rebuild.rebuild(conn)
    if conn.dialect.name == "sqlite":
        for table in ("timeline_counts", "actor_counts", "pair_scope_counts"):
            conn.exec_driver_sql(f"ANALYZE {table}")


def _summary_scopes(conn: Connection) -> None:
    """``events.confidence`` (the most confident report's, which the summary counts the event with);
    ``timeline_counts`` with a confidence band in its key, a code in every scope's rows and the
    places' scopes; the network's counts for each actor and place too (``store/summary.py``). All
    counted again from the stored events and reports.

    The timeline's key changes, which SQLite cannot alter: the table is made anew. The network's
    scope names grow longer (an entity id), which PostgreSQL checks.
    """
    from sukien.store import summary_rebuild
    if "confidence" not in {c["name"] for c in inspect(conn).get_columns("events")}:
        conn.execute(text("ALTER TABLE events ADD COLUMN confidence FLOAT"))
    if "band" not in {c["name"] for c in inspect(conn).get_columns("timeline_counts")}:
        schema.timeline_counts.drop(conn)
        schema.timeline_counts.create(conn)
    schema.timeline_months.create(conn, checkfirst=True)  # migration 13's, which rebuild fills too
    if conn.dialect.name == "postgresql":
        for table in ("actor_counts", "pair_scope_counts"):
            conn.execute(text(f"ALTER TABLE {table} ALTER COLUMN scope TYPE VARCHAR(220)"))
    summary_rebuild.rebuild(conn)
    for table in ("timeline_counts", "actor_counts", "pair_scope_counts"):  # the new sizes: both planners
        conn.exec_driver_sql(f"ANALYZE {table}")  # read whole scopes by the old statistics otherwise


def _summary_months(conn: Connection) -> None:
    """``timeline_months`` (events per month by hundredth of confidence), ``timeline_counts``' bands
    by hundredth (they were 0, 0.5, 0.6 … 0.9) and its rows of each actor at a place: the timeline
    counted again from the stored events."""
    from sukien.store import summary_rebuild
    schema.timeline_months.create(conn, checkfirst=True)
    summary_rebuild.rebuild_timeline(conn)
    for table in ("timeline_counts", "timeline_months"):
        conn.exec_driver_sql(f"ANALYZE {table}")


# PostgreSQL: the day of each event's search text on its search_docs row (``sort_date``; NULL for an
# article's text and for a text whose event is not stored), kept in step by triggers on both tables
# as SQLite's dated index (migration 7) is: a document and its event may be written in either order.
# The newest matches of words are found from the documents the GIN index gives, without reading
# their events (``search.newest_matching``). Not declared in schema.py: SQLite has no such column.
_PG_DATED = (
    "ALTER TABLE search_docs ADD COLUMN IF NOT EXISTS sort_date DATE",
    "UPDATE search_docs AS d SET sort_date = e.sort_date FROM events AS e WHERE d.kind = 'event' AND e.id = d.ref",
    # SET search_path FROM CURRENT: the tables of the schema the migration ran in, whoever writes;
    # enable_seqscan off: a plan cached while the tables were small would read them whole for
    # each row as they grow (the inserts of a first 40,000-event fill took three to five times as long)
    "CREATE OR REPLACE FUNCTION search_docs_day() RETURNS trigger LANGUAGE plpgsql"
    " SET search_path FROM CURRENT SET enable_seqscan = off"
    " AS $$ BEGIN"
    "  IF NEW.kind = 'event' THEN NEW.sort_date := (SELECT e.sort_date FROM events AS e WHERE e.id = NEW.ref);"
    "  ELSE NEW.sort_date := NULL; END IF;"
    "  RETURN NEW; END $$",
    "CREATE TRIGGER search_docs_day BEFORE INSERT OR UPDATE OF kind, ref ON search_docs"
    " FOR EACH ROW EXECUTE FUNCTION search_docs_day()",
    "CREATE OR REPLACE FUNCTION events_search_day() RETURNS trigger LANGUAGE plpgsql"
    " SET search_path FROM CURRENT SET enable_seqscan = off"
    " AS $$ BEGIN"
    "  IF TG_OP = 'DELETE' THEN"
    "    UPDATE search_docs SET sort_date = NULL WHERE kind = 'event' AND ref = OLD.id;"
    "    RETURN NULL;"
    "  END IF;"
    "  IF TG_OP = 'UPDATE' THEN"
    "    IF OLD.id <> NEW.id THEN"
    "      UPDATE search_docs SET sort_date = NULL WHERE kind = 'event' AND ref = OLD.id;"
    "    END IF;"
    "  END IF;"
    "  UPDATE search_docs SET sort_date = NEW.sort_date"
    "   WHERE kind = 'event' AND ref = NEW.id AND sort_date IS DISTINCT FROM NEW.sort_date;"
    "  RETURN NULL; END $$",
    "CREATE TRIGGER events_search_day AFTER INSERT OR DELETE OR UPDATE OF id, sort_date ON events"
    " FOR EACH ROW EXECUTE FUNCTION events_search_day()",
    "ANALYZE search_docs",
)


def _on_postgresql(conn: Connection, statements: tuple[str, ...]) -> None:
    """Run ``statements`` on PostgreSQL; SQLite orders the words' matches by day in its own index
    (migration 7), so these migrations have nothing to do there."""
    if conn.dialect.name == "postgresql":
        for statement in statements:
            conn.exec_driver_sql(statement)


def _pg_dated_search(conn: Connection) -> None:
    _on_postgresql(conn, _PG_DATED)


# (name, column) of the events' indexes by (column, sort_date) that migration 14 makes (…, id).
_NEWEST = (("cameo", "cameo"), ("root", "root"), ("plover", "plover"), ("place", "place_key"),
           ("place_country", "place_country"))


def _newest_indexes(conn: Connection) -> None:
    """The events of a code, root, PLOVER type, place or place's country by (day, id): newest first
    and with their ids from the index alone (``store/newest.py`` tests them against an actor's
    events); each replaces the (…, sort_date) index it extends. Both planners are given the new
    indexes' statistics: SQLite without them walked the events of a type to sort them."""
    for name, column in _NEWEST:
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_events_{name}_newest ON events ({column}, sort_date, id)")
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS ix_events_{name}")
    conn.exec_driver_sql("ANALYZE events")


# PostgreSQL: the counts of the summary tables that a timeline or a network sums over a whole scope
# (``store/summary_read.py``), carried by their key's index (INCLUDE). Their rows are written day
# by day across every scope, so one scope's rows lie scattered over the table: read through the
# key alone they cost a page each (at 1,000,000 events, the 40,000 rows of all the events, or of a
# leader's, read 16,000 pages of ``timeline_counts``: 100 ms to sum them), from the index alone a
# few hundred pages (5 ms). The key's index is replaced, not doubled: a change of a count updates
# its index entry, as it would have the second index's. SQLite's tables are ordered by their key.
_COVERED = (("timeline_counts", ("n",)), ("pair_scope_counts", ("n", "first", "last")))


def _pg_covering_keys(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        return
    quote = conn.dialect.identifier_preparer.quote
    for name, counts in _COVERED:
        keys = ", ".join(quote(c.name) for c in schema.metadata.tables[name].primary_key.columns)
        conn.exec_driver_sql(f"CREATE UNIQUE INDEX {name}_covering ON {name} ({keys})"
                             f" INCLUDE ({', '.join(quote(c) for c in counts)})")
        conn.exec_driver_sql(f"ALTER TABLE {name} DROP CONSTRAINT {name}_pkey")
        conn.exec_driver_sql(f"ALTER TABLE {name} ADD CONSTRAINT {name}_pkey PRIMARY KEY USING INDEX {name}_covering")


# PostgreSQL: the words of each event's search text by period of ``WORD_PERIOD_DAYS`` days (the day
# kept on the document, migration 15), each word written "<period>#<word>" in a second GIN index,
# so that the newest matches of common words are found a few periods at a time, newest first, with
# only those documents read (``search.newest_matching``): the GIN index of the words alone gives
# every match in no order (100,000 documents read for the newest 2,000, 120 ms). A document whose
# event is not stored yet has no day: its words are kept under "none", which no query asks for.
# Without GIN's pending list (fastupdate): every search reads the whole list against its query, and
# a rare word's query names a hundred periods: 100 ms with 40,000 documents pending, 4 without. A
# document's words cost 85 µs more to write (0.1 s more per 1,000 events written).
WORD_PERIOD_DAYS = 32
_PG_WORDS_BY_PERIOD = (
    "CREATE OR REPLACE FUNCTION search_words_by_period(body text, day date) RETURNS tsvector"
    " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT pg_catalog.array_to_tsvector(ARRAY("
    f"  SELECT coalesce(((day - DATE '0001-01-01') / {WORD_PERIOD_DAYS})::text, 'none') || '#' || word"
    "  FROM pg_catalog.unnest(pg_catalog.tsvector_to_array(pg_catalog.to_tsvector('simple'::regconfig, body)))"
    "  AS word)) $$",
    "CREATE INDEX ix_search_docs_event_period ON search_docs USING gin (search_words_by_period(body, sort_date))"
    " WITH (fastupdate = off) WHERE kind = 'event'",
)


def _pg_words_by_period(conn: Connection) -> None:
    _on_postgresql(conn, _PG_WORDS_BY_PERIOD)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core tables", _create_tables),
    Migration(2, "full-text search index", _search_index),
    Migration(3, "country-level fusion key", _country_key),
    Migration(4, "near-duplicate band keys", _article_lsh),
    Migration(5, "watch sources and seen items", create_watch_tables),
    Migration(6, "covering indexes for pair and counterpart queries", _read_indexes),
    Migration(7, "events' search text ordered by day (SQLite)", _dated_search),
    Migration(8, "the words of the day-ordered search text (SQLite)", _dated_vocabulary),
    Migration(9, "English summary and Vietnamese evidence sentence in their own columns", _evidence_text),
    Migration(10, "mentions by article and entity, for observed offices", _mentions_by_article_entity),
    Migration(11, "timeline and actor network counts kept at write time", _summary_tables),
    Migration(12, "summary counts by confidence band, code, actor and place", _summary_scopes),
    Migration(13, "timeline counts by hundredth of confidence, by month, and of an actor at a place",
              _summary_months),
    Migration(14, "events of a code, type or place by day and id", _newest_indexes),
    Migration(15, "the day of each event's search text, kept on it (PostgreSQL)", _pg_dated_search),
    Migration(16, "summary counts read from their key's index (PostgreSQL)", _pg_covering_keys),
    Migration(17, "the words of events' search text by period (PostgreSQL)", _pg_words_by_period),
)


def _lock(conn: Connection) -> None:
    # SQLite needs nothing: write_transaction already holds the write lock (BEGIN IMMEDIATE).
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_ID})


def applied_versions(conn: Connection) -> set[int]:
    if not inspect(conn).has_table("schema_migrations"):
        return set()
    return set(conn.execute(select(schema.schema_migrations.c.version)).scalars())


def migrate(engine: Engine) -> list[int]:
    """Apply every pending migration in order; return the versions applied now."""
    with write_transaction(engine) as conn:
        _lock(conn)
        schema.schema_migrations.create(conn, checkfirst=True)
    done: list[int] = []
    for migration in MIGRATIONS:
        with write_transaction(engine) as conn:
            _lock(conn)
            if migration.version in applied_versions(conn):
                continue
            migration.apply(conn)
            conn.execute(schema.schema_migrations.insert().values(
                version=migration.version, name=migration.name,
                applied_at=datetime.now(UTC)))
            done.append(migration.version)
    return done
