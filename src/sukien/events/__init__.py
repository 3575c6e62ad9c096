"""Stage 6, extract events: candidates → features → decisions.

``candidates`` finds every event the rules can see (triggers from the lexicon, their
participants, date, place and mood, merged within the article), aiming at recall and
marking what it doubts; ``features`` describes each candidate; ``decisions`` weighs
them with the trained model, gives each a calibrated confidence and keeps those at or
above the threshold.
"""
from __future__ import annotations

from dataclasses import replace

from sukien.events.candidates import candidate_events
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
    own verdict (no doubted candidate); ``model=EVERY_CANDIDATE`` keeps them all, as training needs.
    """
    candidates = candidate_events(document)
    if model == EVERY_CANDIDATE:
        decided = [(event, event.confidence) for event in candidates]
    else:
        decided = decide(document, candidates, shipped_model() if model == "shipped" else model, min_confidence)
    document.events = _numbered(document, decided)
    return document
