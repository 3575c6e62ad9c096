"""Fusion review: a person judges samples of fusion's decisions, and the judgements are scored.

>>> sample = draw_sample(store, 50, seed=7)      # fused events and near-misses, at random
>>> Path("review.html").write_text(render_page(sample))   # ``review.page``
>>> score(json.loads(Path("choices.json").read_text()))   # ``review.score``

Two samples, drawn with a seeded generator from sorted id lists (the same database and
seed give the same sample on SQLite and PostgreSQL):

- **fused**: events told by two or more articles. Each pair of their mentions from
  different articles is a question, "the same event?": the share answered "same" is
  fusion's precision.
- **near-misses**: pairs of events that fusion kept apart although they share the CAMEO
  root and the actors (``actor_key``) and lie within a week of each other (``sort_date``),
  and are not linked as related events (a visit and its hosting). The share answered
  "same" estimates how often fusion misses a merge it should have made.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from sukien.store import Store
from sukien.store.engine import safe_url
from sukien.store.engine import chunks
from sukien.store.read import attach_actors, iso
from sukien.store.schema import NO_DATE_ISO, articles, event_links, event_mentions, events

__all__ = ["NEAR_DAYS", "Mention", "Question", "ReviewEvent", "ReviewSample", "draw_sample"]

NEAR_DAYS = 7  # near-misses: events at most this many days apart
MAX_MENTIONS = 8  # mentions of a fused event shown side by side (the first by date)
MAX_PAIRS = 10  # questions asked per fused event (drawn at random from its cross-article pairs)
KIND = "sukien-fusion-review"  # what the page's saved JSON calls itself


@dataclass(frozen=True)
class Mention:
    """One article's report of an event: its evidence sentences and the article."""

    id: int  # event_mentions.id
    article_id: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    trigger: dict[str, Any] | None  # {"start", "end", "text"}, article offsets
    evidence: list[dict[str, Any]]  # [{"start", "end", "text"}]
    date_text: str | None
    confidence: float | None


@dataclass(frozen=True)
class ReviewEvent:
    """A stored event with the fields fusion gave it, and its mentions."""

    id: str
    cameo: str
    label_en: str | None
    label_vi: str | None
    source: list[str]  # actor names
    target: list[str]
    date_start: str | None
    date_end: str | None
    sort_date: str
    place: str | None
    num_articles: int
    num_sources: int
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True)
class Question:
    """A same/different question: two mentions of one fused event, or two near-miss events."""

    id: str  # "fused:EVENT:M1:M2" or "near:EVENT_A:EVENT_B"
    kind: str  # fused | near
    left: str  # a mention id (fused) or an event id (near)
    right: str


@dataclass(frozen=True)
class ReviewSample:
    database: str
    seed: int
    size: int
    created: str
    fused: list[ReviewEvent]
    near: list[tuple[ReviewEvent, ReviewEvent]]
    questions: list[Question]
    population: dict[str, int]  # fused events and near-miss pairs in the whole database

    def meta(self) -> dict[str, Any]:
        """What the saved choices carry to be scored: the sample's identity and its questions."""
        return {"kind": KIND, "schema": 1, "database": self.database, "seed": self.seed, "size": self.size,
                "created": self.created, "population": self.population,
                "fused_events": [e.id for e in self.fused], "near_misses": [[a.id, b.id] for a, b in self.near],
                "questions": [{"id": q.id, "kind": q.kind, "left": q.left, "right": q.right} for q in self.questions]}


def draw_sample(store: Store, size: int, seed: int) -> ReviewSample:
    """``size`` fused events and ``size`` near-miss pairs (fewer where there are fewer)."""
    rng = random.Random(seed)
    with store.engine.connect() as conn:
        fused_ids = sorted(conn.execute(select(events.c.id).where(events.c.num_articles >= 2)).scalars())
        near_pairs = sorted(near_misses(conn))
        chosen = sorted(rng.sample(fused_ids, min(size, len(fused_ids))))
        pairs = sorted(rng.sample(near_pairs, min(size, len(near_pairs))))
        loaded = _load_events(conn, [*chosen, *(e for pair in pairs for e in pair)])
    fused = [loaded[e] for e in chosen]
    near = [(loaded[a], loaded[b]) for a, b in pairs]
    questions = [q for event in fused for q in _fused_questions(event, rng)]
    questions += [Question(f"near:{a.id}:{b.id}", "near", a.id, b.id) for a, b in near]
    return ReviewSample(safe_url(store.url), seed, size, datetime.now(UTC).isoformat(timespec="seconds"),
                        fused, near, questions, {"fused_events": len(fused_ids), "near_misses": len(near_pairs)})


def near_misses(conn) -> Iterator[tuple[str, str]]:
    """(id, id) pairs of distinct events with the same root and actors, ≤ NEAR_DAYS apart, not linked.

    One pass over the events in (root, actor_key, sort_date) order, a sliding window each."""
    linked = {frozenset(pair) for pair in conn.execute(select(event_links.c.event_id, event_links.c.related_id))}
    rows = conn.execute(select(events.c.id, events.c.root, events.c.actor_key, events.c.sort_date)
                        .where(events.c.sort_date > date.fromisoformat(NO_DATE_ISO))
                        .order_by(events.c.root, events.c.actor_key, events.c.sort_date, events.c.id))
    window: list[tuple[str, date]] = []
    group = None
    for event_id, root, actor_key, day in rows:
        day = day if isinstance(day, date) else date.fromisoformat(str(day))
        if (root, actor_key) != group:
            group, window = (root, actor_key), []
        window = [(other, when) for other, when in window if day - when <= timedelta(days=NEAR_DAYS)]
        for other, _ in window:
            if frozenset((other, event_id)) not in linked:
                yield (min(other, event_id), max(other, event_id))
        window.append((event_id, day))


def _fused_questions(event: ReviewEvent, rng: random.Random) -> list[Question]:
    shown = event.mentions
    pairs = [(a, b) for i, a in enumerate(shown) for b in shown[i + 1:] if a.article_id != b.article_id]
    if len(pairs) > MAX_PAIRS:
        pairs = sorted(rng.sample(pairs, MAX_PAIRS), key=lambda p: (p[0].id, p[1].id))
    return [Question(f"fused:{event.id}:{a.id}:{b.id}", "fused", str(a.id), str(b.id)) for a, b in pairs]


def _load_events(conn, ids: list[str]) -> dict[str, ReviewEvent]:
    found: dict[str, dict[str, Any]] = {}
    for part in chunks(ids):
        for row in conn.execute(select(events).where(events.c.id.in_(part))):
            found[row.id] = {k: iso(v) for k, v in row._mapping.items()}
    attach_actors(conn, list(found.values()))
    mentions = _mentions(conn, list(found))
    return {key: ReviewEvent(
        id=key, cameo=e["cameo"], label_en=e["label_en"], label_vi=e["label_vi"],
        source=[_name(a) for a in e["source"]], target=[_name(a) for a in e["target"]],
        date_start=e["date_start"], date_end=e["date_end"], sort_date=e["sort_date"],
        place=_place(e), num_articles=e["num_articles"], num_sources=e["num_sources"],
        mentions=mentions.get(key, [])[:MAX_MENTIONS]) for key, e in found.items()}


def _mentions(conn, event_ids: list[str]) -> dict[str, list[Mention]]:
    columns = (event_mentions.c.id, event_mentions.c.event_id, event_mentions.c.article_id,
               event_mentions.c.trigger_start, event_mentions.c.trigger_end, event_mentions.c.trigger_text,
               event_mentions.c.evidence, event_mentions.c.date_text, event_mentions.c.confidence,
               articles.c.title, articles.c.outlet, articles.c.published, articles.c.url)
    found: dict[str, list[Mention]] = {}
    for part in chunks(event_ids):
        for r in conn.execute(select(*columns).join(articles, articles.c.id == event_mentions.c.article_id)
                              .where(event_mentions.c.event_id.in_(part))):
            trigger = ({"start": r.trigger_start, "end": r.trigger_end, "text": r.trigger_text}
                       if r.trigger_text is not None else None)
            found.setdefault(r.event_id, []).append(Mention(
                r.id, r.article_id, r.title or "", r.outlet, iso(r.published), r.url, trigger,
                list(r.evidence or []), r.date_text, r.confidence))
    for listed in found.values():
        listed.sort(key=lambda m: (m.published or "9999", m.article_id, m.id))
    return found


def _name(actor: dict[str, Any]) -> str:
    return actor.get("name_vi") or actor.get("name") or actor["id"]


def _place(event: dict[str, Any]) -> str | None:
    name = event.get("place_name_vi") or event.get("place_name")
    country = event.get("place_country")
    if name and country:
        return f"{name} ({country})"
    return name or country
