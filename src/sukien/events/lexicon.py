"""The event-coding lexicon: Vietnamese trigger patterns and the CAMEO code table.

Three data files in ``sukien/data/lexicons`` (see PROVENANCE.md there):

- ``cameo.tsv``: every CAMEO event code with English and Vietnamese labels, its
  Goldstein value, PLOVER event and mode, and quad class.
- ``triggers.tsv``: Vietnamese trigger patterns, each mapped to a CAMEO code, its
  PLOVER event/mode, who is source and target (``voice``) and an example sentence.
- ``not_triggers.tsv``: phrases that veto a shorter trigger inside them
  ("tiếp tục" is not a reception, "thống nhất đất nước" is not an agreement).

Patterns are lowercase NFC words in the "hòa/thủy" tone convention. A "…" between
words stands for a gap of up to ``MAX_GAP`` words ("mời … thăm").

``find_triggers`` finds every trigger in a sentence: contiguous patterns through one
Aho-Corasick automaton over the lowercased text; gap patterns by anchoring on their
first part and looking for the other parts within the gap (``lexicon_match``). Matches
must sit on word boundaries; when matches overlap the longest span wins. Every file is
validated row by row on load; a bad row raises ``DataFileError`` naming the file and line.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from sukien.errors import DataFileError
from sukien.events.lexicon_match import MAX_GAP, Matcher
from sukien.model import Span, Trigger
from sukien.normalize import normalize_text

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicons"
GAP = "\u2026"  # "…" in a pattern: up to MAX_GAP words may stand here

TRIGGER_COLUMNS = (
    "pattern", "cameo", "plover", "mode", "goldstein", "label_vi", "label_en",
    "voice", "needs_target", "example",
)
CAMEO_COLUMNS = (
    "code", "label_en", "label_vi", "goldstein", "goldstein_source", "plover",
    "plover_mode", "quad_class",
)
BLOCKER_COLUMNS = ("phrase", "blocks", "note")

# The PLOVER events and, for each, the modes the PLOVER manual lists.
PLOVER_EVENT_MODES = {
    "AGREE": "", "SUPPORT": "", "CONCEDE": "", "COOPERATE": "", "AID": "",
    "CONSULT": "visit third-party multilateral phone",
    "RETREAT": "withdraw release disarm ceasefire access resign",
    "REQUEST": "assist change yield meet",
    "REJECT": "assist change yield meet",
    "ACCUSE": "disapprove investigate allege",
    "THREATEN": "restrict arrest relations expel territory violence",
    "SANCTION": "convict expel withdraw discontinue",
    "PROTEST": "demo riot strike hunger boycott obstruct vandalize",
    "MOBILIZE": "troops weapons police militia",
    "COERCE": "seize restrict censor curfew martial-law arrest deport withhold misinformation cyber",
    "ASSAULT": "abduct beat torture sexual targeted destroy primitive firearms explosives"
               " suicide-attack aerial drone heavy-weapons crowd-control unconventional",
}
PLOVER_EVENTS = frozenset(PLOVER_EVENT_MODES)
PLOVER_MODES = frozenset(m for modes in PLOVER_EVENT_MODES.values() for m in modes.split())
VOICES = frozenset({"active", "host", "visit", "symmetric", "statement"})

_CODE = re.compile(r"\d{2,4}")
_WORD = re.compile(r"[^\W_]+")


# --- records -----------------------------------------------------------------------


@dataclass(frozen=True)
class CameoCode:
    """One row of the CAMEO event-code table."""

    code: str
    label_en: str
    label_vi: str
    goldstein: float
    plover: str  # "" for CAMEO 01 (statements), which PLOVER drops
    quad_class: int
    plover_mode: str = ""
    goldstein_source: str = "cameo"  # "cameo": the code's own value; "root": its root's

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class TriggerPattern:
    """A trigger pattern and what it means.

    ``words`` are the literal words in order; ``gaps`` holds every index ``i`` such
    that up to ``MAX_GAP`` words may stand between ``words[i - 1]`` and ``words[i]``.
    """

    pattern: str
    words: tuple[str, ...]
    gaps: tuple[int, ...]
    cameo: str
    plover: str
    mode: str | None
    goldstein: float
    label_vi: str
    label_en: str
    voice: str
    needs_target: bool
    example: str

    @property
    def parts(self) -> tuple[tuple[str, ...], ...]:
        """The contiguous runs of words between gaps."""
        bounds = (0, *self.gaps, len(self.words))
        return tuple(self.words[a:b] for a, b in pairwise(bounds))

    @property
    def has_gap(self) -> bool:
        return bool(self.gaps)

    @property
    def root(self) -> str:
        return self.cameo[:2]

    def to_trigger(self, span: Span) -> Trigger:
        """The pipeline's ``Trigger`` record for a match of this pattern at ``span``."""
        return Trigger(
            span=span, cameo=self.cameo, plover=self.plover, mode=self.mode or None,
            label_vi=self.label_vi, label_en=self.label_en, goldstein=self.goldstein,
            voice=self.voice,
        )


@dataclass(frozen=True)
class Blocker:
    """A phrase that vetoes the shorter trigger ``blocks`` wherever it overlaps it."""

    phrase: str
    words: tuple[str, ...]
    blocks: str
    note: str


# --- the lexicon -------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    triggers: tuple[TriggerPattern, ...]
    cameo: dict[str, CameoCode] = field(hash=False)
    blockers: tuple[Blocker, ...] = ()
    directory: Path | None = None
    _matcher: Matcher | None = field(default=None, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self._matcher is None:
            object.__setattr__(self, "_matcher", Matcher(self.triggers, self.blockers))

    def find(self, text: str) -> list[tuple[int, int, TriggerPattern]]:
        """Every trigger in ``text`` as (start, end, pattern), in text order."""
        return self._matcher.find(text)

    def pattern(self, pattern: str) -> TriggerPattern:
        for trig in self.triggers:
            if trig.pattern == pattern:
                return trig
        raise KeyError(pattern)


def _rows(path: Path, columns: tuple[str, ...]):
    """Yield (line number, dict) for the data rows of a TSV file with a fixed header."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read: {exc}") from exc
    if not lines or tuple(lines[0].rstrip("\r").split("\t")) != columns:
        raise DataFileError(f"{path}:1: header must be {' '.join(columns)}")
    for number, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise DataFileError(f"{path}:{number}: {len(cells)} columns, expected {len(columns)}")
        yield number, dict(zip(columns, (c.strip() for c in cells)))


def _fail(path: Path, number: int, problem: str) -> DataFileError:
    return DataFileError(f"{path}:{number}: {problem}")


def _number(path: Path, number: int, value: str, what: str) -> float:
    try:
        result = float(value)
    except ValueError:
        raise _fail(path, number, f"{what} {value!r} is not a number") from None
    if not -10 <= result <= 10:
        raise _fail(path, number, f"{what} {value} is outside -10..10")
    return result


def _check_mode(path: Path, number: int, event: str, mode: str) -> None:
    if mode and mode not in PLOVER_EVENT_MODES.get(event, "").split():
        raise _fail(path, number, f"unknown PLOVER mode {mode!r} for event {event or '(none)'}")


def _pattern_words(path: Path, number: int, pattern: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Check a pattern's form; return its words and gap positions."""
    if not pattern:
        raise _fail(path, number, "empty pattern")
    if unicodedata.normalize("NFC", pattern) != pattern:
        raise _fail(path, number, f"pattern {pattern!r} is not NFC")
    if pattern != pattern.lower():
        raise _fail(path, number, f"pattern {pattern!r} is not lowercase")
    if normalize_text(pattern)[0] != pattern:
        raise _fail(path, number, f"pattern {pattern!r} does not use the hòa/thủy tone convention")
    tokens = pattern.split(" ")
    if "" in tokens:
        raise _fail(path, number, f"pattern {pattern!r} must have single spaces between words")
    words: list[str] = []
    gaps: list[int] = []
    for i, token in enumerate(tokens):
        if token == GAP:
            if i == 0 or i == len(tokens) - 1 or tokens[i - 1] == GAP:
                raise _fail(path, number, f"pattern {pattern!r}: '{GAP}' must stand between words")
            gaps.append(len(words))
        elif _WORD.fullmatch(token):
            words.append(token)
        else:
            raise _fail(path, number, f"pattern {pattern!r}: {token!r} is not a word")
    return tuple(words), tuple(gaps)


def _load_cameo(path: Path) -> dict[str, CameoCode]:
    table: dict[str, CameoCode] = {}
    for number, row in _rows(path, CAMEO_COLUMNS):
        code = row["code"]
        if not _CODE.fullmatch(code):
            raise _fail(path, number, f"bad CAMEO code {code!r}")
        if code in table:
            raise _fail(path, number, f"duplicate CAMEO code {code}")
        if len(code) > 2 and code[:2] not in table:
            raise _fail(path, number, f"code {code} comes before its root {code[:2]}")
        if len(code) == 4 and code[:3] not in table:
            raise _fail(path, number, f"code {code} comes before its parent {code[:3]}")
        if not row["label_en"] or not row["label_vi"]:
            raise _fail(path, number, "missing label")
        goldstein = _number(path, number, row["goldstein"], "goldstein")
        if row["goldstein_source"] not in ("cameo", "root"):
            raise _fail(path, number, "goldstein_source must be 'cameo' or 'root'")
        if row["plover"] and row["plover"] not in PLOVER_EVENTS:
            raise _fail(path, number, f"unknown PLOVER event {row['plover']!r}")
        _check_mode(path, number, row["plover"], row["plover_mode"])
        if row["quad_class"] not in ("1", "2", "3", "4"):
            raise _fail(path, number, f"quad_class {row['quad_class']!r} is not 1-4")
        table[code] = CameoCode(
            code=code, label_en=row["label_en"], label_vi=row["label_vi"], goldstein=goldstein,
            plover=row["plover"], quad_class=int(row["quad_class"]),
            plover_mode=row["plover_mode"], goldstein_source=row["goldstein_source"],
        )
    if not table:
        raise DataFileError(f"{path}: no CAMEO codes")
    return table


def _load_triggers(path: Path, cameo: dict[str, CameoCode]) -> tuple[TriggerPattern, ...]:
    triggers: list[TriggerPattern] = []
    seen: dict[str, int] = {}
    for number, row in _rows(path, TRIGGER_COLUMNS):
        pattern = row["pattern"]
        words, gaps = _pattern_words(path, number, pattern)
        if pattern in seen:
            raise _fail(path, number, f"pattern {pattern!r} repeats line {seen[pattern]}")
        seen[pattern] = number
        code = row["cameo"]
        if code not in cameo:
            raise _fail(path, number, f"CAMEO code {code!r} is not in cameo.tsv")
        entry = cameo[code]
        if row["plover"] != entry.plover:
            raise _fail(path, number, f"plover {row['plover']!r} differs from cameo.tsv ({entry.plover!r})")
        _check_mode(path, number, row["plover"], row["mode"])
        goldstein = _number(path, number, row["goldstein"], "goldstein")
        if goldstein != entry.goldstein:
            raise _fail(path, number, f"goldstein {goldstein} differs from cameo.tsv ({entry.goldstein})")
        if row["voice"] not in VOICES:
            raise _fail(path, number, f"voice {row['voice']!r} is not one of {sorted(VOICES)}")
        if row["needs_target"] not in ("yes", "no"):
            raise _fail(path, number, "needs_target must be 'yes' or 'no'")
        for column in ("label_vi", "label_en", "example"):
            if not row[column]:
                raise _fail(path, number, f"empty {column}")
        triggers.append(TriggerPattern(
            pattern=pattern, words=words, gaps=gaps, cameo=code, plover=row["plover"],
            mode=row["mode"] or None, goldstein=goldstein, label_vi=row["label_vi"],
            label_en=row["label_en"], voice=row["voice"],
            needs_target=row["needs_target"] == "yes", example=row["example"],
        ))
    if not triggers:
        raise DataFileError(f"{path}: no trigger patterns")
    return tuple(triggers)


def _load_blockers(path: Path, triggers: tuple[TriggerPattern, ...]) -> tuple[Blocker, ...]:
    if not path.exists():
        return ()
    by_pattern = {t.pattern: t for t in triggers}
    blockers: list[Blocker] = []
    seen: set[str] = set()
    for number, row in _rows(path, BLOCKER_COLUMNS):
        phrase = row["phrase"]
        words, gaps = _pattern_words(path, number, phrase)
        if gaps:
            raise _fail(path, number, f"blocking phrase {phrase!r} may not have a gap")
        if phrase in seen:
            raise _fail(path, number, f"blocking phrase {phrase!r} repeats")
        seen.add(phrase)
        if phrase in by_pattern:
            raise _fail(path, number, f"{phrase!r} is a trigger pattern too")
        blocked = by_pattern.get(row["blocks"])
        if blocked is None:
            raise _fail(path, number, f"blocks {row['blocks']!r}, which is no trigger pattern")
        if not any(_contains(words, part) for part in blocked.parts):
            raise _fail(path, number, f"{phrase!r} does not contain any part of {row['blocks']!r}")
        blockers.append(Blocker(phrase=phrase, words=words, blocks=row["blocks"], note=row["note"]))
    return tuple(blockers)


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


@lru_cache(maxsize=8)
def _load(directory: str) -> Lexicon:
    folder = Path(directory)
    cameo = _load_cameo(folder / "cameo.tsv")
    triggers = _load_triggers(folder / "triggers.tsv", cameo)
    blockers = _load_blockers(folder / "not_triggers.tsv", triggers)
    return Lexicon(triggers=triggers, cameo=cameo, blockers=blockers, directory=folder)


def load_lexicon(directory: str | Path | None = None) -> Lexicon:
    """The lexicon in ``directory`` (the bundled one by default), loaded once."""
    if directory is None:
        return _load_default()
    return _load(str(Path(directory).resolve()))


@lru_cache(maxsize=1)
def _load_default() -> Lexicon:
    return _load(str(LEXICON_DIR))


def find_triggers(text: str, lexicon: Lexicon | None = None) -> list[tuple[int, int, TriggerPattern]]:
    """All trigger matches in a sentence as (start, end, pattern), in text order.

    Case-insensitive, on word boundaries, the longest span winning where matches
    overlap (a gap pattern spans from its first word to its last). Offsets are into
    ``text`` as given; text that is not NFC is normalized first and mapped back.
    """
    return (lexicon or load_lexicon()).find(text)


# --- CAMEO helpers -----------------------------------------------------------------


def root(code: str) -> str:
    """The two-digit root of a CAMEO code: '0251' → '02'."""
    if not _CODE.fullmatch(code or ""):
        raise ValueError(f"bad CAMEO code {code!r}")
    return code[:2]


def quad_class(code: str) -> int:
    """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    table = load_lexicon().cameo
    if code in table:
        return table[code].quad_class
    number = int(root(code))
    if not 1 <= number <= 20:
        raise ValueError(f"bad CAMEO code {code!r}")
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


def label(code: str, lang: str = "en") -> str:
    """The label of a CAMEO code in English ('en') or Vietnamese ('vi')."""
    if lang not in ("en", "vi"):
        raise ValueError(f"unknown language {lang!r}: use 'en' or 'vi'")
    entry = load_lexicon().cameo.get(code)
    if entry is None:
        raise KeyError(f"unknown CAMEO code {code!r}")
    return entry.label_en if lang == "en" else entry.label_vi


def goldstein(code: str) -> float:
    """The Goldstein value of a CAMEO code."""
    entry = load_lexicon().cameo.get(code)
    if entry is None:
        raise KeyError(f"unknown CAMEO code {code!r}")
    return entry.goldstein


__all__ = [
    "GAP", "LEXICON_DIR", "MAX_GAP", "PLOVER_EVENTS", "PLOVER_EVENT_MODES", "PLOVER_MODES",
    "Blocker", "CameoCode", "Lexicon", "TriggerPattern", "find_triggers", "goldstein", "label",
    "load_lexicon", "quad_class", "root"
]
