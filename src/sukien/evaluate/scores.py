"""Precision, recall and F1 from counts: the one arithmetic every evaluation shares."""
from __future__ import annotations

from dataclasses import dataclass


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def harmonic(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Score:
    """Counts of one comparison: correct predictions, predictions, gold items."""

    correct: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return ratio(self.correct, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.correct, self.gold)

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)
