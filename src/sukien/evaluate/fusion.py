"""Scoring cross-document fusion against the corpus's ``xdoc_event_id`` groups.

Predicted events are matched to the gold events of their own article with the
corpus rule (``evaluate.events.match_article``); every article's results are then
stored in a fresh in-memory store, which fuses them exactly as ``sukien ingest``
does. Over matched predictions:

- false-merge rate: of the pairs of predictions that ended in one fused event, the
  share whose gold events are different real-world events (different
  ``xdoc_event_id``, or different gold events when they have none);
- missed-merge rate: of the pairs of gold events of one ``xdoc_event_id`` in
  different articles (both matched), the share whose predictions stayed apart;
- duplicate rate: of the fused events covering a real-world event, the share that
  are extra copies (a real-world event split over k fused events counts k − 1).

Articles the store takes for near-duplicates of another contribute no events; they
are counted (``duplicate_articles``) and their predictions left out.

``oracle_results`` turns the gold events themselves into predictions, which
measures the fusion rules alone, independent of extraction.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sukien.contract import ArticleResult, article_id
from sukien.errors import EvaluationError
from sukien.normalize.fold import fold


@dataclass
class FusionReport:
    articles: int = 0
    duplicate_articles: int = 0
    predicted_events: int = 0
    matched_events: int = 0
    fused_events: int = 0
    merged_pairs: int = 0
    false_merges: int = 0
    gold_pairs: int = 0
    missed_merges: int = 0
    real_events: int = 0  # real-world events with at least one matched prediction
    duplicates: int = 0

    @property
    def false_merge_rate(self) -> float:
        return self.false_merges / self.merged_pairs if self.merged_pairs else 0.0

    @property
    def missed_merge_rate(self) -> float:
        return self.missed_merges / self.gold_pairs if self.gold_pairs else 0.0

    @property
    def duplicate_rate(self) -> float:
        total = self.real_events + self.duplicates
        return self.duplicates / total if total else 0.0

    def lines(self) -> list[str]:
        return [
            f"articles {self.articles} (near-duplicates {self.duplicate_articles}); predicted events "
            f"{self.predicted_events}, matched {self.matched_events}, fused into {self.fused_events}",
            f"false merges  {self.false_merges}/{self.merged_pairs} pairs = {self.false_merge_rate:.1%}",
            f"missed merges {self.missed_merges}/{self.gold_pairs} gold pairs = {self.missed_merge_rate:.1%}",
            f"duplicates    {self.duplicates} extra fused events for {self.real_events} real events"
            f" = {self.duplicate_rate:.1%}",
        ]


def fuse_results(results: list[ArticleResult]) -> dict[tuple[str, int], str]:
    """(article id, index of the event in its result) → fused event id, via a fresh store."""
    from sukien.store import open_store
    from sukien.store.schema import event_mentions
    renamed = [ArticleResult(r.article, r.entities, tuple({**e, "id": f"p{i}"} for i, e in enumerate(r.events)))
               for r in results]
    store = open_store("sqlite://")
    try:
        store.ingest(renamed, command="evaluate fusion")
        with store.engine.connect() as conn:
            rows = conn.execute(select(event_mentions.c.article_id, event_mentions.c.article_event_id,
                                       event_mentions.c.event_id)).all()
    finally:
        store.close()
    return {(r.article_id, int(r.article_event_id[1:])): r.event_id for r in rows}


def _real_id(gold: dict[str, Any]) -> str:
    return gold.get("xdoc_event_id") or gold["event_id"]


def evaluate_fusion(results_by_article: Mapping[str, ArticleResult], gold_dir: str | Path) -> FusionReport:
    """Score how the store fuses these results against the gold folder's xdoc groups."""
    from sukien.evaluate.events import match_article
    from sukien.evaluate.gold import load_gold
    gold = load_gold(gold_dir)
    results = list(results_by_article.values())
    fused = fuse_results(results)
    report = FusionReport(articles=len(results), predicted_events=sum(len(r.events) for r in results),
                          fused_events=len(set(fused.values())))
    stored_articles = {a for a, _ in fused}
    report.duplicate_articles = sum(1 for r in results if r.events and article_id(r.article) not in stored_articles)
    matched: list[tuple[dict[str, Any], str]] = []  # (gold event, fused id)
    for result in results:
        key = article_id(result.article)
        position = {id(e): i for i, e in enumerate(result.events)}
        for pair in match_article(gold.events.get(key, []), result):
            fused_id = fused.get((key, position[id(pair.predicted)]))
            if fused_id is not None:
                matched.append((pair.gold, fused_id))
    report.matched_events = len(matched)
    _count_pairs(report, matched)
    return report


def _count_pairs(report: FusionReport, matched: list[tuple[dict[str, Any], str]]) -> None:
    for (g1, f1), (g2, f2) in combinations(matched, 2):
        if f1 == f2:
            report.merged_pairs += 1
            report.false_merges += _real_id(g1) != _real_id(g2)
        if g1.get("xdoc_event_id") and g1["xdoc_event_id"] == g2.get("xdoc_event_id") \
                and g1["article_id"] != g2["article_id"]:
            report.gold_pairs += 1
            report.missed_merges += f1 != f2
    split: dict[str, set[str]] = defaultdict(set)
    for g, f in matched:
        split[_real_id(g)].add(f)
    report.real_events = len(split)
    report.duplicates = sum(len(fs) - 1 for fs in split.values())


# -- the gold events as predictions: the fusion rules measured alone ----------------------------

_CAMEO = {"MEET_TALKS": "040", "VISIT": "042", "HOST_RECEIVE": "043", "PHONE_CALL": "041",
          "MESSAGE": "051", "SIGN_AGREEMENT": "057", "AGREE_COMMIT": "030", "STATEMENT_PRAISE": "051",
          "CRITICIZE_PROTEST": "111", "OTHER_POLITICAL": "010"}
_TARGETS = {"target", "recipient", "guest"}
_SOURCES = {"source", "speaker", "visitor", "sender", "host"}
_MODALITY = {"negated": "asserted"}  # the contract says negated with a flag, not a modality


def _gold_dates(value: str | None) -> dict[str, Any] | None:
    if not value:
        return None
    start, _, end = value.partition("/")
    end = end or start
    def full(text: str, last: bool) -> str:
        parts = text.split("-")
        if len(parts) == 3:
            return text
        if len(parts) == 2:
            return f"{text}-{'28' if last else '01'}"
        return f"{text}-{'12-31' if last else '01-01'}"
    return {"start": full(start, False), "end": full(end, True), "granularity": "day", "text": value}


def _actor(gold_actor: dict[str, Any]) -> dict[str, Any]:
    from sukien.evaluate.events import country_code
    name = gold_actor.get("canonical") or gold_actor["name"]
    country = country_code((gold_actor.get("country") or "").split(";")[0].strip())
    kind = {"PER": "PERSON", "COUNTRY": "COUNTRY", "ORG": "ORG"}.get(gold_actor.get("kind"), "ORG")
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    entity_id = f"country:{country}" if kind == "COUNTRY" and country else f"{kind.lower()}:{slug}"
    return {"id": entity_id, "type": kind, "name": name, "name_vi": gold_actor.get("canonical_vi"),
            "country": country, "discovered": False, "roles": [], "mentions": []}


def _oracle_event(gold: dict[str, Any], index: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    actors = [(a.get("participant_role"), _actor(a)) for a in gold["actors"]]
    target = [e["id"] for role, e in actors if role in _TARGETS]
    source = [e["id"] for role, e in actors if role not in _TARGETS] if target else [e["id"] for _, e in actors]
    location = gold.get("location") or {}
    from sukien.evaluate.events import country_code
    event = {"id": f"g{index}", "cameo": _CAMEO.get(gold["event_type"], "010"), "source": source,
             "target": target, "date": _gold_dates(gold.get("date")),
             "location": {"country": country_code(location.get("country"))} if location else None,
             "negated": gold.get("modality") == "negated",
             "modality": _MODALITY.get(gold.get("modality"), gold.get("modality") or "asserted"),
             "confidence": 1.0, "evidence": []}
    return event, [e for _, e in actors]


def oracle_results(gold_dir: str | Path) -> dict[str, ArticleResult]:
    """Every gold article with its gold events rewritten as contract events."""
    from sukien.evaluate.gold import load_gold
    gold = load_gold(gold_dir)
    if not gold.articles:
        raise EvaluationError(f"{gold_dir}: no articles")
    results = {}
    for article in gold.articles:
        key = article_id(article)
        events, entities = [], {}
        for index, gold_event in enumerate(gold.events.get(key, [])):
            event, actors = _oracle_event(gold_event, index)
            events.append(event)
            entities.update((a["id"], a) for a in actors)
        results[key] = ArticleResult(article, tuple(entities.values()), tuple(events))
    return results
