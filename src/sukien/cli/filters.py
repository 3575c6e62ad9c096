"""The event filter options the query commands share, checked before any database is read.

A value the store would take but could never match (``--type 9999``, a misspelt
country, ``--since`` after ``--until``) would give an empty table that looks like an
answer. Each option is checked here and a bad one stops the command with one
line naming the option and what it accepts. Country names resolve to their ISO code
through the knowledge base's country table, as the press writes them ("Lào", "Mỹ").
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from sukien.cli.common import fail, parse_day
from sukien.normalize.fold import fold
from sukien.store import EventFilter

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT")
USAGE = 2  # the exit status of a bad option, as click gives for its own checks


@dataclass(frozen=True)
class FilterOptions:
    """The filter options as typed on the command line."""

    actor: str | None = None
    country: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    text: str | None = None
    min_confidence: float | None = None


def event_filter(options: FilterOptions, *, limit: int = 50, cursor: str | None = None) -> EventFilter:
    """The store's filter for these options; exits with one line on the first bad one."""
    since, until = date_range(options.since, options.until)
    return EventFilter(actor=_text(options.actor, "--actor"), country=country_code(options.country),
                       cameo=event_type(options.type), since=since, until=until,
                       place=_text(options.place, "--place"), text=_text(options.text, "--text"),
                       min_confidence=_share(options.min_confidence, "--min-confidence"), limit=limit, cursor=cursor)


def _share(value: float | None, option: str) -> float | None:
    if value is not None and not 0.0 <= value <= 1.0:
        fail(f"{option} must lie between 0 and 1, not {value}", USAGE)
    return value


def date_range(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """``--since`` and ``--until`` as dates, the first not after the second."""
    first, last = parse_day(since, "--since"), parse_day(until, "--until")
    if first and last and first > last:
        fail(f"--since {first} is after --until {last}", USAGE)
    return first, last


def _text(value: str | None, option: str) -> str | None:
    if value is not None and not value.strip():
        fail(f"{option} is empty", USAGE)
    return value


def country_code(value: str | None) -> str | None:
    """ISO alpha-3 from a code ("lao", "LAO") or a country name in Vietnamese or English."""
    if value is None:
        return None
    names = country_names()
    if value.strip().upper() in names.values():
        return value.strip().upper()
    found = names.get(fold(value))
    if found is None:
        fail(f"--country: {value!r} is no country code or name (an ISO code such as LAO, or a name"
             " such as Lào)", USAGE)
    return found


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Folded country name or alias → ISO alpha-3, from the knowledge base's country table."""
    table = resources.files("sukien") / "data" / "kb" / "countries.tsv"
    found: dict[str, str] = {}
    with table.open(encoding="utf-8") as handle:
        for row in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"):
            names = [row["name_vi"], row["name_en"], *row["aliases_vi"].split("|"),
                     *row["aliases_en"].split("|")]
            for name in filter(None, names):
                found.setdefault(fold(name), row["iso3"])  # the first country keeps a shared alias
    return found


def event_type(value: str | None) -> str | None:
    """A CAMEO code or root the lexicon knows ("042", "04"), or a PLOVER type ("consult")."""
    if value is None:
        return None
    from sukien.events.lexicon import load_lexicon
    if value.isdigit() and value in load_lexicon().cameo:
        return value
    if value.upper() in PLOVER_TYPES:
        return value.upper()
    fail(f"--type: {value!r} is no CAMEO code or root (such as 042 or 04) or PLOVER type"
         f" ({', '.join(PLOVER_TYPES)})", USAGE)
