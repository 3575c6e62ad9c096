"""Stage 6, extract events: candidates → features → decisions → dating.

``candidates`` finds every event the rules can see (triggers from the lexicon, their
participants, date, place and mood, merged within the article), aiming at recall and
marking what it doubts; ``features`` describes each candidate; ``decisions`` weighs
them with the trained model, gives each a calibrated confidence and keeps those at or
above the threshold; ``dating`` picks each kept event's date among those the article
states, with a second trained model.
"""
from __future__ import annotations

from dataclasses import replace

from sukien.events.candidates import candidate_events
from sukien.events.dating import dated, shipped_dating_model
from sukien.events.decisions import DecisionModel, decide, shipped_model
from sukien.model import Document, Event

EVERY_CANDIDATE = "every candidate"


def _numbered(document: Document, decided: list[tuple[Event, float]]) -> list[Event]:
    """The accepted events, each with its id in the article and its confidence."""
    prefix = document.article.id or "article"
    return [replace(event, id=f"{prefix}#E{i}", confidence=confidence)
            for i, (event, confidence) in enumerate(decided, start=1)]


def extract_events(document: Document, min_confidence: float | None = None,
                   model: DecisionModel | None | str = "shipped") -> Document:
    """Pipeline stage: fill ``document.events`` with the candidates the decision model accepts.

    ``min_confidence`` overrides the model's default threshold. ``model=None`` takes the rules'
    own verdict (no doubted candidate) and date; ``model=EVERY_CANDIDATE`` keeps them all with the
    rules' dates, as training needs. With a model, the shipped dating model dates what it keeps.
    """
    candidates = candidate_events(document)
    if model == EVERY_CANDIDATE:
        decided = [(event, event.confidence) for event in candidates]
    else:
        decided = decide(document, candidates, shipped_model() if model == "shipped" else model, min_confidence)
        if model is not None:
            events = dated(document, [event for event, _ in decided], candidates, shipped_dating_model())
            decided = [(event, confidence) for event, (_, confidence) in zip(events, decided)]
    document.events = _numbered(document, decided)
    return document
