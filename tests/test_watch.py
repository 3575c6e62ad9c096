"""``sukien watch`` against feeds served on loopback that change during the test.

A ``ThreadingHTTPServer`` on 127.0.0.1 serves RSS built at run time from the bundled
example articles (``src/sukien/data/examples``), with ETags (an unchanged feed answers
304) and routes the test switches to a 500. Checked: a new item is stored and alerted
within one polling period; a failing feed is reported in one line and retried with
back-off while another feed goes on; a real ``sukien watch`` killed with SIGKILL in the
middle of its work and started again ends with the database and the alert file an
uninterrupted run gives (nothing lost, nothing twice). Every loop has a deadline.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from email.utils import format_datetime
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from sukien.ingest import read_articles
from sukien.model import Article
from sukien.store import open_store
from sukien.watch import AlertRule, AlertSink, Watcher, WatchSettings, parse_alert, parse_source
from sukien.watch.sources import FEED, FILES
from tests.conftest import EXAMPLES
from tests.store_fixtures import db_url  # noqa: F401  (a fixture, used by name)

LOOPBACK = "127.0.0.1"
NO_PROXY = {"no_proxy": LOOPBACK, "NO_PROXY": LOOPBACK}
DEADLINE = 60.0  # seconds any wait in these tests may last


def examples() -> list[Article]:
    return [a for a in read_articles(sorted(EXAMPLES.glob("*.txt"))) if isinstance(a, Article)]


def rss(articles: list[Article], title: str = "Tin thế giới") -> bytes:
    """An RSS 2.0 feed of the articles (guid: the article's id), as news sites publish them."""
    items = "".join(
        f"<item><guid isPermaLink=\"false\">{escape(a.id)}</guid><title>{escape(a.title or a.id)}</title>"
        f"<link>http://{LOOPBACK}/news/{escape(a.id)}.html</link>"
        f"<pubDate>{format_datetime(datetime(2026, 5, 14, 8, 0, tzinfo=UTC))}</pubDate>"
        f"<description>{escape(a.text)}</description></item>" for a in articles)
    return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>{title}</title>"
            f"<link>http://{LOOPBACK}/</link><description>test</description>{items}</channel></rss>").encode()


class Feeds:
    """Routes of the loopback server: path → (status, body); hits counted per path."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()

    def set(self, path: str, body: bytes, status: int = 200) -> None:
        with self.lock:
            self.routes[path] = (status, body)


@pytest.fixture
def feeds(monkeypatch):
    served = Feeds()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the stdlib's name)
            with served.lock:
                served.hits[self.path] = served.hits.get(self.path, 0) + 1
                status, body = served.routes.get(self.path, (404, b"not found"))
            etag = '"' + hashlib.sha1(body).hexdigest() + '"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            if status == 200:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    for name, value in NO_PROXY.items():
        monkeypatch.setenv(name, value)
    served.base = f"http://{LOOPBACK}:{server.server_address[1]}"
    yield served
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def wait_for(condition, what: str, deadline: float = DEADLINE):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"gave up after {deadline:.0f} s waiting for {what}")


def alert_ids(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def seen(db: Path) -> int:
    """Articles the watcher has recorded as done (stored, alerted), 0 before its tables exist."""
    try:
        return query(db, "SELECT count(*) FROM watch_seen WHERE kind = 'article'")[0][0] if db.exists() else 0
    except sqlite3.Error:
        return 0


def query(db: Path | str, sql: str) -> list[tuple]:
    """Rows of a query on a SQLite file (read-only) or a database URL."""
    if isinstance(db, Path):
        with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=10)) as conn:
            return conn.execute(sql).fetchall()
    engine = create_engine(db, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


# -- options --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, kind", [
    ("http://127.0.0.1:8000/rss", FEED), ("HTTPS://127.0.0.1/feed.xml", FEED), (str(EXAMPLES), FILES),
])
def test_sources_are_feeds_or_folders(text, kind):
    assert parse_source(text).kind == kind


@pytest.mark.parametrize("text", ["ftp://127.0.0.1/rss", "/no/such/folder", "http://"])
def test_a_source_that_is_neither_is_refused(text):
    from sukien.errors import InputError
    with pytest.raises(InputError):
        parse_source(text)


@pytest.mark.parametrize("text, pair", [
    ("country=LAO", ("country", "LAO")), ("type = 042", ("type", "042")),
    ("Actor=Lê Minh Hòa", ("actor", "Lê Minh Hòa")),
])
def test_alert_filters_are_key_value(text, pair):
    assert parse_alert(text) == pair


def test_alert_values_of_one_key_are_any_of_them_and_keys_all():
    rule = AlertRule.of([("country", "LAO"), ("type", "042"), ("country", "KHM")])
    assert sorted((f.country, f.cameo) for f in rule.filters()) == [("KHM", "042"), ("LAO", "042")]
    assert str(rule) == "country=LAO country=KHM type=042"


@pytest.mark.parametrize("every, failures, wait", [
    (600, 1, 30), (600, 2, 60), (600, 5, 480), (600, 8, 3600), (600, 30, 3600), (2, 1, 2), (2, 3, 8),
])
def test_a_failing_source_is_retried_with_exponential_back_off(every, failures, wait):
    assert WatchSettings(every=every).retry_after(failures) == wait


@pytest.mark.parametrize("args, problem", [
    (["--every", "0s"], "--every"), (["--alert", "colour=red"], "--alert"),
    (["--alert", "country=Atlantis"], "--alert 'country=Atlantis': no country"),
    (["--alert", "type=999"], "--alert 'type=999': no CAMEO code"),
    (["--alert-out", "a.jsonl"], "--alert-out needs"),
])
def test_bad_options_stop_with_one_line(args, problem, tmp_path):
    done = sukien("watch", str(EXAMPLES), "--once", "--db", str(tmp_path / "w.db"), *args, cwd=tmp_path)
    assert done.returncode == 2 and problem in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "w.db").exists()


# -- feeds on loopback ----------------------------------------------------------------------------


def test_a_new_item_is_stored_and_alerted_within_one_polling_period(feeds, tmp_path):
    news = examples()
    feeds.set("/rss", rss(news[:1]))
    store = open_store(str(tmp_path / "w.db"))
    alerts = tmp_path / "alerts.jsonl"
    every = 2.0
    watcher = Watcher(store, [parse_source(feeds.base + "/rss")], WatchSettings(every=every),
                      rule=AlertRule.of([("type", "04")]), sink=AlertSink(alerts))
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, kwargs={"stop": stop}, daemon=True)
    thread.start()
    try:
        wait_for(lambda: seen(tmp_path / "w.db") == 1, "the first item done")
        first = alert_ids(alerts)
        assert first, "the first item's events were not alerted"
        wait_for(lambda: feeds.hits.get("/rss", 0) >= 2, "a second poll (answered 304)")
        feeds.set("/rss", rss(news[:4]))  # three new items at the top of the feed
        added = time.monotonic()
        wait_for(lambda: len(query(tmp_path / "w.db", "SELECT id FROM articles")) == 4, "the new items stored")
        wait_for(lambda: len(alert_ids(alerts)) > len(first), "the new items' alerts")
        elapsed = time.monotonic() - added
    finally:
        stop.set()
        thread.join(timeout=DEADLINE)
        store.close()
    assert elapsed <= every + 3.0, f"new items alerted {elapsed:.1f} s after they appeared (period {every} s)"
    ids = alert_ids(alerts)
    assert len(ids) == len(set(ids)) and ids[:len(first)] == first
    new_articles = {a.id for a in news[1:4]}
    for line in alerts.read_text(encoding="utf-8").splitlines()[len(first):]:
        event = json.loads(line)
        assert event["cameo"].startswith("04") and event["alert"]["filter"] == "type=04"
        assert {a["id"] for a in event["articles"]} & new_articles


def test_a_failing_feed_is_reported_while_another_goes_on(feeds, tmp_path):
    feeds.set("/good", rss(examples()[:2]))
    feeds.set("/bad", b"server trouble", status=500)
    db = tmp_path / "w.db"
    done = sukien("watch", feeds.base + "/bad", feeds.base + "/good", "--once", "--db", str(db),
                  "--alert", "type=04", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    failures = [line for line in done.stderr.splitlines() if "/bad" in line]
    assert len(failures) == 1 and "HTTP 500" in failures[0] and "next try in" in failures[0]
    assert len(query(db, "SELECT id FROM articles")) == 2
    alerted = [json.loads(line) for line in done.stdout.splitlines()]
    assert alerted and all(e["cameo"].startswith("04") for e in alerted)
    assert query(db, "SELECT failures FROM watch_sources WHERE source LIKE '%/bad'") == [(1,)]


def test_back_off_doubles_until_the_feed_answers_then_resets(feeds, tmp_path):
    feeds.set("/flaky", b"", status=503)
    now = [1000.0]
    lines: list[str] = []
    store = open_store(str(tmp_path / "w.db"))
    source = parse_source(feeds.base + "/flaky")
    watcher = Watcher(store, [source], WatchSettings(every=60, retry_first=5), report=lines.append,
                      clock=lambda: now[0])
    waits = []
    for _ in range(4):
        report = watcher.poll(source)
        waits.append(watcher.due[source.name] - now[0])
        assert report.error == "HTTP 503 Service Unavailable"
    assert waits == [5, 10, 20, 40] and len(lines) == 4
    feeds.set("/flaky", rss(examples()[:1]))
    report = watcher.poll(source)
    assert report.error is None and report.stored == 1 and watcher.due[source.name] - now[0] == 60
    assert watcher.state.source(source).failures == 0
    store.close()


def test_a_folder_is_watched_for_new_and_changed_files(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    news = sorted(EXAMPLES.glob("*.txt"))
    (inbox / news[0].name).write_bytes(news[0].read_bytes())
    store = open_store(str(tmp_path / "w.db"))
    watcher = Watcher(store, [parse_source(str(inbox))], WatchSettings(every=1))
    assert [r.articles for r in watcher.poll_due(everything=True)] == [1]
    assert [r.articles for r in watcher.poll_due(everything=True)] == [0]  # nothing new: the file is not read again
    (inbox / news[1].name).write_bytes(news[1].read_bytes())
    (inbox / ".hidden.txt").write_bytes(news[2].read_bytes())
    assert [r.articles for r in watcher.poll_due(everything=True)] == [1]
    store.close()


def test_a_growing_jsonl_file_gives_only_its_new_lines_in_chunks(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    records = [json.dumps({"id": a.id, "title": a.title, "text": a.text, "published": "2026-05-14"},
                          ensure_ascii=False) for a in examples()[:4]]
    feed = inbox / "news.jsonl"
    feed.write_text("\n".join(records[:3]) + "\n", encoding="utf-8")
    store = open_store(str(tmp_path / "w.db"))
    watcher = Watcher(store, [parse_source(str(inbox))], WatchSettings(every=1, chunk=2),
                      rule=AlertRule.of([("type", "04")]), sink=AlertSink(tmp_path / "alerts.jsonl"))
    first = watcher.poll_due(everything=True)[0]
    with feed.open("a", encoding="utf-8") as handle:
        handle.write(records[3] + "\n")
    second = watcher.poll_due(everything=True)[0]
    store.close()
    assert (first.articles, first.stored, second.articles, second.stored) == (3, 3, 1, 1)
    assert second.alerts == len(alert_ids(tmp_path / "alerts.jsonl")) - first.alerts
    assert seen(tmp_path / "w.db") == 4


def test_entries_without_a_guid_keep_their_key_as_new_entries_arrive():
    from sukien.contract import article_id
    from sukien.watch.sources import feed_articles
    news = examples()[:3]
    no_guid = [re.sub(rb"<guid[^>]*>.*?</guid>", b"", rss(part)) for part in (news[1:], news)]
    first, later = (feed_articles(data, f"http://{LOOPBACK}/rss", date(2026, 5, 14)) for data in no_guid)
    keys = {a.title: article_id(a) for a in first}
    assert all(keys[a.title] == article_id(a) for a in later if a.title in keys) and len(later) == 3
    assert {a.outlet for a in later} == {LOOPBACK}


def test_a_feed_that_is_no_feed_is_a_failure_and_an_empty_one_is_not(feeds, tmp_path):
    feeds.set("/html", b"<html><body>maintenance</body></html>")
    feeds.set("/empty", rss([]))
    store = open_store(str(tmp_path / "w.db"))
    lines: list[str] = []
    watcher = Watcher(store, [parse_source(feeds.base + p) for p in ("/html", "/empty")], report=lines.append)
    broken, empty = watcher.poll_due(everything=True)
    store.close()
    assert broken.error and "/html" in lines[0] and len(lines) == 1
    assert empty.error is None and empty.articles == 0


# -- kill -9 of a real watcher ---------------------------------------------------------------------


def sukien(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from sukien.cli import main; main()", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env={**os.environ, **NO_PROXY})


def state(db: Path | str) -> dict[str, object]:
    return {
        "articles": sorted(r[0] for r in query(db, "SELECT id FROM articles")),
        "events": sorted(query(db, "SELECT id, num_mentions, num_articles FROM events")),
        "mentions": query(db, "SELECT count(*), count(DISTINCT article_id || '#' || article_event_id)"
                              " FROM event_mentions")[0],
        "seen": query(db, "SELECT count(*) FROM watch_seen")[0][0],
    }


@pytest.mark.parametrize("moment", ["stored", "alerting"])
def test_kill_9_in_the_middle_loses_and_doubles_nothing(moment, db_url, feeds, tmp_path):
    """Killed once articles are stored (none recorded as done, no alert written yet), or once
    the first alert line is out (the rest not): a restart finishes the work, once, and the
    database equals that of an uninterrupted run (on SQLite, a fresh file) on either back end."""
    news = examples()
    feeds.set("/rss", rss(news))
    db = tmp_path / "test.db" if db_url.startswith("sqlite") else db_url
    alerts = tmp_path / "alerts.jsonl"
    command = [sys.executable, "-c", "from sukien.cli import main; main()", "watch", feeds.base + "/rss",
               "--every", "1s", "--db", db_url, "--alert", "type=04", "--alert-out", str(alerts)]
    victim = subprocess.Popen(command, cwd=tmp_path, env={**os.environ, **NO_PROXY},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def some_stored():
        try:
            return query(db, "SELECT count(*) FROM articles")[0][0] > 0
        except (sqlite3.Error, SQLAlchemyError):
            return False  # not created or not migrated yet
    try:
        wait_for(some_stored if moment == "stored" else lambda: alert_ids(alerts), f"the watcher's first {moment}",
                 deadline=120)
    finally:
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    killed = state(db)
    assert 0 < len(killed["articles"]) <= len(news)
    done = sukien("watch", feeds.base + "/rss", "--once", "--db", db_url, "--alert", "type=04",
                  "--alert-out", str(alerts), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    clean_db, clean_alerts = tmp_path / "clean.db", tmp_path / "clean.jsonl"
    clean = sukien("watch", feeds.base + "/rss", "--once", "--db", str(clean_db), "--alert", "type=04",
                   "--alert-out", str(clean_alerts), cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr
    after, reference = state(db), state(clean_db)
    assert after == reference, (done.stderr, clean.stderr)
    assert len(after["articles"]) == len(news) and after["seen"] == len(news)
    assert after["mentions"][0] == after["mentions"][1]  # no report stored twice
    ids = alert_ids(alerts)
    assert len(ids) == len(set(ids)) and sorted(ids) == sorted(alert_ids(clean_alerts)) and ids
    again = sukien("watch", feeds.base + "/rss", "--once", "--db", db_url, "--alert", "type=04",
                   "--alert-out", str(alerts), cwd=tmp_path)
    assert again.returncode == 0 and state(db) == reference and alert_ids(alerts) == ids
