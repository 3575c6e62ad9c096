"""Scoring the saved choices of a review page: two shares with 95% Wilson intervals.

- fusion precision: of the fused pairs judged, the share judged "same";
- missed-merge rate: of the near-misses judged, the share judged "same" (fusion should
  have merged them); times the database's count of near-misses, an estimate of how many
  merges fusion missed.

"unsure" and unanswered questions count in neither share (they are reported).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from sukien.errors import InputError
from sukien.review import KIND

Z95 = 1.959963984540054
VALUES = ("same", "different", "unsure")


@dataclass(frozen=True)
class Share:
    same: int
    judged: int  # same + different
    unsure: int
    unanswered: int

    @property
    def estimate(self) -> float | None:
        return self.same / self.judged if self.judged else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.same, self.judged) if self.judged else None

    def to_dict(self) -> dict[str, Any]:
        low, high = self.interval or (None, None)
        return {**asdict(self), "estimate": self.estimate, "low": low, "high": high}


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion."""
    if trials <= 0:
        raise ValueError("no trials")
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


def score(saved: dict[str, Any], where: str = "choices") -> dict[str, Any]:
    """The two shares of a saved review; InputError naming ``where`` when it is no review's."""
    if not isinstance(saved, dict) or saved.get("kind") != KIND:
        raise InputError(where, f"not the choices of a fusion review (no \"kind\": \"{KIND}\")")
    questions, choices = saved.get("questions"), saved.get("choices")
    if not isinstance(questions, list) or not isinstance(choices, dict):
        raise InputError(where, "\"questions\" (a list) and \"choices\" (an object) are needed")
    kinds = {}
    for question in questions:
        if not isinstance(question, dict) or question.get("kind") not in ("fused", "near"):
            raise InputError(where, f"a question is malformed: {question!r:.80}")
        kinds[str(question.get("id"))] = question["kind"]
    unknown = sorted(set(choices) - set(kinds))
    if unknown:
        raise InputError(where, f"{len(unknown)} choices answer no question of this sample (first: {unknown[0]!r})")
    bad = sorted(k for k, v in choices.items() if v not in VALUES)
    if bad:
        raise InputError(where, f"choice for {bad[0]!r} is {choices[bad[0]]!r}, not one of {', '.join(VALUES)}")
    shares = {kind: _share([choices.get(q) for q, k in kinds.items() if k == kind]) for kind in ("fused", "near")}
    population = saved.get("population") if isinstance(saved.get("population"), dict) else {}
    near_total = population.get("near_misses")
    missed = shares["near"]
    return {
        "database": saved.get("database"), "seed": saved.get("seed"),
        "fused_events": len(saved.get("fused_events") or []), "near_misses": len(saved.get("near_misses") or []),
        "fusion_precision": shares["fused"].to_dict(),
        "missed_merges": {**missed.to_dict(), "population": near_total,
                          "estimated_count": (round(missed.estimate * near_total)
                                              if missed.estimate is not None and isinstance(near_total, int)
                                              else None)},
    }


def _share(answers: list[str | None]) -> Share:
    same = answers.count("same")
    return Share(same=same, judged=same + answers.count("different"), unsure=answers.count("unsure"),
                 unanswered=answers.count(None))
