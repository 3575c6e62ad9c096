"""Countries where the dictionary pass alone misses or misreads them.

- inside an organisation's name ("Đảng Lao động Triều Tiên"), but not inside a continent's or a
  sea's ("Mỹ Latinh", "Ấn Độ Dương");
- one syllable each side of a dash ("Việt - Trung", "Nga-Ấn");
- Vietnam's one-syllable form ("người Việt", "doanh nghiệp Việt");
- and not at all where a one-syllable country form is a syllable of a person's name or of a
  common word ("Thứ trưởng Trần Quang Đức", "Anh em").
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from sukien import kb as knowledge
from sukien.model import COUNTRY, LOCATION, ORGANIZATION, Mention, Span
from sukien.recognize import gazetteer, names
from sukien.recognize.gazetteer import Hit


def _mention(hit: Hit, origin: str, text: str) -> Mention:
    kind, ids = hit.reading.linked
    return Mention(span=Span.of(text, hit.start, hit.end), type=kind, entity_ids=ids, origin=origin)


# Places whose names hold a country's name without standing for it: "Mỹ" in "Mỹ Latinh", "Ấn Độ"
# in "Ấn Độ Dương" name a continent, not the country.
_NOT_A_COUNTRY_S_PLACE = frozenset({"continent", "subcontinent", "sea", "river"})


def _place_named_after_country(hit: Hit) -> bool:
    place = hit.reading.entity_of.get(LOCATION)
    return place is not None and knowledge.load().entities[place].kind not in _NOT_A_COUNTRY_S_PLACE


def nested(text: str, hits: list[Hit], items: list[Hit]) -> list[Mention]:
    """Countries named inside an organization's name ("Đảng Lao động Triều Tiên")."""
    chosen = {(h.start, h.end) for h in items}
    containers = [h for h in items if ORGANIZATION in h.reading.entity_of or _place_named_after_country(h)]
    nested = []
    for hit in hits:
        linked = hit.reading.linked  # what its mention would link to: only a country's is wanted
        if linked is None or linked[0] != COUNTRY or (hit.start, hit.end) in chosen:
            continue
        if any(c.start <= hit.start and hit.end <= c.end for c in containers):
            nested.append(hit)
    # "Chính phủ Nhật Bản" holds "Nhật Bản", not also "Nhật"
    return [_mention(hit, "nested", text) for hit in gazetteer.longest_first(nested)]


@lru_cache(maxsize=1)
def _compounds() -> tuple[re.Pattern, dict[str, str]]:
    path = resources.files("sukien") / "data" / "lexicons" / "compound_forms.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"))
    forms = {row["form"]: row["iso3"] for row in rows}
    longest_first = sorted(forms, key=len, reverse=True)
    # The look-behind sits after each form's first letter, so that the search skips straight to those letters.
    first = "|".join(re.escape(form[0]) + r"(?<!\w.)" + re.escape(form[1:]) for form in longest_first)
    word = "|".join(map(re.escape, longest_first))
    return re.compile(rf"({first})\s?[-–]\s?({word})(?!\w)"), forms


def compounds(text: str) -> list[Mention]:
    """"Việt - Trung", "Nga-Ấn": each side of the pair is a country mention."""
    pattern, forms = _compounds()
    kb = knowledge.load()
    found = []
    for match in pattern.finditer(text):
        for group in (1, 2):
            country = kb.country_by_iso.get(forms[match.group(group)])
            if country:
                found.append(Mention(Span.of(text, match.start(group), match.end(group)), COUNTRY,
                                     entity_ids=(country,), origin="compound"))
    return found


# "người Việt", "doanh nghiệp Việt", "Việt kiều": Vietnam's one-syllable form after a lowercase
# word and before no capitalized one (not "Việt Nam", not a name such as "Quốc Việt" or "Việt Hà");
# "tiếng Việt" is the language.
_SHORT_VIETNAM = re.compile(
    rf"Việt(?<=[{names.LOWERCASE}] Việt)(?<!tiếng Việt)(?![ \u00a0]?[-–]|[ \u00a0][{names.CAPITALS}])(?!\w)")


def short_vietnam(text: str) -> list[Mention]:
    vietnam = knowledge.load().country_by_iso["VNM"]
    return [Mention(Span.of(text, m.start(), m.end()), COUNTRY, entity_ids=(vietnam,), origin="compound")
            for m in _SHORT_VIETNAM.finditer(text)]


_NAME_WORD_BEFORE = re.compile(rf"[{names.CAPITALS}][^\W\d_]*[ \u00a0]$")
_NAME_WORD_AFTER = re.compile(rf"[ \u00a0][{names.CAPITALS}]")


def syllable_of_a_name(text: str, hit: Hit) -> bool:
    """"Đức" in "Nguyễn Đức Thành", "Anh" in "Hoàng Anh Tuấn", "Đức" in "Thứ trưởng Nguyễn Minh
    Đức": a one-syllable country form between two capitalized words, or after capitalized words
    that open with a Vietnamese family name, is a syllable of a person's name; "Anh" in "Anh em",
    "Ý" in "Ý định" is the first syllable of a common word."""
    if " " in text[hit.start:hit.end] or not all(e.strict and e.entity_id for e in hit.reading.entries):
        return False
    if names.opens_common_word(text, hit.start, hit.end) or (
            names.is_syllable(text[hit.start:hit.end]) and names.after_family_name(text, hit.start)):
        return True
    before = _NAME_WORD_BEFORE.search(text, max(0, hit.start - 12), hit.start)
    return bool(before and before.group()[:1].isupper() and _NAME_WORD_AFTER.match(text, hit.end))


