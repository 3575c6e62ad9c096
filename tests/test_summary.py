"""English summaries: every code and trigger label of the lexicon reads as a sentence in every form."""
from __future__ import annotations

import csv
import re
from dataclasses import replace
from datetime import date
from importlib import resources

import pytest

from sukien.errors import DataFileError
from sukien.events import summary
from sukien.model import ASSERTED, HYPOTHETICAL, PLANNED, Entity, Event, Place, Span, TimeValue, Trigger

VIETNAM = Entity("country:VNM", "COUNTRY", "Vietnam", "Việt Nam", "VNM")
LAOS = Entity("country:LAO", "COUNTRY", "Laos", "Lào", "LAO")
JAPAN = Entity("country:JPN", "COUNTRY", "Japan", "Nhật Bản", "JPN")
HOA = Entity("person:le-minh-hoa", "PERSON", "Le Minh Hoa", "Lê Minh Hòa", "VNM", discovered=True)
ENTITIES = {e.id: e for e in (VIETNAM, LAOS, JAPAN, HOA)}
TOKYO = Place("Tokyo", "Tô-ky-ô", "JPN", "city")
PALACE = Place("Presidential Palace", "Phủ Chủ tịch", "VNM", "building")
MAY_14 = TimeValue(date(2026, 5, 14), date(2026, 5, 14), "day")


def _lexicon_rows(name: str) -> list[dict[str, str]]:
    path = resources.files("sukien") / "data" / "lexicons" / name
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


TRIGGERS = _lexicon_rows("triggers.tsv")
CAMEO = {row["code"]: row["label_en"] for row in _lexicon_rows("cameo.tsv")}
VOICE_OF_CODE = {row["cameo"]: row["voice"] for row in TRIGGERS}
CODES = sorted({row["cameo"] for row in TRIGGERS})
# (label, code, voice) of every trigger whose English label is its own, not its code's
LABELS = sorted({(row["label_en"], row["cameo"], row["voice"]) for row in TRIGGERS
                 if row["label_en"].lower() != CAMEO[row["cameo"]].lower()})
# The moods and sides each wording is tried in
CASES = [(modality, negated, source, target, place, when)
         for modality in (ASSERTED, PLANNED, HYPOTHETICAL) for negated in (False, True)
         for source, target in (((HOA.id,), (LAOS.id,)), ((HOA.id,), ()), ((VIETNAM.id, LAOS.id), (JAPAN.id,)))
         for place, when in ((None, None), (TOKYO, MAY_14), (PALACE, None))]


def _event(label: str, code: str, voice: str, modality: str, negated: bool, source: tuple[str, ...],
           target: tuple[str, ...], place: Place | None, when: TimeValue | None) -> Event:
    trigger = Trigger(Span(0, 3, "abc"), code, "", None, "", label, 0.0, voice)
    return Event("e1", trigger, source, target, (), 0, date=when, place=place, modality=modality, negated=negated)


# Wordings that are not English: a verb that takes an object directly followed by "of", an adjective
# followed by "to" and a country, a verb that takes no person as its object followed by one.
_NAMES = "(?:Laos|Japan|Le Minh Hoa|Lê Minh Hòa|Tokyo)"
_BAD = [
    (re.compile(rf"\b\w+ed of {_NAMES}"), "'of' after a verb"),
    (re.compile(rf"\b(?:said|stressed|affirmed|hoped|noted) (?:of |to )?{_NAMES}"), "a statement's verb before a name"),
    (re.compile(rf"\b(?:ready|willing|able|prepared|eager|keen) to {_NAMES}"), "'to' and a name after an adjective"),
    (re.compile(rf"\b(?:proposed|agreed|discussed|negotiated|consulted|apologised|demanded|expressed|conveyed|"
                rf"signed|ratified|resigned|cooperated|pledged|promised|committed|continued|called|appealed|"
                rf"objected|complained|reacted|mediated|protested|rioted|marched|demonstrated) {_NAMES}"),
     "an intransitive verb before a name"),
    (re.compile(r"\b(\w+) \1\b", re.I), "a doubled word"),
    (re.compile(r"[\[\]{}|]|\s{2}|\s[,.]|^\s|\s$|,,"), "template residue or stray spacing"),
]


def _check(sentence: str, event: Event, template: str) -> None:
    for pattern, problem in _BAD:
        assert not pattern.search(sentence), f"{problem}: {sentence!r}"
    source = summary._side(event.source, ENTITIES)
    assert sentence.startswith(source + " "), sentence
    rest = sentence[len(source) + 1:]
    if len(event.source) > 1:
        assert not rest.startswith(("plans ", "was ", "is ", "has ")), f"no agreement: {sentence!r}"
    takes_target = "{target}" in template
    named = "Laos" in rest or "Japan" in rest
    if event.target and not takes_target:
        assert not named, f"a target where the frame takes none: {sentence!r}"
    if event.target and takes_target and not (event.trigger.voice == "visit" and event.place == TOKYO
                                              and event.target == (JAPAN.id,)):
        assert named, f"the target is lost: {sentence!r}"
    if event.place is not None:
        assert event.place.name in sentence, sentence
    if event.date is not None:
        assert "14 May 2026" in sentence, sentence


def _sentences(label: str, code: str, voice: str):
    for case in CASES:
        event = _event(label, code, voice, *case)
        template = summary.templates_for(label, code).form(event.modality, event.negated)
        yield summary.summarize(event, ENTITIES), event, template


@pytest.mark.parametrize("code", CODES)
def test_every_code_the_lexicon_uses_reads_as_a_sentence(code):
    """An event whose trigger carries its code's own label (a recoded trigger) reads by the code's row."""
    assert code in summary.templates(), f"summaries.tsv has no row for {code}"
    for sentence, event, template in _sentences(CAMEO[code], code, VOICE_OF_CODE[code]):
        _check(sentence, event, template)


@pytest.mark.parametrize(("label", "code", "voice"), LABELS)
def test_every_trigger_label_reads_as_a_sentence(label, code, voice):
    assert label in summary.templates(), f"summaries.tsv has no row for {label!r}"
    for sentence, event, template in _sentences(label, code, voice):
        _check(sentence, event, template)


@pytest.mark.parametrize(("label", "code", "voice", "target", "modality", "expected"), [
    ("stress", "010", "statement", (LAOS.id,), ASSERTED, "Lê Minh Hòa (Vietnam) stressed a position on Laos"),
    ("be ready to", "030", "active", (VIETNAM.id,), ASSERTED,
     "Lê Minh Hòa (Vietnam) was ready to cooperate with Vietnam"),
    ("propose", "020", "active", (JAPAN.id,), ASSERTED, "Lê Minh Hòa (Vietnam) made a proposal to Japan"),
    ("hold talks", "046", "symmetric", (LAOS.id,), ASSERTED, "Lê Minh Hòa (Vietnam) held talks with Laos"),
    ("receive", "043", "host", (LAOS.id,), ASSERTED, "Lê Minh Hòa (Vietnam) received Laos"),
    ("receive", "043", "host", (), ASSERTED, "Lê Minh Hòa (Vietnam) received guests"),
    ("visit", "042", "visit", (LAOS.id,), PLANNED, "Lê Minh Hòa (Vietnam) plans to visit Laos"),
    ("threaten sanctions", "1312", "active", (JAPAN.id,), ASSERTED,
     "Lê Minh Hòa (Vietnam) threatened Japan with sanctions"),
    ("take hostage", "181", "active", (), ASSERTED, "Lê Minh Hòa (Vietnam) took hostages"),
    ("resign", "0831", "statement", (LAOS.id,), ASSERTED, "Lê Minh Hòa (Vietnam) resigned"),
    ("meet", "040", "symmetric", (JAPAN.id,), HYPOTHETICAL, "Lê Minh Hòa (Vietnam) would meet with Japan"),
])
def test_each_verb_takes_its_own_frame(label, code, voice, target, modality, expected):
    assert summary.summarize(_event(label, code, voice, modality, False, (HOA.id,), target, None, None),
                             ENTITIES) == expected


def test_place_and_date_follow_unless_the_template_places_them():
    talks = _event("hold talks", "046", "symmetric", ASSERTED, False, (HOA.id,), (LAOS.id,), TOKYO, MAY_14)
    assert summary.summarize(talks, ENTITIES) == "Lê Minh Hòa (Vietnam) held talks with Laos in Tokyo on 14 May 2026"
    visit = _event("visit", "042", "visit", ASSERTED, False, (HOA.id,), (JAPAN.id,), TOKYO, None)
    assert summary.summarize(visit, ENTITIES) == "Lê Minh Hòa (Vietnam) visited Tokyo"  # Japan is Tokyo's host
    inside = replace(visit, place=PALACE, target=(LAOS.id,))
    assert summary.summarize(inside, ENTITIES) == "Lê Minh Hòa (Vietnam) visited Laos in Presidential Palace"
    assert summary.summarize(replace(inside, target=()), ENTITIES) == "Lê Minh Hòa (Vietnam) visited Presidential Palace"


def test_a_plural_source_agrees_with_its_verb():
    event = _event("visit", "042", "visit", PLANNED, False, (VIETNAM.id, LAOS.id), (JAPAN.id,), None, None)
    assert summary.summarize(event, ENTITIES) == "Vietnam and Laos plan to visit Japan"
    ready = _event("be ready to", "030", "active", ASSERTED, True, (VIETNAM.id, LAOS.id), (), None, None)
    assert summary.summarize(ready, ENTITIES) == "Vietnam and Laos were not ready to cooperate"


def test_an_unknown_label_falls_back_to_its_code_then_its_root():
    assert summary.templates_for("no such label", "0461").key == "046"
    assert summary.templates_for("no such label", "099").key == "09"


@pytest.mark.parametrize(("template", "problem"), [
    ("held talks", "opens with"),
    ("{source} held talks with {partner}", "unknown slot"),
    ("{source} held talks[ with [{target}]]", "brackets"),
])
def test_a_malformed_template_names_its_file_and_line(template, problem):
    with pytest.raises(DataFileError, match=problem):
        summary._check("summaries.tsv", 7, template)
