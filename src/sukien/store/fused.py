"""Fused events of a batch: every contract event joins a stored event or starts a new one.

A ``FusionPlan`` loads the stored events a batch could join once (by the ``ix_events_fusion``
index: family, actor key, a ``sort_date`` range; and by ``ix_events_fusion_country`` for
the country-level fallback), with the mentions that report them, and decides in memory
with the pure rules of ``sukien.fuse``, article after article, exactly as deciding one
article at a time would: an event created or joined by an article is a candidate for the
next ones, and at the end of each article every event it touched is *refreshed*, its
columns recomputed from all of its mentions. A key or date range the first load did not
cover is loaded when first needed. ``flush`` then writes the batch's events, mentions,
actors, actor pairs, links and search text with a few bulk statements.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, delete, select

from sukien import fuse
from sukien.fuse_reports import Reported, Reports, observation, said_words, summarize
from sukien.normalize.fold import fold
from sukien.store.engine import chunks
from sukien.store.entities import EntityBook
from sukien.store.schema import articles, event_mentions, events

@dataclass
class FuseCounts:
    created: int = 0
    merged: int = 0
    mentions: int = 0
    touched: set[str] = field(default_factory=set)


# What deciding needs of a stored event (``flush`` rewrites the refreshed columns).
_LOADED = (events.c.id, events.c.cameo, events.c.family, events.c.actor_key, events.c.country_key,
           events.c.date_start, events.c.date_end, events.c.sort_date, events.c.place_country, events.c.negated,
           events.c.modality, events.c.first_seen, events.c.last_seen, events.c.num_mentions, events.c.updated_at,
           events.c.evidence_text, events.c.root, events.c.plover, events.c.place_key, events.c.confidence)
# The columns of a stored event that the summary tables count it by (``store.summary``'s shares),
# and the confidence they count it with.
COUNTED = ("sort_date", "cameo", "root", "plover", "place_key", "place_country", "confidence")


def _stamp(value: datetime | None) -> datetime | None:
    """``updated_at`` as naive UTC: SQLite gives it back without its time zone."""
    return value.astimezone(UTC).replace(tzinfo=None) if value is not None and value.tzinfo else value


class EventCache:
    """Across batches, the articles and the summarized stored mentions (``Reports``) of the
    events batches refreshed, so that an event reported again is not read back whole. An
    entry holds while the event's ``updated_at`` is the one it was cached with: every change
    to an event's mentions refreshes the event and moves its ``updated_at``, whoever makes it."""

    def __init__(self, size: int = 20_000):
        self.size = size
        self._items: OrderedDict[str, tuple[datetime | None, tuple[str, ...], Reports]] = OrderedDict()

    def get(self, event_id: str, updated_at: datetime | None) -> tuple[tuple[str, ...], Reports] | None:
        found = self._items.get(event_id)
        if found is None or found[0] != _stamp(updated_at):
            return None
        self._items.move_to_end(event_id)
        return found[1], found[2]

    def put(self, event_id: str, updated_at: datetime | None, articles: list[str], reports: Reports) -> None:
        self._items[event_id] = (_stamp(updated_at), tuple(articles), reports)
        self._items.move_to_end(event_id)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def drop(self, event_id: str) -> None:
        self._items.pop(event_id, None)


@dataclass
class _Event:
    row: dict[str, Any]  # the columns as stored after the last refresh
    articles: list[str]  # the article of each mention, stored ones first
    stored: Reports | None  # the stored mentions, summarized; None until a refresh needs them
    added: list[Reported] = field(default_factory=list)  # the batch's mentions
    reports: Reports | None = None  # stored and added, as of the last refresh (the batch's own copy)
    summarized: int = 0  # how many of ``added`` ``reports`` holds
    new: bool = False
    deleted: bool = False
    summary: dict[str, Any] | None = None
    counted: tuple[Any, ...] | None = None  # ``COUNTED`` as stored before the batch (stored events)
    _candidate: fuse.Candidate | None = None  # as last built; dropped when a mention or refresh changes it

    def changed(self) -> None:
        self._candidate = None

    def candidate(self, countries: tuple[tuple[str, str], ...] = ()) -> fuse.Candidate:
        if self._candidate is None:
            self._candidate = self._build()
        return replace(self._candidate, countries=countries) if countries else self._candidate

    def _build(self) -> fuse.Candidate:
        r = self.row
        return fuse.Candidate(
            id=r["id"], cameo=r["cameo"], actor_key=r["actor_key"], date_start=r["date_start"],
            date_end=r["date_end"], place_country=r["place_country"], negated=r["negated"],
            modality=r["modality"], first_seen=r["first_seen"], last_seen=r["last_seen"],
            articles=frozenset(self.articles), num_mentions=r["num_mentions"],
            words=said_words(r.get("evidence_text") or ""))


def _remap(event: dict[str, Any], entity_map: dict[str, str]) -> dict[str, Any]:
    return {**event,
            "source": [entity_map.get(e, e) for e in event.get("source") or ()],
            "target": [entity_map.get(e, e) for e in event.get("target") or ()]}


def _local_ids(found: tuple[dict[str, Any], ...]) -> list[str]:
    seen: set[str] = set()
    out = []
    for index, event in enumerate(found):
        local_id = str(event.get("id") or f"e{index}")
        if local_id in seen:
            local_id = f"{local_id}#{index}"
        seen.add(local_id)
        out.append(local_id)
    return out


def _event_id(article: str, local_id: str, salt: int = 0) -> str:
    basis = f"{article}#{local_id}" + (f"#{salt}" if salt else "")
    return "ev" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def _columns(summary: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in summary.items() if k not in ("source", "target")}
    values["place_key"] = fold(values["place_name_vi"] or values["place_name"] or "") or None
    values["updated_at"] = datetime.now(UTC)
    return values


class FusionPlan:
    """The fused events one batch reads and writes; decisions in memory, written by ``flush``."""

    def __init__(self, conn: Connection, book: EntityBook, cache: EventCache | None = None):
        self.conn, self.book = conn, book
        self.cache = cache if cache is not None else EventCache(0)
        self.events: dict[str, _Event] = {}
        # The events filed by what ``candidates`` and ``occasions`` look up, then by sort_date: a busy
        # pair of actors has hundreds of events, of which a window holds a few days' worth.
        self._by_family: dict[tuple[str, str], dict[date, set[str]]] = {}  # (actor key, family)
        self._by_country: dict[str, dict[date, set[str]]] = {}  # country key
        self._loads: list[tuple[str, frozenset[str], frozenset[str], date, date]] = []
        self._taken: set[str] = set()  # event ids known to be stored
        self._checked: set[str] = set()  # event ids known to be stored or not
        self._mention_rows: list[dict[str, Any]] = []
        self._links: set[tuple[str, str]] = set()
        self._touched: set[str] = set()
        self._withdrawn: set[str] = set()  # events an article of the batch withdrew mentions from

    # -- loading ---------------------------------------------------------------------------

    def prefetch(self, planned: list[tuple[str, date | None, str | None, tuple[dict[str, Any], ...]]]) -> None:
        """Load the candidates of every event of the batch in a few queries (actor ids as given)."""
        families, keys, countries, windows, country_windows, ids = set(), set(), set(), [], [], []
        for key, published, outlet, found in planned:
            for local_id, event in zip(_local_ids(found), found, strict=True):
                ids.append(_event_id(key, local_id))
                obs = observation(event, key, published, outlet)
                obs = replace(obs, countries=self.book.countries([*obs.source, *obs.target]))
                windows.append(fuse.window(obs))
                families.add(fuse.family(obs.cameo))
                keys.add(fuse.observed_key(obs))
                if mirror := fuse.mirror_family(obs.cameo):
                    families.add(mirror)
                    keys.add(fuse.mirror_actor_key(obs))
                if lookup := fuse.country_lookup(obs):
                    countries.add(lookup[0])
                    country_windows.append(lookup[1])
        if windows:
            self._load("family", families, keys, min(w[0] for w in windows), max(w[1] for w in windows))
        if country_windows:
            self._load("country", set(), countries, min(w[0] for w in country_windows),
                       max(w[1] for w in country_windows))
        for part in chunks(ids):
            self._taken |= set(self.conn.execute(select(events.c.id).where(events.c.id.in_(part))).scalars())
        self._checked |= set(ids)

    def _load(self, kind: str, families: set[str], keys: set[str], lo: date, hi: date) -> None:
        found = []
        for part in chunks(keys):
            if kind == "family":
                query = select(*_LOADED).where(events.c.family.in_(sorted(families)), events.c.actor_key.in_(part))
            else:
                query = select(*_LOADED).where(events.c.country_key.in_(part))
            found += self.conn.execute(query.where(events.c.sort_date.between(lo, hi))).all()
        self._loads.append((kind, frozenset(families), frozenset(keys), lo, hi))
        self._adopt([dict(row._mapping) for row in found if row.id not in self.events])

    def _adopt(self, rows: list[dict[str, Any]]) -> None:
        """Stored events into the plan, with the articles that report them."""
        missing = []
        for row in rows:
            cached = self.cache.get(row["id"], row["updated_at"])
            event = _Event(row, list(cached[0]), cached[1]) if cached else _Event(row, [], None)
            event.counted = tuple(row[c] for c in COUNTED)
            self._index(event)
            self._taken.add(row["id"])
            if not cached:
                missing.append(row["id"])
        for part in chunks(missing):
            for r in self.conn.execute(select(event_mentions.c.event_id, event_mentions.c.article_id)
                                       .where(event_mentions.c.event_id.in_(part)).order_by(event_mentions.c.id)):
                self.events[r.event_id].articles.append(r.article_id)

    def _load_mentions(self, wanted: list[_Event]) -> None:
        """The stored mentions of events about to be refreshed, in the order they were stored."""
        found = stored_reports(self.conn, [e.row["id"] for e in wanted])
        for event in wanted:
            event.stored = found[event.row["id"]]

    def _index(self, event: _Event) -> None:
        self.events[event.row["id"]] = event
        self._file(event.row)

    def _file(self, row: dict[str, Any]) -> None:
        _put(self._by_family, (row["actor_key"], row["family"]), row["sort_date"], row["id"])
        if row.get("country_key"):
            _put(self._by_country, row["country_key"], row["sort_date"], row["id"])

    def _unfile(self, row: dict[str, Any]) -> None:
        day = row["sort_date"]
        self._by_family[(row["actor_key"], row["family"])][day].discard(row["id"])
        if row.get("country_key"):
            self._by_country[row["country_key"]][day].discard(row["id"])

    def _filed(self, index: dict[date, set[str]], window: tuple[date, date]) -> list[_Event]:
        """The events of one entry of an index whose sort_date is in the window, deleted ones left out."""
        return [e for day, ids in index.items() if window[0] <= day <= window[1]
                for i in ids if not (e := self.events[i]).deleted]

    def _covered(self, kind: str, family: str, key: str, window: tuple[date, date]) -> bool:
        return any(k == kind and (kind == "country" or family in fams) and key in keys
                   and lo <= window[0] and window[1] <= hi for k, fams, keys, lo, hi in self._loads)

    def touch(self, ids: Iterable[str]) -> None:
        """Stored events an article withdrew from: loaded, to be refreshed at the article's end."""
        ids = set(ids)
        self._withdrawn |= ids
        wanted = {i for i in ids if i not in self.events}  # most articles withdraw nothing
        for part in chunks(wanted):
            self._adopt([dict(r._mapping) for r in self.conn.execute(select(*_LOADED).where(events.c.id.in_(part)))])

    # -- deciding --------------------------------------------------------------------------

    def candidates(self, family: str, key: str, window: tuple[date, date]) -> list[fuse.Candidate]:
        """Events of ``family`` whose actor key is ``key`` in the ``sort_date`` window."""
        if not self._covered("family", family, key, window):
            self._load("family", {family}, {key}, *window)
        return [e.candidate() for e in self._filed(self._by_family.get((key, family), {}), window)]

    def occasions(self, key: str, window: tuple[date, date]) -> list[fuse.Candidate]:
        """Occasions (every family) whose country key is ``key`` in the window, with the
        countries of their actors: the fallback's candidates and what could make it ambiguous."""
        if not self._covered("country", "", key, window):
            self._load("country", set(), {key}, *window)
        found = [e for e in self._filed(self._by_country.get(key, {}), window)
                 if e.row["cameo"].startswith(fuse.OCCASION_PREFIXES)]
        countries = self.book.countries(e for ev in found for side in fuse.key_sides(ev.row["actor_key"])
                                        for e in side)
        return [e.candidate(countries) for e in found]

    def add_article(self, key: str, published: date | None, outlet: str | None,
                    found: tuple[dict[str, Any], ...], entity_map: dict[str, str],
                    withdrawn: Iterable[str] = ()) -> FuseCounts:
        counts = FuseCounts()
        for local_id, raw in zip(_local_ids(found), found, strict=True):
            event = _remap(raw, entity_map)
            unknown = {*event["source"], *event["target"]} - set(entity_map.values())
            if unknown:
                self.book.placeholders(unknown)
            obs = observation({**event, "id": local_id}, key, published, outlet)
            event_id = self._place(obs, event, counts)
            self._mention(event_id, key, local_id, event, published, outlet)
            counts.mentions += 1
            counts.touched.add(event_id)
        self.touch(withdrawn)
        self.refresh(counts.touched | set(withdrawn))
        return counts

    def _place(self, obs: fuse.Observation, event: dict[str, Any], counts: FuseCounts) -> str:
        """Join a fused event or create one; link mirrored visit/host events."""
        obs = replace(obs, countries=self.book.countries([*obs.source, *obs.target]))
        key, window = fuse.observed_key(obs), fuse.window(obs)
        candidates = self.candidates(fuse.family(obs.cameo), key, window)
        mirror = fuse.mirror_family(obs.cameo)
        mirrors = self.candidates(mirror, fuse.mirror_actor_key(obs), window) if mirror else []
        decision = fuse.decide(obs, candidates, mirrors)
        lookup = fuse.country_lookup(obs)
        if decision.join is None and lookup is not None:
            known = {c.id for c in candidates}
            wider = [c for c in self.occasions(*lookup) if c.id not in known]
            if wider:
                decision = fuse.decide(obs, [*candidates, *wider], mirrors)
        if decision.join is not None:
            counts.merged += 1
            event_id = decision.join
        else:
            counts.created += 1
            event_id = self._create(obs, event, key)
        for related in decision.related:
            self._links.add(tuple(sorted((event_id, related))))  # type: ignore[arg-type]
        return event_id

    def _new_id(self, obs: fuse.Observation) -> str:
        salt = 0
        while True:
            event_id = _event_id(obs.article_id, obs.event_id, salt)
            if event_id in self._taken or event_id in self.events:
                salt += 1
                continue
            if event_id in self._checked or self.conn.execute(
                    select(events.c.id).where(events.c.id == event_id)).first() is None:
                return event_id
            salt += 1  # the id's first article was re-ingested and this event re-created

    def _create(self, obs: fuse.Observation, event: dict[str, Any], key: str) -> str:
        event_id = self._new_id(obs)
        summary = summarize([Reported(obs, event)])
        row = {"id": event_id, "actor_key": key,
               "country_key": fuse.country_key(obs.source, obs.target, dict(obs.countries)),
               **_columns(summary)}
        self._index(_Event(row, [], Reports(), new=True, summary=summary))
        return event_id

    def _mention(self, event_id: str, key: str, local_id: str, event: dict[str, Any],
                 published: date | None, outlet: str | None) -> None:
        trigger = event.get("trigger") or {}
        when = event.get("date") or {}
        self._mention_rows.append({
            "event_id": event_id, "article_id": key, "article_event_id": local_id,
            "sentence": event.get("sentence"), "trigger_start": trigger.get("start"),
            "trigger_end": trigger.get("end"), "trigger_text": trigger.get("text"),
            "evidence": event.get("evidence") or [], "date_text": when.get("text"),
            "confidence": event.get("confidence"), "payload": event})
        self.events[event_id].articles.append(key)
        self.events[event_id].changed()
        self.events[event_id].added.append(Reported(observation(event, key, published, outlet), event))

    def refresh(self, ids: Iterable[str]) -> None:
        """Recompute each event from all of its mentions (none left: it goes)."""
        touched = [self.events[i] for i in sorted(set(ids))]
        self._load_mentions([e for e in touched if e.stored is None])
        for event in touched:
            self._touched.add(event.row["id"])
            if event.reports is None:
                event.reports = (event.stored or Reports()).extended(event.added)
            else:
                for mention in event.added[event.summarized:]:
                    event.reports.add(mention)
            event.summarized = len(event.added)
            if not event.reports.count:
                event.deleted = True
                event.changed()
                continue
            event.summary = summarize(event.reports)
            self._unfile(event.row)  # its family and sort_date may change with its reports
            event.row.update(_columns(event.summary))
            self._file(event.row)
            event.changed()

    # -- writing ---------------------------------------------------------------------------

    def flush(self) -> None:
        from sukien.store.fused_write import write_events
        touched = [self.events[i] for i in sorted(self._touched)]
        write_events(self.conn, self.book, touched, self._mention_rows, sorted(self._links), self._withdrawn)
        for event in touched:
            if event.deleted or event.reports is None:
                self.cache.drop(event.row["id"])
            else:
                self.cache.put(event.row["id"], event.row["updated_at"], event.articles, event.reports)


def _put(index: dict[Any, dict[date, set[str]]], key: Any, day: date, event_id: str) -> None:
    # No setdefault: its empty dict and set, made on every call, kept the garbage collector busy.
    days = index.get(key)
    if days is None:
        days = index[key] = {}
    ids = days.get(day)
    if ids is None:
        ids = days[day] = set()
    ids.add(event_id)


def stored_reports(conn: Connection, event_ids: Iterable[str]) -> dict[str, Reports]:
    """The stored mentions of each event, summarized in the order they were stored."""
    found: dict[str, list[Reported]] = {i: [] for i in event_ids}
    for part in chunks(found):
        for r in conn.execute(select(event_mentions.c.event_id, event_mentions.c.payload,
                                     event_mentions.c.article_id, articles.c.published, articles.c.outlet)
                              .join(articles, articles.c.id == event_mentions.c.article_id)
                              .where(event_mentions.c.event_id.in_(part))
                              .order_by(event_mentions.c.id)):
            found[r.event_id].append(Reported(observation(r.payload, r.article_id, r.published, r.outlet),
                                              r.payload))
    return {event_id: Reports.of(mentions) for event_id, mentions in found.items()}


def withdraw_event_mentions(conn: Connection, key: str) -> set[str]:
    touched = set(conn.execute(select(event_mentions.c.event_id).where(
        event_mentions.c.article_id == key)).scalars())
    conn.execute(delete(event_mentions).where(event_mentions.c.article_id == key))
    return touched
