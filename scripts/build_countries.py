"""Build ``src/sukien/data/kb/countries.tsv`` from CLDR, pycountry and the hand-written press forms.

Run offline from the repository root::

    python scripts/build_countries.py [--gazetteers DIR]

Sources, in order of precedence for each field:

* ``press_forms.tsv`` (hand-written): Vietnamese press short forms and transliterations,
  English short names, Wikidata ids, name overrides, the few CAMEO codes that differ
  from ISO alpha-3 and the forms that must match exactly (``strict_aliases``); its rows
  outside ISO 3166-1 are added as extra countries.
* CLDR territory names in Vietnamese and English: ``cldr_babel_vi_territories.tsv`` in
  ``DIR`` when given (a snapshot of babel's ``Locale("vi").territories``), otherwise
  babel itself.
* ``umpirsky_country_vi.csv`` in ``DIR`` (an older CLDR release): older forms become aliases.
* pycountry: the 249 ISO 3166-1 entries, alpha-2/alpha-3 codes and English official names.

pycountry's Vietnamese translations are deliberately not used: many are archaic
("Nam Dương", "Căm Bốt").
"""
from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import pycountry

KB = Path(__file__).resolve().parent.parent / "src" / "sukien" / "data" / "kb"
COLUMNS = ["iso3", "iso2", "cameo", "name_en", "name_vi", "aliases_vi", "aliases_en", "wikidata", "strict_aliases"]
_PAREN = re.compile(r"^(.*?)\s*\((.*)\)\s*$")


def _tsv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def cldr_names(gazetteers: Path | None) -> dict[str, tuple[str, str]]:
    """ISO alpha-2 → (Vietnamese, English) CLDR territory name."""
    snapshot = gazetteers / "cldr_babel_vi_territories.tsv" if gazetteers else None
    if snapshot and snapshot.exists():
        return {row["code"]: (row["cldr_vi"], row["cldr_en"]) for row in _tsv_rows(snapshot)}
    from babel import Locale

    vi, en = Locale("vi").territories, Locale("en").territories
    return {code: (vi[code], en.get(code, "")) for code in vi}


def older_names(gazetteers: Path | None) -> dict[str, str]:
    path = gazetteers / "umpirsky_country_vi.csv" if gazetteers else None
    if not path or not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {row["id"]: row["value"] for row in csv.DictReader(handle)}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _unparen(name: str) -> tuple[str, list[str]]:
    """'Myanmar (Miến Điện)' → ('Myanmar', ['Miến Điện'])."""
    match = _PAREN.match(name)
    return (match.group(1), [match.group(2)]) if match else (name, [])


def _english(country, cldr_en: str) -> tuple[str, list[str]]:
    name, extra = _unparen(cldr_en.replace(" & ", " and "))
    official = [getattr(country, attr, "") for attr in ("name", "official_name", "common_name")]
    return name, extra + [_no_article(n) for n in official if n and "," not in n]


def _no_article(name: str) -> str:
    return name[4:] if name.startswith("the ") else name


def _row(country, cldr: dict, older: dict, press: dict) -> dict[str, str]:
    iso2, iso3 = country.alpha_2, country.alpha_3
    cldr_vi, cldr_en = cldr.get(iso2, ("", ""))
    name_vi, vi_extra = _unparen(cldr_vi or country.name)
    name_en, en_extra = _english(country, cldr_en or country.name)
    hand = press.get(iso3, {})
    old = older.get(iso2, "")
    vi_aliases = _split(hand.get("aliases_vi", "")) + vi_extra + [cldr_vi] + ([old] if "," not in old else [])
    return _finish({
        "iso3": iso3, "iso2": iso2, "cameo": hand.get("cameo") or iso3,
        "name_en": hand.get("name_en") or name_en, "name_vi": hand.get("name_vi") or name_vi,
        "aliases_vi": vi_aliases, "aliases_en": _split(hand.get("aliases_en", "")) + en_extra,
        "wikidata": hand.get("wikidata", ""), "strict_aliases": hand.get("strict_aliases", ""),
    })


def _extra_row(hand: dict) -> dict[str, str]:
    return _finish({
        "iso3": hand["iso3"], "iso2": hand["iso2"], "cameo": hand.get("cameo") or hand["iso3"],
        "name_en": hand["name_en"], "name_vi": hand["name_vi"],
        "aliases_vi": _split(hand["aliases_vi"]), "aliases_en": _split(hand["aliases_en"]),
        "wikidata": hand.get("wikidata", ""), "strict_aliases": hand.get("strict_aliases", ""),
    })


def _finish(row: dict) -> dict[str, str]:
    """Aliases deduplicated, without the names themselves, '|'-joined."""
    for key, name_key in (("aliases_vi", "name_vi"), ("aliases_en", "name_en")):
        names = [a for a in dict.fromkeys(row[key]) if a and a != row[name_key] and not set(a) & {"|", ","}]
        row[key] = "|".join(names)
    return row


def build(gazetteers: Path | None) -> list[dict[str, str]]:
    press = {row["iso3"]: row for row in _tsv_rows(KB / "press_forms.tsv")}
    cldr, older = cldr_names(gazetteers), older_names(gazetteers)
    rows = [_row(c, cldr, older, press) for c in sorted(pycountry.countries, key=lambda c: c.alpha_3)]
    iso = {row["iso3"] for row in rows}
    rows += [_extra_row(hand) for iso3, hand in press.items() if iso3 not in iso]
    return rows


def write(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# Generated by scripts/build_countries.py from CLDR (babel), pycountry and\n")
        handle.write("# press_forms.tsv; edit press_forms.tsv and rerun instead of editing this file.\n")
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gazetteers", type=Path, help="folder with the CLDR snapshot and umpirsky csv")
    parser.add_argument("--out", type=Path, default=KB / "countries.tsv")
    args = parser.parse_args()
    rows = build(args.gazetteers)
    write(rows, args.out)
    print(f"{len(rows)} countries → {args.out}")


if __name__ == "__main__":
    main()
