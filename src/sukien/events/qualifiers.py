"""What surrounds a trigger: modality, negation, occasion and agreed topics.

The cue words are data (``data/lexicons/cues.tsv``); this module only says where
to look for them: modal and negation cues in the few words before the trigger,
"nếu" anywhere before it in the sentence, occasions after "nhân dịp"/"dự", and
topics in the list that follows "lĩnh vực"/"như".
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from sukien.model import ASSERTED, HYPOTHETICAL, NEGATED, PLANNED, Span
from sukien.normalize.case import folds_as_re, lowered_window

_WINDOW_WORDS = 4


@lru_cache(maxsize=1)
def cues() -> dict[str, tuple[str, ...]]:
    path = resources.files("sukien") / "data" / "lexicons" / "cues.tsv"
    table: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"):
            table.setdefault(row["kind"], []).append(row["cue"])
    return {kind: tuple(sorted(words, key=len, reverse=True)) for kind, words in table.items()}


@lru_cache(maxsize=8)
def _pattern(kind: str, anchored_end: bool) -> re.Pattern:
    words = "|".join(re.escape(c) for c in cues()[kind])
    tail = r"(?:\s+\S+){0,%d}\s*$" % _WINDOW_WORDS if anchored_end else ""
    return re.compile(r"(?<!\w)(?:" + words + r")(?!\w)" + tail, re.I)


# "sẽ luôn sát cánh", "sẽ mãi ủng hộ": a disposition promised for the future is a pledge made now.
_PROMISED = re.compile(r"(?<!\w)sẽ\s+$", re.I)


def opens_with_plan(text: str, trigger: Span) -> bool:
    """"sẽ thăm", "dự kiến hội đàm": a trigger whose own first words are a cue of a plan."""
    return _pattern("planned", False).match(text, trigger.start, trigger.end) is not None


def is_reporting(trigger: Span) -> bool:
    """"cho biết", "cho hay": a verb that may only report what someone else did."""
    return trigger.text.lower() in cues()["reporting"]


def _lowered(text: str, start: int, end: int) -> str | None:
    """``text[start:end]`` in lowercase, which holds every cue that re.IGNORECASE finds there; None when
    the text has a letter that the two fold apart."""
    return lowered_window(text, start, end) if folds_as_re(text) else None


@lru_cache(maxsize=8)
def _cue_words(kind: str) -> tuple[str, ...]:
    """The cues of ``kind`` as ``_lowered`` texts hold them, less those that hold a shorter one ("không thể"
    holds "không"): a text without the shorter holds neither, so the test needs only the shorter."""
    words = {cue.lower() for cue in cues()[kind]}
    return tuple(sorted(w for w in words if not any(other != w and other in w for other in words)))


def _may_hold(lowered: str | None, words: tuple[str, ...]) -> bool:
    """Whether a text (``lowered``, as ``_lowered`` gives it) may hold one of ``words``. Most texts before
    a trigger hold no cue: a substring test spares them the search of a long alternation."""
    return lowered is None or any(word in lowered for word in words)


def is_habitual(text: str, clause_start: int, trigger: Span) -> bool:
    """"luôn ủng hộ", "thường xuyên trao đổi": a standing disposition, not a dated event."""
    if not _may_hold(_lowered(text, clause_start, trigger.start), _cue_words("habitual")):
        return False
    habit = _pattern("habitual", True).search(text, clause_start, trigger.start)
    return habit is not None and not _PROMISED.search(text, clause_start, habit.start())


# "không sử dụng vũ lực hay đe dọa sử dụng vũ lực": the negation covers every alternative.
_NEGATED_ALTERNATIVE = re.compile(r"(?<!\w)(?:không|chưa|không hề)\s+(?:\S+\s+){1,6}(?:hay|hoặc)\s+$", re.I)
_ALTERNATIVES = ("hay", "hoặc")  # one of which every match of _NEGATED_ALTERNATIVE holds


# "vấn đề hạt nhân bị trì hoãn quá lâu trong cuộc gặp": what "bị" puts off is what came before it.
_SUFFERED = re.compile(r"(?<!\w)bị\s+(?:trì\s+)?(?:hoãn|từ chối|bác bỏ)(?!\w)", re.I)


def modality(text: str, clause_start: int, trigger: Span, sentence_start: int | None = None) -> tuple[str, bool]:
    """(modality, negated) from the words before the trigger in its clause.

    A condition ("nếu") anywhere before the trigger, even in an opening clause of its own
    ("Nếu hai bên không đạt được thỏa thuận, X sẽ không gặp Y"), makes it hypothetical, negated or not.
    """
    opening_start = min(clause_start, sentence_start if sentence_start is not None else clause_start)
    opening = text[opening_start:trigger.start]
    lowered = _lowered(text, opening_start, trigger.start)
    before = text[clause_start:trigger.start]
    lowered_before = lowered  # ``before`` ends ``opening``: its cues are in ``lowered`` too
    if "bị" in before:
        before = _SUFFERED.sub("bị", before)
        lowered_before = None  # the rewritten text is searched as it is
    negated = (_may_hold(lowered_before, _cue_words("negation"))
               and _pattern("negation", True).search(before) is not None) \
        or (_may_hold(lowered_before, _ALTERNATIVES) and _NEGATED_ALTERNATIVE.search(before) is not None)
    if _may_hold(lowered, _cue_words("hypothetical")) and _pattern("hypothetical", False).search(opening):
        return HYPOTHETICAL, negated
    if negated:
        return NEGATED, True
    if _may_hold(lowered_before, _cue_words("planned")) and _pattern("planned", True).search(before):
        return PLANNED, False
    return ASSERTED, False


_OCCASION = re.compile(r"(?:nhân dịp|nhân|vào dịp|trong dịp|dự|tham dự)\s+((?:lễ|kỷ niệm|ngày|hội nghị|hội nghị thượng đỉnh|năm|chuyến|đại hội|diễn đàn)[^,.;:()]{3,120})", re.I)
# The same pattern over a lowercased sentence (as ``_lowered`` gives it, aligned on the text): without
# re.I, the search skips to the first letters of its opening words instead of trying every position.
_OCCASION_LOWERED = re.compile(_OCCASION.pattern)
# A list of fields: after "như"/"gồm" when the sentence has one ("các lĩnh vực … như A, B và C"),
# else after "lĩnh vực" ("trong các lĩnh vực A, B và C").
_EXAMPLES_LIST = re.compile(r"(?<!\w)(?:như|bao gồm|gồm)\s+([^.;:()]{3,300})", re.I)
_FIELDS_LIST = re.compile(r"(?<!\w)(?:các lĩnh vực|lĩnh vực)\s+([^.;:()]{3,300})", re.I)
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+và\s+")
_TOPIC_STOP = re.compile(r"\s(?:nhằm|để|với|giữa|của mỗi|trong|theo)\s", re.I)

# Every cue of _OCCASION holds one of the first words, every cue of the two lists one of the
# second: a sentence with none of them needs no regular-expression scan (most sentences).
# lower() folds the case of these letters as re.I does.
_OCCASION_WORDS = ("nhân", "dịp", "dự")
_LIST_WORDS = ("như", "gồm", "lĩnh vực")


def _has_any(text: str, sentence: Span, words: tuple[str, ...]) -> bool:
    lowered = lowered_window(text, sentence.start, sentence.end)
    return any(word in lowered for word in words)


def occasion(text: str, sentence: Span) -> Span | None:
    lowered = _lowered(text, sentence.start, sentence.end)
    if lowered is None or len(lowered) != sentence.end - sentence.start:  # not aligned: search the text
        match, offset = _OCCASION.search(text, sentence.start, sentence.end), 0
    elif any(word in lowered for word in _OCCASION_WORDS):
        match, offset = _OCCASION_LOWERED.search(lowered), sentence.start
    else:
        return None
    if not match:
        return None
    return Span.of(text, offset + match.start(1), offset + match.end(1))


def topics(text: str, sentence: Span) -> tuple[Span, ...]:
    """The items of a cooperation list: "như văn hóa, thể thao, du lịch" → three spans."""
    if not _has_any(text, sentence, _LIST_WORDS):
        return ()
    match = (_EXAMPLES_LIST.search(text, sentence.start, sentence.end)
             or _FIELDS_LIST.search(text, sentence.start, sentence.end))
    if not match:
        return ()
    start, end = match.start(1), match.end(1)
    stop = _TOPIC_STOP.search(text, start, end)
    if stop:
        end = stop.start()
    items: list[Span] = []
    cursor = start
    for separator in list(_LIST_SPLIT.finditer(text, start, end)) + [None]:
        item_end = separator.start() if separator else end
        item = text[cursor:item_end].strip()
        if 1 <= len(item.split()) <= 6:
            offset = text.index(item, cursor)
            items.append(Span.of(text, offset, offset + len(item)))
        cursor = separator.end() if separator else end
    return tuple(items) if len(items) >= 2 else ()
