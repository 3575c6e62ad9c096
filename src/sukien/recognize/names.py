"""Name shapes: runs of capitalized words, the way a person's name is written.

Used right after a title or an honorific ("Bộ trưởng Lê Minh Hòa", "ông Takeshi
Yamamoto"), where a capitalized run is a name with high probability; elsewhere the
statistical tagger decides.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from sukien import kb as knowledge
from sukien.normalize import fold

# The capital letters of Vietnamese and other Latin-script names (the range À-Ỹ holds lowercase
# letters too: only the capitals are listed).
CAPITALS = "".join(c for c in map(chr, range(ord("A"), ord("Ỹ") + 1)) if c.isupper() and (c <= "Z" or c >= "À"))
LOWERCASE = "".join(c for c in map(chr, range(ord("a"), ord("ỹ") + 1)) if c.islower() and (c <= "z" or c >= "à"))
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-](?=[^\W\d_]))*\.?", re.UNICODE)
_GAP = re.compile(r"[ \u00a0]{1,2}")


@lru_cache(maxsize=1)
def org_heads() -> frozenset[tuple[str, ...]]:
    """The words that open an institution's name, each as a tuple of lowercase words."""
    path = resources.files("sukien") / "data" / "lexicons" / "org_heads.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return frozenset(tuple(row["word"].lower().split()) for row in rows)


_TWO_WORDS = re.compile(r"([^\W\d_]+)(?:[ \u00a0]([^\W\d_]+))?")


def opens_institution(text: str, position: int) -> bool:
    """Whether the words at ``position`` open an institution's name ("Bộ", "Tập đoàn"; not "Tập"
    alone, a family name)."""
    first = _FIRST_WORD.match(text, position)
    if first is None or first.group().lower() not in _head_words():
        return False  # most names open with no head's first word: no need to read two words
    match = _TWO_WORDS.match(text, position)
    first_word = match.group(1).lower()
    heads = org_heads()
    return (first_word,) in heads or (match.group(2) is not None and (first_word, match.group(2).lower()) in heads)


_FIRST_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _head_words() -> frozenset[str]:
    return frozenset(head[0] for head in org_heads())


def is_capitalized(word: str) -> bool:
    return word[:1].isupper()


# Lowercase words inside foreign names ("Mohammed bin Salman", "Eunicio de Oliveira"), and the
# Arabic article written onto the family name ("Bashar al-Assad").
_PARTICLES = frozenset({"bin", "ibn", "bint", "de", "da", "do", "dos", "das", "del", "della", "di", "du",
                        "van", "von", "der", "den", "ter", "y"})
_ARTICLE = re.compile(r"(?:al|el|ad|ash|as|an|ar|at|az)-[A-Z]")
_ACRONYM = re.compile(r"[A-ZĐ]{2,}")
_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")  # "H.R.", "H.W."


_ARTICLE_AFTER = re.compile(r"[ \u00a0](?:al|el|ad|ash|as|an|ar|at|az)-[A-Z][^\W\d_]*(?:-[^\W\d_]+)?")


def article_after(text: str, end: int) -> int | None:
    """Where a family name with the Arabic article right after ``end`` (" al-Thani") ends, if one is there."""
    match = _ARTICLE_AFTER.match(text, end)
    return match.end() if match else None


def particle_between(text: str, end: int, start: int) -> bool:
    """Whether ``text[end:start]`` is one particle of a foreign name between spaces (" bin ")."""
    gap = text[end:start]
    return 3 <= len(gap) <= 6 and gap[0] == " " and gap[-1] == " " and gap[1:-1] in _PARTICLES


def _name_word(word: str) -> bool:
    return is_capitalized(word) or _ARTICLE.match(word) is not None


def name_run(text: str, position: int, *, max_words: int = 5) -> tuple[int, int] | None:
    """The run of capitalized words that starts at ``position`` (after spaces), if any.

    Initials are allowed ("V. Putin", "I.Dodon"), and the particles of foreign names between
    capitalized words ("bin", "de", "al-Assad"); the run stops at punctuation, a lowercase
    word or a line break. A run that opens with an institution word ("Bộ", "Đảng") is not a
    name; one that opens with an acronym before a name ("Chủ tịch JETRO Hiroyuki Ishige")
    names the person after the acronym.
    """
    gap = _GAP.match(text, position)
    cursor = gap.end() if gap else position
    start = cursor
    end = None
    words = 0
    while words < max_words:
        match = _WORD.match(text, cursor)
        if not match:
            break
        word = match.group()
        if not _name_word(word):
            if not (words and word in _PARTICLES and _next_is_name(text, match.end())):
                break
            words -= 1  # a particle does not count as a word of the name
        if words == 0 and (opens_institution(text, match.start()) or word.lower() in _OPENERS):
            return None  # "Bộ …", "Các Tiểu vương quốc …": no person's name
        end = match.end()
        words += 1
        if word.endswith(".") and len(word) > 2 and not _INITIALS.fullmatch(word):  # a sentence's period
            end -= 1
            break
        gap = _GAP.match(text, end)
        if not gap and not word.endswith("."):
            break
        cursor = gap.end() if gap else end
        if words == 1 and _ACRONYM.fullmatch(word) and _next_is_name(text, end):
            start, words = cursor, 0  # the acronym is an organisation's
    if end is None or end <= start:
        return None
    while end > start and text[end - 1] in ".-’'":
        end -= 1
    return (start, end) if end > start else None


def _next_is_name(text: str, end: int) -> bool:
    gap = _GAP.match(text, end)
    following = _WORD.match(text, gap.end()) if gap else None
    return following is not None and _name_word(following.group())


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Common two-syllable words that open with a one-syllable country form ("anh em", "ý định")."""
    path = resources.files("sukien") / "data" / "names" / "common_words.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return frozenset(row["word"].strip() for row in rows)


_LOWER_WORD = re.compile(r"[ \u00a0]([a-zà-ỹđ]+)(?![^\W\d_])")


def opens_common_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` and the lowercase word after it make a common word ("Anh em", "Ý định")."""
    following = _LOWER_WORD.match(text, end)
    return bool(following) and f"{text[start:end].lower()} {following.group(1)}" in common_words()


_V = "aăâeêioôơuưyáắấéếíóốớúứýàằầèềìòồờùừỳảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
# One Vietnamese syllable: an onset, one to three vowels, a coda ("Anh", "Đức", "Nga"; not "Israel").
_SYLLABLE = re.compile(f"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[{_V}]{{1,3}}(?:ng|nh|ch|[cmnpt])?")


@lru_cache(maxsize=16384)
def is_syllable(word: str) -> bool:
    """Whether ``word`` is written as one Vietnamese syllable."""
    return _SYLLABLE.fullmatch(word.lower()) is not None


def after_family_name(text: str, start: int, *, max_words: int = 3) -> bool:
    """Whether the capitalized words right before ``start``, one space apart, include a Vietnamese
    family name: "Đức" in "Thứ trưởng Nguyễn Minh Đức", "Anh" in "bà Lê Anh" end a person's name."""
    surnames = knowledge.vietnamese_surnames()
    cursor = start
    for _ in range(max_words):
        if cursor < 2 or text[cursor - 1] != " ":
            return False
        word_start = cursor - 1
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        word = text[word_start:cursor - 1]
        if not word[:1].isupper():
            return False
        if word in surnames:
            return True
        cursor = word_start
    return False


_LOWER_NEXT = re.compile(rf"[ \u00a0][{LOWERCASE}]")
_WORD_BEFORE_SPACE = re.compile(rf"([{CAPITALS}][^\W\d_]*)[ \u00a0]$")
_CAPITALIZED_NEXT = re.compile(rf"[ \u00a0][{CAPITALS}]")


def opens_compound(text: str, start: int, end: int) -> bool:
    """Whether the one syllable ``text[start:end]``, capitalized after an office and followed by a
    lowercase word, opens an institution's or a field's name ("Chủ tịch Liên hiệp …", "Bộ trưởng
    Kinh tế", "nghị sĩ Dân chủ") rather than naming a person: it does unless it ends a full name
    that opens with a family name elsewhere in the text ("Thủ tướng Phúc" after "Nguyễn Xuân
    Phúc"), opens one there ("Chủ tịch Tập" after "Tập Cận Bình"), or is the family name of a
    known leader named family name first."""
    word = text[start:end]
    if not is_syllable(word) or not _LOWER_NEXT.match(text, end):
        return False
    if word in _known_family_names():
        return False
    at = text.find(word)
    while at >= 0:
        after = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (after == len(text) or not text[after].isalnum()):
            before = _WORD_BEFORE_SPACE.search(text, max(0, at - 30), at)
            if before is not None and (foreign(before.group(1)) or after_family_name(text, at)):
                return False  # "Theresa May", "Nguyễn Xuân Phúc": a full name ends with it
            if _CAPITALIZED_NEXT.match(text, after):
                return False  # "Tập Cận Bình": a full name opens with it
        at = text.find(word, after)
    return True


@lru_cache(maxsize=1)
def _known_family_names() -> frozenset[str]:
    """Family names of the knowledge base's people named family name first ("Tập", "Moon")."""
    kb = knowledge.load()
    return frozenset((e.name_vi or e.name).split()[0] for e in kb.entities.values()
                     if e.type == "PERSON" and e.country in ("CHN", "KOR", "PRK", "TWN") and " " in (e.name_vi or e.name))


_VIETNAMESE_ONLY = frozenset("ăâêôơưđ")
# Function words that open Vietnamese sentences without a letter only Vietnamese writes.
_OPENERS = frozenset({"theo", "sau", "khi", "nhưng", "còn", "nếu", "vì", "do", "trong", "hôm", "ngày", "cả",
                      "các", "cùng", "qua", "tuy", "ngoài", "riêng", "đây", "đó"})


def vietnamese_only(word: str) -> bool:
    """Whether ``word`` is written with a letter only Vietnamese uses (ă â ê ô ơ ư đ, a dot below,
    a hook above): a word of the sentence, never of a foreign name."""
    lowered = word.lower()
    if any(c in _VIETNAMESE_ONLY for c in lowered):
        return True
    decomposed = unicodedata.normalize("NFD", lowered)
    return "\u0323" in decomposed or "\u0309" in decomposed


def foreign(word: str) -> bool:
    """Whether ``word`` cannot be one Vietnamese syllable ("Snowden", "Clapper")."""
    return not is_syllable(word) and not vietnamese_only(word)


def sentence_words_off(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` less the words of the sentence a foreign name was read together with:
    "Hiện Snowden" (the sentence's first word), "James Clapper Tuyên" ("Tuyên bố" follows)."""
    drop_first, last_word = _sentence_words(text[start:end])
    if drop_first:
        start = text.index(" ", start) + 1
    if last_word and (_LOWER_NEXT.match(text, end) or text[end:end + 1] == ":"):  # "… Ảnh: AP"
        end = start + text[start:end].rindex(" ")
    return start, end


@lru_cache(maxsize=8192)
def _sentence_words(name: str) -> tuple[bool, bool]:
    """Whether a name's first word is the sentence's, and whether its last word is the sentence's
    when a lowercase word follows the name."""
    words = name.split()
    if len(words) < 2 or len(words) != len(name.split(" ")):
        return False, False
    first = words[0]
    drop_first = (vietnamese_only(first) or first.lower() in _OPENERS) and is_capitalized(first) and foreign(words[1])
    rest = words[1:] if drop_first else words
    last = rest[-1]
    sentence_word = vietnamese_only(last) or (is_syllable(last) and not last.isascii())  # "Tuyên", "Khó"
    last_word = len(rest) >= 2 and sentence_word and any(foreign(w) for w in rest[:-1])
    return drop_first, last_word


_GIVEN_BEFORE = re.compile(rf"([{CAPITALS}][^\W\d_]+(?:-[^\W\d_]+)?)[ \u00a0]$")


def another_bearer(text: str, hit) -> bool:
    """Whether a known person's family name ("Trump", "Carney", "Al Thani") follows a foreign given
    name that is not theirs ("Melania Trump", "Jay Carney"): someone else of that family name."""
    linked = hit.reading.linked
    if linked is None or linked[0] != "PERSON":
        return False
    before = _GIVEN_BEFORE.search(text, max(0, hit.start - 30), hit.start)
    if before is None or not foreign(before.group(1)) or len(before.group(1)) < 3:
        return False
    kb = knowledge.load()
    words = len(text[hit.start:hit.end].split())
    if words > 1 and not all(len(kb.entities[i].name.split()) > words for i in linked[1]):
        return False  # a full name ("Donald Trump"), not a family name shared by many ("Al Thani")
    given = fold(before.group(1))
    return not any(given in fold(kb.entities[i].name).split() or given in fold(kb.entities[i].name_vi or "").split()
                   for i in linked[1])


def in_an_address(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a web address or an outlet's name ("VOV.VN",
    "Vietnam+"), not a country."""
    return (start >= 2 and text[start - 1] == "." and text[start - 2].isalnum()) or text[end:end + 1] == "+"


_SENTENCE_START = re.compile(r"(?:^|[.!?…:;][\"”’)]*\s+|\n\s*|[\"“‘(]\s*)$")
_ADDRESSED_AS_ANH = re.compile(rf"(?<![^\W\d_])anh[ \u00a0][{CAPITALS}]")
_THE_KINGDOM = re.compile(r"(?:nước|Vương quốc|người|phía|Chính phủ|Hoàng gia|London,)[ \u00a0]Anh(?!\w)")


def pronoun_anh(text: str, start: int, end: int) -> bool:
    """Whether "Anh" opening a sentence before a lowercase word is the pronoun (he, the young man)
    rather than the United Kingdom: so it is in an article that calls someone "anh" + a name and
    never names the kingdom as "nước Anh", "Vương quốc Anh", "người Anh"."""
    if text[start:end] != "Anh" or not _LOWER_NEXT.match(text, end):
        return False
    if not _SENTENCE_START.search(text, max(0, start - 4), start):
        return False
    return _ADDRESSED_AS_ANH.search(text) is not None and _THE_KINGDOM.search(text) is None
