"""The tagger's attributes as weight rows, without spelling them out as strings.

``FeatureRows.add`` appends, for each token of the windows it is given, the rows
of the model's weight matrix that ``Features`` names for that token, in the same
order (the emissions are summed in that order, so the scores come out bit for
bit the same). A token's own and neighbour rows are cached by token; bigram rows
come from tables keyed by the two words, read once from the model's attributes.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import ahocorasick

from sukien.recognize.tagger_features import _OPENERS, OFFSETS, Features

_NONE: dict[str, int] = {}


def _automaton(entries: dict[str, tuple]) -> ahocorasick.Automaton | None:
    if not entries:
        return None
    automaton = ahocorasick.Automaton()
    for key, value in entries.items():
        automaton.add_word(key, (len(key), *value))
    automaton.make_automaton()
    return automaton


def _kinds(kinds: str) -> str:
    """Cue kinds as one string, each kind once, in order ("lp" for "pl", "lpl")."""
    return "".join(sorted(set(kinds)))


class Phrases:
    """Cue phrases and gazetteer names in a sentence, found by Aho-Corasick over its tokens
    joined by spaces: the same matches as ``Features._cues`` and ``Features._gazetteer``,
    without a dictionary look-up per token."""

    def __init__(self, features: Features):
        cues: dict[str, tuple[int, str]] = {}
        for phrase, kinds in features.cues.items():
            words = phrase.split()
            key = " " + " ".join(words) + " "
            cues[key] = (len(words), cues.get(key, (0, ""))[1] + kinds)
        self.cues = _automaton({key: (length, _kinds(kinds)) for key, (length, kinds) in cues.items()})
        names = {" " + name + " ": (len(name.split()), kind) for name, kind in features.gazetteer.items()
                 if kind and name == " ".join(name.split())}
        self.names = _automaton(names)

    def cues_in(self, text: str) -> tuple[dict[int, str], set[int]]:
        """Kinds of the cue phrases ending at a token; the tokens inside an organisation head.
        ``text``: the lower-cased tokens, each with a space before it, and a space at the end."""
        kinds_at: dict[int, str] = {}
        in_org: set[int] = set()
        if self.cues is None:
            return kinds_at, in_org
        spaces, counted = 0, 0  # the spaces in text[:counted]; the matches come in the order they end
        for end, (size, length, kinds) in self.cues.iter(text):
            spaces += text.count(" ", counted, end)
            counted = end
            last = spaces - 1
            kinds_at[last] = _kinds(kinds_at[last] + kinds) if last in kinds_at else kinds
            if "o" in kinds:
                in_org.update(range(last - length + 1, last + 1))
        return dict(sorted(kinds_at.items())), in_org

    def names_in(self, text: str) -> dict[int, str]:
        """Greedy longest gazetteer matches from the left: token → B-TYPE / I-TYPE.
        ``text``: the tokens as written, each with a space before it, and a space at the end."""
        tags: dict[int, str] = {}
        if self.names is None:
            return tags
        longest: dict[int, tuple[int, str]] = {}
        for end, (size, length, kind) in self.names.iter(text):
            first = text.count(" ", 0, end - size + 1)
            if length > longest.get(first, (0, ""))[0]:
                longest[first] = (length, kind)
        after = 0
        for first in sorted(longest):
            if first >= after:
                length, kind = longest[first]
                tags[first] = "B-" + kind
                for j in range(first + 1, first + length):
                    tags[j] = "I-" + kind
                after = first + length
        return tags


def _pair_table(index: Mapping[str, int], prefix: str) -> dict[str, dict[str, int]]:
    """``prefix + a + "|" + b`` attributes → {a: {b: row}}, read at every "|" (a word may be
    "|" itself), so that ``table[a][b]`` exists exactly when the attribute does."""
    table: dict[str, dict[str, int]] = {}
    for attribute, row in index.items():
        if attribute.startswith(prefix):
            rest = attribute[len(prefix):]
            for cut, char in enumerate(rest):
                if char == "|":
                    table.setdefault(rest[:cut], {})[rest[cut + 1:]] = row
    return table


class FeatureRows:
    """Weight rows of the attributes ``features`` gives a token, by the model's ``index``
    (attribute → row; row 0 is all zeros and starts every token's list)."""

    def __init__(self, features: Features, index: Mapping[str, int]):
        self.features = features
        self.index = index
        self._tokens: dict[str, tuple] = {}
        self.phrases = Phrases(features)
        self._sparse: dict[tuple[str, tuple[str, ...]], tuple[int, ...]] = {}
        self.previous_word = _pair_table(index, "w-1|w=")
        self.next_word = _pair_table(index, "w|w+1=")
        self.previous_shape = _pair_table(index, "s-1|s=")
        get = index.get
        self.first = get("first", 0)
        self.no_before = tuple(r for r in (get("first"), get("w-2=<>"), get("w-1=<>")) if r)
        self.no_after = tuple(r for r in (get("w1=<>"), get("w2=<>")) if r)
        self.second = get("w-2=<>", 0)  # the second token has no token two before it
        self.next_to_last = get("w2=<>", 0)
        self.inside_org = get("oh", 0)

    def token(self, token: str) -> tuple:
        """(lower, shape, own rows after row 0, the rows it gives the tokens two and one after it,
        one and two before it, whether a sentence starts again after it), cached."""
        cached = self._tokens.get(token)
        if cached is None:
            if len(self._tokens) > 200_000:
                self._tokens.clear()
            lower, form, own, around = self.features.token(token)
            index = self.index
            cached = self._tokens[token] = (
                lower, form, (0, *(index[a] for a in own if a in index)),
                *(tuple(index[a] for a in around[d] if a in index) for d in OFFSETS),
                token in _OPENERS,
            )
        return cached

    def add(self, tokens: Sequence[str], windows: Sequence[range], rows: list[int], starts: list[int]) -> None:
        """Append the rows of every token of ``windows`` to ``rows`` and where each starts to ``starts``."""
        get, describe = self._tokens.get, self.token
        info = [get(t) or describe(t) for t in tokens]
        lowers = [d[0] for d in info]
        extra = self._extra(tokens, lowers)
        n = len(tokens)
        append, extend, mark = rows.append, rows.extend, starts.append
        previous_word, next_word, previous_shape = self.previous_word, self.next_word, self.previous_shape
        first, second, next_to_last = self.first, self.second, self.next_to_last
        for window in windows:
            for i in window:
                mark(len(rows))
                here = info[i]
                extend(here[2])
                if i:
                    before = info[i - 1]
                    if i > 1:
                        extend(info[i - 2][3])
                    extend(before[4])
                if i + 1 < n:
                    after = info[i + 1]
                    extend(after[5])
                    if i + 2 < n:
                        extend(info[i + 2][6])
                if i:
                    row = previous_word.get(before[0], _NONE).get(here[0])
                    if row:
                        append(row)
                    row = previous_shape.get(before[1], _NONE).get(here[1])
                    if row:
                        append(row)
                    if before[7] and first:
                        append(first)
                    if i == 1 and second:
                        append(second)
                else:
                    extend(self.no_before)
                if i + 1 < n:
                    row = next_word.get(here[0], _NONE).get(after[0])
                    if row:
                        append(row)
                    if i + 2 == n and next_to_last:
                        append(next_to_last)
                else:
                    extend(self.no_after)
                if i in extra:
                    extend(extra[i])

    def _extra(self, tokens: Sequence[str], lowers: Sequence[str]) -> dict[int, list[int]]:
        """The rows of the sparse attributes (cues, organisation heads, gazetteer), by token,
        in the order of ``sparse_attributes``."""
        n = len(tokens)
        written, lowered = " " + " ".join(tokens) + " ", " " + " ".join(lowers) + " "
        if written.count(" ") != n + 1 or lowered.count(" ") != n + 1:
            # a token with a space in it (never one of ``TOKEN``'s): match word by word
            index = self.index
            attributes = self.features.extra(tokens, lowers)
            return {i: [index[a] for a in names if a in index] for i, names in attributes.items()}
        cue_end, in_org = self.phrases.cues_in(lowered)
        names = self.phrases.names_in(written)
        extra: dict[int, list[int]] = {}
        for j, kinds in cue_end.items():
            for back, row in enumerate(self._rows_of(kinds, ("c-1=", "c-2=", "c-3=")), start=1):
                if row and j + back < n:
                    extra.setdefault(j + back, []).append(row)
        if self.inside_org:
            for j in in_org:
                extra.setdefault(j, []).append(self.inside_org)
        for j, tag in names.items():
            here, before, after = self._rows_of(tag, ("gz=", "gz+1=", "gz-1="))
            if here:
                extra.setdefault(j, []).append(here)
            if before and j > 0:
                extra.setdefault(j - 1, []).append(before)
            if after and j + 1 < n:
                extra.setdefault(j + 1, []).append(after)
        return extra

    def _rows_of(self, value: str, prefixes: tuple[str, ...]) -> tuple[int, ...]:
        """The rows (0: none) of ``prefix + value`` for each prefix, cached."""
        key = (value, prefixes)
        rows = self._sparse.get(key)
        if rows is None:
            rows = self._sparse[key] = tuple(self.index.get(prefix + value, 0) for prefix in prefixes)
        return rows
