"""Which entities a typed actor means, for the ``actor`` filter of every front end.

The search box lists entities whose name starts with what was typed; the ``actor``
filter of the CLI, the API and the exports finds the same people, and more: a whole
name or alias with any diacritics, a country by name or ISO code (with everyone acting
for it, as the ``country`` filter has it), or the words of a name in part ("Sisavath",
"minh hoa"). An entity id always means that entity alone.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, and_, or_, select, union_all

from sukien.model import COUNTRY
from sukien.normalize.fold import fold
from sukien.store.schema import entities, entity_aliases, event_actors

__all__ = ["ActorMatch", "match_actor", "most_mentioned", "resolve_actor"]


@dataclass(frozen=True)
class ActorMatch:
    """What an ``actor`` filter means: entity ids, and a country whose actors all count.

    A country named as an actor ("Lào", "LAO") stands for everyone acting for it, its
    leaders and ministries as much as the state itself, as the ``country`` filter has it.
    """

    ids: tuple[str, ...] = ()
    country: str | None = None

    def __bool__(self) -> bool:
        return bool(self.ids or self.country)

    def clause(self):
        """The condition on ``event_actors`` rows of the matching actors."""
        by_id = event_actors.c.entity_id.in_(self.ids)
        if self.country is None:
            return by_id
        by_country = event_actors.c.country == self.country
        return or_(by_country, by_id) if self.ids else by_country


PARTIAL_MATCHES = 200  # entities a partial name may stand for: bounds the IN-list


def resolve_actor(conn: Connection, actor: str) -> list[str]:
    """Entity ids meant by ``actor``: the id itself, else names and aliases that fold alike."""
    if _is_id(conn, actor):
        return [actor]
    return _named(conn, fold(actor))


def match_actor(conn: Connection, actor: str) -> ActorMatch:
    """The actors ``actor`` names, found as the search box finds entities.

    An entity id means that entity alone. Otherwise, in order, the first that finds
    something: a whole name or alias, diacritics and case ignored ("to lam"); an ISO
    alpha-3 code of a country ("LAO"); names with a word starting with each word typed
    ("Sisavath", "minh hoa"). A country among the entities found brings in its actors.
    """
    if _is_id(conn, actor):
        return ActorMatch((actor,))
    typed = actor.strip()
    ids = _named(conn, fold(typed)) or _coded_country(conn, typed) or _partial(conn, fold(typed))
    return ActorMatch(tuple(ids), _country_among(conn, ids))


def most_mentioned(conn: Connection, ids: list[str] | tuple[str, ...]) -> list[str]:
    """The entities, most mentioned first: the likeliest meaning of an ambiguous name."""
    return list(conn.execute(select(entities.c.id).where(entities.c.id.in_(ids))
                             .order_by(entities.c.num_mentions.desc(), entities.c.id)).scalars())


def _is_id(conn: Connection, actor: str) -> bool:
    return conn.execute(select(entities.c.id).where(entities.c.id == actor)).first() is not None


def _named(conn: Connection, key: str) -> list[str]:
    by_name = select(entities.c.id).where(entities.c.name_key == key)
    by_alias = select(entity_aliases.c.entity_id).where(entity_aliases.c.alias_key == key)
    return sorted(set(conn.execute(union_all(by_name, by_alias)).scalars()))


def _coded_country(conn: Connection, typed: str) -> list[str]:
    if len(typed) != 3 or not typed.isalpha():
        return []
    return list(conn.execute(select(entities.c.id).where(
        entities.c.type == COUNTRY, entities.c.country == typed.upper())).scalars())


def _country_among(conn: Connection, ids: list[str]) -> str | None:
    """The one country among the entities, if one is (two would make the match ambiguous)."""
    countries = set(conn.execute(select(entities.c.country).where(
        entities.c.id.in_(ids), entities.c.type == COUNTRY, entities.c.country.is_not(None))).scalars())
    return countries.pop() if len(countries) == 1 else None


def _partial(conn: Connection, key: str) -> list[str]:
    """Entities with a word of their name for each word typed: whole words before beginnings,
    names before aliases ("Hòa" is Lê Minh Hòa before it is the "Hòa" of "Cộng hòa …")."""
    words = key.split()
    if not words:
        return []
    for whole in (True, False):
        for column, ident in ((entities.c.name_key, entities.c.id),
                              (entity_aliases.c.alias_key, entity_aliases.c.entity_id)):
            found = conn.execute(select(ident).where(_has_words(column, words, whole))
                                 .distinct().limit(PARTIAL_MATCHES)).scalars().all()
            if found:
                return sorted(found)
    return []


def _has_words(column, words: list[str], whole: bool):
    """The column's text has each word as a whole word of it, or (not ``whole``) as a word's start."""
    def has(word: str):
        w = _literal(word)
        if whole:
            return or_(column == word, column.like(f"{w} %", escape="\\"), column.like(f"% {w}", escape="\\"),
                       column.like(f"% {w} %", escape="\\"))
        return or_(column.like(f"{w}%", escape="\\"), column.like(f"% {w}%", escape="\\"))
    return and_(*(has(word) for word in words))


def _literal(word: str) -> str:
    """The word for a LIKE pattern, its wildcards taken as the characters they are."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
