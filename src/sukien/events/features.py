"""Features of a candidate event: what the rules saw, as evidence for a trained decision.

The rules that find candidates know a good deal that is not certainty: whether the
source was named or only titled, whether the second party stands in the same
sentence, whether a quote or a reporting verb surrounds the trigger, whether the
same act was already found earlier in the article. Each becomes a named feature; the
decision model (``decisions``) weighs them, trained on the corpus by cross-validation.

Features are strings with a value of 1 unless a number is given. None holds article
text beyond the trigger's own words and a single neighbouring word.
"""
from __future__ import annotations

import re
from collections import Counter

from sukien.model import Document, Event, Mention, Span
from sukien.normalize import fold
from sukien.normalize.case import lowered_window

Features = dict[str, float]

_WORD = re.compile(r"\w+")
_QUOTES = "\"“”«»"
_DONE = {"đã", "vừa", "từng"}
# A word of _DONE standing alone: found by one search, not by splitting the text into words. Each
# alternative looks back ("(?<!\w.)") only after its first letter, so the search skips to those letters.
_DONE_CUE = re.compile("(?:" + "|".join(word[0] + r"(?<!\w.)" + re.escape(word[1:]) for word in sorted(_DONE))
                       + r")(?!\w)")


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    """The smallest edge the value does not exceed, or the last one with "+"."""
    if value <= edges[-1]:
        return _BUCKETS[edges][value] if value >= 0 else str(edges[0])
    return f"{edges[-1]}+"


def _buckets(edges: tuple[int, ...]) -> list[str]:
    """Every value from 0 to the last edge with its bucket, looked up rather than searched for."""
    return [str(next(edge for edge in edges if value <= edge)) for value in range(edges[-1] + 1)]


_EDGES = ((0, 1, 2), (0, 1, 2, 4, 8), (1, 2, 4, 8), (1, 2, 3), (1, 2, 4, 6), (1, 2, 3, 5), (0, 1, 3), (0, 1, 3, 6))
_BUCKETS = {edges: _buckets(edges) for edges in _EDGES}


def _actor_features(features: Features, side: str, ids: tuple[str, ...], document: Document) -> None:
    features[f"{side}:n={_bucket(len(ids), (0, 1, 2))}"] = 1
    for entity_id in ids[:3]:
        entity = document.entities.get(entity_id)
        if entity is None:
            continue
        features[f"{side}:type={entity.type}"] = 1
        features[f"{side}:known={not entity.discovered}"] = 1
        if entity.kind:
            features[f"{side}:kind={entity.kind}"] = 1


def _countries(ids: tuple[str, ...], document: Document) -> set[str]:
    return {document.entities[i].country for i in ids if i in document.entities and document.entities[i].country}


def _pair_features(features: Features, event: Event, document: Document) -> None:
    """Who acts on whom: kinds on each side, the same country on both, Vietnam on either."""
    kinds = lambda ids: "+".join(sorted({document.entities[i].type for i in ids if i in document.entities})) or "-"
    features[f"pair={kinds(event.source)}>{kinds(event.target)}|root={event.cameo[:2]}"] = 1
    source, target = _countries(event.source, document), _countries(event.target, document)
    if source and target:
        features[f"same_country={bool(source & target)}"] = 1
    features[f"vietnam={'VNM' in source}/{'VNM' in target}"] = 1


def _word_before(text: str, start: int) -> str:
    words = _WORD.findall(text[max(0, start - 24):start])
    return words[-1].lower() if words else "^"


def _word_after(text: str, end: int) -> str:
    match = _WORD.search(text, end, end + 24)
    return match.group().lower() if match else "$"


def _trigger_words(text: str, trigger: Span, sentence: Span) -> dict[str, float]:
    """What the trigger's own words and its neighbours say: the same for every candidate of one trigger."""
    features = {
        f"trigger={fold(trigger.text)}": 1,
        f"before={_word_before(text, trigger.start)}": 1,
        f"after={_word_after(text, trigger.end)}": 1,
    }
    before2 = _WORD.findall(lowered_window(text, max(0, trigger.start - 30), trigger.start))[-2:]
    features[f"before2={' '.join(before2)}"] = 1
    if trigger.text.lower().startswith(("cuộc ", "chuyến ", "các ", "những ")):
        features["nominal"] = 1
    if _DONE_CUE.search(lowered_window(text, sentence.start, trigger.start)):
        features["done_cue"] = 1
    return features


def event_features(document: Document, event: Event, mentions: dict[int, Mention],
                   seen: Counter, in_sentence: int,
                   words: dict[tuple[int, int], dict[str, float]] | None = None) -> Features:
    """The features of one candidate; ``seen`` counts earlier candidates by (code root, actors);
    ``words`` keeps each trigger's own features, worked out once."""
    trigger, text = event.trigger, document.text
    sentence = document.sentences[event.sentence].span if event.sentence < len(document.sentences) else event.evidence[0]
    root = event.cameo[:2]
    words = {} if words is None else words
    key = (trigger.span.start, event.sentence)
    if key not in words:
        words[key] = _trigger_words(text, trigger.span, sentence)
    features: Features = {**words[key],
        "bias": 1,
        f"code={event.cameo}": 1,
        f"root={root}": 1,
        f"voice={trigger.voice}": 1,
        f"modality={event.modality}": 1,
        f"negated={event.negated}": 1,
        f"reported={event.reported_by is not None}": 1,
        f"dated={event.date is not None and event.date.relation is None}": 1,
        f"placed={event.place is not None}": 1,
        f"occasion={event.occasion is not None}": 1,
        f"topics={bool(event.topics)}": 1,
        f"sentence={_bucket(event.sentence, (0, 1, 2, 4, 8))}": 1,
        f"evidence={_bucket(len(event.evidence), (1, 2, 3))}": 1,
        f"length={_bucket(len(sentence.text) // 40, (1, 2, 4, 6))}": 1,
        f"in_sentence={_bucket(in_sentence, (1, 2, 3, 5))}": 1,
        f"quoted={any(q in sentence.text for q in _QUOTES)}": 1,
        f"target={bool(event.target)}|root={root}": 1,
        f"repeat={_bucket(seen[(root, event.source, event.target)], (0, 1, 2))}": 1,
        f"repeat_code={_bucket(seen[(event.cameo, )], (0, 1, 3))}": 1,
    }
    for doubt in event.doubts:
        features[f"doubt={doubt}"] = 1
        features[f"doubt={doubt}|root={root}"] = 1
    if not event.doubts:
        features["sure"] = 1
    _actor_features(features, "source", event.source, document)
    _actor_features(features, "target", event.target, document)
    _pair_features(features, event, document)
    trigger_key = next(iter(words[key]))  # "trigger=…", the first of the trigger's own words
    features[f"{trigger_key}|sure={not event.doubts}"] = 1
    features[f"root={root}|sentence={_bucket(event.sentence, (0, 1, 3))}"] = 1
    features[f"root={root}|modality={event.modality}"] = 1
    forms = []
    for span in event.actor_evidence:
        mention = mentions.get(span.start)
        if mention is not None:
            forms.append(mention.form)
            features[f"origin={mention.origin}"] = 1
        distance = abs(span.start - trigger.span.start) // 20
        features[f"distance={_bucket(distance, (0, 1, 3, 6))}"] = 1
        if not (sentence.start <= span.start < sentence.end):
            features["actor_outside_sentence"] = 1
    for form in set(forms):
        features[f"form={form}"] = 1
    return features


def _salience(document: Document) -> Counter:
    """How often the article mentions each entity: the actors a story is about come back."""
    return Counter(i for m in document.mentions for i in m.entity_ids)


def _target_features(features: Features, event: Event, document: Document,
                     mentions: dict[int, Mention], salience: Counter, most: int) -> None:
    """Where the mention that names the second party stands: before or after the trigger, how far in
    words, behind which word ("với", "tới", "của"), across a comma, and how central its entity is to
    the article (``most``: how often the article names its most mentioned entity). A guessed second party
    is right when it sits where such parties sit."""
    trigger = event.trigger.span
    span = next((s for s in reversed(event.actor_evidence)
                 if s.start in mentions and set(mentions[s.start].entity_ids) & set(event.target)), None)
    if span is None:
        features["target@none"] = 1
        return
    root = event.cameo[:2]
    after = span.start >= trigger.end
    between = document.text[trigger.end:span.start] if after else document.text[span.end:trigger.start]
    words = len(_WORD.findall(between))
    features[f"target@{'after' if after else 'before'}|words={_bucket(words, (0, 1, 3, 6))}"] = 1
    features[f"target@{'after' if after else 'before'}|root={root}"] = 1
    features[f"target@word_before={_word_before(document.text, span.start)}"] = 1
    if "," in between or ";" in between:
        features["target@comma_between"] = 1
    mentioned = max((salience[i] for i in event.target), default=0)
    features[f"target@salience={_bucket(mentioned, (1, 2, 4, 8))}"] = 1
    if mentioned and mentioned == most:
        features["target@most_mentioned"] = 1


def article_features(document: Document, events: list[Event]) -> list[Features]:
    """The features of every candidate of one article, in order."""
    mentions = {m.span.start: m for m in document.mentions}
    salience = _salience(document)
    most = max(salience.values(), default=0)
    per_sentence = Counter(event.sentence for event in events)
    seen: Counter = Counter()
    words: dict[tuple[int, int], dict[str, float]] = {}
    rows = []
    for event in events:
        features = event_features(document, event, mentions, seen, per_sentence[event.sentence], words)
        _target_features(features, event, document, mentions, salience, most)
        rows.append(features)
        seen[(event.cameo[:2], event.source, event.target)] += 1
        seen[(event.cameo, )] += 1
    return rows
