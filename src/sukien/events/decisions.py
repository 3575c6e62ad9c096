"""Decisions: which candidate events are events, and how sure we are of each.

A logistic model over the candidates' features (``features``), trained on the
development corpus by ``sukien.learn`` and shipped as weights in
``data/models/decisions.json``; its output is calibrated (isotonic, fitted on
held-out folds), so a confidence of 0.8 means that about four in five such events
are right. The default threshold is the one that kept cross-validated precision at
the model's target; ``min_confidence`` overrides it.

Scoring is a sparse dot product in plain Python: the decision layer needs no
machine-learning library at run time.
"""
from __future__ import annotations

import json
import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sukien.errors import DataFileError
from sukien.events.features import Features, article_features
from sukien.model import Document, Event

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "models" / "decisions.json"
FORMAT = 1


@dataclass(frozen=True)
class DecisionModel:
    weights: dict[str, float]
    intercept: float
    calibration: tuple[tuple[float, ...], tuple[float, ...]]  # raw probability → calibrated, increasing
    threshold: float
    meta: dict

    def raw(self, features: Features) -> float:
        z = self.intercept
        # Summed in the features' order, as ever (float addition depends on it); the weights are looked
        # up in one pass of map() rather than one method call per feature.
        for weight, value in zip(map(self.weights.get, features), features.values()):
            if weight is not None:
                z += weight * value
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def confidence(self, features: Features) -> float:
        return calibrate(self.calibration, self.raw(features))

    def to_json(self) -> dict:
        return {"format": FORMAT, "intercept": self.intercept, "threshold": self.threshold,
                "calibration": {"raw": list(self.calibration[0]), "calibrated": list(self.calibration[1])},
                "meta": self.meta, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: dict, where: str = "model") -> "DecisionModel":
        if data.get("format") != FORMAT:
            raise DataFileError(f"{where}: decision model format {data.get('format')!r}, expected {FORMAT}")
        try:
            calibration = data["calibration"]
            return cls(weights={str(k): float(v) for k, v in data["weights"].items()},
                       intercept=float(data["intercept"]),
                       calibration=(tuple(map(float, calibration["raw"])), tuple(map(float, calibration["calibrated"]))),
                       threshold=float(data["threshold"]), meta=dict(data.get("meta") or {}))
        except (KeyError, TypeError, ValueError) as error:
            raise DataFileError(f"{where}: malformed decision model ({error})") from error


def calibrate(table: tuple[tuple[float, ...], tuple[float, ...]], raw: float) -> float:
    """Piecewise-linear interpolation through the isotonic fit's points."""
    xs, ys = table
    if not xs:
        return raw
    if raw <= xs[0]:
        return ys[0]
    if raw >= xs[-1]:
        return ys[-1]
    i = bisect_right(xs, raw)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)


def read_shipped(path: Path) -> dict | None:
    """A model file that ships with the package, read as JSON; None when it has not been trained."""
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DataFileError(f"{path}: {error.msg}") from error


@lru_cache(maxsize=1)
def shipped_model() -> DecisionModel | None:
    """The model that ships with the package, or None when it has not been trained."""
    data = read_shipped(MODEL_PATH)
    return None if data is None else DecisionModel.from_json(data, str(MODEL_PATH))


def decide(document: Document, candidates: list[Event], model: DecisionModel | None,
           min_confidence: float | None = None) -> list[tuple[Event, float]]:
    """The candidates the model accepts at the threshold (the model's own unless one is given), each
    with its confidence (the rules' verdict, without a model, keeps each candidate's own)."""
    if model is None:
        return [(event, event.confidence) for event in candidates if not event.doubts]
    threshold = model.threshold if min_confidence is None else min_confidence
    confidences = [model.confidence(features) for features in article_features(document, candidates)]
    return [(event, confidence) for event, confidence in zip(candidates, confidences) if confidence >= threshold]
