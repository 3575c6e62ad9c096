"""Event scoring by the corpus's rule: type fit, actor cover, one-to-one matching.

A predicted event matches a gold event of the same article when its CAMEO code
fits the gold type and its source and target cover min(2, number of gold actors)
of the gold actors (names compared with diacritics and case ignored; a country or
group actor also matches by its country). Matching is one-to-one (maximum
bipartite matching per article). On matched events we also measure date, place
and role accuracy.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

from sukien import kb as knowledge
from sukien.contract import ArticleResult
from sukien.evaluate.scores import harmonic, ratio
from sukien.normalize import fold

# Gold event type → the CAMEO codes (three-digit prefixes) that fit it.
FITS: dict[str, tuple[str, ...]] = {
    "MEET_TALKS": ("040", "041", "042", "043", "044", "045", "046"),
    "VISIT": ("040", "042", "043"),
    "HOST_RECEIVE": ("040", "042", "043"),
    "PHONE_CALL": ("041",),
    "MESSAGE": ("010", "017", "018", "019", "050", "051"),
    "SIGN_AGREEMENT": ("057", "03"),
    "AGREE_COMMIT": ("03", "057", "019"),
    "STATEMENT_PRAISE": ("01", "05"),
    "CRITICIZE_PROTEST": ("11", "12", "13", "14", "16", "17"),
    "OTHER_POLITICAL": ("",),
}
_SOURCE_ROLES = {"source", "speaker", "visitor", "sender", "host"}
_TARGET_ROLES = {"target", "recipient", "guest"}


def fits(cameo: str, gold_type: str) -> bool:
    return any(cameo.startswith(prefix) for prefix in FITS.get(gold_type, ()))


def country_code(name: str | None) -> str | None:
    """"North Korea" → "PRK" through the knowledge base's English and Vietnamese names."""
    if not name:
        return None
    ids = knowledge.load().by_folded_name().get(fold(name), ())
    kb = knowledge.load()
    return next((kb.entities[i].country for i in ids if kb.entities[i].type == "COUNTRY"), None)


def _names(entity: dict[str, Any]) -> set[str]:
    names = {entity.get("name"), entity.get("name_vi"), *entity.get("aliases", ())}
    return {fold(n) for n in names if n}


def actor_matches(gold: dict[str, Any], entity: dict[str, Any]) -> bool:
    gold_names = {fold(gold[k]) for k in ("name", "canonical", "canonical_vi") if gold.get(k)}
    if gold_names & _names(entity):
        return True
    if gold.get("kind") in ("COUNTRY", "GROUP", "ORG") and gold.get("country"):
        codes = {country_code(part.strip()) for part in gold["country"].split(";")}
        return entity.get("country") in codes - {None}
    return False


@dataclass
class Pair:
    gold: dict[str, Any]
    predicted: dict[str, Any]


def _covers(gold: dict[str, Any], predicted: dict[str, Any], entities: dict[str, dict]) -> bool:
    if not fits(predicted["cameo"], gold["event_type"]):
        return False
    actors = [entities[i] for i in predicted["source"] + predicted["target"] if i in entities]
    covered = sum(any(actor_matches(g, a) for a in actors) for g in gold["actors"])
    return covered >= min(2, len(gold["actors"]))


def match_article(gold_events: list[dict], result: ArticleResult) -> list[Pair]:
    """Maximum one-to-one matching between an article's gold and predicted events.

    Among the matchings of maximum size we prefer the one whose pairs really correspond
    (the prediction drawn from the gold event's own sentences, then the one whose date and
    place fit): the counts are those of any maximum matching; the date, place and role
    accuracies are then measured on corresponding pairs.
    """
    entities = {e["id"]: e for e in result.entities}
    options = [[j for j, p in enumerate(result.events) if _covers(g, p, entities)] for g in gold_events]
    cost = {(i, j): _distance(gold_events[i], result.events[j]) for i, js in enumerate(options) for j in js}
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j in sorted(options[i], key=lambda j: cost[i, j]):
            if j not in seen:
                seen.add(j)
                if j not in owner or assign(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(gold_events)):
        assign(i, set())
    _closer_pairs(owner, cost)
    return [Pair(gold_events[i], result.events[j]) for j, i in sorted(owner.items(), key=lambda x: x[1])]


def _closer_pairs(owner: dict[int, int], cost: dict[tuple[int, int], int]) -> None:
    """Swap the partners of two pairs while that brings them closer; the matching's size is unchanged.

    An augmenting path may hand a gold event a prediction that another one needed more.
    """
    improved = True
    while improved:
        improved = False
        for (j, i), (k, m) in combinations(list(owner.items()), 2):
            if (i, k) in cost and (m, j) in cost and cost[i, k] + cost[m, j] < cost[i, j] + cost[m, k]:
                owner[k], owner[j] = i, m
                improved = True
                break


def _distance(gold: dict[str, Any], predicted: dict[str, Any]) -> int:
    """0 for the prediction drawn from the gold event's sentences whose date and place fit; more otherwise."""
    said = [fold(sentence) for sentence in gold.get("evidence") or ()]
    quoted = [fold(span.get("text") or "") for span in predicted.get("evidence") or ()]
    shared = any(q and (q in s or s in q) for q in quoted for s in said)
    dated = bool(gold.get("date")) and date_fits(gold, predicted)
    placed = bool(gold.get("location")) and place_fits(gold, predicted)
    return 4 * (not shared) + 2 * (not dated) + (not placed)


def date_fits(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    start = (predicted.get("date") or {}).get("start")
    if not start:
        return False
    return any(_fits_one(value, start) for value in [gold["date"], *(gold.get("alt_dates") or [])] if value)


def _fits_one(gold_value: str, start: str) -> bool:
    if "/" in gold_value:
        low, high = gold_value.split("/")
        return _floor(low) <= start <= _ceil(high)
    if "x" in gold_value:
        return start.startswith(gold_value.split("x")[0])
    return start.startswith(gold_value)


def _floor(value: str) -> str:
    return (value + "-01-01")[:10] if len(value) < 10 else value


def _ceil(value: str) -> str:
    return {4: value + "-12-31", 7: value + "-31"}.get(len(value), value)


def place_fits(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    location = predicted.get("location") or {}
    codes = {country_code(part.strip()) for part in (gold["location"].get("country") or "").split(";")}
    return location.get("country") in codes - {None}


def roles_fit(pair: Pair, entities: dict[str, dict]) -> tuple[int, int]:
    """(actors with a checkable role placed on the right side, actors checked)."""
    right = checked = 0
    for actor in pair.gold["actors"]:
        wanted = ("source" if actor["participant_role"] in _SOURCE_ROLES
                  else "target" if actor["participant_role"] in _TARGET_ROLES else None)
        if wanted is None:
            continue
        sides = {side for side in ("source", "target") for i in pair.predicted[side]
                 if i in entities and actor_matches(actor, entities[i])}
        if sides:
            checked += 1
            right += wanted in sides
    return right, checked


@dataclass
class EventReport:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    dated: list[int] = field(default_factory=lambda: [0, 0])
    placed: list[int] = field(default_factory=lambda: [0, 0])
    roles: list[int] = field(default_factory=lambda: [0, 0])
    by_type: Counter = field(default_factory=Counter)  # (type, "gold"|"matched") → n
    misses: list[dict] = field(default_factory=list)
    false_events: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)


def _ratio(pair: list[int]) -> float:
    return ratio(pair[0], pair[1])


def score_events(gold: dict[str, list[dict]], results: list[ArticleResult]) -> EventReport:
    report = EventReport()
    for result in results:
        article_id = result.article.id
        gold_events = gold.get(article_id, [])
        pairs = match_article(gold_events, result)
        _tally(report, gold_events, result, pairs)
    return report


def _tally(report: EventReport, gold_events: list[dict], result: ArticleResult, pairs: list[Pair]) -> None:
    entities = {e["id"]: e for e in result.entities}
    report.gold += len(gold_events)
    report.predicted += len(result.events)
    report.matched += len(pairs)
    for event in gold_events:
        report.by_type[(event["event_type"], "gold")] += 1
    for pair in pairs:
        report.by_type[(pair.gold["event_type"], "matched")] += 1
        if pair.gold.get("date"):
            report.dated[1] += 1
            report.dated[0] += date_fits(pair.gold, pair.predicted)
        if pair.gold.get("location"):
            report.placed[1] += 1
            report.placed[0] += place_fits(pair.gold, pair.predicted)
        right, checked = roles_fit(pair, entities)
        report.roles[0] += right
        report.roles[1] += checked
    matched_gold = {id(p.gold) for p in pairs}
    matched_predicted = {id(p.predicted) for p in pairs}
    report.misses += [g for g in gold_events if id(g) not in matched_gold]
    report.false_events += [(result.article.id, p) for p in result.events if id(p) not in matched_predicted]


def summary_lines(report: EventReport) -> list[str]:
    return [
        f"events: gold {report.gold}  predicted {report.predicted}  matched {report.matched}",
        f"precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}",
        f"date accuracy {_ratio(report.dated):.3f} ({report.dated[0]}/{report.dated[1]})  "
        f"place accuracy {_ratio(report.placed):.3f} ({report.placed[0]}/{report.placed[1]})  "
        f"role accuracy {_ratio(report.roles):.3f} ({report.roles[0]}/{report.roles[1]})",
    ]


def today() -> date:
    return date.today()
