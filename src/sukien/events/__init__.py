"""Stage 6, extract events: triggers, participants and qualifiers → coded events with evidence.

For each sentence, every trigger from the lexicon becomes a candidate event; it
is kept only when the sentence names who acted (and, where the trigger needs
one, whom they acted on). Precision comes first: a trigger without a linked
actor yields nothing. Then the date, place, modality, occasion and topics are
attached, and mentions of one event within the article are merged.
"""
from __future__ import annotations

from dataclasses import replace

from sukien.events import lexicon
from sukien.events.merge import merge_within_article
from sukien.events.participants import Participants, find_participants
from sukien.events.qualifiers import modality, occasion, topics
from sukien.events.participants import clause_start
from sukien.model import NEGATED, PLANNED, Document, Event, Sentence, Span, Trigger
from sukien.resolve.places import event_place
from sukien.resolve.times import event_time

_CONSULT_ROOT = "04"


def _trigger(document: Document, start: int, end: int, pattern) -> Trigger:
    return Trigger(
        span=document.span(start, end), cameo=pattern.cameo, plover=pattern.plover, mode=pattern.mode or None,
        label_vi=pattern.label_vi, label_en=pattern.label_en, goldstein=pattern.goldstein, voice=pattern.voice,
    )


def _as_intent(trigger: Trigger) -> Trigger:
    """A planned meeting or visit is coded as intent to meet (CAMEO 036, PLOVER AGREE)."""
    code = lexicon.load_lexicon().cameo["036"]
    return replace(trigger, cameo="036", plover=code.plover or "AGREE", mode=None,
                   label_en=code.label_en, label_vi=code.label_vi, goldstein=code.goldstein)


def _keep(pattern, people: Participants) -> bool:
    if not people.source:
        return False
    return bool(people.target) or not pattern.needs_target


def _confidence(people: Participants, dated: bool) -> float:
    score = 0.55 + (0.15 if people.target else 0.0) + (0.1 if dated else 0.0)
    return min(score + 0.1 * (len(people.evidence) >= 2), 0.95)


def _event(document: Document, sentence: Sentence, start: int, end: int, pattern) -> Event | None:
    trigger = _trigger(document, start, end, pattern)
    people = find_participants(document, sentence.span, trigger.span, pattern.voice)
    if not _keep(pattern, people):
        return None
    mood, negated = modality(document.text, clause_start(document.text, sentence.span.start, trigger.span),
                             trigger.span)
    if mood == PLANNED and trigger.cameo.startswith(_CONSULT_ROOT):
        trigger = _as_intent(trigger)
    time = event_time(document, sentence, trigger.span)
    return Event(
        id="", trigger=trigger, source=people.source, target=people.target,
        evidence=(sentence.span,), sentence=sentence.index, date=time,
        place=event_place(document, sentence.span, trigger.span, pattern.voice),
        modality=mood, negated=negated or mood == NEGATED, reported_by=people.reporter,
        occasion=occasion(document.text, sentence.span), topics=topics(document.text, sentence.span),
        actor_evidence=people.evidence, confidence=_confidence(people, time is not None and time.relation is None),
    )


def events_in_sentence(document: Document, sentence: Sentence) -> list[Event]:
    found = []
    for start, end, pattern in lexicon.find_triggers(sentence.span.text):
        event = _event(document, sentence, sentence.span.start + start, sentence.span.start + end, pattern)
        if event is not None:
            found.append(event)
    return found


def _numbered(document: Document, events: list[Event]) -> list[Event]:
    prefix = document.article.id or "article"
    return [replace(event, id=f"{prefix}#E{i}") for i, event in enumerate(events, start=1)]


def extract_events(document: Document) -> Document:
    """Pipeline stage: fill ``document.events``."""
    candidates = [e for sentence in document.sentences for e in events_in_sentence(document, sentence)]
    document.events = _numbered(document, merge_within_article(candidates))
    return document


__all__ = ["extract_events", "events_in_sentence", "Span"]
