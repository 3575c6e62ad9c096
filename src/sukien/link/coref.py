"""In-document coreference: descriptions, pronouns and collective references.

Vietnamese news names a person once in full, then refers to them by office
("Tổng Bí thư", "Chủ tịch Triều Tiên"), by "ông"/"bà", or groups both sides as
"hai bên". The rules, in order of confidence:

- a description links to the person of the article who holds that office (same
  title, and same country when the description names one); failing that, to the
  one person the knowledge base says held it on the publication date, or else (when ingesting
  into a store) to the one person the stored articles show holding it (``link.observed``);
- a pronoun links to the subject (first person named) of the nearest earlier
  sentence that names a person;
- "hai bên", "hai nước", "hai lãnh đạo" link to the two main participants: the two
  most mentioned people of different countries (or their countries).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date
from functools import lru_cache
from operator import itemgetter

from sukien import kb as knowledge
from sukien.kb import Office
from sukien.link.observed import ObservedOffices, settle
from sukien.model import COLLECTIVE, COUNTRY, NAME, PERSON, PRONOUN, TITLE, Document, Entity, Mention
from sukien.normalize import fold as _fold

# The same offices are folded for every description of every article: cache the keys.
fold = lru_cache(maxsize=8192)(_fold)


LISTED = "collective:listed"  # "những nước này": the countries listed last
_first = itemgetter(0)  # a (person, office) pair's person


def _title_key(title_vi: str) -> str:
    return fold(title_vi)


def _holders_in_text(document: Document, mention: Mention, before: list[Mention]) -> list[str]:
    """People already mentioned with the office this description names."""
    wanted = {(role.title_en, role.country) for role in mention.roles}
    holders: list[str] = []
    for earlier in reversed(before):
        if earlier.type != PERSON or not earlier.entity_ids or earlier.form != "name":
            continue
        person = document.entities.get(earlier.entity_ids[0])
        for role in earlier.roles:
            # "Tổng thống Iran" is not the "Chủ tịch nước" of another country named earlier
            held_in = role.country or (person.country if person is not None else None)
            for title_en, country in wanted:
                if role.title_en == title_en and (country is None or held_in in (None, country)):
                    holders.append(earlier.entity_ids[0])
    return list(dict.fromkeys(holders))


def _holders_in_kb(document: Document, mention: Mention) -> list[tuple[str, Office]]:
    """People the knowledge base says held the office (with its country) on the publication date,
    each with that office, in order of person."""
    role = mention.roles[0] if mention.roles else None
    if role is None or role.country is None or document.article.published is None:
        return []
    return kb_holders(role.title_en, role.title_vi, role.country, document.article.published)


def kb_holders(title_en: str, title_vi: str, country: str, day: date) -> list[tuple[str, Office]]:
    """The knowledge base's holders of a title of ``country`` on ``day``, each with that office."""
    kb = knowledge.load()
    english, words = fold(title_en), _title_words(title_vi, country, kb)
    # "Bộ trưởng Giáo dục Úc" is a "Minister", as the Foreign Minister is; what the text adds to the
    # bare title ("Giáo dục") must be in the office's own name for the English title to decide.
    qualifiers = words - _bare_title_words(title_en, frozenset(words))
    held = [(person, office) for person, office in kb.offices_by_country().get(country, ())
            if office.held_on(day)]
    by_english = {person: office for person, office in held if fold(office.title_en).startswith(english)
                  and qualifiers <= _word_set(office.title_vi)}
    if len(by_english) == 1:
        return list(by_english.items())
    # "Chủ tịch Triều Tiên": of the offices whose Vietnamese title has these words, the closest one
    # ("Chủ tịch Quốc vụ", not "Chủ tịch Đoàn Chủ tịch Hội nghị Nhân dân Tối cao").
    extra = {person: (len(_word_set(office.title_vi) - words), office) for person, office in held
             if words <= _word_set(office.title_vi)}
    if not extra:
        return sorted(by_english.items(), key=_first)
    closest = min(count for count, _ in extra.values())
    return sorted(((person, office) for person, (count, office) in extra.items() if count == closest), key=_first)


def _holders_on_day(document: Document, mention: Mention, observed: ObservedOffices | None) -> list[Entity]:
    """The holders of a title with its country on the publication date: the knowledge base's, or
    the one holder a store has observed when ``link.observed.settle`` lets it answer."""
    kb = knowledge.load()
    known = _holders_in_kb(document, mention)
    role = mention.roles[0] if mention.roles else None
    day = document.article.published
    if not observed or role is None or role.country is None or day is None:
        return [kb.entities[person] for person, _ in known]
    people, holder = settle(known, observed.on(role.title_en, role.title_vi, role.country, day), day, kb)
    if holder is not None:
        return [kb.entities.get(holder.entity.id, holder.entity)]
    return [kb.entities[person] for person in people]


@lru_cache(maxsize=8192)
def _word_set(text: str) -> frozenset[str]:
    return frozenset(fold(text).split())


@lru_cache(maxsize=4096)
def _bare_title_words(title_en: str, words: frozenset[str]) -> frozenset[str]:
    """The words of the titles lexicon's own phrases for ``title_en`` that the stated office holds:
    "Chủ tịch" of "Chủ tịch Hội Nhà văn"."""
    bare = [_word_set(title.text) for title in knowledge.load().titles if title.title_en == title_en]
    return frozenset().union(*(b for b in bare if b <= words))


def _title_words(title_vi: str, iso3: str, kb: knowledge.KnowledgeBase) -> set[str]:
    """A stated office without its country: "Bộ trưởng Quốc phòng Việt Nam" → {bo, truong, quoc, phong}."""
    words = set(fold(title_vi).split())
    country = kb.country_entity(iso3)
    if country is not None:
        words -= set(fold(country.name_vi or "").split())
        for alias in country.aliases:
            if fold(alias) in fold(title_vi):
                words -= set(fold(alias).split())
    return words


def _home_holder(document: Document, holders: list[str]) -> list[str]:
    """Vietnamese news names Vietnam's own officials by bare title: "Tổng Bí thư" alone is Vietnam's."""
    home = [h for h in holders if document.entities[h].country == "VNM"]
    return home if len(home) == 1 else holders


_ELECT = re.compile(r"\s*(?:mới\s+)?(?:đắc cử|tân|sắp mãn nhiệm|mãn nhiệm|tiền nhiệm|cựu)\b", re.I)


def _resolve_title(document: Document, mention: Mention, before: list[Mention],
                   observed: ObservedOffices | None = None) -> Mention:
    holders = _holders_in_text(document, mention, before)
    if len(holders) > 1 and not any(role.country for role in mention.roles):
        holders = _home_holder(document, holders)
    if not holders:  # a headline names the office first and the person later
        later = [m for m in document.mentions if m.span.start > mention.span.end]
        holders = _holders_in_text(document, mention, list(reversed(later)))
    # "cựu Tổng thống Mỹ" unnamed: who held it once is for the text to say, never today's holder
    former = any(role.former for role in mention.roles)
    if len(holders) != 1:
        # "tổng thống Pháp đắc cử": an office-holder-to-be is not the one in office
        incoming = _ELECT.match(document.text, mention.span.end)
        dated = _holders_on_day(document, mention, observed) if not (holders or incoming or former) else []
        for person in dated[:1]:
            document.entities.setdefault(person.id, person)
        holders = [person.id for person in dated]
    if len(holders) == 1:
        return replace(mention, entity_ids=tuple(holders))
    if former or _ELECT.match(document.text, mention.span.end):
        return mention
    return _office_of_country(document, mention)


def _office_of_country(document: Document, mention: Mention) -> Mention:
    """"Tổng thống Iran" whose holder nobody names: the act is the country's, through its office."""
    countries = {role.country for role in mention.roles if role.country}
    if len(countries) != 1 or document.article.published is None:
        return mention
    country = knowledge.load().country_by_iso.get(countries.pop())
    if country is None:
        return mention
    document.entities.setdefault(country, knowledge.load().entities[country])
    return replace(mention, entity_ids=(country,))


def _subject_before(document: Document, mention: Mention, before: list[Mention]) -> tuple[str, ...]:
    """The first person linked in the nearest earlier sentence that links one."""
    here = document.sentence_at(mention.span.start).index
    by_sentence: dict[int, list[Mention]] = {}
    for earlier in before:
        if earlier.type == PERSON and len(earlier.entity_ids) == 1 and earlier.form != PRONOUN:
            by_sentence.setdefault(document.sentence_at(earlier.span.start).index, []).append(earlier)
    same = by_sentence.get(here)
    if same:
        return ()  # "ông" after a name in the same sentence is usually someone else: leave it
    for index in sorted((i for i in by_sentence if i < here), reverse=True):
        return by_sentence[index][0].entity_ids
    return ()


def _country_before(document: Document, mention: Mention, before: list[Mention]) -> tuple[str, ...]:
    """"Ông Imanov cho biết nước này …": the country of the person speaking in the sentence, else the
    country named last before it ("Mỹ trừng phạt Iran. Nước này phản đối …")."""
    sentence = document.sentence_at(mention.span.start).span
    speakers = [m for m in before if m.type == PERSON and len(m.entity_ids) == 1 and sentence.contains(m.span)]
    if speakers:
        country = document.entities[speakers[0].entity_ids[0]].country
        entity = knowledge.load().country_by_iso.get(country or "")
        if entity is not None:
            document.entities.setdefault(entity, knowledge.load().entities[entity])
            return (entity,)
    countries = [m for m in before if m.type == COUNTRY and len(m.entity_ids) == 1 and m.form != PRONOUN]
    return countries[-1].entity_ids if countries else ()


# What may join the countries of one list: a comma or "và", and an abbreviation in brackets.
_LIST_JOIN = re.compile(r"\s*(?:\([^()]{1,12}\)\s*)?(?:,|và|cùng)\s*")


def _listed_before(document: Document, before: list[Mention]) -> tuple[str, ...]:
    """"Mỹ, Anh và Pháp … Những nước này": the countries of the last list of two or more named before."""
    countries = [m for m in before if m.type == COUNTRY and len(m.entity_ids) == 1 and m.form == NAME]
    for end in range(len(countries) - 1, 0, -1):
        start = end
        while start > 0 and _LIST_JOIN.fullmatch(document.text, countries[start - 1].span.end,
                                                 countries[start].span.start):
            start -= 1
        if start < end:
            return tuple(dict.fromkeys(m.entity_ids[0] for m in countries[start:end + 1]))
    return ()


def main_participants(document: Document, mentions: list[Mention]) -> tuple[str, ...]:
    """The two most mentioned people of different countries, in order of first mention."""
    people = [m.entity_ids[0] for m in mentions if m.type == PERSON and len(m.entity_ids) == 1
              and m.form != PRONOUN and document.entities[m.entity_ids[0]].type == PERSON]
    counts = Counter(people)
    chosen: list[str] = []
    countries: set[str | None] = set()
    for person, _ in counts.most_common():
        country = document.entities[person].country
        if country not in countries or country is None:
            chosen.append(person)
            countries.add(country)
        if len(chosen) == 2:
            break
    return tuple(sorted(chosen, key=people.index))


def _resolve_collective(document: Document, mention: Mention, pair: tuple[str, ...]) -> Mention:
    if len(pair) != 2:
        return mention
    if mention.type == PERSON:
        return replace(mention, entity_ids=pair)
    countries = tuple(dict.fromkeys(
        knowledge.load().country_by_iso.get(document.entities[p].country or "") for p in pair))
    if len(countries) == 2 and all(countries):
        for country in countries:
            document.entities.setdefault(country, knowledge.load().entities[country])
        return replace(mention, entity_ids=countries, type=COUNTRY)
    return mention


def resolve(document: Document, observed: ObservedOffices | None = None) -> Document:
    """Link the descriptions, pronouns and collective references of ``document``; ``observed``: the
    offices a store has seen people hold, consulted after the knowledge base (``link.observed``)."""
    resolved: list[Mention] = []
    for mention in document.mentions:
        if mention.form == TITLE and not mention.entity_ids:
            mention = _resolve_title(document, mention, resolved, observed)
        elif mention.form == PRONOUN and mention.type == COUNTRY:
            mention = replace(mention, entity_ids=_country_before(document, mention, resolved))
        elif mention.form == PRONOUN:
            mention = replace(mention, entity_ids=_subject_before(document, mention, resolved))
        elif mention.origin == LISTED:
            mention = replace(mention, entity_ids=_listed_before(document, resolved))
        resolved.append(mention)
    pair = main_participants(document, resolved)
    document.mentions = [
        _resolve_collective(document, m, pair) if m.form == COLLECTIVE and m.origin != LISTED else m for m in resolved
    ]
    return document
