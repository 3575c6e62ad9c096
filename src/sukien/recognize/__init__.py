"""Stage 4, recognize: people, countries, organizations, places and offices as mentions.

Knowledge-base names first (one dictionary pass), then the role-phrase grammar
(titles, qualifiers, names), honorifics ("ông Medvedev"), collective references
("hai bên") and, for what none of these explain, the statistical tagger.
"""
from __future__ import annotations

import csv
import re
from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from itertools import islice

import ahocorasick

from sukien.model import COLLECTIVE, LOCATION, NAME, ORGANIZATION, PERSON, PRONOUN, Document, Mention, Span
from sukien.normalize import fold_same_length
from sukien.normalize.case import folds_as_re, lowered_window
from sukien.recognize import countries, credits, gazetteer, kinds, names, roles, vietnamese
from sukien.recognize.gazetteer import Hit
from sukien.recognize.tagger import tag_names
from sukien.segment import split_sentences

_PRONOUN_NEXT = re.compile(r"\s+[a-zà-ỹđ]")


@lru_cache(maxsize=1)
def _references() -> tuple[re.Pattern, ahocorasick.Automaton | None, dict[str, tuple[str, str]]]:
    """The phrases as one case-blind pattern, as an automaton over lowercased text, and their meaning."""
    path = resources.files("sukien") / "data" / "lexicons" / "references.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"))
    meaning = {row["phrase"]: (row["type"], row["refers"]) for row in rows}
    phrases = sorted(meaning, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, phrases)) + r")(?!\w)", re.I)
    # Over lowercased text one automaton pass finds every phrase at once, where the pattern
    # would try each phrase at every letter that starts one.
    lowered = None
    if phrases and all(p == p.lower() for p in phrases):
        lowered = ahocorasick.Automaton()
        for phrase in phrases:
            lowered.add_word(phrase, phrase)
        lowered.make_automaton()
    return pattern, lowered, meaning



def _entity_mention(hit: Hit, origin: str, text: str) -> Mention | None:
    linked = hit.reading.linked
    if linked is None:
        return None
    kind, ids = linked
    return Mention(span=Span.of(text, hit.start, hit.end), type=kind, entity_ids=ids, origin=origin)


def _person(text: str, items: list[Hit], index: int, end: int, offices: tuple) -> tuple[Mention, int] | None:
    found = roles.person_after(text, items, index, end)
    if found is None:
        return None
    span, person_id, index = found
    if offices and person_id is None and names.opens_compound(text, span.start, span.end):
        return None  # "Chủ tịch Liên hiệp …", "Bộ trưởng Kinh tế": an office's own words
    extra, index = roles.trailing_roles(text, items, index, span.end)
    mention = Mention(span, PERSON, NAME, (person_id,) if person_id else (), offices + extra,
                      "kb" if person_id else "pattern")
    return mention, index


def _qualifiers(text: str, items: list[Hit], first: int, last: int) -> list[Mention]:
    found = (_entity_mention(items[i], "qualifier", text) for i in range(first, last))
    return [m for m in found if m is not None]


def _last_person(mentions: list[Mention]) -> int | None:
    """Where in ``mentions`` the last person is (qualifiers and places may follow it)."""
    return next((i for i in range(len(mentions) - 1, -1, -1) if mentions[i].type == PERSON), None)


def _walk(text: str, items: list[Hit]) -> list[Mention]:
    """Role phrases, honorifics and plain names, left to right over the dictionary hits."""
    mentions: list[Mention] = []
    index = 0
    while index < len(items):
        hit = items[index]
        if roles.honorific(hit):
            found = _person(text, items, index + 1, hit.end, ())
            if found:
                mentions.append(found[0])
                index = found[1]
            else:
                if _PRONOUN_NEXT.match(text, hit.end):
                    mentions.append(Mention(Span.of(text, hit.start, hit.end), PERSON, PRONOUN, origin="pattern"))
                index += 1
            continue
        chain = roles.chain_at(text, items, index) if roles._title(hit) else None
        if chain is not None:
            appositive, own = roles.split_at_and(chain, text)
            named = _last_person(mentions) if appositive else None
            apposed = named is not None and roles.apposed(text, mentions[named], chain.start)
            relational = roles._title(hit).relational
            offices = own if apposed else chain.roles
            if relational:  # "người đồng cấp Qatar X": the words find X's name; X holds no such office
                offices = tuple(role for role in offices if role.evidence.start != hit.start)
            found = _person(text, items, chain.next_item, chain.end, offices)
            if relational and not found:  # "người đồng cấp Mỹ" alone: the country is read as any other
                index += 1
                continue
            mentions.extend(_qualifiers(text, items, index, chain.next_item))
            if found:
                if apposed:  # "X, Bộ trưởng … và Thượng tướng Y": the offices before "và" are X's
                    mentions[named] = replace(mentions[named], roles=mentions[named].roles + appositive)
                mentions.append(found[0])
                index = found[1]
            else:
                mentions.extend(roles.describe(chain, text))
                index = chain.next_item
            continue
        mention = _entity_mention(hit, "kb", text)
        if mention is not None:
            if mention.type == PERSON:
                extra, after = roles.trailing_roles(text, items, index + 1, hit.end)
                mention = Mention(mention.span, PERSON, NAME, mention.entity_ids, extra, "kb")
                mentions.append(mention)
                index = after
                continue
            mentions.append(mention)
        index += 1
    return mentions


def _collectives(text: str) -> list[Mention]:
    pattern, on_lowered, meaning = _references()
    lowered = lowered_window(text, 0, len(text))  # the events stage cuts its windows out of it
    if on_lowered is not None and len(lowered) == len(text) and folds_as_re(text):
        found = _phrases_in(on_lowered, lowered)
    else:
        found = [(match.start(), match.end(), match.group(1).lower()) for match in pattern.finditer(text)]
    mentions = []
    for start, end, phrase in found:
        kind, refers = meaning[phrase]
        form = PRONOUN if refers == "previous" else COLLECTIVE  # "nước này" is one country, named before
        mentions.append(Mention(Span.of(text, start, end), kind, form, origin=f"collective:{refers}"))
    return mentions


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w matches


def _phrases_in(automaton: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str]]:
    """The matches ``_references``' pattern would find: from left to right, on word boundaries,
    the longest phrase at each place, none inside another."""
    longest: dict[int, tuple[int, str]] = {}
    for last, phrase in automaton.iter(text):
        start, end = last + 1 - len(phrase), last + 1
        if (start > 0 and _is_word(text[start - 1])) or (end < len(text) and _is_word(text[end])):
            continue
        if end > longest.get(start, (-1, ""))[0]:
            longest[start] = (end, phrase)
    found = []
    for start in sorted(longest):
        if not found or start >= found[-1][1]:
            found.append((start, *longest[start]))
    return found


_TAGGED_TYPES = {"PER": PERSON, "ORG": ORGANIZATION, "LOC": LOCATION}
# A byline or photo credit ("Ảnh: Tùng Đinh", a last line "Thu Hoài") names a journalist, not an actor.
_CREDIT = re.compile(r"(?:Ảnh|Nguồn|Theo|Video|Clip)\s*:\s*$|/\s*$", re.I)
TAGGER_THRESHOLD = 0.8  # the tagger's lowest token probability inside a name


def _tagged(text: str, sentences: list[tuple[int, int]], taken: list[Span | Hit], covered: bytearray
            ) -> list[Mention]:
    """Names the statistical tagger finds where the dictionary and the grammar found nothing
    (``covered`` marks the characters that ``taken`` covers)."""
    whole = {(start, end) for start, end in sentences}
    unexplained = _with_unexplained_capitals(text, sentences, covered)
    if not unexplained:
        return []
    by_position = all(t.start < t.end for t in taken)  # then to overlap one is to cover a position

    def keep(start: int, end: int, kind: str) -> bool:
        if (covered.find(1, start, end) >= 0 if by_position and start < end
                else any(start < t.end and t.start < end for t in taken)):
            return False
        # One word is too often a common noun ("Khu", "Quân"); bylines are not actors.
        if " " not in text[start:end].strip():
            return False
        return kind != "PER" or not _is_credit(text, start, end, whole)

    def worth(start: int, end: int) -> bool:
        # A name ``keep`` takes has a space inside it, and no mention covers the space or the
        # letters either side of it: a window without such a space holds no name to keep.
        return not by_position or _has_free_space(text, covered, start, end)

    return [Mention(Span.of(text, name.start, name.end), _TAGGED_TYPES[name.type], NAME, origin="tagger")
            for name in tag_names(text, unexplained, keep=keep, worth=worth) if name.score >= TAGGER_THRESHOLD]


def _has_free_space(text: str, covered: bytearray, start: int, end: int) -> bool:
    """Whether a space inside ``text[start:end]`` stands between two characters that, like
    itself, no mention covers."""
    at = text.find(" ", start + 1, end - 1)
    while at >= 0:
        if not (covered[at - 1] or covered[at] or covered[at + 1]):
            return True
        at = text.find(" ", at + 1, end - 1)
    return False


def _covered(text: str, taken: list[Span | Hit]) -> bytearray:
    """1 at every position of ``text`` that a span of ``taken`` covers, 0 elsewhere."""
    covered = bytearray(len(text))
    for span in taken:
        covered[span.start:span.end] = b"\x01" * (span.end - span.start)
    return covered


# The capital letters of A-Z and À-Ỹ, listed so that the search skips straight to them; the
# look-behind for the space before the word comes after the letter, not before it, for the same reason.
_CAPITALS = "".join(c for c in map(chr, range(ord("A"), ord("Ỹ") + 1)) if c.isupper() and (c <= "Z" or c >= "À"))
# A capitalized word (its capital after a space) and one space, before the capital of a second
# word: the second word is looked at, not taken, so that it can start the next pair.
_CAPITALIZED_PAIR = re.compile(f"[{_CAPITALS}]" + r"(?<=\s.)[^\s,.;:()]*\s" + f"(?=[{_CAPITALS}])")


def _with_unexplained_capitals(text: str, sentences: list[tuple[int, int]], covered: bytearray
                               ) -> list[tuple[int, int]]:
    """The sentences with two capitalized words in a row that no mention or title covers: a name
    of two words or more may hide there, and only such names are kept from the tagger.

    The pairs of the whole text are found in one search; a sentence has those that start and
    end inside it (a pair starts at the first word's capital and ends at the second's).
    """
    free = [(pair.start(), pair.end()) for pair in _CAPITALIZED_PAIR.finditer(text)
            if not covered[pair.start()] or not covered[pair.end()]]  # the first letter of either word
    starts = [start for start, _ in free]

    def has_free_pair(start: int, end: int) -> bool:
        inside = islice(free, bisect_left(starts, start), bisect_left(starts, end))
        return any(second < end for _, second in inside)

    return [(start, end) for start, end in sentences if has_free_pair(start, end)]


def _is_credit(text: str, start: int, end: int, sentences: set[tuple[int, int]]) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    return _CREDIT.search(text[max(0, start - 12):start]) is not None or line == text[start:end]


def find_mentions(text: str, sentences: list[tuple[int, int]] | None = None) -> list[Mention]:
    """Every mention in ``text``, sorted by position; spans are offsets into ``text``."""
    if sentences is None:
        sentences = [(s.start, s.end) for s in split_sentences(text)]
    hits = gazetteer.find(text, fold_same_length(text))
    items = [hit for hit in gazetteer.longest_first(hits)
             if not countries.syllable_of_a_name(text, hit) and not names.in_an_address(text, hit.start, hit.end)
             and not names.pronoun_anh(text, hit.start, hit.end)]
    items = roles.untitled(text, [hit for hit in items if not names.another_bearer(text, hit)])
    # "Hai Thủ tướng", "hai bên": a collective reference outranks the title inside it.
    collectives = _collectives(text)
    mentions = [m for m in _walk(text, items) + countries.nested(text, hits, items)
                if m.type != PERSON or not any(c.span.overlaps(m.span) for c in collectives)]
    mentions = [c for c in collectives if not any(c.span.overlaps(m.span) for m in mentions)] + mentions
    taken = [m.span for m in mentions]
    mentions += [m for m in countries.compounds(text) + countries.short_vietnam(text) if not any(m.span.overlaps(t) for t in taken)]
    taken = [m.span for m in mentions] + _titles(items)  # a hit covers its characters as a span does
    covered = _covered(text, taken)
    tagged = _tagged(text, sentences, taken, covered)
    _cover(covered, [m.span for m in tagged] + items)
    shaped = [Mention(Span.of(text, start, end), PERSON, NAME, origin="pattern")
              for start, end in vietnamese.names_by_shape(text, covered)]
    _cover(covered, [m.span for m in shaped])
    mentions = kinds.retype(kinds.joined(credits.uncredited(mentions + tagged + shaped, text), text), text)
    mentions += _family_names_again(text, mentions, covered)
    return sorted(mentions, key=lambda m: (m.span.start, -m.span.end))


def _cover(covered: bytearray, spans: list) -> None:
    """Mark the characters of ``spans`` in ``covered``, as ``_covered`` does."""
    ones = b"\x01" * max((span.end - span.start for span in spans), default=0)
    for span in spans:
        covered[span.start:span.end] = ones[:span.end - span.start]


def _family_names_again(text: str, mentions: list[Mention], covered: bytearray) -> list[Mention]:
    """"Comey" alone, after "James Comey": a foreign family name of a person named in full in the
    article, found again where nothing else was found (the tagger keeps no one-word names)."""
    family = {m.span.text.split()[-1] for m in mentions
              if m.type == PERSON and m.form == NAME and " " in m.span.text}
    found = []
    for name in sorted(n for n in family if len(n) >= 3 and names.foreign(n)):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if (not covered[start] and not any(covered[start:end]) and gazetteer.on_boundaries(text, start, end)
                    and not _inside_a_name(text, start, end)):
                found.append(Mention(Span.of(text, start, end), PERSON, NAME, origin="pattern"))
            start = text.find(name, end)
    return found


_NAME_WORD_AFTER = re.compile(rf"[ \u00a0][{names.CAPITALS}]")
_NAME_BEFORE = re.compile(rf"(?:[{names.CAPITALS}][^\W\d_]*|bin|al|el|de|van|von)[ \u00a0-]$")


def _inside_a_name(text: str, start: int, end: int) -> bool:
    """Whether a capitalized word, or a particle, stands right before or after ``text[start:end]``."""
    return (_NAME_BEFORE.search(text, max(0, start - 20), start) is not None
            or _NAME_WORD_AFTER.match(text, end) is not None or text[end:end + 1] == "-")


def _titles(items: list[Hit]) -> list[Hit]:
    """The hits that are titles: offices (``title``) or honorifics, as their readings say."""
    return [h for h in items if h.reading.title is not None or h.reading.honorific]


def recognize(document: Document) -> Document:
    """Pipeline stage: fill ``document.mentions``."""
    sentences = [(s.span.start, s.span.end) for s in document.sentences]
    document.mentions = find_mentions(document.text, sentences)
    return document


def recognize_text(text: str) -> list[tuple[int, int, str]]:
    """Named mentions as (start, end, type): the recognizer alone, for NER evaluation."""
    return [(m.span.start, m.span.end, m.type) for m in find_mentions(text) if m.form == NAME]
