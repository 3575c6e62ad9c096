"""The name tagger's features: tokens, word shapes, the word lists, the CRF attributes.

``Features`` spells every token's attributes out as strings: what training feeds
the CRF and the reference the tagger must agree with. ``FeatureRows`` (in
``tagger_rows``) turns the same attributes straight into weight rows without
building the strings.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# A syllable (letters and digits, with inner apostrophes or dots as in "O'Brien",
# "TP.HCM", "V.Putin", "1.000") or a single other non-space character. Hyphens are
# tokens of their own: "Việt-Mỹ" and "Triều Tiên-Nga" join two names.
TOKEN = re.compile(r"\w+(?:['’.]\w+)*|[^\w\s]")
# Characters after which a capital letter says nothing: the sentence starts again.
_OPENERS = frozenset('.:;!?"“”‘’\'«»()[]-–—…•*')
_VOWELS = "aăâeêioôơuưyáắấéếíóốớúứýàằầèềìòồờùừỳảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
# A Vietnamese syllable: optional onset, a vowel nucleus, an optional coda. Foreign
# names ("yamamoto", "sergei", "kvist") mostly fail it.
_VIETNAMESE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    rf"[{_VOWELS}]{{1,3}}(?:ch|ng|nh|[cmnpt])?"
)
OFFSETS = (-2, -1, 1, 2)  # the neighbours whose words and shapes a token's attributes name


@dataclass(frozen=True)
class Lexicon:
    """The word lists the features read; saved next to the model as JSON."""

    per_cue: frozenset[str]  # lower-cased titles and honorifics: "ông", "tổng thống"
    loc_cue: frozenset[str]  # lower-cased place cues: "tại", "tỉnh", "thủ đô"
    org_head: frozenset[str]  # lower-cased organisation heads: "bộ", "công ty"
    surnames: frozenset[str]  # family names as written: "Nguyễn"
    gazetteer: dict[str, str]  # name as written → "PER" | "LOC" | "ORG"
    misc_cue: frozenset[str] = frozenset()  # heads of other names: "tàu sân bay", "hiệp định"

    @classmethod
    def from_dict(cls, data: dict) -> Lexicon:
        return cls(
            per_cue=frozenset(data["per_cue"]), loc_cue=frozenset(data["loc_cue"]),
            org_head=frozenset(data["org_head"]), surnames=frozenset(data["surnames"]),
            gazetteer=dict(data["gazetteer"]), misc_cue=frozenset(data.get("misc_cue", ())),
        )

    def to_dict(self) -> dict:
        return {
            "per_cue": sorted(self.per_cue), "loc_cue": sorted(self.loc_cue),
            "org_head": sorted(self.org_head), "surnames": sorted(self.surnames),
            "gazetteer": dict(sorted(self.gazetteer.items())), "misc_cue": sorted(self.misc_cue),
        }

    def cue_index(self) -> dict[str, str]:
        """Lower-cased cue phrase → the kinds it signals ("p", "l", "o", "m"), as one string."""
        index: dict[str, str] = {}
        for kind, phrases in (("p", self.per_cue), ("l", self.loc_cue), ("o", self.org_head),
                              ("m", self.misc_cue)):
            for phrase in phrases:
                index[phrase] = index.get(phrase, "") + kind
        return index


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Syllable and punctuation tokens of ``text[start:end]`` as absolute (start, end) offsets."""
    end = len(text) if end is None else end
    return [match.span() for match in TOKEN.finditer(text, start, end)]


def shape(token: str) -> str:
    """A coarse word shape: Aa (capitalised), AA (all capitals), a, 0 (digits), p (punctuation)..."""
    if token.isdigit():
        return "0"
    if not token[0].isalnum():
        return "p"
    if "-" in token:
        suffix = "-"
    elif "." in token:
        suffix = "."
    else:
        suffix = ""
    if any(ch.isdigit() for ch in token):
        return "a0" + suffix
    if token.isupper():
        return ("A" if len(token) == 1 else "AA") + suffix
    if token[0].isupper():
        return ("Aa" if token[1:].islower() else "AaA") + suffix
    return ("a" if token.islower() else "aA") + suffix


def candidate_windows(tokens: Sequence[str], trailing: int = 2) -> list[range]:
    """Token ranges where a name can be: capitalised tokens, the lower-case syllables,
    numbers and hyphens between them ("Liên minh châu Âu"), and up to ``trailing``
    lower-case syllables after them ("Bộ Ngoại giao"). Outside them every label is O."""
    windows: list[range] = []
    n = len(tokens)
    covered = 0
    for start in [k for k, token in enumerate(tokens) if token[:1].isupper()]:
        if start < covered:
            continue
        last_capital, j = start, start + 1
        while j < n and j - last_capital <= trailing + 1:
            token = tokens[j]
            if token[:1].isupper():
                last_capital = j
            elif not (token[:1].isalnum() or token in "-&'" or (token == "." and len(tokens[j - 1]) == 1)):
                break
            j += 1
        stop = min(j, last_capital + trailing + 1)
        windows.append(range(start, stop))
        covered = stop
    return windows


def sparse_attributes(n: int, cue_end: dict[int, str], in_org: set[int], gazetteer: dict[int, str]
                      ) -> dict[int, list[str]]:
    """Attributes by token from the cue phrases ending at a token (their kinds), the tokens
    inside an organisation head and the gazetteer tags, in the order training saw them."""
    extra: dict[int, list[str]] = {}
    for j, kinds in cue_end.items():
        for back in (1, 2, 3):
            if j + back < n:
                extra.setdefault(j + back, []).append(f"c-{back}={kinds}")
    for j in in_org:
        extra.setdefault(j, []).append("oh")
    for j, tag in gazetteer.items():
        extra.setdefault(j, []).append("gz=" + tag)
        if j > 0:
            extra.setdefault(j - 1, []).append("gz+1=" + tag)
        if j + 1 < n:
            extra.setdefault(j + 1, []).append("gz-1=" + tag)
    return extra


@dataclass(frozen=True)
class Context:
    """Per-sentence arrays the positional features read."""

    tokens: Sequence[str]
    described: list[tuple]
    lowers: list[str]
    shapes: list[str]
    extra: dict[int, list[str]]


class Features:
    """A sentence's CRF features, as attribute strings.

    Three parts: what a token says about itself (``own``), what it says about its
    neighbours two either side (``around``), both functions of the token alone and
    cached; and what depends on the position (bigrams, cues before the token,
    gazetteer matches, sentence start). Training and tagging use the same strings.
    """

    OFFSETS = OFFSETS

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.cues = lexicon.cue_index()
        self.gazetteer = lexicon.gazetteer
        self._cache: dict[str, tuple] = {}
        # Cue phrases by their last word: (length, the words before the last, kinds).
        self._cues_by_last: dict[str, list[tuple[int, list[str], str]]] = {}
        for phrase, kinds in self.cues.items():
            words = phrase.split()
            self._cues_by_last.setdefault(words[-1], []).append((len(words), words[:-1], kinds))
        # Gazetteer names by their first syllable: the longest name starting with it.
        self._gazetteer_first: dict[str, int] = {}
        for name in self.gazetteer:
            words = name.split()
            first = words[0]
            self._gazetteer_first[first] = max(self._gazetteer_first.get(first, 0), len(words))

    def token(self, token: str) -> tuple[str, str, tuple[str, ...], dict[int, tuple[str, str]]]:
        """(lower, shape, own attributes, attributes by neighbour offset) of a token, cached."""
        cached = self._cache.get(token)
        if cached is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            cached = self._cache[token] = self._describe(token)
        return cached

    def _describe(self, token: str) -> tuple:
        lower = token.lower()
        form = shape(token)
        own = ["b", "w=" + lower, "s=" + form, "p2=" + lower[:2], "x3=" + lower[-3:]]
        if form.startswith("A") and not _VIETNAMESE.fullmatch(lower.replace("-", "")):
            own.append("fx")  # capitalised and not a Vietnamese syllable: a foreign name
        if token in self.lexicon.surnames:
            own.append("sur")
        around = {d: (f"w{d}={lower}", f"s{d}={form}") for d in OFFSETS}
        return lower, form, tuple(own), around

    def context(self, tokens: Sequence[str]) -> Context:
        described = [self.token(t) for t in tokens]
        lowers = [d[0] for d in described]
        shapes = [d[1] for d in described]
        return Context(tokens, described, lowers, shapes, self.extra(tokens, lowers))

    def extra(self, tokens: Sequence[str], lowers: Sequence[str]) -> dict[int, list[str]]:
        """The sparse attributes: cues before a token, organisation heads, gazetteer matches."""
        cue_end, in_org = self._cues(lowers)
        return sparse_attributes(len(tokens), cue_end, in_org, self._gazetteer(tokens))

    def positional(self, ctx: Context, i: int) -> list[str]:
        """The attributes that depend on where token ``i`` stands."""
        tokens, lowers, shapes = ctx.tokens, ctx.lowers, ctx.shapes
        n = len(tokens)
        lower = lowers[i]
        if i:
            feats = [f"w-1|w={lowers[i - 1]}|{lower}", f"s-1|s={shapes[i - 1]}|{shapes[i]}"]
            if tokens[i - 1] in _OPENERS:
                feats.append("first")
            if i == 1:
                feats.append("w-2=<>")
        else:
            feats = ["first", "w-2=<>", "w-1=<>"]
        if i + 1 < n:
            feats.append(f"w|w+1={lower}|{lowers[i + 1]}")
            if i + 2 == n:
                feats.append("w2=<>")
        else:
            feats += ["w1=<>", "w2=<>"]
        more = ctx.extra.get(i)
        if more:
            feats.extend(more)
        return feats

    def __call__(self, tokens: Sequence[str]) -> list[list[str]]:
        """All attributes of every token: what training feeds the CRF."""
        ctx = self.context(tokens)
        n = len(tokens)
        result = []
        for i in range(n):
            feats = list(ctx.described[i][2])
            for d in OFFSETS:
                if 0 <= i + d < n:
                    feats.extend(ctx.described[i + d][3][d])
            feats.extend(self.positional(ctx, i))
            result.append(feats)
        return result

    def _cues(self, lowers: Sequence[str]) -> tuple[dict[int, str], set[int]]:
        """Kinds of the cue phrases ending at a token; the tokens inside an organisation head."""
        cue_end: dict[int, str] = {}
        in_org: set[int] = set()
        by_last = self._cues_by_last
        for last, word in enumerate(lowers):
            candidates = by_last.get(word)
            if not candidates:
                continue
            for length, words, kinds in candidates:
                first = last - length + 1
                if first < 0 or (length > 1 and lowers[first:last] != words):
                    continue
                cue_end[last] = "".join(sorted(set(cue_end.get(last, "") + kinds)))
                if "o" in kinds:
                    in_org.update(range(first, last + 1))
        return cue_end, in_org

    def _gazetteer(self, tokens: Sequence[str]) -> dict[int, str]:
        """Greedy longest gazetteer matches: token → B-TYPE / I-TYPE."""
        n = len(tokens)
        tags: dict[int, str] = {}
        gazetteer, longest = self.gazetteer, self._gazetteer_first
        i = 0
        while i < n:
            most = longest.get(tokens[i], 0)
            if not most:
                i += 1
                continue
            best, best_type, phrase = 0, "", tokens[i]
            for k in range(1, min(most, n - i) + 1):
                if k > 1:
                    phrase = phrase + " " + tokens[i + k - 1]
                found = gazetteer.get(phrase)
                if found:
                    best, best_type = k, found
            if best:
                tags[i] = "B-" + best_type
                for j in range(i + 1, i + best):
                    tags[j] = "I-" + best_type
                i += best
            else:
                i += 1
        return tags
