"""Statistical name tagger: people, organisations and places the knowledge base does not know.

A linear-chain CRF (python-crfsuite) over syllables with BIO labels for PER, LOC and
ORG. The model and the word lists its features read (titles, place cues,
organisation heads, family names, a place gazetteer) ship together in
``sukien/data/models/`` (see PROVENANCE.md there); ``scripts/train_tagger.py``
rebuilds both. Nothing is read from the knowledge base at run time, so a model
always sees the same features it was trained with.

The tagger is a library function, not a pipeline stage: the recognizer calls
``tag_names`` on the sentences it wants tagged and decides what to keep.
"""
from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sukien.errors import DataFileError

MODEL_DIR = resources.files("sukien") / "data" / "models"
MODEL_FILE = "tagger.json.gz"
TYPES = ("PER", "LOC", "ORG")

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


@dataclass(frozen=True)
class TaggedName:
    """A name the tagger found: character offsets into the text, its type and a confidence."""

    start: int
    end: int
    type: str  # "PER" | "LOC" | "ORG"
    score: float  # the lowest marginal probability of the labels the name spans


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
    def from_dict(cls, data: dict) -> "Lexicon":
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


class Features:
    """A sentence's CRF features, as attribute strings.

    Three parts: what a token says about itself (``own``), what it says about its
    neighbours two either side (``around``), both functions of the token alone and
    cached; and what depends on the position (bigrams, cues before the token,
    gazetteer matches, sentence start). Training and tagging use the same strings.
    """

    OFFSETS = (-2, -1, 1, 2)

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
        around = {d: (f"w{d}={lower}", f"s{d}={form}") for d in self.OFFSETS}
        return lower, form, tuple(own), around

    def context(self, tokens: Sequence[str]) -> "Context":
        described = [self.token(t) for t in tokens]
        lowers = [d[0] for d in described]
        shapes = [d[1] for d in described]
        extra: dict[int, list[str]] = {}  # sparse: cue, organisation-head and gazetteer attributes
        cue_end, in_org = self._cues(lowers)
        n = len(tokens)
        for j, kinds in cue_end.items():
            for back in (1, 2, 3):
                if j + back < n:
                    extra.setdefault(j + back, []).append(f"c-{back}={kinds}")
        for j in in_org:
            extra.setdefault(j, []).append("oh")
        for j, tag in self._gazetteer(tokens).items():
            extra.setdefault(j, []).append("gz=" + tag)
            if j > 0:
                extra.setdefault(j - 1, []).append("gz+1=" + tag)
            if j + 1 < n:
                extra.setdefault(j + 1, []).append("gz-1=" + tag)
        return Context(tokens, described, lowers, shapes, extra)

    def positional(self, ctx: "Context", i: int) -> list[str]:
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
            for d in self.OFFSETS:
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


@dataclass(frozen=True)
class Context:
    """Per-sentence arrays the positional features read."""

    tokens: Sequence[str]
    described: list[tuple]
    lowers: list[str]
    shapes: list[str]
    extra: dict[int, list[str]]


def spans_from_labels(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """BIO labels → (first, last + 1, type) token ranges; a stray I- starts a name (conlleval)."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, label in enumerate(list(labels) + ["O"]):
        tag, _, this = label.partition("-")
        if kind and (tag != "I" or this != kind):
            spans.append((start, i, kind))
            kind = ""
        if tag == "B" or (tag == "I" and not kind):
            start, kind = i, this
    return spans


def candidate_windows(tokens: Sequence[str], trailing: int = 2) -> list[range]:
    """Token ranges where a name can be: capitalised tokens, the lower-case syllables,
    numbers and hyphens between them ("Liên minh châu Âu"), and up to ``trailing``
    lower-case syllables after them ("Bộ Ngoại giao"). Outside them every label is O."""
    windows: list[range] = []
    n = len(tokens)
    i = 0
    while i < n:
        if not tokens[i][:1].isupper():
            i += 1
            continue
        start, last_capital, j = i, i, i + 1
        while j < n and j - last_capital <= trailing + 1:
            token = tokens[j]
            if token[:1].isupper():
                last_capital = j
            elif not (token[:1].isalnum() or token in "-&'" or (token == "." and len(tokens[j - 1]) == 1)):
                break
            j += 1
        stop = min(j, last_capital + trailing + 1)
        windows.append(range(start, stop))
        i = stop
    return windows


class CrfModel:
    """A linear-chain CRF's weights, decoded with numpy (Viterbi, forward-backward).

    Each token's attribute rows are cached, so a window costs a few dictionary
    look-ups per token and a handful of array operations; only the given windows
    are decoded, with O assumed outside them (exactly as a CRF would score a
    sentence whose other labels are fixed to O).
    """

    def __init__(self, data: dict, lexicon: Lexicon):
        import numpy  # a dependency of pyvi/scikit-learn; imported here to keep import light

        self.np = numpy
        self.labels: list[str] = data["labels"]
        self.outside = self.labels.index("O")
        attributes = list(data["state"])
        self.index = {attribute: row for row, attribute in enumerate(attributes, start=1)}
        self.weights = numpy.zeros((len(attributes) + 1, len(self.labels)))  # row 0: nothing
        for row, attribute in enumerate(attributes, start=1):
            self.weights[row] = data["state"][attribute]
        self.transitions = numpy.array(data["transitions"], dtype=float)  # [from, to]
        self.step = numpy.exp(self.transitions)
        self.features = Features(lexicon)
        self._own: dict[str, list[int]] = {}
        self._around: dict[tuple[str, int], list[int]] = {}

    def _rows(self, attributes: Iterable[str]) -> list[int]:
        index = self.index
        return [index[a] for a in attributes if a in index]

    def _token_rows(self, token: str, described: tuple) -> None:
        self._own[token] = self._rows(described[2])
        for d, attributes in described[3].items():
            self._around[(token, d)] = self._rows(attributes)

    def _window_rows(self, ctx: Context, window: range, rows: list[int], starts: list[int]) -> None:
        """Append, for each token of ``window``, the weight rows of its attributes."""
        tokens, n, own, around, index = ctx.tokens, len(ctx.tokens), self._own, self._around, self.index
        for j in range(max(0, window.start - 2), min(n, window.stop + 2)):
            if tokens[j] not in own:
                self._token_rows(tokens[j], ctx.described[j])
        positional, get, append = self.features.positional, index.get, rows.append
        for i in window:
            starts.append(len(rows))
            append(0)
            rows.extend(own[tokens[i]])
            for d in Features.OFFSETS:
                if 0 <= i + d < n:
                    rows.extend(around[(tokens[i + d], d)])
            for attribute in positional(ctx, i):
                row = get(attribute)
                if row:
                    append(row)

    def viterbi(self, scores, first_o, last_o):
        """Best label paths for a batch of equally long windows (windows × length × labels).

        ``first_o`` / ``last_o`` (0 or 1 per window): an O label stands before / after it."""
        np, trans, outside = self.np, self.transitions, self.outside
        best = scores[:, 0] + first_o[:, None] * trans[outside]
        back = []
        for t in range(1, scores.shape[1]):
            total = best[:, :, None] + trans
            back.append(total.argmax(axis=1))
            best = total.max(axis=1) + scores[:, t]
        best = best + last_o[:, None] * trans[:, outside]
        path = np.empty(scores.shape[:2], dtype=int)
        path[:, -1] = best.argmax(axis=1)
        rows = np.arange(len(scores))
        for t in range(len(back) - 1, -1, -1):
            path[:, t] = back[t][rows, path[:, t + 1]]
        return path

    def marginals(self, scores, first_o, last_o):
        """P(label at each position), windows × length × labels, by scaled forward-backward."""
        np, step, outside = self.np, self.step, self.outside
        emit = np.exp(scores - scores.max(axis=2, keepdims=True))
        alpha = np.empty_like(emit)
        beta = np.empty_like(emit)
        start = np.where(first_o[:, None] > 0, step[outside], 1.0)
        alpha[:, 0] = emit[:, 0] * start
        alpha[:, 0] /= alpha[:, 0].sum(axis=1, keepdims=True)
        for t in range(1, emit.shape[1]):
            alpha[:, t] = (alpha[:, t - 1] @ step) * emit[:, t]
            alpha[:, t] /= alpha[:, t].sum(axis=1, keepdims=True)
        beta[:, -1] = np.where(last_o[:, None] > 0, step[:, outside], 1.0)
        beta[:, -1] /= beta[:, -1].sum(axis=1, keepdims=True)
        for t in range(emit.shape[1] - 2, -1, -1):
            beta[:, t] = (emit[:, t + 1] * beta[:, t + 1]) @ step.T
            beta[:, t] /= beta[:, t].sum(axis=1, keepdims=True)
        product = alpha * beta
        return product / product.sum(axis=2, keepdims=True)

    def tag_batch(self, items: Sequence[tuple[Sequence[str], Sequence[range] | None]]
                  ) -> list[list[tuple[int, int, str, float]]]:
        """For each (tokens, windows) item, its (first, last + 1, type, score) token ranges.

        Windows of equal length across all items are decoded together, so one call
        with a whole article's sentences costs far less than one call per sentence."""
        if len(self._own) > 200_000:
            self._own.clear()
            self._around.clear()
        np = self.np
        rows: list[int] = []
        starts: list[int] = []
        windows: list[tuple[int, range, int, int]] = []  # item, window, first row, sentence length
        for number, (tokens, spans) in enumerate(items):
            if not tokens:
                continue
            ctx = self.features.context(tokens)
            for window in ([range(len(tokens))] if spans is None else spans):
                if len(window):
                    windows.append((number, window, len(starts), len(tokens)))
                    self._window_rows(ctx, window, rows, starts)
        found: list[list[tuple[int, int, str, float]]] = [[] for _ in items]
        if not windows:
            return found
        emissions = np.add.reduceat(self.weights[rows], starts, axis=0)
        by_length: dict[int, list[int]] = {}
        for k, (_, window, _, _) in enumerate(windows):
            by_length.setdefault(len(window), []).append(k)
        for length, members in by_length.items():
            firsts = np.array([windows[k][2] for k in members])
            scores = emissions[firsts[:, None] + np.arange(length)]
            first_o = np.array([float(windows[k][1].start > 0) for k in members])
            last_o = np.array([float(windows[k][1].stop < windows[k][3]) for k in members])
            paths = self.viterbi(scores, first_o, last_o)
            named = np.flatnonzero((paths != self.outside).any(axis=1))
            if not len(named):
                continue
            probabilities = self.marginals(scores[named], first_o[named], last_o[named])
            for row, m in enumerate(named):
                number, window = windows[members[m]][:2]
                path = paths[m]
                for first, stop, kind in spans_from_labels([self.labels[y] for y in path]):
                    score = float(min(probabilities[row, k, path[k]] for k in range(first, stop)))
                    found[number].append((window.start + first, window.start + stop, kind, score))
        for spans in found:
            spans.sort()
        return found

    def tag_tokens(self, tokens: Sequence[str], windows: Sequence[range] | None = None
                   ) -> list[tuple[int, int, str, float]]:
        """(first, last + 1, type, score) token ranges over ``tokens`` (all of it by default)."""
        return self.tag_batch([(tokens, windows)])[0]

    def tag(self, text: str, sentences: Sequence[tuple[int, int]], only_capitalised: bool = True
            ) -> list[TaggedName]:
        matches = [list(TOKEN.finditer(text, start, end)) for start, end in sentences]
        items = []
        for found in matches:
            tokens = [m.group() for m in found]
            items.append((tokens, candidate_windows(tokens) if only_capitalised else None))
        names: list[TaggedName] = []
        for found, spans in zip(matches, self.tag_batch(items)):
            for first, stop, kind, score in spans:
                if kind in TYPES:
                    names.append(TaggedName(found[first].start(), found[stop - 1].end(), kind, round(score, 4)))
        return names


def export_model(crfsuite_path: Path | str, lexicon: Lexicon, out: Path | str) -> None:
    """Write a trained crfsuite model and its lexicon as the gzipped JSON the tagger loads."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(crfsuite_path))
    info = tagger.info()
    labels = sorted(info.labels, key=lambda label: (label != "O", label[2:], label[0]))
    index = {label: k for k, label in enumerate(labels)}
    transitions = [[0.0] * len(labels) for _ in labels]
    for (a, b), weight in info.transitions.items():
        transitions[index[a]][index[b]] = weight
    state: dict[str, list[float]] = {}
    for (attribute, label), weight in sorted(info.state_features.items()):
        state.setdefault(attribute, [0.0] * len(labels))[index[label]] = weight
    data = {"format": 1, "labels": labels, "transitions": transitions, "state": state,
            "lexicon": lexicon.to_dict()}
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def load_model(path: Path | str) -> CrfModel:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        return CrfModel(data, Lexicon.from_dict(data["lexicon"]))
    except (OSError, ValueError, KeyError) as error:
        raise DataFileError(f"{path}: cannot read the tagger model ({error})") from error


@lru_cache(maxsize=1)
def default_tagger() -> CrfModel:
    """The model shipped in the package, loaded once per process."""
    model = Path(str(MODEL_DIR / MODEL_FILE))
    if not model.is_file():
        raise DataFileError(f"{model}: tagger model missing; build it with scripts/train_tagger.py")
    return load_model(model)


def tag_names(text: str, sentences: Sequence[tuple[int, int]], only_capitalised: bool = True
              ) -> list[TaggedName]:
    """Names of people (PER), places (LOC) and organisations (ORG) in the given sentences.

    ``sentences`` are (start, end) character ranges of ``text``; the names come back in
    text order with offsets into ``text``. With ``only_capitalised`` (the default) the
    model decodes only the stretches around capitalised tokens, where a name in news
    can be, taking every other token as O: several times faster than decoding whole
    sentences (``only_capitalised=False``), with the same results on held-out data.
    """
    return default_tagger().tag(text, sentences, only_capitalised)
