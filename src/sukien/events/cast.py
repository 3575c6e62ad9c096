"""Who may act in a sentence: its cast.

Every trigger of a sentence chooses its source and target among the same mentions,
so they are sorted out once: the linked ones that can take part in an event, less the
places ("tại Syria") and the countries that only qualify someone ("người đồng cấp Ấn
Độ Rajnath Singh"), with a capital standing for its government where no place is
expected; and the reporter ("KCNA đưa tin", "theo Bộ Ngoại giao"), who is attribution,
not an actor.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from itertools import pairwise

from sukien import kb as knowledge
from sukien.model import COUNTRY, LOCATION, PERSON, Document, Mention, Span
from sukien.normalize.case import lowered_window

# Words after which an actor is the reporter, and words after an actor that make it one.
_REPORTER_CUES = ("theo", "dẫn lời", "trích dẫn", "nguồn tin từ")
_REPORTER_BEFORE = re.compile("(?:" + "|".join(_REPORTER_CUES) + r")\s*$", re.I)
_REPORTER_REACH = 40  # how far back _after_reporter_cue looks first; the longest cue is far shorter
_LONGEST_REPORTER_CUE = max(map(len, _REPORTER_CUES))
# A word of each cue, of letters that lower() folds as re.I does: most windows hold none and need no search.
_REPORTER_WORDS = ("theo", "dẫn", "nguồn")
# No "^": it is matched with Pattern.match from the mention's end, which anchors it there.
_REPORTER_AFTER = re.compile(r"\s*(?:đưa tin|dẫn lời|dẫn nguồn|loan tin|đăng tải|trích lời|dẫn phát biểu)", re.I)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Cast:
    """A sentence's possible actors and its reporter: the same for every trigger of the sentence."""

    actors: list[Mention]
    reporter: Mention | None


def mentions_by_sentence(document: Document) -> list[list[Mention]]:
    """Each sentence's mentions in document order, found in one pass rather than one scan per trigger."""
    spans = [sentence.span for sentence in document.sentences]
    if any(a.end > b.start for a, b in pairwise(spans)):  # unsorted or overlapping: no shortcut
        return [[m for m in document.mentions if span.contains(m.span)] for span in spans]
    starts = [span.start for span in spans]
    found: list[list[Mention]] = [[] for _ in spans]
    for mention in document.mentions:
        index = bisect_right(starts, mention.span.start) - 1
        if index >= 0 and spans[index].contains(mention.span):
            found[index].append(mention)
    return found


def cast_of(document: Document, sentence: Span, mentions: list[Mention]) -> Cast:
    """The actors among a sentence's mentions, and the first of them that is the reporter."""
    actors = actors_in(document, mentions)
    return Cast(actors, next((m for m in actors if is_reporter(document, m, sentence)), None))


def is_reporter(document: Document, mention: Mention, sentence: Span) -> bool:
    """A news agency, or any actor introduced by "theo"/followed by "đưa tin" (``sentence``: the
    mention's)."""
    text = document.text
    # The cheap type test first; the patterns search in place, without copying the text around.
    if mention.type != "PERSON" and _after_reporter_cue(text, sentence.start, mention.span.start):
        return True
    if mention.type == "ORG" and _REPORTER_AFTER.match(text, mention.span.end, sentence.end):
        return True
    kb = knowledge.load()
    return any(getattr(kb.entities.get(i), "kind", None) == "news_agency" for i in mention.entity_ids)


def _after_reporter_cue(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends with a cue of _REPORTER_BEFORE, searching the last few words only."""
    window = max(start, end - _REPORTER_REACH)
    lowered = lowered_window(text, window, end)
    if any(word in lowered for word in _REPORTER_WORDS) and _REPORTER_BEFORE.search(text, window, end):
        return True
    # A cue that began before the window would leave only spaces after it: the rare case worth a full search.
    return window > start and bool(_SPACES.fullmatch(text, window + _LONGEST_REPORTER_CUE, end)) and bool(
        _REPORTER_BEFORE.search(text, start, end))


def actors_in(document: Document, mentions: list[Mention]) -> list[Mention]:
    """The sentence's mentions (``mentions``) that can take part in an event: linked, not a place, not nested.

    A capital named where no place is expected stands for its government ("Bắc Kinh phản
    đối …", "Moskva từ chối …") and acts as its country.
    """
    actors = []
    located_until = -1  # end of the last country named as a place ("tại Syria, Yemen và Iraq")
    for index, mention in enumerate(mentions):
        if not mention.entity_ids or mention.origin in ("qualifier", "nested"):
            continue
        if _counterparts_country(document, mention, mentions[index + 1:index + 2]):
            continue
        if mention.type == COUNTRY and (
                _AT_PLACE.search(document.text, max(0, mention.span.start - 8), mention.span.start)
                or (located_until >= 0 and _LIST_JOIN.fullmatch(document.text, located_until, mention.span.start))):
            located_until = mention.span.end  # a place, not a party
            continue
        located_until = -1
        if mention.type == LOCATION:
            mention = _government_of_capital(document, mention)
            if mention is None:
                continue
        actors.append(mention)
    return actors


_AT_PLACE = re.compile(r"(?<!\w)(?:tại|ở)\s+$", re.I)
_LIST_JOIN = re.compile(r"\s*(?:,|và)\s*")
# "và người đồng cấp Ấn Độ Rajnath Singh": the country only says whose counterpart the person is.
_COUNTERPART_BEFORE = re.compile(r"(?<!\w)đồng\s+(?:cấp|nhiệm)\s+$", re.I)


def _counterparts_country(document: Document, mention: Mention, following: list[Mention]) -> bool:
    return (mention.type == COUNTRY and bool(following) and following[0].type == PERSON
            and not document.text[mention.span.end:following[0].span.start].strip()
            and bool(_COUNTERPART_BEFORE.search(document.text, max(0, mention.span.start - 16), mention.span.start)))


_LOCATIVE = re.compile(r"(?:tại|ở|đến|tới|sang|từ|thăm|về|rời|khỏi|trong|ngoài|quanh|gần)\s+$", re.I)


def _government_of_capital(document: Document, mention: Mention) -> Mention | None:
    entity = document.entities.get(mention.entity_ids[0])
    if entity is None or entity.kind != "capital" or not entity.country:
        return None
    if _LOCATIVE.search(document.text, max(0, mention.span.start - 8), mention.span.start):
        return None
    country = knowledge.load().country_by_iso.get(entity.country)
    if country is None:
        return None
    document.entities.setdefault(country, knowledge.load().entities[country])
    return replace(mention, type="COUNTRY", entity_ids=(country,), origin="capital")
