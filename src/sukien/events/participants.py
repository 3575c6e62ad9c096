"""Who did it to whom: source and target of a trigger, from the mentions of its sentence.

Vietnamese news is subject–verb–object: the source is the first actor of the
clause before the trigger, the target the first actor after it ("X hội đàm với Y",
"X chúc mừng Y"). Special shapes:

- passive: "Y được X tiếp" — X hosts Y;
- coordinated subjects: "X và Y hội đàm" — one side each;
- collective subjects: "hai bên nhất trí" — the two sides the reference stands for;
- the reporter ("KCNA đưa tin", "theo Bộ Ngoại giao") is attribution, not an actor.

The actors to choose from are the sentence's cast (``sukien.events.cast``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sukien import kb as knowledge
from sukien.events.cast import Cast
from sukien.link.coref import LISTED
from sukien.model import COLLECTIVE, COUNTRY, LOCATION, NAME, PERSON, Document, Mention, Span
from sukien.normalize.case import lowered_window

_PASSIVE = re.compile(r"được\s*$", re.I)
# "X và Y", "X và Thủ tướng Y", "X cùng ông Y": the gap between two coordinated actors.
_LIST_COMMA = re.compile(r"\s*(?:\([^()]{1,12}\)\s*)?,\s*")
_CONJUNCTION = re.compile(r"^\s*(?:và|cùng|cùng với|với)\s+(?:(?:ông|bà|ngài)\s+)?", re.I)
# A clause boundary inside a sentence: a new clause's subject cannot act for an earlier trigger.
# "… bởi nó được ký kết từ trước": a clause of cause has a subject of its own.
_CLAUSE_BREAK = re.compile(r";|:|\s-\s|\bnhưng\b|\btrong khi\b|\bbởi vì\b|\bbởi\b|\bvì\b", re.I)
# What every match of _CLAUSE_BREAK, and of _QUOTING below, holds once lowered (lower() folds these
# letters as re.I does; "trong kh", "đưa t" leave out the "i" that re.I also matches as "ı").
_BREAK_CUES = (";", ":", "-", "nhưng", "trong kh", "bởi", "vì")
_QUOTING_CUES = ("dẫn", "lời", "đưa t", "loan t")
# An introductory adverbial ("Trong cuộc hội đàm tại …, X nói") names no actor of the main clause.
_INTRODUCTION = re.compile(
    r"(?:trong|tại|nhân dịp|nhân|theo|sau|trước|về phần mình|cũng tại|cũng trong|phát biểu tại|"
    r"tiếp đó|bên lề|trong khuôn khổ|ngay sau|nhận lời mời|theo lời mời|thay mặt|"
    r"đáp lại|khi|từ|vào|sáng|chiều|tối|trưa|đêm|hôm|ngày|tuần|tháng|năm|cùng ngày|trả lời|"
    r"nếu|giả sử|trong trường hợp)\b[^,]{0,160},\s*",
    re.I)
# "IRNA dẫn lời Tổng thống X … nhấn mạnh": the quoted speaker starts the clause.
_QUOTING = re.compile(r"(?:dẫn lời|trích lời|dẫn phát biểu của|dẫn lại lời|theo lời|đưa tin|loan tin)\s+", re.I)
# An object is introduced by a preposition, or follows the verb closely, within its clause.
_INTRODUCED = re.compile(r"(?:với|tới|đến|cho|mời|tiếp|đón)\s+(?:\S+\s+){0,8}$", re.I)
_OBJECT_REACH = 48
# "thảo luận về tình hình Syria": what follows "về" is what is talked about, not who talks
_TOPIC = re.compile(r"(?<!\w)về(?!\w)(?!.*(?<!\w)(?:với|cùng)(?!\w))", re.I | re.S)
# What one praises or congratulates is often named at the end of a long noun phrase
# ("chúc mừng những thành tựu to lớn … của đất nước Triều Tiên").
_PRAISE_REACH = 140
# "chuyến thăm của X", "cuộc hội đàm giữa X và Y": the actor of a nominal trigger.
_OF = re.compile(r"\s*(?:[^\W\d_]+\s+){0,4}?(?:của|giữa)\s+[^,.;:()]{0,60}$", re.I)
_NOMINAL = re.compile(r"(?:chuyến|cuộc|vụ|hàng)\s+$", re.I)
# "các chuyến thăm lẫn nhau", "những cuộc gặp": events in general, none in particular.
_GENERIC = re.compile(r"(?:các|những|nhiều)\s+(?:chuyến|cuộc)\s+$", re.I)
_LIGHT_VERB = re.compile(r"(?:có|tiến hành|thực hiện|bắt đầu)\s+(?:các\s+|một\s+)?(?:cuộc|chuyến)\s+\S")
# "X nhắc lại … trong chuyến thăm …": during a nominal event the clause's subject is its actor.
_ESCORTED = re.compile(r"(?<!\w)tháp tùng\s+$", re.I)
_DURING = re.compile(r"(?:trong|qua)\s+(?:(?:chuyến|cuộc)\s+)?$", re.I)
# "Sa hoàng Nicholas II (người đã tới thăm Ấn Độ …)", "…, người từng thăm …": the person before acts.
_RELATIVE = re.compile(r"[(,]\s*người\s+(?:\S+\s+){0,2}$", re.I)
# "Trong thời gian ở thăm Việt Nam, X …": the visitor is the subject of the main clause after the comma.
_WHILE_VISITING = re.compile(r"\s*(?:trong|nhân)\s+(?:thời gian|dịp)\s+(?:ở\s+|sang\s+|đến\s+)?", re.I)
# "Nhiệt liệt chào mừng X …, Y nhấn mạnh": an opening phrase may start with a manner adverb.
_MANNER = re.compile(r"\s*(?:nhiệt liệt|nồng nhiệt|trân trọng|chân thành)\s+", re.I)
# "Nhận lời mời của X, Y thăm …", "Y thăm … theo lời mời của X": X invited Y, whoever is the subject.
_INVITED_BY = re.compile(r"(?:nhận|theo)\s+lời\s+mời$", re.I)
_OF_INVITER = re.compile(r"\s*của\s+(?:\S+\s+){0,6}$", re.I)


@dataclass(frozen=True)
class Participants:
    source: tuple[str, ...]
    target: tuple[str, ...]
    evidence: tuple[Span, ...]
    reporter: str | None
    passive: bool = False
    pledge: bool = False  # "X khẳng định Việt Nam sẵn sàng …": the speaker commits their own country
    invitation: bool = False  # "nhận lời mời của X": X invited the source of the words


def clause_start(text: str, start: int, trigger: Span) -> int:
    # Most clauses have no break and quote no one: a substring test on the lowered text skips those scans.
    before = lowered_window(text, start, trigger.start)
    last = start
    if any(cue in before for cue in _BREAK_CUES):
        for match in _CLAUSE_BREAK.finditer(text, start, trigger.start):
            if not _pairs_names(text, match):
                last = match.end()
    while (introduction := _INTRODUCTION.match(text, last, trigger.start)) is not None:
        last = introduction.end()  # "Chiều nay, tại họp báo …, X nói": every opening adverbial
    if any(cue in before for cue in _QUOTING_CUES):
        for quoted in _QUOTING.finditer(text, last, trigger.start):
            last = quoted.end()
    return last


# "Triều Tiên phản ứng sau khi Hàn Quốc và Mỹ nhất trí …": a time clause with a subject of its own.
_SUBORDINATE = re.compile(r"(?<!\w)(?:sau|trước|ngay|kể từ)?\s*khi\s+", re.I)


def subordinate_start(text: str, start: int, trigger: Span, actors: list[Mention]) -> int:
    """Where the trigger's clause starts once a time clause ("sau khi", "khi") that names its own actor
    before the trigger is set apart from the main clause it hangs on."""
    if "khi" not in lowered_window(text, start, trigger.start):
        return start
    last = start
    for match in _SUBORDINATE.finditer(text, start, trigger.start):
        if any(m.span.end <= trigger.start and _opens_at(m, match.end()) for m in actors):
            last = match.end()
    return last


def _opens_at(mention: Mention, at: int) -> bool:
    """The mention, or the title it carries ("Ngoại trưởng Nga Sergei Lavrov"), is the first thing at ``at``:
    the subject of what follows, not an object further on."""
    titles = [r.evidence.start for r in mention.roles if r.evidence is not None and r.evidence.start >= at]
    return min(titles + [mention.span.start]) == at


def _pairs_names(text: str, dash: re.Match) -> bool:
    """"Nga - Ấn Độ", "Việt Nam - Lào": a dash between two names pairs them; it ends no clause."""
    if dash.group().strip() != "-":
        return False
    before = text[max(0, dash.start() - 20):dash.start()].split()
    after = text[dash.end():dash.end() + 20].split()
    return bool(before and after) and before[-1][:1].isupper() and after[0][:1].isupper()


_OPENING_COMMA = re.compile(r"^\s*,")
# "với Liên minh thuế quan bao gồm Nga, Belarus …": the countries make up the party; they are not it.
_MEMBERS = re.compile(r"(?<!\w)(?:bao gồm|gồm)(?:\s+cả)?\s*$", re.I)
_SAID_COMMA = re.compile(r"(?<!\w)rằng\s*,\s*", re.I)


def _reachable(document: Document, trigger: Span, mention: Mention, reach: int = 48, said: bool = False) -> bool:
    """The actor is the verb's object: close after it, or introduced by "với"/"tới"…, and no comma between
    (but the one after a verb of saying, which opens what is said: "X cho biết, …")."""
    # The object's own titles ("với Tổng Bí thư, Chủ tịch Quốc vụ Kim Jong-un") are not a clause break.
    offices = [r.evidence.start for r in mention.roles
               if r.evidence is not None and trigger.end <= r.evidence.start < mention.span.start]
    between = document.text[trigger.end:min(offices, default=mention.span.start)]
    if "," in between:  # both rewrites only take out commas
        between = _SAID_COMMA.sub("rằng ", between)  # "nhấn mạnh rằng, …": the comma opens what is said
        if said:
            between = _OPENING_COMMA.sub(" ", between, count=1)
    if any(mark in between for mark in ",;:\"“”") or _MEMBERS.search(between):
        return False
    return len(between) <= reach or bool(_INTRODUCED.search(between))


# "X là một trong những nước thiết lập quan hệ sớm nhất với Y": a characterization, not a report.
_CHARACTERIZED = re.compile(
    r"(?<!\w)là\s+(?:một\s+trong\s+)?(?:những|các)\s+(?:nước|quốc gia|đối tác|bên|người|nhà lãnh đạo|lãnh đạo)"
    r"(?:\s+(?:đầu tiên|sớm nhất|hiếm hoi|ít ỏi|duy nhất|đã|từng))*\s+$", re.I)


# "chuẩn bị cho các chuyến thăm cấp cao": visits in the plural are a kind of event, not one.
_PLURAL = re.compile(r"(?:các|những|nhiều)\s+$", re.I)


def is_generic(text: str, trigger: Span) -> bool:
    if trigger.text.lower().startswith(("chuyến ", "cuộc ")) and _PLURAL.search(
            text, max(0, trigger.start - 8), trigger.start):
        return True
    if _GENERIC.search(text, max(0, trigger.start - 16), trigger.start):
        return True
    # Every characterization says "là" (lower() folds its letters as re.I does): most windows need no search.
    return "là" in lowered_window(text, max(0, trigger.start - 64), trigger.start) and bool(
        _CHARACTERIZED.search(text, max(0, trigger.start - 64), trigger.start))


def is_nominal(text: str, trigger: Span) -> bool:
    """"chuyến thăm", "cuộc hội đàm": an event named as a thing, not asserted by a verb.

    "đã có cuộc hội đàm với", "tiến hành chuyến thăm" assert the event all the same.
    """
    window = lowered_window(text, max(0, trigger.start - 24), trigger.start + 8)
    if ("cuộc" in window or "chuyến" in window) and _LIGHT_VERB.search(window):  # the search needs either
        return False
    return trigger.text.lower().startswith(("chuyến ", "cuộc ")) or bool(
        _NOMINAL.search(text, max(0, trigger.start - 8), trigger.start))


def _owner(document: Document, actors: list[Mention], trigger: Span) -> list[Mention]:
    """The actors of "chuyến thăm của X" / "cuộc hội đàm giữa X và Y"."""
    after = [m for m in actors if m.span.start >= trigger.end]
    if not after or not _OF.match(document.text[trigger.end:after[0].span.start]):
        return []
    owners = [after[0]]
    if len(after) > 1 and coordinated(document, after[0], after[1]):
        owners.append(after[1])
    return owners


_PREVIOUS_WORD = re.compile(r"(\w+)\s+$")
_SPACES = re.compile(r"\s+")
_SIDE_WORDS = {"phía", "nước", "bên", "cả", "và", "với", "rằng"}
# Words that may stand between a subject and its verb: aspect, modality, adverbs of manner, and the
# classifier of a named act ("X đã có cuộc hội đàm với Y", "có buổi làm việc", "có chuyến thăm").
_FUNCTION_GAP = re.compile(
    r"^\s*(?:(?:đã|đang|sẽ|vừa|cũng|đều|cùng|lại|ở|đến|sang|tới|có|chuyến|cuộc|buổi|tham|chính thức|tiếp tục|"
    r"trân trọng|nhiệt liệt|hôm nay|sáng nay|chiều nay|tối nay|hôm qua|ngày\s+\d{1,2}/\d{1,2}(?:/\d{2,4})?|"
    r"rằng|thì|luôn|từng|được|mới|quyết định)\s*)*$", re.I)


def _phrase_end(mention: Mention) -> int:
    """Where "X, Phó Chủ tịch Quân ủy Trung ương Trung Quốc" ends: the name, or the offices in apposition after it."""
    ends = [r.evidence.end for r in mention.roles if r.evidence is not None and r.evidence.start >= mention.span.end]
    return max(ends, default=mention.span.end)


def _in_apposition(before: list[Mention], index: int) -> bool:
    """Whether ``before[index]`` lies inside the offices an earlier person is given in apposition."""
    start = before[index].span.start
    return any(m.type == PERSON and m.span.end <= start < _phrase_end(m) for m in before[:index])


def _adjacent(document: Document, before: list[Mention], trigger: Span) -> list[Mention]:
    """The actor right before the verb, with only function words between ("X đang ở thăm"), or only the
    offices it is given in apposition."""
    text = document.text
    for index in range(len(before) - 1, -1, -1):
        mention = before[index]
        if _in_apposition(before, index):
            continue  # "Trung Quốc" in "Y, Phó Chủ tịch Quân ủy Trung ương Trung Quốc sẽ …"
        if _FUNCTION_GAP.match(text[_phrase_end(mention):trigger.start]) and not _modifier(text, mention):
            return [mention]
        break
    return []


def _modifier(text: str, mention: Mention) -> bool:
    """"đoàn đại biểu quân sự TQ", "nhân dân Nga": a country closing a noun phrase only qualifies it."""
    if mention.type != "COUNTRY" or mention.form == COLLECTIVE:
        return False
    previous = _word_before(text, mention.span.start)
    return bool(previous) and previous.islower() and previous not in _SIDE_WORDS


def _word_before(text: str, end: int) -> str | None:
    """The word that spaces separate from ``end``, looking back a short window rather than from the text's start."""
    window = max(0, end - 48)
    found = _PREVIOUS_WORD.search(text, window, end)
    # Only when the word, or the spaces, reach the window's edge can they go on before it.
    if window and (found.start() == window if found else _SPACES.fullmatch(text, window, end)):
        found = _PREVIOUS_WORD.search(text, 0, end)
    return found.group(1) if found else None


def _coordinated_back(document: Document, before: list[Mention], subject: Mention) -> list[Mention]:
    """"X và Y hội đàm", "X, Bộ trưởng …, và Y hội đàm", "Mỹ, Anh và Pháp": walk back over "và" (and over the
    commas of a list of countries that "và" ends) to the first conjunct."""
    index = before.index(subject)
    chain = [subject]
    while index > 0:
        previous = index - 1
        while previous > 0 and _in_apposition(before, previous):
            previous -= 1  # a country inside the earlier person's offices
        joined = coordinated(document, before[previous], chain[0]) or (
            len(chain) > 1 and _listed_with(document, before[previous], chain[0]))
        if not joined:
            break
        index = previous
        chain.insert(0, before[index])
    return chain


def _name_start(mention: Mention) -> int:
    """Where a mention's phrase begins: its first title ("được Chủ tịch nước X tiếp"), else its name."""
    starts = [r.evidence.start for r in mention.roles if r.evidence is not None and r.evidence.start < mention.span.start]
    return min(starts, default=mention.span.start)


def _subject(document: Document, before: list[Mention], trigger: Span) -> tuple[list[Mention], bool]:
    """The clause's subject (one mention, or coordinated ones), and whether it is passive."""
    if not before:
        return [], False
    text = document.text
    if len(before) >= 2 and _PASSIVE.search(text[before[-2].span.end:_name_start(before[-1])]):
        return [before[-2], before[-1]], True
    adjacent = _adjacent(document, before, trigger)
    if adjacent:
        return _coordinated_back(document, before, adjacent[0]), False
    return _coordinated_run(document, before), False


def _coordinated_run(document: Document, mentions: list[Mention]) -> list[Mention]:
    """The first mention and those coordinated with it ("X và Y", "X cùng ông Y", "Mỹ, Anh và Pháp")."""
    run = mentions[:1]
    closed = 1  # the run up to its last "và": a list of countries by commas must end with one
    for mention in mentions[1:]:
        if coordinated(document, run[-1], mention):
            run.append(mention)
            closed = len(run)
        elif _listed_with(document, run[-1], mention):
            run.append(mention)
        else:
            break
    return run[:closed]


def _listed_with(document: Document, first: Mention, second: Mention) -> bool:
    """"Mỹ, Anh": two countries a comma joins, as in a list."""
    return first.type == second.type == COUNTRY and first.form == second.form == NAME and bool(
        _LIST_COMMA.fullmatch(document.text, first.span.end, second.span.start))


def _ids(mentions: list[Mention]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for m in mentions for i in m.entity_ids))


# "X và người đồng cấp Ấn Độ Y": the second person named as the first's counterpart.
_COUNTERPART = re.compile(r"(?:người\s+)?đồng\s+(?:cấp|nhiệm)(?!\w)", re.I)


def coordinated(document: Document, first: Mention, second: Mention) -> bool:
    """"X và Y", "X và Thượng tướng Y", "X cùng ông Y": nothing but a conjunction and Y's titles between."""
    gap_start, gap_end = _phrase_end(first), second.span.start
    for role in second.roles:  # the second person's titles sit in the gap
        if role.evidence is not None and gap_start <= role.evidence.start < gap_end:
            gap_end = min(gap_end, role.evidence.start)
    gap = document.text[gap_start:gap_end]
    conjunction = _CONJUNCTION.match(gap)
    if not conjunction:
        return False
    rest = gap[conjunction.end():]
    counterpart = _COUNTERPART.match(rest)
    if counterpart and second.type == PERSON:  # "X và người đồng cấp Ấn Độ Y"
        rest = rest[counterpart.end():]
        return len(rest.split()) <= 6 and not any(mark in rest for mark in ",;:()")
    if counterpart and second.type == COUNTRY:  # "X và người đồng cấp Trung Quốc": the country's minister
        return not rest[counterpart.end():].strip()
    return not rest.strip()


def _country_of(document: Document, mention: Mention) -> set[str | None]:
    return {document.entities[i].country for i in mention.entity_ids if i in document.entities}


def _object(document: Document, subject: list[Mention], after: list[Mention], voice: str) -> list[Mention]:
    """The first actor after the verb; for a statement, the first of another country than the speaker's."""
    if voice == "statement" and subject:
        own = set().union(*(_country_of(document, m) for m in subject))
        after = [m for m in after if not _country_of(document, m) <= own]
    if len(after) >= 2 and _ends_title(document, after[0], after[1]):
        return after[1:2]  # "… của Pháp Emmanuel Macron": the country ends the person's title
    # "áp thuế đối với hàng hóa từ Nhật Bản và Hàn Quốc": coordinated objects are all addressed
    return _coordinated_run(document, after) if after and after[0].type == COUNTRY else after[:1]


def _ends_title(document: Document, country: Mention, person: Mention) -> bool:
    """"Ngoại trưởng nước Cộng hòa X Y": a country right before a person's name closes the person's titles,
    when the person is of that country or of none the knowledge base knows (a name found in the text)."""
    if country.type != COUNTRY or person.type != PERSON or document.text[country.span.end:person.span.start].strip():
        return False
    theirs = _country_of(document, person) - {None}
    return not theirs or bool(_country_of(document, country) & theirs)


_QUALIFIER_JOIN = re.compile(r"^\s*(?:[-–]|và)?\s*$")


def _without_collective_qualifiers(document: Document, actors: list[Mention]) -> list[Mention]:
    """"Hai nhà lãnh đạo Nga - Ấn Độ": the countries qualify the collective; they do not act."""
    kept: list[Mention] = []
    qualified_until = -1  # end of the collective (or of its last qualifying country)
    for mention in actors:
        if mention.form == COLLECTIVE:
            qualified_until = mention.span.end
        elif (mention.type == "COUNTRY" and qualified_until >= 0
              and _QUALIFIER_JOIN.match(document.text[qualified_until:mention.span.start])):
            qualified_until = mention.span.end
            continue
        else:
            qualified_until = -1
        kept.append(mention)
    return kept


def find_participants(document: Document, cast: Cast, trigger: Span, voice: str, clause: int,
                      excluded: tuple[Span, ...] = ()) -> Participants:
    """Source and target of the trigger, whose clause starts at ``clause``; mentions inside ``excluded``
    spans (places) never act."""
    reporter = cast.reporter
    actors = [m for m in cast.actors if m is not reporter and not any(p.contains(m.span) for p in excluded)]
    actors = _without_collective_qualifiers(document, actors)
    inside = [m for m in actors if trigger.start < m.span.start and m.span.end < trigger.end]
    # "triệu tập đại sứ Trung Quốc": the office that ends the trigger is its object
    actors = [m for m in actors if not trigger.overlaps(m.span) or _straddles(trigger, m)]
    during = _DURING.search(document.text, max(0, trigger.start - 16), trigger.start)
    nominal = is_nominal(document.text, trigger)
    owners = _owner(document, actors, trigger) if nominal else []
    if owners or (nominal and not during):
        # "trong chuyến công du Ấn Độ của Tổng thống Nga": a named owner outranks the clause's subject
        return Participants(_ids(owners[:1]), _ids(owners[1:]), tuple(m.span for m in owners),
                            reporter.entity_ids[0] if reporter else None)
    before = [m for m in actors if clause <= m.span.start and m.span.end <= trigger.start]
    if during:  # "đoàn tháp tùng Thủ tướng X trong chuyến thăm …": X makes the visit, not the escort
        escorted = [m for m in before if _ESCORTED.search(document.text, max(clause, _name_start(m) - 16),
                                                          _name_start(m))]
        before = escorted[-1:] or before
    reach = _PRAISE_REACH if voice == "praise" else _OBJECT_REACH
    after = inside or [m for m in actors if (m.span.start >= trigger.end or _straddles(trigger, m))
                       and m.form != COLLECTIVE
                       and _reachable(document, trigger, m, reach, said=voice == "statement")]
    if voice == "symmetric":
        after = [m for m in after if not _TOPIC.search(document.text, trigger.end, m.span.start)]
    relative = _RELATIVE.search(document.text, max(clause, trigger.start - 24), trigger.start)
    if relative:
        before = [m for m in before if m.type == PERSON and m.span.end <= relative.start()][-1:]
    subject, passive = _subject(document, before, trigger)
    if voice == "visit" and subject and not _adjacent(document, before, trigger):
        subject = _guest(document, before, trigger) or subject
    if not subject and (not document.text[clause:trigger.start].strip()
                        or _MANNER.fullmatch(document.text, clause, trigger.start) or (
            voice == "visit" and _WHILE_VISITING.fullmatch(document.text, clause, trigger.start))):
        # "Phát biểu tại buổi lễ, Thủ tướng X …": an opening phrase acts through the main clause's subject
        subject = _main_subject(document, actors, trigger)
        if subject:  # the object follows the main clause's subject, as it would its verb
            end = _apposition_end(document, actors, subject[-1])
            verb = document.span(end, end)
            # "Tiếp Đại sứ X, Thủ tướng nhấn mạnh …": an object inside the opening phrase comes first
            after = [m for m in after if m.span.end <= subject[0].span.start] + [
                m for m in actors if m.span.start >= verb.end and m.form != COLLECTIVE
                and _reachable(document, verb, m, reach)]
    if _INVITED_BY.search(trigger.text):
        invitation = _invitation(document, actors, before, trigger)
        if invitation is not None:
            inviter, invited = invitation
            return Participants(_ids([inviter]), _ids([invited]), (inviter.span, invited.span),
                                reporter.entity_ids[0] if reporter else None, invitation=True)
    if passive:  # "Y được X tiếp": X hosts Y
        source, target = _ids(subject[1:]), _ids(subject[:1])
        used = subject
    elif len(subject) == 2 and (voice == "symmetric" or not after):
        source, target = _ids(subject[:1]), _ids(subject[1:])
        used = subject
    elif len(subject) == 1 and _two_sides(subject[0]):
        source, target = subject[0].entity_ids[:1], subject[0].entity_ids[1:]
        used = subject
    else:
        objects = [] if voice == "visit" else _object(document, subject, after, voice)
        source, target = _ids(subject), _ids(objects)
        used = subject + objects
    target = tuple(t for t in target if t not in source)
    reporter_id = reporter.entity_ids[0] if reporter else None
    return Participants(source, target, tuple(m.span for m in used), reporter_id, passive,
                        _own_country_next(document, subject, after))


def _two_sides(mention: Mention) -> bool:
    """"hai bên", "hai nước": the story's two sides, one on each side of the act ("những nước này", the
    countries of a list, all act together)."""
    return mention.form == COLLECTIVE and len(mention.entity_ids) == 2 and mention.origin != LISTED


def own_country(document: Document, target: str, source: tuple[str, ...]) -> bool:
    """"Bộ Ngoại giao Iran lên án vụ tấn công vào lãnh sự quán của nước này": the actor's own country is
    no second party to its act (unless the speaker pledges it: "X khẳng định Việt Nam sẵn sàng …")."""
    entity = document.entities.get(target)
    if entity is None or entity.type != COUNTRY:
        return False
    return entity.country in {document.entities[i].country for i in source if i in document.entities}


_HOSTING = re.compile(r"(?<!\w)(?:tiếp|đón|tiếp kiến)\s+", re.I)


def _guest(document: Document, before: list[Mention], trigger: Span) -> list[Mention]:
    """"X tiếp Y nhân dịp bà thăm Việt Nam": the one received is the one visiting (a meeting says
    no such thing: "X hội kiến Y trong chuyến thăm Indonesia" is X's visit)."""
    hostings = list(_HOSTING.finditer(document.text, before[0].span.end, trigger.start))
    if not hostings:
        return []
    return [m for m in before if m.span.start >= hostings[-1].end()][:1]


def visitor_from_abroad(document: Document, cast: Cast, trigger: Span, clause: int, destination: str | None,
                        people: Participants) -> Participants:
    """"X hội đàm với Y nhân dịp ông thăm Việt Nam", X being Vietnamese: nobody visits their own country, so
    the visitor is the nearest one from elsewhere named before the visit."""
    home = {getattr(document.entities.get(i), "country", None) for i in people.source}
    if destination is None or home != {destination}:
        return people
    for mention in reversed([m for m in cast.actors if clause <= m.span.start and m.span.end <= trigger.start]):
        country = getattr(document.entities.get(mention.entity_ids[0]), "country", None)
        if mention.type == PERSON and country is not None and country != destination:
            return replace(people, source=mention.entity_ids, evidence=(mention.span,))
    return people


_APPOSITION_GAP = re.compile(r"\s*,\s*(?:(?:ông|bà|ngài)\s+)?")


def _apposition_end(document: Document, actors: list[Mention], subject: Mention) -> int:
    """Where "Thủ tướng Montenegro, ông Milo Djukanovic" ends: the same person named again in apposition."""
    end = subject.span.end
    for mention in actors:
        if mention.span.start < end:
            continue
        if not set(mention.entity_ids) & set(subject.entity_ids):
            break
        if not _APPOSITION_GAP.fullmatch(document.text, end, _name_start(mention)):
            break
        end = mention.span.end
    return end


_OPENING_TITLE_WORDS = 6  # "Thủ tướng Lào, ông" before the name


def _main_subject(document: Document, actors: list[Mention], trigger: Span) -> list[Mention]:
    """The subject of the clause after the introductory phrase that holds ``trigger``."""
    comma = document.text.find(",", trigger.end)
    main = [m for m in actors if comma != -1 and m.span.start > comma and m.form != COLLECTIVE]
    # The subject opens the main clause (its titles aside): "Tiếp bà X, Thủ tướng đánh giá cao … Australia"
    # has one the text does not name, not Australia.
    if not main or len(document.text[comma + 1:_name_start(main[0])].split()) > _OPENING_TITLE_WORDS:
        return []
    return _coordinated_run(document, main)


def _invitation(document: Document, actors: list[Mention], before: list[Mention],
                trigger: Span) -> tuple[Mention, Mention] | None:
    """(inviter, invited) of "nhận lời mời của X" / "theo lời mời của X".

    The inviter is named right after "của"; the one invited is the clause's first actor or, when the
    sentence opens with the invitation, the first person named after the inviter's titles.
    """
    later = [m for m in actors if m.span.start >= trigger.end and m.form != COLLECTIVE]
    inviter = next((m for m in later if _OF_INVITER.fullmatch(document.text, trigger.end, _name_start(m))), None)
    if inviter is None:
        return None
    if before:
        invited = before[0]  # "Y thăm Việt Nam theo lời mời của X": the clause's first actor, not its object
    else:
        others = [m for m in later if m.span.start >= inviter.span.end and m.entity_ids != inviter.entity_ids]
        invited = next((m for m in others if m.type == PERSON), None)
    if invited is None or set(invited.entity_ids) & set(inviter.entity_ids):
        return None
    return inviter, invited


def _straddles(trigger: Span, mention: Mention) -> bool:
    return trigger.start < mention.span.start < trigger.end < mention.span.end


def attacked_place(document: Document, sentence: Span, trigger: Span) -> str | None:
    """"không kích Dải Gaza", "không kích các mục tiêu ở Iran": force used on a place is used on its country."""
    for mention in document.mentions:
        if mention.span.start >= trigger.end and mention.span.end <= sentence.end and mention.entity_ids:
            if mention.type not in (LOCATION, COUNTRY) or mention.span.start - trigger.end > _OBJECT_REACH:
                return None
            entity = document.entities.get(mention.entity_ids[0])
            country = knowledge.load().country_by_iso.get(entity.country or "") if entity else None
            if country:
                document.entities.setdefault(country, knowledge.load().entities[country])
            return country
    return None


def _own_country_next(document: Document, subject: list[Mention], after: list[Mention]) -> bool:
    if not subject or not after or after[0].type != "COUNTRY" or after[0].form == COLLECTIVE:
        return False
    own = set().union(*(_country_of(document, m) for m in subject)) - {None}
    return bool(own) and _country_of(document, after[0]) <= own


def own_country_before(document: Document, cast: Cast, trigger: Span, source: tuple[str, ...]) -> Mention | None:
    """"Ông X cho biết nước này sẵn sàng …": the country named right before the intent, when it is
    the speaker's own, is what the speaker commits."""
    before = [m for m in cast.actors if m.span.end <= trigger.start]
    if not before or before[-1].type != COUNTRY or document.text[before[-1].span.end:trigger.start].strip():
        return None
    country = before[-1].entity_ids
    own = {document.entities[i].country for i in source if i in document.entities}
    if len(country) == 1 and country[0] not in source and country[0] in document.entities \
            and document.entities[country[0]].country in own:
        return before[-1]
    return None


def partner_in_collective(document: Document, cast: Cast, trigger: Span, sentence: Span,
                          source: tuple[str, ...]) -> tuple[str, ...]:
    """"X cam kết tăng cường hợp tác giữa hai đảng và hai quốc gia", "X đề nghị hai nước …": the other
    of the two is X's partner."""
    own = {document.entities[i].country for i in source if i in document.entities} - {None}
    for mention in cast.actors:
        if not _two_sides(mention) or not (trigger.end <= mention.span.start < sentence.end):
            continue
        parties = {document.entities[i].country: i for i in mention.entity_ids if i in document.entities}
        if len(parties) == 2 and own and own < set(parties):
            return tuple(i for country, i in parties.items() if country not in own)
    return ()

