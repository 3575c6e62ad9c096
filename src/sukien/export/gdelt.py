"""GDELT 2.0 event table: 61 tab-separated columns per fused event, in GDELT's order.

Choices where sukien's data and GDELT's differ (GDELT 2.0 codebook wording in quotes):

- GLOBALEVENTID is an integer in GDELT; ours is a string. The column holds a stable
  60-bit integer made from the sukien id (SHA-1), so the same event always gets the
  same number; the JSONL and PLOVER exports carry the sukien id itself.
- Actor codes are CAMEO actor codes: the entity's own (``VNMGOV``, ``PRKPTY``) when the
  knowledge base has one, else its country's CAMEO code plus the sector of its latest
  stated role. Actor1 is the first source, Actor2 the first target.
- Country codes: Actor*CountryCode are 3-letter CAMEO country codes (as in GDELT).
  The *Geo_CountryCode and *Geo_ADM1Code columns are FIPS 10-4, as in GDELT
  ("VM" for Vietnam, "KN" for North Korea), looked up in ``fips10_4.tsv``; a country
  without a FIPS code leaves them blank. Actor geography is country level (type 1,
  from the actor's country); ActionGeo is the event's place (type 4, world city, when
  it names a place inside the country; type 1 when only the country is known).
  Latitude, longitude and feature ids are left blank: sukien has no gazetteer coordinates.
- NumMentions/NumSources/NumArticles are fusion's counts over every stored report,
  not GDELT's first-15-minute counts. AvgTone is blank (sukien computes no tone).
- IsRootEvent is 1 when the earliest report states the event in its first two
  sentences (sukien keeps sentence numbers, not paragraphs).
- A meeting or visit yet to be held (modality "planned") is written as CAMEO codes it, the
  intent to meet (036, with 036's Goldstein value and QuadClass); sukien's own records keep
  the meeting's code and say "planned".
- Negated and hypothetical events ("did not discuss", "would meet if …") are left out:
  GDELT has no column that could say so, and a row there reads as an event that took
  place. The JSONL, Parquet and PLOVER exports keep them with their modality.
- DATEADDED is the day of the first report at 00:00:00; SOURCEURL the URL of the
  earliest reporting article, or "outlet: title" when it has none.
GDELT's files have no header row; ``header=True`` adds one with the column names.
"""
from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from sukien.events.lexicon import load_lexicon

INTENT_TO_MEET = "036"
LEFT_OUT = frozenset({"negated", "hypothetical"})  # modalities GDELT has no way to mark
ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in ACTOR_FIELDS), *(f"Actor2{f}" for f in ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in GEO_FIELDS), *(f"Actor2Geo_{f}" for f in GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
assert len(COLUMNS) == 61

# CAMEO actor type (role) codes; a 3-letter chunk of an actor code that is one of these
# is a type, a country code is a country, anything else a known group (ASN, UNO, EEC, ...).
TYPE_CODES = frozenset({
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "AGR", "BUS", "CRM",
    "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD",
    "IGO", "IMG", "INT", "NGM", "NGO", "PTY", "PRE", "REL", "SOC", "UNK",
})
ROOT_LEAD_SENTENCES = 2
_DATA = Path(__file__).resolve().parents[1] / "data" / "export"


@lru_cache(maxsize=1)
def fips_codes() -> dict[str, str]:
    """ISO 3166 alpha-3 → FIPS 10-4, from ``fips10_4.tsv``."""
    table = {}
    for line in (_DATA / "fips10_4.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line and not line.startswith("#") and not line.startswith("iso3\t"):
            iso3, fips = line.split("\t")
            table[iso3] = fips
    return table


@lru_cache(maxsize=1)
def countries() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 → (CAMEO country code, English name), from the knowledge base's table."""
    path = _DATA.parent / "kb" / "countries.tsv"
    table = {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for row in rows:
            table[row["iso3"]] = (row.get("cameo") or row["iso3"], row["name_en"])
    return table


def global_event_id(event_id: str) -> int:
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)


def actor_columns(actor: dict[str, Any] | None) -> list[str]:
    """The ten Actor* columns for one entity record (blank when there is no actor)."""
    if actor is None:
        return [""] * len(ACTOR_FIELDS)
    code = actor_code(actor)
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    cameo_countries = {c for c, _ in countries().values()}
    country = chunks[0] if chunks and chunks[0] in cameo_countries else ""
    types = [c for c in chunks if c in TYPE_CODES][:3]
    groups = [c for c in chunks if c not in TYPE_CODES and c != country]
    return [code, (actor.get("name") or "").upper(), country, groups[0] if groups else "", "", "", "",
            *(types + ["", "", ""])[:3]]


def actor_code(actor: dict[str, Any]) -> str:
    if actor.get("cameo"):
        return actor["cameo"]
    country = countries().get(actor.get("country") or "", ("", ""))[0]
    sector = actor.get("sector") or ""
    if actor.get("type") == "COUNTRY":
        return country
    return country + (sector if sector in TYPE_CODES else "")


def geo_columns(country: str | None, place: str | None = None) -> list[str]:
    """Eight *Geo_ columns: country level from an ISO code, world city when a place is named."""
    if not country and not place:
        return [""] * len(GEO_FIELDS)
    fips = fips_codes().get(country or "", "")
    country_name = countries().get(country or "", ("", ""))[1]
    if place and place != country_name:
        full = ", ".join(filter(None, (place, country_name)))
        return ["4", full, fips, fips, "", "", "", ""]
    return ["1", country_name or place or "", fips, fips, "", "", "", ""]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value and not value.startswith("0001") else None


def row(record: dict[str, Any]) -> list[str]:
    """One GDELT row for one fused event record (``iter_records`` shape)."""
    day = _day(record.get("date_start")) or _day(record.get("sort_date"))
    sources, targets = record.get("source") or [], record.get("target") or []
    first = (record.get("mentions") or [None])[0]
    cameo, quad_class, goldstein = _coded(record)
    added = _day(record.get("first_seen")) or day
    values = [
        str(global_event_id(record["id"])),
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "",
        str(day.year) if day else "",
        f"{day.year + (day.month * 30 + day.day) / 365:.4f}" if day else "",
        *actor_columns(sources[0] if sources else None),
        *actor_columns(targets[0] if targets else None),
        "1" if first and (first.get("sentence") or 0) < ROOT_LEAD_SENTENCES else "0",
        cameo, cameo[:3], cameo[:2],
        _text(quad_class), _text(goldstein),
        _text(record.get("num_mentions")), _text(record.get("num_sources")),
        _text(record.get("num_articles")), "",
        *geo_columns(sources[0].get("country") if sources else None),
        *geo_columns(targets[0].get("country") if targets else None),
        *geo_columns(record.get("place_country"), record.get("place_name")),
        added.strftime("%Y%m%d000000") if added else "",
        _source_url(first),
    ]
    return [_clean(v) for v in values]


def _coded(record: dict[str, Any]) -> tuple[str, Any, Any]:
    """(EventCode, QuadClass, GoldsteinScale): a planned meeting is CAMEO's intent to meet."""
    if record.get("modality") == "planned" and record["cameo"].startswith("04"):
        intent = load_lexicon().cameo[INTENT_TO_MEET]
        return intent.code, intent.quad_class, intent.goldstein
    return record["cameo"], record.get("quad_class"), record.get("goldstein")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _clean(value: str) -> str:
    """Tabs and newlines would break the row: fold them into spaces."""
    return " ".join(value.split()) if any(c in value for c in "\t\r\n") else value


def _source_url(mention: dict[str, Any] | None) -> str:
    if mention is None:
        return ""
    if mention.get("url"):
        return mention["url"]
    cite = ": ".join(filter(None, (mention.get("outlet"), mention.get("title"))))
    return cite or mention["article_id"]


def belongs(record: dict[str, Any]) -> bool:
    """Whether the event may be a GDELT row: one that took place, or an intent stated."""
    return not record.get("negated") and record.get("modality") not in LEFT_OUT


def write_gdelt(records: Iterable[dict[str, Any]], out: TextIO, header: bool = False) -> int:
    """Write tab-separated GDELT event rows; return how many (negated and hypothetical events left out)."""
    if header:
        out.write("\t".join(COLUMNS) + "\n")
    count = 0
    for record in filter(belongs, records):
        out.write("\t".join(row(record)) + "\n")
        count += 1
    return count
