"""The tagger's attributes as weight rows, without spelling them out as strings.

``FeatureRows.add`` appends, for each token of the windows it is given, the rows
of the model's weight matrix that ``Features`` names for that token, in the same
order (the emissions are summed in that order, so the scores come out bit for
bit the same). A token's own and neighbour rows are cached by token; bigram rows
come from tables keyed by the two words, read once from the model's attributes.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from sukien.recognize.tagger_features import _OPENERS, OFFSETS, Features

_NONE: dict[str, int] = {}


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
        self.previous_word = _pair_table(index, "w-1|w=")
        self.next_word = _pair_table(index, "w|w+1=")
        self.previous_shape = _pair_table(index, "s-1|s=")
        get = index.get
        self.first = get("first", 0)
        self.no_before = tuple(r for r in (get("first"), get("w-2=<>"), get("w-1=<>")) if r)
        self.no_after = tuple(r for r in (get("w1=<>"), get("w2=<>")) if r)
        self.second = get("w-2=<>", 0)  # the second token has no token two before it
        self.next_to_last = get("w2=<>", 0)

    def token(self, token: str) -> tuple:
        """(lower, shape, own rows after row 0, rows by neighbour offset, opens a sentence)."""
        cached = self._tokens.get(token)
        if cached is None:
            if len(self._tokens) > 200_000:
                self._tokens.clear()
            lower, form, own, around = self.features.token(token)
            index = self.index
            cached = self._tokens[token] = (
                lower, form, (0, *(index[a] for a in own if a in index)),
                tuple(tuple(index[a] for a in around[d] if a in index) for d in OFFSETS),
                token in _OPENERS,
            )
        return cached

    def add(self, tokens: Sequence[str], windows: Sequence[range], rows: list[int], starts: list[int]) -> None:
        """Append the rows of every token of ``windows`` to ``rows`` and where each starts to ``starts``."""
        get, describe = self._tokens.get, self.token
        info = [get(t) or describe(t) for t in tokens]
        lowers = [d[0] for d in info]
        extra = self._extra(tokens, lowers)
        shapes = [d[1] for d in info]
        n = len(tokens)
        append, extend = rows.append, rows.extend
        previous_word, next_word, previous_shape = self.previous_word, self.next_word, self.previous_shape
        for window in windows:
            for i in window:
                starts.append(len(rows))
                extend(info[i][2])
                if i > 1:
                    extend(info[i - 2][3][0])
                if i:
                    extend(info[i - 1][3][1])
                if i + 1 < n:
                    extend(info[i + 1][3][2])
                    if i + 2 < n:
                        extend(info[i + 2][3][3])
                lower = lowers[i]
                if i:
                    row = previous_word.get(lowers[i - 1], _NONE).get(lower)
                    if row:
                        append(row)
                    row = previous_shape.get(shapes[i - 1], _NONE).get(shapes[i])
                    if row:
                        append(row)
                    if info[i - 1][4] and self.first:
                        append(self.first)
                    if i == 1 and self.second:
                        append(self.second)
                else:
                    extend(self.no_before)
                if i + 1 < n:
                    row = next_word.get(lower, _NONE).get(lowers[i + 1])
                    if row:
                        append(row)
                    if i + 2 == n and self.next_to_last:
                        append(self.next_to_last)
                else:
                    extend(self.no_after)
                more = extra.get(i)
                if more:
                    extend(more)

    def _extra(self, tokens: Sequence[str], lowers: Sequence[str]) -> dict[int, list[int]]:
        """The rows of the sparse attributes (cues, organisation heads, gazetteer), by token."""
        attributes = self.features.extra(tokens, lowers)
        if not attributes:
            return attributes  # type: ignore[return-value]
        index = self.index
        return {i: [index[a] for a in names if a in index] for i, names in attributes.items()}
