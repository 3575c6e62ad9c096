"""A syllable of a person's name, or of a common word, is never a country (invented sentences)."""
from __future__ import annotations

import pytest

from sukien.model import COUNTRY, LOCATION, NAME, PERSON
from sukien.recognize import find_mentions


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(m.span.text, m.type) for m in find_mentions(text) if m.form == NAME]


@pytest.mark.parametrize("text, name", [
    ("Thứ trưởng Trần Quang Đức tiếp đoàn đại biểu tỉnh bạn.", "Trần Quang Đức"),
    ("Người phát ngôn Phạm Thu Anh trả lời câu hỏi của phóng viên.", "Phạm Thu Anh"),
    ("Bà Đoàn Hải Anh cho biết cuộc gặp diễn ra tốt đẹp.", "Đoàn Hải Anh"),
    ("Ông Vũ Mỹ đến dự lễ khai mạc.", "Vũ Mỹ"),
    ("Đại tá Lê Văn Pháp phát biểu tại hội nghị.", "Lê Văn Pháp"),
])
def test_a_given_name_after_a_family_name_is_no_country(text, name):
    kinds = _kinds(text)
    assert (name, PERSON) in kinds
    assert not any(kind == COUNTRY for _, kind in kinds)


@pytest.mark.parametrize("text", [
    "Anh ấy nói sẽ trở lại vào tuần sau.",
    "Ý kiến của các chuyên gia còn khác nhau.",
    "Pháp luật của mỗi nước quy định khác nhau.",
    "Tổ chức Anh em Hồi giáo bị cấm hoạt động.",
])
def test_the_first_syllable_of_a_common_word_is_no_country(text):
    assert not any(kind == COUNTRY for _, kind in _kinds(text))


@pytest.mark.parametrize("text, country", [
    ("Thủ tướng Anh thăm Pháp vào tuần tới.", "Anh"),
    ("Anh phản đối quyết định của Nga.", "Anh"),
    ("Đoàn đại biểu Israel đến Hà Nội.", "Israel"),  # after a capitalized word, still a country
    ("Ngoại trưởng Đức và người đồng cấp Ý hội đàm.", "Ý"),
])
def test_a_country_is_still_a_country(text, country):
    assert (country, COUNTRY) in _kinds(text)


def test_lowercase_words_are_no_capitalized_place_name():
    # "con mình" (one's child) folds like "Côn Minh" (Kunming)
    assert not any(kind == LOCATION for _, kind in _kinds("Bà ấy nói con mình đã đi học."))
    assert ("Côn Minh", LOCATION) in _kinds("Đoàn đã đến Côn Minh.")


@pytest.mark.parametrize("text, country", [
    ("Ả Rập Saudi và Qatar nối lại quan hệ.", "SAU"),
    ("Tổng thống Czech thăm Hà Nội.", "CZE"),
    ("Đại sứ Cộng hòa Slovakia trình quốc thư.", "SVK"),
])
def test_press_forms_of_countries(text, country):
    from sukien import kb

    codes = [kb.load().entities[m.entity_ids[0]].country for m in find_mentions(text) if m.type == COUNTRY]
    assert country in codes


@pytest.mark.parametrize("text", [
    "Các nước Mỹ Latinh tăng cường thương mại.",
    "Hiệp định thương mại tự do Bắc Mỹ được ký lại.",
    "Tàu hải quân tuần tra trên Ấn Độ Dương.",
])
def test_a_continent_or_a_sea_named_after_a_country_is_no_mention_of_it(text):
    assert not any(kind == COUNTRY for _, kind in _kinds(text))


def test_a_country_inside_an_organisation_s_name_is_still_a_mention():
    assert ("Lào", COUNTRY) in _kinds("Đảng Nhân dân Cách mạng Lào tổ chức đại hội.")


@pytest.mark.parametrize("name, iso3", [
    ("Philipinnes", "PHL"),
    ("Azerbaizan", "AZE"),
    ("Ân Độ", "IND"),
    ("Saudia Arabia", "SAU"),
])
def test_a_misspelt_country_is_that_country(name, iso3):
    from sukien.recognize.kinds import misspelt_country

    assert misspelt_country(name) == f"country:{iso3}"


@pytest.mark.parametrize("name", ["Jordana", "Serbian", "Bruner", "Maria Costa", "Ivan"])
def test_a_person_s_name_near_a_country_s_is_no_country(name):
    from sukien.recognize.kinds import misspelt_country

    assert misspelt_country(name) is None


def test_initials_inside_a_name():
    text = "Cựu Tổng thống Mỹ Walter J.K. Harrison phát biểu."
    assert ("Walter J.K. Harrison", PERSON) in _kinds(text)


@pytest.mark.parametrize("text, found", [
    ("Cộng đồng người Việt tại Đức ngày càng đông.", True),
    ("Nhiều doanh nghiệp Việt đầu tư ra nước ngoài.", True),
    ("Ông Quốc Việt phát biểu.", False),
    ("Các em học tiếng Việt mỗi tuần.", False),
])
def test_vietnam_s_one_syllable_form(text, found):
    assert (("Việt", COUNTRY) in _kinds(text)) is found


def test_a_web_address_is_no_country():
    kinds = _kinds("SGTV.VN - Theo tin từ Bộ Ngoại giao, Ảnh: (Vietnam+) đoàn đã đến.")
    assert not any(kind == COUNTRY for _, kind in kinds)


def test_a_sentence_opening_anh_is_the_pronoun_in_an_article_about_anh_somebody():
    text = "Hôm qua anh Khoa đến công ty mới. Anh cho biết sẽ làm việc chăm chỉ."
    assert not any(kind == COUNTRY for _, kind in _kinds(text))


@pytest.mark.parametrize("text", [
    "Anh cho biết sẽ tiếp tục hỗ trợ Ukraine.",  # no one is called "anh" here
    "Hôm qua anh Khoa đến London. Anh cho biết nước Anh rất đẹp.",  # the kingdom is named
])
def test_a_sentence_opening_anh_is_otherwise_the_kingdom(text):
    assert ("Anh", COUNTRY) in _kinds(text)


@pytest.mark.parametrize("name, place", [
    ("Kuala Lumper", "place:kuala-lumpur"),
    ("Washinton", "place:washington"),
])
def test_a_misspelt_capital_is_that_capital(name, place):
    from sukien.model import LOCATION
    from sukien.recognize.kinds import misspelt

    assert misspelt(name, LOCATION) == place


def test_a_person_s_name_is_no_misspelt_city():
    from sukien.model import LOCATION
    from sukien.recognize.kinds import misspelt

    assert misspelt("Maria Costa", LOCATION) is None and misspelt("Jackson", LOCATION) is None
