"""What a discovered name is: news outlets, companies and places are never people.

The grammar and the tagger find names the knowledge base does not know; a name after "Chủ tịch"
or one the tagger reads as a person may still be a newspaper ("tờ Le Monde"), a news agency, a
company ("Ngân hàng X Bank") or a city. Gazetteers (``data/names/``: news outlets, world cities)
and the words around the name decide; a name they place is retyped, never dropped. A name one
letter off a country's ("Philipines") is that country.
"""
from __future__ import annotations

import csv
import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from sukien import kb as knowledge
from sukien.model import COUNTRY, LOCATION, NAME, ORGANIZATION, PERSON, Mention, Span
from sukien.normalize import fold
from sukien.recognize import names

_DATA = resources.files("sukien") / "data" / "names"


def _rows(name: str) -> list[dict[str, str]]:
    with (_DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


@lru_cache(maxsize=1)
def outlets() -> tuple[frozenset[str], tuple[str, ...]]:
    """Folded outlet names, and the folded names of two words or more (found inside longer names)."""
    names = {fold(row["name"]) for row in _rows("news_outlets.tsv")}
    return frozenset(names), tuple(n for n in names if " " in n)


@lru_cache(maxsize=1)
def _cue_rows() -> tuple[tuple[str, str], ...]:
    """(word, kind) of every row of ``name_cues.tsv``, read once for all the cues below."""
    return tuple((row["word"], row["kind"]) for row in _rows("name_cues.tsv"))


def _cue_words(kind: str) -> list[str]:
    """The cue words of one kind, longest first: a pattern tries the longer of two cues that share a start."""
    return sorted((word for word, of in _cue_rows() if of == kind), key=len, reverse=True)


@lru_cache(maxsize=1)
def _name_cues() -> tuple[frozenset[str], frozenset[str], re.Pattern]:
    """Words of an organisation's and of a place's name, and the words before a name that say it
    is no person's."""
    inside, place = frozenset(_cue_words("inside")), frozenset(_cue_words("place"))
    before = _cue_words("before")
    cue = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, before)) + r")[ \u00a0]+$", re.I)
    return inside, place, cue


@lru_cache(maxsize=1)
def _occasion_cues() -> tuple[re.Pattern, re.Pattern]:
    """The words that say a name is a festival's: as the name's first words, and right before it."""
    either = "|".join(map(re.escape, _cue_words("occasion")))
    # "Tết cổ truyền Chol Chnam Thmey": a word or two in lower case may stand between the cue and the name
    return re.compile(rf"(?:{either})[ \u00a0]", re.I), re.compile(
        rf"(?<!\w)(?:{either})(?:[ \u00a0]+(?-i:[a-zđ])\w*){{0,2}}[ \u00a0]+$", re.I)


def is_occasion(text: str, mention: Mention) -> bool:
    """"Tết Nguyên Đán", "lễ hội Songkran": a festival's name, which names nobody who could act."""
    opening, before = _occasion_cues()
    return bool(opening.match(mention.span.text)) or before.search(
        text, max(0, mention.span.start - 30), mention.span.start) is not None


@lru_cache(maxsize=1)
def cities() -> frozenset[str]:
    """Folded names of the world's larger cities (``data/names/world_cities.tsv``)."""
    path = _DATA / "world_cities.tsv"
    if not path.is_file():
        return frozenset()
    return frozenset(fold(row["name"]) for row in _rows("world_cities.tsv"))


_ACRONYM = re.compile(r"[A-ZĐ]{2,}")
_COMPASS = frozenset({"Nam", "Bắc", "Đông", "Tây", "Trung"})  # a region of a foreign land
_ADDRESS = re.compile(r"[A-Za-z]{2,}\.(?:VN|vn|COM|com|NET|net|ORG|org)\b")


@lru_cache(maxsize=8192)
def _kind_of_name(name: str) -> str | None:
    """ORGANIZATION, LOCATION or None (a person, as far as the name itself says)."""
    folded = fold(name)
    exact, long_names = outlets()
    words = name.split()
    if folded in exact or any(f" {n} " in f" {folded} " for n in long_names):
        return ORGANIZATION
    inside, place, _ = _name_cues()
    later = [word.strip(".,") for word in words[1:] or words]
    if any(word in inside for word in later):
        return ORGANIZATION
    if any(word in place for word in later) or (len(words) >= 2 and words[0] in _COMPASS and names.foreign(words[1])):
        return LOCATION  # "Tiananmen Square", "Nam Florida", "Đông Samar"
    if len(words) >= 2 and names.opens_institution(name, 0):
        return ORGANIZATION  # "Tỉnh Kanagawa", "Nhà Văn hóa": an institution's or a place's name
    if _ADDRESS.match(name):
        return ORGANIZATION  # "SGTT.VN": an outlet's web address
    if len(words) == 1 and _ACRONYM.fullmatch(name):
        return ORGANIZATION  # "Chủ tịch FIFA": an acronym is an organisation's
    if len(words) >= 2 and folded in cities():
        return LOCATION  # "Port Moresby"
    return None


# The knowledge base's entities a misspelt name may stand for: countries, and capitals and cities.
_SPELT_KINDS = {COUNTRY: lambda e: e.type == COUNTRY,
                LOCATION: lambda e: e.type == LOCATION and e.kind in ("capital", "city")}


@lru_cache(maxsize=2)
def _names_of(kind: str) -> dict[tuple[int, str], list[tuple[str, str]]]:
    """Folded names of six letters or more of one kind of entity, by length and first letter:
    (name, entity id)."""
    kb = knowledge.load()
    wanted = _SPELT_KINDS[kind]
    index: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for alias in kb.aliases:
        name = fold(alias.text)
        if len(name) >= 6 and wanted(kb.entities[alias.entity_id]):
            index.setdefault((len(name), name[0]), []).append((name, alias.entity_id))
    return index


def misspelt_country(name: str) -> str | None:
    """The country a discovered name is a misspelling of ("Philipines", "Ân Độ", "Saudia Arabia")."""
    return misspelt(name, COUNTRY)


@lru_cache(maxsize=16384)
def misspelt(name: str, kind: str) -> str | None:
    """The country (``kind`` COUNTRY) or the capital or city (LOCATION) a discovered name is a
    misspelling of: its name with a wrong mark, one letter off a name of six letters or more, two
    off one of ten or more, the first letter kept."""
    folded = fold(name)
    if len(folded) < 5:
        return None
    kb = knowledge.load()
    wanted = _SPELT_KINDS[kind]
    exact = {i for i in kb.by_folded_name().get(folded, ()) if wanted(kb.entities[i])}
    if exact:  # "Ân Độ": a name with a wrong mark
        return exact.pop() if len(exact) == 1 else None
    allowed = 2 if len(folded) >= 10 else 1
    # One word must keep its last letter too: "Jordana", "Serbian", "Bruner" are people's names.
    one_word = " " not in folded
    found = {entity for size in range(len(folded) - allowed, len(folded) + allowed + 1)
             for known, entity in _names_of(kind).get((size, folded[0]), ())
             if (not one_word or known[-1] == folded[-1]) and _within(folded, known, 2 if size >= 10 else 1)}
    return found.pop() if len(found) == 1 else None


def _within(a: str, b: str, limit: int) -> bool:
    """Whether the edit distance between ``a`` and ``b`` is at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def _kind(text: str, mention: Mention) -> str | None:
    kind = _kind_of_name(mention.span.text)
    if kind is None and _cue_before(text[max(0, mention.span.start - 20):mention.span.start]):
        kind = ORGANIZATION  # "tờ X", "hãng thông tấn X"
    return kind


@lru_cache(maxsize=8192)
def _cue_before(words: str) -> bool:
    """Whether ``words`` (what stands before a name) end with a word that says the name is no person's."""
    return _name_cues()[2].search(words) is not None


def joined(mentions: list[Mention], text: str) -> list[Mention]:
    """Two discovered names of people with a particle between them are one name: the tagger reads
    "Saif" and "Ahmed Al-Thani" in "Saif bin Ahmed Al-Thani"; an Arabic family name with its
    article after a name is part of it ("Ahmed bin Jassim al-Thani")."""
    people = sorted((m for m in mentions if _discovered_person(m)), key=lambda m: m.span.start)
    groups: list[list[Mention]] = []
    for mention in people:
        if groups and names.particle_between(text, groups[-1][-1].span.end, mention.span.start):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    ends = {id(group[0]): names.article_after(text, group[-1].span.end) for group in groups}
    ends = {key: end for key, end in ends.items() if end is not None}  # "Ahmed bin Jassim" + " al-Thani"
    ends.update({id(group[0]): ends.get(id(group[0])) or group[-1].span.end for group in groups if len(group) > 1})
    if not ends:
        return mentions
    dropped = {id(m) for group in groups for m in group[1:]}
    return [replace(m, span=Span.of(text, m.span.start, ends[id(m)])) if id(m) in ends else m
            for m in mentions if id(m) not in dropped]


def _discovered_person(mention: Mention) -> bool:
    return mention.type == PERSON and mention.form == NAME and mention.origin in ("tagger", "pattern")


def retype(mentions: list[Mention], text: str) -> list[Mention]:
    """``mentions`` with the discovered "people" that are outlets, companies, places or misspelt
    countries retyped, the words of the sentence read into a foreign name taken off it, and the
    names of festivals left out."""
    typed = []
    for mention in mentions:
        if mention.form == NAME and mention.origin in ("tagger", "pattern"):
            if is_occasion(text, mention):
                continue
            if mention.type == PERSON:
                mention = _retyped(mention, text)
        typed.append(mention)
    return typed


def _retyped(mention: Mention, text: str) -> Mention:
    # Typed before the sentence's words are taken off: "Tỉnh Kanagawa" is a province, "Đông Timo" a country.
    country = misspelt_country(mention.span.text)  # before "Đông …" could read as a region
    kind = _kind(text, mention) if country is None else None
    if kind is None and country is None:
        city = misspelt(mention.span.text, LOCATION)  # "Kuala Lumper", "Bình Nhưỡngg"
        if city is not None:
            return replace(mention, type=LOCATION, roles=(), entity_ids=(city,))
    start, end = names.sentence_words_off(text, mention.span.start, mention.span.end)
    if kind is None and country is None and (start, end) != (mention.span.start, mention.span.end):
        mention = replace(mention, span=Span.of(text, start, end))
        kind = _kind(text, mention)
        country = misspelt_country(mention.span.text) if kind is None else None
    if country is not None:
        return replace(mention, type=COUNTRY, roles=(), entity_ids=(country,))
    if kind is not None:
        return replace(mention, type=kind, roles=(), entity_ids=())
    return mention
