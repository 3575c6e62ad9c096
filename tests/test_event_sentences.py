"""An event's two sentences, from ingest to every reader: ``summary`` is the English sentence
the templates write, ``evidence_text`` the Vietnamese sentence it was read from.

One article written for this test goes through the real pipeline into SQLite (and PostgreSQL
when ``SUKIEN_TEST_PG`` is set); the store, ``sukien events`` and ``show``, the API, the
PLOVER and Parquet exports all give the two under the same names, and a Vietnamese word of
the evidence sentence still finds the event.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from sukien import pipeline
from sukien.model import Article
from sukien.store import open_store
from tests.store_fixtures import db_url  # noqa: F401  (SQLite, and PostgreSQL when one is given)

TITLE = "Việt Nam và Lào bàn về tuyến đường sắt xuyên biên giới"
SENTENCE = ("Chiều 3/11, tại Hà Nội, Thủ tướng Phạm Minh Chính đã hội đàm với Thủ tướng Lào "
            "Sonexay Siphandone về dự án đường sắt nối hai nước.")
BODY = SENTENCE + "\nHai bên nhất trí sẽ sớm hoàn tất nghiên cứu khả thi của dự án."


@pytest.fixture
def stored(db_url):  # noqa: F811
    store = open_store(db_url)
    article = Article(text=f"{TITLE}\n{BODY}", id="sentences-1", title=TITLE, published=date(2026, 11, 4),
                      outlet="test")
    assert not store.ingest([pipeline.process(article)]).errors
    yield store
    store.close()


@pytest.fixture
def talks(stored):
    [found] = [e for e in stored.list_events().items if e["cameo"].startswith("04")]
    return found


def assert_two_sentences(event):
    assert event["summary"].startswith("Phạm Minh Chính (Vietnam) held talks with Sonexay Siphandone (Laos)")
    assert event["evidence_text"] in SENTENCE and "hội đàm" in event["evidence_text"]


def test_store_keeps_the_english_summary_and_the_vietnamese_sentence(stored, talks):
    assert_two_sentences(talks)
    shown = stored.get_event(talks["id"])
    assert_two_sentences(shown)
    assert shown["evidence_text"] in [span["text"] for item in shown["evidence"] for span in item["evidence"]]


@pytest.mark.parametrize("query", ["đường sắt", "duong sat", "hội đàm", "Sonexay"])
def test_search_by_the_vietnamese_sentence_still_finds_the_event(stored, talks, query):
    assert talks["id"] in [e["id"] for e in stored.search(query)["events"]]


def test_search_by_the_english_summary_finds_the_event(stored, talks):
    assert talks["id"] in [e["id"] for e in stored.search("Nov 2026")["events"]]


def test_cli_events_and_show(stored, talks):
    typer = pytest.importorskip("typer")
    from typer.testing import CliRunner

    from sukien.cli import query
    app = typer.Typer()
    query.register(app)
    run = CliRunner().invoke
    listed = run(app, ["events", "--db", stored.url, "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    [item] = [json.loads(line) for line in listed.stdout.splitlines() if talks["id"] in line]
    assert_two_sentences(item)
    table = run(app, ["events", "--db", stored.url, "--format", "csv"])
    [row] = [r for r in csv.DictReader(io.StringIO(table.stdout)) if r["id"] == talks["id"]]
    assert_two_sentences(row)
    shown = run(app, ["show", talks["id"], "--db", stored.url, "--format", "json"])
    assert_two_sentences(json.loads(shown.stdout))
    text = run(app, ["show", talks["id"], "--db", stored.url])
    assert talks["summary"] in text.stdout and talks["evidence_text"] in text.stdout


def test_api_gives_both_under_their_names(stored, talks):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from sukien.api.app import create_app
    from sukien.api.settings import ApiSettings
    client = TestClient(create_app(stored, ApiSettings()))
    assert_two_sentences(client.get(f"/api/events/{talks['id']}").json())
    [listed] = [e for e in client.get("/api/events").json()["items"] if e["id"] == talks["id"]]
    assert_two_sentences(listed)
    found = client.get("/api/search", params={"q": "đường sắt"}).json()["events"]
    assert_two_sentences(next(e for e in found if e["id"] == talks["id"]))
    fields = client.get("/openapi.json").json()["components"]["schemas"]["EventSummary"]["properties"]
    assert "English" in fields["summary"]["description"]
    assert "Vietnamese" in fields["evidence_text"]["description"]


def test_plover_comment_is_english_and_its_text_vietnamese(stored, talks, tmp_path):
    from sukien.export import export
    export(stored, "plover", tmp_path / "events.plover")
    records = [json.loads(line) for line in (tmp_path / "events.plover").read_text(encoding="utf-8").splitlines()]
    [record] = [r for r in records if r["id"] == talks["id"]]
    assert record["comment"] == talks["summary"]
    assert record["text"] == talks["evidence_text"]


def test_parquet_has_both_columns(stored, talks, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from sukien.export import export
    export(stored, "parquet", tmp_path / "events.parquet")
    rows = pq.read_table(tmp_path / "events.parquet").to_pylist()
    assert_two_sentences(next(r for r in rows if r["id"] == talks["id"]))
