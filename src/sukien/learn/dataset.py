"""Training data for the decision layer: every candidate event of a gold article, labelled.

A candidate is labelled right when the corpus's scoring rule (``evaluate.events``) pairs
it with a gold event in the one-to-one matching of all the article's candidates; a
second candidate for an event already matched is labelled wrong, so the model learns
to drop restatements as well as false events.

Each candidate's date options (``events.dating``) come along, as features and as the
contract's date records; where the candidate is paired with a dated gold event, each
option is labelled by whether it fits that date, which is what the dating model learns.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from sukien.contract import ArticleResult, DateRecord, date_record, span_writer, to_result
from sukien.errors import EvaluationError
from sukien.evaluate.events import date_fits, match_article
from sukien.evaluate.gold import Gold
from sukien.events import EVERY_CANDIDATE
from sukien.events.dating import DateOption, article_date_options
from sukien.events.features import Features, article_features
from sukien.model import Document
from sukien.pipeline import configured, run


@dataclass(frozen=True)
class DateChoices:
    """One candidate's date options, the rules' own first (none when the rules leave it undated)."""

    features: tuple[Features, ...]
    records: tuple[DateRecord | None, ...]  # each option as the contract writes a date
    fits: tuple[bool, ...] | None  # whether each fits the date of the gold event the candidate is paired with


@dataclass(frozen=True)
class LabelledArticle:
    article_id: str
    fold: int | None
    features: tuple[Features, ...]  # one per candidate, in the order of ``candidates.events``
    labels: tuple[bool, ...]
    candidates: ArticleResult  # every candidate in contract form, to be scored again after decisions
    gold: tuple[dict, ...] = ()  # the article's gold events
    dates: tuple[DateChoices, ...] = ()  # one per candidate, in order


def load_folds(path: str | Path) -> dict[str, int]:
    """``folds.json``: ``{"folds": {article_id: 0–4}}``."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        folds = {str(k): int(v) for k, v in data["folds"].items()}
    except FileNotFoundError as error:
        raise EvaluationError(f"{path}: no such folds file") from error
    except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise EvaluationError(f'{path}: not a folds file ({{"folds": {{article_id: fold}}}}): {error}') from error
    if len(set(folds.values())) < 2:
        raise EvaluationError(f"{path}: cross-validation needs at least two folds")
    return folds


def labelled_articles(gold: Gold, folds: dict[str, int] | None = None) -> list[LabelledArticle]:
    """Every gold article's candidates (the rules' output before any decision), labelled."""
    stages = configured(model=EVERY_CANDIDATE)
    rows = []
    for article in gold.articles:
        document = run(article, stages)
        result = to_result(document)
        sure = [event.doubts == () for event in document.events]
        gold_events = gold.events.get(article.id, [])
        rows.append(LabelledArticle(
            article_id=article.id, fold=(folds or {}).get(article.id),
            features=tuple(article_features(document, document.events)),
            labels=_labels(gold_events, result, sure),
            candidates=result, gold=tuple(gold_events),
            dates=_date_choices(document, result, gold_events),
        ))
    return rows


def _date_choices(document: Document, result: ArticleResult, gold_events: list[dict]) -> tuple[DateChoices, ...]:
    """Every candidate's date options; those paired with a dated gold event are labelled by it."""
    paired = {id(pair.predicted): pair.gold for pair in match_article(gold_events, result)}
    write = span_writer(document)
    choices = []
    for record, options in zip(result.events, article_date_options(document, document.events)):
        truth = paired.get(id(record))
        choices.append(DateChoices(
            features=tuple(option.features for option in options),
            records=tuple(date_record(write, option.time) for option in options),
            fits=tuple(_fits(truth, option) for option in options) if truth and truth.get("date") else None,
        ))
    return tuple(choices)


def _fits(gold_event: dict, option: DateOption) -> bool:
    return date_fits(gold_event, {"date": {"start": option.time.start.isoformat() if option.time.start else None}})


def _labels(gold_events: list[dict], result: ArticleResult, sure: list[bool]) -> tuple[bool, ...]:
    """Right or wrong for each candidate: the rules' undoubted candidates are matched first, then the
    doubted ones against the gold events still unmatched, so that a doubted restatement never takes a
    gold event from the candidate the rules were sure of."""
    first = replace(result, events=tuple(e for e, s in zip(result.events, sure) if s))
    pairs = match_article(gold_events, first)
    taken = {id(pair.gold) for pair in pairs}
    matched = {id(pair.predicted) for pair in pairs}
    second = replace(result, events=tuple(e for e, s in zip(result.events, sure) if not s))
    matched |= {id(pair.predicted) for pair in match_article([g for g in gold_events if id(g) not in taken], second)}
    return tuple(id(event) in matched for event in result.events)
