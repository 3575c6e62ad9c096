"""A one-line English summary of an event, built only from its structured fields.

"Tô Lâm (Vietnam) held talks with Kim Jong Un (North Korea) in Pyongyang on 9 Oct 2025"
"""
from __future__ import annotations

from collections.abc import Mapping

from sukien import kb as knowledge
from sukien.model import PLANNED, Entity, Event, TimeValue


def _actor(entity_id: str, entities: Mapping[str, Entity]) -> str:
    entity = entities.get(entity_id)
    if entity is None:
        return entity_id
    name = entity.name_vi if entity.type == "PERSON" and entity.name_vi else entity.name
    if entity.type == "COUNTRY" or not entity.country:
        return name
    country = knowledge.load().country_entity(entity.country)
    return f"{name} ({country.name})" if country else name


def _side(ids: tuple[str, ...], entities: Mapping[str, Entity]) -> str:
    names = [_actor(i, entities) for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _when(time: TimeValue | None) -> str:
    if time is None or time.start is None:
        return ""
    if time.granularity == "year":
        return f" in {time.start.year}"
    if time.granularity == "month":
        return f" in {time.start:%b %Y}"
    if time.granularity in ("decade", "century"):
        return f" in {time.start.year}–{time.end.year}" if time.end else f" in {time.start.year}"
    if time.end and time.end != time.start:
        return f" from {time.start.day} {time.start:%b} to {time.end.day} {time.end:%b %Y}"
    return f" on {time.start.day} {time.start:%b %Y}"


def summarize(event: Event, entities: Mapping[str, Entity]) -> str:
    verb = event.trigger.label_en
    if event.negated:
        verb = f"did not ({verb})"
    elif event.modality == PLANNED:
        verb = f"plans to ({verb})"
    text = _side(event.source, entities) + " " + verb
    if event.target:
        text += " " + _side(event.target, entities)
    if event.place is not None:
        text += f" in {event.place.name}"
    return text + _when(event.date)
