"""The data model: articles, spans, mentions, entities and events.

Every annotation is a span into one text. Inside the pipeline that text is the
*normalized* article body (``Document.text``); ``contract.py`` maps spans back to
the body exactly as given, so a reader can highlight them in the original.
All records are small frozen dataclasses; stages build new ones with
``dataclasses.replace`` instead of mutating.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

# Entity and mention types.
PERSON = "PERSON"
COUNTRY = "COUNTRY"
ORGANIZATION = "ORG"
LOCATION = "LOC"
ENTITY_TYPES = (PERSON, COUNTRY, ORGANIZATION, LOCATION)

# How a mention refers to its entity (the corpus calls this mention_type).
NAME = "name"
TITLE = "title_or_description"
PRONOUN = "pronoun"
COLLECTIVE = "collective_or_anaphoric"

# Event modality.
ASSERTED = "asserted"
PLANNED = "planned"
NEGATED = "negated"
HYPOTHETICAL = "hypothetical"
HISTORICAL = "historical"


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) and the text it covers."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span text {self.text!r} does not fit [{self.start}, {self.end})")

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Article:
    """One news article as read from its source."""

    text: str
    id: str = ""
    title: str = ""
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    origin: str | None = None  # "file.jsonl:12": where the article was read from


@dataclass(frozen=True)
class Sentence:
    index: int
    span: Span


@dataclass(frozen=True)
class Role:
    """A title held by a person as the article states it ("Chủ tịch Quốc vụ Triều Tiên")."""

    title_vi: str
    title_en: str
    country: str | None = None  # ISO alpha-3 of the country the office belongs to
    organization: str | None = None  # entity id of the party/body, when named
    sector: str | None = None  # CAMEO/PLOVER sector: GOV, PTY, MIL, LEG, ...
    evidence: Span | None = None
    former: bool = False  # "cựu Tổng thống Mỹ": an office once held, now someone else's


@dataclass(frozen=True)
class Mention:
    """A stretch of text that names or refers to an entity (or a set of them)."""

    span: Span
    type: str  # one of ENTITY_TYPES
    form: str = NAME  # NAME, TITLE, PRONOUN or COLLECTIVE
    entity_ids: tuple[str, ...] = ()  # linked entities; several for "hai bên"
    roles: tuple[Role, ...] = ()
    origin: str = "kb"  # kb, pattern, tagger, coref
    head: Span | None = None  # the name inside a role phrase, when it has one


@dataclass(frozen=True)
class Entity:
    """A canonical entity: from the knowledge base, or discovered in text."""

    id: str  # stable: "person:kim-jong-un", "country:PRK", "org:wpk"
    type: str
    name: str  # canonical English (or Latin) name
    name_vi: str | None = None
    country: str | None = None  # ISO alpha-3
    wikidata: str | None = None
    cameo: str | None = None  # CAMEO actor code such as PRKGOV
    discovered: bool = False  # True when not in the knowledge base
    aliases: tuple[str, ...] = ()
    kind: str | None = None  # finer class: party, ministry, news_agency, igo, city, ...


@dataclass(frozen=True)
class TimeValue:
    """A resolved time: an ISO day range with its granularity and the words that say it."""

    start: date | None
    end: date | None
    granularity: str  # day, month, year, decade, range
    evidence: Span | None = None
    relation: str | None = None  # None when stated; "inferred" when taken from context


@dataclass(frozen=True)
class Place:
    name: str  # English
    name_vi: str
    country: str | None  # ISO alpha-3
    kind: str  # city, country, building, venue
    evidence: Span | None = None
    entity_id: str | None = None
    city: str | None = None  # for a building: the city the article places it in, when it names one


@dataclass(frozen=True)
class Trigger:
    """A matched trigger word and what the lexicon says it means."""

    span: Span
    cameo: str
    plover: str
    mode: str | None
    label_vi: str
    label_en: str
    goldstein: float
    voice: str = "active"  # active, passive, symmetric


@dataclass(frozen=True)
class Event:
    id: str
    trigger: Trigger
    source: tuple[str, ...]  # entity ids
    target: tuple[str, ...]
    evidence: tuple[Span, ...]
    sentence: int  # index of the sentence holding the trigger
    date: TimeValue | None = None
    place: Place | None = None
    modality: str = ASSERTED
    negated: bool = False
    reported_by: str | None = None  # entity id of the attributed reporter
    occasion: Span | None = None
    topics: tuple[Span, ...] = ()
    actor_evidence: tuple[Span, ...] = ()  # the mentions that name source and target
    confidence: float = 0.5
    # The rules' reasons to doubt a candidate ("no_target", "borrowed_source", …): the decision layer
    # weighs them; without a model, a doubted candidate is dropped.
    doubts: tuple[str, ...] = ()

    @property
    def cameo(self) -> str:
        return self.trigger.cameo


@dataclass
class Document:
    """One article on its way through the pipeline.

    ``text`` is the normalized body; ``offsets`` maps every position of it back
    to the body as given (see ``normalize.OffsetMap``). Stages fill the lists in
    pipeline order.
    """

    article: Article
    text: str
    offsets: "object"  # normalize.OffsetMap; typed loosely to keep model.py free of imports
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    times: list[TimeValue] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def sentence_at(self, position: int) -> Sentence:
        sentences = self.sentences
        starts = self._sentence_starts(sentences)
        if starts is not None:  # sorted, non-overlapping: the one that can hold it
            i = bisect_right(starts, position) - 1
            if i >= 0 and sentences[i].span.start <= position < sentences[i].span.end:
                return sentences[i]
        for sentence in sentences:
            if sentence.span.start <= position < sentence.span.end:
                return sentence
        raise ValueError(f"position {position} is in no sentence")

    def _sentence_starts(self, sentences: list[Sentence]) -> list[int] | None:
        """The sentences' starts, kept beside the list they were read from (None when unsorted)."""
        kept = self.__dict__.get("_starts")
        if kept is None or kept[0] is not sentences or kept[1] != len(sentences):
            spans = [sentence.span for sentence in sentences]
            ordered = all(a.end <= b.start for a, b in zip(spans, spans[1:]))
            kept = (sentences, len(sentences), [span.start for span in spans] if ordered else None)
            self.__dict__["_starts"] = kept
        return kept[2]
