"""Bylines and photo credits name journalists, not actors (invented articles)."""
from __future__ import annotations

import pytest

from sukien.model import COUNTRY, PERSON
from sukien.recognize import find_mentions
from sukien.recognize.credits import credit_spans


def _named(text: str) -> list[tuple[str, str]]:
    return [(m.span.text, m.type) for m in find_mentions(text) if m.type in (PERSON, COUNTRY)]


@pytest.mark.parametrize("text, credited", [
    ("Hai bên nhất trí tăng cường hợp tác./. Quỳnh Anh/VOV", "Quỳnh Anh"),
    ("Hai bên nhất trí tăng cường hợp tác. Đức Thịnh", "Đức Thịnh"),
    ("Hai bên nhất trí tăng cường hợp tác.\n\nThu Hằng (TTXVN)", "Thu Hằng"),
    ("Hai bên nhất trí tăng cường hợp tác. Minh Châu (theo AFP)", "Minh Châu"),
    ("Hai bên nhất trí tăng cường hợp tác. Minh Châu - Thu Hằng", "Minh Châu"),
    ("Hai bên nhất trí tăng cường hợp tác. Minh Châu theo Reuters", "Minh Châu"),
])
def test_a_signature_after_the_last_sentence_is_a_credit(text, credited):
    assert any(text[a:b].strip().startswith(credited) for a, b in credit_spans(text))
    assert not any(credited.split()[0] in name for name, _ in _named(text))


def test_photo_credits_and_signed_names_in_the_text():
    text = ("Thủ tướng Lê Văn Thành tiếp Đại sứ Pháp. Ảnh: Quốc Anh/TTXVN Tại buổi tiếp, "
            "hai bên nhất trí tăng cường hợp tác.")
    named = _named(text)
    assert ("Lê Văn Thành", PERSON) in named and ("Pháp", COUNTRY) in named
    assert not any("Quốc" in name or name == "Anh" for name, _ in named)


@pytest.mark.parametrize("text", [
    "Tổng thống Nga hội đàm với Thủ tướng Ấn Độ.",
    "Bộ trưởng Ngoại giao Trần Minh Khoa cho biết.",
    "Hai bên ký kết thỏa thuận hợp tác kinh tế",
    # a news item's one line that opens with a name and a dash, or with a name and "theo", says something
    "Ấn Độ - Nga điện đàm về hợp tác năng lượng.",
    "Bản tin sáng\nÔng Lê Văn Bình - con trai một doanh nhân - được giao điều hành công ty.",
    "Bản tin sáng\nVậy theo quy định mới, ứng viên phải nộp hồ sơ trước tháng Năm.",
])
def test_a_last_sentence_is_not_a_signature(text):
    assert credit_spans(text) == []


def test_a_headline_that_pairs_two_countries_keeps_them():
    assert _named("Ấn Độ - Nga điện đàm về hợp tác năng lượng.") == [("Ấn Độ", COUNTRY), ("Nga", COUNTRY)]
