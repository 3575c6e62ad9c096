"""The timeline and network summaries (store/summary.py): kept exact by every write, filled by
migration 11 on an older database, and answering as the scan does — on SQLite, and on
PostgreSQL when SUKIEN_TEST_PG is set (see store_fixtures)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from tests.store_fixtures import (  # noqa: F401  (fixtures are used by name)
    KIM, MEDVEDEV, TO_LAM, db_url, entity, event, result, store, talks_result,
)
from sukien.store import EventFilter, aggregate, open_store, schema, summary, summary_read, summary_rebuild
from sukien.store.engine import write_transaction

TABLES = (schema.timeline_counts, schema.timeline_months, schema.actor_counts, schema.pair_scope_counts)

# Filters the summaries answer, and a few they leave to the scan (compared all the same).
FILTERS = [
    (EventFilter(), None),
    (EventFilter(since=date(2025, 10, 1), until=date(2025, 10, 31)), None),
    (EventFilter(since=date(2025, 1, 1), until=date(2025, 12, 31)), None),
    (EventFilter(since=date(2025, 10, 9)), None),
    (EventFilter(cameo="04"), None),
    (EventFilter(cameo="041"), None),
    (EventFilter(cameo="CONSULT"), None),
    (EventFilter(), "consult"),
    (EventFilter(country="VNM"), None),
    (EventFilter(country="RUS"), "CONSULT"),
    (EventFilter(actor="person:to-lam"), None),
    (EventFilter(actor="Kim Jong-un", since=date(2025, 10, 9)), None),
    (EventFilter(actor="PRK"), None),
    (EventFilter(actor="person:to-lam", cameo="040"), None),
    (EventFilter(country="PRK", cameo="04"), None),
    (EventFilter(min_confidence=0.9), None),
    (EventFilter(min_confidence=0.6, cameo="CONSULT"), None),
    (EventFilter(min_confidence=0.0, actor="person:to-lam"), None),
    (EventFilter(min_confidence=0.5, place="PRK"), "CONSULT"),
    (EventFilter(place="Bình Nhưỡng"), None),
    (EventFilter(place="binh nhuong", cameo="040", since=date(2025, 10, 1)), None),
    (EventFilter(place="PRK"), None),
    (EventFilter(min_confidence=0.95), None),  # months, and the days between 0.95 and no band
    (EventFilter(min_confidence=0.65, since=date(2025, 10, 9)), None),  # a month in part: its days
    (EventFilter(min_confidence=0.53, since=date(2024, 3, 1), until=date(2025, 10, 31)), "CONSULT"),
    (EventFilter(min_confidence=0.61, actor="person:to-lam", until=date(2025, 11, 2)), None),
    (EventFilter(min_confidence=0.955), None),  # scan: finer than the hundredths
    (EventFilter(min_confidence=0.7, cameo="040"), None),  # scan: a band's rows keep no code
    (EventFilter(place="Bình Nhưỡng", actor="person:to-lam"), None),  # an actor at a place
    (EventFilter(place="PRK", actor="Kim Jong-un", cameo="04"), None),
    (EventFilter(place="Bình Nhưỡng", actor="person:to-lam", min_confidence=0.6), None),  # scan
    (EventFilter(text="hội đàm"), None),  # scan
    (EventFilter(min_confidence=0.5), None),
    (EventFilter(cameo="ACCUSE"), None),
]


def snapshot(store) -> list[list[tuple]]:
    """The summary tables' rows, and the confidence each event is counted with."""
    with store.engine.connect() as conn:
        counted = sorted(map(tuple, conn.execute(select(schema.events.c.id, schema.events.c.confidence))))
        return [sorted(tuple(map(str, r)) for r in conn.execute(select(t)).all()) for t in TABLES] + [counted]


def scanned(monkeypatch, call):
    """The answer counted over every matching event (the network's limit lifted)."""
    with monkeypatch.context() as patched:
        patched.setattr(summary_read, "timeline", lambda *a: None)
        patched.setattr(summary_read, "graph", lambda *a: None)
        patched.setattr(aggregate, "GRAPH_EVENTS", 10 ** 9)
        return call()


def assert_migrated_on_reopening(store, db_url, kept, monkeypatch):
    """Closed and opened again, the store migrates: nothing stored changes and the summaries are exact."""
    store.close()
    reopened = open_store(db_url)
    assert snapshot(reopened) == kept
    assert_summaries_exact(reopened, monkeypatch)
    reopened.close()


def assert_summaries_exact(store, monkeypatch):
    """The tables equal a recount from the events, and every answer equals the scan's."""
    kept = snapshot(store)
    with write_transaction(store.engine) as conn:
        summary_rebuild.rebuild(conn)
    assert snapshot(store) == kept
    for filters, plover in FILTERS:
        for by in ("day", "month", "year", "auto"):
            def timeline(by=by, filters=filters, plover=plover):
                return aggregate.event_counts(store, filters, plover, by=by).to_dict()
            assert timeline() == scanned(monkeypatch, timeline), (filters, plover, by)

        def network(filters=filters, plover=plover):
            return aggregate.actor_graph(store, filters, plover, top=2)
        assert network() == scanned(monkeypatch, network), (filters, plover)


def event_row(store, cameo=None):
    with store.engine.connect() as conn:
        query = select(schema.events)
        return conn.execute(query if cameo is None else query.where(schema.events.c.cameo == cameo)).all()


def test_summaries_follow_merges_redating_retyping_and_deletion(store, monkeypatch):
    assert_summaries_exact(store, monkeypatch)  # empty
    store.ingest([talks_result("a1", start=None, published="2025-10-10", url="https://x/1")])
    [undated] = event_row(store)
    assert_summaries_exact(store, monkeypatch)
    # A dated report joins the undated event: the fused event is re-dated.
    store.ingest([talks_result("a2", "Tô Lâm và Kim Jong-un hội đàm tại Bình Nhưỡng hôm qua.",
                               start="2025-10-08", published="2025-10-11", outlet="tuoitre")])
    [dated] = event_row(store)
    assert dated.id == undated.id and dated.sort_date != undated.sort_date and dated.num_articles == 2
    assert_summaries_exact(store, monkeypatch)
    # An actor of unknown country, whose country a later article gives.
    stranger = entity("person:medvedev", "Dmitry Medvedev", mentions=((40, 55, "Dmitry Medvedev"),))
    store.ingest([result("a3", "Tô Lâm gặp Medvedev.", entities=(TO_LAM, stranger), published="2025-11-02",
                         events=(event("E1", "040", ["person:to-lam"], ["person:medvedev"], start="2025-11-01"),
                                 event("E2", "111", ["person:medvedev"], ["person:kim-jong-un"],
                                       start="2024-03-05", plover="ACCUSE")))])
    assert_summaries_exact(store, monkeypatch)
    known = entity("person:medvedev", "Dmitry Medvedev", country="RUS", mentions=((0, 15, "Dmitry Medvedev"),))
    store.ingest([result("a4", "Dmitry Medvedev phát biểu.", entities=(known, KIM), published="2025-11-03",
                         events=(event("E1", "111", ["person:medvedev"], ["person:kim-jong-un"],
                                       start="2024-03-05", plover="ACCUSE"),))])
    assert event_row(store, "111")[0].num_articles == 2
    assert_summaries_exact(store, monkeypatch)
    # The first article changes: its report leaves the talks and makes a phone call instead.
    phone = result("a1", "Tô Lâm điện đàm với Kim Jong-un.", url="https://x/1", entities=(TO_LAM, KIM),
                   events=(event("E1", "041", ["person:to-lam"], ["person:kim-jong-un"], start="2025-10-20",
                                 label_vi="điện đàm", label_en="phone call"),))
    store.ingest([phone])
    assert {r.cameo for r in event_row(store)} == {"040", "041", "111"}
    assert_summaries_exact(store, monkeypatch)
    # The second article withdraws its report: the talks are left with no report and go.
    store.ingest([result("a2", "Bài đã sửa, không còn sự kiện.", url=None, published="2025-10-11",
                         outlet="tuoitre")])
    assert_summaries_exact(store, monkeypatch)


# Timelines the counts answer whose networks they do not: thresholds on the hundredths, with a
# month in part, an actor at a place, and a name meaning several actors.
TIMELINES_OF_A_GENERATED_DATABASE = (
    EventFilter(min_confidence=0.65), EventFilter(min_confidence=0.91, actor="person:p3"),
    EventFilter(min_confidence=0.73, since=date(2020, 3, 10), until=date(2020, 5, 20)),
    EventFilter(min_confidence=0.57, country="LAO", since=date(2019, 6, 15)),
    EventFilter(min_confidence=0.8, cameo="CONSULT", until=date(2018, 2, 14)),
    EventFilter(actor="person:p0", place="Hà Nội"), EventFilter(actor="person:p1", place="PRK", cameo="04"),
    EventFilter(actor="nguyen"), EventFilter(actor="tran", cameo="04", since=date(2019, 6, 15)),
    EventFilter(actor="minh", until=date(2016, 8, 1)))


def test_summary_answers_a_generated_database_as_the_scan(store, monkeypatch):
    import importlib.util
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "query_latency.py"
    spec = importlib.util.spec_from_file_location("query_latency", path)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    generator.fill(store, 3000)
    for filters in (EventFilter(), EventFilter(country="LAO"), EventFilter(since=date(2020, 3, 1),
                    until=date(2020, 3, 31)), EventFilter(since=date(2019, 1, 1), until=date(2019, 12, 31)),
                    EventFilter(cameo="042", since=date(2021, 1, 1), until=date(2021, 12, 31)),
                    EventFilter(place="Bình Nhưỡng"), EventFilter(place="PRK", since=date(2020, 1, 1)),
                    EventFilter(min_confidence=0.7), EventFilter(min_confidence=0.9, cameo="SANCTION"),
                    EventFilter(country="VNM", cameo="042"), EventFilter(min_confidence=0.6, country="LAO"),
                    EventFilter(cameo="SANCTION"), EventFilter(actor="person:p3"), EventFilter(place="PRK"),
                    *TIMELINES_OF_A_GENERATED_DATABASE):
        for by in ("day", "month", "auto"):
            def timeline(by=by, filters=filters):
                return aggregate.event_counts(store, filters, by=by).to_dict()
            assert timeline() == scanned(monkeypatch, timeline)
        if filters in TIMELINES_OF_A_GENERATED_DATABASE:  # their networks count the newest events
            continue
        for top in (1, 10, 60):
            def network(filters=filters, top=top):
                return aggregate.actor_graph(store, filters, top=top)
            assert network() == scanned(monkeypatch, network)


def test_migration_fills_the_summaries_of_an_older_database(db_url, monkeypatch):
    store = open_store(db_url)
    store.ingest([talks_result("a1"), talks_result("a2", "Một bài khác.", start="2025-10-15"),
                  result("a3", "Tô Lâm gặp Medvedev.", entities=(TO_LAM, MEDVEDEV), events=(
                      event("E1", "040", ["person:to-lam"], ["person:dmitry-medvedev"], start="2025-10-09"),))])
    kept = snapshot(store)
    assert all(kept)
    with write_transaction(store.engine) as conn:  # as version 10 left it: no summary tables
        for table in TABLES:
            table.drop(conn)
        conn.execute(delete(schema.schema_migrations).where(schema.schema_migrations.c.version == 11))
    assert_migrated_on_reopening(store, db_url, kept, monkeypatch)


def test_actor_ids_with_quotes_are_looked_up_as_given(store, monkeypatch):
    odd = entity("person:o'neil \\ \"x\"", "Paul O'Neil", country="USA", mentions=((9, 19, "Paul O'Neil"),))
    store.ingest([result("q1", "Tô Lâm gặp Paul O'Neil.", entities=(TO_LAM, odd), events=(
        event("E1", "040", ["person:to-lam"], [odd["id"]], start="2025-10-09"),))])
    graph = aggregate.actor_graph(store, EventFilter(), top=5)
    assert [(e["source"], e["target"]) for e in graph["edges"]] == [(odd["id"], "person:to-lam")]
    assert_summaries_exact(store, monkeypatch)


def test_filters_read_from_the_summary_or_the_scan(store):
    store.ingest([talks_result("a1")])
    with store.engine.connect() as conn:
        answered = [summary_read.timeline(conn, f, plover, "auto") is not None
                    for f, plover in FILTERS]
    # (a country named as the actor is read from the summary only where no entity's id matches it)
    scanned_ones = [f for (f, _), summed in zip(FILTERS, answered, strict=True) if not summed and f.actor != "PRK"]
    assert scanned_ones == [EventFilter(min_confidence=0.955), EventFilter(min_confidence=0.7, cameo="040"),
                            EventFilter(place="Bình Nhưỡng", actor="person:to-lam", min_confidence=0.6),
                            EventFilter(text="hội đàm")]
    with store.engine.connect() as conn:
        networks = [f for f, plover in FILTERS if summary_read.graph(conn, f, plover, 5) is not None
                    and f.actor != "PRK"]
    assert networks == [EventFilter(), EventFilter(since=date(2025, 10, 1), until=date(2025, 10, 31)),
                        EventFilter(since=date(2025, 1, 1), until=date(2025, 12, 31)), EventFilter(cameo="CONSULT"),
                        EventFilter(), EventFilter(country="VNM"), EventFilter(actor="person:to-lam"),
                        EventFilter(min_confidence=0.9), EventFilter(place="Bình Nhưỡng"), EventFilter(place="PRK"),
                        EventFilter(min_confidence=0.5), EventFilter(cameo="ACCUSE")]


def confident_talks(article_id: str, confidence: float, text: str = "Tô Lâm hội đàm với Kim Jong-un.",
                    start: str = "2025-10-09"):
    return result(article_id, text, entities=(TO_LAM, KIM), url=f"https://x/{article_id}", events=(
        event("E1", "040", ["person:to-lam"], ["person:kim-jong-un"], start=start, confidence=confidence,
              place={"name": "Pyongyang", "name_vi": "Bình Nhưỡng", "country": "PRK"}),))


def confident(store, threshold: float) -> int:
    return aggregate.event_counts(store, EventFilter(min_confidence=threshold), by="year").events


def test_confidence_bands_follow_the_best_report_as_it_changes(store, monkeypatch):
    store.ingest([confident_talks("c1", 0.95)])
    store.ingest([confident_talks("c2", 0.55, "Hai nhà lãnh đạo hội đàm.")])
    assert [confident(store, t) for t in (0.0, 0.5, 0.6, 0.9)] == [1, 1, 1, 1]
    assert_summaries_exact(store, monkeypatch)
    # The surest article's new version is less sure: the event moves down to the 0.6 band.
    store.ingest([confident_talks("c1", 0.62, "Tô Lâm hội đàm với Kim Jong-un tại Bình Nhưỡng.")])
    assert [confident(store, t) for t in (0.5, 0.6, 0.7, 0.9)] == [1, 1, 0, 0]
    assert_summaries_exact(store, monkeypatch)
    # It withdraws its report: the other one's 0.55 is left.
    store.ingest([result("c1", "Bài đã sửa.", url="https://x/c1")])
    assert [confident(store, t) for t in (0.0, 0.5, 0.6)] == [1, 1, 0]
    assert_summaries_exact(store, monkeypatch)
    # A report of no confidence at all counts in no band, at every threshold.
    store.ingest([confident_talks("c2", None, "Hai nhà lãnh đạo hội đàm.")])
    assert [confident(store, t) for t in (0.0, 0.5)] == [0, 0]
    assert aggregate.event_counts(store, EventFilter(), by="year").events == 1
    assert_summaries_exact(store, monkeypatch)


def test_hundredth_of_keeps_each_threshold_on_the_hundredths_exact():
    assert [summary.hundredth_of(c) for c in (None, -0.1, 0.0, 0.0099, 0.29, 0.57, 0.999, 1.0, 1.2)] == [
        None, None, 0, 0, 29, 57, 99, 100, 100]
    for h in range(101):  # an event counts at a threshold exactly when its hundredth reaches it
        threshold = h / 100
        assert summary.on_hundredths(threshold)
        assert summary.hundredth_of(threshold) == h
        assert summary.hundredth_of(threshold - 1e-12) in (None, h - 1)
    assert not summary.on_hundredths(0.655)


def test_migration_13_counts_months_and_actors_at_places_of_a_version_12_database(db_url, monkeypatch):
    store = open_store(db_url)
    store.ingest([confident_talks("c1", 0.75), confident_talks("c2", 0.62, "Hai nhà lãnh đạo hội đàm.",
                                                                start="2025-11-20")])
    kept = snapshot(store)
    assert kept[1] and any(row[0].startswith("actor:person:to-lam@place:") for row in kept[0])
    with write_transaction(store.engine) as conn:  # as version 12 left it
        schema.timeline_months.drop(conn)
        conn.execute(delete(schema.timeline_counts).where(schema.timeline_counts.c.scope.like("%@%")))
        conn.execute(delete(schema.schema_migrations).where(schema.schema_migrations.c.version == 13))
    assert_migrated_on_reopening(store, db_url, kept, monkeypatch)


def three_articles():
    """Talks with a confidence, talks without one, and a meeting of two known people with a low one."""
    return [confident_talks("c1", 0.75), talks_result("a2", "Một bài khác.", start="2025-10-15"),
            result("a3", "Tô Lâm gặp Medvedev.", entities=(TO_LAM, MEDVEDEV), events=(
                event("E1", "040", ["person:to-lam"], ["person:dmitry-medvedev"], start="2025-10-09",
                      confidence=0.52),))]


def test_migration_12_fills_bands_places_and_codes_of_a_version_11_database(db_url, monkeypatch):
    store = open_store(db_url)
    store.ingest(three_articles())
    kept = snapshot(store)
    assert any(c is not None for _, c in kept[-1])
    with write_transaction(store.engine) as conn:  # as version 11 left it
        schema.timeline_counts.drop(conn)
        conn.exec_driver_sql("CREATE TABLE timeline_counts (scope VARCHAR(220), day DATE, plover VARCHAR(40),"
                             " cameo VARCHAR(4), root VARCHAR(2), n INTEGER NOT NULL,"
                             " PRIMARY KEY (scope, day, plover, cameo, root))")
        conn.exec_driver_sql("ALTER TABLE events DROP COLUMN confidence")
        conn.execute(delete(schema.schema_migrations).where(schema.schema_migrations.c.version == 12))
    assert_migrated_on_reopening(store, db_url, kept, monkeypatch)


def test_words_matching_many_events_count_the_newest_whole_days(store, monkeypatch):
    import importlib.util
    from pathlib import Path

    from sukien.store import search
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "query_latency.py"
    spec = importlib.util.spec_from_file_location("query_latency", path)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    generator.fill(store, 3000)
    words = "trừng phạt"
    with store.engine.connect() as conn:
        days = sorted((str(d)[:10] for d in conn.execute(select(schema.events.c.sort_date).where(
            search.matches(conn, words, "event", schema.events.c.id))).scalars()), reverse=True)
    assert len(days) > 100
    monkeypatch.setattr(aggregate, "TEXT_MATCHES", 100)
    counted = aggregate.event_counts(store, EventFilter(text=words), by="day")
    oldest = days[99]  # the 100th newest match's day, all of whose matches count
    assert counted.truncated and counted.buckets[0]["period"] == oldest
    assert counted.events == sum(day >= oldest for day in days)
    network = aggregate.actor_graph(store, EventFilter(text=words), top=5)
    assert network["truncated"] and network["events"] == counted.events
    # Within a range that holds fewer matches than the limit, every one is counted.
    since = date.fromisoformat(days[50])
    exact = aggregate.event_counts(store, EventFilter(text=words, since=since), by="day")
    assert not exact.truncated and exact.events == sum(day >= days[50] for day in days)
    monkeypatch.setattr(aggregate, "TEXT_MATCHES", 10_000)
    everything = aggregate.event_counts(store, EventFilter(text=words), by="day")
    assert not everything.truncated and everything.events == len(days)


def test_a_scanned_network_counts_the_newest_events_of_its_filter(store, monkeypatch):
    store.ingest([talks_result("a1", start="2025-10-09"),
                  talks_result("a2", "Hai bên gặp lại.", start="2025-10-20"),
                  result("a3", "Tô Lâm gặp Medvedev.", entities=(TO_LAM, MEDVEDEV), events=(
                      event("E1", "040", ["person:to-lam"], ["person:dmitry-medvedev"], start="2025-11-02"),))])
    odd = EventFilter(since=date(2025, 10, 5), until=date(2025, 11, 5))  # no whole month: scanned
    whole = aggregate.actor_graph(store, odd)
    assert not whole["truncated"] and whole["events"] == 3
    monkeypatch.setattr(aggregate, "GRAPH_EVENTS", 1)
    newest = aggregate.actor_graph(store, odd)
    assert newest["truncated"] and newest["events"] == 1
    assert [(e["source"], e["target"]) for e in newest["edges"]] == [("person:dmitry-medvedev", "person:to-lam")]


def covered_by_key(conn, table: str) -> str:
    """What the primary key's index of ``table`` carries beyond its key (PostgreSQL), "" if nothing."""
    definition = conn.exec_driver_sql("SELECT pg_get_indexdef(indexrelid) FROM pg_index"
                                      " WHERE indrelid = CAST(%s AS regclass) AND indisprimary", (table,)).scalar()
    return definition.partition(" INCLUDE ")[2]


def test_migration_16_has_the_summary_keys_carry_their_counts_on_postgresql(db_url, monkeypatch):
    store = open_store(db_url)
    store.ingest(three_articles())
    kept = snapshot(store)
    postgresql = store.engine.dialect.name == "postgresql"
    with write_transaction(store.engine) as conn:  # as version 15 left it
        for table in ("timeline_counts", "pair_scope_counts"):
            if postgresql:
                keys = ", ".join(c.name for c in schema.metadata.tables[table].primary_key.columns)
                assert covered_by_key(conn, table)
                conn.exec_driver_sql(f"ALTER TABLE {table} DROP CONSTRAINT {table}_pkey")
                conn.exec_driver_sql(f"ALTER TABLE {table} ADD PRIMARY KEY ({keys})")
        conn.execute(delete(schema.schema_migrations).where(schema.schema_migrations.c.version == 16))
    assert_migrated_on_reopening(store, db_url, kept, monkeypatch)  # rewritten through the new keys
    if postgresql:
        again = open_store(db_url)
        with again.engine.connect() as conn:
            assert covered_by_key(conn, "timeline_counts") == "(n)"
            assert covered_by_key(conn, "pair_scope_counts") == "(n, first, last)"
            # an upsert names the key's columns: the key's index is found by them
            assert conn.exec_driver_sql("SELECT count(*) FROM pg_constraint WHERE contype = 'p'"
                                        " AND conrelid = CAST('timeline_counts' AS regclass)").scalar() == 1
        again.ingest([talks_result("a4", "Hai nhà lãnh đạo hội đàm.", start="2025-11-02")])
        assert_summaries_exact(again, monkeypatch)
        again.close()
