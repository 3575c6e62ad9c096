"""Contract events to observations, and many reports of one event to the fused event's columns.

``summarize`` takes every mention of a fused event; ``Reports`` holds what it needs of
them (the representative, the dates counted, the first place, the first and last report,
the articles and outlets) and can be extended one mention at a time, so a fused event
seen again needs only its new mentions: ``Reports.of(old + new)`` and
``Reports.of(old).extended(new)`` summarize alike.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sukien.fuse import NO_DATE, Observation, family, quad_class, root
from sukien.normalize.words import content_words


def parse_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@lru_cache(maxsize=8192)  # a batch's reports (500 articles of ~8 events) and their events'
def said_words(text: str) -> frozenset[str]:
    """``content_words`` of a report's evidence, kept: fusion reads each report's words several
    times (planning a batch, joining, summarizing the event it joined)."""
    return content_words(text)


def observation(event: dict[str, Any], article_id: str, published: date | None,
                outlet: str | None) -> Observation:
    when = event.get("date") or {}
    place = event.get("location") or {}
    return Observation(
        article_id=article_id, event_id=str(event.get("id", "")), cameo=str(event.get("cameo") or "0"),
        source=tuple(event.get("source") or ()), target=tuple(event.get("target") or ()),
        date_start=parse_date(when.get("start")), date_end=parse_date(when.get("end")),
        place_country=place.get("country"), negated=bool(event.get("negated")),
        modality=event.get("modality") or "asserted", published=published, outlet=outlet,
        confidence=float(event.get("confidence") or 0.0), inferred=when.get("relation") == "inferred",
        words=said_words(" ".join((span or {}).get("text") or "" for span in event.get("evidence") or ())),
    )


@dataclass(frozen=True)
class Reported:
    """A stored event mention: its observation and the contract event it came from."""

    obs: Observation
    event: dict[str, Any]


def _rank(m: Reported) -> tuple[Any, ...]:
    return (-m.obs.confidence, m.obs.published or NO_DATE, m.obs.article_id, m.obs.event_id)


@dataclass
class Reports:
    """What ``summarize`` needs of the mentions of one event, in the order they came."""

    rep: Reported | None = None  # most confident, then earliest (the first of equals)
    dates: Counter[tuple[date, date, str | None]] = field(default_factory=Counter)
    place: dict[str, Any] | None = None  # the first mention's that names one
    first: date | None = None
    last: date | None = None
    articles: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    count: int = 0

    @classmethod
    def of(cls, mentions: Iterable[Reported]) -> Reports:
        return cls().extended(mentions)

    def extended(self, mentions: Iterable[Reported]) -> Reports:
        """A copy with ``mentions`` added after the ones it holds."""
        out = Reports(self.rep, Counter(self.dates), self.place, self.first, self.last, set(self.articles),
                      set(self.sources), self.count)
        for m in mentions:
            out.add(m)
        return out

    def add(self, m: Reported) -> None:
        """Add one mention after the ones held (in place: for a copy of one's own)."""
        obs = m.obs
        if self.rep is None or _rank(m) < _rank(self.rep):
            self.rep = m
        if obs.date_start:
            self.dates[(obs.date_start, obs.date_end or obs.date_start, (m.event.get("date") or {}).get("granularity"))] += 1
        if self.place is None and m.event.get("location"):
            self.place = m.event["location"]
        if obs.published:
            self.first = min(self.first or obs.published, obs.published)
            self.last = max(self.last or obs.published, obs.published)
        self.articles.add(obs.article_id)
        self.sources.add(obs.outlet or f"article:{obs.article_id}")
        self.count += 1


def representative(mentions: Sequence[Reported]) -> Reported:
    """The mention whose attributes the fused event shows: most confident, then earliest."""
    return min(mentions, key=_rank)


def fused_dates(mentions: Sequence[Reported]) -> tuple[date | None, date | None, str | None]:
    """The date most reports give; on a tie the narrowest."""
    return _best_dates(Reports.of(mentions).dates)


def _best_dates(counts: Counter[tuple[date, date, str | None]]) -> tuple[date | None, date | None, str | None]:
    if not counts:
        return None, None, None
    return min(counts, key=lambda d: (-counts[d], (d[1] - d[0]).days, d[0]))


def summarize(mentions: Sequence[Reported] | Reports) -> dict[str, Any]:
    """The fused event's columns (without id and actors) from all its mentions.

    ``summary`` is the representative report's English sentence, ``evidence_text`` the
    Vietnamese sentence it was read from (its first evidence span).
    """
    reports = mentions if isinstance(mentions, Reports) else Reports.of(mentions)
    rep = reports.rep
    assert rep is not None, "an event without mentions has no summary"
    event = rep.event
    start, end, granularity = _best_dates(reports.dates)
    place = reports.place or {}
    cameo = rep.obs.cameo
    evidence = event.get("evidence") or []
    occasion = event.get("occasion") or {}
    return {
        "cameo": cameo, "root": root(cameo), "family": family(cameo),
        "plover": event.get("plover"), "mode": event.get("mode"), "goldstein": event.get("goldstein"),
        "quad_class": quad_class(cameo), "label_vi": event.get("label_vi"),
        "label_en": event.get("label_en"),
        "date_start": start, "date_end": end, "date_granularity": granularity,
        "sort_date": start or reports.first or NO_DATE,
        "place_name": place.get("name"), "place_name_vi": place.get("name_vi"),
        "place_country": place.get("country"),
        "modality": rep.obs.modality, "negated": rep.obs.negated,
        "occasion": occasion.get("text") if isinstance(occasion, dict) else occasion,
        "topics": list(event.get("topics") or []),
        "summary": event.get("summary") or None,  # the contract's English sentence
        "evidence_text": (evidence[0] or {}).get("text", "")[:500] if evidence else None,
        "num_mentions": reports.count,
        "num_articles": len(reports.articles),
        "num_sources": len(reports.sources),
        "first_seen": reports.first, "last_seen": reports.last,
        "source": rep.obs.source, "target": rep.obs.target,
    }
