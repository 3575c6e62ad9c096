"""Statistical name tagger: people, organisations and places the knowledge base does not know.

A linear-chain CRF (python-crfsuite) over syllables with BIO labels for PER, LOC and
ORG. The model and the word lists its features read (titles, place cues,
organisation heads, family names, a place gazetteer) ship together in
``sukien/data/models/`` (see PROVENANCE.md there); ``scripts/train_tagger.py``
rebuilds both. Nothing is read from the knowledge base at run time, so a model
always sees the same features it was trained with.

The tagger is a library function, not a pipeline stage: the recognizer calls
``tag_names`` on the sentences it wants tagged and decides what to keep. The
features live in ``tagger_features`` (as strings, for training) and
``tagger_rows`` (as weight rows, for tagging); the decoder in ``tagger_decode``.
"""
from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sukien.errors import DataFileError
from sukien.recognize.tagger_decode import marginals, spans_from_labels, viterbi
from sukien.recognize.tagger_features import (  # re-exported: scripts/train_tagger.py reads them here
    _VIETNAMESE,
    TOKEN,
    Context,
    Features,
    Lexicon,
    candidate_windows,
    shape,
    tokenize,
)
from sukien.recognize.tagger_rows import FeatureRows

MODEL_DIR = resources.files("sukien") / "data" / "models"
MODEL_FILE = "tagger.json.gz"
TYPES = ("PER", "LOC", "ORG")


@dataclass(frozen=True)
class TaggedName:
    """A name the tagger found: character offsets into the text, its type and a confidence."""

    start: int
    end: int
    type: str  # "PER" | "LOC" | "ORG"
    score: float  # the lowest marginal probability of the labels the name spans


class CrfModel:
    """A linear-chain CRF's weights, decoded with numpy (Viterbi, forward-backward).

    A token's emission scores are the sum of the weight rows of its attributes
    (``FeatureRows``); only the given windows are decoded, with O assumed outside
    them, all windows of a batch together (``tagger_decode``).
    """

    def __init__(self, data: dict, lexicon: Lexicon):
        import numpy  # a dependency of pyvi/scikit-learn; imported here to keep import light

        self.np = numpy
        self.labels: list[str] = data["labels"]
        self.outside = self.labels.index("O")
        state = data["state"]
        self.index = {attribute: row for row, attribute in enumerate(state, start=1)}
        self.weights = numpy.zeros((len(state) + 1, len(self.labels)))  # row 0: nothing
        if state:
            self.weights[1:] = numpy.array(list(state.values()), dtype=float)
        self.transitions = numpy.array(data["transitions"], dtype=float)  # [from, to]
        self.step = numpy.exp(self.transitions)
        self.features = Features(lexicon)
        self.rows = FeatureRows(self.features, self.index)

    def viterbi(self, scores, first_o, last_o, lengths=None):
        """Best label paths for a batch of windows (windows × length × labels), longest first."""
        return viterbi(scores, first_o, last_o, self.transitions, self.outside, lengths)

    def marginals(self, scores, first_o, last_o, lengths=None):
        """P(label at each position), windows × length × labels, by scaled forward-backward."""
        return marginals(scores, first_o, last_o, self.step, self.outside, lengths)

    def emissions(self, items: Sequence[tuple[Sequence[str], Sequence[range] | None]]):
        """Emission scores of every window token (tokens × labels, window after window) and
        the windows as (item, window, an O before it, an O after it)."""
        rows: list[int] = []
        starts: list[int] = []
        windows: list[tuple[int, range, bool, bool]] = []
        for number, (tokens, spans) in enumerate(items):
            if not tokens:
                continue
            n = len(tokens)
            spans = [range(n)] if spans is None else [w for w in spans if len(w)]
            if not spans:
                continue
            windows.extend((number, w, w.start > 0, w.stop < n) for w in spans)
            self.rows.add(tokens, spans, rows, starts)
        if not starts:
            return None, windows
        # take() gathers the rows faster than indexing with a list does
        return self.np.add.reduceat(self.weights.take(rows, axis=0), starts, axis=0), windows

    def tag_batch(self, items: Sequence[tuple[Sequence[str], Sequence[range] | None]],
                  keep: Callable[[int, int, int, str], bool] | None = None
                  ) -> list[list[tuple[int, int, str, float]]]:
        """For each (tokens, windows) item, its (first, last + 1, type, score) token ranges.

        All windows of all items are decoded together, so one call with a whole
        article's sentences costs far less than one call per sentence. ``keep(item,
        first, stop, type)``, when given, drops names before they are scored: only the
        windows holding a kept name pay for forward-backward."""
        found: list[list[tuple[int, int, str, float]]] = [[] for _ in items]
        emissions, windows = self.emissions(items)
        if emissions is None:
            return found
        np = self.np
        sizes = [len(w[1]) for w in windows]
        order = sorted(range(len(windows)), key=sizes.__getitem__, reverse=True)  # longest first
        lengths = np.array(sizes)
        firsts = (np.cumsum(lengths) - lengths)[order]
        lengths = lengths[order]
        # Padding positions read any row: the decoder never uses them.
        scores = emissions[np.minimum(firsts[:, None] + np.arange(lengths[0]), len(emissions) - 1)]
        first_o = np.array([windows[k][2] for k in order], dtype=float)
        last_o = np.array([windows[k][3] for k in order], dtype=float)
        paths = self.viterbi(scores, first_o, last_o, lengths)
        named = self._named(paths, windows, order, keep)
        if not named:
            return found
        rows = np.array(list(named))  # still longest first
        width = int(lengths[rows[0]])
        probabilities = self.marginals(scores[rows, :width], first_o[rows], last_o[rows], lengths[rows])
        chosen = np.take_along_axis(probabilities, paths[rows, :width][:, :, None], axis=2)[:, :, 0].tolist()
        for (number, start, names), probability in zip(named.values(), chosen):
            for first, stop, kind in names:
                score = float(min(probability[first:stop]))
                found[number].append((start + first, start + stop, kind, score))
        for spans in found:
            spans.sort()
        return found

    def _named(self, paths, windows, order, keep) -> dict[int, tuple[int, int, list[tuple[int, int, str]]]]:
        """Batch row → (item, window start, its kept names as window token ranges), rows in order."""
        named_rows = self.np.flatnonzero((paths != self.outside).any(axis=1)).tolist()
        labels = self.labels
        named = {}
        for m, path in zip(named_rows, paths[named_rows].tolist()):
            number, window = windows[order[m]][:2]
            names = spans_from_labels([labels[y] for y in path[:len(window)]])
            if keep is not None:
                start = window.start
                names = [(a, b, kind) for a, b, kind in names if keep(number, start + a, start + b, kind)]
            if names:
                named[m] = (number, window.start, names)
        return named

    def tag_tokens(self, tokens: Sequence[str], windows: Sequence[range] | None = None
                   ) -> list[tuple[int, int, str, float]]:
        """(first, last + 1, type, score) token ranges over ``tokens`` (all of it by default)."""
        return self.tag_batch([(tokens, windows)])[0]

    def tag(self, text: str, sentences: Sequence[tuple[int, int]], only_capitalised: bool = True,
            keep: Callable[[int, int, str], bool] | None = None,
            worth: Callable[[int, int], bool] | None = None) -> list[TaggedName]:
        """Names in the given sentences; ``keep(start, end, type)``, when given, says which
        to score and return (the others cost no forward-backward); ``worth(start, end)``,
        when given, says which windows can hold a name to keep (the others are not decoded)."""
        found = [list(TOKEN.finditer(text, start, end)) for start, end in sentences]
        tokenized = [[match.group() for match in matches] for matches in found]
        offsets = [[match.span() for match in matches] for matches in found]  # each token's (start, end)
        items = [(tokens, candidate_windows(tokens) if only_capitalised else None) for tokens in tokenized]
        if worth is not None:
            items = [(tokens, _worth_decoding(windows, where, worth))
                     for (tokens, windows), where in zip(items, offsets)]

        def wanted(number: int, first: int, stop: int, kind: str) -> bool:
            where = offsets[number]
            return kind in TYPES and keep(where[first][0], where[stop - 1][1], kind)

        names: list[TaggedName] = []
        for number, spans in enumerate(self.tag_batch(items, wanted if keep is not None else None)):
            where = offsets[number]
            for first, stop, kind, score in spans:
                if kind in TYPES:
                    names.append(TaggedName(where[first][0], where[stop - 1][1], kind, round(score, 4)))
        return names


def _worth_decoding(windows: Sequence[range] | None, where: list[tuple[int, int]],
                    worth: Callable[[int, int], bool]) -> list[range]:
    """The windows (all the tokens when None) whose characters ``worth`` accepts; ``where``
    holds the tokens' offsets. Each window is decoded on its own (O stands outside it), so
    leaving one out changes nothing that the others find."""
    windows = [range(len(where))] if windows is None else windows
    return [window for window in windows
            if len(window) and worth(where[window.start][0], where[window.stop - 1][1])]


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


def tag_names(text: str, sentences: Sequence[tuple[int, int]], only_capitalised: bool = True,
              keep: Callable[[int, int, str], bool] | None = None,
              worth: Callable[[int, int], bool] | None = None) -> list[TaggedName]:
    """Names of people (PER), places (LOC) and organisations (ORG) in the given sentences.

    ``sentences`` are (start, end) character ranges of ``text``; the names come back in
    text order with offsets into ``text``. With ``only_capitalised`` (the default) the
    model decodes only the stretches around capitalised tokens, where a name in news
    can be, taking every other token as O: several times faster than decoding whole
    sentences (``only_capitalised=False``), with the same results on held-out data.
    ``keep(start, end, type)`` filters the names before they are scored, which is
    cheaper than scoring them all when the caller would drop most. ``worth(start, end)``
    filters the windows before they are decoded: it must accept every window that
    holds a name ``keep`` would take.
    """
    return default_tagger().tag(text, sentences, only_capitalised, keep, worth)


__all__ = [
    "MODEL_FILE", "TOKEN", "TYPES", "_VIETNAMESE", "Context", "CrfModel", "Features", "Lexicon", "TaggedName",
    "candidate_windows", "default_tagger", "export_model", "load_model", "shape",
    "spans_from_labels", "tag_names", "tokenize",
]
