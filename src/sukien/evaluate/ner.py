"""Named-entity scores on a CoNLL file, for sukien and (when installed) underthesea.

The file has one token per line, the token first and its IOB2 tag last (columns in
between are ignored), and a blank line between sentences. A token is a word with
its syllables joined by "_" ("Hà_Nội") or a single syllable. Each sentence's text
is rebuilt (underscores become spaces, tokens are joined by spaces) with every
token's offsets kept; a system's character spans are mapped back onto the tokens
they overlap, and names are scored conlleval-style: exact token spans, per type
(PER, LOC, ORG) and micro-averaged. Other gold types (MISC) are ignored.
"""
from __future__ import annotations

import time

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sukien.errors import EvaluationError
from sukien.evaluate.scores import Score

NER_TYPES = ("PER", "LOC", "ORG")
# What each recognizer type counts as in CoNLL terms.
TO_CONLL = {"PERSON": "PER", "PER": "PER", "COUNTRY": "LOC", "LOC": "LOC", "LOCATION": "LOC",
            "ORG": "ORG", "ORGANIZATION": "ORG"}

Recognizer = Callable[[str], Sequence[tuple[int, int, str]]]


@dataclass(frozen=True)
class ConllSentence:
    tokens: tuple[str, ...]  # as written in the file, underscores kept
    tags: tuple[str, ...]  # IOB2
    line: int  # line of the first token, 1-based

    @property
    def text(self) -> str:
        return " ".join(token.replace("_", " ") for token in self.tokens)

    @property
    def offsets(self) -> list[tuple[int, int]]:
        spans, position = [], 0
        for token in self.tokens:
            spans.append((position, position + len(token)))
            position += len(token) + 1
        return spans


def _check_tag(tag: str, where: str) -> str:
    if tag == "O":
        return tag
    prefix, dash, kind = tag.partition("-")
    if prefix not in ("B", "I") or not dash or not kind:
        raise EvaluationError(f"{where}: bad tag {tag!r} (expected O, B-TYPE or I-TYPE)")
    return tag


def _looks_like_tag(column: str) -> bool:
    return column == "O" or column[:2] in ("B-", "I-")


@dataclass(frozen=True)
class ConllFile:
    sentences: list[ConllSentence]
    columns: int  # the most columns a token line has
    tag_column: int  # the column read as the NER tag (0-based)
    chosen: bool = False  # the tag column was picked among several that hold tags


def read_conll(path: str | Path, tag_column: int | None = None) -> list[ConllSentence]:
    """Sentences of a CoNLL file; a malformed line raises EvaluationError naming file:line."""
    return read_conll_file(path, tag_column).sentences


def read_conll_file(path: str | Path, tag_column: int | None = None) -> ConllFile:
    """The file's sentences with the column read as the NER tag: ``tag_column`` (0-based, negative from
    the end) when given; else the last, or, in a file of more than two columns on every line (VLSP's
    word, POS, chunk, NER, nested NER), the column of valid tags that names the most."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EvaluationError(f"{path}: cannot read ({error})") from error
    rows: list[list[tuple[int, list[str]]]] = [[]]
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("-DOCSTART-"):
            rows.append([])
            continue
        columns = stripped.split()
        if stripped.startswith("#") and not _looks_like_tag(columns[-1]):
            continue  # a comment ("# text = ..."), not the token "#"
        if len(columns) < 2:
            raise EvaluationError(f"{path}:{number}: expected a token and a tag, got {stripped!r}")
        rows[-1].append((number, columns))
    widths = {len(columns) for sentence in rows for _, columns in sentence}
    width = max(widths, default=2)
    chosen = tag_column is None and widths == {width} and width > 2  # a ragged file keeps its last column
    column = _tag_column(rows, width) if chosen else (-1 if tag_column is None else tag_column)
    sentences = []
    for sentence in rows:
        if not sentence:
            continue
        try:
            tags = tuple(_check_tag(columns[column], f"{path}:{number}") for number, columns in sentence)
        except IndexError:
            number = next(n for n, columns in sentence if not -len(columns) <= column < len(columns))
            raise EvaluationError(f"{path}:{number}: no column {column} on this line") from None
        sentences.append(ConllSentence(tuple(columns[0] for _, columns in sentence), tags, sentence[0][0]))
    return ConllFile(sentences, width, column % width if column < 0 else column, chosen)


_NAME_TYPES = frozenset(("PER", "LOC", "ORG", "MISC", "GPE", "NORP"))


def _tag_column(rows: list[list[tuple[int, list[str]]]], width: int) -> int:
    """The column (after the token) whose every value is an IOB tag and that begins the most names (a
    chunk column's B-NP, B-VP are no names)."""
    best, best_names = width - 1, -1
    for column in range(1, width):
        values = [columns[column] for sentence in rows for _, columns in sentence if len(columns) > column]
        if not values or not all(_looks_like_tag(value) for value in values):
            continue
        names = sum(value.startswith("B-") and value[2:] in _NAME_TYPES for value in values)  # not chunks
        if names > best_names:
            best, best_names = column, names
    return best


def chunks(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """(first, last + 1, type) of the names in an IOB tag sequence; a stray I- starts a name."""
    found: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, this = tag.partition("-")
        if kind and (prefix != "I" or this != kind):
            found.add((start, i, kind))
            kind = ""
        if prefix == "B" or (prefix == "I" and not kind):
            start, kind = i, this
    return found


def spans_to_tags(spans: Iterable[tuple[int, int, str]], offsets: Sequence[tuple[int, int]]) -> list[str]:
    """Character spans (typed PER/LOC/ORG) → IOB2 over the tokens they overlap; first span wins."""
    tags = ["O"] * len(offsets)
    for start, end, kind in sorted(spans):
        covered = [i for i, (a, b) in enumerate(offsets) if a < end and start < b]
        if not covered or any(tags[i] != "O" for i in covered):
            continue
        tags[covered[0]] = "B-" + kind
        for i in covered[1:]:
            tags[i] = "I-" + kind
    return tags


@dataclass
class TypeScore(Score):

    def as_dict(self) -> dict:
        return {"correct": self.correct, "predicted": self.predicted, "gold": self.gold,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class Scores:
    by_type: dict[str, TypeScore] = field(default_factory=lambda: {t: TypeScore() for t in NER_TYPES})

    @property
    def micro(self) -> TypeScore:
        total = TypeScore()
        for score in self.by_type.values():
            total.correct += score.correct
            total.predicted += score.predicted
            total.gold += score.gold
        return total

    def add(self, gold_tags: Sequence[str], predicted_tags: Sequence[str]) -> None:
        gold = {c for c in chunks(gold_tags) if c[2] in self.by_type}
        predicted = {c for c in chunks(predicted_tags) if c[2] in self.by_type}
        for kind, score in self.by_type.items():
            g = {c for c in gold if c[2] == kind}
            p = {c for c in predicted if c[2] == kind}
            score.correct += len(g & p)
            score.gold += len(g)
            score.predicted += len(p)

    def as_dict(self) -> dict:
        return {**{t: s.as_dict() for t, s in self.by_type.items()}, "micro": self.micro.as_dict()}


def score_system(sentences: Sequence[ConllSentence], recognizer: Recognizer) -> Scores:
    """Run ``recognizer`` on each rebuilt sentence and score its names against the gold tags."""
    scores = Scores()
    for sentence in sentences:
        spans = [(s, e, TO_CONLL[kind]) for s, e, kind in recognizer(sentence.text) if kind in TO_CONLL]
        scores.add(sentence.tags, spans_to_tags(spans, sentence.offsets))
    return scores


def tagger_recognizer(text: str) -> list[tuple[int, int, str]]:
    """The statistical tagger alone, over the whole text as one sentence."""
    from sukien.recognize.tagger import tag_names

    return [(n.start, n.end, n.type) for n in tag_names(text, [(0, len(text))])]


def sukien_recognizer(tagger_only: bool = False) -> tuple[str, Recognizer]:
    """sukien's recognizer (``recognize.recognize_text``), or the tagger alone when asked
    or while the recognizer does not exist: the one place that fallback is decided."""
    if not tagger_only:
        try:
            from sukien.recognize import recognize_text
        except ImportError:
            pass
        else:
            return "sukien", recognize_text
    return "sukien tagger", tagger_recognizer


def underthesea_recognizer() -> Recognizer | None:
    """underthesea's bundled CRF ``ner`` as a recognizer, or None when it is not installed."""
    try:
        from underthesea import ner
    except ImportError:
        return None

    def recognize(text: str) -> list[tuple[int, int, str]]:
        return _chunk_words(text, ner(text))

    return recognize


def _chunk_words(text: str, rows: Sequence[Sequence[str]]) -> list[tuple[int, int, str]]:
    """underthesea's (word, pos, chunk, ner) rows → character spans, words found in order."""
    spans: list[tuple[int, int, str]] = []
    position, current = 0, None
    for row in rows:
        word, tag = row[0], row[-1]
        at = text.find(word, position)
        if at < 0:
            current = None
            continue
        position = at + len(word)
        prefix, _, kind = tag.partition("-")
        if prefix == "I" and current and current[2] == kind:
            current[1] = position
        elif prefix in ("B", "I") and kind:
            current = [at, position, kind]
            spans.append(current)
        else:
            current = None
    return [(s, e, k) for s, e, k in spans if k in NER_TYPES]


@dataclass
class NerReport:
    path: str
    sentences: int
    tokens: int
    systems: dict[str, Scores]
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # CPU time each system took
    predictions: dict[str, list[list[str]]] = field(default_factory=dict)  # system → tags per sentence

    def as_dict(self) -> dict:
        return {"file": self.path, "sentences": self.sentences, "tokens": self.tokens,
                "systems": {name: s.as_dict() for name, s in self.systems.items()}, "notes": self.notes,
                "seconds": self.seconds}


def _timed(report: NerReport, name: str, sentences: Sequence[ConllSentence], recognizer: Recognizer) -> None:
    started = time.process_time()
    predicted = []
    scores = Scores()
    for sentence in sentences:
        spans = [(s, e, TO_CONLL[kind]) for s, e, kind in recognizer(sentence.text) if kind in TO_CONLL]
        tags = spans_to_tags(spans, sentence.offsets)
        scores.add(sentence.tags, tags)
        predicted.append(list(tags))
    report.seconds[name] = time.process_time() - started
    report.systems[name], report.predictions[name] = scores, predicted


def evaluate_ner(path: str | Path, limit: int | None = None, compare: bool = True,
                 tagger_only: bool = False, tag_column: int | None = None,
                 output: str | Path | None = None) -> NerReport:
    """Score sukien (and underthesea, when ``compare`` and installed) on a CoNLL file; with ``output``,
    write every system's tags beside the gold ones."""
    conll = read_conll_file(path, tag_column)
    sentences = conll.sentences[:limit] if limit is not None else conll.sentences
    if not sentences:
        raise EvaluationError(f"{path}: no sentences")
    report = NerReport(str(path), len(sentences), sum(len(s.tokens) for s in sentences), {})
    if conll.chosen:
        report.notes.append(f"{path}: {conll.columns} columns; column {conll.tag_column + 1} read as the NER tag "
                            "(it names the most); --tag-column N picks another")
    if not any(tag != "O" for sentence in sentences for tag in sentence.tags):
        report.notes.append(f"{path}: the tag column holds no names (every tag is O): every score is 0; "
                            "is --tag-column right?")
    name, ours = sukien_recognizer(tagger_only)
    _timed(report, name, sentences, ours)
    if compare:
        theirs = underthesea_recognizer()
        if theirs is None:
            report.notes.append("underthesea is not installed: comparison skipped")
        else:
            _timed(report, "underthesea", sentences, theirs)
    if output is not None:
        write_predictions(report, sentences, output)
    return report


def write_predictions(report: NerReport, sentences: Sequence[ConllSentence], out: str | Path) -> None:
    """A CoNLL file: each token with the gold tag and every system's, one column each."""
    names = list(report.predictions)
    with Path(out).open("w", encoding="utf-8") as handle:
        handle.write("# token\tgold\t" + "\t".join(names) + "\n")
        for index, sentence in enumerate(sentences):
            for position, token in enumerate(sentence.tokens):
                tags = [report.predictions[name][index][position] for name in names]
                handle.write("\t".join([token, sentence.tags[position], *tags]) + "\n")
            handle.write("\n")
