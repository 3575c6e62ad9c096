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


def read_conll(path: str | Path) -> list[ConllSentence]:
    """Sentences of a CoNLL file; a malformed line raises EvaluationError naming file:line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EvaluationError(f"{path}: cannot read ({error})") from error
    sentences: list[ConllSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    first = 0
    for number, line in enumerate(lines + [""], start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("-DOCSTART-"):
            if tokens:
                sentences.append(ConllSentence(tuple(tokens), tuple(tags), first))
                tokens, tags = [], []
            continue
        columns = stripped.split()
        if stripped.startswith("#") and not _looks_like_tag(columns[-1]):
            continue  # a comment ("# text = ..."), not the token "#"
        if len(columns) < 2:
            raise EvaluationError(f"{path}:{number}: expected a token and a tag, got {stripped!r}")
        if not tokens:
            first = number
        tokens.append(columns[0])
        tags.append(_check_tag(columns[-1], f"{path}:{number}"))
    return sentences


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

    def as_dict(self) -> dict:
        return {"file": self.path, "sentences": self.sentences, "tokens": self.tokens,
                "systems": {name: s.as_dict() for name, s in self.systems.items()}, "notes": self.notes}


def evaluate_ner(path: str | Path, limit: int | None = None, compare: bool = True,
                 tagger_only: bool = False) -> NerReport:
    """Score sukien (and underthesea, when ``compare`` and installed) on a CoNLL file."""
    sentences = read_conll(path)
    if limit is not None:
        sentences = sentences[:limit]
    if not sentences:
        raise EvaluationError(f"{path}: no sentences")
    name, ours = sukien_recognizer(tagger_only)
    report = NerReport(str(path), len(sentences), sum(len(s.tokens) for s in sentences),
                       {name: score_system(sentences, ours)})
    if compare:
        theirs = underthesea_recognizer()
        if theirs is None:
            report.notes.append("underthesea is not installed: comparison skipped")
        else:
            report.systems["underthesea"] = score_system(sentences, theirs)
    return report
