"""Short forms: a family name alone re-mentions the person named in full (invented articles)."""
from __future__ import annotations

from datetime import date

from sukien.model import Article, NAME, PERSON
from sukien.pipeline import STAGES, start
from sukien.recognize import find_mentions


def _linked(text: str, published: date = date(2019, 5, 14)) -> dict[str, set[tuple[str, ...]]]:
    document = start(Article(text=text, published=published))
    for stage in STAGES:
        if stage.name == "events":
            break
        document = stage.run(document)
    found: dict[str, set[tuple[str, ...]]] = {}
    for mention in document.mentions:
        if mention.type == PERSON and mention.form == NAME:
            found.setdefault(mention.span.text, set()).add(mention.entity_ids)
    return found


def test_a_korean_family_name_alone_is_the_person_named_in_full():
    linked = _linked("Bộ trưởng Hàn Quốc Choi Min-ho tiếp Đại sứ Lê Văn Hải. Ông Choi cho biết hai bên sẽ hợp tác.")
    assert linked["Choi"] == linked["Choi Min-ho"] == {("discovered:person:choi-min-ho",)}


def test_a_family_name_in_a_headline_is_the_person_named_later():
    linked = _linked("Ông Choi thăm Hà Nội\nBộ trưởng Hàn Quốc Choi Min-ho đến Hà Nội hôm nay.")
    assert linked["Choi"] == {("discovered:person:choi-min-ho",)}


def test_a_chinese_family_name_alone_is_the_one_leader_in_office():
    # no full name in the article: the one person of the knowledge base in office that day
    assert _linked("Ông Tập nói hai nước cần tăng cường hợp tác.")["Tập"] == {("person:xi-jinping",)}


def test_two_people_of_one_family_name_leave_the_short_form_unlinked_to_either():
    text = ("Bộ trưởng Hàn Quốc Kim Min-ho gặp Thứ trưởng Hàn Quốc Kim Jae-won. Ông Kim cho biết.")
    assert _linked(text)["Kim"] == {("discovered:person:kim",)}


def test_a_fathers_name_is_not_the_person():
    text = "Thái tử Omar bin Khalid tiếp phái đoàn. Ông Khalid từng là quốc vương."
    linked = _linked(text)
    assert linked["Khalid"] != linked["Omar bin Khalid"]


def test_an_office_s_own_words_are_no_name():
    named = [m.span.text for m in find_mentions("Chủ tịch Liên hiệp các hội khoa học phát biểu.")
             if m.type == PERSON and m.form == NAME]
    assert named == []
    later = [m.span.text for m in find_mentions("Thủ tướng Lê Xuân Phong tiếp khách. Thủ tướng Phong cho biết.")
             if m.type == PERSON and m.form == NAME]
    assert later == ["Lê Xuân Phong", "Phong"]


def test_a_known_family_name_after_another_given_name_is_someone_else():
    linked = _linked("Phát ngôn viên Nhà Trắng Joel Carney cho biết. Ông Carney nói thêm.", date(2013, 5, 1))
    assert linked["Joel Carney"] == linked["Carney"] == {("discovered:person:joel-carney",)}


def test_a_family_member_is_not_the_leader():
    linked = _linked("Tổng thống Mỹ Donald Trump và con gái Tiffany Trump đến Hà Nội. Ông Trump nói.")
    assert linked["Tiffany Trump"] == {("discovered:person:tiffany-trump",)}
    assert linked["Trump"] == {("person:donald-trump",)}


def test_an_initial_is_no_given_name_of_another_person():
    assert _linked("Tổng thống Nga V. Putin phát biểu.")["V. Putin"] == {("person:vladimir-putin",)}


def test_a_foreign_family_name_alone_is_found_again_and_linked():
    text = ("Giám đốc cơ quan điều tra Mỹ Walter Brenton bị cách chức. "
            "Nhiều người vẫn tin tưởng vào Brenton bất chấp tranh cãi.")
    linked = _linked(text)
    assert linked["Brenton"] == linked["Walter Brenton"] == {("discovered:person:walter-brenton",)}


def test_a_family_name_inside_another_name_is_not_found_again():
    text = "Ông Walter Brenton phát biểu. Quỹ Brenton Wilson tài trợ dự án."
    named = [m.span.text for m in find_mentions(text) if m.type == PERSON and m.form == NAME]
    assert "Brenton" not in named
