"""Role phrases: titles and their qualifiers parsed as structure, not swallowed into names.

    Tổng Bí thư, Chủ tịch Quốc vụ Triều Tiên Kim Jong-un
    └ title ┘  └── title ──────┘└country┘└─ name ─┘

A phrase is a chain of offices — a title, then optional qualifiers (a country, an
organization, or up to six words that end in one: "Bộ Ngoại giao Trung Quốc") —
joined by nothing, a comma, "và" or "kiêm", and ended by a name. Without a name
the phrase is a description ("Chủ tịch Triều Tiên", "Tổng Bí thư") that
coreference resolves later. A name followed by ", <office>" gets that office too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from sukien import kb as knowledge
from sukien.model import COUNTRY, LOCATION, NAME, ORGANIZATION, PERSON, TITLE, Mention, Role, Span
from sukien.normalize import fold
from sukien.recognize import gazetteer
from sukien.recognize.gazetteer import Hit, Reading
from sukien.recognize.names import name_run

_JOINER = re.compile(r"\s*(?:,|và|kiêm)?\s*")
_SPACE = re.compile(r"[ \u00a0]*")
_QUALIFIER_GAP = re.compile(r"[ \u00a0](?:[^\W\d_]+[ \u00a0]){0,6}")


@dataclass(frozen=True)
class Chain:
    roles: tuple[Role, ...]
    start: int
    end: int
    next_item: int  # index of the first item after the chain


def _entity(hit: Hit, kind: str) -> str | None:
    return hit.reading.entity_of.get(kind)


def _title(hit: Hit) -> knowledge.Title | None:
    return hit.reading.title


def honorific(hit: Hit) -> bool:
    return hit.reading.honorific


_POSTED = re.compile(r"\s+(?:tại|ở|bên cạnh)\s+")
# "Bộ trưởng Ngoại giao nước Cộng hòa Philippines": the state's own words before its name.
_STATE = re.compile(r"\s+nước\s+(?:Cộng hòa\s+)?", re.I)
_APPOSITION = re.compile(r"\s*,\s*")


def _institution_words(gap: str) -> bool:
    """Words between an office and its country are an institution's name ("Bộ Ngoại giao",
    "và Hội nhập châu Âu"): they start with a capital, unlike a verb ("khẳng định")."""
    if "\n" in gap or not _QUALIFIER_GAP.fullmatch(gap):
        return False
    words = gap.split()
    if words and words[0] in ("và", "của"):
        words = words[1:]
    if not words or not words[0][:1].isupper():
        return False
    if len(words) >= 3 and words[0] in knowledge.vietnamese_surnames() and words[1][:1].isupper():
        return False  # "Thủ tướng Lê Văn An rời Lào": a person's name, then a verb
    # Institution names alternate capitals and single lowercase syllables ("Hội đồng An ninh");
    # two lowercase words in a row are a verb phrase ("Vũ Thanh Hương khẳng định").
    lowercase = [not word[:1].isupper() for word in words]
    return not any(a and b for a, b in zip(lowercase, lowercase[1:]))


def _seat(hit: Hit) -> str | None:
    """The building a hit names, when it is the seat of an office ("Nhà Trắng", "Điện Kremlin")."""
    place = _entity(hit, LOCATION)
    return place if place is not None and knowledge.load().entities[place].kind == "building" else None


def _region_in_institution(text: str, items: list[Hit], index: int) -> bool:
    """A region inside an institution's name: right before the country or body it qualifies."""
    if not _entity(items[index], LOCATION) or index + 1 >= len(items):
        return False
    following = items[index + 1]
    return bool(_SPACE.fullmatch(text[items[index].end:following.start])) and bool(
        _entity(following, COUNTRY) or _entity(following, ORGANIZATION))


def _qualifier(text: str, items: list[Hit], index: int, end: int) -> tuple[str | None, str | None, int, int]:
    """A country or organization qualifying the office at ``end``: (country, org, end, next index)."""
    country = organization = None
    while index < len(items):
        hit = items[index]
        gap = text[end:hit.start]
        # Institution words only open a qualifier: after "Nhật Bản", "Ito Naoki đến" is a name and
        # a verb. "Đại sứ Nhật Bản tại Việt Nam": a posting after the country.
        close = (_SPACE.fullmatch(gap)
                 or (country is None and organization is None and (_institution_words(gap) or _STATE.fullmatch(gap)))
                 or (country is not None and _POSTED.fullmatch(gap)))
        if not close or _title(hit) or honorific(hit):
            break
        found_country, found_org = _entity(hit, COUNTRY), _entity(hit, ORGANIZATION)
        seat = _seat(hit)
        if seat is not None:  # "Người phát ngôn Nhà Trắng", "Điện Kremlin": the seat stands for its office
            country = country or knowledge.load().entities[seat].country
            end, index = hit.end, index + 1
            continue
        if not (found_country or found_org):
            if _region_in_institution(text, items, index):
                end, index = hit.end, index + 1  # "Bộ trưởng Ngoại giao và Hội nhập châu Âu Moldova"
                continue
            break
        if found_country:
            country = country or knowledge.load().entities[found_country].country
        if found_org:
            organization = organization or found_org
            country = country or knowledge.load().entities[found_org].country
        end, index = hit.end, index + 1
    return country, organization, end, index


# "cựu Tổng thống Mỹ", "nguyên Thủ tướng", "cố Thủ tướng": the office was held once; its holder is
# someone else now. CAMEO counts former officials among the elites (ELI), not the government.
_FORMER = re.compile(r"(?:^|[\s(\"'“])(?:[Cc]ựu|nguyên|Nguyên|cố|Cố|quá cố)[ \u00a0]+$")
FORMER_SECTOR = "ELI"


def _former(role: Role) -> Role:
    return replace(role, title_en=f"former {role.title_en}", sector=FORMER_SECTOR, former=True)


def chain_at(text: str, items: list[Hit], index: int) -> Chain | None:
    """Parse the chain of offices that starts with the title at ``items[index]``."""
    roles: list[Role] = []
    start = items[index].start
    end = start
    while index < len(items):
        hit = items[index]
        title = _title(hit)
        if title is None:
            break
        if roles:  # a further office: joined to the one before by nothing, a comma, "và" or "kiêm"
            gap = text[end:hit.start]
            if "\n" in gap or not _JOINER.fullmatch(gap):
                break
        country, organization, end, index = _qualifier(text, items, index + 1, hit.end)
        roles.append(Role(
            title_vi=text[hit.start:end], title_en=title.title_en, country=country,
            organization=organization, sector=title.sector, evidence=Span.of(text, hit.start, end),
        ))
    if roles and _FORMER.search(text, max(0, start - 12), start):
        roles = [_former(role) for role in roles]
    return Chain(tuple(roles), start, end, index) if roles else None


def person_after(text: str, items: list[Hit], index: int, end: int) -> tuple[Span, str | None, int] | None:
    """The name right after position ``end`` (and a form of address: "Thủ tướng Samdech Hun Sen"):
    a known person, else a capitalized run."""
    if index < len(items) and honorific(items[index]) and _SPACE.fullmatch(text, end, items[index].start):
        end, index = items[index].end, index + 1
    if index < len(items):
        hit = items[index]
        if _entity(hit, PERSON) and _SPACE.fullmatch(text[end:hit.start]):
            return Span.of(text, hit.start, hit.end), _entity(hit, PERSON), index + 1
    run = name_run(text, end)
    if run is None:
        return None
    if index < len(items) and items[index].start < run[1]:
        # The run reaches into a known country or organization: not a person's name.
        if not _entity(items[index], PERSON):
            run = (run[0], items[index].start - 1) if items[index].start - 1 > run[0] else None
            if run is None or not text[run[0]:run[1]].strip():
                return None
        else:
            return None
    name = Span.of(text, *run)
    return name, None, _skip_items(items, index, run[1])


def _skip_items(items: list[Hit], index: int, end: int) -> int:
    while index < len(items) and items[index].start < end:
        index += 1
    return index


# A bare title followed by a word in lower case is a subject with its verb, not an apposition.
_VERB_NEXT = re.compile(r"\s+(?!và\b|của\b|nước\b|kiêm\b)[a-zà-ỹđ]")


def trailing_roles(text: str, items: list[Hit], index: int, end: int) -> tuple[tuple[Role, ...], int]:
    """", Chủ tịch … và Phó Chủ tịch …" after a name: offices in apposition."""
    if index >= len(items) or not _APPOSITION.fullmatch(text, end, items[index].start):
        return (), index
    if _title(items[index]) is None:
        return (), index
    chain = chain_at(text, items, index)
    if chain is None or person_after(text, items, chain.next_item, chain.end):
        return (), index  # the offices belong to the next person
    if chain.end == items[index].end and _VERB_NEXT.match(text, chain.end):
        return (), index  # "Tiếp bà X, Thủ tướng đánh giá cao …": a bare title opening the main clause
    return chain.roles, chain.next_item


# ", Phó " between a name and an office the dictionary knows without its "Phó": still an apposition.
_APPOSED = re.compile(r"\s*,\s*(?:[^\W\d_]+\s+){0,2}")


def split_at_and(chain: Chain, text: str) -> tuple[tuple[Role, ...], tuple[Role, ...]]:
    """(the offices before the chain's first "và", the rest): "X, Bộ trưởng Bộ Quốc phòng và Thượng tướng Y"
    lists X's office in apposition, then Y's."""
    for index, (previous, role) in enumerate(zip(chain.roles, chain.roles[1:]), start=1):
        if text[previous.evidence.end:role.evidence.start].strip() == "và":
            return chain.roles[:index], chain.roles[index:]
    return (), chain.roles


def apposed(text: str, mention: Mention, start: int) -> bool:
    """Whether the offices starting at ``start`` stand in apposition to the person ``mention`` names."""
    return mention.type == PERSON and mention.form == NAME and bool(_APPOSED.fullmatch(text, mention.span.end, start))


def describe(chain: Chain, text: str) -> list[Mention]:
    """Offices without a name: descriptions to resolve by coreference.

    "Chủ tịch nước và Tổng thống Nga" are two people; one person's several offices are
    listed with commas ("Tổng Bí thư, Chủ tịch nước") or end with the name.
    """
    groups: list[list[Role]] = [[chain.roles[0]]]
    for previous, role in zip(chain.roles, chain.roles[1:]):
        joined_by_and = text[previous.evidence.end:role.evidence.start].strip() == "và"
        if joined_by_and:
            groups.append([role])
        else:
            groups[-1].append(role)
    return [Mention(span=Span.of(text, group[0].evidence.start, group[-1].evidence.end), type=PERSON,
                    form=TITLE, roles=tuple(group), origin="pattern") for group in groups]


def untitled(text: str, items: list[Hit]) -> list[Hit]:
    """``items`` with each known person's alias that opens with an office ("Giáo hoàng Francis",
    "Nữ hoàng Anh Elizabeth II") split into the office, its qualifiers and the name, so that the
    name is the person's mention and the office one of their roles."""
    split: list[Hit] = []
    for hit in items:
        linked = hit.reading.linked
        parts = _office_before_name(text[hit.start:hit.end], linked[1][0]) if linked and linked[0] == PERSON else None
        if parts is None:
            split.append(hit)
            continue
        prefix, name_start = parts
        split.extend(Hit(hit.start + start, hit.start + end, reading) for start, end, reading in prefix)
        split.append(Hit(hit.start + name_start, hit.end, hit.reading))
    return split


@lru_cache(maxsize=4096)
def _office_before_name(written: str, person_id: str) -> tuple[tuple[tuple[int, int, Reading], ...], int] | None:
    """The office hits (title or form of address first, then qualifiers) that open ``written``, an
    alias of ``person_id``, and where the name after them starts; None when the alias opens with no
    office, or with a form of address that is part of the person's own name ("Sheikh Hasina")."""
    inner = gazetteer.longest_first([h for h in gazetteer.find(written) if h.end < len(written)])
    prefix: list[tuple[int, int, Reading]] = []
    end = 0
    for hit in inner:
        if not _SPACE.fullmatch(written, end, hit.start):
            break
        if not (hit.reading.title or hit.reading.honorific or (prefix and (
                _entity(hit, COUNTRY) or _entity(hit, ORGANIZATION)))):
            break
        prefix.append((hit.start, hit.end, hit.reading))
        end = hit.end
    if not prefix or prefix[0][0] != 0:
        return None
    name_start = _SPACE.match(written, end).end()
    if name_start >= len(written) or not written[name_start].isupper():
        return None
    if prefix[0][2].title is None:  # a form of address may be part of the name itself: "Sheikh Hasina"
        own, opening = knowledge.load().entities[person_id], fold(written[:prefix[0][1]])
        if any(fold(name).startswith(opening) for name in (own.name, own.name_vi or "")):
            return None
    return tuple(prefix), name_start
