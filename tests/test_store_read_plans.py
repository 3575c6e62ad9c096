"""The read queries give the same answers whichever plan they take (on a generated database).

The database is filled by ``benchmarks/query_latency.py`` (skewed actors, ten years of events,
search text), small enough for a test; each plan a query may choose is forced and compared
with the other, or with the answer computed in Python.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from sukien.store import EventFilter, open_store, read, schema
from sukien.store import search as search_module
from tests.store_fixtures import db_url, fill_generated  # noqa: F401  (fixture)

N_EVENTS = 3000



@pytest.fixture
def generated(db_url):  # noqa: F811
    store = open_store(db_url)
    fill_generated(store, N_EVENTS)
    yield store
    store.close()


def _pages(store, filters: EventFilter, pages: int = 3) -> list[list[str]]:
    found, cursor = [], None
    for _ in range(pages):
        page = store.list_events(EventFilter(**{**filters.__dict__, "cursor": cursor}))
        found.append([e["id"] for e in page.items])
        cursor = page.next_cursor
        if cursor is None:
            break
    return found


@pytest.mark.parametrize("filters", [
    EventFilter(text="trừng phạt", limit=20),
    EventFilter(text="hội đàm", cameo="04", limit=20),
    EventFilter(text="nguyen", since=date(2020, 1, 1), limit=20),
    EventFilter(text="hội đàm", actor="person:p0", limit=20),
], ids=["common", "with-code", "with-date", "with-actor"])
def test_a_text_filter_walks_or_looks_up_with_the_same_answer(generated, monkeypatch, filters):
    monkeypatch.setattr(search_module, "WALK_ABOVE", 10 ** 9)  # always look the matches up
    looked_up = _pages(generated, filters)
    monkeypatch.setattr(search_module, "WALK_ABOVE", 1)  # always walk the events in order
    walked = _pages(generated, filters)
    assert walked == looked_up and looked_up[0]


@pytest.mark.parametrize("filters", [
    EventFilter(text="trừng phạt", limit=20),
    EventFilter(text="hội đàm", cameo="042", limit=5),
    EventFilter(text="nguyen", since=date(2020, 1, 1), until=date(2020, 3, 1), limit=20),
    EventFilter(text="hội đàm", actor="person:p0", limit=20),
    EventFilter(text="no such word", limit=20),
    EventFilter(text="hội đ", limit=20),
    EventFilter(text="tran 1", limit=20),
], ids=["common", "sparse-code", "date-range", "with-actor", "none", "prefix", "prefix-of-many-words"])
def test_a_text_filter_reads_the_dated_index_with_the_same_answer(generated, monkeypatch, filters):
    if generated.backend != "sqlite":
        pytest.skip("the dated index is SQLite's")
    dated = _pages(generated, filters, pages=4)
    monkeypatch.setattr(search_module, "has_dated_index", lambda conn: False)
    assert dated == _pages(generated, filters, pages=4)


def _dated_keys(conn, word: str) -> list[int]:
    fts = "search_fts_event_dated"
    return sorted(r[0] for r in conn.exec_driver_sql(f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?", (word,)))


def _expected_keys(conn, word: str) -> list[int]:
    rows = conn.exec_driver_sql(
        "SELECT CAST(julianday(e.sort_date) AS INTEGER) * 4294967296 + d.id FROM search_docs d"
        " JOIN events e ON e.id = d.ref JOIN search_fts_event f ON f.rowid = d.id"
        " WHERE d.kind = 'event' AND search_fts_event MATCH ?", (word,))
    return sorted(r[0] for r in rows)


def test_the_dated_index_follows_the_events_and_their_text(generated):
    if generated.backend != "sqlite":
        pytest.skip("the dated index is SQLite's")
    with generated.engine.begin() as conn:
        assert _dated_keys(conn, "phat") == _expected_keys(conn, "phat") != []
        moved = conn.exec_driver_sql("SELECT ref FROM search_docs WHERE kind = 'event' LIMIT 3").scalars().all()
        conn.exec_driver_sql(f"UPDATE events SET sort_date = '2030-01-01' WHERE id IN {tuple(moved)}")
        conn.exec_driver_sql("UPDATE search_docs SET body = body || ' phat' WHERE kind = 'event' AND ref = ?",
                             (moved[0],))
        conn.exec_driver_sql("DELETE FROM search_docs WHERE kind = 'event' AND ref = ?", (moved[1],))
        gone = conn.exec_driver_sql("SELECT id FROM events WHERE id NOT IN (SELECT ref FROM search_docs"
                                    " WHERE kind = 'event') LIMIT 1").scalar()
        assert gone == moved[1]
        for table in ("event_actors", "event_pairs", "event_mentions", "event_links"):
            conn.exec_driver_sql(f"DELETE FROM {table} WHERE event_id = ?", (moved[2],))
        conn.exec_driver_sql("DELETE FROM events WHERE id = ?", (moved[2],))
        for word in ("phat", "hoi", "nguyen"):
            assert _dated_keys(conn, word) == _expected_keys(conn, word)


def test_counterparts_are_the_most_frequent_partners_over_every_root(generated):
    with generated.engine.connect() as conn:
        rows = conn.execute(select(schema.pair_counts)).all()
        popular = Counter(e for r in rows for e in (r.entity_a, r.entity_b)).most_common(1)[0][0]
        totals: Counter[str] = Counter()
        for r in rows:
            if popular in (r.entity_a, r.entity_b):
                totals[r.entity_b if r.entity_a == popular else r.entity_a] += r.n
        found = read.counterparts(conn, popular, limit=10)
    expected = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert [(c["id"], c["events"]) for c in found] == sorted(expected, key=lambda kv: (-kv[1], kv[0]))


@pytest.mark.parametrize(("since", "until"), [(date(2019, 1, 1), date(2019, 12, 31)), (None, None)],
                         ids=["a-year", "all-time"])
def test_pairs_count_and_date_each_pair_from_its_events(generated, since, until):
    found = generated.pairs(since=since, until=until, limit=20)
    with generated.engine.connect() as conn:
        rows = conn.execute(select(schema.event_pairs).where(
            schema.event_pairs.c.root == "04",
            schema.event_pairs.c.sort_date.between(since or date.min, until or date.max))).all()
    by_pair: dict[tuple[str, str], list[date]] = {}
    for r in rows:
        by_pair.setdefault((r.entity_a, r.entity_b), []).append(r.sort_date)
    assert found
    for pair in found:
        days = by_pair[(pair["a"]["id"], pair["b"]["id"])]
        assert (pair["events"], pair["first"], pair["last"]) == (
            len(days), min(days).isoformat(), max(days).isoformat())
    assert [p["events"] for p in found] == sorted((len(d) for d in by_pair.values()), reverse=True)[:20]


def test_the_read_indexes_are_used(generated):
    if generated.backend != "sqlite":
        pytest.skip("the plans checked are SQLite's")
    with generated.engine.connect() as conn:
        plan = " ".join(r[-1] for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT entity_a, entity_b, count(*) FROM event_pairs WHERE root = '04'"
            " AND sort_date >= '2019-01-01' AND sort_date <= '2019-12-31' GROUP BY entity_a, entity_b"))
        assert "COVERING INDEX ix_event_pairs_span" in plan
        plan = " ".join(r[-1] for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT entity_b, sum(n) FROM pair_counts WHERE entity_a = 'x' GROUP BY entity_b"))
        assert "COVERING INDEX ix_pair_counts_a_other" in plan and "TEMP B-TREE" not in plan


def test_pairs_in_a_range_from_the_totals_or_from_every_pair_agree(generated, monkeypatch):
    window = {"since": date(2018, 3, 1), "until": date(2021, 6, 30), "limit": 30}
    from_totals = generated.pairs(**window)
    monkeypatch.setattr(read, "PAIR_SEEKS", 1)  # give up at once: count every pair of the range
    assert generated.pairs(**window) == from_totals != []
