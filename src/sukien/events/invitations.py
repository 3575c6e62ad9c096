"""Invitations to visit: the invitation is one event, the visit it names another, planned.

"Chủ tịch nước X mời Tổng thống Y thăm Việt Nam và dự Hội nghị APEC" reports X's
invitation (CAMEO 036) and, as the press counts it, Y's visit yet to come: a visit by
Y to Việt Nam with modality "planned", dated only by a date stated after it. What else
Y is invited to in that clause ("và dự Hội nghị APEC") is part of the trip, not an
event of its own, and the clause's subject, the inviter, never stands as its actor.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from sukien.events import lexicon
from sukien.model import PLANNED, Event
from sukien.resolve.places import event_place
from sukien.resolve.times import event_time

if TYPE_CHECKING:  # the sentence's scope is built by the events stage, which calls this module
    from sukien.events.candidates import _Scope

INTENT_TO_MEET = "036"  # invitations, and readiness to meet
_CONSULT_ROOT = "04"
# "mời Tổng thống X sang thăm": an invitation whose trigger names the visit it invites to.
_VISIT_WORD = "thăm"
_INVITES_TO_VISIT = re.compile(r"mời\s.*\s" + _VISIT_WORD + "$", re.I | re.S)


def invited_deeds(scope: _Scope, events: list[Event]) -> list[Event]:
    """The sentence's events with each invitation's visit beside it, and without the meetings that
    are only what the guest is invited to."""
    result: list[Event] = []
    invited_in: dict[int, int] = {}  # clause → where its invitation starts
    for event in events:
        clause = scope.clause(event.trigger.span)
        invited_from = invited_in.get(clause, event.trigger.span.end)
        if event.cameo.startswith(_CONSULT_ROOT) and invited_from < event.trigger.span.start:
            continue
        result.append(event)
        if event.cameo == INTENT_TO_MEET and event.target and _INVITES_TO_VISIT.match(event.trigger.span.text):
            invited_in[clause] = event.trigger.span.start
            visit = _invited_visit(scope, event)
            result += [visit] if visit is not None else []
    return result


def _invited_visit(scope: _Scope, invitation: Event) -> Event | None:
    """The visit an invitation names, by the one invited, dated only by a date after it ("mời X thăm
    Nhật Bản vào năm tới"): the sentence's other dates are the invitation's."""
    document, sentence = scope.document, scope.sentence
    start = invitation.trigger.span.end - len(_VISIT_WORD)  # the invitation's trigger ends with the visit's word
    matches = lexicon.find_triggers(document.text[start:sentence.span.end])
    if not matches or matches[0][0] != 0 or matches[0][2].voice != "visit":
        return None
    _, end, pattern = matches[0]
    trigger = pattern.to_trigger(document.span(start, start + end))
    place = event_place(scope.places, sentence.span, trigger.span, pattern.voice, scope.stated_place)
    time = event_time(scope.calendar, sentence, trigger.span, pattern.cameo, planned=True)
    stated = time is not None and time.evidence is not None and time.evidence.start >= trigger.span.end
    return replace(invitation, trigger=trigger, source=invitation.target, target=(), place=place,
                   date=time if stated else None, modality=PLANNED,
                   actor_evidence=invitation.actor_evidence[1:] or invitation.actor_evidence)
