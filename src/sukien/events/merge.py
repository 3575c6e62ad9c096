"""One real-world event, one record: merging the mentions of an event within an article.

An article names its main event in the headline sentence, again in the lead
("Trong cuộc hội đàm tại …") and in a caption; a speaker's statement runs over
several sentences. Candidates are merged when they share the CAMEO code and the
same participants (order ignored for symmetric triggers) and their dates agree;
statements (CAMEO 01, 05) by the same speaker in nearby sentences merge too, a
"meeting" (040) of two who held talks or an audience that day is those talks (046)
or that audience (043), and an opening "Phát biểu tại …," is what its speaker says.
Evidence, date and place are pooled: the earliest stated value wins.
"""
from __future__ import annotations

import re
from dataclasses import replace

from sukien import kb as knowledge
from sukien.model import PERSON, PLANNED, Event, Place, Span
from sukien.normalize.case import lowered_window
from sukien.normalize.words import content_words, share_alike

_STATEMENT_ROOTS = ("01", "05")
_MEETING, _RECEPTION, _TALKS = "040", "043", "046"
_STATEMENT = "010"  # a bare statement: "phát biểu", "tuyên bố"
_SIGNING = "057"
_STATEMENT_WINDOW = 1  # sentences
# Verbal acts: each sentence that reports one reports a separate point said, agreed or alleged.
_SEPARATE_ROOTS = ("01", "02", "03", "05", "10", "11", "12", "13")


def _same_people(a: Event, b: Event) -> bool:
    if a.trigger.voice == "symmetric" or b.trigger.voice == "symmetric":
        return set(a.source + a.target) == set(b.source + b.target)
    return a.source == b.source and a.target == b.target


def _dates_agree(a: Event, b: Event) -> bool:
    if a.date is None or b.date is None or a.date.start is None or b.date.start is None:
        return True
    if a.date.relation == "inferred" or b.date.relation == "inferred":
        return True
    return a.date.start <= (b.date.end or b.date.start) and b.date.start <= (a.date.end or a.date.start)


def _historical(event: Event) -> bool:
    return event.date is not None and event.date.relation == "historical"


def _addressed_alike(document, a: Event, b: Event) -> bool:
    """The same addressee, or a person and that person's country ("Macron", then "Pháp")."""
    if not a.target or not b.target or a.target == b.target:
        return True
    if document is None:
        return False
    countries = {getattr(document.entities.get(i), "country", None) for i in a.target}
    return ((_all_countries(document, a.target) or _all_countries(document, b.target)) and None not in countries
            and countries == {getattr(document.entities.get(i), "country", None) for i in b.target})


def _statements_join(a: Event, b: Event, document=None) -> bool:
    # One speaker in nearby sentences first: most pairs of an article's candidates are not.
    if a.source != b.source or abs(a.sentence - b.sentence) > _STATEMENT_WINDOW:
        return False
    if _SIGNING in (a.cameo, b.cameo):
        return False  # a signing is a deed with its document, not one more thing said
    return a.cameo[:2] in _STATEMENT_ROOTS and b.cameo[:2] in _STATEMENT_ROOTS and _addressed_alike(document, a, b)


def _sides(document, event: Event) -> frozenset[str]:
    """The parties as countries (an organization without one stands for itself)."""
    return _countries_of(document, event.source + event.target)


def _countries_of(document, ids: tuple[str, ...]) -> frozenset[str]:
    sides = set()
    for entity_id in ids:
        entity = document.entities.get(entity_id) if document is not None else None
        sides.add(entity.country if entity is not None and entity.country else entity_id)
    return frozenset(sides)


def _same_sides(document, a: Event, b: Event) -> bool:
    """"hai bên đã thảo luận" and "X hội đàm với Y" name the same two parties."""
    if document is None or a.cameo[:2] in _SEPARATE_ROOTS:
        return False
    sides = _sides(document, a)
    if a.cameo == "042":  # one visiting side, one destination
        return sides == _sides(document, b) and _destination(a) == _destination(b) is not None
    if _all_people(document, a) and _all_people(document, b) and set(a.source + a.target) != set(b.source + b.target):
        return False  # two receptions of one guest by two hosts of one country are two events
    return len(sides) == 2 and sides == _sides(document, b)


def _all_people(document, event: Event) -> bool:
    return all(getattr(document.entities.get(i), "type", None) == PERSON for i in event.source + event.target)


def _destination(event: Event) -> str | None:
    return event.place.country if event.place is not None else None


def _opening_speech(event: Event) -> bool:
    """"Phát biểu tại buổi lễ, X …": a bare statement named before its speaker frames what the speaker says."""
    return event.cameo == _STATEMENT and all(span.start >= event.trigger.span.end for span in event.actor_evidence)


def belongs(a: Event, b: Event, document=None) -> bool:
    """Same event: one statement over nearby sentences, or one meeting, visit or act named twice.

    Verbal acts other than statements (agreements, appeals, accusations) are never
    merged: each sentence that reports one states a separate point.
    """
    if a.modality != b.modality or a.negated != b.negated:
        return False
    # Every pair of an article's candidates comes here: the codes and whether the two share a sentence
    # are read once, not by each test below.
    code_a, code_b = a.trigger.cameo, b.trigger.cameo
    root_a, root_b = code_a[:2], code_b[:2]
    shared = not set(a.evidence).isdisjoint(b.evidence)
    if not _comparable(a, b, root_a, root_b, shared):
        return False
    if a.trigger.voice == b.trigger.voice == "visit" and None not in (_destination(a), _destination(b)) \
            and _destination(a) != _destination(b):
        return False  # "rời Nga đến Trung Quốc": each country of a journey is a visit of its own
    if _statements_join(a, b, document):
        return True
    if shared and root_a == root_b and _same_people(a, b) \
            and not (code_a != code_b and {code_a, code_b} <= set(_MEETINGS)):
        return True  # "nhất trí tiếp tục hợp tác": two triggers of one act ("đón và hội đàm" are two events)
    if shared and a.source == b.source and (_opening_speech(a) or _opening_speech(b)) \
            and root_a in _SEPARATE_ROOTS and root_b in _SEPARATE_ROOTS:
        return True  # "Phát biểu tại buổi lễ, X cho biết … sẵn sàng …": the speech is what it says
    if _invitation(a) and _invitation(b) and _same_people(a, b):
        return True  # "NATO mời Montenegro gia nhập" in the headline and again in the lead
    if code_a == code_b == _SIGNING and _same_people(a, b) and _dates_agree(a, b) \
            and _signed(document, a) == _signed(document, b) is not None:
        return True  # "ký kết Thỏa thuận hợp tác đào tạo" named twice: one document, one signing
    if _restated_headline(document, a, b):
        return True  # "Mỹ cảnh báo Iran" as the headline, and the body's sentence that says it in full
    if root_a in _SEPARATE_ROOTS:
        return False
    if {code_a, code_b} in ({_MEETING, _TALKS}, {_MEETING, _RECEPTION}):
        # "cuộc gặp" of the two who held talks that day names the talks; "Y hội kiến X" and "X tiếp Y"
        # the same day are one audience. A reception followed by talks stays two events.
        return set(a.source + a.target) == set(b.source + b.target) and _dates_agree(a, b)
    if code_a != code_b:
        return False
    return (_same_people(a, b) or _same_sides(document, a, b)) and _dates_agree(a, b)


def _comparable(a: Event, b: Event, root_a: str, root_b: str, shared: bool) -> bool:
    """What every way of being one event below needs: one kind of act (a code root; statements and
    praise alike), or a sentence in common (``shared``), or two invitations. Most pairs of an article's
    candidates fail it, and it is cheap: asked first, it spares them the tests below."""
    return (root_a == root_b or (root_a in _STATEMENT_ROOTS and root_b in _STATEMENT_ROOTS)
            or shared or (_invitation(a) and _invitation(b)))


_HEADLINE_OVERLAP = 0.4  # words the headline and the body's sentence share, of the shorter's (as fusion's)


def _restated_headline(document, a: Event, b: Event) -> bool:
    """A headline sums up the body: one thing said, agreed or signed, in the headline line and in a body
    sentence, by the same parties and in much the same words, is one event (two things said on one
    occasion share only the occasion's words)."""
    if (a.sentence == 0) == (b.sentence == 0):  # asked first: few pairs hold the headline's sentence
        return False
    if document is None or a.cameo[:2] != b.cameo[:2] or a.cameo[:2] not in _SEPARATE_ROOTS \
            or not _has_headline(document):
        return False
    if not ((_same_people(a, b) or _same_countries(document, a, b)) and _dates_agree(a, b)):
        return False
    said = [content_words(" ".join(span.text for span in event.evidence)) for event in (a, b)]
    return share_alike(*said) >= _HEADLINE_OVERLAP


def _same_countries(document, a: Event, b: Event) -> bool:
    """"Mỹ cảnh báo Iran" above "Ngoại trưởng Mỹ … cảnh báo Iran": each side the same countries."""
    return bool(a.source and b.source) and _countries_of(document, a.source) == _countries_of(document, b.source) \
        and _countries_of(document, a.target) == _countries_of(document, b.target)


def _has_headline(document) -> bool:
    """The text opens with a line of its own, one sentence long: the headline."""
    if not document.sentences:
        return False
    end = document.sentences[0].span.end
    return document.text[end:end + 8].lstrip(" \t").startswith(("\n", "\r"))


_OBJECT_WORDS = 4  # enough of a document's name to tell it from another ("Thỏa thuận hợp tác đào tạo")


def _signed(document, event: Event) -> tuple[str, ...] | None:
    """The first words of what was signed, as the text names it right after the trigger."""
    if document is None:
        return None
    words = lowered_window(document.text, event.trigger.span.end, event.trigger.span.end + 80).split()[:_OBJECT_WORDS]
    return tuple(words) if len(words) == _OBJECT_WORDS else None


def _invitation(event: Event) -> bool:
    return event.trigger.label_en.startswith("invite")


def _stated_first(first, second):
    if first is None:
        return second
    if getattr(first, "relation", None) and second is not None and getattr(second, "relation", None) is None:
        return second
    return first


def pool(kept: Event, other: Event) -> Event:
    evidence = tuple(sorted(set(kept.evidence + other.evidence), key=lambda s: s.start))
    # Praise (05) says more than a bare statement (01), talks (046) or a reception (043) more than a
    # meeting (040): the pooled event takes the stronger code, and its roles.
    stronger = (kept.cameo.startswith("01") and other.cameo.startswith("05")) or (
        kept.cameo == _MEETING and other.cameo in (_TALKS, _RECEPTION)) or (
        kept.cameo == _STATEMENT and other.cameo != _STATEMENT and other.cameo[:2] in _SEPARATE_ROOTS)
    trigger, source = (other.trigger, other.source) if stronger else (kept.trigger, kept.source)
    target = (other.target or kept.target) if stronger else (kept.target or other.target)
    return replace(
        kept, trigger=trigger, source=source, evidence=evidence, target=target,
        date=_stated_first(kept.date, other.date), place=kept.place or other.place,
        occasion=kept.occasion or other.occasion, topics=kept.topics + tuple(
            t for t in other.topics if t not in kept.topics),
        actor_evidence=tuple(dict.fromkeys(kept.actor_evidence + other.actor_evidence)),
        confidence=max(kept.confidence, other.confidence),
    )


def _all_countries(document, ids: tuple[str, ...]) -> bool:
    """Every party is a country ("Ấn Độ đàm phán với Nga"): a headline's shorthand."""
    return bool(ids) and all(getattr(document.entities.get(i), "type", None) == "COUNTRY" for i in ids)


def _people_first(document, kept: Event, other: Event) -> Event:
    """A headline names countries where the lead names their leaders: the leaders are the actors."""
    if document is None or not _all_countries(document, kept.source + kept.target) \
            or _all_countries(document, other.source + other.target):
        return kept
    return replace(kept, source=other.source, target=other.target)


def merge_within_article(candidates: list[Event], document=None) -> list[Event]:
    merged: list[Event] = []
    for event in candidates:
        for index, kept in enumerate(merged):
            if belongs(kept, event, document):
                merged[index] = pool(_people_first(document, kept, event), event)
                break
        else:
            merged.append(event)
    return merged


def attach_reference(events: list[Event], reference: Event) -> list[Event]:
    """"Trong cuộc hội đàm tại …": add the sentence's evidence, place and date to the event it names."""
    for index, event in enumerate(events):
        # A bare "chuyến thăm" is the visit reported, not one announced ("mời X thăm …")
        if (event.cameo == reference.cameo and event.sentence != reference.sentence
                and event.modality == reference.modality
                and _dates_agree(event, reference) and not _historical(event)):
            pooled = pool(event, replace(reference, topics=(), occasion=None))
            if reference.place is not None and (event.place is None or event.place.kind == "country"):
                pooled = replace(pooled, place=reference.place)
            events[index] = pooled
            break
    return events


def further_legs(events: list[Event], reference: Event, legs: list[Place]) -> list[Event]:
    """"chuyến công du Nga và Trung Quốc", named once the visit to Russia is known: the journey's
    other countries are visits of their own by the same traveller."""
    visit = next((e for e in events if e.cameo == reference.cameo and reference.evidence[0] in e.evidence), None)
    if not legs or visit is None or visit.place is None or visit.place.country != reference.place.country:
        return events
    visited = {(e.source, e.place.country) for e in events if e.cameo == visit.cameo and e.place is not None}
    # The leg's date is one stated in its own sentence, if any: the first country's dates are not the journey's.
    stated = reference.date if reference.date is not None and reference.date.relation != "inferred" else None
    return events + [replace(visit, trigger=reference.trigger, evidence=reference.evidence, place=leg,
                             date=stated, occasion=None, topics=())
                     for leg in legs if (visit.source, leg.country) not in visited]


_MEETINGS = ("040", "041", "043", "044", "045", "046")


def _countries(document, event: Event) -> set[str | None]:
    return {document.entities[i].country for i in event.source + event.target if i in document.entities}


def agreed_at_meetings(document, events: list[Event]) -> list[Event]:
    """A meeting's topics include the fields its participants agreed or proposed on the same day."""
    result = []
    for event in events:
        if event.cameo.startswith(_MEETINGS) and event.date is not None:
            sides = _countries(document, event)
            extra = tuple(t for other in events if other.cameo.startswith(("03", "05"))
                          and other.date is not None and other.date.start == event.date.start
                          and _countries(document, other) & sides for t in other.topics)
            event = replace(event, topics=tuple(dict.fromkeys(event.topics + extra)))
        result.append(event)
    return result


def _overlap(a: Event, b: Event) -> bool:
    if a.date is None or b.date is None or a.date.start is None or b.date.start is None:
        return False
    return a.date.start <= (b.date.end or b.date.start) and b.date.start <= (a.date.end or a.date.start)


# "hội kiến X, sau đó thăm tỉnh Tây Ninh": what comes after "sau đó" is a later act, elsewhere.
THEN = re.compile(r"(?<!\w)(?:sau đó|tiếp đó|tiếp theo)(?!\w)", re.I)


def _then(document, event: Event, later: Event) -> bool:
    return event.sentence == later.sentence and bool(
        THEN.search(document.text, event.trigger.span.end, later.trigger.span.start))


def _country_place(place: Place) -> Place | None:
    """A visit takes place in a country or city: a venue's country stands for it."""
    if place.kind in ("city", "capital", "country"):
        return place
    country = knowledge.load().country_entity(place.country) if place.country else None
    if country is None:
        return None
    return Place(country.name, country.name_vi or country.name, place.country, "country", place.evidence, country.id)


def _said_at(event: Event, meeting: Event) -> bool:
    """What the two parties of a meeting said or agreed between themselves on its day was said there."""
    return (meeting.cameo.startswith(_MEETINGS) and meeting.place is not None and meeting.date is not None
            and event.date is not None and event.date.start == meeting.date.start
            and set(event.source + event.target) == set(meeting.source + meeting.target))


def shared_places(document, events: list[Event]) -> list[Event]:
    """A meeting during a visit happens at the visit's destination, and a visit goes where its meetings are;
    what its parties agreed or said to each other that day, at the meeting."""
    result = []
    for event in events:
        if event.place is None and event.cameo[:2] in ("01", "02", "03", "05"):
            meeting = next((m for m in events if _said_at(event, m)), None)
            if meeting is not None:
                event = replace(event, place=meeting.place)
        # A plan has only the place its own words give it, and lends none to what was done
        if event.place is None and event.cameo.startswith("04") and event.modality != PLANNED:
            people = set(event.source + event.target)
            for other in events:
                if other is not event and other.place is not None and other.modality != PLANNED \
                        and _overlap(event, other) and not _then(document, event, other) \
                        and people & set(other.source + other.target) and other.cameo.startswith("04"):
                    if event.cameo == "042":
                        place = _country_place(other.place)
                    elif other.cameo == "042" or other.source == event.source \
                            or people == set(other.source + other.target):
                        place = other.place
                    else:
                        continue  # another host's venue is not this meeting's
                    if place is not None:
                        event = replace(event, place=place)
                        break
        result.append(event)
    return result


_OCCASION_OPENING = re.compile(r"(?:trong|tại|sau|nhân|kết thúc|bên lề)\s+(?:(?:cuộc|chuyến|buổi)\s+)?$", re.I)
# Part of each opening word, of letters that lower() folds as re.I does ("au": re.I also reads "ſ" as "s").
_OPENING_WORDS = ("trong", "tại", "au", "nhân", "kết thúc", "bên lề")


def names_occasion(text: str, trigger: Span) -> bool:
    """"Tại hội đàm, …", "Kết thúc chuyến thăm, …": the trigger names the occasion of what follows."""
    window = max(0, trigger.start - 24)
    lowered = lowered_window(text, window, trigger.start)  # most windows hold no opening word and need no search
    return any(word in lowered for word in _OPENING_WORDS) and bool(
        _OCCASION_OPENING.search(text, window, trigger.start))


def _occasion_place(occasion: Event, events: list[Event]) -> Place | None:
    """Where a meeting or visit named as a sentence's occasion took place: its own place, else that of
    the article's event it names."""
    if occasion.place is not None:
        return _country_place(occasion.place) if occasion.cameo == "042" else occasion.place
    named = [e for e in events if e.cameo == occasion.cameo and e.place is not None and _dates_agree(e, occasion)]
    return named[0].place if len(named) == 1 else None


def occasion_places(document, events: list[Event], references: list[Event]) -> list[Event]:
    """"Trong chuyến công du Ấn Độ …, hai bên đã ký kết …", "Tại hội đàm, hai bên nhất trí …": what is
    done on an occasion is done where the occasion is."""
    text = document.text
    occasions = [o for o in events + references if o.cameo.startswith("04")
                 and names_occasion(text, o.trigger.span)]
    result = []
    for event in events:
        if event.place is None:
            for occasion in occasions:
                if occasion is not event and occasion.evidence[0] in event.evidence \
                        and occasion.trigger.span.end <= event.trigger.span.start:
                    place = _occasion_place(occasion, events)
                    if place is not None:
                        event = replace(event, place=place)
                        break
        result.append(event)
    return result

