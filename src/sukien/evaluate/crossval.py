"""Cross-validation: every learned part trained on four folds, the fifth scored, the five pooled.

Figures measured on the articles a model was fitted to flatter it; these are the
figures a user can expect on news nobody tuned for. Each fold's decision model is
fitted (with its own inner folds for calibration and threshold) on the other folds'
articles only, and so is its dating model; its events are scored by the corpus's
rule, and the five folds' counts are added up into the pooled report.

A change to the rules changes the candidates, and refitting on them moves the figures
by about ±0.01 on its own. To see the rule's own effect, the fold models of one run
can be saved (``save_fold_models``) and held fixed in the next (``load_fold_models``):
fitted on the candidates before the change, applied to those after it.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sukien.contract import ArticleResult
from sukien.errors import DataFileError, EvaluationError
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


@dataclass(frozen=True)
class FoldModels:
    """What one fold learned from the other folds: its decision model and its dating model."""

    decisions: DecisionModel
    dating: DatingModel


@dataclass
class CrossValidation:
    pooled: EventReport
    folds: list[EventReport]
    thresholds: list[float]
    calibration: Calibration
    results: list[ArticleResult]  # every article's events as its fold's model decided them
    models: dict[int, FoldModels] = field(default_factory=dict)  # each fold's, fitted or held fixed


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
                   rows: Sequence[LabelledArticle] | None = None,
                   models: Mapping[int, FoldModels] | None = None) -> CrossValidation:
    """``models``: each fold's models held fixed (``load_fold_models``) instead of fitted here."""
    rows = list(rows) if rows is not None else labelled_articles(gold, folds)
    missing = [row.article_id for row in rows if row.fold is None]
    if missing:
        raise EvaluationError(f"{len(missing)} articles have no fold (first: {missing[0]})")
    reports, thresholds, results = [], [], []
    calibration = Calibration()
    used: dict[int, FoldModels] = {}
    for fold in sorted({row.fold for row in rows}):
        train = [row for row in rows if row.fold != fold]
        test = [row for row in rows if row.fold == fold]
        if models is None:
            used[fold] = FoldModels(fit_model(train, target=target, regularization=regularization),
                                    fit_dating_model(train))
        elif fold in models:
            used[fold] = models[fold]
        else:
            raise EvaluationError(f"no model held fixed for fold {fold} (the saved models cover folds "
                                  f"{sorted(models)})")
        model, dating = used[fold].decisions, used[fold].dating
        thresholds.append(model.threshold)
        fold_results = [decided(row, model, dating=dating) for row in test]
        for row in test:
            for features, label in zip(row.features, row.labels):
                calibration.add(model.confidence(features), label)
        reports.append(score_events({row.article_id: gold.events.get(row.article_id, []) for row in test},
                                    fold_results))
        results += fold_results
    pooled = score_events(gold.events, results)
    return CrossValidation(pooled, reports, thresholds, calibration, results, used)


_FOLD_FILES = "fold-*.json"  # one per fold: fold-0.json, fold-1.json, …


def check_free_folder(folder: str | Path) -> None:
    """Refuse a folder that is a file, or that already holds saved fold models (never overwritten)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise EvaluationError(f"{folder}: not a folder")
    existing = sorted(folder.glob(_FOLD_FILES)) if folder.exists() else []
    if existing:
        raise EvaluationError(f"{existing[0]}: fold models are already saved there; choose another folder")


def save_fold_models(models: Mapping[int, FoldModels], folder: str | Path) -> None:
    """Write each fold's models to ``folder/fold-N.json``; a folder that already holds fold models is
    refused rather than overwritten."""
    folder = Path(folder)
    check_free_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for fold, fitted in sorted(models.items()):
        (folder / f"fold-{fold}.json").write_text(json.dumps(
            {"fold": fold, "decisions": fitted.decisions.to_json(), "dating": fitted.dating.to_json()},
            ensure_ascii=False), encoding="utf-8")


def load_fold_models(folder: str | Path) -> dict[int, FoldModels]:
    """The fold models ``save_fold_models`` wrote, to hold fixed in another cross-validation."""
    folder = Path(folder)
    paths = sorted(folder.glob(_FOLD_FILES)) if folder.is_dir() else []
    if not paths:
        raise EvaluationError(f"{folder}: no saved fold models (fold-N.json) there")
    models = {}
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            fold = int(data["fold"])
            fitted = FoldModels(DecisionModel.from_json(data["decisions"], str(path)),
                                DatingModel.from_json(data["dating"], str(path)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, DataFileError) as error:
            raise EvaluationError(f"{path}: not a saved fold model ({error})") from error
        models[fold] = fitted
    return models


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
