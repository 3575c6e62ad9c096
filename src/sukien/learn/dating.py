"""Fitting the dating model: which of an event's date options fits, learned from pairs of options.

Only events paired with a dated gold event teach anything, and only those among whose
options some fit and some do not. Each such event gives every (fitting, not fitting)
pair of its options as one example of the difference of their features, both ways
round: a logistic model without intercept on these differences ranks one event's
options against each other, which is all the choice needs (a conditional logit
approximated by its pairs).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sukien.events.dating import DatingModel, Features
from sukien.learn.dataset import LabelledArticle

DATING_REGULARIZATION = 0.1  # inverse strength (scikit-learn's C); chosen by cross-validation on the corpus


def _difference(a: Features, b: Features) -> Features:
    difference = dict(a)
    for name, value in b.items():
        difference[name] = difference.get(name, 0.0) - value
    return difference


def option_pairs(rows: Sequence[LabelledArticle]) -> tuple[list[Features], list[int]]:
    examples, labels = [], []
    for row in rows:
        for choices in row.dates:
            if not choices.fits:
                continue
            right = [f for f, fits in zip(choices.features, choices.fits) if fits]
            wrong = [f for f, fits in zip(choices.features, choices.fits) if not fits]
            for a in right:
                for b in wrong:
                    examples += [_difference(a, b), _difference(b, a)]
                    labels += [1, 0]
    return examples, labels


def fit_dating_model(rows: Sequence[LabelledArticle], *, regularization: float = DATING_REGULARIZATION,
                     corpus: str = "") -> DatingModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    examples, labels = option_pairs(rows)
    meta = {"corpus": corpus, "articles": len(rows), "pairs": len(labels) // 2,
            "events": sum(1 for row in rows for c in row.dates if c.fits and any(c.fits) and not all(c.fits)),
            "regularization": regularization, "trained": date.today().isoformat()}
    if len(set(labels)) < 2:  # nothing to rank: the rules' own choice stands
        return DatingModel(weights={}, meta=meta)
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=regularization, max_iter=3000, fit_intercept=False)
    model.fit(vectorizer.fit_transform(examples), labels)
    weights = {str(name): float(w) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])
               if abs(w) > 1e-6}
    return DatingModel(weights=weights, meta=meta)
