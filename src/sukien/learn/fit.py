"""Fitting the decision model: logistic regression, isotonic calibration, a precision-first threshold.

Calibration and threshold are chosen on predictions for articles the model did not
see: within the training articles, each fold is predicted by a model fitted on the
others (inner cross-validation), and those held-out scores fit the isotonic map and
pick the threshold. The model that ships is then fitted on all training articles.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sukien.events.decisions import DecisionModel
from sukien.learn.dataset import LabelledArticle

# The default threshold keeps the F1-best point whose held-out precision is no lower than the rules'
# own: the decision layer must never trade precision for recall. A user who wants fewer, surer events
# raises --min-confidence (or fits with a target precision).
TARGET_PRECISION: float | None = None
REGULARIZATION = 0.2  # inverse strength (scikit-learn's C); chosen by cross-validation on the corpus
_MARGIN = 0.0  # the estimate is a lower bound already (see best_threshold)


@dataclass(frozen=True)
class HeldOut:
    """Held-out calibrated confidences with their labels, and the gold events they may find."""

    confidences: tuple[float, ...]
    labels: tuple[bool, ...]
    gold: int


def _matrix(rows: Sequence[LabelledArticle]):
    features = [f for row in rows for f in row.features]
    labels = [label for row in rows for label in row.labels]
    return features, labels


def _logistic(features, labels, regularization: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:  # all right or all wrong: nothing to weigh, only a prior
        share = min(max(sum(labels) / len(labels), 0.01), 0.99) if labels else 0.5
        return {}, math.log(share / (1 - share))

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(features)
    model = LogisticRegression(C=regularization, max_iter=2000, class_weight=None)
    model.fit(matrix, labels)
    names = vectorizer.get_feature_names_out()
    weights = {str(name): float(w) for name, w in zip(names, model.coef_[0]) if abs(w) > 1e-6}
    return weights, float(model.intercept_[0])


def _uncalibrated(weights: dict[str, float], intercept: float) -> DecisionModel:
    return DecisionModel(weights=weights, intercept=intercept, calibration=((), ()), threshold=0.5, meta={})


def held_out_raw(rows: Sequence[LabelledArticle], regularization: float) -> tuple[list[float], list[bool]]:
    """Raw scores of every candidate from a model fitted without its fold."""
    folds = sorted({row.fold for row in rows})
    raw: list[float] = []
    labels: list[bool] = []
    for fold in folds:
        train = [row for row in rows if row.fold != fold]
        test = [row for row in rows if row.fold == fold]
        model = _uncalibrated(*_logistic(*_matrix(train), regularization))
        for row in test:
            raw += [model.raw(f) for f in row.features]
            labels += list(row.labels)
    return raw, labels


def isotonic_table(raw: Sequence[float], labels: Sequence[bool]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    from sklearn.isotonic import IsotonicRegression

    fit = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(list(raw), [float(x) for x in labels])
    return tuple(float(x) for x in fit.X_thresholds_), tuple(float(y) for y in fit.y_thresholds_)


def best_threshold(confidences: Sequence[float], labels: Sequence[bool], gold: int, target: float) -> float:
    """The threshold of highest F1 among those whose held-out precision reaches the target (with a margin).

    Labels come from matching all candidates at once, so dropping candidates can only free
    gold events for others: the precision estimated here is a lower bound.
    """
    ranked = sorted(zip(confidences, labels), key=lambda x: -x[0])
    best, best_f1 = 1.0, -1.0
    right = 0
    for kept, (confidence, label) in enumerate(ranked, start=1):
        right += label
        if kept < len(ranked) and ranked[kept][0] == confidence:
            continue  # a threshold keeps all candidates of equal confidence
        precision, recall = right / kept, right / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if precision >= target + _MARGIN and f1 > best_f1:
            best, best_f1 = confidence, f1
    return best


def rules_precision(rows: Sequence[LabelledArticle]) -> float:
    """The share of the rules' undoubted candidates that are right: the precision a model must not lose."""
    verdicts = [label for row in rows for features, label in zip(row.features, row.labels) if features.get("sure")]
    return sum(verdicts) / len(verdicts) if verdicts else 0.0


def fit_model(rows: Sequence[LabelledArticle], gold_events: int, *, target: float | None = TARGET_PRECISION,
              regularization: float = REGULARIZATION, corpus: str = "") -> DecisionModel:
    """The decision model for these training articles, calibrated and thresholded on their held-out folds."""
    raw, labels = held_out_raw(rows, regularization)
    calibration = isotonic_table(raw, labels)
    probe = DecisionModel(weights={}, intercept=0.0, calibration=calibration, threshold=0.5, meta={})
    from sukien.events.decisions import calibrate

    confidences = [calibrate(probe.calibration, r) for r in raw]
    threshold = best_threshold(confidences, labels, gold_events, target if target else rules_precision(rows))
    weights, intercept = _logistic(*_matrix(rows), regularization)
    meta = {"corpus": corpus, "articles": len(rows), "candidates": sum(len(r.labels) for r in rows),
            "target_precision": target if target else rules_precision(rows), "regularization": regularization, "trained": date.today().isoformat()}
    return DecisionModel(weights=weights, intercept=intercept, calibration=calibration, threshold=threshold, meta=meta)
