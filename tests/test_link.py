"""Linking and in-document coreference, on invented articles about public offices."""
from __future__ import annotations

from datetime import date

import pytest

from sukien import extract
from sukien.model import Article, COLLECTIVE, PRONOUN, TITLE
from sukien.pipeline import STAGES, start


def _linked(text: str, published: date = date(2025, 10, 9)):
    document = start(Article(text=text, published=published))
    for stage in STAGES:
        if stage.name == "events":
            break
        document = stage.run(document)
    return document


def _resolved(document, form):
    return [(m.span.text, m.entity_ids) for m in document.mentions if m.form == form]


def test_an_office_named_alone_resolves_to_the_one_holder_the_knowledge_base_knows():
    document = _linked("Chủ tịch Triều Tiên nhấn mạnh quan hệ truyền thống.")
    assert _resolved(document, TITLE) == [("Chủ tịch Triều Tiên", ("person:kim-jong-un",))]


def test_a_bare_title_is_vietnams_office_holder_when_two_hold_it():
    text = ("Tổng Bí thư Tô Lâm hội đàm với Tổng Bí thư, Chủ tịch Quốc vụ Kim Jong-un. "
            "Tổng Bí thư cũng mong muốn hai bên mở rộng hợp tác.")
    document = _linked(text)
    assert ("Tổng Bí thư", ("person:to-lam",)) in _resolved(document, TITLE)


def test_a_pronoun_is_the_previous_sentence_s_subject():
    text = "Thủ tướng Lê Văn An tiếp Đại sứ Nhật Bản Ito Naoki. Ông đề nghị hai nước tăng cường hợp tác."
    document = _linked(text, date(2026, 5, 14))
    assert _resolved(document, PRONOUN) == [("Ông", ("discovered:person:le-van-an",))]


def test_both_sides_are_the_two_main_parties():
    text = ("Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào Sonexay Siphandone. "
            "Hai bên nhất trí tăng cường hợp tác.")
    document = _linked(text, date(2026, 5, 14))
    [(_, ids)] = _resolved(document, COLLECTIVE)
    assert set(ids) == {"country:VNM", "country:LAO"}


def test_a_shorter_name_later_is_the_same_discovered_person():
    text = "Đại sứ Nhật Bản Ito Naoki đến Hà Nội. Ông Naoki cho biết."
    document = _linked(text, date(2026, 5, 14))
    ids = {m.entity_ids for m in document.mentions if m.span.text in ("Ito Naoki", "Naoki")}
    assert ids == {("discovered:person:ito-naoki",)}


def test_a_monarch_named_again_without_the_regnal_number_is_the_same_person():
    document = _linked("Bức tranh vẽ Sa hoàng Nicholas II. Vua Nicholas từng đi qua 30 thành phố.")
    linked = {m.span.text: m.entity_ids for m in document.mentions if m.type == "PERSON"}
    assert linked["Nicholas"] == linked["Nicholas II"] == ("person:nicholas-ii",)


def test_this_country_is_the_speakers_else_the_last_one_named():
    document = _linked("Đại sứ Lào Khamphao Ernthavanh cho biết nước này sẵn sàng hỗ trợ.")
    assert [m.entity_ids for m in document.mentions if m.span.text == "nước này"] == [("country:LAO",)]
    document = _linked("Mỹ trừng phạt Iran. Nước này phản đối quyết định trên.")
    assert [m.entity_ids for m in document.mentions if m.span.text == "Nước này"] == [("country:IRN",)]


@pytest.mark.parametrize("published, holder", [
    ("2025-08-01", "person:pham-minh-chinh"),
    ("2026-08-01", "person:le-minh-hung"),  # elected on 2026-04-07
])
def test_a_title_with_its_country_is_the_holder_on_the_publication_day(published, holder):
    result = extract("Thủ tướng Việt Nam tiếp Đại sứ Nhật Bản.", published=published, rules_only=True)
    assert [event["source"] for event in result.events] == [[holder]]


def test_a_former_office_named_alone_is_never_todays_holder():
    result = extract("Cựu Tổng thống Mỹ gặp Thủ tướng Nhật Bản tại Tokyo.", published="2025-05-04", rules_only=True)
    actors = {i for event in result.events for i in event["source"] + event["target"]}
    assert "person:donald-trump" not in actors and "country:USA" not in actors


def test_a_former_office_named_again_is_the_former_holder_named_before():
    document = _linked("Cựu Tổng thống Mỹ Barack Obama thăm Hà Nội. Cựu Tổng thống Mỹ phát biểu tại hội thảo.",
                       date(2025, 5, 4))
    assert _resolved(document, TITLE) == [("Tổng thống Mỹ", ("person:barack-obama",))]


@pytest.mark.parametrize("text, published, holder", [
    ("Thủ tướng Hungary tiếp Đại sứ Nhật Bản.", "2026-04-01", "person:viktor-orban"),
    ("Thủ tướng Hungary tiếp Đại sứ Nhật Bản.", "2026-06-01", "person:peter-magyar"),  # sworn in 2026-05-09
    ("Tổng thống Chile tiếp Đại sứ Nhật Bản.", "2026-02-01", "person:gabriel-boric"),
    ("Tổng thống Chile tiếp Đại sứ Nhật Bản.", "2026-04-01", "person:jose-antonio-kast"),  # from 2026-03-11
])
def test_an_office_abroad_changes_hands_on_the_day(text, published, holder):
    result = extract(text, published=published, rules_only=True)
    assert [event["source"] for event in result.events] == [[holder]]


@pytest.mark.parametrize("text", [
    "Bộ trưởng Giáo dục Úc gặp Đại sứ Nhật Bản.",  # a Minister, but not the Foreign Minister
    "Chủ tịch Hội Nhà văn Việt Nam tiếp Đại sứ Nhật Bản.",  # a Chairman, but not of the National Assembly
])
def test_an_office_the_text_qualifies_is_not_another_office_of_the_same_english_title(text):
    result = extract(text, published="2025-12-12", rules_only=True)
    people = {i for event in result.events for i in event["source"] if i.startswith("person:")}
    assert people == set()


def test_an_office_stated_in_full_still_resolves_to_its_holder():
    result = extract("Ngoại trưởng Úc gặp Đại sứ Nhật Bản.", published="2025-12-12", rules_only=True)
    assert [event["source"] for event in result.events] == [["person:penny-wong"]]


def test_a_common_family_name_alone_is_no_leader_of_a_country_the_story_never_names():
    document = _linked("Huấn luyện viên đội khách cảm ơn ông Kim vì lời mời giao hữu.", date(2026, 1, 10))
    assert all("person:kim-jong-un" not in m.entity_ids for m in document.mentions)
    document = _linked("Triều Tiên phóng thử tên lửa. Ông Kim thị sát vụ phóng.", date(2026, 1, 10))
    assert [m.entity_ids for m in document.mentions if m.span.text == "Kim"] == [("person:kim-jong-un",)]
