"""Cross-validation: every learned part trained on four folds, the fifth scored, the five pooled.

Figures measured on the articles a model was fitted to flatter it; these are the
figures a user can expect on news nobody tuned for. Each fold's decision model is
fitted (with its own inner folds for calibration and threshold) on the other folds'
articles only, and so is its dating model; its events are scored by the corpus's
rule, and the five folds' counts are added up into the pooled report.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sukien.contract import ArticleResult
from sukien.evaluate.events import EventReport, score_events
from sukien.evaluate.gold import Gold
from sukien.events.dating import DatingModel
from sukien.events.decisions import DecisionModel
from sukien.learn.dataset import LabelledArticle, labelled_articles
from sukien.learn.dating import fit_dating_model
from sukien.learn.fit import REGULARIZATION, TARGET_PRECISION, fit_model

_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)


@dataclass
class Calibration:
    """Held-out candidates by confidence bin: how many, their mean confidence, the share labelled right."""

    counts: list[int] = field(default_factory=lambda: [0] * (len(_BINS) - 1))
    confidence: list[float] = field(default_factory=lambda: [0.0] * (len(_BINS) - 1))
    right: list[int] = field(default_factory=lambda: [0] * (len(_BINS) - 1))

    def add(self, confidence: float, label: bool) -> None:
        i = next(i for i in range(len(_BINS) - 1) if confidence < _BINS[i + 1])
        self.counts[i] += 1
        self.confidence[i] += confidence
        self.right[i] += label

    def rows(self) -> list[dict]:
        return [{"bin": f"{_BINS[i]:.1f}–{min(_BINS[i + 1], 1.0):.1f}", "candidates": n,
                 "mean_confidence": self.confidence[i] / n if n else None, "right": self.right[i] / n if n else None}
                for i, n in enumerate(self.counts)]

    @property
    def error(self) -> float:
        """Expected calibration error: the count-weighted gap between confidence and share right."""
        total = sum(self.counts)
        return sum(abs(self.confidence[i] - self.right[i]) for i in range(len(self.counts))) / total if total else 0.0


@dataclass
class CrossValidation:
    pooled: EventReport
    folds: list[EventReport]
    thresholds: list[float]
    calibration: Calibration
    results: list[ArticleResult]  # every article's events as its fold's model decided them


def decided(row: LabelledArticle, model: DecisionModel, min_confidence: float | None = None,
            dating: DatingModel | None = None) -> ArticleResult:
    """The article's candidates the model accepts, each with its confidence, and dated by ``dating``
    (the rules' own dates without one)."""
    threshold = model.threshold if min_confidence is None else min_confidence
    events = []
    for i, (event, features) in enumerate(zip(row.candidates.events, row.features)):
        confidence = model.confidence(features)
        if confidence >= threshold:
            event = {**event, "confidence": round(confidence, 3)}
            if dating is not None and row.dates and row.dates[i].features:
                event["date"] = row.dates[i].records[dating.best(row.dates[i].features)]
            events.append(event)
    return replace(row.candidates, events=tuple(events))


def cross_validate(gold: Gold, folds: dict[str, int], *, target: float | None = TARGET_PRECISION,
                   regularization: float = REGULARIZATION,
                   rows: Sequence[LabelledArticle] | None = None) -> CrossValidation:
    rows = list(rows) if rows is not None else labelled_articles(gold, folds)
    missing = [row.article_id for row in rows if row.fold is None]
    if missing:
        from sukien.errors import EvaluationError
        raise EvaluationError(f"{len(missing)} articles have no fold (first: {missing[0]})")
    reports, thresholds, results = [], [], []
    calibration = Calibration()
    for fold in sorted({row.fold for row in rows}):
        train = [row for row in rows if row.fold != fold]
        test = [row for row in rows if row.fold == fold]
        model = fit_model(train, target=target, regularization=regularization)
        dating = fit_dating_model(train)
        thresholds.append(model.threshold)
        fold_results = [decided(row, model, dating=dating) for row in test]
        for row in test:
            for features, label in zip(row.features, row.labels):
                calibration.add(model.confidence(features), label)
        reports.append(score_events({row.article_id: gold.events.get(row.article_id, []) for row in test},
                                    fold_results))
        results += fold_results
    pooled = score_events(gold.events, results)
    return CrossValidation(pooled, reports, thresholds, calibration, results)


@dataclass(frozen=True)
class Refit:
    """One cross-validation's pooled figures with the decision layer fitted at one regularisation."""

    regularization: float
    pooled: EventReport


def refit_strengths(count: int, around: float = REGULARIZATION, spread: float = 0.25) -> list[float]:
    """``count`` regularisation strengths spread evenly over ``around`` ± ``spread`` of it."""
    if count < 2:
        return [around]
    return [round(around * (1 - spread + 2 * spread * i / (count - 1)), 4) for i in range(count)]


def refits(gold: Gold, rows: Sequence[LabelledArticle], folds: dict[str, int], count: int, *,
           target: float | None = TARGET_PRECISION, known: dict[float, EventReport] | None = None) -> list[Refit]:
    """The pooled figures of ``count`` cross-validations whose decision layers differ only in regularisation
    (``known``: figures already measured at some of the strengths, not measured again).

    A threshold picked on held-out scores and an isotonic map with steps move one fit's figures by
    about ±0.01; the spread of a few refits shows how large a difference between two runs must be
    before it says anything, and their mean is steadier than any one of them."""
    known = known or {}
    return [Refit(strength, known[strength] if strength in known else cross_validate(
                gold, folds, target=target, regularization=strength, rows=rows).pooled)
            for strength in refit_strengths(count)]


def refits_json(found: Sequence[Refit]) -> dict:
    figures = {name: [getattr(refit.pooled, name) for refit in found] for name in ("precision", "recall", "f1")}
    return {"regularization": [refit.regularization for refit in found], **figures,
            "mean": {name: sum(values) / len(values) for name, values in figures.items()}}


def report_json(report: EventReport) -> dict:
    def share(pair: list[int]) -> float | None:
        return pair[0] / pair[1] if pair[1] else None
    return {"gold": report.gold, "predicted": report.predicted, "matched": report.matched,
            "precision": report.precision, "recall": report.recall, "f1": report.f1,
            "date_accuracy": share(report.dated), "place_accuracy": share(report.placed),
            "role_accuracy": share(report.roles), "dated": report.dated, "placed": report.placed,
            "roles": report.roles}
