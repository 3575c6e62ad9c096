"""Sentence splitting on news conventions: initials, abbreviations, numbers and "./."."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from sukien.segment import split_sentences


@pytest.mark.parametrize("text, expected", [
    ("Hai bên hội đàm. Sau đó ký kết.", ["Hai bên hội đàm.", "Sau đó ký kết."]),
    ("Tổng thống V. Putin tiếp đoàn. Đoàn rời đi.", ["Tổng thống V. Putin tiếp đoàn.", "Đoàn rời đi."]),
    ("Tại TP. Hồ Chí Minh sáng nay có lễ đón.", ["Tại TP. Hồ Chí Minh sáng nay có lễ đón."]),
    ("Kim ngạch đạt 19.5 tỷ USD. Hai bên nhất trí.", ["Kim ngạch đạt 19.5 tỷ USD.", "Hai bên nhất trí."]),
    ("Dòng một\n\nDòng hai./.", ["Dòng một", "Dòng hai./."]),
    ("Ông nói: \"Chúng tôi sẵn sàng.\" Bà đáp lại.", ["Ông nói: \"Chúng tôi sẵn sàng.\"", "Bà đáp lại."]),
])
def test_sentences(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


@given(st.text(alphabet=st.sampled_from(list("Aab. \n!?\"") + ["Đ", "ư"]), max_size=120))
def test_sentence_spans_give_back_their_text(text):
    spans = split_sentences(text)
    for span in spans:
        assert text[span.start:span.end] == span.text and span.text.strip() == span.text
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_a_vietnamese_capital_before_a_period_is_no_initial():
    text = "Hai nước lo ngại bất ổn tại Nam Á. Thủ tướng rời Nga."
    assert [s.text for s in split_sentences(text)] == ["Hai nước lo ngại bất ổn tại Nam Á.", "Thủ tướng rời Nga."]
