"""Stage 5, link: every mention to a canonical entity, then in-document coreference.

Names found in the knowledge base link to its entities (ambiguous aliases are
settled by the offices and countries the article gives); other names become
*discovered* entities with stable ids made from their folded names; shorter
re-mentions ("ông Yamamoto") join the full name given earlier. Then
``coref.resolve`` links descriptions, pronouns and collective references; when ingesting
into a store, with the offices the stored articles show people holding (``link.observed``).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from sukien import kb as knowledge
from sukien.link import coref
from sukien.link.observed import ObservedOffices, RoleConflict, conflicts
from sukien.model import COUNTRY, NAME, PERSON, Document, Entity, Mention
from sukien.normalize import fold


# Folding is pure and the same names recur in every article: cache the keys.
_fold = lru_cache(maxsize=8192)(fold)


@lru_cache(maxsize=8192)
def _fold_words(name: str) -> tuple[str, ...]:
    return tuple(_fold(name).split())


def slug(name: str) -> str:
    return "-".join(_fold(name).replace(".", " ").split())


def _choose(mention: Mention, document: Document) -> tuple[str, ...]:
    """Of several knowledge-base candidates, keep the one the stated offices support."""
    if len(mention.entity_ids) <= 1:
        return mention.entity_ids
    kb = knowledge.load()
    countries = {role.country for role in mention.roles if role.country}
    day = document.article.published
    fitting = [i for i in mention.entity_ids
               if (not countries or kb.entities[i].country in countries) and
               (kb.entities[i].type != PERSON or kb.offices_on(i, day) or not kb.offices.get(i))]
    return tuple(fitting[:1]) if len(fitting) == 1 else mention.entity_ids[:1]


def _home_country(mention: Mention) -> str | None:
    """An office without a country, held by someone with a Vietnamese family name: Vietnam's."""
    words = mention.span.text.split()
    if mention.roles and 2 <= len(words) <= 4 and words[0] in knowledge.vietnamese_surnames():
        return "VNM"
    return None


def _discovered(mention: Mention) -> Entity:
    country = next((role.country for role in mention.roles if role.country), None) or _home_country(mention)
    return _discovered_entity(mention.type, mention.span.text, country)


@lru_cache(maxsize=8192)
def _discovered_entity(kind: str, name: str, country: str | None) -> Entity:
    """One entity (immutable) for every mention of a name: the same names recur in an article and across them."""
    return Entity(id=f"discovered:{kind.lower()}:{slug(name)}", type=kind, name=fold_latin(name),
                  name_vi=name, country=country, discovered=True)


def fold_latin(name: str) -> str:
    """The Latin-letter form of a Vietnamese name, for an English label ("Lê Minh Hòa" → "Le Minh Hoa")."""
    return " ".join(word.capitalize() for word in _fold_words(name))


_REGNAL = re.compile(r"[ivx]+")
_PATRONYMIC = frozenset({"bin", "ibn", "bint", "ben"})


@lru_cache(maxsize=8192)
def _full_name(name: str) -> tuple[tuple[str, ...], bool]:
    """A name's folded words, and whether the last is a regnal number: every name mentioned is
    compared with every entity of the article, so this is worked out once per name."""
    words = _fold_words(name)
    return words, len(words) >= 2 and _REGNAL.fullmatch(words[-1]) is not None


def _same_person(short: str, full: Entity) -> bool:
    """"Yamamoto" or "Takeshi Yamamoto" re-mentioning a discovered "Takeshi Yamamoto"; "Nicholas"
    re-mentioning "Nicholas II", whose regnal number is no family name."""
    short_words = _fold_words(short)
    full_words, regnal = _full_name(full.name_vi or full.name)
    if regnal:
        return full_words[:-1] == short_words
    if len(short_words) >= len(full_words) or full_words[-len(short_words) - 1] in _PATRONYMIC:
        return False  # "Salman" is not "Mohammed bin Salman": that is his father's name
    return full_words[-len(short_words):] == short_words


# Countries whose people the press names family name first and, later, by the family name alone
# ("Tập Cận Bình" … "ông Tập"; "Moon Jae-in" … "ông Moon").
FAMILY_NAME_FIRST = frozenset({"CHN", "KOR", "PRK", "TWN"})
_KOREAN_GIVEN = re.compile(r"[^\W\d_]+-[a-z]+")  # "Jae-in", "Jong-un"


def _family_name_first(entity: Entity) -> bool:
    """Whether ``entity`` is a person whose name opens with the family name."""
    words = (entity.name_vi or entity.name).split()
    return len(words) >= 2 and (entity.country in FAMILY_NAME_FIRST or _KOREAN_GIVEN.fullmatch(words[-1]) is not None)


def _by_family_name(short: str, entity: Entity) -> bool:
    """"Moon" or "ông Tập" re-mentioning "Moon Jae-in" or "Tập Cận Bình"."""
    words = _fold_words(short)
    return len(words) == 1 and _family_name_first(entity) and _fold_words(entity.name_vi or entity.name)[0] == words[0]


def _named_before(mention: Mention, document: Document) -> str | None:
    """The person of the article whom a shorter name re-mentions: by the end of the full name, else
    by the family name of a name written family name first, when only one person fits."""
    people = [e for e in document.entities.values() if e.type == mention.type]
    for entity in people:
        if _same_person(mention.span.text, entity):
            return entity.id
    fitting = [e.id for e in people if _by_family_name(mention.span.text, e)]
    return fitting[0] if len(fitting) == 1 else None


def _family_name_holder(mention: Mention, document: Document) -> str | None:
    """"ông Tập" with no full name in the article: the one person of the knowledge base, named
    family name first, who bears that family name and held an office on the publication date. A
    family name several of its people bear (Kim, Lý, Vương) is the family name of millions: "ông Kim"
    is North Korea's leader only in a story that names North Korea."""
    day = document.article.published
    if mention.type != PERSON or day is None or " " in mention.span.text.strip():
        return None
    kb = knowledge.load()
    bearers = _people_by_family_name().get(_fold(mention.span.text), ())
    fitting = [i for i in bearers if kb.offices_on(i, day)]
    if len(bearers) > 1:
        named = {i for m in document.mentions if m.type == COUNTRY for i in m.entity_ids}
        fitting = [i for i in fitting if f"country:{kb.entities[i].country}" in named]
    return fitting[0] if len(fitting) == 1 else None


@lru_cache(maxsize=1)
def _people_by_family_name() -> dict[str, tuple[str, ...]]:
    kb = knowledge.load()
    index: dict[str, list[str]] = {}
    for entity in kb.entities.values():
        if entity.type == PERSON and entity.country in FAMILY_NAME_FIRST and _family_name_first(entity):
            index.setdefault(_fold_words(entity.name_vi or entity.name)[0], []).append(entity.id)
    return {key: tuple(ids) for key, ids in index.items()}


def _office_holder(mention: Mention, document: Document) -> str | None:
    """"Tổng thống Mỹ Trump": a short name that one person of the knowledge base bears and whose
    stated office that person held on the publication date."""
    if mention.type != PERSON or not mention.roles or document.article.published is None:
        return None
    kb = knowledge.load()
    day = document.article.published
    titles = {_fold(role.title_vi) for role in mention.roles if not role.former}
    holders = {i for i in kb.by_folded_name().get(_fold(mention.span.text), ())
               if any(t.endswith(_fold(o.title_vi)) for o in kb.offices_on(i, day) for t in titles)}
    return holders.pop() if len(holders) == 1 else None


def _link_name(mention: Mention, document: Document) -> Mention:
    kb = knowledge.load()
    ids = _choose(mention, document)
    if ids and _is_short(mention):
        namesake = _namesake(mention, document, ids)  # "Carney" after "Jay Carney", not Mark Carney
        if namesake is not None:
            return replace(mention, entity_ids=(namesake,))
    if ids:
        for entity_id in ids:
            document.entities.setdefault(entity_id, kb.entities[entity_id])
        return mention if ids == mention.entity_ids else replace(mention, entity_ids=ids)
    named = _named_before(mention, document)
    if named is not None:
        return replace(mention, entity_ids=(named,))
    holder = _office_holder(mention, document) or _family_name_holder(mention, document)
    if holder is not None:
        document.entities.setdefault(holder, kb.entities[holder])
        return replace(mention, entity_ids=(holder,))
    entity = _discovered(mention)
    document.entities.setdefault(entity.id, entity)
    return replace(mention, entity_ids=(entity.id,))


def _namesake(mention: Mention, document: Document, ids: tuple[str, ...]) -> str | None:
    """The one discovered person of the article whose full name ends with a known person's family
    name, when that known person is not named in full in the article."""
    if any(i in document.entities for i in ids):
        return None
    fitting = [e.id for e in document.entities.values()
               if e.discovered and e.type == PERSON and _same_person(mention.span.text, e)]
    return fitting[0] if len(fitting) == 1 else None


def _is_short(mention: Mention) -> bool:
    """A person named by one word: maybe a shorter form of a name given in full."""
    return mention.type == PERSON and " " not in mention.span.text.strip()


def role_conflicts(observed: ObservedOffices) -> list[RoleConflict]:
    """Observed office-holders the knowledge base contradicts, as the linker would meet them."""
    return conflicts(observed, knowledge.load(), coref.kb_holders)


def link(document: Document, observed: ObservedOffices | None = None) -> Document:
    """Pipeline stage: fill ``document.entities`` and the mentions' entity ids; ``observed``: the
    offices a store has seen people hold, for titles the knowledge base cannot settle."""
    linked = list(document.mentions)
    short = []
    for index, mention in enumerate(linked):
        if mention.form == NAME or mention.entity_ids:
            if _is_short(mention):
                short.append(index)  # linked once every full name is known ("Ông Tập" in a headline)
            else:
                linked[index] = _link_name(mention, document)
    for index in short:
        linked[index] = _link_name(linked[index], document)
    document.mentions = linked
    return coref.resolve(document, observed)
