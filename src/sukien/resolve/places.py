"""The place of one event: what its sentence says it happened at, or a visit's destination.

"tại Bình Nhưỡng", "ở Hà Nội", "tại trụ sở Trung ương Đảng …" name where an event
happened; a country merely mentioned does not. A visit happens in the country or
city it goes to ("thăm Lào", "đến Bình Nhưỡng thăm"). A country given as a place
stays a country: no centroid poses as a point.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import islice

from sukien.model import COUNTRY, LOCATION, ORGANIZATION, Document, Mention, Place, Span

# "tại" or "ở" as a word of its own, in any case; the empty group marks where the word ends. Each
# letter is written with its capital (and "i" with the "İ" and "ı" that re.I also takes for it),
# not with re.I: a search that opens with a plain class of letters skips straight to them.
_AT = re.compile(r"[tTởỞ](?<!\w.)(?:(?<=[tT])[ạẠ][iIİı]|(?<=[ởỞ]))(?P<word>)\s+")
_BUILDING = re.compile(
    r"(?:trụ sở|Phủ Chủ tịch|Nhà Quốc hội|Điện Kremlin|Nhà Trắng|Trụ sở|Dinh|Cung|Nhà khách|Văn phòng)"
    r"(?:(?!\s(?:sáng|chiều|tối|trưa|ngày|hôm|vào|lúc|nhằm|để)\b)[^,.;:()\n]){0,80}", re.I)
_OFFICE = re.compile(r"(?:trụ sở|Trụ sở)\s+(?:Bộ|Văn phòng|Trung ương|Quốc hội|Chính phủ|Ủy ban|Ban)\b")
_UNIT = re.compile(r"(?:tỉnh|thành phố|thủ đô|thị xã|huyện|quận|bang|đảo)\s+", re.I)
_VISIT_TO = re.compile(r"(?<!\w)(?:đến|tới|sang|thăm)\s+", re.I)


class PlaceIndex:
    """The article's linked country and place mentions by where they start, and its "tại/ở".

    Every "tại X", "thăm X" of every trigger asks what starts right there: one
    dictionary look-up instead of a scan of all the mentions. The "tại/ở" of the whole
    text are found once, not once per sentence that looks for a stated place.
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self._starting: dict[int, list[Mention]] = {}
        for mention in document.mentions:
            if mention.entity_ids and mention.type in (COUNTRY, LOCATION):
                self._starting.setdefault(mention.span.start, []).append(mention)
        # (start, end of the word, end of the spaces after it) of every "tại/ở"
        self._at = [(m.start(), m.start("word"), m.end()) for m in _AT.finditer(document.text)]
        self._at_starts = [start for start, _, _ in self._at]

    def after_at(self, start: int, end: int) -> list[tuple[int, int]]:
        """(where the word starts, where the text goes on after it) for each "tại/ở " in [start, end):
        what ``_AT.finditer(text, start, end)`` would find. No match holds another's start, and one
        that runs past ``end`` (its spaces cut short there) is kept if its word and a space fit
        before ``end``."""
        found = []
        for at, word_end, spaces_end in islice(self._at, bisect_left(self._at_starts, start), None):
            if word_end >= end:
                break
            found.append((at, min(spaces_end, end)))
        return found

    def mention_at(self, position: int, sentence: Span) -> Mention | None:
        """The first such mention that starts at ``position``, or right after the word for an administrative
        unit there ("tại tỉnh Lai Châu"), and ends inside the sentence."""
        starting = self._starting.get(position)
        if starting is None:
            unit = _UNIT.match(self.document.text, position, sentence.end)
            starting = self._starting.get(unit.end(), ()) if unit else ()
        return next((m for m in starting if m.span.end <= sentence.end), None)


def _place(document: Document, mention: Mention) -> Place:
    entity = document.entities[mention.entity_ids[0]]
    kind = "country" if entity.type == COUNTRY else (entity.kind or "city")
    return Place(entity.name, entity.name_vi or entity.name, entity.country, kind, mention.span, entity.id)


def _building(document: Document, start: int, end: int) -> Place:
    span = document.span(start, end)
    inside = [m for m in document.mentions if span.contains(m.span) and m.entity_ids
              and m.type in (COUNTRY, ORGANIZATION, LOCATION)]
    country = None
    for mention in inside:
        entity = document.entities[mention.entity_ids[0]]
        country = country or entity.country
    if country is None and _OFFICE.match(span.text):
        country = "VNM"  # Vietnamese news names its own ministries without a country ("trụ sở Bộ Quốc phòng")
    return Place(span.text, span.text, country, "building", span, None, _city_in(document, country))


def _city_in(document: Document, country: str | None) -> str | None:
    """The one city of that country the article names, if it names exactly one."""
    places = [document.entities.get(m.entity_ids[0]) for m in document.mentions
              if m.type == LOCATION and m.entity_ids]
    cities = {p.name for p in places if p is not None and p.country == country and p.kind in ("city", "capital")}
    return cities.pop() if len(cities) == 1 else None


# "xung đột tại Ukraine", "các hoạt động của nước này ở Biển Đông", "cộng đồng người Việt tại Lào": a
# place that situates a thing named just before it, not the event being reported.
_SITUATED = re.compile(
    r"(?<!\w)(?:xung đột|chiến sự|giao tranh|tình hình|hoạt động|hành động|hành vi|tấn công|vụ nổ|lãnh sự quán|"
    r"đại sứ quán|quy tắc ứng xử|"
    r"căng thẳng|khủng hoảng|chiến tranh|cuộc chiến|cộng đồng|người dân|đồng bào|kiều bào|căn cứ|binh sĩ|"
    r"lực lượng|hòa bình|an ninh|ổn định)(?:\s+[^\s,;:()]+){0,3}\s+$", re.I)


def stated_place(places: PlaceIndex, sentence: Span, clause: int | None = None) -> Place | None:
    """The place "tại/ở X" names in the clause (an opening "Theo phóng viên tại Brussels," is the reporter's)."""
    document = places.document
    for at, after in places.after_at(clause or sentence.start, sentence.end):
        mention = places.mention_at(after, sentence)
        if mention is not None:
            if _SITUATED.search(document.text, max(clause or sentence.start, at - 48), at):
                continue
            return _place(document, mention)
        building = _BUILDING.match(document.text, after, sentence.end)
        if building:
            return _building(document, building.start(), building.end())
    return None


def destination(places: PlaceIndex, sentence: Span, trigger: Span) -> Place | None:
    """The country or city right after the trigger or after "thăm/đến/sang" near it."""
    right_after = places.mention_at(trigger.end + 1, sentence)
    if right_after is not None:
        return _place(places.document, right_after)
    window_start = max(sentence.start, trigger.start - 40)
    for match in _VISIT_TO.finditer(places.document.text, window_start, min(sentence.end, trigger.end + 60)):
        mention = places.mention_at(match.end(), sentence)
        if mention is not None:
            return _place(places.document, mention)
    return None


_NEXT_LEG = re.compile(r"\s*(?:,|và)\s*(?:(?:sau đó|rồi|tiếp đó)\s+(?:là\s+|đến\s+|sang\s+)?)?", re.I)


# What may follow a destination: punctuation, another leg, the journey's time and purpose, or the rest of
# a journey named as a thing ("chuyến công du Nga và Trung Quốc của ông lần này").
_LEG_END = re.compile(r"\s*(?:[,.;:()]|$|(?:và|từ|trong|vào|nhân|theo|để|nhằm|ngày|hôm|tuần|tháng|năm|sáng|chiều|"
                      r"tối|cuối|đầu|tới|sau đó|rồi|của|lần|kéo dài|diễn ra)(?!\w))", re.I)


def further_destinations(places: PlaceIndex, sentence: Span, first: Place) -> list[Place]:
    """"thăm Nhật Bản và Hàn Quốc", "đến Moskva và sau đó là Bắc Kinh": the other countries of one journey."""
    legs: list[Place] = []
    seen = {first.country}
    end = first.evidence.end if first.evidence is not None else None
    while end is not None and (joint := _NEXT_LEG.match(places.document.text, end, sentence.end)) and joint.group():
        mention = places.mention_at(joint.end(), sentence)
        if mention is None:
            break
        if not _LEG_END.match(places.document.text, mention.span.end):
            break  # "thăm Việt Nam và Trung Quốc đã phản đối": a new clause's subject, not a destination
        place = _place(places.document, mention)
        if place.country not in seen and place.country is not None:
            legs.append(place)
            seen.add(place.country)
        end = mention.span.end
    return legs


# "gặp nhau nhân dịp lãnh đạo các nước đến Brussels họp": the journey an occasion names.
_JOURNEY_OCCASION = re.compile(r"(?<!\w)nhân dịp\s+(?:[^,.;:\n]{0,100}?\s)?(?:đến|tới|sang|thăm)\s+", re.I)


def event_place(places: PlaceIndex, sentence: Span, trigger: Span, voice: str, stated: Place | None) -> Place | None:
    """Where the trigger's event happened, given the sentence's ``stated_place``."""
    if voice == "visit":
        # A visit goes to a country or a city; a building named in its sentence is another event's venue.
        stated = stated if stated is not None and stated.kind != "building" else None
        return destination(places, sentence, trigger) or stated
    return stated


def occasion_destination(places: PlaceIndex, sentence: Span, trigger: Span) -> Place | None:
    """Where the journey that is a meeting's occasion goes ("gặp nhau nhân dịp Thủ tướng sang Nhật Bản")."""
    journey = _JOURNEY_OCCASION.search(places.document.text, trigger.end, sentence.end)
    mention = places.mention_at(journey.end(), sentence) if journey else None
    return _place(places.document, mention) if mention is not None else None
