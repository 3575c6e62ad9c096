"""Who took part in an event, as cross-document fusion compares it (pure functions over entity ids).

Reports name the same parties differently: one names a president, another the president's
country ("the two sides"), a third both ("President Macron and France"), a fourth the
ministries whose ministers sign. These functions say when two such line-ups are the same
people; ``sukien.fuse`` decides when that is enough to merge.

Entity ids carry their kind as a prefix (``person:``, ``org:``, ``country:``, with
``discovered:`` before it for entities the knowledge base lacks); ``countries`` maps an
actor's id to the ISO alpha-3 code of its country where known.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

COUNTRY = "country:"  # the id prefix of country entities ("country:VNM")


def kind_of(entity_id: str) -> str:
    """"person", "org", "country", ...: the kind an id says, discovered or not."""
    return entity_id.removeprefix("discovered:").partition(":")[0]


def country_of(entity_id: str, countries: Mapping[str, str]) -> str:
    """The country entity an actor stands in ("country:VNM"); one without a country stands alone."""
    if entity_id.startswith(COUNTRY) or not countries.get(entity_id):
        return entity_id
    return COUNTRY + countries[entity_id]


def _is_body(entity_id: str, countries: Mapping[str, str]) -> bool:
    """An institution of one country (a ministry, a government, a party), not a person."""
    return kind_of(entity_id) == "org" and country_of(entity_id, countries) != entity_id


def principals(ids: Iterable[str], countries: Mapping[str, str]) -> set[str]:
    """The actors that say who took part: a country named beside one of its own people or
    bodies adds nobody ("President Macron and France" is Macron's side, "the Chinese delegation
    led by Fan" is Fan's)."""
    ids = set(ids)
    present = {country_of(e, countries) for e in ids if not e.startswith(COUNTRY)}
    return {e for e in ids if not (e.startswith(COUNTRY) and e in present)}


def country_key(source: Iterable[str], target: Iterable[str], countries: Mapping[str, str]) -> str:
    """Who took part up to countries, sides ignored: the fallback lookup key of every code."""
    return "=" + "|".join(sorted({country_of(e, countries) for e in (*source, *target)}))


def key_sides(key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ids an actor key was made of: (source, target); a symmetric key's all in source."""
    if key.startswith("="):
        return tuple(filter(None, key[1:].split("|"))), ()
    source, _, target = key.partition(">")
    return tuple(filter(None, source.split("|"))), tuple(filter(None, target.split("|")))


def same_up_to_countries(mine: Iterable[str], theirs: Iterable[str], countries: Mapping[str, str]) -> bool:
    """Each actor of either side is on the other, or its country is, or (a country) has one of
    its people there: {Trump, Macron} ~ {USA, FRA} ~ {Trump, FRA}, but never {Trump} ~ {Biden}.
    An institution of a country is also covered by a person of that country where the other
    side names no institution of it: {MoD VN, MoD CN, Lich, Fan} ~ {Lich, Fan} (the ministers
    for their ministries), but {MoD VN, MoD CN} ≁ {MoT VN, MoT CN} and a person is never
    covered by an institution: {MoT VN, MoT CN} ≁ {Lich, Fan}."""
    mine, theirs = set(mine), set(theirs)

    def covered(side: set[str], other: set[str]) -> bool:
        home = {country_of(e, countries) for e in other}
        people = {country_of(e, countries) for e in other if kind_of(e) == "person"}
        bodies = {country_of(e, countries) for e in other if _is_body(e, countries)}

        def stands(e: str) -> bool:
            where = country_of(e, countries)
            return (e in other or where in other or (e.startswith(COUNTRY) and e in home)
                    or (_is_body(e, countries) and where in people and where not in bodies))
        return all(stands(e) for e in side)
    return covered(mine, theirs) and covered(theirs, mine)
