"""Discovered names typed right: outlets, companies and acronyms are organisations; foreign
names keep their particles (invented sentences)."""
from __future__ import annotations

import pytest

from sukien.model import NAME, ORGANIZATION, PERSON
from sukien.recognize import find_mentions


def _named(text: str) -> list[tuple[str, str]]:
    return [(m.span.text, m.type) for m in find_mentions(text) if m.form == NAME]


@pytest.mark.parametrize("text, name", [
    ("Theo tờ Le Monde, cuộc gặp đã bị hoãn.", "Le Monde"),
    ("Tạp chí Der Spiegel dẫn lời một quan chức giấu tên.", "Der Spiegel"),
    ("Hãng thông tấn Yonhap đưa tin cuộc tập trận đã kết thúc.", "Yonhap"),
    ("Tờ Sydney Morning Herald cho biết Canberra sẽ điều tra.", "Sydney Morning Herald"),
    ("Tờ Pacific Daily Tribune đưa tin về chuyến thăm.", "Pacific Daily Tribune"),
    ("Tập đoàn Northwind Holdings ký hợp đồng với đối tác.", "Northwind Holdings"),
])
def test_outlets_and_companies_are_never_people(text, name):
    named = _named(text)
    assert not any(kind == PERSON and name in found for found, kind in named)


@pytest.mark.parametrize("text", [
    "Chủ tịch tỉnh chúc mừng Tết Chôl Chnăm Thmây đồng bào Khmer.",
    "Thủ tướng gửi thư chúc mừng nhân dịp Tết Nguyên Đán.",
    "Lãnh đạo thành phố thăm Tổng lãnh sự quán Lào nhân dịp Tết cổ truyền Bun Pi May.",
])
def test_a_festival_s_name_names_nobody(text):
    assert [found for found, _ in _named(text) if not found.startswith(("Khmer", "Lào"))] == []


def test_an_acronym_after_a_title_is_the_organisation_not_the_person():
    named = _named("Chủ tịch KOTRA Park Min-soo gặp các doanh nghiệp.")
    assert ("Park Min-soo", PERSON) in named
    assert not any(kind == PERSON and "KOTRA" in found for found, kind in named)
    assert [(found, kind) for found, kind in _named("Chủ tịch UEFA phát biểu.") if kind == PERSON] == []


@pytest.mark.parametrize("text, name", [
    ("Tổng thống Iraq Karim al-Hamdani tiếp phái đoàn.", "Karim al-Hamdani"),
    ("Ngoại trưởng Oman Yusuf bin Rashid al-Harthi phát biểu.", "Yusuf bin Rashid al-Harthi"),
    ("Chủ tịch Hạ viện Paulo de Almeida tiếp đoàn.", "Paulo de Almeida"),
    ("Bộ trưởng Hà Lan Pieter van Dijk cho biết.", "Pieter van Dijk"),
])
def test_the_particles_of_foreign_names_stay_in_the_name(text, name):
    assert (name, PERSON) in _named(text)


def test_an_institution_word_after_a_title_is_no_name():
    named = _named("Vụ trưởng Vụ Hợp tác quốc tế phát biểu tại hội thảo.")
    assert not any(kind == PERSON for _, kind in named)


def test_a_person_is_still_a_person():
    assert ("Trần Văn Hải", PERSON) in _named("Theo ông Trần Văn Hải, hai bên sẽ ký thỏa thuận.")
    assert any(kind == ORGANIZATION for _, kind in _named("Theo Reuters, hai bên sẽ ký thỏa thuận."))


@pytest.mark.parametrize("text, name, office", [
    ("Giáo hoàng Francis tiếp phái đoàn tại Vatican.", "Francis", "Giáo hoàng"),
    ("Nữ hoàng Anh Elizabeth II đọc diễn văn trước Quốc hội.", "Elizabeth II", "Nữ hoàng Anh"),
])
def test_a_known_person_s_office_is_a_role_not_part_of_the_name(text, name, office):
    person = next(m for m in find_mentions(text) if m.type == PERSON and m.form == NAME)
    assert person.span.text == name and person.entity_ids
    assert [role.title_vi for role in person.roles] == [office]


def test_a_form_of_address_that_is_part_of_the_name_stays():
    assert ("Sheikh Hasina", PERSON) in _named("Thủ tướng Sheikh Hasina phát biểu.")


@pytest.mark.parametrize("name, kind", [
    ("Port Moresby", "LOC"),
    ("Buenos Aires", "LOC"),
    ("Le Monde", ORGANIZATION),
    ("Maria Fernanda Costa", PERSON),
])
def test_a_discovered_name_is_typed_by_the_gazetteers(name, kind):
    from sukien.model import Mention, Span
    from sukien.recognize.kinds import retype

    text = f"Hôm qua {name} cho biết như vậy."
    start = text.index(name)
    mention = Mention(Span.of(text, start, start + len(name)), PERSON, NAME, origin="tagger")
    [typed] = retype([mention], text)
    assert typed.type == kind


@pytest.mark.parametrize("text, name", [
    ("Ngoại trưởng Mỹ Robert Whitfield Tuyên bố của ông gây tranh cãi.", "Robert Whitfield"),
    ("Cựu Bộ trưởng Quốc phòng Mỹ Edward Mallory Một tài liệu mới được công bố.", "Edward Mallory"),
])
def test_a_sentence_s_word_is_taken_off_a_foreign_name(text, name):
    assert (name, PERSON) in _named(text)


def test_a_sentence_s_first_word_is_taken_off_a_foreign_name():
    from sukien.recognize.names import sentence_words_off

    text = "Hiện Whitfield sống ở Canada."
    assert text[slice(*sentence_words_off(text, 0, len("Hiện Whitfield")))] == "Whitfield"
    text = "Ông Nguyễn Văn Hải rời Hà Nội."
    end = text.index(" rời")
    assert sentence_words_off(text, 4, end) == (4, end)  # a Vietnamese name keeps all its words


def test_a_province_or_a_cultural_house_is_no_person():
    from sukien.model import Mention, Span
    from sukien.recognize.kinds import retype

    text = "Hôm qua Tỉnh Kanagawa cam kết hỗ trợ."
    mention = Mention(Span.of(text, 8, 21), PERSON, NAME, origin="tagger")
    assert retype([mention], text)[0].type != PERSON


def test_names_the_tagger_splits_at_a_particle_are_one_name():
    from sukien.model import Mention, Span
    from sukien.recognize.kinds import joined

    text = "Ông Karim bin Faisal al-Harbi phát biểu."
    first = Mention(Span.of(text, 4, 9), PERSON, NAME, origin="tagger")
    second = Mention(Span.of(text, 14, 29), PERSON, NAME, origin="tagger")
    [whole] = joined([first, second], text)
    assert whole.span.text == "Karim bin Faisal al-Harbi"



@pytest.mark.parametrize("text, name, kind", [
    ("Tổ chức Global Freedom Watch ra báo cáo mới.", "Global Freedom Watch", ORGANIZATION),
    ("Người biểu tình tập trung tại Liberty Square hôm qua.", "Liberty Square", "LOC"),
    ("Bão đổ bộ vào Nam Mindanao và Đông Leyte.", "Nam Mindanao", "LOC"),
])
def test_words_of_a_name_that_type_it(text, name, kind):
    from sukien.model import Mention, Span
    from sukien.recognize.kinds import retype

    start = text.index(name)
    [typed] = retype([Mention(Span.of(text, start, start + len(name)), PERSON, NAME, origin="tagger")], text)
    assert typed.type == kind


@pytest.mark.parametrize("text", [
    "Nhóm phiến quân Abu Hamza tuyên bố chịu trách nhiệm.",
    "Ngoại trưởng kêu gọi người Do Thái trên thế giới trở về.",
])
def test_a_movement_or_a_people_is_no_person(text):
    assert not any(kind == PERSON for _, kind in _named(text))


def test_a_party_s_name_after_a_title_is_no_person():
    text = "Thượng nghị sĩ Dân chủ Chuck Harmon phát biểu. Chủ tịch Đảng Dân tiến gặp báo giới."
    assert [found for found, kind in _named(text) if kind == PERSON] == ["Chuck Harmon"]


def test_a_short_name_that_ends_a_full_name_is_still_a_name():
    text = "Thủ tướng Anh Theresa May thăm Pháp. Bà May cho biết hai nước sẽ hợp tác."
    assert ("May", PERSON) in _named(text)


def test_an_arabic_family_name_after_a_discovered_name_is_part_of_it():
    from sukien.model import Mention, Span
    from sukien.recognize.kinds import joined

    text = "Ông Khalid bin Faris al-Mansour phát biểu."
    [whole] = joined([Mention(Span.of(text, 4, 20), PERSON, NAME, origin="tagger")], text)
    assert whole.span.text == "Khalid bin Faris al-Mansour"
