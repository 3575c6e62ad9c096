"""Response and request models: they document the API (OpenAPI at /openapi.json).

Models describe the fields clients rely on and allow extra ones, so the store can add
a column without breaking the API; every field a store row may lack is optional.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Actor(Open):
    id: str
    name: str | None = None
    name_vi: str | None = None
    type: str | None = None
    country: str | None = None
    roles: list[dict[str, Any]] | None = None


class EventSummary(Open):
    id: str
    cameo: str
    root: str | None = None
    plover: str | None = None
    mode: str | None = None
    label_vi: str | None = None
    label_en: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    date_start: str | None = None
    date_end: str | None = None
    sort_date: str | None = None
    place_name: str | None = None
    place_name_vi: str | None = None
    place_country: str | None = None
    modality: str | None = None
    negated: bool | None = None
    summary: str | None = Field(None, description="One English sentence: who did what to whom, when and where "
                                "(the most confident report's).")
    evidence_text: str | None = Field(None, description="The Vietnamese sentence that report was read from.")
    num_mentions: int | None = None
    num_articles: int | None = None
    num_sources: int | None = None
    source: list[Actor] = []
    target: list[Actor] = []


class EventPage(BaseModel):
    items: list[EventSummary]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last.")


class EventDetail(EventSummary):
    articles: list[dict[str, Any]] = []
    evidence: list[dict[str, Any]] = []
    related: list[dict[str, Any]] = []
    labels: dict[str, str | None] = {}


class Entity(Open):
    id: str
    type: str | None = None
    name: str | None = None
    name_vi: str | None = None
    country: str | None = None
    wikidata: str | None = None
    cameo: str | None = None
    num_mentions: int | None = None


class EntityDetail(Entity):
    aliases: list[str] = []
    roles: list[dict[str, Any]] = []
    counterparts: list[dict[str, Any]] = []
    timeline: list[EventSummary] = []


class EntityList(BaseModel):
    items: list[Entity]


class ArticleHit(Open):
    id: str
    title: str | None = None
    published: str | None = None
    snippet: str = Field(description="Words of the text around the first match, cut between words.")
    marks: list[list[int]] = Field(description="[start, end] of each matched word in the snippet.")


class Country(BaseModel):
    code: str = Field(description="ISO 3166-1 alpha-3.")
    name: str
    name_vi: str


class SearchResult(BaseModel):
    q: str
    articles: list[ArticleHit]
    events: list[EventSummary]
    entities: list[Entity]


class Article(Open):
    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    text: str
    events: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    reported: list[EventSummary] = Field([], description="The fused events the article reports.")


class GraphNode(Open):
    id: str
    name: str | None = None
    events: int


class GraphEdge(Open):
    source: str
    target: str
    weight: int
    codes: dict[str, int] = {}
    first: str | None = None
    last: str | None = None
    event_ids: list[str] = []


class Graph(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    events: int = Field(description="Events of the filter the network counts; when truncated, the "
                        "number of the newest matching events that were counted.")
    actors: int = Field(0, description="Actors of those events, before keeping the top ones.")
    truncated: bool = Field(False, description=(
        "True when only the newest matching events were counted: the newest 1,000 where the counts "
        "kept at write time do not answer the filter (several filters together, an odd date range, "
        "another confidence threshold than 0, 0.5, 0.6, 0.7, 0.8, 0.9), and among the newest 2,000 "
        "events containing the words (q, SQLite); `events` then says how many were counted."))


class TimelineBucket(BaseModel):
    period: str
    count: int
    by_type: dict[str, int]


class Timeline(BaseModel):
    by: str = Field(description="The period used: day, month or year.")
    buckets: list[TimelineBucket]
    events: int = Field(description="Dated events counted in the buckets.")
    undated: int = Field(0, description="Matching events with no date (not in any bucket).")
    truncated: bool = Field(False, description=(
        "True when words (q) match more events than are counted (SQLite): then only the newest 2,000 "
        "of them, whole days, are (`events` plus `undated` says how many); every other filter counts "
        "every matching event."))


class CameoCode(BaseModel):
    code: str
    label_en: str
    label_vi: str
    plover: str | None = None
    plover_mode: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None


class ArticleIn(BaseModel):
    """One article, as in the JSONL input: only ``text`` is required."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="The article body.")
    id: str | None = Field(None, max_length=200)
    title: str | None = None
    published: str | None = Field(None, description="Date or datetime (ISO 8601): anchors relative dates.")
    outlet: str | None = Field(None, max_length=200)
    url: str | None = None


class IngestOut(BaseModel):
    article_id: str
    status: str = Field(description="added | updated | unchanged | duplicate")
    duplicate_of: str | None = None
    events: list[str] = Field(description="Ids of the fused events this article reports.")
    entities: int
