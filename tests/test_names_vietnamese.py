"""Vietnamese names by their shape, and the generic cases news NER gets wrong (invented sentences)."""
from __future__ import annotations

import pytest

from sukien.model import NAME, PERSON, TITLE
from sukien.recognize import find_mentions


def _people(text: str) -> list[str]:
    return [m.span.text for m in find_mentions(text) if m.type == PERSON and m.form == NAME]


@pytest.mark.parametrize("text, name", [
    ("Tòa án đã xét xử công dân Trịnh Thị Mai trong vụ án này.", "Trịnh Thị Mai"),
    ("Buổi tiếp có sự tham dự của Phạm Quang Vinh, đại diện bộ ngành.", "Phạm Quang Vinh"),
    ("Hôm qua anh Đạt và chị Thu Hà đã về quê.", "Đạt"),
    ("Hôm qua anh Đạt và chị Thu Hà đã về quê.", "Thu Hà"),
])
def test_a_vietnamese_name_by_its_shape(text, name):
    assert name in _people(text)


@pytest.mark.parametrize("text", [
    "Đoàn đã đến thăm đường Trần Phú ở trung tâm thành phố.",
    "Các anh em Hồi giáo tụ họp.",
    "Tổ chức Anh em Hồi giáo bị cấm.",
])
def test_streets_and_compounds_are_no_names(text):
    assert _people(text) == []


def test_a_title_keeps_its_marks():
    # "Thủ hiến" (a chief minister) folds like the given name "Thu Hiền"
    mentions = find_mentions("Hôm qua chị Thu Hiền đã đến trường.")
    assert not any(m.form == TITLE for m in mentions)
    assert "Thu Hiền" in _people("Hôm qua chị Thu Hiền đã đến trường.")
