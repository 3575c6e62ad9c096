"""PLOVER JSON records (draft 2.0 manual), one per fused event, as JSONL.

Field by field: ``actor``/``recipient`` are lists of entity objects (``code`` the
CAMEO/ISO country code, or the entity's CAMEO actor code's first part for bodies
without a country; ``sector``; ``entity_text`` as the press writes it; Wikidata id in
``identifier_id``); ``event`` the PLOVER type; ``mode`` the lexicon's mode plus the
auxiliary modes ``future`` (planned), ``negation``, ``historical``, ``hypothetical``; a
meeting or visit yet to come (modality "planned") is written as PLOVER codes it, AGREE
(without its meeting mode, with ``future``); ``context`` from the agreed topics
(``contexts.tsv``) plus ``diplomatic`` when the actors belong to two or more countries; ``quad_code`` PLOVER's quad of the event type
(which differs from CAMEO's QuadClass); ``event_text`` the trigger words; ``text`` and
``text_info`` the earliest report's evidence (the Vietnamese sentence); ``comment`` the
event's English summary. CAMEO 01/02 events, which PLOVER drops,
are not exported. Fields PLOVER does not define go under ``x_sukien``.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from sukien.normalize.fold import fold

QUADS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
AUXILIARY = {"planned": "future", "historical": "historical", "hypothetical": "hypothetical"}
CODEBOOK = "PLOVER 2.0 (draft manual); CAMEO 1.1b3"


@lru_cache(maxsize=1)
def context_words() -> tuple[tuple[str, str], ...]:
    lines = (Path(__file__).resolve().parents[1] / "data" / "export" / "contexts.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return tuple((word, context) for word, context in rows[1:])


def entity_object(actor: dict[str, Any]) -> dict[str, Any]:
    code = actor.get("country") or (actor.get("cameo") or "")[:3] or None
    return {
        "code": code, "sector": actor.get("sector"),
        "entity_text": actor.get("name_vi") or actor.get("name"),
        "identifier_id": actor.get("wikidata"), "identifier_text": actor.get("name"),
        "office": actor.get("title_en"),
        "x_sukien": {"id": actor["id"], "type": actor.get("type"), "cameo": actor.get("cameo")},
    }


def _planned_meeting(record: dict[str, Any]) -> bool:
    return record.get("modality") == "planned" and record.get("plover") == "CONSULT"


def _event_type(record: dict[str, Any]) -> str:
    """PLOVER's type: a meeting or visit yet to come is an agreement to meet (AGREE), as PLOVER codes it."""
    return "AGREE" if _planned_meeting(record) else record["plover"]


def modes(record: dict[str, Any]) -> list[str]:
    found = [record["mode"]] if record.get("mode") and not _planned_meeting(record) else []
    if record.get("negated"):
        found.append("negation")
    if record.get("modality") in AUXILIARY:
        found.append(AUXILIARY[record["modality"]])
    return found


def contexts(record: dict[str, Any]) -> list[str]:
    text = " ".join(fold(t) for t in [*(record.get("topics") or []), record.get("occasion") or ""])
    found = {context for word, context in context_words() if word in text}
    actor_countries = {a.get("country") for a in record.get("source", []) + record.get("target", [])}
    if len(actor_countries - {None}) >= 2:
        found.add("diplomatic")
    return sorted(found)


def to_plover(record: dict[str, Any], coded: date | None = None) -> dict[str, Any] | None:
    """One PLOVER record, or None for an event PLOVER has no type for."""
    if not record.get("plover"):
        return None
    first = (record.get("mentions") or [{}])[0]
    evidence = (first.get("evidence") or [{}])[0]
    event = _event_type(record)
    triggers = sorted({m["trigger"]["text"] for m in record.get("mentions", []) if m["trigger"].get("text")})
    return {
        "id": record["id"], "has_event": True,
        "date": record.get("date_start") or record.get("sort_date"),
        "enddate": record.get("date_end"),
        "actor": [entity_object(a) for a in record.get("source", [])],
        "recipient": [entity_object(a) for a in record.get("target", [])],
        "event": [event], "event_loc": _location(record), "event_text": triggers,
        "quad_code": QUADS.get(event), "mode": modes(record), "context": contexts(record),
        "link": first.get("url"), "text": evidence.get("text"),
        "text_info": {"sequence": first.get("sentence"), "start": evidence.get("start"),
                      "end": evidence.get("end"), "text_story": first.get("article_id")},
        "cite_info": {"corpus": "sukien", "citation": first.get("title"), "url": first.get("url"),
                      "title": first.get("title"), "language": "vi", "publication": first.get("outlet"),
                      "coder": "sukien", "codebook": CODEBOOK, "version": _version()},
        "coder": "sukien", "coded_date": (coded or date.today()).isoformat(),
        "comment": record.get("summary"),
        "x_sukien": {"cameo": record.get("cameo"), "goldstein": record.get("goldstein"),
                     "num_mentions": record.get("num_mentions"), "num_articles": record.get("num_articles"),
                     "num_sources": record.get("num_sources"), "articles": _articles(record)},
    }


def _location(record: dict[str, Any]) -> dict[str, Any] | None:
    if not (record.get("place_name") or record.get("place_country")):
        return None
    return {"extracted_place": record.get("place_name_vi") or record.get("place_name"),
            "resolved_place": record.get("place_name"), "country_code": record.get("place_country"),
            "resolution": 4 if record.get("place_name") else 1}


def _articles(record: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(m["article_id"] for m in record.get("mentions", [])))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("sukien")
    except PackageNotFoundError:
        return "unknown"


def plover_records(records: Iterable[dict[str, Any]], coded: date | None = None) -> Iterator[dict[str, Any]]:
    for record in records:
        converted = to_plover(record, coded)
        if converted is not None:
            yield converted


def write_plover(records: Iterable[dict[str, Any]], out: TextIO, coded: date | None = None) -> int:
    """Write PLOVER records as JSON lines; return how many (events PLOVER drops are skipped)."""
    count = 0
    for item in plover_records(records, coded):
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
        count += 1
    return count
