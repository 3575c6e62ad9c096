"""Mention and linking scores against gold entity spans.

PER and COUNTRY gold mentions are exhaustive and flat (names without titles), so
they are scored on exact offsets, typed and untyped. ORG and LOC gold is partial:
their precision would be meaningless and is not reported. Linking accuracy asks,
for every gold event actor written as a name, whether the mention sukien found
at that name links to the right canonical entity.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sukien.contract import ArticleResult
from sukien.evaluate.events import actor_matches
from sukien.evaluate.scores import Score
from sukien.normalize import fold

_TYPE = {"PERSON": "PER", "COUNTRY": "COUNTRY"}
_NAMED_FORMS = {"name"}


Counts = Score


@dataclass
class EntityReport:
    typed: dict[str, Counts] = field(default_factory=lambda: {"PER": Counts(), "COUNTRY": Counts()})
    all_typed: Counts = field(default_factory=Counts)
    untyped: Counts = field(default_factory=Counts)
    linked: list[int] = field(default_factory=lambda: [0, 0])
    errors: list[str] = field(default_factory=list)

    @property
    def linking_accuracy(self) -> float:
        return self.linked[0] / self.linked[1] if self.linked[1] else 0.0


def predicted_spans(result: ArticleResult) -> set[tuple[int, int, str]]:
    spans = set()
    for entity in result.entities:
        kind = _TYPE.get(entity["type"])
        if kind is None:
            continue
        for mention in entity["mentions"]:
            if mention.get("form", "name") in _NAMED_FORMS:
                spans.add((mention["start"], mention["end"], kind))
    return spans


def _add(counts: Counts, predicted: set, gold: set) -> None:
    counts.correct += len(predicted & gold)
    counts.predicted += len(predicted)
    counts.gold += len(gold)


def _score_spans(report: EntityReport, result: ArticleResult, gold_rows: list[dict]) -> None:
    gold = {(g["start"], g["end"], g["type"]) for g in gold_rows if g["type"] in ("PER", "COUNTRY")}
    predicted = predicted_spans(result)
    for kind, counts in report.typed.items():
        _add(counts, {p for p in predicted if p[2] == kind}, {g for g in gold if g[2] == kind})
    _add(report.all_typed, predicted, gold)
    _add(report.untyped, {p[:2] for p in predicted}, {g[:2] for g in gold})
    for start, end, kind in sorted(gold - predicted):
        report.errors.append(f"{result.article.id} missed {kind} {result.article.text[start:end]!r} @{start}")
    for start, end, kind in sorted(predicted - gold):
        report.errors.append(f"{result.article.id} false {kind} {result.article.text[start:end]!r} @{start}")


def _score_linking(report: EntityReport, result: ArticleResult, gold_events: list[dict]) -> None:
    by_name: dict[str, list[dict[str, Any]]] = {}
    for entity in result.entities:
        for mention in entity["mentions"]:
            by_name.setdefault(fold(mention["text"]), []).append(entity)
    for event in gold_events:
        for actor in event["actors"]:
            if actor.get("mention_type") != "name" or actor.get("kind") not in ("PER", "COUNTRY"):
                continue
            candidates = by_name.get(fold(actor["name"]))
            if not candidates:
                continue
            report.linked[1] += 1
            report.linked[0] += any(actor_matches(actor, e) for e in candidates)


def score_entities(gold_entities: dict[str, list[dict]], gold_events: dict[str, list[dict]],
                   results: list[ArticleResult]) -> EntityReport:
    report = EntityReport()
    for result in results:
        _score_spans(report, result, gold_entities.get(result.article.id, []))
        _score_linking(report, result, gold_events.get(result.article.id, []))
    return report


def summary_lines(report: EntityReport) -> list[str]:
    lines = [f"{kind:8} P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}  (gold {c.gold}, predicted {c.predicted})"
             for kind, c in report.typed.items()]
    lines.append(f"PER+COUNTRY typed   P {report.all_typed.precision:.3f}  R {report.all_typed.recall:.3f}  "
                 f"F1 {report.all_typed.f1:.3f}")
    lines.append(f"PER+COUNTRY untyped P {report.untyped.precision:.3f}  R {report.untyped.recall:.3f}  "
                 f"F1 {report.untyped.f1:.3f}")
    lines.append(f"actor linking accuracy {report.linking_accuracy:.3f} ({report.linked[0]}/{report.linked[1]})")
    return lines


def report_json(report: EntityReport) -> dict[str, Any]:
    def counts(c: Counts) -> dict[str, float | int]:
        return {"precision": c.precision, "recall": c.recall, "f1": c.f1, "gold": c.gold, "predicted": c.predicted}
    return {**{kind: counts(c) for kind, c in report.typed.items()}, "typed": counts(report.all_typed),
            "untyped": counts(report.untyped), "linking": report.linking_accuracy, "linked": report.linked}


def by_fold(gold_entities: dict[str, list[dict]], gold_events: dict[str, list[dict]],
            results: list[ArticleResult], folds: dict[str, int]) -> list[EntityReport]:
    """One report per fold. Nothing here is trained on the corpus, so each fold is scored as it is;
    the knowledge base was written with the corpus's leaders in mind, which no fold can undo."""
    return [score_entities(gold_entities, gold_events, [r for r in results if folds.get(r.article.id) == fold])
            for fold in sorted(set(folds.values()))]
