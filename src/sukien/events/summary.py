"""A one-line English summary of an event, built only from its structured fields.

"Tô Lâm (Vietnam) held talks with Kim Jong Un (North Korea) in Pyongyang on 9 Oct 2025"
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sukien import kb as knowledge
from sukien.model import HYPOTHETICAL, PLANNED, Entity, Event, TimeValue


def _actor(entity_id: str, entities: Mapping[str, Entity]) -> str:
    entity = entities.get(entity_id)
    if entity is None:
        return entity_id
    vietnamese = entity.country == "VNM" or entity.discovered
    name = entity.name_vi if entity.type == "PERSON" and vietnamese and entity.name_vi else entity.name
    if entity.type == "COUNTRY" or not entity.country:
        return name
    country = knowledge.load().country_entity(entity.country)
    return f"{name} ({country.name})" if country else name


def _side(ids: tuple[str, ...], entities: Mapping[str, Entity]) -> str:
    names = [_actor(i, entities) for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# English month abbreviations, written out rather than strftime's %b: the summary is English
# whatever the locale, and strftime is slow for a word.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month(day: date) -> str:
    return _MONTHS[day.month - 1]


def _when(time: TimeValue | None) -> str:
    if time is None or time.start is None:
        return ""
    start, end = time.start, time.end
    if time.granularity == "year":
        return f" in {start.year}"
    if time.granularity == "month":
        return f" in {_month(start)} {start.year}"
    if time.granularity in ("decade", "century"):
        return f" in {start.year}–{end.year}" if end else f" in {start.year}"
    if end and end != start:
        return f" from {start.day} {_month(start)} to {end.day} {_month(end)} {end.year}"
    return f" on {start.day} {_month(start)} {start.year}"


_IRREGULAR = {"hold": "held", "meet": "met", "pay": "paid", "make": "made", "send": "sent", "give": "gave",
              "take": "took", "sign": "signed", "be": "was", "have": "had", "lead": "led", "begin": "began",
              "set": "set", "put": "put", "cut": "cut", "seek": "sought", "speak": "spoke", "bring": "brought",
              "reach": "reached", "express": "expressed", "welcome": "welcomed", "commit": "committed",
              "admit": "admitted", "plan": "planned", "stop": "stopped", "come": "came", "go": "went",
              "fly": "flew", "leave": "left", "win": "won", "lose": "lost", "hit": "hit", "shut": "shut",
              "lay": "laid", "beat": "beat", "drive": "drove", "fight": "fought", "find": "found", "freeze": "froze",
              "stand": "stood", "withdraw": "withdrew", "break": "broke", "forgive": "forgave", "ram": "rammed",
              "ban": "banned", "cancel": "cancelled", "step": "stepped", "drop": "dropped",
              "transfer": "transferred", "confer": "conferred", "concur": "concurred", "say": "said"}


def past(label: str) -> str:
    """"hold talks" → "held talks": the lexicon's labels are base forms."""
    verb, _, rest = label.partition(" ")
    if verb in _IRREGULAR:
        done = _IRREGULAR[verb]
    elif verb.endswith("e"):
        done = verb + "d"
    elif verb.endswith("y") and verb[-2:-1] not in "aeiou":
        done = verb[:-1] + "ied"
    else:
        done = verb + "ed"
    return f"{done} {rest}".strip()


def _joiner(event: Event, verb: str) -> str:
    """"held talks with X", "sent a message to X", "received X"."""
    if event.trigger.voice == "symmetric" and not verb.endswith((" with", " on")):
        return " with "
    if verb.endswith("invitation"):  # "accepted an invitation from X"
        return " from "
    if verb.endswith(("summit", "conference")):  # "attended a summit of the Group of Twenty"
        return " of "
    if verb.endswith(("cooperate", "cooperation")):  # "was ready to cooperate with X"
        return " with "
    if event.cameo.startswith("01") and event.trigger.voice == "statement":  # "said of X", "stressed of X"
        return " of "
    if verb.split(" ", 1)[0] == "sent" and " to" not in verb[-4:]:
        return " to "
    if event.trigger.voice == "host" and verb.endswith(("ceremony", "banquet", "reception")):
        return " for "
    return " "


def _hosts_only(event: Event, entities: Mapping[str, Entity]) -> bool:
    """The visit's only target is the country it goes to."""
    return all(getattr(entities.get(i), "type", None) == "COUNTRY"
               and getattr(entities.get(i), "country", None) == event.place.country for i in event.target)


def summarize(event: Event, entities: Mapping[str, Entity]) -> str:
    label, _, alternative = event.trigger.label_en.partition(",")
    label = label.strip()
    label = label[:1].lower() + label[1:]  # CAMEO's labels are capitalized; a summary runs on
    # "invite, to visit": what the one invited is invited to follows them ("invited X to visit Laos")
    complement = alternative.strip() if alternative.strip().startswith("to ") and event.target else ""
    if event.modality == HYPOTHETICAL:
        verb = f"would not {label}" if event.negated else f"would {label}"
    elif event.negated:
        verb = f"did not {label}"
    elif event.modality == PLANNED:
        verb = f"plans to {label}"
    else:
        verb = past(label)
    text = _side(event.source, entities) + " " + verb
    if event.trigger.voice == "visit" and event.place is not None and _hosts_only(event, entities):
        pass  # "visited Laos": the host country is said by the place
    elif event.target:
        # The joiner is the deed's, however it is qualified: "did not send a message to", "plans to call on"
        text += _joiner(event, past(label)) + _side(event.target, entities)
    if complement:
        text += " " + complement
    if event.place is not None:
        into = " in "
        if event.cameo in ("042", "036") and event.place.kind in ("country", "city", "capital"):
            # "visited Japan", "planned to visit Japan", but "paid an official visit to Japan"
            into = " " if text.endswith(("visited", "to visit", " in")) else " to "
        text += f"{into}{event.place.name}"
    when = _when(event.date)
    # "invited X to visit, on 20 May": the date is the invitation's, not the visit's
    return text + ("," + when if complement and when and event.place is None else when)
