"""Storage: schema and migrations, idempotent ingestion, updates, near-duplicates,
cross-document fusion, the shared read queries and the CLI — on SQLite, and on
PostgreSQL when SUKIEN_TEST_PG is set (see store_fixtures)."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.store_fixtures import (  # noqa: F401  (fixtures are used by name)
    KIM, MEDVEDEV, PG_SKIP, PG_URL, PYONGYANG, TO_LAM, db_url, entity, event, pg_schema, result, store,
    talks_result,
)
from sukien.errors import StoreError
from sukien.normalize.fold import fold
from sukien.store import EventFilter, open_store, schema
from sukien.store.engine import default_url
from sukien.store.migrations import MIGRATIONS

TESTS = Path(__file__).parent


def rows(store, table, *where):
    with store.engine.connect() as conn:
        return conn.execute(select(table).where(*where)).all()


def filler(seed: int, words: int = 60) -> str:
    """A body of made-up syllables, unique per seed (never a near-duplicate of another)."""
    rng = random.Random(seed)
    return " ".join(f"{rng.choice('bcdghklmnpqrstvx')}{rng.choice('aeiouy')}{rng.randint(0, 999)}"
                    for _ in range(words))


# -- schema and migrations -------------------------------------------------------------------


def test_migrations_are_recorded_once(db_url):
    first = open_store(db_url)
    versions = [r.version for r in rows(first, schema.schema_migrations)]
    assert versions == [m.version for m in MIGRATIONS]
    first.close()
    again = open_store(db_url)  # reopening applies nothing new
    assert len(rows(again, schema.schema_migrations)) == len(MIGRATIONS)
    again.close()


def test_postgresql_connections_run_without_jit_or_parallel_workers():
    if not PG_URL:
        pytest.skip(PG_SKIP)
    with pg_schema() as url:
        store = open_store(url)
        for _ in range(2):  # a connection back from the pool, its transaction rolled back, keeps them
            with store.engine.connect() as conn:
                assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
                assert conn.exec_driver_sql("SHOW max_parallel_workers_per_gather").scalar() == "0"
                assert conn.exec_driver_sql("SHOW search_path").scalar().startswith("t_")  # the URL's own options
                conn.rollback()
        store.close()


@pytest.mark.parametrize("url", ["nosuch://x", "mysql://u@h/db", "postgresql+psycopg://ci@127.0.0.1:1/none"])
def test_bad_urls_raise_store_error(url):
    with pytest.raises(StoreError):
        open_store(url)


def test_default_location(monkeypatch, tmp_path):
    monkeypatch.delenv("SUKIEN_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_url() == str(tmp_path / "sukien" / "sukien.db")
    monkeypatch.setenv("SUKIEN_DB", "sqlite:///elsewhere.db")
    assert default_url() == "sqlite:///elsewhere.db"
    monkeypatch.setenv("SUKIEN_DB", str(tmp_path / "plain.db"))
    opened = open_store(None)
    assert opened.backend == "sqlite" and (tmp_path / "plain.db").exists()
    opened.close()


# -- ingestion ----------------------------------------------------------------------------------


def test_ingest_twice_changes_nothing(store):
    batch = [talks_result("a1"), talks_result("a2", "Kim Jong-un đón Tô Lâm, hai bên hội đàm.",
                                                 outlet="tuoitre", published="2025-10-11")]
    first = store.ingest(batch)
    before = {k: v for k, v in store.counts().items() if k != "ingestion_runs"}
    second = store.ingest(batch)
    after = {k: v for k, v in store.counts().items() if k != "ingestion_runs"}
    assert (first.articles_added, first.events_created, first.events_merged) == (2, 1, 1)
    assert (second.articles_unchanged, second.articles_added, second.event_mentions) == (2, 0, 0)
    assert before == after
    [fused] = store.list_events().items
    assert (fused["num_mentions"], fused["num_articles"], fused["num_sources"]) == (2, 2, 2)
    assert (fused["first_seen"], fused["last_seen"]) == ("2025-10-10", "2025-10-11")
    runs = rows(store, schema.ingestion_runs)
    assert len(runs) == 2 and runs[0].finished is not None and runs[0].counts["articles_added"] == 2


def test_other_dates_or_actors_make_other_events(store):
    store.ingest([talks_result("a1"), talks_result("a2", "Một bài khác.", start="2025-10-15"),
                  result("a3", "Tô Lâm gặp Medvedev.", entities=(TO_LAM, MEDVEDEV), events=(
                      event("E1", "040", ["person:to-lam"], ["person:dmitry-medvedev"], start="2025-10-09"),))])
    assert store.counts()["events"] == 3


def test_updated_article_replaces_only_its_own_contributions(store):
    store.ingest([talks_result("a1", url="https://x/1"),
                  talks_result("a2", "Bài thứ hai về cuộc hội đàm.", outlet="tuoitre")])
    [talks] = store.list_events().items
    assert talks["num_articles"] == 2
    phone = result("a1", "Tô Lâm điện đàm với Kim Jong-un.", url="https://x/1", entities=(TO_LAM, KIM),
                   events=(event("E1", "041", ["person:to-lam"], ["person:kim-jong-un"],
                                 start="2025-10-09", label_vi="điện đàm", label_en="phone call"),))
    summary = store.ingest([phone])
    assert summary.articles_updated == 1 and summary.events_created == 1
    by_code = {e["cameo"]: e for e in store.list_events().items}
    assert by_code["040"]["num_articles"] == 1 and by_code["040"]["id"] == talks["id"]
    assert by_code["041"]["num_articles"] == 1
    assert len(rows(store, schema.mentions, schema.mentions.c.article_id == "a1")) == 2
    [to_lam] = rows(store, schema.entities, schema.entities.c.id == "person:to-lam")
    assert to_lam.num_mentions == 2  # one per article, the old version's withdrawn
    assert len(rows(store, schema.articles)) == 2
    assert_pair_counts_consistent(store)


def assert_pair_counts_consistent(store):
    with store.engine.connect() as conn:
        counted = conn.execute(select(schema.event_pairs.c.root, schema.event_pairs.c.entity_a,
                                      schema.event_pairs.c.entity_b, func.count()).group_by(
            schema.event_pairs.c.root, schema.event_pairs.c.entity_a, schema.event_pairs.c.entity_b)).all()
        kept = conn.execute(select(schema.pair_counts)).all()
    assert sorted(map(tuple, counted)) == sorted(map(tuple, kept))


def test_update_by_url_and_removal_of_last_mention_deletes_event(store):
    store.ingest([talks_result("", url="https://x/2")])  # no id: keyed on the URL
    assert store.counts()["events"] == 1
    empty = result("", "Bài đã sửa, không còn sự kiện.", url="https://x/2")
    summary = store.ingest([empty])
    assert summary.articles_updated == 1
    counts = store.counts()
    assert (counts["articles"], counts["events"], counts["event_actors"], counts["event_pairs"]) == (1, 0, 0, 0)
    assert counts["search_docs"] == 1  # the article's; the event's is gone
    assert counts["pair_counts"] == 0


def test_bad_result_is_recorded_and_rolled_back(store):
    broken = result("bad", "Tô Lâm.", entities=({"type": "PERSON", "name": "no id"},))
    summary = store.ingest([broken, talks_result("good")])
    assert len(summary.errors) == 1 and "bad" in summary.errors[0][1]
    assert [r.id for r in rows(store, schema.articles)] == ["good"]


# -- near-duplicates ---------------------------------------------------------------------------


def test_near_duplicate_is_linked_not_fused_again(db_url):
    body = filler(1, 200)
    original = talks_result("orig", "Tô Lâm hội đàm với Kim Jong-un. " + body)
    copy = talks_result("copy", "Tô Lâm hội đàm với Kim Jong-un! " + body + " (theo TTXVN)",
                        outlet="baomoi")
    store = open_store(db_url)
    store.ingest([original])
    store.close()
    store = open_store(db_url)  # a new process: the LSH index is rebuilt from stored signatures
    summary = store.ingest([copy])
    assert summary.duplicates == 1 and summary.event_mentions == 0
    [stored] = rows(store, schema.articles, schema.articles.c.id == "copy")
    assert stored.duplicate_of == "orig" and 0.8 <= stored.similarity < 1.0
    [fused] = store.list_events().items
    assert fused["num_articles"] == 1
    shown = store.get_event(fused["id"])
    assert [c["id"] for c in shown["articles"][0]["copies"]] == ["copy"]
    assert store.duplicate_of(copy.article) == "orig"
    store.close()


def test_different_articles_are_not_duplicates(store):
    store.ingest([talks_result("a", filler(1, 200)), talks_result("b", filler(2, 200))])
    assert store.counts()["article_minhash"] == 2
    assert all(r.duplicate_of is None for r in rows(store, schema.articles))


# -- entities ------------------------------------------------------------------------------------


def test_discovered_entities_merge_by_name_type_and_country(store):
    def article(key, entity_id, country, name="Nguyễn Văn A"):
        person = entity(entity_id, name, name_vi=name, country=country, discovered=True,
                        mentions=((0, len(name), name),))
        return result(key, f"{name} phát biểu {key}.", entities=(person,))
    store.ingest([article("d1", "discovered:person:nguyen-van-a", None),
                  article("d2", "discovered:person:nguyen-van-a-2", "VNM"),
                  article("d3", "discovered:person:nguyen-van-a", "USA"),
                  article("d4", "discovered:person:nguyen-van-b", None, name="Nguyễn Văn B")])
    people = {r.id: r for r in rows(store, schema.entities)}
    merged = people["discovered:person:nguyen-van-a"]
    assert merged.country == "VNM" and merged.num_mentions == 2
    assert people["discovered:person:nguyen-van-a:usa"].country == "USA"
    assert len(people) == 3


def test_roles_keep_first_and_last_seen(store):
    store.ingest([talks_result("r1", published="2025-10-10"),
                  talks_result("r2", "Một bài khác.", published="2025-10-12")])
    [role] = rows(store, schema.entity_roles)
    assert (role.first_seen_article, role.last_seen_article) == ("r1", "r2")
    store.ingest([result("r2", "Bài sửa.", published="2025-10-12")])
    [role] = rows(store, schema.entity_roles)
    assert role.last_seen_article == "r1"


# -- fusion in the store -------------------------------------------------------------------------


def test_visit_and_hosting_are_linked(store):
    visit = event("E1", "042", ["person:to-lam"], ["person:kim-jong-un"], start="2025-10-09",
                  label_vi="thăm", label_en="visit")
    host = event("E2", "043", ["person:kim-jong-un"], ["person:to-lam"], start="2025-10-09",
                 label_vi="đón", label_en="host")
    store.ingest([result("v1", "a", entities=(TO_LAM, KIM), events=(visit,)),
                  result("v2", "b", entities=(TO_LAM, KIM), events=(host,))])
    found = store.list_events().items
    assert len(found) == 2
    shown = store.get_event(found[0]["id"])
    assert [r["id"] for r in shown["related"]] == [found[1]["id"]]


def test_undated_reports_merge_only_within_a_week(store):
    store.ingest([talks_result("u1", "x1", start=None, published="2025-10-10"),
                  talks_result("u2", "x2", start=None, published="2025-10-12"),
                  talks_result("u3", "x3", start=None, published="2025-11-30")])
    assert sorted(e["num_articles"] for e in store.list_events().items) == [1, 2]


VIETNAM = entity("country:VNM", "Vietnam", type="COUNTRY", name_vi="Việt Nam", country="VNM")
NORTH_KOREA = entity("country:PRK", "North Korea", type="COUNTRY", name_vi="Triều Tiên", country="PRK")


def test_country_level_report_joins_the_leaders_event(store):
    """"The two sides" of one article are the two leaders of another: found by the country key."""
    two_sides = event("E1", "040", ["country:VNM"], ["country:PRK"], start="2025-10-09", place=PYONGYANG)
    store.ingest([talks_result("c1", "x1"),
                  result("c2", "y2", entities=(VIETNAM, NORTH_KOREA), events=(two_sides,))])
    [fused] = store.list_events().items
    assert fused["num_articles"] == 2
    with store.engine.connect() as conn:
        keys = set(conn.execute(select(schema.events.c.country_key)).scalars())
    assert keys == {"=country:PRK|country:VNM"}


def test_country_level_report_stays_apart_when_it_could_be_two_meetings(store):
    """Kim met two Vietnamese leaders that day: "the two sides" could be either meeting."""
    chinh = entity("person:pham-minh-chinh", "Pham Minh Chinh", country="VNM")
    kim_chinh = event("E1", "040", ["person:pham-minh-chinh"], ["person:kim-jong-un"], start="2025-10-09")
    two_sides = event("E1", "040", ["country:VNM"], ["country:PRK"], start="2025-10-09")
    store.ingest([talks_result("m1", "x1"),
                  result("m2", "y2", entities=(chinh, KIM), events=(kim_chinh,)),
                  result("m3", "z3", entities=(VIETNAM, NORTH_KOREA), events=(two_sides,)),
                  result("m4", "w4", entities=(TO_LAM, NORTH_KOREA), events=(
                      event("E1", "040", ["person:to-lam"], ["country:PRK"], start="2025-10-09"),))])
    assert sorted(e["num_articles"] for e in store.list_events().items) == [1, 1, 2]


def test_migration_3_fills_the_country_key_of_an_existing_database(db_url):
    """A database from before migration 3 (no country_key column) gets it, filled in, on open."""
    first = open_store(db_url)
    first.ingest([talks_result("o1", "x1")])
    with first.engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_events_fusion_country")
        conn.exec_driver_sql("ALTER TABLE events DROP COLUMN country_key")
        conn.execute(schema.schema_migrations.delete().where(schema.schema_migrations.c.version == 3))
    first.close()
    again = open_store(db_url)
    assert [r.country_key for r in rows(again, schema.events)] == ["=country:PRK|country:VNM"]
    again.ingest([result("o2", "y2", entities=(VIETNAM, NORTH_KOREA), events=(
        event("E1", "040", ["country:VNM"], ["country:PRK"], start="2025-10-09"),))])
    [fused] = again.list_events().items
    assert fused["num_articles"] == 2
    again.close()


def test_migration_9_moves_the_vietnamese_sentence_and_writes_the_english_one(db_url):
    """A database from before migration 9 (``summary`` held the Vietnamese evidence sentence, no
    ``evidence_text``) loses no text: the Vietnamese sentence moves to ``evidence_text``, and
    ``summary`` becomes the English sentence where the stored report has one, else stays."""
    english = "To Lam held cordial talks with Kim Jong Un"
    talks, wishes = "Tô Lâm hội đàm thân mật với Kim Jong-un.", "Tô Lâm gửi điện chúc mừng Kim Jong-un."
    first = open_store(db_url)
    first.ingest([
        result("m1", talks, entities=(TO_LAM, KIM), events=(
            {**event("E1", "040", ["person:to-lam"], ["person:kim-jong-un"], start="2025-10-09",
                     evidence=talks), "summary": english},)),
        result("m2", wishes, entities=(TO_LAM, KIM), events=(  # a report stored without an English sentence
            event("E1", "051", ["person:to-lam"], ["person:kim-jong-un"], start="2025-09-01",
                  label_vi="chúc mừng", label_en="congratulated", evidence=wishes),)),
    ])
    events, docs = schema.events, schema.search_docs
    with first.engine.begin() as conn:  # back to version 8: what its writes left
        conn.execute(events.update().values(summary=events.c.evidence_text))
        for row in conn.execute(select(events.c.id, events.c.evidence_text)).all():
            conn.execute(docs.update().where(docs.c.kind == "event", docs.c.ref == row.id)
                         .values(body=fold(row.evidence_text)))
        conn.exec_driver_sql("ALTER TABLE events DROP COLUMN evidence_text")
        conn.execute(schema.schema_migrations.delete().where(schema.schema_migrations.c.version == 9))
    first.close()
    again = open_store(db_url)
    assert {r.cameo: (r.summary, r.evidence_text) for r in rows(again, events)} == {
        "040": (english, talks), "051": (wishes, wishes)}
    assert [e["cameo"] for e in again.search("cordial")["events"]] == ["040"]  # the English words are searched
    assert [e["cameo"] for e in again.search("than mat")["events"]] == ["040"]  # and the Vietnamese still
    more = "Tô Lâm và Kim Jong-un hội đàm thân mật tại Bình Nhưỡng."
    again.ingest([result("m3", more, outlet="tuoitre", entities=(TO_LAM, KIM), events=(  # fusion after it
        event("E1", "040", ["person:to-lam"], ["person:kim-jong-un"], start="2025-10-09", evidence=more),))])
    assert sorted(e["num_articles"] for e in again.list_events().items) == [1, 2]
    again.close()


# -- read queries ---------------------------------------------------------------------------------


@pytest.fixture
def filled(store):
    danang = {"name": "Da Nang", "name_vi": "Đà Nẵng", "country": "VNM", "kind": "city"}
    store.ingest([
        talks_result("f1", "Tô Lâm hội đàm với Kim Jong-un tại Bình Nhưỡng."),
        result("f2", "Tô Lâm tiếp Dmitry Medvedev tại Đà Nẵng.", published="2025-10-11",
               entities=(TO_LAM, MEDVEDEV), events=(event(
                   "E1", "043", ["person:to-lam"], ["person:dmitry-medvedev"], start="2025-10-10",
                   place=danang, label_vi="tiếp", label_en="received"),)),
        result("f3", "Medvedev gặp Kim Jong-un.", published="2025-10-12", entities=(MEDVEDEV, KIM),
               events=(event("E1", "040", ["person:dmitry-medvedev"], ["person:kim-jong-un"],
                             start="2025-10-10", place=PYONGYANG),)),
        result("f4", "Tô Lâm chúc mừng Kim Jong-un.", published="2025-09-02", entities=(TO_LAM, KIM),
               events=(event("E1", "051", ["person:to-lam"], ["person:kim-jong-un"], start="2025-09-01",
                             label_vi="chúc mừng", label_en="congratulated", plover="SUPPORT"),)),
    ])
    return store


@pytest.mark.parametrize("filters, expected", [
    (EventFilter(), ["f3", "f2", "f1", "f4"]),
    (EventFilter(actor="person:to-lam"), ["f2", "f1", "f4"]),
    (EventFilter(actor="to lam"), ["f2", "f1", "f4"]),  # a name, folded
    (EventFilter(actor="nobody"), []),
    (EventFilter(actor="LÂM"), ["f2", "f1", "f4"]),  # a word of the name, any case and marks
    (EventFilter(actor="medv"), ["f3", "f2"]),  # the start of a word
    (EventFilter(actor="m%"), []),  # LIKE's wildcards are taken literally
    (EventFilter(country="RUS"), ["f3", "f2"]),
    (EventFilter(cameo="04"), ["f3", "f2", "f1"]),
    (EventFilter(cameo="043"), ["f2"]),
    (EventFilter(cameo="support"), ["f4"]),
    (EventFilter(since=date(2025, 10, 10)), ["f3", "f2"]),
    (EventFilter(until=date(2025, 10, 9)), ["f1", "f4"]),
    (EventFilter(place="binh nhuong"), ["f3", "f1"]),
    (EventFilter(place="ĐÀ NẴNG"), ["f2"]),
    (EventFilter(place="Đà"), []),  # whole names only
    (EventFilter(place="PRK"), ["f3", "f1"]),
    (EventFilter(text="chuc mung"), ["f4"]),
    (EventFilter(actor="person:to-lam", cameo="04", since=date(2025, 10, 1)), ["f2", "f1"]),
])
def test_list_events_filters(filled, filters, expected):
    found = filled.list_events(filters).items
    assert [_article_of(filled, e) for e in found] == expected


def _article_of(store, event_row):
    [mention] = rows(store, schema.event_mentions, schema.event_mentions.c.event_id == event_row["id"])
    return mention.article_id


def test_cursor_pages_through_everything_once(filled):
    seen, cursor = [], None
    for sort in ("date", "date_asc", "mentions"):
        seen, cursor = [], None
        while True:
            page = filled.list_events(EventFilter(limit=1, cursor=cursor), sort)
            seen += [e["id"] for e in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) == 4
    with pytest.raises(StoreError):
        filled.list_events(EventFilter(cursor="!!"))


def test_get_event_has_actors_roles_evidence_articles(filled):
    [talks] = filled.list_events(EventFilter(cameo="040", actor="person:to-lam")).items
    shown = filled.get_event(talks["id"])
    assert shown["source"][0]["roles"][0]["title_vi"] == "Tổng Bí thư"
    assert shown["evidence"][0]["evidence"][0]["text"] == "Hai bên hội đàm."
    assert [a["id"] for a in shown["articles"]] == ["f1"]
    assert filled.get_event("nope") is None


@pytest.mark.parametrize("query", ["da nang", "ĐÀ NẴNG", "Đà Nẵng", "dA nẴ"])
def test_search_ignores_case_diacritics_and_d(filled, query):
    found = filled.search(query)
    assert [a["id"] for a in found["articles"]] == ["f2"]
    assert "Đà Nẵng" in found["articles"][0]["snippet"]
    assert len(found["events"]) == 1 and found["events"][0]["cameo"] == "043"


def test_search_of_nothing(filled):
    assert filled.search("   ") == {"articles": [], "events": []}
    assert filled.search("khongcochunay") == {"articles": [], "events": []}


def test_entities_timeline_pairs(filled):
    assert [e["id"] for e in filled.list_entities("to")] == ["person:to-lam"]
    assert [e["id"] for e in filled.list_entities("kim jong", type="person")] == ["person:kim-jong-un"]
    assert filled.list_entities("kim", type="COUNTRY") == []
    entity_page = filled.get_entity("person:kim-jong-un")
    assert entity_page["counterparts"][0] == {**entity_page["counterparts"][0], "id": "person:to-lam", "events": 2}
    assert "Kim Jong-un" in entity_page["aliases"]
    assert [e["date_start"] for e in filled.timeline("person:to-lam")] == ["2025-09-01", "2025-10-09", "2025-10-10"]
    assert [e["date_start"] for e in filled.timeline("person:to-lam", since=date(2025, 10, 1), limit=1)] == ["2025-10-09"]
    met = filled.pairs()
    assert len(met) == 3 and all(p["events"] == 1 for p in met)
    assert filled.pairs(root="05")[0]["a"]["id"] == "person:kim-jong-un"


# -- crash safety: kill -9 in the middle of a batch ------------------------------------------------

N_KILL = 80
_INGEST_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from tests.test_store import synthetic_batch
from sukien.store import open_store
delay = float(sys.argv[2])
def slowly():
    for i, item in enumerate(synthetic_batch({n})):
        yield item
        time.sleep(delay)
        if delay and i == {n} * 3 // 4:
            time.sleep(120)  # a batch stays open here until the test kills the process
store = open_store(sys.argv[1])
store.ingest(slowly())
print("done")
"""


def synthetic_batch(n: int):
    """Articles whose events fuse across articles: 6 actor pairs x 5 days."""
    people = [entity(f"person:p{i}", f"Person {i}", country="VNM", mentions=((0, 3, "ông"),)) for i in range(6)]
    for i in range(n):
        a, b = people[i % 6], people[(i + 1) % 6]
        day = f"2025-10-{10 + i % 5:02d}"
        yield result(f"k{i:04d}", f"{i} " + filler(i, 40), entities=(a, b), published="2025-10-20",
                     outlet=f"outlet{i % 3}", events=(
                         event("E1", "040", [a["id"]], [b["id"]], start=day),
                         event("E2", "051", [a["id"]], [b["id"]], start=day, plover="SUPPORT")))


def _state(url):
    opened = open_store(url)
    with opened.engine.connect() as conn:
        fused = sorted(conn.execute(select(schema.events.c.id, schema.events.c.num_mentions,
                                           schema.events.c.num_articles)).all())
        doubled = conn.execute(select(func.count()).select_from(
            select(schema.event_mentions.c.article_id, schema.event_mentions.c.article_event_id)
            .group_by(schema.event_mentions.c.article_id, schema.event_mentions.c.article_event_id)
            .having(func.count() > 1).subquery())).scalar()
    counts = {k: v for k, v in opened.counts().items() if k != "ingestion_runs"}
    opened.close()
    return counts, fused, doubled


def test_kill_9_mid_batch_loses_nothing_and_doubles_nothing(db_url, tmp_path):
    script = tmp_path / "ingest.py"
    script.write_text(_INGEST_SCRIPT.format(root=str(TESTS.parent), n=N_KILL))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS.parent / "src"), str(TESTS.parent)])}
    victim = subprocess.Popen([sys.executable, str(script), db_url, "0.02"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    stored = 0
    while time.time() < deadline and stored < N_KILL // 3:
        time.sleep(0.1)
        try:
            stored = _state(db_url)[0]["articles"]
        except StoreError:
            continue  # not migrated yet
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    killed_at = _state(db_url)[0]["articles"]
    assert N_KILL // 3 <= killed_at < N_KILL
    rerun = subprocess.run([sys.executable, str(script), db_url, "0"], env=env, capture_output=True,
                           text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    counts, fused, doubled = _state(db_url)
    reference_url = db_url.replace("test.db", "reference.db") if db_url.startswith("sqlite") else None
    if reference_url:  # an uninterrupted run into a fresh file must give the same database
        clean = open_store(reference_url)
        clean.ingest(synthetic_batch(N_KILL))
        clean.close()
        assert (counts, fused) == _state(reference_url)[:2]
    assert counts["articles"] == N_KILL and counts["event_mentions"] == 2 * N_KILL
    assert counts["events"] == 2 * 6 * 5 and doubled == 0
    assert sum(n for _, n, _ in fused) == 2 * N_KILL
    opened = open_store(db_url)
    assert_pair_counts_consistent(opened)
    opened.close()


# -- CLI ------------------------------------------------------------------------------------------


@pytest.fixture
def cli():
    typer = pytest.importorskip("typer")
    from typer.testing import CliRunner

    from sukien.cli import query, store
    app = typer.Typer()
    store.register(app)
    query.register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_cli_queries(filled, cli):
    url = filled.url
    listed = cli("events", "--db", url, "--format", "jsonl", "--actor", "tô lâm")
    assert listed.exit_code == 0, listed.output
    items = [json.loads(line) for line in listed.stdout.splitlines() if line.startswith("{")]
    assert len(items) == 3
    table = cli("events", "--db", url, "--type", "043")
    assert table.exit_code == 0 and "Đà Nẵng" in table.output and "received" in table.output
    shown = cli("show", items[0]["id"], "--db", url)
    assert shown.exit_code == 0 and "evidence" in shown.output and "Tô Lâm" in shown.output
    assert cli("show", "nope", "--db", url).exit_code == 1
    for args in (("entities", "kim"), ("search", "binh nhuong"), ("timeline", "Tô Lâm"), ("pairs",)):
        out = cli(*args, "--db", url)
        assert out.exit_code == 0, (args, out.output)
    assert "Kim Jong" in cli("pairs", "--db", url).output
    assert cli("timeline", "nobody", "--db", url).exit_code == 2
    bad = cli("events", "--db", "nosuch://x")
    assert bad.exit_code == 2 and bad.output.count("\n") == 1


def test_cli_ingest_reports_bad_lines_and_continues(db_url, cli, tmp_path, monkeypatch):
    from sukien import pipeline
    monkeypatch.setattr(pipeline.StoreProcess, "__call__", lambda self, article: talks_result(article.id, article.text))
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"j{i}", "text": f"Tô Lâm hội đàm {i}.", "published": "2025-10-10"},
                        ensure_ascii=False) for i in range(3)]
    source.write_text("\n".join([lines[0], "{not json", lines[1], lines[2]]) + "\n", encoding="utf-8")
    first = cli("ingest", source, "--db", db_url)
    assert first.exit_code == 1  # one bad line
    # the error names the file and the line on one line, however long the file's path
    assert f"{source}:2: invalid JSON" in first.output and "articles added" in first.output
    opened = open_store(db_url)
    assert opened.counts()["articles"] == 3 and opened.list_events().items[0]["num_articles"] == 3
    opened.close()
    again = cli("ingest", source, "--db", db_url)
    assert "articles unchanged" in again.output
    opened = open_store(db_url)
    assert opened.counts()["event_mentions"] == 3
    opened.close()
