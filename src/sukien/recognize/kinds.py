"""What a discovered name is: news outlets, companies and places are never people.

The grammar and the tagger find names the knowledge base does not know; a name after "Chủ tịch"
or one the tagger reads as a person may still be a newspaper ("tờ Le Monde"), a news agency, a
company ("Ngân hàng X Bank") or a city. Gazetteers (``data/names/``: news outlets, world cities)
and the words around the name decide; a name they place is retyped, never dropped.
"""
from __future__ import annotations

import csv
import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from sukien.model import LOCATION, NAME, ORGANIZATION, PERSON, Mention, Span
from sukien.normalize import fold
from sukien.recognize import names

_DATA = resources.files("sukien") / "data" / "names"


def _rows(name: str) -> list[dict[str, str]]:
    with (_DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


@lru_cache(maxsize=1)
def outlets() -> tuple[frozenset[str], tuple[str, ...]]:
    """Folded outlet names, and the folded names of two words or more (found inside longer names)."""
    names = {fold(row["name"]) for row in _rows("news_outlets.tsv")}
    return frozenset(names), tuple(n for n in names if " " in n)


@lru_cache(maxsize=1)
def _media_words() -> tuple[frozenset[str], re.Pattern]:
    rows = _rows("media_words.tsv")
    inside = frozenset(row["word"] for row in rows if row["kind"] == "inside")
    before = sorted((row["word"] for row in rows if row["kind"] == "before"), key=len, reverse=True)
    cue = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, before)) + r")[ \u00a0]+$", re.I)
    return inside, cue


@lru_cache(maxsize=1)
def cities() -> frozenset[str]:
    """Folded names of the world's larger cities (``data/names/world_cities.tsv``)."""
    path = _DATA / "world_cities.tsv"
    if not path.is_file():
        return frozenset()
    return frozenset(fold(row["name"]) for row in _rows("world_cities.tsv"))


_ACRONYM = re.compile(r"[A-ZĐ]{2,}")


@lru_cache(maxsize=8192)
def _kind_of_name(name: str) -> str | None:
    """ORGANIZATION, LOCATION or None (a person, as far as the name itself says)."""
    folded = fold(name)
    exact, long_names = outlets()
    words = name.split()
    if folded in exact or any(f" {n} " in f" {folded} " for n in long_names):
        return ORGANIZATION
    inside, _ = _media_words()
    if any(word.strip(".,") in inside for word in words[1:] or words):
        return ORGANIZATION
    if len(words) >= 2 and names.opens_institution(name, 0):
        return ORGANIZATION  # "Tỉnh Kanagawa", "Nhà Văn hóa": an institution's or a place's name
    if len(words) == 1 and _ACRONYM.fullmatch(name):
        return ORGANIZATION  # "Chủ tịch FIFA": an acronym is an organisation's
    if len(words) >= 2 and folded in cities():
        return LOCATION  # "Port Moresby"
    return None


def _kind(text: str, mention: Mention) -> str | None:
    kind = _kind_of_name(mention.span.text)
    if kind is None:
        _, cue = _media_words()
        if cue.search(text, max(0, mention.span.start - 20), mention.span.start):
            kind = ORGANIZATION  # "tờ X", "hãng thông tấn X"
    return kind


def retype(mentions: list[Mention], text: str) -> list[Mention]:
    """``mentions`` with the discovered "people" that are outlets, companies or places retyped,
    and the words of the sentence read into a foreign name taken off it."""
    typed = []
    for mention in mentions:
        if mention.type == PERSON and mention.form == NAME and mention.origin in ("tagger", "pattern"):
            kind = _kind(text, mention)  # "Tỉnh Kanagawa" is a province before "Tỉnh" could be taken off
            start, end = names.sentence_words_off(text, mention.span.start, mention.span.end)
            if kind is None and (start, end) != (mention.span.start, mention.span.end):
                mention = replace(mention, span=Span.of(text, start, end))
                kind = _kind(text, mention)
            if kind is not None:
                mention = replace(mention, type=kind, roles=(), entity_ids=())
        typed.append(mention)
    return typed
