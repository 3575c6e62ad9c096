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

from sukien.normalize.fold import fold
from sukien.store.schema import entities, entity_aliases, event_actors

__all__ = ["ActorMatch", "match_actor", "resolve_actor"]


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
    if conn.execute(select(entities.c.id).where(entities.c.id == actor)).first():
        return [actor]
    key = fold(actor)
    by_name = select(entities.c.id).where(entities.c.name_key == key)
    by_alias = select(entity_aliases.c.entity_id).where(entity_aliases.c.alias_key == key)
    return sorted(set(conn.execute(union_all(by_name, by_alias)).scalars()))


def match_actor(conn: Connection, actor: str) -> ActorMatch:
    """The actors ``actor`` names, found as the search box finds entities.

    An entity id means that entity alone. Otherwise, in order, the first that finds
    something: a whole name or alias, diacritics and case ignored ("to lam"); an ISO
    alpha-3 code of a country ("LAO"); names with a word starting with each word typed
    ("Sisavath", "minh hoa"). A country among the entities found brings in its actors.
    """
    if conn.execute(select(entities.c.id).where(entities.c.id == actor)).first():
        return ActorMatch((actor,))
    ids = resolve_actor(conn, actor)
    if not ids and len(actor.strip()) == 3 and actor.strip().isalpha():
        ids = list(conn.execute(select(entities.c.id).where(
            entities.c.type == "COUNTRY", entities.c.country == actor.strip().upper())).scalars())
    if not ids:
        ids = _partial(conn, fold(actor))
    countries = set(conn.execute(select(entities.c.country).where(
        entities.c.id.in_(ids), entities.c.type == "COUNTRY", entities.c.country.is_not(None))).scalars())
    country = countries.pop() if len(countries) == 1 else None
    return ActorMatch(tuple(ids), country)


def _partial(conn: Connection, key: str) -> list[str]:
    """Entities whose name or an alias has, for each word of ``key``, a word starting with it."""
    words = key.split()
    if not words:
        return []

    def each_word(column):
        escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
        return and_(*(or_(column.like(f"{w}%", escape="\\"), column.like(f"% {w}%", escape="\\"))
                      for w in escaped))
    by_name = select(entities.c.id).where(each_word(entities.c.name_key))
    by_alias = select(entity_aliases.c.entity_id).where(each_word(entity_aliases.c.alias_key))
    return sorted(set(conn.execute(union_all(by_name, by_alias).limit(PARTIAL_MATCHES)).scalars()))
