"""The entities of a batch of articles: resolved, filled and counted in memory, written in bulk.

An ``EntityBook`` loads the stored rows a batch needs once (by id, by folded name for
discovered entities, their roles), applies each article's entities to them in order,
exactly as writing them one article at a time would (discovered entities merge by folded
name, type and country; a known value is never erased; first and last seen of roles), and
writes what changed with a few bulk statements (``flush``); an actor's country learnt
later is also copied to the events it already took part in (``event_actors.country``). Fusion reads the actors'
countries from the same book, so it sees what earlier articles of the batch wrote.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update

from sukien.normalize.fold import fold
from sukien.store import summary as summaries
from sukien.store.engine import chunks
from sukien.store.engine import insert_ignore, insert_rows
from sukien.store.schema import entities, entity_aliases, entity_roles, event_actors, mentions, role_evidence

_FILL = ("name_vi", "country", "wikidata", "cameo")
_TYPE_BY_PREFIX = {"person": "PERSON", "country": "COUNTRY", "org": "ORG", "loc": "LOC", "place": "LOC"}
_MENTION_COLUMNS = ("article_id", "entity_id", "start", "end", "text", "form", "origin")
_ROLE_SEEN = ("first_seen", "first_seen_article", "last_seen", "last_seen_article")


@lru_cache(maxsize=65_536)
def _fold(name: str) -> str:
    """``fold`` of a name: the same few names come back article after article."""
    return fold(name)


def is_discovered(entity: dict[str, Any]) -> bool:
    return bool(entity.get("discovered")) or str(entity.get("id", "")).startswith("discovered:")


def name_key(entity: dict[str, Any]) -> str:
    return _fold(entity.get("name_vi") or entity.get("name") or entity.get("id", ""))


def role_key(role: dict[str, Any]) -> str:
    title = _fold(role.get("title_en") or role.get("title_vi") or "")
    return f"{title}|{role.get('country') or ''}|{role.get('organization') or ''}"


@dataclass
class _Role:
    values: dict[str, Any]  # entity_id, role_key, titles, country, organization, sector
    id: int | None = None  # None until written
    seen: dict[str, Any] = field(default_factory=lambda: dict.fromkeys(_ROLE_SEEN))
    changed: bool = False


class EntityBook:
    """The entity rows one batch reads and writes; changes are kept until ``flush``."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.rows: dict[str, dict[str, Any]] = {}
        self._absent: set[str] = set()
        self._by_name: dict[tuple[str, str], set[str]] = {}
        self._names_loaded: set[str] = set()
        self._roles: dict[tuple[str, str], _Role] = {}
        self._roles_loaded: set[str] = set()
        self._new: dict[str, dict[str, Any]] = {}
        self._filled: set[str] = set()
        self._counts: Counter[str] = Counter()
        self._aliases: dict[tuple[str, str], str] = {}
        self._evidence: dict[tuple[str, str, str, int], dict[str, Any]] = {}
        self._mentions: list[tuple[Any, ...]] = []  # in the order of _MENTION_COLUMNS

    # -- loading ---------------------------------------------------------------------------

    def prefetch(self, found: Iterable[dict[str, Any]], actors: Iterable[str]) -> None:
        """Load once what the batch's entities and event actors will look up."""
        found = list(found)
        self.load([str(e.get("id")) for e in found if e.get("id")] + list(actors))
        self.load_names(name_key(e) for e in found if is_discovered(e))
        self.load_roles(list(self.rows))

    def _add(self, row: dict[str, Any]) -> None:
        if row["id"] in self.rows:
            return  # what the batch holds is newer than the database
        self.rows[row["id"]] = row
        if row["discovered"]:
            self._by_name.setdefault((row["type"], row["name_key"]), set()).add(row["id"])

    def load(self, ids: Iterable[str]) -> None:
        wanted = {i for i in ids if i not in self.rows and i not in self._absent}
        if not wanted:  # the usual case once the batch is prefetched: called for every entity and actor
            return
        for part in chunks(wanted):
            for row in self.conn.execute(select(entities).where(entities.c.id.in_(part))):
                self._add(dict(row._mapping))
        self._absent |= {i for i in wanted if i not in self.rows}

    def load_names(self, keys: Iterable[str]) -> None:
        wanted = set(keys) - self._names_loaded
        for part in chunks(wanted):
            for row in self.conn.execute(select(entities).where(
                    entities.c.discovered.is_(True), entities.c.name_key.in_(part))):
                self._add(dict(row._mapping))
        self._names_loaded |= wanted

    def load_roles(self, ids: Iterable[str]) -> None:
        wanted = set(ids) - self._roles_loaded
        for part in chunks(wanted):
            for row in self.conn.execute(select(entity_roles).where(entity_roles.c.entity_id.in_(part))):
                key = (row.entity_id, row.role_key)
                if key not in self._roles:
                    self._roles[key] = _Role(values={}, id=row.id,
                                             seen={c: getattr(row, c) for c in _ROLE_SEEN})
        self._roles_loaded |= wanted

    def countries(self, ids: Iterable[str]) -> tuple[tuple[str, str], ...]:
        """(entity id, country) of the given actors that have a known country."""
        wanted = set(ids)
        self.load(wanted)
        return tuple(sorted((i, self.rows[i]["country"]) for i in wanted
                            if i in self.rows and self.rows[i]["country"] is not None))

    # -- one article ---------------------------------------------------------------------

    def add_article(self, found: tuple[dict[str, Any], ...], key: str,
                    published: date | None) -> dict[str, str]:
        """Entities, aliases, roles and mentions of one article; returns contract id → stored id."""
        entity_map: dict[str, str] = {}
        for entity in found:
            stored = self.stored_id(entity)
            entity_map[str(entity["id"])] = stored
            self._upsert(entity, stored)
            self._alias(entity, stored)
            for role in entity.get("roles") or ():
                self._role(stored, role, key, published)
            for mention in entity.get("mentions") or ():
                self._mentions.append((key, stored, int(mention["start"]), int(mention["end"]),
                                       mention.get("text") or "", mention.get("form"), mention.get("origin")))
                self._counts[stored] += 1
        return entity_map

    def stored_id(self, entity: dict[str, Any]) -> str:
        """Discovered entities merge by folded name and type, and country when both know it."""
        wanted = str(entity["id"])
        if not is_discovered(entity):
            return wanted
        country, key = entity.get("country"), name_key(entity)
        self.load_names([key])
        rows = sorted(self._by_name.get((entity.get("type"), key), ()))
        same = [i for i in rows if self.rows[i]["country"] == country] if country else []
        open_ = [i for i in rows if self.rows[i]["country"] is None]
        if same or (country and open_):
            return (same or open_)[0]
        if not country and len(rows) == 1:
            return rows[0]
        self.load([wanted])
        if wanted not in rows and wanted not in self.rows:
            return wanted
        return f"{wanted}:{(country or 'xx').lower()}"  # same slug, other country: a different person

    def _upsert(self, entity: dict[str, Any], key: str) -> None:
        values = {
            "type": entity.get("type") or "UNKNOWN", "name": entity.get("name") or key,
            "name_vi": entity.get("name_vi"), "name_key": name_key(entity),
            "country": entity.get("country"), "wikidata": entity.get("wikidata"),
            "cameo": entity.get("cameo"), "discovered": is_discovered(entity),
        }
        self._create({"id": key, "num_mentions": 0, **values})
        row = self.rows[key]
        for column in _FILL:  # fill what an earlier article did not know; never erase
            if row[column] is None and values[column] is not None:
                row[column] = values[column]
                self._filled.add(key)

    def _create(self, row: dict[str, Any]) -> None:
        self.load([row["id"]])
        if row["id"] not in self.rows:
            self._absent.discard(row["id"])
            self._add(row)
            self._new[row["id"]] = row

    def placeholders(self, ids: Iterable[str]) -> None:
        """Actors the article did not describe still need a row (named by their id)."""
        for entity_id in sorted(set(ids)):
            prefix, _, rest = entity_id.partition(":")
            self._create({"id": entity_id, "type": _TYPE_BY_PREFIX.get(prefix, "UNKNOWN"),
                          "name": rest or entity_id, "name_vi": None, "name_key": fold(rest or entity_id),
                          "country": None, "wikidata": None, "cameo": None,
                          "discovered": prefix == "discovered", "num_mentions": 0})

    def _alias(self, entity: dict[str, Any], key: str) -> None:
        # One alias per folded key; the Vietnamese name is the spelling kept when several fold alike.
        names = [entity.get("name_vi"), entity.get("name")]
        names += [m.get("text") for m in entity.get("mentions") or () if m.get("form") in (None, "name")]
        for name in names:
            if name and _fold(name):
                self._aliases.setdefault((key, _fold(name)), name)

    def _role(self, entity_id: str, role: dict[str, Any], key: str, published: date | None) -> None:
        rkey = role_key(role)
        self.load_roles([entity_id])
        found = self._roles.setdefault((entity_id, rkey), _Role(values={
            "entity_id": entity_id, "role_key": rkey, "title_vi": role.get("title_vi"),
            "title_en": role.get("title_en"), "country": role.get("country"),
            "organization": role.get("organization"), "sector": role.get("sector")}))
        evidence = role.get("evidence") or {}
        start = int(evidence.get("start", -1))
        self._evidence.setdefault((entity_id, rkey, key, start), {
            "article_id": key, "start": start, "end": int(evidence.get("end", -1)),
            "text": evidence.get("text") or ""})
        seen = found.seen
        if seen["first_seen_article"] is None or (published and (seen["first_seen"] is None
                                                                 or published < seen["first_seen"])):
            seen.update(first_seen=published, first_seen_article=key)
            found.changed = True
        if seen["last_seen_article"] is None or (published and (seen["last_seen"] is None
                                                                or published > seen["last_seen"])):
            seen.update(last_seen=published, last_seen_article=key)
            found.changed = True

    # -- writing ---------------------------------------------------------------------------

    def flush(self) -> None:
        """Write the batch's entities, aliases, roles and mentions (articles are written first)."""
        conn = self.conn
        insert_ignore(conn, entities, [{**row, "num_mentions": 0} for row in self._new.values()])
        fills = [{"ref": i, **{f"v_{c}": self.rows[i][c] for c in _FILL}}
                 for i in sorted(self._filled - set(self._new))]
        if fills:
            conn.execute(update(entities).where(entities.c.id == bindparam("ref")).values(
                {c: func.coalesce(entities.c[c], bindparam(f"v_{c}")) for c in _FILL}), fills)
        located = [{"ref": f["ref"], "v": f["v_country"]} for f in fills if f["v_country"] is not None]
        if located:  # the country filter's copy of an actor's country, now that it is known
            stale = list(conn.execute(select(event_actors.c.event_id).where(
                event_actors.c.entity_id.in_([f["ref"] for f in located]), event_actors.c.country.is_(None)))
                .scalars())
            summaries.recount(conn, stale, lambda c: c.execute(update(event_actors).where(
                event_actors.c.entity_id == bindparam("ref"), event_actors.c.country.is_(None))
                .values(country=bindparam("v")), located))
        insert_ignore(conn, entity_aliases, [{"entity_id": e, "alias_key": k, "alias": v}
                                             for (e, k), v in sorted(self._aliases.items())])
        self._flush_roles()
        insert_rows(conn, mentions, _MENTION_COLUMNS, self._mentions)
        if self._counts:
            conn.execute(update(entities).where(entities.c.id == bindparam("ref")).values(
                num_mentions=entities.c.num_mentions + bindparam("n")),
                [{"ref": i, "n": n} for i, n in sorted(self._counts.items())])

    def _flush_roles(self) -> None:
        conn = self.conn
        new = [r for r in self._roles.values() if r.id is None]
        insert_ignore(conn, entity_roles, [r.values for r in new])
        for part in chunks({r.values["entity_id"] for r in new}):
            for row in conn.execute(select(entity_roles.c.id, entity_roles.c.entity_id, entity_roles.c.role_key)
                                    .where(entity_roles.c.entity_id.in_(part))):
                role = self._roles.get((row.entity_id, row.role_key))
                if role is not None and role.id is None:
                    role.id = row.id
        insert_ignore(conn, role_evidence, [{"role_id": self._roles[(e, k)].id, **row}
                                            for (e, k, _, _), row in sorted(self._evidence.items())])
        changed = [{"ref": r.id, **{f"v_{c}": r.seen[c] for c in _ROLE_SEEN}}
                   for r in self._roles.values() if r.changed]
        if changed:
            conn.execute(update(entity_roles).where(entity_roles.c.id == bindparam("ref")).values(
                {c: bindparam(f"v_{c}") for c in _ROLE_SEEN}), changed)
