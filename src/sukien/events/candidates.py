"""Candidates: triggers, participants and qualifiers → coded candidate events with evidence.

For each sentence, every trigger from the lexicon becomes a candidate event when
the sentence (or, for a subject left unsaid, the sentence before) names who acted.
What the rules used to reject outright (no second party, a subject borrowed from
the sentence before, an act outranked in its clause, a habit) stays a candidate,
marked with its ``doubts``; a trigger with no second party also gets its nearest
actors as guesses. The date, place, modality, occasion and topics are attached, and
mentions of one event within the article are merged. The decision layer
(``features``, ``decisions``) then weighs every candidate.

Within one clause, a speech verb and what is said form one event: in "X khẳng
định sẵn sàng hợp tác" the commitment (CAMEO 03) is the event and "khẳng định"
only introduces it. The most specific verbal code of the clause wins. A bare
reporting verb ("X cho biết …") is a statement only when what it reports holds no
event; a meeting or visit yet to come keeps its code with modality "planned"; an
invitation to visit is also the guest's planned visit (``invitations``).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, cached_property

from sukien import kb as knowledge
from sukien.events import lexicon
from sukien.events.merge import (
    THEN, agreed_at_meetings, belongs, attach_reference, further_legs, merge_within_article, names_occasion, occasion_places,
    shared_places,
)
from sukien.events.cast import Cast, cast_of, mentions_by_sentence
from sukien.events.invitations import INTENT_TO_MEET, invited_deeds
from sukien.events.participants import (
    Participants, attacked_place, clause_start, find_participants, is_generic, is_nominal, own_country,
    own_country_before, partner_in_collective, subordinate_start, visitor_from_abroad,
)
from sukien.events.qualifiers import is_habitual, is_reporting, modality, occasion, opens_with_plan, topics
from sukien.events.politics import is_political, political_figures
from sukien.model import (
    ASSERTED, COUNTRY, HYPOTHETICAL, NEGATED, PLANNED, Document, Event, Mention, Place, Sentence, Span, TimeValue,
    Trigger,
)
from sukien.normalize.case import lowered_window
from sukien.resolve.places import (
    PlaceIndex, event_place, further_destinations, occasion_destination, stated_place,
)
from sukien.resolve.times import Calendar, event_time

_CONSULT_ROOT = "04"
_INTENT_ROOT = "03"  # intents, pledges, invitations
_SINCE = re.compile(r"(?:kể từ khi|từ khi|kể từ)\s+(?:\S+\s+){0,1}$", re.I)
_ATTRIBUTION = re.compile(r"(?:Theo|Dẫn lời|Dẫn nguồn)\b[^,]{0,120},", re.I)
_FORCE_ROOTS = ("17", "18", "19", "20")
_THREATS = {"163": "1312", "161": "1313", "166": "1313"}
_REFUSED = re.compile(r"(?:từ chối|bác bỏ|khước từ)\s+(?:\S+\s+){0,2}$", re.I)
_ANNIVERSARY = re.compile(r"(?:kỷ niệm|mừng)(?:\s+\S+){0,3}\s+năm\s*(?:ngày\s+)?$", re.I)
# Verbal roots: a speech act and its content are one event. Earlier in the tuple = more specific.
# "nhất trí áp đặt lệnh trừng phạt" is the sanction itself: a decided sanction or coercion outranks the agreement.
_VERBAL_PRIORITY = ("16", "17", "057", "03", "11", "12", "13", "14", "10", "05", "02", "01")


class _Scope:
    """One sentence and what all of its triggers share, each worked out once, on first use.

    On first use, not up front: finding the actors may add a capital's country to
    ``document.entities``, and only for a sentence where some trigger looks for actors.
    """

    def __init__(self, document: Document, sentence: Sentence, mentions: list[Mention],
                 places: PlaceIndex, calendar: Calendar, previous: "_Scope | None" = None) -> None:
        self.document, self.sentence, self.mentions = document, sentence, mentions
        self.previous = previous  # the sentence before, for a subject left unsaid
        self.places, self.calendar = places, calendar
        self._clauses: dict[int, int] = {}  # trigger start → its clause's start
        self._groups: dict[int, int] = {}  # trigger start → its verb group's start

    def clause(self, trigger: Span) -> int:
        if trigger.start not in self._clauses:
            start = clause_start(self.document.text, self.sentence.span.start, trigger)
            self._clauses[trigger.start] = subordinate_start(self.document.text, start, trigger, self.cast.actors)
        return self._clauses[trigger.start]

    def verb_group(self, trigger: Span) -> int:
        if trigger.start not in self._groups:
            self._groups[trigger.start] = _verb_group(self, trigger)
        return self._groups[trigger.start]

    @cached_property
    def names(self) -> list[Span]:
        return [m.span for m in self.mentions if m.form == "name"]

    @cached_property
    def cast(self) -> Cast:
        return cast_of(self.document, self.sentence.span, self.mentions)

    @property
    def previous_actors(self) -> list[Mention]:
        return self.previous.cast.actors if self.previous is not None else []

    @cached_property
    def stated_place(self) -> Place | None:
        """Where the sentence says things happened, after an opening attribution if it has one."""
        span = self.sentence.span
        attributed = _ATTRIBUTION.match(self.document.text, span.start, span.end)
        # "Theo phóng viên tại Brussels, …": the reporter's place
        return stated_place(self.places, span, attributed.end() if attributed else None)

    @cached_property
    def any_stated_place(self) -> Place | None:
        return stated_place(self.places, self.sentence.span)

    @cached_property
    def occasion(self) -> Span | None:
        return occasion(self.document.text, self.sentence.span)

    @cached_property
    def topics(self) -> tuple[Span, ...]:
        return topics(self.document.text, self.sentence.span)


def _recoded(trigger: Trigger, code: str) -> Trigger:
    row = lexicon.load_lexicon().cameo[code]
    return replace(trigger, cameo=code, plover=row.plover or trigger.plover, mode=None,
                   label_en=row.label_en, label_vi=row.label_vi, goldstein=row.goldstein)


def _keep(pattern, people: Participants) -> bool:
    """An actor always; a second party unless the trigger's lexicon row says it can do without one."""
    if not people.source:
        return False
    if people.pledge and pattern.cameo.startswith(_INTENT_ROOT):
        return True
    return bool(people.target) or not pattern.needs_target


def _confidence(people: Participants, dated: bool) -> float:
    score = 0.55 + (0.15 if people.target else 0.0) + (0.1 if dated else 0.0)
    return min(score + 0.1 * (len(people.evidence) >= 2), 0.95)


def _commemorated(document: Document, trigger: Trigger) -> bool:
    """"kỷ niệm 75 năm thiết lập quan hệ ngoại giao", "kể từ khi thiết lập quan hệ": an anniversary or
    a starting point named in passing is background, not an event."""
    window = max(0, trigger.span.start - 32)
    # Each pattern holds a word of its own ("năm", "từ"; lower() folds their letters as re.I does): a
    # substring test on the lowered window spares most triggers the searches.
    lowered = lowered_window(document.text, window, trigger.span.start)
    return bool(("năm" in lowered and _ANNIVERSARY.search(document.text, window, trigger.span.start))
                or ("từ" in lowered and _SINCE.search(document.text, window, trigger.span.start)))


_PAIR_JOIN = re.compile(r"\s*(?:[-–]|và)\s*")
_BRACKET = re.compile(r"\s*\(\s*")


def _founding(scope: _Scope, trigger: Trigger) -> Event | None:
    """"kỷ niệm 25 năm thiết lập quan hệ ngoại giao Việt Nam – Moldova (11/6/1992 - 11/6/2017)": an
    anniversary whose bracket dates the founding names a past event of its own, between the two
    countries named right after the trigger."""
    text = scope.document.text
    pair = [m for m in scope.cast.actors if m.span.start >= trigger.span.end][:2]
    if len(pair) != 2 or any(m.type != COUNTRY for m in pair) or text[trigger.span.end:pair[0].span.start].strip() \
            or not _PAIR_JOIN.fullmatch(text, pair[0].span.end, pair[1].span.start):
        return None
    bracket = _BRACKET.match(text, pair[1].span.end)
    founded = next((t for t in scope.calendar.inside(scope.sentence.span)
                    if bracket is not None and t.evidence.start == bracket.end()), None)
    if founded is None or founded.relation != "historical":
        return None
    people = Participants(pair[0].entity_ids, pair[1].entity_ids, tuple(m.span for m in pair), None)
    return Event(
        id="", trigger=trigger, source=people.source, target=people.target,
        evidence=(scope.sentence.span,), sentence=scope.sentence.index, date=founded, place=None,
        modality=ASSERTED, negated=False, reported_by=None, occasion=None, topics=(),
        actor_evidence=people.evidence, confidence=_confidence(people, True),
    )


_GLOSS = re.compile(r"\s*\([^()]{1,40}\)")


def _with_gloss(document: Document, place: Span) -> Span:
    """"ở Brussels (Bỉ)": the country in brackets belongs to the place; it takes no part."""
    gloss = _GLOSS.match(document.text, place.end)
    return document.span(place.start, gloss.end()) if gloss else place


def _own_date(time: TimeValue | None, mood: str, cameo: str) -> TimeValue | None:
    """A planned meeting or visit, and anything hypothetical, has only the date the text gives it: the
    article's date is when it was announced, not when it will be held. (A pledge, "sẽ ủng hộ", is dated
    when it is made.)"""
    unstated = time is not None and time.relation == "inferred"
    if unstated and (mood == HYPOTHETICAL or (mood == PLANNED and cameo.startswith(_CONSULT_ROOT))):
        return None
    return time


def _only_ahead(scope: _Scope, clause: int, trigger: Span) -> bool:
    """The sentence's stated dates all lie after the article was published, and nothing says it is done."""
    published = scope.document.article.published
    dates = scope.calendar.inside(scope.sentence.span)
    return published is not None and bool(dates) and not _DONE.search(scope.document.text, clause, trigger.start) \
        and all(t.start is not None and t.start > published and t.relation != "historical" for t in dates)


def _event(scope: _Scope, trigger: Trigger, pattern) -> Event | None:
    document, sentence = scope.document, scope.sentence
    if _commemorated(document, trigger):
        return _founding(scope, trigger)
    if is_generic(document.text, trigger.span):
        return None
    stated = scope.stated_place
    if stated is not None and stated.evidence is not None and stated.evidence.start > trigger.span.end and (
            THEN.search(document.text, trigger.span.end, stated.evidence.start) or pattern.cameo == INTENT_TO_MEET):
        # "hội kiến X, sau đó thăm tỉnh Tây Ninh", "mời X thăm … và dự hội nghị tại Hà Nội": the place
        # is the later act's, the invited one's
        stated = None
    place = event_place(scope.places, sentence.span, trigger.span, pattern.voice, stated)
    if place is None and pattern.cameo.startswith(_CONSULT_ROOT) and pattern.mode != "phone":
        place = occasion_destination(scope.places, sentence.span, trigger.span)
    excluded = tuple(_with_gloss(document, p.evidence) for p in (stated, place) if p is not None and p.evidence is not None)
    voice = "praise" if pattern.cameo.startswith("05") and pattern.voice != "symmetric" else pattern.voice
    clause = scope.clause(trigger.span)
    people = find_participants(document, scope.cast, trigger.span, voice, clause, excluded)
    if voice == "visit" and place is not None and people.source:
        people = visitor_from_abroad(document, scope.cast, trigger.span, clause, place.country, people)
    if people.target and not (people.pledge and pattern.cameo.startswith(_INTENT_ROOT)):
        # only an intent commits one's own country
        target = tuple(t for t in people.target if not own_country(document, t, people.source))
        people = replace(people, target=target) if target != people.target else people
    if not people.target and people.source and pattern.cameo[:2] in _FORCE_ROOTS:
        target = attacked_place(document, sentence.span, trigger.span)
        people = replace(people, target=(target,)) if target and target not in people.source else people
    if people.source and not people.target and pattern.cameo.startswith(("02", "03")):
        partner = partner_in_collective(document, scope.cast, trigger.span, sentence.span, people.source)
        people = replace(people, target=partner) if partner else people
    if people.source and not people.target and pattern.cameo.startswith(_INTENT_ROOT):
        pledged = own_country_before(document, scope.cast, trigger.span, people.source)
        if pledged is not None:
            people = replace(people, target=pledged.entity_ids, evidence=people.evidence + (pledged.span,),
                             pledge=True)
    doubts = []
    if not people.source:
        borrowed = _borrowed_subject(scope, trigger.span)
        if borrowed is None:
            return None
        people = replace(people, source=borrowed.entity_ids, evidence=people.evidence + (borrowed.span,))
        doubts.append("borrowed_source")
        people = replace(people, target=tuple(t for t in people.target if t not in people.source))
    if not _keep(pattern, people):
        doubts.append("no_target")
    if is_habitual(document.text, clause, trigger.span):
        doubts.append("habitual")
    mood, negated = modality(document.text, clause, trigger.span, sentence.span.start)
    if negated and pattern.cameo.startswith(_CONSULT_ROOT) and _FAILED.search(
            document.text, max(clause, trigger.span.start - 20), trigger.span.start):
        mood, negated = ASSERTED, False  # "thất bại trong đàm phán": the talks were held; they failed
    if mood != NEGATED and pattern.cameo.startswith("04") and _INVITED.search(
            document.text, clause, trigger.span.start):
        mood = PLANNED  # "mời X sang thăm Việt Nam": the visit is what is invited
    if people.invitation:  # "nhận lời mời của X": the event is X's invitation
        trigger = replace(trigger, label_en="invite", label_vi="mời")
    if mood == ASSERTED and trigger.cameo.startswith(_CONSULT_ROOT) and opens_with_plan(document.text, trigger.span):
        # "sẽ thăm", "dự kiến hội đàm": the plan is in the trigger's own words; a meeting or visit yet to
        # come keeps its own code (the GDELT and PLOVER exports write CAMEO's 036)
        mood = PLANNED
    if mood == ASSERTED and trigger.cameo.startswith((_CONSULT_ROOT, "057")) and _only_ahead(scope, clause, trigger.span):
        mood = PLANNED  # "thăm Việt Nam vào tuần tới": a deed dated after the report is yet to be done
    if mood == PLANNED and _UNNAMED_SOURCES.search(document.text, sentence.span.start, trigger.span.start):
        return None  # "theo nhiều nguồn tin, hai bên sẽ thảo luận …": a rumoured plan is no event
    if negated and trigger.cameo.startswith(_CONSULT_ROOT) and _REFUSED.search(
            document.text, max(clause, trigger.span.start - 24), trigger.span.start):
        trigger = _recoded(trigger, "125")  # "từ chối đối thoại": rejecting talks is itself an event
    elif mood == PLANNED and trigger.cameo.startswith("057"):
        trigger = _recoded(trigger, "030")  # "mong muốn ký kết hiệp định": an intent to cooperate, nothing signed
    elif mood == PLANNED and trigger.cameo.startswith("16"):
        # "sẽ trừng phạt": a sanction announced for later is a threat of it (CAMEO 131x)
        trigger = _recoded(trigger, _THREATS.get(trigger.cameo[:3], "130"))
        mood = ASSERTED  # the threat itself has been made
    if people.invitation:  # the sentence's date and place are the visit's, not the invitation's
        time, place = None, None
    else:
        # an intent, a pledge or an invitation (CAMEO 03x) is dated when it is made, whatever date it names
        time = event_time(scope.calendar, sentence, trigger.span, pattern.cameo,
                          planned=mood == PLANNED and not trigger.cameo.startswith(_INTENT_ROOT))
        time = _own_date(time, mood, trigger.cameo)
    return Event(
        id="", trigger=trigger, source=people.source, target=people.target,
        evidence=(sentence.span,), sentence=sentence.index, date=time, place=place,
        modality=mood, negated=negated or mood == NEGATED, reported_by=people.reporter,
        occasion=scope.occasion, topics=scope.topics,
        actor_evidence=people.evidence, confidence=_confidence(people, time is not None and time.relation is None),
        doubts=tuple(doubts),
    )


def _borrowed_subject(scope: _Scope, trigger: Span) -> Mention | None:
    """A subject the clause leaves unsaid: the last actor named before the trigger in the sentence, else
    the first actor of the sentence before ("Ông X đến Hà Nội. Sau đó hội đàm với …")."""
    before = [m for m in scope.cast.actors if m.span.end <= trigger.start and m.entity_ids]
    if before:
        return before[-1]
    return next((m for m in scope.previous_actors if m.entity_ids), None)


@cache  # a few dozen codes, asked for by every trigger
def _verbal_rank(cameo: str) -> int | None:
    for rank, prefix in enumerate(_VERBAL_PRIORITY):
        if cameo.startswith(prefix):
            return rank
    return None


# "vui mừng khi trở lại thăm", "vui mừng được gặp", "kết quả chuyến thăm": the meeting is
# taken for granted by what is said about it, not the content of what is said.
_PRESUPPOSED = re.compile(r"(?<!\w)(?:khi|được|kết quả|nhân|trong)\s+(?:\S+\s+){0,2}$", re.I)
_RELATIVE_CLAUSE = re.compile(r"\smà\s+(?:\S+\s+){1,4}$")
_NEXT_VERB = re.compile(r"\svà\s+(?:\S+\s+){0,2}$")
_INVITED = re.compile(r"(?<!\w)mời(?!\w)", re.I)
# "cam kết của quốc gia", "sự ủng hộ của Nga": what is said named as a thing someone has, not said
# here ("nhận lời mời của X" is an act all the same).
_NOT_AN_ACT = re.compile(r"\s+của(?!\w)", re.I)
# "hai bên thảo luận …, trong đó nhấn mạnh …": what follows "trong đó" is the content of the act before.
_ELABORATION = re.compile(r"(?<!\w)trong đó\s*,?\s*$", re.I)
_DONE = re.compile(r"(?<!\w)(?:đã|vừa|từng)(?!\w)", re.I)
_UNNAMED_SOURCES = re.compile(r"(?<!\w)theo\s+(?:nhiều|một số|một|các)\s+nguồn tin(?!\s+(?:từ|của)\s)", re.I)
_FAILED = re.compile(r"(?<!\w)thất bại(?:\s+trong)?\s+(?:(?:cuộc|các)\s+)?$", re.I)
_PURPOSE = re.compile(r"(?<!\w)(?:để|nhằm)\s+(?:\S+\s+)?$", re.I)


def _verb_group(scope: _Scope, trigger: Span) -> int:
    """Where the trigger's verb phrase starts: its clause, a relative clause ("… mà hai bên đã ký kết")
    or a coordinated "… và [adverb] V2"."""
    text = scope.document.text
    start = scope.clause(trigger)
    # Each pattern needs its word, "mà" or "và": a clause without it needs no search.
    relative = _RELATIVE_CLAUSE.search(text, start, trigger.start) if text.find("mà", start, trigger.start) >= 0 else None
    if relative is not None:
        return relative.start()
    joined = _NEXT_VERB.search(text, start, trigger.start) if text.find("và", start, trigger.start) >= 0 else None
    if joined is None or _INVITED.search(text, start, joined.start()):
        return start  # "mời X thăm … và dự …": everything after the invitation is what X is invited to
    if any(word[:1].isupper() for word in joined.group().split()[1:]):
        return start  # "Hàn Quốc và Nhật Bản nhất trí": "và" joins names, not verbs
    return joined.start()


def _one_per_clause(scope: _Scope, events: list[Event], spoken: dict[int, int]) -> list[Event]:
    """One verbal event per clause: the most specific code, acted by the clause's main speaker.

    In "X mong muốn hai bên mở rộng hợp tác" the wish is X's, whatever the embedded
    clause says. An asserted meeting named after a verbal trigger of its clause is what
    was said or agreed ("nhất trí duy trì cơ chế đối thoại"), not a meeting; a planned
    one stays ("nhất trí sẽ gặp mặt").
    """
    best: dict[int, Event] = {}
    speaker: dict[int, Event] = {}  # clause start → its first verbal event
    kept: list[Event] = []
    dropped: list[Event] = []  # what the rule sets aside: candidates all the same, doubted
    for event in events:
        clause = scope.verb_group(event.trigger.span)
        rank = _verbal_rank(event.cameo)
        if rank is None:
            said = (clause in spoken and spoken[clause] < event.trigger.span.start
                    and not _PRESUPPOSED.search(scope.document.text, max(0, event.trigger.span.start - 32),
                                                event.trigger.span.start))
            if not (said and event.modality == "asserted"):
                kept.append(event)
            else:
                dropped.append(_doubted(event, "said_meeting"))
            continue
        speaker.setdefault(clause, event)
        if clause not in best or _outranks(event, best[clause], speaker[clause]):
            if clause in best:
                dropped.append(_doubted(best[clause], "outranked"))
            best[clause] = event
        else:
            dropped.append(_doubted(event, "outranked"))
    for clause, event in best.items():
        first = speaker[clause]
        if event is not first:
            target = tuple(t for t in event.target if t not in first.source) or first.target
            best[clause] = replace(event, source=first.source, target=target,
                                   actor_evidence=first.actor_evidence + event.actor_evidence)
    return sorted(kept + list(best.values()) + dropped, key=lambda e: e.trigger.span.start)


def _doubted(event: Event, reason: str) -> Event:
    return replace(event, doubts=event.doubts + (reason,))


def _outranks(event: Event, best: Event, first: Event) -> bool:
    """The more specific code ("cho biết hy vọng …" is a hope, 013, not a bare statement), except that a
    negation inside what is said ("nhất trí … không đe dọa sử dụng vũ lực") is the content of the
    agreement, not the act."""
    def key(candidate: Event) -> tuple[bool, int, bool]:
        generic = candidate.cameo == "010"  # "cho biết" says less than what it introduces
        return candidate.negated and candidate is not first, _verbal_rank(candidate.cameo), generic
    return key(event) < key(best)


def events_in_sentence(scope: _Scope) -> tuple[list[Event], list[Event]]:
    """(events asserted in the sentence, doubted candidates among them; nominal references such as
    "cuộc hội đàm" without actors)."""
    document, sentence = scope.document, scope.sentence
    found, references, doubted = [], [], []
    spoken: dict[int, int] = {}  # verb group → position of its first verbal trigger
    reports: list[tuple[Trigger, lexicon.TriggerPattern]] = []  # "cho biết", "cho hay"
    for start, end, pattern in lexicon.find_triggers(sentence.span.text):
        trigger = pattern.to_trigger(document.span(sentence.span.start + start, sentence.span.start + end))
        edges = (trigger.span.start, trigger.span.end - 1)
        if any(name.start <= edge < name.end for name in scope.names for edge in edges):
            continue  # "Thống nhất" in "đảng Nước Nga Thống nhất" is part of a name
        if is_reporting(trigger.span):
            reports.append((trigger, pattern))  # decided once the sentence's other events are known
            continue
        if _verbal_rank(trigger.cameo) is not None:
            owned = _NOT_AN_ACT.match(document.text, trigger.span.end) and not _INVITED.search(trigger.span.text)
            if owned or _ELABORATION.search(
                    document.text, max(0, trigger.span.start - 12), trigger.span.start):
                continue
            spoken.setdefault(scope.verb_group(trigger.span), trigger.span.start)
        if trigger.cameo[:2] in _FORCE_ROOTS:
            trigger, pattern = _allegation(scope, trigger) or (trigger, pattern)
        event = _event(scope, trigger, pattern)
        if event is not None and not event.doubts:
            found.append(event)
            continue
        if event is not None:
            doubted.append(event)
        # Without an event of its own, the trigger may name an occasion
        dated = is_nominal(document.text, trigger.span)
        if dated or names_occasion(document.text, trigger.span):
            # "Tại hội đàm, hai bên … ký kết tháng 1": a bare occasion's sentence dates what follows it
            references.append(Event(
                id="", trigger=trigger, source=(), target=(), evidence=(sentence.span,), sentence=sentence.index,
                date=event_time(scope.calendar, sentence, trigger.span) if dated else None,
                place=event_place(scope.places, sentence.span, trigger.span, pattern.voice, scope.any_stated_place)))
    found = _planned_together(scope, invited_deeds(scope, _with_statements_reported(scope, found, reports)))
    doubted += [event for event in found if event.doubts]
    found = _journeys(scope, _one_per_clause(scope, [event for event in found if not event.doubts], spoken))
    guesses = [guess for event in found + doubted if not event.target for guess in _guessed_targets(scope, event)]
    return sorted(found + doubted + guesses, key=lambda e: e.trigger.span.start), references


_GUESSES = 2  # the nearest actors on either side of a trigger that found no second party


def _guessed_targets(scope: _Scope, event: Event) -> list[Event]:
    """A trigger whose second party the rules did not find: the actors nearest to it in the sentence, each
    a doubted candidate for the decision layer to weigh ("Điện đàm với A trước đó, B cũng cam kết …")."""
    trigger = event.trigger.span
    own = {getattr(scope.document.entities.get(i), "country", None) for i in event.source}
    nearest = sorted((m for m in scope.cast.actors if m.entity_ids and not set(m.entity_ids) & set(event.source)
                      and not (m.type == COUNTRY and getattr(scope.document.entities.get(m.entity_ids[0]), "country",
                                                             None) in own)),
                     key=lambda m: abs(m.span.start - trigger.start))
    side = lambda m: "after" if m.span.start >= trigger.end else "before"
    return [replace(event, target=m.entity_ids, actor_evidence=event.actor_evidence + (m.span,),
                    doubts=event.doubts + ("guessed_target", f"guessed_{side(m)}"))
            for m in nearest[:_GUESSES]]


# "X cho rằng Y đã vi phạm thỏa thuận ngừng bắn": force reported as someone's view is an accusation.
_ALLEGED = re.compile(r"(?<!\w)(?:cho rằng|nói rằng|cáo buộc|tố cáo)(?!\w)", re.I)
_ACCUSATION = "cáo buộc"


def _allegation(scope: _Scope, trigger: Trigger) -> tuple[Trigger, lexicon.TriggerPattern] | None:
    """The accusation (its trigger and lexicon row) when the use of force is what a speaker alleges."""
    said = list(_ALLEGED.finditer(scope.document.text, scope.clause(trigger.span), trigger.span.start))
    if not said:
        return None
    alleged = said[-1]
    pattern = lexicon.load_lexicon().pattern(_ACCUSATION)
    return pattern.to_trigger(scope.document.span(alleged.start(), alleged.end())), pattern


def _journeys(scope: _Scope, events: list[Event]) -> list[Event]:
    """"thăm Nhật Bản và Hàn Quốc": one visit per country of the journey."""
    result = []
    for event in events:
        result.append(event)
        if event.trigger.voice == "visit" and event.place is not None and event.place.kind != "building":
            result += [replace(event, place=leg) for leg in further_destinations(scope.places, scope.sentence.span,
                                                                                 event.place)]
    return result


def _with_statements_reported(scope: _Scope, found: list[Event],
                              reports: list[tuple[Trigger, lexicon.TriggerPattern]]) -> list[Event]:
    """"X cho biết Y đã điện đàm với Z": a reporting verb followed by an event only attributes it; one
    followed by none ("X cho biết quan hệ hai nước phát triển tốt") is X's statement."""
    if not reports:
        return found
    events = list(found)
    for trigger, pattern in reversed(reports):
        if not any(e.trigger.span.start > trigger.span.start and not e.doubts for e in events):
            event = _event(scope, trigger, pattern)
            events += [event] if event is not None else []
    return sorted(events, key=lambda e: e.trigger.span.start)


def _planned_together(scope: _Scope, events: list[Event]) -> list[Event]:
    """"sẽ hội kiến X, gặp gỡ Y và thăm Z": what follows a planned meeting in its clause is planned too.

    "rời Nga đến Trung Quốc để thảo luận với Bắc Kinh": talks named as the purpose of a journey
    are what the visit is for, not a second event.
    """
    planned_from: dict[int, int] = {}
    travelled: set[int] = set()  # clauses with an asserted visit
    result = []
    for event in events:
        clause = scope.clause(event.trigger.span)
        if event.modality == ASSERTED and event.cameo.startswith("042"):
            travelled.add(clause)
        planned = event.modality == PLANNED and event.cameo.startswith(_CONSULT_ROOT)
        if planned and clause in travelled and _PURPOSE.search(
                scope.document.text, max(clause, event.trigger.span.start - 16), event.trigger.span.start):
            continue
        if planned:
            planned_from.setdefault(clause, event.trigger.span.start)
        elif (event.modality == ASSERTED and event.cameo.startswith(_CONSULT_ROOT)
              and planned_from.get(clause, event.trigger.span.start) < event.trigger.span.start):
            event = replace(event, modality=PLANNED, date=_own_date(event.date, PLANNED, event.cameo))
        result.append(event)
    return result


def _hosted(document: Document, events: list[Event]) -> list[Event]:
    """"X thăm Malaysia": a visit with no one named to receive it is received by the country it goes to
    (CAMEO's target of a visit is its host), unless that is the visitor's own country."""
    result = []
    for event in events:
        place = event.place
        if event.trigger.voice == "visit" and not event.target and event.source and place is not None \
                and place.country and place.country not in {
                    getattr(document.entities.get(i), "country", None) for i in event.source}:
            host = knowledge.load().country_entity(place.country)
            if host is not None:
                document.entities.setdefault(host.id, host)
                evidence = event.actor_evidence + ((place.evidence,) if place.evidence is not None else ())
                event = replace(event, target=(host.id,), actor_evidence=evidence)
        result.append(event)
    return result


def candidate_events(document: Document) -> list[Event]:
    """Every event the rules find in the article, merged within it: the candidates the decision layer weighs."""
    candidates: list[Event] = []
    references: list[Event] = []
    places, calendar = PlaceIndex(document), Calendar(document)
    previous: _Scope | None = None
    for sentence, mentions in zip(document.sentences, mentions_by_sentence(document)):
        scope = _Scope(document, sentence, mentions, places, calendar, previous)
        found, mentioned = events_in_sentence(scope)
        candidates += found
        references += mentioned
        previous = scope
    doubted = merge_within_article([event for event in candidates if event.doubts], document)
    events = merge_within_article([event for event in candidates if not event.doubts], document)
    for reference in references:
        events = attach_reference(events, reference)
        if reference.trigger.voice == "visit" and reference.place is not None:
            legs = further_destinations(places, reference.evidence[0], reference.place)
            events = further_legs(events, reference, legs)
    events = shared_places(document, agreed_at_meetings(document, events))
    events = _hosted(document, occasion_places(document, events, references))
    # a doubted candidate that restates an event already found adds nothing
    doubted = [d for d in doubted if not any(belongs(event, d, document) for event in events)]
    figures = political_figures(document)
    events = [event for event in events if is_political(event, document, figures)]
    doubted = [event for event in doubted if is_political(event, document, figures)]
    return events if not doubted else sorted(events + doubted, key=lambda e: (e.sentence, e.trigger.span.start))
