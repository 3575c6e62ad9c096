"""Batched ingestion (store.batch): a batch writes what writing its articles one at a time
writes, whatever the batch size, on SQLite and PostgreSQL (see store_fixtures); copies are
found through stored LSH band keys; what one batch keeps for the next (EventCache) never
outlives a change another writer made; ``ingest_articles`` skips the pipeline for stored
bodies and exact copies."""
from __future__ import annotations

import json
import random
import zlib

import pytest
from sqlalchemy import select

from sukien.store import open_store, schema
from sukien.store.fused import EventCache
from tests.store_fixtures import (  # noqa: F401  (fixtures are used by name)
    KIM,
    MEDVEDEV,
    PYONGYANG,
    TO_LAM,
    db_url,
    entity,
    event,
    result,
    role,
    talks_result,
)

UNSTAMPED = {"updated_at", "run_id"}


def filler(seed: int, words: int = 60) -> str:
    rng = random.Random(seed)
    return " ".join(f"{rng.choice('bcdghklmnpqrstvx')}{rng.choice('aeiouy')}{rng.randint(0, 999)}"
                    for _ in range(words))


def mixed_input() -> list:
    """Joins, new events, mirrors, country-level reports, discovered people merging, roles,
    an exact copy, a near copy, an article repeated, and one updated within the input."""
    people = [entity(f"discovered:person:p{i}", f"Người {i % 3}", name_vi=f"Người {i % 3}",
                     country=("VNM" if i % 2 else None), discovered=True, mentions=((0, 3, "ông"),),
                     roles=(role("Bộ trưởng", "Minister", "VNM"),)) for i in range(6)]
    vietnam = entity("country:VNM", "Vietnam", type="COUNTRY", name_vi="Việt Nam", country="VNM")
    korea = entity("country:PRK", "North Korea", type="COUNTRY", name_vi="Triều Tiên", country="PRK")
    items = []
    for i in range(36):
        a, b = people[i % 6], people[(i + 2) % 6]
        day = f"2025-10-{10 + i % 4:02d}"
        items.append(result(f"m{i:03d}", f"{i} " + filler(i), entities=(a, b, TO_LAM, KIM),
                            published=f"2025-10-{12 + i % 5:02d}", outlet=f"o{i % 3}", events=(
                                event("E1", "040", [a["id"]], [b["id"]], start=day),
                                event("E2", "042", ["person:to-lam"], ["person:kim-jong-un"], start=day,
                                      place=PYONGYANG, label_vi="thăm", label_en="visit"),
                                event("E3", "043", ["person:kim-jong-un"], ["person:to-lam"], start=day,
                                      label_vi="đón", label_en="host"),
                                event("E4", "051", [a["id"]], ["person:kim-jong-un"], start=None))))
        if i % 7 == 3:
            items.append(result(f"c{i:03d}", filler(1000 + i), entities=(vietnam, korea), events=(
                event("E1", "040", ["country:VNM"], ["country:PRK"], start=day),)))
    body = "Tô Lâm hội đàm với Kim Jong-un. " + filler(99, 200)
    items += [talks_result("orig", body), talks_result("near", body + " (theo TTXVN)", outlet="baomoi"),
              talks_result("exact", body, outlet="other"), items[0],
              result("m005", "Bài sửa: " + filler(5), entities=(TO_LAM, MEDVEDEV), events=(
                  event("E1", "040", ["person:to-lam"], ["person:dmitry-medvedev"], start="2025-10-11"),))]
    return items


def dump(url: str) -> dict[str, list[str]]:
    """Every table but the run log, rows as sorted JSON, without timestamps and row ids."""
    opened = open_store(url)
    out = {}
    with opened.engine.connect() as conn:
        roles = {r.id: (r.entity_id, r.role_key) for r in conn.execute(select(schema.entity_roles))}
        for table in schema.metadata.sorted_tables:
            if table.name in ("ingestion_runs", "schema_migrations"):
                continue
            keep = [c for c in table.columns if c.name not in UNSTAMPED and not (
                c.name == "id" and table.name not in ("articles", "entities", "events"))]
            rows = []
            for row in conn.execute(select(*keep)):
                values = dict(row._mapping)
                if "role_id" in values:
                    values["role_id"] = roles[values["role_id"]]
                rows.append(json.dumps(values, sort_keys=True, default=str, ensure_ascii=False))
            out[table.name] = sorted(rows)
    opened.close()
    return out


@pytest.mark.parametrize("size", [1, 5, 500])
def test_a_batch_writes_what_one_article_at_a_time_writes(db_url, size, tmp_path):
    items = mixed_input()
    reference = f"sqlite:///{tmp_path / 'one-by-one.db'}"
    with open_store(reference) as store:
        one = store.ingest(items, batch_size=1)
    with open_store(db_url) as store:
        summary = store.ingest(items, batch_size=size)
    assert summary.counts() == one.counts()
    assert (summary.duplicates, summary.articles_updated, summary.articles_unchanged) == (2, 1, 1)
    assert dump(db_url) == dump(reference)
    with open_store(db_url) as store, store.engine.connect() as conn:
        copies = dict(conn.execute(select(schema.articles.c.id, schema.articles.c.duplicate_of).where(
            schema.articles.c.duplicate_of.is_not(None))).all())
    assert copies == {"near": "orig", "exact": "orig"}


def test_rerunning_in_other_batches_adds_nothing(db_url):
    items = mixed_input()[:-1]  # without the second version of an article
    with open_store(db_url) as store:
        store.ingest(items, batch_size=7)
        before = dump(db_url)
        again = store.ingest(items, batch_size=11)
    assert again.articles_added == again.articles_updated == again.event_mentions == 0
    assert dump(db_url) == before


def test_a_malformed_result_fails_alone_in_its_batch(db_url):
    broken = result("bad", "Tô Lâm.", entities=({"type": "PERSON", "name": "no id"},))
    with open_store(db_url) as store:
        summary = store.ingest([talks_result("g1"), broken, talks_result("g2", "Bài hai.")], batch_size=50)
        with store.engine.connect() as conn:
            ids = sorted(conn.execute(select(schema.articles.c.id)).scalars())
    assert ids == ["g1", "g2"] and len(summary.errors) == 1 and "bad" in summary.errors[0][1]
    assert summary.events_created == 1 and summary.events_merged == 1


def test_copies_are_found_through_stored_band_keys_after_migration_4(db_url):
    """An older database gets the band keys of its stored signatures when it is opened."""
    body = "Tô Lâm hội đàm với Kim Jong-un. " + filler(7, 200)
    with open_store(db_url) as store:
        store.ingest([talks_result("orig", body)])
        with store.engine.begin() as conn:
            conn.execute(schema.article_lsh.delete())
            conn.execute(schema.schema_migrations.delete().where(schema.schema_migrations.c.version == 4))
    with open_store(db_url) as store:
        assert store.counts()["article_lsh"] == 9
        copy = talks_result("copy", body + " Nguồn: TTXVN.", outlet="baomoi")
        assert store.duplicate_of(copy.article) == "orig"
        assert store.ingest([copy]).duplicates == 1


def test_what_a_batch_keeps_for_the_next_yields_to_another_writer(db_url):
    """Two stores on one database: each sees the reports the other added to a shared event."""
    first, second = open_store(db_url), open_store(db_url)
    try:
        first.ingest([talks_result("w1")])
        second.ingest([talks_result("w2", "Bài hai.", outlet="tuoitre")])
        first.ingest([talks_result("w3", "Bài ba.", outlet="thanhnien")])
        [fused] = first.list_events().items
        assert (fused["num_mentions"], fused["num_articles"], fused["num_sources"]) == (3, 3, 3)
        assert fused["last_seen"] == "2025-10-10"
    finally:
        first.close()
        second.close()


def test_the_event_cache_is_bounded_and_checked_against_updated_at():
    from datetime import UTC, datetime

    from sukien.fuse_reports import Reports
    cache = EventCache(size=2)
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    for name in ("a", "b", "c"):
        cache.put(name, stamp, [name], Reports())
    assert cache.get("a", stamp) is None and cache.get("c", stamp) == (("c",), Reports())
    assert cache.get("c", stamp.replace(tzinfo=None)) is not None  # SQLite gives it back naive
    assert cache.get("c", datetime(2026, 1, 2, tzinfo=UTC)) is None


def test_ingest_articles_skips_the_pipeline_for_stored_bodies_and_exact_copies(db_url):
    calls = []

    def process(article):
        calls.append(article.id)
        return talks_result(article.id, article.text, outlet=article.outlet or "x")

    first = [talks_result("p1").article, talks_result("p2", "Bài khác.").article]
    again = [*first, talks_result("p3", first[0].text, outlet="copy").article]
    with open_store(db_url) as store:
        done = store.ingest_articles(first, process)
        assert (done.articles_added, calls) == (2, ["p1", "p2"])
        redone = store.ingest_articles(again, process)
        assert (redone.articles_unchanged, redone.duplicates, calls) == (2, 1, ["p1", "p2"])
        forced = store.ingest_articles(first, process, force=True)
        assert forced.articles_unchanged == 2 and calls[-2:] == ["p1", "p2"]


def test_the_progress_total_counts_jsonl_lines_and_files(tmp_path):
    from sukien.cli.store import _count_articles
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text("Tin\n\nx", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("x", encoding="utf-8")
    assert _count_articles([str(tmp_path)]) == 3
    assert _count_articles([str(tmp_path / "a.jsonl"), "-"]) is None


def test_shares_are_read_only_for_events_counted_otherwise(db_url, monkeypatch):
    """A report joining an event, no surer than its best and changing nothing it is counted by,
    leaves the summary tables as they are without reading the event's share; a surer one, a
    re-dated event or a withdrawn report moves them; the tables always equal a recount."""
    from sukien.store import summary, summary_rebuild
    from sukien.store.engine import write_transaction
    from tests.test_store_summary import snapshot

    read: list[set[str]] = []
    shares = summary.shares

    def spy(conn, ids):
        ids = list(ids)
        read.append(set(ids))
        return shares(conn, ids)

    monkeypatch.setattr(summary, "shares", spy)

    def talks(key: str, confidence: float, start: str = "2025-10-09") -> object:
        # A body of its own for each key: str's hash is salted per process, and two keys sharing a body
        # would make one article a near copy of the other.
        return result(key, f"{key} " + filler(zlib.crc32(key.encode())), entities=(TO_LAM, KIM), events=(
            event("E1", "040", ["person:to-lam"], ["person:kim-jong-un"], start=start, place=PYONGYANG,
                  confidence=confidence),))

    def ingest(store, item) -> set[str]:
        read.clear()
        store.ingest([item])
        return set().union(*read)

    def exact(store) -> None:
        kept = snapshot(store)
        with write_transaction(store.engine) as conn:
            summary_rebuild.rebuild(conn)
        assert snapshot(store) == kept

    store = open_store(db_url)
    ingest(store, talks("a1", 0.9))
    (event_id,) = [r.id for r in event_row_ids(store)]
    assert event_id not in ingest(store, talks("a2", 0.8))  # joined, counted alike: no share read
    exact(store)
    assert event_id in ingest(store, talks("a3", 0.95))  # surer: another band
    exact(store)
    assert event_id in ingest(store, talks("a2", 0.8, start="2025-10-08"))  # a new version: withdrawn
    exact(store)
    assert len(event_row_ids(store)) == 2
    store.close()


def event_row_ids(store) -> list:
    with store.engine.connect() as conn:
        return conn.execute(select(schema.events.c.id)).all()


def test_extracted_batches_close_on_cpu_time_or_the_clock():
    import time

    from sukien.store import _batches

    def busy(n, seconds):  # items that each cost ``seconds`` of CPU time to make
        for i in range(n):
            end = time.process_time() + seconds
            while time.process_time() < end:
                pass
            yield i

    def slow(n, seconds):  # items that each take ``seconds`` to arrive, costing no CPU time
        for i in range(n):
            time.sleep(seconds)
            yield i

    # The window opens when a batch's first item has arrived: 0.05 s of CPU time closes it at the
    # fourth item of 0.02 s however long the clock took.
    by_cpu = list(_batches(busy(9, 0.02), 500, 60.0, 0.05))
    assert [len(b) for b in by_cpu] == [4, 4, 1] and sum(by_cpu, []) == list(range(9))
    by_clock = list(_batches(slow(6, 0.03), 500, 0.05, 60.0))
    assert 2 <= len(by_clock) < 6 and all(len(b) <= 3 for b in by_clock) and sum(by_clock, []) == list(range(6))
    assert [len(b) for b in _batches(range(7), 3, 60.0, 60.0)] == [3, 3, 1]
