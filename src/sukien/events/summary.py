"""A one-line English summary of an event, built only from its structured fields.

"Tô Lâm (Vietnam) held talks with Kim Jong Un (North Korea) in Pyongyang on 9 Oct 2025"

The sentence comes from a template in ``data/lexicons/summaries.tsv``: one row per trigger label
(the lexicon's English wording, "hold talks") and one per CAMEO code (for events whose label has
no row, such as recoded triggers), with one form per modality. A template names its slots,
``{source} {target} {place} {date}``; a bracketed part ``[ with {target}]`` is kept only when its
slots are filled, and ``[a|b]`` keeps the first alternative whose slots are filled, so each verb
takes its own argument frame ("received X", "held talks with X", "stressed a position on X").
A place or date the template does not name follows it: " in Hanoi", " on 9 Oct 2025".
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from sukien import kb as knowledge
from sukien.errors import DataFileError
from sukien.model import HYPOTHETICAL, PLANNED, Entity, Event, TimeValue

FORMS = ("asserted", "negated", "planned", "hypothetical", "negated_hypothetical")
SLOTS = ("source", "target", "place", "date")

_SLOT = re.compile(r"\{(\w+)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


@dataclass(frozen=True)
class Templates:
    """The sentence forms of one trigger label or CAMEO code."""

    key: str
    asserted: str
    negated: str
    planned: str
    hypothetical: str
    negated_hypothetical: str

    def form(self, modality: str, negated: bool) -> str:
        if modality == HYPOTHETICAL:
            return self.negated_hypothetical if negated else self.hypothetical
        if negated:
            return self.negated
        return self.planned if modality == PLANNED else self.asserted


def _check(path: str, number: int, template: str) -> None:
    if not template.startswith("{source} "):
        raise DataFileError(f"{path}:{number}: a template opens with '{{source}} ': {template!r}")
    unknown = set(_SLOT.findall(template)) - set(SLOTS)
    if unknown:
        raise DataFileError(f"{path}:{number}: unknown slot {sorted(unknown)[0]!r}; slots are {', '.join(SLOTS)}")
    if "[" in _OPTIONAL.sub("", template) or "]" in _OPTIONAL.sub("", template):
        raise DataFileError(f"{path}:{number}: unbalanced or nested brackets in {template!r}")


@lru_cache(maxsize=1)
def templates() -> dict[str, Templates]:
    """Every row of summaries.tsv by key (a trigger's English label or a CAMEO code)."""
    resource = resources.files("sukien") / "data" / "lexicons" / "summaries.tsv"
    path = str(resource)
    table: dict[str, Templates] = {}
    with resource.open(encoding="utf-8") as handle:
        numbered = ((n, line) for n, line in enumerate(handle, 1) if line.strip() and not line.startswith("#"))
        header_number, header = next(numbered)
        if header.rstrip("\n").split("\t") != ["key", *FORMS]:
            raise DataFileError(f"{path}:{header_number}: the header must be key, {', '.join(FORMS)}")
        for number, line in numbered:
            cells = line.rstrip("\n").split("\t")
            if len(cells) != 1 + len(FORMS) or not all(cells):
                raise DataFileError(f"{path}:{number}: a row has a key and {len(FORMS)} non-empty templates")
            if cells[0] in table:
                raise DataFileError(f"{path}:{number}: key {cells[0]!r} repeats")
            for template in cells[1:]:
                _check(path, number, template)
            table[cells[0]] = Templates(*cells)
    return table


def templates_for(label_en: str, cameo: str) -> Templates:
    """The trigger label's row, else the code's, else its three-digit code's or its root's."""
    table = templates()
    for key in (label_en, cameo, cameo[:3], cameo[:2]):
        if key in table:
            return table[key]
    raise DataFileError(f"summaries.tsv has no row for {label_en!r} nor for CAMEO {cameo!r} or its root")


def render(template: str, slots: Mapping[str, str | None]) -> tuple[str, set[str]]:
    """The template with its slots filled, and the names of the slots it used."""
    pieces, used = _frame(template, frozenset(name for name, value in slots.items() if value))
    # ``pieces`` alternate between text and slot names: "{source} met {target}" → "", source, " met ", target, ""
    return "".join(piece if i % 2 == 0 else slots.get(piece) or "" for i, piece in enumerate(pieces)), set(used)


@lru_cache(maxsize=4096)
def _frame(template: str, filled: frozenset[str]) -> tuple[tuple[str, ...], frozenset[str]]:
    """The template with its brackets resolved for the slots that are filled (``filled``), split at its
    slots, and the slots it uses: the same for every event with the same template and the same slots
    filled, so worked out once."""
    used: set[str] = set()

    def choose(match: re.Match) -> str:
        for alternative in match.group(1).split("|"):
            if all(name in filled for name in _SLOT.findall(alternative)):
                used.update(_SLOT.findall(alternative))
                return alternative
        return ""

    text = _OPTIONAL.sub(choose, template)
    used.update(_SLOT.findall(text))  # the slots outside brackets are always used
    return tuple(_SLOT.split(text)), frozenset(used)


# The first word after a plural source agrees with it: "Vietnam and Laos plan to …", "… were ready".
_PLURAL = {"plans": "plan", "was": "were", "is": "are", "has": "have"}


def _agree(text: str, source: str) -> str:
    rest = text[len(source) + 1:]
    word, _, tail = rest.partition(" ")
    return f"{source} {_PLURAL[word]} {tail}" if word in _PLURAL else text


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


def _when(time: TimeValue | None) -> str | None:
    """"on 9 Oct 2025", "in May 2026", "from 20 Sep to 22 Sep 2026"."""
    if time is None or time.start is None:
        return None
    start, end = time.start, time.end
    if time.granularity == "year":
        return f"in {start.year}"
    if time.granularity == "month":
        return f"in {_month(start)} {start.year}"
    if time.granularity in ("decade", "century"):
        return f"in {start.year}–{end.year}" if end else f"in {start.year}"
    if end and end != start:
        return f"from {start.day} {_month(start)} to {end.day} {_month(end)} {end.year}"
    return f"on {start.day} {_month(start)} {start.year}"


_IRREGULAR = {"hold": "held", "meet": "met", "pay": "paid", "make": "made", "send": "sent", "give": "gave",
              "take": "took", "sign": "signed", "be": "was", "have": "had", "lead": "led", "begin": "began",
              "set": "set", "put": "put", "cut": "cut", "seek": "sought", "speak": "spoke", "bring": "brought",
              "reach": "reached", "express": "expressed", "welcome": "welcomed", "commit": "committed",
              "admit": "admitted", "plan": "planned", "stop": "stopped", "come": "came", "go": "went",
              "fly": "flew", "leave": "left", "win": "won", "lose": "lost", "hit": "hit", "shut": "shut",
              "lay": "laid", "beat": "beat", "drive": "drove", "fight": "fought", "find": "found", "freeze": "froze",
              "stand": "stood", "withdraw": "withdrew", "break": "broke", "forgive": "forgave", "ram": "rammed",
              "ban": "banned", "cancel": "cancelled", "step": "stepped", "drop": "dropped",
              "transfer": "transferred", "confer": "conferred", "concur": "concurred", "say": "said",
              "deter": "deterred", "expel": "expelled", "sue": "sued"}


def past(label: str) -> str:
    """"hold talks" → "held talks": the past of a base form, as summaries.tsv writes its asserted forms."""
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


def _hosts_only(event: Event, entities: Mapping[str, Entity]) -> bool:
    """The visit's only target is the country it goes to."""
    return all(getattr(entities.get(i), "type", None) == "COUNTRY"
               and getattr(entities.get(i), "country", None) == event.place.country for i in event.target)


def summarize(event: Event, entities: Mapping[str, Entity]) -> str:
    template = templates_for(event.trigger.label_en, event.cameo).form(event.modality, event.negated)
    source = _side(event.source, entities)
    target = _side(event.target, entities) if event.target else None
    if event.trigger.voice == "visit" and event.place is not None and _hosts_only(event, entities):
        target = None  # "visited Laos": the host country is said by the place
    place = event.place.name if event.place is not None else None
    when = _when(event.date)
    text, used = render(template, {"source": source, "target": target, "place": place, "date": when})
    if place and "place" not in used:
        text += f" in {place}"
    if when and "date" not in used:
        text += f" {when}"
    return _agree(text, source) if len(event.source) > 1 else text
