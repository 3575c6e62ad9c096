"""The event scorer: which predictions count as which gold events.

The gold events and predictions here are written by hand in the corpus's format, so
each test shows one rule of the matching on its own.
"""
from __future__ import annotations

from sukien.contract import ArticleResult
from sukien.evaluate.events import match_article
from sukien.model import Article

_TRAVELLER = {"name": "Lê Văn An", "kind": "PER", "country": "Vietnam", "participant_role": "visitor"}
_ENTITIES = ({"id": "person:le-van-an", "name": "Le Van An", "name_vi": "Lê Văn An", "country": "VNM"},)


def _gold_visit(country: str, sentence: str, day: str | None = None) -> dict:
    return {"event_type": "VISIT", "actors": [_TRAVELLER], "date": day, "evidence": [sentence],
            "location": {"text": country, "country": country}}


def _visit(country: str, *sentences: str, day: str | None = None) -> dict:
    return {"cameo": "042", "source": ["person:le-van-an"], "target": [], "evidence": [{"text": s} for s in sentences],
            "date": {"start": day} if day else None, "location": {"country": country}}


def _result(*events: dict) -> ArticleResult:
    return ArticleResult(article=Article(text=""), entities=_ENTITIES, events=events)


def test_each_gold_visit_is_paired_with_the_prediction_for_its_own_country():
    tokyo, seoul = "Ngày 3/9, Thủ tướng Lê Văn An tới Tokyo.", "Cùng ngày, ông bay tiếp sang Seoul."
    gold = [_gold_visit("Japan", tokyo, "2026-09-03"), _gold_visit("South Korea", seoul, "2026-09-03")]
    # Both predictions cover both gold visits (same traveller, same type). Taken greedily, the second gold
    # visit takes the dated prediction quoting its sentence and leaves the first one the other country.
    result = _result(_visit("JPN", tokyo, seoul, day="2026-09-03"), _visit("KOR", seoul))
    pairs = match_article(gold, result)
    assert [(p.gold["location"]["country"], p.predicted["location"]["country"]) for p in pairs] == [
        ("Japan", "JPN"), ("South Korea", "KOR")]


def test_a_better_fitting_prediction_left_unpaired_takes_the_place_of_a_worse_one():
    sentence = "Ngày 3/9, Thủ tướng Lê Văn An thăm Nhật Bản."
    gold = [_gold_visit("Japan", sentence, "2026-09-03")]
    result = _result(_visit("JPN", sentence, day="2026-08-01"), _visit("JPN", sentence, day="2026-09-03"))
    [pair] = match_article(gold, result)
    assert pair.predicted["date"]["start"] == "2026-09-03"


def test_the_size_of_the_matching_comes_first():
    gold = [_gold_visit("Japan", "a"), _gold_visit("South Korea", "b")]
    assert len(match_article(gold, _result(_visit("KOR", "a"), _visit("KOR", "b")))) == 2
    assert match_article(gold, _result()) == []
