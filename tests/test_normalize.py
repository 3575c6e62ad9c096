"""Normalization: one Unicode form and tone-mark convention, with every offset mapped back."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, strategies as st

from sukien.normalize import fold, fold_same_length, normalize_text
from sukien.normalize.case import lowered_window


@pytest.mark.parametrize("given_text, expected", [
    ("hoà bình", "hòa bình"),
    ("Thuỷ điện", "Thủy điện"),
    ("khoẻ mạnh", "khỏe mạnh"),
    ("Hoàng Sa", "Hoàng Sa"),  # a closed syllable keeps its mark
    ("quý khách", "quý khách"),  # "qu" is a consonant: the mark stays
    (unicodedata.normalize("NFD", "Tổng Bí thư"), "Tổng Bí thư"),
    ("Hà\u200b Nội", "Hà Nội"),
    ("Hà\u00a0Nội", "Hà Nội"),
])
def test_normalized_form(given_text, expected):
    assert normalize_text(given_text)[0] == expected


def test_offsets_point_into_the_original():
    original = unicodedata.normalize("NFD", "Ông Lê\u200b Minh Hoà đến Hà Nội")
    text, offsets = normalize_text(original)
    start = text.index("Hà Nội")
    begin, end = offsets.to_original(start, start + len("Hà Nội"))
    assert unicodedata.normalize("NFC", original[begin:end]) == "Hà Nội"


@pytest.mark.parametrize("a, b", [("Kim Jong-un", "kim jong un"), ("Đà Nẵng", "da nang"), ("HOÀ", "hoa")])
def test_fold_ignores_case_marks_and_hyphens(a, b):
    assert fold(a) == fold(b)


@given(st.text(alphabet=st.sampled_from(list("aăâđeêioôơuưyAĐ \n-.,") +
                                        ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323", "\u200b", "\u00a0"]),
               max_size=80))
def test_every_normalized_span_maps_inside_the_original(original):
    text, offsets = normalize_text(original)
    assert len(fold_same_length(text)) == len(text)
    for start in range(len(text)):
        begin, end = offsets.to_original(start, start + 1)
        assert 0 <= begin < end <= len(original)


def test_a_window_is_cut_from_the_lowercased_text():
    text = "Thủ tướng Lào tới Việt Nam, ĐỒNG CHỦ TRÌ Kỳ họp"
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 2):
            assert lowered_window(text, start, end) == text[start:end].lower()


def test_letters_whose_lowercase_depends_on_more_than_themselves():
    for text in ("İstanbul và Ankara", "ΟΔΥΣΣΕΥΣ và Hy Lạp"):  # "İ" lowercases to two characters; "Σ" by its place
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                assert lowered_window(text, start, end) == text[start:end].lower()
