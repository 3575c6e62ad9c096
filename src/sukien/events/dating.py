"""Dating: which of the article's dates is an event's, when its own sentence states none.

The rules date an event by a date of its own sentence; a sentence that states none
takes the narrative's last stated day, else the article's first (``resolve.times``).
That misses what a reader sees at once: a statement made at talks two paragraphs
earlier is dated by the talks, not by the day an aside mentioned since. So for such
an event every date the article states, and its publication day, is an *option*,
described by features (how many sentences away it is said and whether that sentence
names the event's actors or tells one of their meetings, its granularity, how it
lies against the publication day, whether it is the article's first or the last day
before the event, whether it is quoted, whether the rules chose it), and a model
trained on the corpus's gold dates picks the likeliest.

A date stated in the event's own sentence stays the rules' (letting the model
override those, under cross-validation, lost 23 dates that sentence gave rightly),
and an event the rules leave undated stays undated: a planned meeting with no stated
day, an invitation, a hypothesis. What is said is never dated by a past it speaks
of: the founding an anniversary message names is no option, as it is none for the
rules.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from sukien.errors import DataFileError
from sukien.events.decisions import read_shipped
from sukien.model import Document, Event, TimeValue
from sukien.resolve.times import INFERRED, past_of_what_is_said, says_same_day, stated_times

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "models" / "dating.json"
FORMAT = 1

Features = dict[str, float]


@dataclass(frozen=True)
class DateOption:
    """One date an event may have: the time as the event would carry it, and what speaks for it."""

    time: TimeValue
    features: Features


@dataclass(frozen=True)
class DatingModel:
    """Weights over option features, fitted on pairs of one event's options (a right date against a
    wrong one), so only differences between options count: the best-scored option is the choice."""

    weights: dict[str, float]
    meta: dict

    def score(self, features: Features) -> float:
        weights = self.weights
        return sum(weights.get(name, 0.0) * value for name, value in features.items())

    def best(self, options: Sequence[Features]) -> int:
        """The index of the likeliest option; a tie goes to the earlier one (the rules' own comes first)."""
        scores = [self.score(features) for features in options]
        return max(range(len(scores)), key=lambda i: (scores[i], -i))

    def to_json(self) -> dict:
        return {"format": FORMAT, "meta": self.meta, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: dict, where: str = "model") -> "DatingModel":
        if data.get("format") != FORMAT:
            raise DataFileError(f"{where}: dating model format {data.get('format')!r}, expected {FORMAT}")
        try:
            return cls(weights={str(k): float(v) for k, v in data["weights"].items()},
                       meta=dict(data.get("meta") or {}))
        except (KeyError, TypeError, ValueError) as error:
            raise DataFileError(f"{where}: malformed dating model ({error})") from error


@lru_cache(maxsize=1)
def shipped_dating_model() -> DatingModel | None:
    """The model that ships with the package, or None when it has not been trained."""
    data = read_shipped(MODEL_PATH)
    return None if data is None else DatingModel.from_json(data, str(MODEL_PATH))


# ---------------------------------------------------------------------------------------------------
# Options and their features

_CLAUSE_BREAK = re.compile(r"[,;:–\-\"“”()]")


def _when(time: TimeValue, published: date | None) -> str:
    """How the time lies against the publication day."""
    if published is None or time.start is None:
        return "unknown"
    end = time.end or time.start
    if time.start > published:
        return "ahead"
    if end >= published - timedelta(days=1):
        return "today"
    if end >= published - timedelta(days=8):
        return "week"
    if end >= published - timedelta(days=40):
        return "month"
    if end >= published - timedelta(days=400):
        return "year"
    return "older"


def _sentences_apart(gap: int) -> str:
    """Where the date's sentence lies from the event's: "same", "previous", … "later"."""
    if gap == 0:
        return "same"
    if gap < 0:
        return "next" if gap == -1 else "later"
    return {1: "previous", 2: "two_before", 3: "three_before"}.get(gap, "far_before")


def _distance(characters: int) -> str:
    return "near" if characters <= 20 else "phrase" if characters <= 60 else "clause" if characters <= 150 else "far"


def _quoted(text: str, position: int) -> bool:
    """Inside quotation marks opened earlier in the paragraph ("… hôm nay …" said by someone)."""
    before = text[text.rfind("\n", 0, position) + 1:position]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


@dataclass(frozen=True)
class _Stated:
    """One date the article states, with what its options say alike for every event they are offered to."""

    time: TimeValue
    sentence: int  # the index of the sentence that states it
    inferred: TimeValue  # the time as an event of another sentence carries it
    when: str  # how it lies against the publication day
    quoted: bool  # said inside quotation marks


class _Article:
    """What every event of one article shares: its stated dates with their sentences, who each sentence
    names, and which candidate events each sentence tells.

    Each stated date is described once here, not once for every event that may take it: ``_quoted`` reads
    back to the start of the date's paragraph."""

    def __init__(self, document: Document, candidates: Sequence[Event]) -> None:
        self.document = document
        self.published = document.article.published
        text = document.text
        self.stated = [_Stated(t, document.sentence_at(t.evidence.start).index, replace(t, relation=INFERRED),
                               _when(t, self.published), _quoted(text, t.evidence.start))
                       for t in stated_times(document) if t.start is not None]
        days = [s.time for s in self.stated if s.time.granularity in ("day", "range") and s.time.relation != "historical"]
        self.first_day = days[0].evidence.start if days else None
        self.named: dict[int, set[str]] = {}
        for mention in document.mentions:
            if mention.entity_ids:
                self.named.setdefault(document.sentence_at(mention.span.start).index, set()).update(mention.entity_ids)
        # sentence → the actors of each candidate act it tells, and whether that act is a meeting or visit
        self.acts: dict[int, list[tuple[frozenset[str], bool]]] = {}
        for event in candidates:
            self.acts.setdefault(event.sentence, []).append(
                (frozenset(event.source) | frozenset(event.target), event.cameo.startswith("04")))


@dataclass(frozen=True)
class _Event:
    """The event as the options see it."""

    event: Event
    root: str  # the CAMEO code's first two digits
    planned: bool
    same_day: bool  # its sentence says "cùng ngày"
    own: tuple[TimeValue, ...]  # the dates stated in its sentence
    earlier_days: tuple[TimeValue, ...]  # the current days stated in the sentences before it
    actors: frozenset[str]


def _described(article: _Article, event: Event) -> _Event:
    published = article.published
    return _Event(
        event=event, root=event.cameo[:2], planned=event.modality == "planned",
        same_day=says_same_day(article.document.sentences[event.sentence]),
        own=tuple(s.time for s in article.stated if s.sentence == event.sentence),
        earlier_days=tuple(s.time for s in article.stated if s.sentence < event.sentence
                           and s.time.granularity == "day" and s.time.relation != "historical"
                           and not (published and s.time.start > published)),
        actors=frozenset(event.source) | frozenset(event.target),
    )


def date_options(article: _Article, event: Event) -> list[DateOption]:
    """Every date the event may have, the rules' own first, each with its features: for an event whose
    sentence states no date of its own (the rules' date is ``inferred``); none for any other."""
    if event.date is None or event.date.relation != INFERRED:
        return []
    about = _described(article, event)
    rule = event.date
    options = [DateOption(rule, {"rule": 1.0, f"rule|rel={rule.relation}": 1.0, f"rule|gran={rule.granularity}": 1.0,
                                 f"rule|root={about.root}": 1.0})]
    known = {(rule.start, rule.end, rule.evidence.start if rule.evidence else None)}
    for stated in article.stated:
        time = stated.time
        key = (time.start, time.end, time.evidence.start)
        if key in known:  # the rules' own choice is this stated date
            options[0].features.update(_stated_features(article, about, stated))
            continue
        if past_of_what_is_said(time, event.cameo):  # a congratulation's founding year, as the rules read it
            continue
        features = _stated_features(article, about, stated)
        known.add(key)
        options.append(DateOption(time if stated.sentence == event.sentence else stated.inferred, features))
    published = article.published
    if published is not None and (published, published, None) not in known:
        options.append(DateOption(TimeValue(published, published, "day", None, INFERRED), {
            "publication": 1.0, f"publication|root={about.root}": 1.0, f"publication|own={bool(about.own)}": 1.0,
            f"publication|planned={about.planned}": 1.0}))
    return options


def _stated_features(article: _Article, about: _Event, stated: _Stated) -> Features:
    text, event = article.document.text, about.event
    time, sentence, when = stated.time, stated.sentence, stated.when
    apart = _sentences_apart(event.sentence - sentence)
    place = apart
    features: Features = {}
    if apart == "same":
        trigger = event.trigger.span
        side = "before" if time.evidence.end <= trigger.start else "after"
        between = (text[time.evidence.end:trigger.start] if side == "before"
                   else text[trigger.end:time.evidence.start])
        place = f"{side}|{_distance(len(between))}"
        nearest = not any(t.evidence.end <= trigger.start and t.evidence.start > time.evidence.start for t in about.own) \
            if side == "before" else not any(trigger.end <= t.evidence.start < time.evidence.start for t in about.own)
        features[f"broken={bool(_CLAUSE_BREAK.search(between))}|{place}"] = 1.0
        features[f"nearest={nearest}|{side}"] = 1.0
    features |= {
        f"where={place}": 1.0, f"where={place}|gran={time.granularity}": 1.0, f"where={place}|root={about.root}": 1.0,
        f"rel={time.relation}": 1.0, f"gran={time.granularity}": 1.0,
        f"when={when}": 1.0, f"when={when}|planned={about.planned}": 1.0, f"when={when}|root={about.root}": 1.0,
        f"own={bool(about.own)}|apart={apart}": 1.0,
        f"title={sentence == 0}|event_title={event.sentence == 0}": 1.0,
    }
    shared = len(about.actors & article.named.get(sentence, set()))
    features[f"shared={min(shared, 2)}|apart={apart}"] = 1.0
    if apart != "same":
        # one flag per act of the event's actors that the date's sentence tells: is it a meeting or visit?
        meeting_flags = [meeting for actors, meeting in article.acts.get(sentence, ())
                         if not about.actors.isdisjoint(actors)]
        if meeting_flags:
            features["act_of_actor"] = 1.0
        if any(meeting_flags):  # the meeting or visit its actor was at
            features["meeting_of_actor"] = 1.0
            features[f"meeting_of_actor|root={about.root}"] = 1.0
    if stated.quoted:
        features[f"quoted|rel={time.relation}"] = 1.0
    if apart not in ("same", "next", "later"):
        back = sum(1 for t in about.earlier_days if t.evidence.start > time.evidence.start)
        features[f"back={min(back, 3)}"] = 1.0
    if time.evidence.start == article.first_day:
        features["first_day"] = 1.0
        features[f"first_day|own={bool(about.own)}"] = 1.0
    if about.earlier_days and time.evidence.start == about.earlier_days[-1].evidence.start:
        features["latest_day"] = 1.0
        features[f"latest_day|same_day={about.same_day}"] = 1.0
        features[f"latest_day|own={bool(about.own)}"] = 1.0
    return features


def article_date_options(document: Document, events: Sequence[Event],
                         candidates: Sequence[Event] | None = None) -> list[list[DateOption]]:
    """Each event's options, in order; ``candidates``, all the article's (the events by default), tell
    which sentences report an act of an event's actors."""
    article = _Article(document, events if candidates is None else candidates)
    return [date_options(article, event) for event in events]


def dated(document: Document, events: list[Event], candidates: Sequence[Event],
          model: DatingModel | None) -> list[Event]:
    """The events, each with the date the model finds likeliest (the rules' own without a model)."""
    if model is None or not any(e.date is not None and e.date.relation == INFERRED for e in events):
        return events
    chosen = []
    for event, options in zip(events, article_date_options(document, events, candidates)):
        if options:
            event = replace(event, date=options[model.best([o.features for o in options])].time)
        chosen.append(event)
    return chosen
