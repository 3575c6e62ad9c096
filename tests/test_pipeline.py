"""End to end: real articles in, coded events with evidence out (the extraction contract).

The seed reports of October 2025 in the development corpus fix what the first
complete path must get right; the bundled example articles (written for the
project) check the press conventions one by one.
"""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sukien import extract
from sukien.contract import SCHEMA
from sukien.pipeline import STAGES, check
from sukien.errors import PipelineError
from tests.conftest import needs_corpus


def _events(result, cameo_prefix: str):
    return [e for e in result.events if e["cameo"].startswith(cameo_prefix)]


def _entity(result, entity_id: str):
    return next(e for e in result.entities if e["id"] == entity_id)


@needs_corpus
def test_seed000_kim_medvedev_talks(corpus_results):
    result = corpus_results["seed000"]
    talks = [e for e in _events(result, "04") if set(e["source"] + e["target"]) ==
             {"person:kim-jong-un", "person:dmitry-medvedev"}]
    assert len(talks) == 1
    talk = talks[0]
    assert talk["date"]["start"] == talk["date"]["end"] == "2025-10-10"
    assert _entity(result, "person:kim-jong-un")["country"] == "PRK"
    medvedev = _entity(result, "person:dmitry-medvedev")
    assert medvedev["country"] == "RUS"
    titles = {role["title_vi"] for role in medvedev["roles"]}
    assert "Chủ tịch đảng Nước Nga Thống nhất" in titles
    assert "Phó Chủ tịch Hội đồng An ninh Liên bang Nga" in titles
    text = result.article.text
    for span in talk["evidence"] + [talk["trigger"]]:
        assert text[span["start"]:span["end"]] == span["text"]
    assert "hội đàm" in talk["trigger"]["text"]


@needs_corpus
def test_seed001_talks_visit_and_topics(corpus_results):
    result = corpus_results["seed001"]
    talks = [e for e in _events(result, "046") if e["source"] == ["person:to-lam"]]
    assert len(talks) == 1
    talk = talks[0]
    assert talk["target"] == ["person:kim-jong-un"]
    assert talk["date"]["start"] == "2025-10-09"
    assert talk["location"]["country"] == "PRK"
    assert talk["location"]["name_vi"] == "trụ sở Trung ương Đảng Lao động Triều Tiên"
    assert talk["location"]["city"] == "Pyongyang"
    visits = [e for e in _events(result, "042") if e["source"] == ["person:to-lam"]]
    assert len(visits) == 1
    assert (visits[0]["date"]["start"], visits[0]["date"]["end"]) == ("2025-10-09", "2025-10-11")
    assert {"văn hóa", "thể thao", "du lịch", "giáo dục", "y tế"} <= set(talk["topics"])


@needs_corpus
def test_both_spellings_of_kim_jong_un_are_one_entity(corpus_results):
    ids = {e["id"] for r in (corpus_results["seed000"], corpus_results["seed001"]) for e in r.entities
           if any(m["text"] in ("Kim Jong Un", "Kim Jong-un") for m in e["mentions"])}
    assert ids == {"person:kim-jong-un"}


@needs_corpus
def test_a_historical_visit_keeps_its_own_year(corpus_results):
    visits = [e for e in _events(corpus_results["seed001"], "042") if e["source"] == ["person:kim-jong-un"]]
    assert [v["date"]["start"][:4] for v in visits] == ["2019"]
    assert visits[0]["location"]["country"] == "VNM"


@needs_corpus
def test_every_span_of_the_corpus_gives_back_its_text(corpus_results):
    for result in corpus_results.values():
        text = result.article.text
        for entity in result.entities:
            for mention in entity["mentions"]:
                assert text[mention["start"]:mention["end"]] == mention["text"]
        for event in result.events:
            for span in [event["trigger"], *event["evidence"], *event["actor_evidence"], *event["topic_spans"]]:
                assert text[span["start"]:span["end"]] == span["text"]


def test_the_contract_is_versioned_json():
    result = extract("Thủ tướng Nhật Bản Fumio Kishida hội đàm với Tổng thống Hàn Quốc Yoon Suk Yeol tại Tokyo ngày 16/3.",
                     published="2023-03-17")
    data = json.loads(result.to_json())
    assert data["schema"] == SCHEMA
    assert set(data) == {"schema", "article", "entities", "events"}
    event = data["events"][0]
    assert event["cameo"] == "046" and event["plover"] == "CONSULT"
    assert event["date"]["start"] == "2023-03-16"
    assert event["location"]["name"] == "Tokyo"


def test_a_wrongly_ordered_pipeline_fails_before_any_article_runs():
    by_name = {stage.name: stage for stage in STAGES}
    with pytest.raises(PipelineError, match="events"):
        check([by_name["segment"], by_name["events"]])


_SYLLABLES = ["Tổng", "thống", "Nga", "Việt", "Nam", "hội", "đàm", "với", "ông", "ngày", "9/10", "sáng",
              "nay", "tại", "Hà", "Nội", "ký", "kết", "Đ", "hòa", "hoà", "\u200b", ",", ".", "\n", "-"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_SYLLABLES), max_size=40))
def test_any_text_gives_valid_spans(words):
    text = " ".join(words)
    result = extract(text, published="2025-10-09")
    for entity in result.entities:
        for mention in entity["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]
    for event in result.events:
        for span in [event["trigger"], *event["evidence"]]:
            assert text[span["start"]:span["end"]] == span["text"]
