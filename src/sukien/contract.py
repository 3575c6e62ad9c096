"""The extraction contract: one JSON object per article (``"schema": 1``).

``ArticleResult`` is what the pipeline hands to everything downstream (CLI, store,
exports, Spark). Its spans are offsets into the article body *as given*, mapped
back from the normalized text the stages worked on. The records are typed
(``EventRecord``, ``EntityRecord`` and the parts they hold): plain dicts at run time,
so they are the JSON as written, and checked by a type checker in the user's code.

>>> import sukien
>>> result = sukien.extract("Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào.", published="2026-05-14")
>>> event = result.events[0]
>>> event["cameo"], event["trigger"]["text"], event["date"]["start"]
('046', 'hội đàm', '2026-05-14')
>>> names = {entity["id"]: entity["name_vi"] for entity in result.entities}
>>> [names[id] for id in event["source"]]
['Lê Văn An']
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict

from sukien.events.summary import summarize
from sukien.model import Article, Document, Entity, Event, Mention, Span, TimeValue

SCHEMA = 1
# One encoder for every article: json.dumps with options would build a new one each call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


class SpanRecord(TypedDict):
    """A half-open character range of the article body as given, and the text it covers."""

    start: int
    end: int
    text: str


class MentionRecord(SpanRecord):
    form: str  # name, title_or_description, pronoun, collective_or_anaphoric
    origin: str  # what found it: kb, pattern, tagger, coref, …


class RoleRecord(TypedDict):
    title_vi: str
    title_en: str
    country: str | None  # ISO 3166 alpha-3 of the office's country
    organization: str | None  # entity id of the party or body
    sector: str | None  # GOV, PTY, MIL, LEG, …
    evidence: SpanRecord | None


class EntityRecord(TypedDict):
    """A person, country, organisation or place the article names, with every mention."""

    id: str  # stable: "person:kim-jong-un", "country:PRK"
    type: str  # PERSON, COUNTRY, ORG, LOC
    name: str
    name_vi: str | None
    country: str | None
    wikidata: str | None
    cameo: str | None  # CAMEO actor code such as PRKGOV
    discovered: bool  # True when not in the knowledge base
    aliases: list[str]
    roles: list[RoleRecord]
    mentions: list[MentionRecord]


class DateRecord(TypedDict):
    start: str | None  # ISO dates
    end: str | None
    granularity: str  # day, month, year, decade, range
    text: str | None  # the words that say it
    evidence: SpanRecord | None
    relation: str | None  # None when stated; "inferred", "relative", … otherwise


class LocationRecord(TypedDict):
    name: str
    name_vi: str
    country: str | None
    kind: str  # city, country, building, venue
    entity_id: str | None
    city: str | None
    evidence: SpanRecord | None


class EventRecord(TypedDict):
    """One event: who did what to whom, when and where, with the spans that say so."""

    id: str
    cameo: str  # CAMEO event code, "046"
    plover: str  # PLOVER event type, "CONSULT"
    mode: str | None  # PLOVER mode: "visit", "phone", …
    goldstein: float
    label_vi: str
    label_en: str
    source: list[str]  # entity ids
    target: list[str]
    date: DateRecord | None
    location: LocationRecord | None
    trigger: SpanRecord
    evidence: list[SpanRecord]
    actor_evidence: list[SpanRecord]
    sentence: int  # index of the sentence holding the trigger
    negated: bool
    modality: str  # asserted, planned, negated, hypothetical, historical
    reported_by: str | None  # entity id of the reporter it is attributed to
    occasion: SpanRecord | None
    topics: list[str]
    topic_spans: list[SpanRecord]
    confidence: float
    summary: str  # one English sentence


class ArticleRecord(TypedDict):
    id: str
    title: str
    published: str | None  # ISO date
    outlet: str | None
    url: str | None


class ResultRecord(TypedDict):
    """The contract as JSON: ``ArticleResult.to_dict()``."""

    schema: int
    article: ArticleRecord
    entities: list[EntityRecord]
    events: list[EventRecord]


@dataclass(frozen=True)
class ArticleResult:
    """An article with the entities and events found in it, as typed JSON-ready records.

    ``events`` and ``entities`` are ``EventRecord`` and ``EntityRecord`` dicts, ready for
    ``json.dumps``; every span in them is an offset into ``article.text``:

    >>> import sukien
    >>> result = sukien.extract("Bộ trưởng Trần Văn Hải tiếp Đại sứ Nhật Bản.", published="2026-05-14")
    >>> [(e["cameo"], e["label_en"]) for e in result.events]
    [('043', 'receive')]
    >>> span = result.events[0]["trigger"]
    >>> result.article.text[span["start"]:span["end"]]
    'tiếp'
    """

    article: Article
    entities: tuple[EntityRecord, ...]
    events: tuple[EventRecord, ...]

    def to_dict(self) -> ResultRecord:
        """The contract record: ``{"schema": 1, "article": …, "entities": […], "events": […]}``."""
        return {
            "schema": SCHEMA,
            "article": _article_json(self.article),
            "entities": list(self.entities),
            "events": list(self.events),
        }

    def to_json(self, indent: int | None = None) -> str:
        """The contract record as one line of JSON (``indent`` spreads it over lines)."""
        # Plain nested dicts and lists, built fresh: no cycles to look for.
        if indent is None:
            return _ENCODER.encode(self.to_dict())
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, check_circular=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str = "") -> "ArticleResult":
        """Read back a record written by ``to_dict`` (``text``: the article's body)."""
        if data.get("schema") != SCHEMA:
            raise ValueError(f"unsupported schema {data.get('schema')!r}")
        meta = data["article"]
        published = meta.get("published")
        article = Article(
            text=meta.get("text", text), id=meta.get("id", ""), title=meta.get("title", ""),
            published=date.fromisoformat(published[:10]) if published else None,
            outlet=meta.get("outlet"), url=meta.get("url"),
        )
        return cls(article, tuple(data.get("entities", ())), tuple(data.get("events", ())))


def article_id(article: Article) -> str:
    """The article's own id, or a stable one made from its URL or text."""
    if article.id:
        return article.id
    basis = article.url or article.text
    return "a" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def _article_json(article: Article) -> ArticleRecord:
    return {
        "id": article_id(article),
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "outlet": article.outlet,
        "url": article.url,
    }


SpanJson = Callable[[Span | None], "SpanRecord | None"]


def span_writer(document: Document) -> SpanJson:
    """How the record writes the document's spans: offsets into the body as given, and the
    text they cover there. Made once per document, since every record has many spans."""
    body = document.article.text
    offsets = document.offsets
    # Most bodies need no rewriting that moves a character: their positions are the document's.
    unmoved = offsets.is_identity

    def span_json(span: Span | None) -> SpanRecord | None:
        if span is None:
            return None
        start, end = (span.start, span.end) if unmoved else offsets.to_original(span.start, span.end)
        return {"start": start, "end": end, "text": body[start:end]}

    return span_json


def _entity_json(span_json: SpanJson, entity: Entity, mentions: list[Mention]) -> EntityRecord:
    """``mentions``: the document's mentions of ``entity``, in order."""
    roles: dict[str, RoleRecord] = {}
    for mention in mentions:
        for role in mention.roles:
            roles.setdefault(role.title_en, {
                "title_vi": role.title_vi, "title_en": role.title_en, "country": role.country,
                "organization": role.organization, "sector": role.sector,
                "evidence": span_json(role.evidence),
            })
    return {
        "id": entity.id, "type": entity.type, "name": entity.name, "name_vi": entity.name_vi,
        "country": entity.country, "wikidata": entity.wikidata, "cameo": entity.cameo,
        "discovered": entity.discovered, "aliases": list(entity.aliases),
        "roles": list(roles.values()),
        "mentions": [
            {**span_json(m.span), "form": m.form, "origin": m.origin} for m in mentions
        ],
    }


def date_record(span_json: SpanJson, time: TimeValue | None) -> DateRecord | None:
    """A time as the contract writes an event's date."""
    if time is None:
        return None
    evidence = span_json(time.evidence)
    return {
        "start": time.start.isoformat() if time.start else None,
        "end": time.end.isoformat() if time.end else None,
        "granularity": time.granularity,
        "text": evidence["text"] if evidence else None,
        "evidence": evidence,
        "relation": time.relation,
    }


def event_json(document: Document, event: Event, span_json: SpanJson | None = None) -> EventRecord:
    span_json = span_json or span_writer(document)
    trigger = event.trigger
    place = event.place
    topics = [span_json(span) for span in event.topics]
    return {
        "id": event.id, "cameo": trigger.cameo, "plover": trigger.plover, "mode": trigger.mode,
        "goldstein": trigger.goldstein, "label_vi": trigger.label_vi, "label_en": trigger.label_en,
        "source": list(event.source), "target": list(event.target),
        "date": date_record(span_json, event.date),
        "location": None if place is None else {
            "name": place.name, "name_vi": place.name_vi, "country": place.country, "kind": place.kind,
            "entity_id": place.entity_id, "city": place.city, "evidence": span_json(place.evidence),
        },
        "trigger": span_json(trigger.span),
        "evidence": [span_json(span) for span in event.evidence],
        "actor_evidence": [span_json(span) for span in event.actor_evidence],
        "sentence": event.sentence,
        "negated": event.negated, "modality": event.modality, "reported_by": event.reported_by,
        "occasion": span_json(event.occasion),
        "topics": [topic["text"] for topic in topics],
        "topic_spans": topics,
        "confidence": round(event.confidence, 3),
        "summary": summarize(event, document.entities),
    }


def to_result(document: Document) -> ArticleResult:
    """Build the contract record from a finished document."""
    span_json = span_writer(document)
    by_entity: dict[str, list[Mention]] = {}
    for mention in document.mentions:
        for entity_id in dict.fromkeys(mention.entity_ids):
            by_entity.setdefault(entity_id, []).append(mention)
    used = set(by_entity)
    for event in document.events:
        used.update(event.source, event.target)
    entities = tuple(
        _entity_json(span_json, document.entities[entity_id], by_entity.get(entity_id, []))
        for entity_id in sorted(used) if entity_id in document.entities
    )
    events = tuple(event_json(document, event, span_json) for event in document.events)
    return ArticleResult(document.article, entities, events)
