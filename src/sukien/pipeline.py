"""The pipeline: named stages in one explicit order, each a function from document to document.

Each stage says what it requires and what it provides; ``check`` verifies the
order once, before any article runs, and names the stage that is missing what.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import partial

from sukien.contract import ArticleResult, to_result
from sukien.errors import PipelineError
from sukien.events import extract_events
from sukien.events.decisions import DecisionModel
from sukien.link import link
from sukien.link.observed import ObservedHolder, ObservedOffices
from sukien.model import Article, Document
from sukien.normalize import normalize_text
from sukien.recognize import recognize
from sukien.resolve import resolve
from sukien.segment import segment


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Document], Document]
    requires: tuple[str, ...]
    provides: tuple[str, ...]


STAGES: tuple[Stage, ...] = (
    Stage("segment", segment, ("text",), ("sentences",)),
    Stage("recognize", recognize, ("sentences",), ("mentions",)),
    Stage("link", link, ("mentions",), ("entities",)),
    Stage("resolve", resolve, ("sentences",), ("times", "places")),
    Stage("events", extract_events, ("entities", "times", "places"), ("events",)),
)


def check(stages: Iterable[Stage]) -> tuple[Stage, ...]:
    """Fail early, naming the stage, when a stage runs before what it needs exists."""
    available = {"text"}
    checked = []
    for stage in stages:
        missing = [need for need in stage.requires if need not in available]
        if missing:
            names = ", ".join(s.name for s in STAGES)
            raise PipelineError(f"stage {stage.name!r} needs {missing} first (stages: {names})")
        available.update(stage.provides)
        checked.append(stage)
    return tuple(checked)


def start(article: Article) -> Document:
    """Stage 2, normalize: the document every later stage works on."""
    text, offsets = normalize_text(article.text)
    return Document(article=article, text=text, offsets=offsets)


def configured(min_confidence: float | None = None, model: DecisionModel | None | str = "shipped",
               observed: ObservedOffices | None = None) -> tuple[Stage, ...]:
    """The stages with the events stage's decision model and threshold set (the defaults: the shipped
    model at its own threshold), and the link stage consulting ``observed`` offices (a store's)."""
    if min_confidence is None and model == "shipped" and observed is None:
        return STAGES
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise PipelineError(f"min_confidence must lie between 0 and 1, not {min_confidence}")
    runs: dict[str, Callable[[Document], Document]] = {}
    if min_confidence is not None or model != "shipped":
        runs["events"] = partial(extract_events, min_confidence=min_confidence, model=model)
    if observed is not None:
        runs["link"] = partial(link, observed=observed)
    return tuple(replace(stage, run=runs[stage.name]) if stage.name in runs else stage for stage in STAGES)


def run(article: Article, stages: tuple[Stage, ...] = STAGES) -> Document:
    document = start(article)
    for stage in stages:
        document = stage.run(document)
    return document


def process(article: Article, min_confidence: float | None = None, rules_only: bool = False) -> ArticleResult:
    return to_result(run(article, configured(model=None) if rules_only else configured(min_confidence)))


class StoreProcess:
    """``process`` for ingesting into a store: the linker consults the offices the store has seen
    people hold (``link.observed``), loaded at the start and brought up to date after each batch.

    ``observe(None)`` gives every observation of the store, ``observe(article_ids)`` those of the
    offices these articles speak of (``Store.observed_offices``); ``refresh`` is the store's
    ``on_batch``: articles of a batch benefit from what earlier batches of the same run stored."""

    def __init__(self, observe: Callable[[Collection[str] | None], Iterable[ObservedHolder]],
                 min_confidence: float | None = None):
        self._observe = observe
        self.min_confidence = min_confidence
        self.observed = ObservedOffices.of(observe(None))
        self.stages = configured(min_confidence, observed=self.observed)

    def refresh(self, article_ids: Collection[str]) -> None:
        """Take in what the articles just stored say about who holds which office."""
        if article_ids:
            self.observed = self.observed.updated(self._observe(article_ids))
            self.stages = configured(self.min_confidence, observed=self.observed)

    def __call__(self, article: Article) -> ArticleResult:
        return to_result(run(article, self.stages))


def process_many(articles: Iterable[Article], min_confidence: float | None = None) -> Iterator[ArticleResult]:
    stages = configured(min_confidence)
    for article in articles:
        yield to_result(run(article, stages))


def extract(text: str, *, title: str | None = None, published: date | str | None = None,
            id: str = "", outlet: str | None = None, url: str | None = None,
            min_confidence: float | None = None, rules_only: bool = False) -> ArticleResult:
    """Extract entities and events from one article's body text.

    Events below the decision model's default threshold are left out; ``min_confidence``
    (0–1) sets another: lower finds more, with more of them wrong. ``rules_only`` gives the
    rules' own verdict, without the trained decisions (what the rules' tests check).

    >>> result = extract("Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào.", published="2026-05-14")
    >>> [event["cameo"] for event in result.events]
    ['046']
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() needs the article's text as a str, not {type(text).__name__}")
    if isinstance(published, str):
        published = date.fromisoformat(published[:10])
    article = Article(text=text, id=id, title=title or "", published=published, outlet=outlet, url=url)
    return process(article, min_confidence, rules_only)


check(STAGES)
