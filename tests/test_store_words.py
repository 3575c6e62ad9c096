"""Words on the timeline and the network (``text=``): both back ends count the newest
``aggregate.TEXT_MATCHES`` events containing the words, whole days of them, and say the answer is
truncated when that many match. The same generated database (``benchmarks/query_latency.py``,
3,000 events) is written to SQLite and to PostgreSQL (SUKIEN_TEST_PG, see store_fixtures), and
each filter gives the same timeline and the same network on both, equal to the events counted
here from every match of the words; migration 15 gives an existing PostgreSQL database the days
its search text is walked by."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import delete, insert, select

from sukien.store import EventFilter, aggregate, open_store, schema, search
from sukien.store.search import matches
from tests.store_fixtures import PG_SKIP, PG_URL, fill_generated, pg_schema

pytestmark = pytest.mark.postgres

EVENTS = 3000



def _filled(url: str):
    store = open_store(url)
    fill_generated(store, EVENTS)
    return store


def _pair(directory):
    """(SQLite store, PostgreSQL store) holding the same events."""
    if not PG_URL:
        pytest.skip(PG_SKIP)
    lite = _filled(f"sqlite:///{directory / 'words.db'}")
    with pg_schema() as url:
        pg = _filled(url)
        yield lite, pg
        pg.close()
    lite.close()


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    yield from _pair(tmp_path_factory.mktemp("words"))


@pytest.fixture
def fresh_pair(tmp_path):
    yield from _pair(tmp_path)


def every_match(store, filters: EventFilter) -> list[tuple[date, str]]:
    """(day, PLOVER type) of every event containing the words, within the filter's days, newest first."""
    with store.engine.connect() as conn:
        query = select(schema.events.c.sort_date, schema.events.c.plover).where(
            matches(conn, filters.text, "event", schema.events.c.id))
        if filters.since:
            query = query.where(schema.events.c.sort_date >= filters.since)
        if filters.until:
            query = query.where(schema.events.c.sort_date <= filters.until)
        return sorted((tuple(row) for row in conn.execute(query)), reverse=True)


def expected_counts(store, filters: EventFilter) -> tuple[Counter, bool]:
    """Events per (month, type) of the newest TEXT_MATCHES matches and every other match of the
    oldest day among them, and whether more match: the definition, counted in Python."""
    found = every_match(store, filters)
    truncated = len(found) >= aggregate.TEXT_MATCHES
    if truncated:
        oldest = found[aggregate.TEXT_MATCHES - 1][0]
        found = [(day, kind) for day, kind in found if day >= oldest]
    return Counter((day.isoformat()[:7], kind) for day, kind in found), truncated


def counted(counts: aggregate.Counts) -> Counter:
    return Counter({(b["period"], kind): n for b in counts.buckets for kind, n in b["by_type"].items()})


WORDS = [
    EventFilter(text="trừng phạt"),  # a tenth of the events: fewer than TEXT_MATCHES
    EventFilter(text="h"),  # a prefix most events' words begin: more, truncated
    EventFilter(text="h", since=date(2019, 3, 10)),
    EventFilter(text="h", until=date(2021, 6, 30)),
    EventFilter(text="h", since=date(2016, 1, 1), until=date(2017, 12, 31)),  # fewer within the days
    EventFilter(text="hội đàm", cameo="04"),
    EventFilter(text="h", place="Hà Nội"),
    EventFilter(text="Bình Nhưỡng"),
    EventFilter(text="không có từ này"),  # nothing
]


@pytest.mark.parametrize("filters", WORDS, ids=lambda f: repr(f.text) + (f" {f.since}-{f.until}"
                                                                          if f.since or f.until else ""))
def test_words_give_the_same_timeline_and_network_on_both_backends(pair, filters):
    lite, pg = pair
    for by in ("month", "auto", "day"):
        assert aggregate.event_counts(pg, filters, by=by).to_dict() == \
            aggregate.event_counts(lite, filters, by=by).to_dict()
    for plover in (None, "SANCTION"):
        assert aggregate.event_counts(pg, filters, plover).to_dict() == \
            aggregate.event_counts(lite, filters, plover).to_dict()
    assert aggregate.actor_graph(pg, filters) == aggregate.actor_graph(lite, filters)
    assert aggregate.actor_graph(pg, filters, top=5, min_weight=2) == \
        aggregate.actor_graph(lite, filters, top=5, min_weight=2)


@pytest.mark.parametrize("filters", [f for f in WORDS if not (f.cameo or f.place)],
                         ids=lambda f: repr(f.text) + (f" {f.since}-{f.until}" if f.since or f.until else ""))
def test_words_count_the_newest_matches_whole_days_of_them(pair, filters):
    lite, pg = pair
    expected, truncated = expected_counts(lite, filters)
    assert (expected, truncated) == expected_counts(pg, filters)
    for store in pair:
        counts = aggregate.event_counts(store, filters, by="month")
        assert counted(counts) == expected
        assert counts.truncated is truncated


def test_a_prefix_most_words_begin_is_truncated_and_a_rare_word_is_not(pair):
    lite, pg = pair
    for store in pair:
        common = aggregate.event_counts(store, EventFilter(text="h"))
        assert common.truncated and common.events + common.undated >= aggregate.TEXT_MATCHES
        rare = aggregate.event_counts(store, EventFilter(text="trừng phạt"))
        assert not rare.truncated and 0 < rare.events < aggregate.TEXT_MATCHES
        graph = aggregate.actor_graph(store, EventFilter(text="trừng phạt"))
        assert graph["truncated"] is False and graph["events"] == rare.events


def test_a_redated_event_and_rewritten_words_move_on_both_backends(fresh_pair):
    """Triggers keep the days of the words in step with the events and their search text."""
    lite, pg = fresh_pair
    events, docs = schema.events, schema.search_docs
    with lite.engine.connect() as conn:
        moved = conn.execute(select(events.c.id).where(events.c.cameo == "163").order_by(events.c.sort_date)
                             .limit(3)).scalars().all()
        kept = conn.execute(select(docs.c.ref, docs.c.body).where(docs.c.kind == "event")
                            .where(docs.c.ref.not_in(moved)).order_by(docs.c.ref).limit(2)).all()
    for store in fresh_pair:
        with store.engine.begin() as conn:
            conn.execute(events.update().where(events.c.id.in_(moved)).values(sort_date=date(2026, 3, 1)))
            for ref, body in kept:  # rewritten as the write path does: deleted, then inserted
                conn.execute(delete(docs).where(docs.c.kind == "event", docs.c.ref == ref))
                conn.execute(insert(docs).values(kind="event", ref=ref, body=body + " trung phat"))
    filters = EventFilter(text="trừng phạt", since=date(2025, 12, 1))
    newest = aggregate.event_counts(pg, filters, by="month")
    assert newest.to_dict() == aggregate.event_counts(lite, filters, by="month").to_dict()
    assert [(b["period"], b["count"]) for b in newest.buckets if b["period"] >= "2026"] == [("2026-03", 3)]
    for filters in (EventFilter(text="trừng phạt"), EventFilter(text="h")):
        assert aggregate.event_counts(pg, filters, by="day").to_dict() == \
            aggregate.event_counts(lite, filters, by="day").to_dict()
        assert aggregate.actor_graph(pg, filters) == aggregate.actor_graph(lite, filters)


def _filled_then_undone(url: str, version: int, undo: list[str]) -> tuple[list[EventFilter], list[dict]]:
    """Fill a store, count two word filters, then take the database back to before migration ``version``
    by the ``undo`` statements: the filters and their counts."""
    store = _filled(url)
    filters = [EventFilter(text="h"), EventFilter(text="trừng phạt", since=date(2020, 1, 1))]
    before = [aggregate.event_counts(store, f).to_dict() for f in filters]
    with store.engine.begin() as conn:
        for statement in undo:
            conn.exec_driver_sql(statement)
        conn.execute(schema.schema_migrations.delete().where(schema.schema_migrations.c.version == version))
    store.close()
    return filters, before


def test_migration_15_gives_an_existing_postgresql_database_the_days_of_its_words():
    if not PG_URL:
        pytest.skip(PG_SKIP)
    with pg_schema() as url:
        filters, before = _filled_then_undone(url, 15, [  # back to version 14
            "DROP TRIGGER events_search_day ON events", "DROP TRIGGER search_docs_day ON search_docs",
            "DROP FUNCTION events_search_day(), search_docs_day()", "ALTER TABLE search_docs DROP COLUMN sort_date"])
        again = open_store(url)
        assert [aggregate.event_counts(again, f).to_dict() for f in filters] == before
        assert before[0]["truncated"] and not before[1]["truncated"]
        again.close()


def test_ingested_events_are_found_by_their_words_on_both_backends(tmp_path):
    """Events written by ingestion (events first, then their search text) have their days on both."""
    from tests.store_fixtures import KIM, TO_LAM, event, result
    if not PG_URL:
        pytest.skip(PG_SKIP)
    articles = [
        result("a1", "Tô Lâm hội đàm với Kim Jong-un.", entities=(TO_LAM, KIM), events=(
            event("E1", "040", ["person:to-lam"], ["person:kim-jong-un"], start="2025-10-09"),)),
        result("a2", "Tô Lâm điện đàm với Kim Jong-un.", entities=(TO_LAM, KIM), events=(
            event("E1", "041", ["person:to-lam"], ["person:kim-jong-un"], start="2025-11-02",
                  label_vi="điện đàm", label_en="phone call"),)),
        result("a3", "Tô Lâm trừng phạt.", entities=(TO_LAM, KIM), published="2024-05-01", events=(
            event("E1", "163", ["person:to-lam"], ["person:kim-jong-un"], start="2024-04-30",
                  label_vi="trừng phạt", label_en="sanctioned", plover="SANCTION"),)),
    ]
    lite = open_store(f"sqlite:///{tmp_path / 'ingested.db'}")
    with pg_schema() as url:
        pg = open_store(url)
        answers = []
        for store in (lite, pg):
            store.ingest(articles)
            answers.append([aggregate.event_counts(store, EventFilter(text=q), by="day").to_dict()
                            for q in ("điện đàm", "trừng phạt", "kim jong")])
        pg.close()
    lite.close()
    assert answers[0] == answers[1]
    assert [[(b["period"], b["count"]) for b in counts["buckets"]] for counts in answers[0]] == [
        [("2025-11-02", 1)], [("2024-04-30", 1)],
        [("2024-04-30", 1), ("2025-10-09", 1), ("2025-11-02", 1)]]


def every_newest_match(conn, q: str, count: int, since: date | None, until: date | None) -> tuple[set, bool]:
    """The refs of the newest ``count`` matches, whole days of them, and whether more match, read
    from every match at once (``search._PG_NEWEST``): what the walk by period must give."""
    rows = conn.execute(search._PG_NEWEST, {"tsq": search._pg_query(search.words(q)), "count": count,
                                            "lower": since or date.min, "upper": until or date.max}).all()
    return {row[0] for row in rows}, bool(rows) and rows[0][1] >= count


@pytest.mark.parametrize("count", [1, 7, 60, 400, aggregate.TEXT_MATCHES])
def test_the_walk_by_period_finds_the_newest_matches_every_match_gives(pair, count):
    """A period, then more before it, until ``count`` match: the same events as reading every match
    and keeping the newest days', for common and rare words, within days or not."""
    _, pg = pair
    with pg.engine.connect() as conn:
        for filters in [f for f in WORDS if not (f.cameo or f.place)] + [EventFilter(text="hội đàm")]:
            found = search._pg_newest_by_period(conn, search._pg_query(search.words(filters.text)), count,
                                                filters.since or date.min, filters.until or date.max)
            assert found is not None, filters
            refs, truncated = found
            assert len(refs) == len(set(refs))
            assert (set(refs), truncated) == every_newest_match(conn, filters.text, count, filters.since,
                                                                filters.until), (filters, count)


def test_words_the_walk_cannot_split_by_period_are_read_all_at_once(pair):
    """Words PostgreSQL parses into more than a conjunction ("a_b": a phrase) keep the statement
    that reads every match: the same answer, by the slower way."""
    _, pg = pair
    with pg.engine.connect() as conn:
        assert search._pg_newest_by_period(conn, search._pg_query(["hoi_dam"]), 10, date.min, date.max) is None
        clause, truncated = search.newest_matching(conn, "hoi_dam", 10)
        found = set(conn.execute(select(schema.events.c.id).where(clause)).scalars())
        assert (found, truncated) == every_newest_match(conn, "hoi_dam", 10, None, None)
        assert truncated and len(found) >= 10


def test_migration_17_gives_an_existing_postgresql_database_its_words_by_period():
    if not PG_URL:
        pytest.skip(PG_SKIP)
    with pg_schema() as url:
        filters, before = _filled_then_undone(url, 17, [  # back to version 16
            "DROP INDEX ix_search_docs_event_period", "DROP FUNCTION search_words_by_period(text, date)"])
        again = open_store(url)
        with again.engine.connect() as conn:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # 3,000 documents: a scan costs less
            plan = "\n".join(conn.exec_driver_sql(
                "EXPLAIN SELECT ref FROM search_docs WHERE kind = 'event'"
                " AND search_words_by_period(body, sort_date) @@ CAST('''23000#trung''' AS tsquery)").scalars())
            options = conn.exec_driver_sql("SELECT reloptions FROM pg_class"
                                           " WHERE oid = CAST('ix_search_docs_event_period' AS regclass)").scalar()
        assert "ix_search_docs_event_period" in plan
        assert options == ["fastupdate=off"]  # no pending list for every search to read
        assert [aggregate.event_counts(again, f).to_dict() for f in filters] == before
        assert before[0]["truncated"] and not before[1]["truncated"]
        again.close()


def test_undated_events_are_the_oldest_matches_on_both_backends(fresh_pair):
    """Events with no date (sorted on the first day there is) are found past every period of the
    dated ones: the walk by period reads the older matches at once."""
    lite, pg = fresh_pair
    events = schema.events
    with lite.engine.connect() as conn:
        undated = conn.execute(select(events.c.id).where(events.c.cameo == "163").order_by(events.c.id)
                               .limit(4)).scalars().all()
    for store in fresh_pair:
        with store.engine.begin() as conn:
            conn.execute(events.update().where(events.c.id.in_(undated)).values(sort_date=date(1, 1, 1)))
    for filters in (EventFilter(text="trừng phạt"), EventFilter(text="trừng phạt", until=date(2016, 6, 30))):
        counts = aggregate.event_counts(pg, filters, by="month")
        assert counts.undated == 4 and not counts.truncated
        assert counts.to_dict() == aggregate.event_counts(lite, filters, by="month").to_dict()
        assert aggregate.actor_graph(pg, filters) == aggregate.actor_graph(lite, filters)
