"""The knowledge base: countries, places, people, organizations and titles, from data files.

Everything here is read from ``sukien/data/kb/`` (see its PROVENANCE.md); no fact
about the world lives in code. ``load()`` reads the files once per process.

Aliases are matched diacritics- and case-insensitively, except *strict* ones:
single syllables and acronyms ("Nga", "Anh", "Mỹ", "KCNA") must appear exactly as
written, because folded they collide with ordinary words ("nga", "anh", "my").
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sukien.errors import DataFileError
from sukien.model import COUNTRY, LOCATION, ORGANIZATION, PERSON, Entity
from sukien.normalize import fold, normalize_text

DATA = resources.files("sukien") / "data" / "kb"


@dataclass(frozen=True)
class Alias:
    """One way of writing an entity's name."""

    text: str  # as written, normalized
    entity_id: str
    strict: bool  # must match exactly (case and diacritics)


@dataclass(frozen=True)
class Office:
    """A role a person held, with the dates it was held (ISO, open-ended when ``end`` is None)."""

    title_vi: str
    title_en: str
    country: str | None
    organization: str | None
    sector: str | None
    start: date | None
    end: date | None

    def held_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Title:
    """A title word or phrase ("Thủ tướng", "Bộ trưởng Ngoại giao") and what it means."""

    text: str
    title_en: str
    sector: str
    rank: int  # 1 head of state/party … 5 official; guides coreference
    person_prefix: bool = False  # an honorific such as "ông", "bà", "ngài"
    relational: bool = False  # "người đồng cấp": opens a name as a title does, but names no office


@dataclass
class KnowledgeBase:
    entities: dict[str, Entity] = field(default_factory=dict)
    aliases: list[Alias] = field(default_factory=list)
    offices: dict[str, tuple[Office, ...]] = field(default_factory=dict)
    titles: list[Title] = field(default_factory=list)
    place_country: dict[str, str] = field(default_factory=dict)  # place id → ISO3
    country_by_iso: dict[str, str] = field(default_factory=dict)  # ISO3 → country entity id
    _folded_index: dict[str, tuple[str, ...]] | None = field(default=None, repr=False)
    _offices_index: dict[str, list[tuple[str, "Office"]]] | None = field(default=None, repr=False)

    def entity(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def offices_on(self, person_id: str, day: date | None) -> tuple[Office, ...]:
        return tuple(o for o in self.offices.get(person_id, ()) if o.held_on(day))

    def country_entity(self, iso3: str | None) -> Entity | None:
        entity_id = self.country_by_iso.get(iso3 or "")
        return self.entities.get(entity_id) if entity_id else None

    def offices_by_country(self) -> dict[str, list[tuple[str, "Office"]]]:
        """ISO3 → (person id, office) for every office of that country; built once."""
        if self._offices_index is None:
            index: dict[str, list[tuple[str, Office]]] = {}
            for person, offices in self.offices.items():
                for office in offices:
                    index.setdefault(office.country or "", []).append((person, office))
            self._offices_index = index
        return self._offices_index

    def by_folded_name(self) -> dict[str, tuple[str, ...]]:
        """Folded alias → entity ids; built once per knowledge base."""
        if self._folded_index is None:
            self._folded_index = self._build_folded_index()
        return self._folded_index

    def _build_folded_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for alias in self.aliases:
            index.setdefault(fold(alias.text), []).append(alias.entity_id)
        return {key: tuple(dict.fromkeys(ids)) for key, ids in index.items()}


def is_strict(alias: str) -> bool:
    """One syllable, or an acronym: too easily confused with ordinary words when folded."""
    words = alias.split()
    return len(words) == 1 and (len(alias) <= 6 or alias.isupper())


def _norm(text: str) -> str:
    return normalize_text(text.strip())[0]


def _parse_day(value: str | None, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise DataFileError(f"{where}: bad date {value!r}") from error


def _read_tsv(name: str):
    path = DATA / name
    with path.open(encoding="utf-8") as handle:
        rows = (line for line in handle if not line.startswith("#"))
        for number, row in enumerate(csv.DictReader(rows, delimiter="\t"), start=2):
            yield f"{name}:{number}", row


def _read_jsonl(name: str):
    path = DATA / name
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip() and not line.startswith("#"):
                try:
                    yield f"{name}:{number}", json.loads(line)
                except json.JSONDecodeError as error:
                    raise DataFileError(f"{name}:{number}: {error.msg}") from error


def _add(kb: KnowledgeBase, entity: Entity, names: list[str], strict: set[str] = frozenset()) -> None:
    if entity.id in kb.entities:
        raise DataFileError(f"duplicate entity id {entity.id}")
    kb.entities[entity.id] = entity
    for name in dict.fromkeys(_norm(n) for n in names if n and n.strip()):
        kb.aliases.append(Alias(name, entity.id, name in strict or is_strict(name)))


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _load_countries(kb: KnowledgeBase) -> None:
    for where, row in _read_tsv("countries.tsv"):
        iso3 = row["iso3"]
        entity = Entity(
            id=f"country:{iso3}", type=COUNTRY, name=row["name_en"], name_vi=_norm(row["name_vi"]),
            country=iso3, cameo=row.get("cameo") or iso3, wikidata=row.get("wikidata") or None,
            aliases=tuple(_split(row.get("aliases_vi"))),
        )
        strict = _split(row.get("strict_aliases"))  # optional column: forms that must match exactly
        names = [row["name_vi"], *_split(row.get("aliases_vi")), row["name_en"], *_split(row.get("aliases_en")), *strict]
        _add(kb, entity, names, strict={_norm(a) for a in strict})
        kb.country_by_iso[iso3] = entity.id


def _load_jsonl_entities(kb: KnowledgeBase, name: str, kind: str) -> None:
    for where, record in _read_jsonl(name):
        try:
            entity = Entity(
                id=record["id"], type=kind, name=record["name"], name_vi=_norm(record.get("name_vi") or record["name"]),
                country=record.get("country"), wikidata=record.get("wikidata"), cameo=record.get("cameo"),
                aliases=tuple(record.get("aliases", ())) + tuple(record.get("strict_aliases", ())), kind=record.get("kind"),
            )
        except KeyError as error:
            raise DataFileError(f"{where}: missing field {error}") from error
        strict = record.get("strict_aliases", ())
        names = [entity.name_vi, entity.name, *record.get("aliases", ()), *strict]
        _add(kb, entity, names, strict={_norm(a) for a in strict})
        if kind == LOCATION and entity.country:
            kb.place_country[entity.id] = entity.country
        if kind == PERSON:
            kb.offices[entity.id] = tuple(_office(o, where) for o in record.get("roles", ()))


def _office(record: dict, where: str) -> Office:
    return Office(
        title_vi=record["title_vi"], title_en=record["title_en"], country=record.get("country"),
        organization=record.get("organization"), sector=record.get("sector"),
        start=_parse_day(record.get("start"), where), end=_parse_day(record.get("end"), where),
    )


def _load_titles(kb: KnowledgeBase) -> None:
    for where, row in _read_tsv("titles.tsv"):
        if row.get("honorific", "") not in ("", "yes", "relational"):
            raise DataFileError(f"{where}: honorific is {row['honorific']!r}, expected empty, 'yes' or 'relational'")
        try:
            kb.titles.append(Title(
                text=_norm(row["title_vi"]), title_en=row["title_en"], sector=row["sector"],
                rank=int(row["rank"]), person_prefix=row.get("honorific", "") == "yes",
                relational=row.get("honorific", "") == "relational",
            ))
        except (KeyError, ValueError) as error:
            raise DataFileError(f"{where}: {error}") from error


@lru_cache(maxsize=1)
def load() -> KnowledgeBase:
    """The knowledge base shipped in the package."""
    kb = KnowledgeBase()
    _load_countries(kb)
    _load_jsonl_entities(kb, "places.jsonl", LOCATION)
    _load_jsonl_entities(kb, "organizations.jsonl", ORGANIZATION)
    _load_jsonl_entities(kb, "people.jsonl", PERSON)
    _load_titles(kb)
    return kb


@lru_cache(maxsize=1)
def vietnamese_surnames() -> frozenset[str]:
    """Common Vietnamese family names (``lexicons/vietnamese_surnames.tsv``)."""
    path = resources.files("sukien") / "data" / "lexicons" / "vietnamese_surnames.tsv"
    with path.open(encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip() and not line.startswith(("#", "surname")))


def data_path(name: str) -> Path:
    return Path(str(DATA / name))
