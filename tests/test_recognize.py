"""Recognition: names, offices parsed as structure, honorifics, collectives (invented sentences)."""
from __future__ import annotations

import pytest

from sukien.model import COLLECTIVE, NAME, PERSON, PRONOUN, TITLE
from sukien.recognize import find_mentions


def _people(text: str):
    return [m for m in find_mentions(text) if m.type == PERSON]


@pytest.mark.parametrize("text, name, offices", [
    ("Tổng Bí thư, Chủ tịch Quốc vụ Triều Tiên Kim Jong-un phát biểu.", "Kim Jong-un",
     ["Tổng Bí thư", "Chủ tịch Quốc vụ Triều Tiên"]),
    ("Bộ trưởng Ngoại giao Lê Minh Hòa tiếp khách.", "Lê Minh Hòa", ["Bộ trưởng Ngoại giao"]),
    ("Đại sứ Nhật Bản tại Việt Nam Ito Naoki trình quốc thư.", "Ito Naoki", ["Đại sứ Nhật Bản tại Việt Nam"]),
    ("Người phát ngôn Bộ Ngoại giao Trung Quốc Hoa Xuân Oánh cho biết.", "Hoa Xuân Oánh",
     ["Người phát ngôn Bộ Ngoại giao Trung Quốc"]),
    ("Ông Dmitry Medvedev, Chủ tịch đảng Nước Nga Thống nhất, đến Bình Nhưỡng.", "Dmitry Medvedev",
     ["Chủ tịch đảng Nước Nga Thống nhất"]),
])
def test_offices_are_structure_not_part_of_the_name(text, name, offices):
    person = next(m for m in _people(text) if m.form == NAME)
    assert person.span.text == name
    assert [role.title_vi for role in person.roles] == offices
    assert all(text[r.evidence.start:r.evidence.end] == r.title_vi for r in person.roles)


def test_offices_before_and_belong_to_the_name_before_them():
    text = ("Đại tướng Lê Quang Hưng, Bộ trưởng Bộ Quốc phòng Việt Nam và Thượng tướng Trần Văn Lộc, Tổng Tham mưu "
            "trưởng Quân đội nhân dân Lào, đồng chủ trì hội nghị.")
    first, second = [m for m in _people(text) if m.form == NAME]
    assert [r.title_vi for r in first.roles] == ["Đại tướng", "Bộ trưởng Bộ Quốc phòng Việt Nam"]
    assert [r.title_vi for r in second.roles][:1] == ["Thượng tướng"]


def test_an_office_without_a_name_is_a_description_to_resolve():
    [description] = [m for m in _people("Chủ tịch Triều Tiên nhấn mạnh quan hệ hai nước.") if m.form == TITLE]
    assert description.span.text == "Chủ tịch Triều Tiên"
    assert description.roles[0].country == "PRK"


def test_a_verb_never_joins_an_office():
    # "khẳng định" between the office and a country is what the spokesperson does, not her office
    person = next(m for m in _people("Người phát ngôn Bộ Ngoại giao Vũ Thanh Hương khẳng định Việt Nam phản đối.")
                  if m.form == NAME)
    assert person.span.text == "Vũ Thanh Hương"


def test_a_name_and_one_verb_are_not_an_institution_before_a_country():
    # "Lê Văn An rời" could pass for an institution's words ("Bộ Tài chính") before "Lào"
    [person] = _people("Thủ tướng Lê Văn An rời Lào đến Campuchia.")
    assert (person.form, person.span.text) == (NAME, "Lê Văn An")
    assert [role.title_vi for role in person.roles] == ["Thủ tướng"]


@pytest.mark.parametrize("text, form", [
    ("Ông nhấn mạnh quan hệ hai nước.", PRONOUN),
    ("Hai bên nhất trí tăng cường hợp tác.", COLLECTIVE),
    ("Hai Thủ tướng nhất trí tăng cường hợp tác.", COLLECTIVE),
])
def test_references_without_names(text, form):
    assert find_mentions(text)[0].form == form


@pytest.mark.parametrize("text, expected", [
    ("Quan hệ Việt - Trung phát triển tốt đẹp.", ["VNM", "CHN"]),
    ("Tổng thống Mỹ thăm Hoa Kỳ và Liên bang Nga.", ["USA", "USA", "RUS"]),
])
def test_countries_in_their_press_forms(text, expected):
    from sukien import kb

    codes = [kb.load().entities[m.entity_ids[0]].country for m in find_mentions(text) if m.type == "COUNTRY"]
    assert codes == expected


def test_a_given_name_is_not_a_folded_honorific():
    # "Bá" folds like "bà" (Mrs) but is part of the name
    person = next(m for m in _people("Đại sứ Việt Nam tại Lào Nguyễn Bá Hùng trình quốc thư.") if m.form == NAME)
    assert person.span.text == "Nguyễn Bá Hùng"


@pytest.mark.parametrize("text, name", [
    ("Ông Ouk Vannara được Tổng Bí thư Nguyễn Đức Thành tiếp.", "Nguyễn Đức Thành"),
    ("Ông Hoàng Anh Tuấn phát biểu tại hội nghị.", "Hoàng Anh Tuấn"),
])
def test_a_country_syllable_inside_a_name_is_the_name(text, name):
    assert name in [m.span.text for m in _people(text)]
    assert not [m for m in find_mentions(text) if m.type == "COUNTRY"]


@pytest.mark.parametrize("text", [
    "Cựu Tổng thống Pháp Jean Dupont phát biểu tại hội thảo.",
    "Hội thảo có sự tham dự của nguyên Thủ tướng Lê Văn An.",
])
def test_a_former_office_is_marked_former_and_counted_among_the_elites(text):
    person = next(m for m in _people(text) if m.form == NAME)
    [role] = person.roles
    assert role.former and role.title_en.startswith("former ") and role.sector == "ELI"


def test_an_office_held_now_is_not_former():
    person = next(m for m in _people("Tổng thống Pháp Jean Dupont phát biểu.") if m.form == NAME)
    assert [(role.former, role.sector) for role in person.roles] == [(False, "GOV")]
