"""Finding and resolving Vietnamese time expressions (``sukien.resolve.dates``).

The sentences are written for these tests. Unless a case says otherwise the article
was published on Friday 10 October 2025 (its week runs Monday 6 to Sunday 12).
"""
from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sukien.resolve.dates import HISTORICAL, RELATIVE, find_times

PUBLISHED = date(2025, 10, 10)
D = date.fromisoformat

# (sentence, evidence, start, end, granularity, relation)
CASES = [
    # Days, with the year taken from the publication date.
    ("Bộ trưởng tiếp Đại sứ Lào ngày 9/10 tại trụ sở Bộ.", "ngày 9/10", "2025-10-09", "2025-10-09", "day", None),
    ("Phái đoàn rời Hà Nội 9/10, kết thúc chuyến công tác.", "9/10", "2025-10-09", "2025-10-09", "day", None),
    ("Hiệp định được ký ngày 10/10/2025 tại Viêng Chăn.", "ngày 10/10/2025", "2025-10-10", "2025-10-10", "day", None),
    ("Văn kiện đề 9-10-2025 đã được công bố.", "9-10-2025", "2025-10-09", "2025-10-09", "day", None),
    ("Đoàn đại biểu tới Phnom Penh ngày 9.10 theo lời mời.", "ngày 9.10", "2025-10-09", "2025-10-09", "day", None),
    ("Thỏa thuận được ký 19.5 tại Moskva.", "19.5", "2025-05-19", "2025-05-19", "day", None),
    ("Hội nghị khai mạc ngày 9 tháng 10 với 20 nước tham dự.", "ngày 9 tháng 10", "2025-10-09", "2025-10-09", "day", None),
    ("Luật có hiệu lực từ 9 tháng 10 năm 2025.", "9 tháng 10 năm 2025", "2025-10-09", "2025-10-09", "day", None),
    ("Lễ mít tinh ngày mùng 2/9 được tổ chức trọng thể.", "ngày mùng 2/9", "2025-09-02", "2025-09-02", "day", None),
    ("Lúc 9h ngày 10/10, đoàn đến sân bay Nội Bài.", "ngày 10/10", "2025-10-10", "2025-10-10", "day", None),
    ("Ngày 9, Tổng Bí thư gặp gỡ cử tri thủ đô.", "Ngày 9", "2025-10-09", "2025-10-09", "day", None),
    ("Bộ trưởng hôm qua (9/10) tuyên bố sẽ tăng viện trợ.", "hôm qua (9/10)", "2025-10-09", "2025-10-09", "day", None),
    ("Ngày 30/4/1975 đất nước thống nhất.", "Ngày 30/4/1975", "1975-04-30", "1975-04-30", "day", HISTORICAL),
    # Runs of days.
    ("Diễn đàn diễn ra ngày 20-22/10 tại Đà Nẵng.", "ngày 20-22/10", "2025-10-20", "2025-10-22", "range", None),
    ("Chuyến thăm chính thức kéo dài 9-11/10.", "9-11/10", "2025-10-09", "2025-10-11", "range", None),
    ("Tuần văn hóa diễn ra từ ngày 9 đến ngày 11/10 ở Huế.", "từ ngày 9 đến ngày 11/10", "2025-10-09", "2025-10-11", "range", None),
    ("Hội chợ mở cửa ngày 30/9 - 2/10 tại Cần Thơ.", "ngày 30/9 - 2/10", "2025-09-30", "2025-10-02", "range", None),
    ("Khóa tập huấn kéo dài từ ngày 28/6 đến 1/7.", "từ ngày 28/6 đến 1/7", "2025-06-28", "2025-07-01", "range", None),
    ("Phiên đàm phán diễn ra 28/12/2024 - 2/1/2025.", "28/12/2024 - 2/1/2025", "2024-12-28", "2025-01-02", "range", None),
    # Parts of the day and days named from the publication date.
    ("Sáng nay, Thủ tướng chủ trì phiên họp Chính phủ.", "Sáng nay", "2025-10-10", "2025-10-10", "day", RELATIVE),
    ("Chiều nay đoàn sẽ làm việc với tỉnh Quảng Ninh.", "Chiều nay", "2025-10-10", "2025-10-10", "day", RELATIVE),
    ("Tối nay, hai bên dự tiệc chiêu đãi.", "Tối nay", "2025-10-10", "2025-10-10", "day", RELATIVE),
    ("Trưa nay Bộ Ngoại giao ra thông cáo báo chí.", "Trưa nay", "2025-10-10", "2025-10-10", "day", RELATIVE),
    ("Đêm qua, bão đổ bộ vào đất liền.", "Đêm qua", "2025-10-09", "2025-10-09", "day", RELATIVE),
    ("Sáng qua ông đã tiếp đoàn doanh nghiệp Nhật Bản.", "Sáng qua", "2025-10-09", "2025-10-09", "day", RELATIVE),
    ("Chiều qua, Quốc hội thông qua nghị quyết.", "Chiều qua", "2025-10-09", "2025-10-09", "day", RELATIVE),
    ("Hôm nay hai nước công bố tuyên bố chung.", "Hôm nay", "2025-10-10", "2025-10-10", "day", RELATIVE),
    ("Bộ trưởng hôm qua đã điện đàm với người đồng cấp.", "hôm qua", "2025-10-09", "2025-10-09", "day", RELATIVE),
    ("Đoàn đã có mặt ở thủ đô từ hôm kia.", "hôm kia", "2025-10-08", "2025-10-08", "day", RELATIVE),
    ("Ngày mai, phái đoàn sẽ lên đường về nước.", "Ngày mai", "2025-10-11", "2025-10-11", "day", RELATIVE),
    ("Sáng Nay, Chủ tịch Quốc hội tiếp đoàn nghị sĩ.", "Sáng Nay", "2025-10-10", "2025-10-10", "day", RELATIVE),
    ("HÔM QUA, thị trường chứng khoán giảm điểm.", "HÔM QUA", "2025-10-09", "2025-10-09", "day", RELATIVE),
    ("Sáng 9/10, Chủ tịch nước tiếp Đại sứ Cuba.", "Sáng 9/10", "2025-10-09", "2025-10-09", "day", None),
    ("Chiều 8/10 tại Phủ Chủ tịch diễn ra lễ đón.", "Chiều 8/10", "2025-10-08", "2025-10-08", "day", None),
    ("Tối 8/10, hai nhà lãnh đạo xem biểu diễn nghệ thuật.", "Tối 8/10", "2025-10-08", "2025-10-08", "day", None),
    ("Rạng sáng 10/10, tàu cập cảng Hải Phòng.", "Rạng sáng 10/10", "2025-10-10", "2025-10-10", "day", None),
    ("Sáng thứ Năm (9/10), hai bên ký bản ghi nhớ.", "Sáng thứ Năm (9/10)", "2025-10-09", "2025-10-09", "day", None),
    # Weekdays and weeks.
    ("Ông đã gặp Đại sứ vào thứ hai tuần trước.", "thứ hai tuần trước", "2025-09-29", "2025-09-29", "day", RELATIVE),
    ("Hôm thứ Ba, Bộ Tài chính công bố dự thảo.", "Hôm thứ Ba", "2025-10-07", "2025-10-07", "day", RELATIVE),
    ("Cuối tuần qua, hàng nghìn người dự lễ hội.", "Cuối tuần qua", "2025-10-04", "2025-10-05", "range", RELATIVE),
    ("Tuần trước, Bộ Công Thương công bố số liệu mới.", "Tuần trước", "2025-09-29", "2025-10-05", "range", RELATIVE),
    ("Hội nghị thượng đỉnh sẽ diễn ra tuần tới.", "tuần tới", "2025-10-13", "2025-10-19", "range", RELATIVE),
    # Months.
    ("Tháng trước, kim ngạch xuất khẩu tăng mạnh.", "Tháng trước", "2025-09-01", "2025-09-30", "month", RELATIVE),
    ("Đoàn sẽ thăm Ấn Độ trong tháng tới.", "tháng tới", "2025-11-01", "2025-11-30", "month", RELATIVE),
    ("Đầu tháng 10, Thủ tướng thăm Singapore.", "Đầu tháng 10", "2025-10-01", "2025-10-10", "range", None),
    ("Cuối tháng 6 hai bên đã ký hiệp định.", "Cuối tháng 6", "2025-06-21", "2025-06-30", "range", None),
    ("Giữa tháng 5, đoàn công tác sang Lào.", "Giữa tháng 5", "2025-05-11", "2025-05-20", "range", None),
    ("Tháng 10/2025 đánh dấu 75 năm quan hệ ngoại giao.", "Tháng 10/2025", "2025-10-01", "2025-10-31", "month", None),
    ("Vào tháng 10 năm 2025, hai bên ký hiệp định.", "tháng 10 năm 2025", "2025-10-01", "2025-10-31", "month", None),
    ("Hội nghị được tổ chức vào tháng 8.", "tháng 8", "2025-08-01", "2025-08-31", "month", None),
    ("Tàu sẽ được bàn giao vào tháng 11 tới.", "tháng 11 tới", "2025-11-01", "2025-11-30", "month", None),
    ("Từ tháng 12 năm ngoái, giá dầu giảm liên tục.", "tháng 12 năm ngoái", "2024-12-01", "2024-12-31", "month", RELATIVE),
    ("Triển lãm mở cửa trong tháng Mười năm 2024.", "tháng Mười năm 2024", "2024-10-01", "2024-10-31", "month", None),
    # Years.
    ("Năm ngoái, hai nước nâng cấp quan hệ.", "Năm ngoái", "2024-01-01", "2024-12-31", "year", RELATIVE),
    ("Năm nay, thương mại song phương dự kiến tăng.", "Năm nay", "2025-01-01", "2025-12-31", "year", RELATIVE),
    ("Dự án sẽ khởi công năm tới.", "năm tới", "2026-01-01", "2026-12-31", "year", RELATIVE),
    ("Năm sau Việt Nam đăng cai hội nghị.", "Năm sau", "2026-01-01", "2026-12-31", "year", RELATIVE),
    ("Hai nhà lãnh đạo từng gặp nhau năm 2019 tại Hà Nội.", "năm 2019", "2019-01-01", "2019-12-31", "year", HISTORICAL),
    ("Quan hệ được nâng cấp hồi năm 2019.", "năm 2019", "2019-01-01", "2019-12-31", "year", HISTORICAL),
    ("Hai nước thiết lập quan hệ vào năm 1992.", "năm 1992", "1992-01-01", "1992-12-31", "year", HISTORICAL),
    ("Ông từng làm đại sứ hồi 2019.", "hồi 2019", "2019-01-01", "2019-12-31", "year", HISTORICAL),
    ("Cuối năm 2019, dịch bệnh bùng phát.", "Cuối năm 2019", "2019-09-01", "2019-12-31", "range", HISTORICAL),
    ("Từ đầu năm 2020, các chuyến bay bị đình chỉ.", "đầu năm 2020", "2020-01-01", "2020-04-30", "range", HISTORICAL),
    ("Xuất khẩu nửa đầu năm 2025 tăng 15%.", "nửa đầu năm 2025", "2025-01-01", "2025-06-30", "range", None),
    ("Kế hoạch giai đoạn 2021-2025 đã hoàn thành.", "giai đoạn 2021-2025", "2021-01-01", "2025-12-31", "range", None),
    # Decades and centuries.
    ("Nhiều sinh viên sang học tập trong thập niên 1960.", "thập niên 1960", "1960-01-01", "1969-12-31", "decade", HISTORICAL),
    ("Hợp tác phát triển mạnh trong thập niên 1960-1970.", "thập niên 1960-1970", "1960-01-01", "1979-12-31", "decade", HISTORICAL),
    ("Những năm 1990, kinh tế bắt đầu mở cửa.", "Những năm 1990", "1990-01-01", "1999-12-31", "decade", HISTORICAL),
    ("Phong trào ra đời những năm 80 của thế kỷ trước.", "những năm 80 của thế kỷ trước", "1980-01-01", "1989-12-31", "decade", HISTORICAL),
    ("Tấm bản đồ được vẽ vào thế kỷ 19.", "thế kỷ 19", "1801-01-01", "1900-12-31", "century", HISTORICAL),
    ("Ngôi đền được xây dựng từ thế kỷ XIX.", "thế kỷ XIX", "1801-01-01", "1900-12-31", "century", HISTORICAL),
    # Counted back from publication.
    ("Vụ việc xảy ra 3 ngày trước tại biên giới.", "3 ngày trước", "2025-10-07", "2025-10-07", "day", RELATIVE),
    ("Hai bên đã trao đổi thư 2 tuần trước.", "2 tuần trước", "2025-09-22", "2025-09-28", "range", RELATIVE),
    ("Cách đây 5 năm, hai nước ký hiệp định thương mại.", "Cách đây 5 năm", "2020-01-01", "2020-12-31", "year", RELATIVE),
]


def _one(text: str, evidence: str, published: date | None = PUBLISHED):
    found = [t for t in find_times(text, published) if t.evidence.text == evidence]
    assert found, f"{evidence!r} not found in {text!r}: {find_times(text, published)}"
    return found[0]


@pytest.mark.parametrize("text, evidence, start, end, granularity, relation", CASES)
def test_resolves(text, evidence, start, end, granularity, relation):
    time = _one(text, evidence)
    assert (time.start, time.end) == (D(start), D(end))
    assert time.granularity == granularity
    assert time.relation == relation
    assert text[time.evidence.start:time.evidence.end] == evidence


NOT_DATES = [
    "Hai nước kỷ niệm 25 năm quan hệ đối tác chiến lược.",
    "Lễ kỷ niệm 80 năm thành lập Đảng diễn ra trang trọng.",
    "Văn bản ghi ngày 31/2 là không hợp lệ.",
    "Bảng ghi 0/5 và 12/13.",
    "Dự kiến họp vào tháng 13.",
    "Mã số ngày 99999/99999 được nhập nhầm.",
    "Chuỗi 1234567890123456789012345678901234567890 không phải ngày.",
    "Lạm phát 3.5% và dân số tăng thêm 1.000 người.",
    "Cuộc họp bắt đầu lúc 9h30 và kết thúc lúc 10 giờ sáng.",
    "Đội tuyển thắng với tỷ số 2-1.",
    "Có 9/10 thành viên bỏ phiếu thuận.",
    "Cửa hàng ở số 9/10 đường Láng hoạt động 24/7.",
    "Trong 5 năm tới, hai bên sẽ tăng đầu tư.",
    "Những năm trước đây, quan hệ còn nhiều khó khăn.",
    "Mỗi ngày 2 lần, tàu cập bến.",
    "Cách mạng tháng Mười có ảnh hưởng lớn.",
    "Nghị định 12/2025/NĐ-CP quy định chi tiết.",
    "Đây là lần thứ hai ông thăm Việt Nam.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text):
    assert find_times(text, PUBLISHED) == []


@pytest.mark.parametrize(
    "text, published, evidence, start, end",
    [
        ("Hội nghị tổng kết diễn ra ngày 30/12.", date(2025, 1, 3), "ngày 30/12", "2024-12-30", "2024-12-30"),
        ("Lễ ký kết dự kiến vào ngày 5/1.", date(2025, 11, 20), "ngày 5/1", "2026-01-05", "2026-01-05"),
        ("Đoàn nghỉ lễ từ 28/12 đến 2/1.", date(2025, 1, 3), "từ 28/12 đến 2/1", "2024-12-28", "2025-01-02"),
        ("Tháng 12 đoàn đã sang Lào.", date(2025, 1, 3), "Tháng 12", "2024-12-01", "2024-12-31"),
        ("Ngày 29/2 Quốc hội họp bất thường.", date(2024, 3, 5), "Ngày 29/2", "2024-02-29", "2024-02-29"),
        ("Ngày 28, đoàn đã rời thủ đô.", date(2025, 10, 2), "Ngày 28", "2025-09-28", "2025-09-28"),
    ],
)
def test_year_and_month_from_publication(text, published, evidence, start, end):
    time = _one(text, evidence, published)
    assert (time.start, time.end) == (D(start), D(end))


@pytest.mark.parametrize(
    "text, evidence, granularity, resolved",
    [
        ("Bộ trưởng tiếp đoàn ngày 9/10.", "ngày 9/10", "day", None),
        ("Hôm qua hai bên điện đàm.", "Hôm qua", "day", None),
        ("Diễn đàn diễn ra ngày 20-22/10.", "ngày 20-22/10", "range", None),
        ("Tháng trước xuất khẩu tăng.", "Tháng trước", "month", None),
        ("Hiệp định ký ngày 10/10/2025.", "ngày 10/10/2025", "day", ("2025-10-10", "2025-10-10")),
        ("Hai nước gặp nhau năm 2019.", "năm 2019", "year", ("2019-01-01", "2019-12-31")),
    ],
)
def test_without_publication_date(text, evidence, granularity, resolved):
    time = _one(text, evidence, None)
    assert time.granularity == granularity
    if resolved is None:
        assert (time.start, time.end) == (None, None)
    else:
        assert (time.start, time.end) == (D(resolved[0]), D(resolved[1]))
    assert time.relation != HISTORICAL  # nothing is "long past" without a "now"


def test_several_in_order_and_shifted_by_base():
    text = "Sáng nay, sau cuộc gặp ngày 9/10 và chuyến thăm năm 2019, hai bên ra tuyên bố."
    times = find_times(text, PUBLISHED, base=100)
    assert [t.evidence.text for t in times] == ["Sáng nay", "ngày 9/10", "năm 2019"]
    for time in times:
        assert text[time.evidence.start - 100:time.evidence.end - 100] == time.evidence.text


def test_longest_match_wins():
    texts = [t.evidence.text for t in find_times("Hội nghị từ ngày 9 đến ngày 11/10 tại Huế.", PUBLISHED)]
    assert texts == ["từ ngày 9 đến ngày 11/10"]


def test_datetime_publication_is_accepted():
    time = _one("Hôm qua hai bên hội đàm.", "Hôm qua", datetime(2025, 10, 10, 8, 30))
    assert time.start == date(2025, 10, 9)


_WORDS = [
    "ngày", "tháng", "năm", "sáng", "chiều", "tối", "nay", "qua", "hôm", "mai", "kia", "thứ",
    "Hai", "Mười", "tuần", "trước", "tới", "sau", "từ", "đến", "cách", "đây", "thập", "niên",
    "những", "thế", "kỷ", "XIX", "đầu", "cuối", "giữa", "nửa", "hồi", "vào", "mùng", "(", ")",
    "9/10", "30/9", "31/2", "20-22/10", "19.5", "3.5%", "2019", "1960-1970", "99999/99999",
    "0", "12", "29", "-", "/", ".", ",", "giai", "đoạn", "chủ", "nhật", "Tổng", "Bí", "thư",
]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="0123456789/.-–%() ngàyth\u00e1\u01b0s\u00e1ngnaquăm\u1ebf\u1ef7", max_size=80),
        st.lists(st.sampled_from(_WORDS), max_size=25).map(" ".join),
        st.text(max_size=60),
    ),
    st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))),
    st.integers(min_value=0, max_value=10_000),
)
def test_never_raises_and_spans_fit(text, published, base):
    times = find_times(text, published, base=base)
    previous_end = base
    for time in times:
        span = time.evidence
        assert text[span.start - base:span.end - base] == span.text
        assert span.start >= previous_end  # in order, never overlapping
        previous_end = span.end
        if time.start is not None and time.end is not None:
            assert time.start <= time.end


# --- the date of an event whose sentence states none --------------------------------------------------

def _dated(text: str) -> list[tuple[str, str | None, str | None]]:
    from sukien import extract
    return [(e["cameo"], e["date"] and e["date"]["start"], e["date"] and e["date"]["relation"])
            for e in extract(text, published="2026-06-28", rules_only=True).events]


def test_an_attribution_closed_by_a_comma_leaves_the_date_to_the_event():
    assert _dated("Theo phóng viên thường trú, sáng 27/6, Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào.") == [
        ("046", "2026-06-27", None)]


def test_an_undated_sentence_goes_on_in_the_day_the_narrative_has_reached():
    events = _dated("Thủ tướng Lê Văn An thăm chính thức Lào từ ngày 26 đến 28/6. Sáng 27/6, Thủ tướng Lào "
                    "chủ trì lễ đón Thủ tướng Lê Văn An. Sau lễ đón, Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào.")
    assert events[0] == ("042", "2026-06-26", None)  # the visit: its stated range
    assert ("046", "2026-06-27", "inferred") in events  # the talks: the day reached, not the visit's first
