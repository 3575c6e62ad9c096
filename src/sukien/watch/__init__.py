"""Watching the news: poll feeds and folders, store what is new, alert on matching events.

>>> watcher = Watcher(open_store(url), [parse_source("https://…/rss"), parse_source("inbox/")],
...                   WatchSettings(every=600), rule=AlertRule.of([("country", "LAO")]),
...                   sink=AlertSink(Path("alerts.jsonl")))
>>> watcher.run()                      # or watcher.poll_due() once, as ``--once`` does

Each poll of a source reads its items (feed entries, or the articles of new and changed
files), leaves out those ``watch_seen`` records as done, and works through the rest a
chunk at a time: store (``Store.ingest_articles``: idempotent, a batch per
transaction), find the events these articles were the first to report, write the
alerts that match, then record the chunk as done. A watcher killed anywhere in this
redoes at most one chunk on restart: storing it again adds nothing, and its alerts are
written again only to stdout (a file's lines are kept once, see ``alerts``).

A source that fails (network, HTTP status, a vanished folder) is reported with one line
and retried after ``retry_first`` seconds, doubling with each failure in a row up to
``retry_max``; the other sources go on at their own times.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sukien.contract import article_id
from sukien.errors import InputError, StoreError
from sukien.model import Article
from sukien.store import Store, in_groups
from sukien.store.write import sha256
from sukien.watch.alerts import AlertRule, AlertSink, parse_alert
from sukien.watch.sources import (
    FEED,
    Source,
    SourceError,
    feed_articles,
    fetch_feed,
    file_articles,
    folder_files,
    is_feed,
    parse_source,
)
from sukien.watch.state import WATCH_COMMAND, Done, WatchState

__all__ = ["AlertRule", "AlertSink", "PollReport", "Source", "SourceError", "WatchSettings", "Watcher",
           "parse_alert", "parse_source"]


@dataclass(frozen=True)
class WatchSettings:
    every: float = 600.0  # seconds between two polls of a source that answered
    retry_first: float = 30.0  # first retry of a failed source (never later than ``every``)
    retry_max: float = 3600.0  # the longest back-off (never shorter than ``every``)
    timeout: float = 30.0  # seconds a feed may take to answer
    chunk: int = 500  # articles stored, alerted and recorded as done together (the store's batch)

    def retry_after(self, failures: int) -> float:
        """Seconds to wait after the ``failures``-th failure in a row: 1, 2, 4, … times the first."""
        first, longest = min(self.retry_first, self.every), max(self.retry_max, self.every)
        return min(longest, first * 2 ** min(failures - 1, 30))


@dataclass
class PollReport:
    """What one poll of one source did."""

    source: str
    articles: int = 0  # new or changed articles handed to the store
    stored: int = 0  # of them, stored now or found stored
    unstored: int = 0  # of them, not stored (extraction or writing failed; reported, tried again)
    events: int = 0  # events these articles were the first to report
    alerts: int = 0
    error: str | None = None
    failures: int = 0  # failures in a row, this one included
    retry_in: float | None = None


@dataclass
class _Chunk:
    articles: list[Article] = field(default_factory=list)
    owner: dict[str, str] = field(default_factory=dict)  # article id → the file it came from
    files: list[Done] = field(default_factory=list)  # files read to their end by now
    failed_files: set[str] = field(default_factory=set)  # files with an article left unstored, this poll


Report = Callable[[str], None]
EMPTY_FEED = "feed has no entries"  # the feed reader's word for a feed with nothing in it yet


class Watcher:
    def __init__(self, store: Store, sources: list[Source], settings: WatchSettings | None = None, *,
                 rule: AlertRule | None = None, sink: AlertSink | None = None,
                 report: Report | None = None, process: Callable[[Article], Any] | None = None,
                 clock: Callable[[], float] = time.monotonic):
        from sukien import pipeline
        self.store, self.sources = store, list(sources)
        self.settings = settings or WatchSettings()
        self.rule = rule if rule is not None and rule.values else None
        self.sink = sink if sink is not None else AlertSink()
        self.report = report or (lambda line: None)
        if process is None:  # the linker consults the offices the store has seen people hold
            process = pipeline.StoreProcess(store.observed_offices)
        self.process = process
        self.on_batch = process.refresh if isinstance(process, pipeline.StoreProcess) else None
        self.clock = clock
        self.state = WatchState(store)
        self.due = {source.name: 0.0 for source in self.sources}
        self._reported: set[str] = set()  # item problems already reported (not again each poll)

    # -- scheduling ---------------------------------------------------------------------------

    def run(self, *, once: bool = False, stop: threading.Event | None = None,
            on_report: Callable[[PollReport], None] | None = None) -> None:
        """Poll every source when it is due, until ``stop`` is set; with ``once``, all once."""
        stop = stop or threading.Event()
        while not stop.is_set():
            for report in self.poll_due(everything=once):
                if on_report is not None:
                    on_report(report)
            if once:
                return
            stop.wait(max(0.0, min(self.due.values(), default=self.clock() + 60) - self.clock()))

    def poll_due(self, everything: bool = False) -> list[PollReport]:
        """Poll the sources whose time has come (all of them with ``everything``)."""
        now = self.clock()
        return [self.poll(source) for source in self.sources if everything or self.due[source.name] <= now]

    def poll(self, source: Source) -> PollReport:
        """Poll one source; a failure is reported, recorded and scheduled for a retry."""
        report = PollReport(source.name)
        try:
            if source.kind == FEED:
                self._poll_feed(source, report)
            else:
                self._poll_files(source, report)
        except (SourceError, StoreError) as exc:
            report.error = str(exc)
            report.failures = self.state.failed(source, report.error)
            report.retry_in = self.settings.retry_after(report.failures)
            self.due[source.name] = self.clock() + report.retry_in
            self.report(f"sukien: watch: {source.name}: {report.error} (failure {report.failures} in a row;"
                        f" next try in {_seconds(report.retry_in)})")
            return report
        self.due[source.name] = self.clock() + self.settings.every
        return report

    # -- reading sources ----------------------------------------------------------------------

    def _poll_feed(self, source: Source, report: PollReport) -> None:
        known = self.state.source(source)
        fetched = fetch_feed(source.name, known.etag, known.last_modified, self.settings.timeout)
        if fetched.data is not None:
            items = feed_articles(fetched.data, source.name, date.today())
            if len(items) == 1 and isinstance(items[0], InputError) and items[0].where == source.name:
                if items[0].problem != EMPTY_FEED or not is_feed(fetched.data):  # the whole answer, not one entry
                    raise SourceError(items[0].problem if items[0].problem != EMPTY_FEED else "not an RSS or Atom feed")
                items = []
            articles = self._readable(items)
            seen = self.state.seen(source, "article", (article_id(a) for a in articles))
            fresh = [a for a in articles if seen.get(article_id(a)) != sha256(a.text)]
            for chunk in in_groups(fresh, self.settings.chunk):
                self._store(source, _Chunk(chunk), report)
        self.state.succeeded(source, fetched.etag, fetched.last_modified)

    def _poll_files(self, source: Source, report: PollReport) -> None:
        files = folder_files(source)
        seen_files = self.state.seen(source, "file", (f.name for f in files))
        chunk = _Chunk()
        for entry in files:
            if seen_files.get(entry.name) == entry.fingerprint:
                continue
            for group in in_groups(file_articles(entry), self.settings.chunk):  # a big file in bounded memory
                articles = self._readable(group)
                seen = self.state.seen(source, "article", (article_id(a) for a in articles))
                for article in articles:
                    if seen.get(article_id(article)) != sha256(article.text):
                        chunk.articles.append(article)
                        chunk.owner[article_id(article)] = entry.name
                        if len(chunk.articles) >= self.settings.chunk:
                            self._store(source, chunk, report)
                            chunk = _Chunk(failed_files=chunk.failed_files)
            # Done once every article in it is stored (and alerted): a failed one is tried again.
            chunk.files.append(Done("file", entry.name, entry.fingerprint))
        self._store(source, chunk, report)
        self.state.succeeded(source)

    def _readable(self, items: list[Article | InputError]) -> list[Article]:
        for item in items:
            if isinstance(item, InputError):
                self._tell_once(f"sukien: watch: skipped {item}")
        return [item for item in items if isinstance(item, Article)]

    def _tell_once(self, line: str) -> None:
        """Report a problem with an item the first time only (it stays until the item changes)."""
        if line not in self._reported:
            self._reported.add(line)
            self.report(line)

    # -- storing and alerting -----------------------------------------------------------------

    def _store(self, source: Source, chunk: _Chunk, report: PollReport) -> None:
        """Store a chunk, alert on the events it was the first to report, record it as done."""
        if chunk.articles:
            summary = self.store.ingest_articles(chunk.articles, self.process,
                                                 command=f"{WATCH_COMMAND} {source.name}", on_batch=self.on_batch)
            for where, problem in summary.errors:  # extraction or writing failed: tried again next poll
                self._tell_once(f"sukien: watch: {where}: {problem}")
            report.articles += len(chunk.articles)
        wanted = [(article_id(a), a.url) for a in chunk.articles]
        stored = self.state.stored_ids(wanted)
        unstored = {key for key, _ in wanted if key not in stored}
        chunk.failed_files.update(chunk.owner[key] for key in unstored if key in chunk.owner)
        report.unstored += len(unstored)
        new_events = self.state.first_reported(self.state.stored_by_watch(stored.values()))
        report.stored += len(stored)
        report.events += len(new_events)
        if self.rule is not None:
            for event_id in self.rule.matching(self.store, new_events):
                event = self.store.get_event(event_id)
                if event is not None and self.sink.write(event, {"source": source.name, "filter": str(self.rule)}):
                    report.alerts += 1
        done = [Done("article", article_id(a), sha256(a.text), stored[article_id(a)])
                for a in chunk.articles if article_id(a) in stored]  # one that failed is tried again
        done += [file for file in chunk.files if file.item not in chunk.failed_files]
        self.state.mark_done(source, done)


def _seconds(value: float) -> str:
    return f"{value:.0f} s" if value < 120 else f"{value / 60:.0f} min"
