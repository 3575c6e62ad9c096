"""Fitting the decision model: logistic regression, isotonic calibration, a precision-first threshold.

Calibration and threshold are chosen on predictions for articles the model did not
see: within the training articles, each fold is predicted by a model fitted on the
others (inner cross-validation), and those held-out scores fit the isotonic map and
pick the threshold. The model that ships is then fitted on all training articles.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from sukien.events.decisions import DecisionModel, calibrate
from sukien.learn.dataset import LabelledArticle

# The default threshold keeps the F1-best point whose held-out precision is no lower than the rules'
# own: the decision layer must never trade precision for recall. A user who wants fewer, surer events
# raises --min-confidence (or fits with a target precision).
TARGET_PRECISION: float | None = None
REGULARIZATION = 0.2  # inverse strength (scikit-learn's C); chosen by cross-validation on the corpus


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


def held_out_raw(rows: Sequence[LabelledArticle], regularization: float) -> list[tuple[float, ...]]:
    """Each article's candidates scored by a model fitted without the article's fold."""
    scores: dict[int, tuple[float, ...]] = {}
    for fold in sorted({row.fold for row in rows}):
        train = [row for row in rows if row.fold != fold]
        model = _uncalibrated(*_logistic(*_matrix(train), regularization))
        for i, row in enumerate(rows):
            if row.fold == fold:
                scores[i] = tuple(model.raw(f) for f in row.features)
    return [scores[i] for i in range(len(rows))]


def isotonic_table(raw: Sequence[float], labels: Sequence[bool]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    from sklearn.isotonic import IsotonicRegression

    fit = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(list(raw), [float(x) for x in labels])
    return tuple(float(x) for x in fit.X_thresholds_), tuple(float(y) for y in fit.y_thresholds_)


THRESHOLDS = tuple(round(0.2 + 0.025 * i, 3) for i in range(25))  # 0.2 … 0.8


def best_threshold(rows: Sequence[LabelledArticle], confidences: Sequence[Sequence[float]], target: float) -> float:
    """The threshold of highest F1 among those whose precision reaches the target, each threshold scored
    by the corpus's own matching rule on the held-out confidences (as ``sukien eval`` would score it)."""
    from sukien.evaluate.events import score_events

    gold = {row.article_id: list(row.gold) for row in rows}
    best, best_f1 = THRESHOLDS[-1], -1.0
    for threshold in THRESHOLDS:
        results = [replace(row.candidates, events=tuple(e for e, c in zip(row.candidates.events, scores)
                                                        if c >= threshold))
                   for row, scores in zip(rows, confidences)]
        report = score_events(gold, results)
        if report.precision >= target and report.f1 > best_f1:
            best, best_f1 = threshold, report.f1
    return best


def rules_precision(rows: Sequence[LabelledArticle]) -> float:
    """The precision of the rules' own verdict (their undoubted candidates): what a model must not lose."""
    from sukien.evaluate.events import score_events

    results = [replace(row.candidates, events=tuple(e for e, f in zip(row.candidates.events, row.features)
                                                    if f.get("sure")))
               for row in rows]
    return score_events({row.article_id: list(row.gold) for row in rows}, results).precision


def fit_model(rows: Sequence[LabelledArticle], *, target: float | None = TARGET_PRECISION,
              regularization: float = REGULARIZATION, corpus: str = "") -> DecisionModel:
    """The decision model for these training articles, calibrated and thresholded on their held-out folds."""
    raw = held_out_raw(rows, regularization)
    calibration = isotonic_table([r for scores in raw for r in scores],
                                 [label for row in rows for label in row.labels])
    confidences = [[calibrate(calibration, r) for r in scores] for scores in raw]
    goal = target if target else rules_precision(rows)
    threshold = best_threshold(rows, confidences, goal)
    weights, intercept = _logistic(*_matrix(rows), regularization)
    meta = {"corpus": corpus, "articles": len(rows), "candidates": sum(len(r.labels) for r in rows),
            "target_precision": round(goal, 4), "regularization": regularization,
            "trained": date.today().isoformat()}
    return DecisionModel(weights=weights, intercept=intercept, calibration=calibration, threshold=threshold, meta=meta)
