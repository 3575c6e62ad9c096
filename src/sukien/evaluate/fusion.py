"""Scoring cross-document fusion against the corpus's ``xdoc_event_id`` groups.

Predicted events are matched to the gold events of their own article with the
corpus rule (``evaluate.events.match_article``); every article's results are then
stored in a fresh in-memory store, which fuses them exactly as ``sukien ingest``
does. Over matched predictions:

- false-merge rate: of the pairs of predictions that ended in one fused event, the
  share that fit no common real-world event (``xdoc_event_id``, or the gold event
  itself when it has none);
- missed-merge rate: of the pairs of gold events of one ``xdoc_event_id`` in
  different articles (both fitted by predictions), the share whose predictions
  stayed apart;
- duplicate rate: of the fused events covering a real-world event, the share that
  are extra copies (a real-world event split over k fused events counts k − 1).

Articles the store takes for near-duplicates of another contribute no events; they
are counted (``duplicate_articles``) and their predictions left out.

``oracle_results`` turns the gold events themselves into predictions, which
measures the fusion rules alone, independent of extraction: each actor becomes the
entity a good linker would give it (the knowledge base's; a delegation the country or
body it names), dates keep their granularity, evidence its spans, and each prediction
names its gold event (``gold_event_id``), which it is then matched to.
"""
from __future__ import annotations

import re
from calendar import monthrange
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sukien.contract import ArticleResult, article_id
from sukien.errors import EvaluationError
from sukien.normalize.fold import fold


@dataclass
class FusionReport:
    articles: int = 0
    duplicate_articles: int = 0
    predicted_events: int = 0
    matched_events: int = 0
    fused_events: int = 0
    merged_pairs: int = 0
    false_merges: int = 0
    gold_pairs: int = 0
    missed_merges: int = 0
    real_events: int = 0  # real-world events with at least one matched prediction
    duplicates: int = 0

    @property
    def false_merge_rate(self) -> float:
        return self.false_merges / self.merged_pairs if self.merged_pairs else 0.0

    @property
    def missed_merge_rate(self) -> float:
        return self.missed_merges / self.gold_pairs if self.gold_pairs else 0.0

    @property
    def duplicate_rate(self) -> float:
        total = self.real_events + self.duplicates
        return self.duplicates / total if total else 0.0

    def lines(self) -> list[str]:
        return [
            (f"articles {self.articles} (near-duplicates {self.duplicate_articles}); predicted events "
             f"{self.predicted_events}, matched {self.matched_events}, fused into {self.fused_events}"),
            f"false merges  {self.false_merges}/{self.merged_pairs} pairs = {self.false_merge_rate:.1%}",
            f"missed merges {self.missed_merges}/{self.gold_pairs} gold pairs = {self.missed_merge_rate:.1%}",
            (f"duplicates    {self.duplicates} extra fused events for {self.real_events} real events"
             f" = {self.duplicate_rate:.1%}"),
        ]


def fuse_results(results: list[ArticleResult]) -> dict[tuple[str, int], str]:
    """(article id, index of the event in its result) → fused event id, via a fresh store."""
    from sukien.store import open_store
    from sukien.store.schema import event_mentions
    renamed = [ArticleResult(r.article, r.entities, tuple({**e, "id": f"p{i}"} for i, e in enumerate(r.events)))
               for r in results]
    store = open_store("sqlite://")
    try:
        store.ingest(renamed, command="evaluate fusion")
        with store.engine.connect() as conn:
            rows = conn.execute(select(event_mentions.c.article_id, event_mentions.c.article_event_id,
                                       event_mentions.c.event_id)).all()
    finally:
        store.close()
    return {(r.article_id, int(r.article_event_id[1:])): r.event_id for r in rows}


def _real_id(gold: dict[str, Any]) -> str:
    return gold.get("xdoc_event_id") or gold["event_id"]


@dataclass(frozen=True)
class _Prediction:
    article: str
    fused: str
    could_be: frozenset[str]  # gold event ids this prediction fits (type and actors)
    assigned: str | None  # the gold event id the one-to-one matching gave it


def _could_match(gold: dict[str, Any], predicted: dict[str, Any], entities: dict[str, dict],
                 cache: dict[tuple[str, int, str], bool]) -> bool:
    """The corpus rule (type fits, actors cover min(2, n)) without the one-to-one step."""
    from sukien.evaluate.events import actor_matches, fits
    if not fits(str(predicted.get("cameo") or ""), gold["event_type"]):
        return False
    ids = [i for i in (predicted.get("source") or []) + (predicted.get("target") or []) if i in entities]
    covered = 0
    for index, actor in enumerate(gold["actors"]):
        for entity_id in ids:
            key = (gold["event_id"], index, entity_id)
            if key not in cache:
                cache[key] = actor_matches(actor, entities[entity_id])
            if cache[key]:
                covered += 1
                break
    return covered >= min(2, len(gold["actors"]))


def _predictions(result: ArticleResult, gold_events: list[dict[str, Any]],
                 fused: dict[tuple[str, int], str]) -> list[_Prediction]:
    key = article_id(result.article)
    entities = {e["id"]: e for e in result.entities}
    assigned = _assignment(gold_events, result)
    cache: dict[tuple[str, int, str], bool] = {}
    found = []
    for index, predicted in enumerate(result.events):
        fused_id = fused.get((key, index))
        if fused_id is None:
            continue  # the article was stored as a near-duplicate
        could = frozenset(g["event_id"] for g in gold_events if _could_match(g, predicted, entities, cache))
        found.append(_Prediction(key, fused_id, could, assigned.get(id(predicted))))
    return found


def _assignment(gold_events: list[dict[str, Any]], result: ArticleResult) -> dict[int, str]:
    """id(prediction) → the gold event id it stands for: the corpus's one-to-one matching, or,
    for the oracle's predictions (which name their gold event), that event. The matching pairs
    look-alikes arbitrarily (two visits of one man, two statements of one day), which would
    count the oracle's own fused events as duplicates of each other."""
    from sukien.evaluate.events import match_article
    ids = {g["event_id"] for g in gold_events}
    if result.events and all(e.get("gold_event_id") in ids for e in result.events):
        return {id(e): e["gold_event_id"] for e in result.events}
    return {id(pair.predicted): pair.gold["event_id"] for pair in match_article(gold_events, result)}


def evaluate_fusion(results_by_article: Mapping[str, ArticleResult], gold_dir: str | Path) -> FusionReport:
    """Score how the store fuses these results against the gold folder's xdoc groups.

    Several gold events of one article often fit one prediction equally (same type,
    same actors); the pair counts therefore ask whether *some* consistent reading
    exists: a merge is false when the two predictions fit no common real-world
    event, a gold pair is missed when no predictions fitting its two events share
    a fused event. Duplicates use the one-to-one matching.
    """
    from sukien.evaluate.gold import load_gold
    gold = load_gold(gold_dir)
    results = list(results_by_article.values())
    fused = fuse_results(results)
    report = FusionReport(articles=len(results), predicted_events=sum(len(r.events) for r in results),
                          fused_events=len(set(fused.values())))
    stored = {a for a, _ in fused}
    report.duplicate_articles = sum(1 for r in results if r.events and article_id(r.article) not in stored)
    predictions = [p for r in results
                   for p in _predictions(r, gold.events.get(article_id(r.article), []), fused)]
    report.matched_events = sum(1 for p in predictions if p.assigned)
    real = {g["event_id"]: _real_id(g) for events in gold.events.values() for g in events}
    _count_merges(report, predictions, real)
    _count_missed(report, predictions, gold.events)
    split: dict[str, set[str]] = defaultdict(set)
    for p in predictions:
        if p.assigned:
            split[real[p.assigned]].add(p.fused)
    report.real_events = len(split)
    report.duplicates = sum(len(fs) - 1 for fs in split.values())
    return report


def _count_merges(report: FusionReport, predictions: list[_Prediction], real: dict[str, str]) -> None:
    by_fused: dict[str, list[_Prediction]] = defaultdict(list)
    for p in predictions:
        if p.could_be:
            by_fused[p.fused].append(p)
    for group in by_fused.values():
        for p1, p2 in combinations(group, 2):
            report.merged_pairs += 1
            report.false_merges += not ({real[g] for g in p1.could_be} & {real[g] for g in p2.could_be})


def _count_missed(report: FusionReport, predictions: list[_Prediction],
                  gold_events: dict[str, list[dict[str, Any]]]) -> None:
    fused_of: dict[str, set[str]] = defaultdict(set)  # gold event id → fused ids of fitting predictions
    for p in predictions:
        for g in p.could_be:
            fused_of[g].add(p.fused)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for events in gold_events.values():
        for g in events:
            if g.get("xdoc_event_id") and fused_of.get(g["event_id"]):
                groups[g["xdoc_event_id"]].append(g)
    for members in groups.values():
        for g1, g2 in combinations(members, 2):
            if g1["article_id"] != g2["article_id"]:
                report.gold_pairs += 1
                report.missed_merges += not (fused_of[g1["event_id"]] & fused_of[g2["event_id"]])


# -- the gold events as predictions: the fusion rules measured alone ----------------------------

_CAMEO = {"MEET_TALKS": "040", "VISIT": "042", "HOST_RECEIVE": "043", "PHONE_CALL": "041",
          "MESSAGE": "051", "SIGN_AGREEMENT": "057", "AGREE_COMMIT": "030", "STATEMENT_PRAISE": "051",
          "CRITICIZE_PROTEST": "111", "OTHER_POLITICAL": "010"}
_TARGETS = {"target", "recipient", "guest"}
_SOURCES = {"source", "speaker", "visitor", "sender", "host"}
_MODALITY = {"negated": "asserted"}  # the contract says negated with a flag, not a modality


def _gold_dates(value: str | None) -> dict[str, Any] | None:
    """"2017-06-18", "2017-06", "2017", "18xx" or "start/end" as a contract date, the month to its
    last day (a month is one fine range, which a day inside it may join)."""
    if not value:
        return None
    start, _, end = value.partition("/")
    low, high = _bounds(start)[0], _bounds(end or start)[1]
    if low is None or high is None:
        return None
    size = {10: "day", 7: "month", 4: "year"}.get(len(start), "day")
    granularity = "range" if end and end != start else {1: "decade", 2: "century"}.get(start.count("x"), size)
    return {"start": low.isoformat(), "end": high.isoformat(), "granularity": granularity, "text": value}


def _bounds(text: str) -> tuple[date | None, date | None]:
    """The first and last day a gold date of any granularity stands for ("18xx": the century)."""
    parts = text.split("-")
    try:
        if len(parts) == 3:
            day = date.fromisoformat(text)
            return day, day
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            return date(year, month, 1), date(year, month, monthrange(year, month)[1])
        return date(int(text.replace("x", "0")), 1, 1), date(int(text.replace("x", "9")), 12, 31)
    except ValueError:
        return None, None


def _kb_entity(names: list[str], kind: str) -> str | None:
    """The knowledge-base id one of ``names`` is an alias of, when exactly one of ``kind`` fits."""
    from sukien import kb as knowledge
    base = knowledge.load()
    for name in names:
        ids = [i for i in base.by_folded_name().get(fold(name), ()) if base.entities[i].type == kind]
        if len(ids) == 1:
            return ids[0]
    return None


def _named_inside(names: list[str]) -> list[str]:
    """The organisations or countries named inside a group's name, longest names first ("the
    NATO foreign ministers" → NATO, "the Chinese delegation" → China, "Saudi Arabia, UAE and
    Egypt" → all three), as a linker resolves such a phrase."""
    from sukien import kb as knowledge
    base = knowledge.load()
    index = base.by_folded_name()
    for name in names:
        words = re.findall(r"\w+", fold(name))
        spans = sorted(((i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)),
                       key=lambda s: (s[0] - s[1], s[0]))
        found: dict[str, None] = {}
        taken: set[int] = set()
        for i, j in spans:
            ids = [e for e in index.get(" ".join(words[i:j]), ()) if base.entities[e].type in ("ORG", "COUNTRY")]
            if len(ids) == 1 and not taken & set(range(i, j)):
                found[ids[0]] = None
                taken |= set(range(i, j))
        if found:
            return list(found)
    return []


def _actors(gold_actor: dict[str, Any]) -> list[dict[str, Any]]:
    """The entities a good linker gives a gold actor: the knowledge base's where it knows the
    name; a group (a delegation, "the leaders and people of X") as the body or country it names,
    else as its countries, one each; else an entity of its own."""
    from sukien.evaluate.events import country_code
    names = [gold_actor["name"], *(n for n in (gold_actor.get("canonical_vi"), gold_actor.get("canonical")) if n)]
    codes = [c for c in (country_code(part.strip()) for part in (gold_actor.get("country") or "").split(";")) if c]
    kind = {"PER": "PERSON", "COUNTRY": "COUNTRY", "ORG": "ORG"}.get(gold_actor.get("kind"), "GROUP")
    if kind == "GROUP":
        known = _named_inside(names) or [f"country:{c}" for c in codes]
        kind = "ORG"
    elif kind == "COUNTRY":
        known = [f"country:{c}" for c in codes[:1]]
    else:  # by the canonical names: a title as written ("the President") names someone else in other years
        known = [k for k in (_kb_entity(names[1:] or names, kind),) if k]
    if known:
        found = [_known(k, codes) for k in known]
    else:
        slug = re.sub(r"[^a-z0-9]+", "-", fold(names[-1])).strip("-")
        found = [_entity(f"{kind.lower()}:{slug}", kind, names[-1], codes[0] if codes else None)]
    return [{**e, "aliases": names} for e in found]  # the names the article gives it


def _known(entity_id: str, codes: list[str]) -> dict[str, Any]:
    from sukien import kb as knowledge
    found = knowledge.load().entities.get(entity_id)
    if found is None:  # a country the knowledge base lacks
        return _entity(entity_id, "COUNTRY", entity_id.partition(":")[2], entity_id.partition(":")[2])
    return _entity(entity_id, found.type, found.name, found.country or (codes[0] if codes else None))


def _entity(entity_id: str, kind: str, name: str, country: str | None) -> dict[str, Any]:
    return {"id": entity_id, "type": kind, "name": name, "country": country, "discovered": False,
            "roles": [], "mentions": []}


def _oracle_event(gold: dict[str, Any], text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A gold event as the contract event a good extractor would give, evidence included."""
    from sukien.evaluate.events import country_code
    actors = [(a.get("participant_role"), e) for a in gold["actors"] for e in _actors(a)]
    target = [e["id"] for role, e in actors if role in _TARGETS]
    source = [e["id"] for role, e in actors if role not in _TARGETS] if target else [e["id"] for _, e in actors]
    location = gold.get("location") or {}
    evidence = [{"start": s, "end": e, "text": text[s:e]} for s, e in gold.get("evidence_spans") or ()]
    event = {"id": gold["event_id"], "gold_event_id": gold["event_id"], "cameo": _CAMEO.get(gold["event_type"], "010"),
             "source": list(dict.fromkeys(source)), "target": list(dict.fromkeys(target)),
             "date": _gold_dates(gold.get("date")),
             "location": {"country": country_code(location.get("country"))} if location else None,
             "negated": gold.get("modality") == "negated",
             "modality": _MODALITY.get(gold.get("modality"), gold.get("modality") or "asserted"),
             "confidence": 1.0, "evidence": evidence}
    return event, [e for _, e in actors]


def oracle_results(gold_dir: str | Path) -> dict[str, ArticleResult]:
    """Every gold article with its gold events rewritten as contract events."""
    from sukien.evaluate.gold import load_gold
    gold = load_gold(gold_dir)
    if not gold.articles:
        raise EvaluationError(f"{gold_dir}: no articles")
    results = {}
    for article in gold.articles:
        key = article_id(article)
        events, entities = [], {}
        for gold_event in gold.events.get(key, []):
            event, actors = _oracle_event(gold_event, article.text)
            events.append(event)
            for actor in actors:
                known = entities.setdefault(actor["id"], actor)
                known["aliases"] = list(dict.fromkeys([*known["aliases"], *actor["aliases"]]))
        results[key] = ArticleResult(article, tuple(entities.values()), tuple(events))
    return results
