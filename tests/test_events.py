"""Event grammar on invented sentences: who acts on whom, in what mood, when and where.

Each row is one press construction; the names are invented or public leaders in
offices they held on the date given. These are the rules' own verdicts (``rules_only``):
the trained decision layer that weighs them is tested in ``test_decisions.py``.
"""
from __future__ import annotations

import pytest

from sukien import extract


def _events(text: str, published: str = "2026-05-14"):
    result = extract(text, published=published, rules_only=True).to_dict()
    names = {e["id"]: e["name_vi"] for e in result["entities"]}
    return [{**e, "from": [names[i] for i in e["source"]], "to": [names[i] for i in e["target"]]}
            for e in result["events"]]


@pytest.mark.parametrize("text, cameo, source, target", [
    # active: the subject acts on the object after "với"
    ("Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào Sonexay Siphandone.", "046", "Lê Văn An", "Sonexay Siphandone"),
    # host: "tiếp" — the host is the source (CAMEO 043)
    ("Chủ tịch nước Đào Minh Khang tiếp Đại sứ Nhật Bản Ito Naoki.", "043", "Đào Minh Khang", "Ito Naoki"),
    # passive: "được X tiếp" — X hosts
    ("Đại sứ Nhật Bản Ito Naoki đã được Chủ tịch nước Đào Minh Khang tiếp.", "043", "Đào Minh Khang", "Ito Naoki"),
    # coordinated subjects: one side each
    ("Bộ trưởng Lê Minh Hòa và Ngoại trưởng Lào Khamphone Sisavath đã ký kết biên bản.", "057",
     "Lê Minh Hòa", "Khamphone Sisavath"),
    # a capital stands for its government
    ("Bắc Kinh phản đối việc Mỹ bán vũ khí cho khu vực.", "111", "Trung Quốc", "Hoa Kỳ"),
    # a time clause that names its own subject: the act is theirs, not the main clause's
    ("Triều Tiên lên tiếng phản đối sau khi Hàn Quốc và Nhật Bản nhất trí mở rộng hợp tác quốc phòng.",
     "030", "Hàn Quốc", "Nhật Bản"),
    ("Úc bày tỏ quan ngại khi Ngoại trưởng Trung Quốc Vương Nghị ký thỏa thuận an ninh với Quần đảo Solomon.",
     "057", "Vương Nghị", "Quần đảo Solomon"),
    # a time clause with no subject of its own acts through the main clause's
    ("Thủ tướng Lê Văn An, sau khi hội đàm với Thủ tướng Lào Sonexay Siphandone, đã chứng kiến lễ ký.",
     "046", "Lê Văn An", "Sonexay Siphandone"),
    # "đã có cuộc …": the act named with its classifier is still the adjacent subject's, whatever opens the
    # sentence (here a photo credit of two agencies run into it, and a purpose phrase)
    ("Ảnh: AFP/TTXVN Để chuẩn bị cho hội nghị, Bộ trưởng Lê Minh Hòa đã có cuộc thảo luận với Bộ trưởng Ngoại "
     "giao Lào Khamphone Sisavath.", "046", "Lê Minh Hòa", "Khamphone Sisavath"),
])
def test_roles(text, cameo, source, target):
    events = [e for e in _events(text) if e["cameo"] == cameo]
    assert events, text
    assert source in events[0]["from"] and target in events[0]["to"]


def test_what_is_talked_about_is_no_party_to_the_talks():
    events = _events("Thủ tướng Lê Văn An sẽ gặp Thủ tướng Lào Sonexay Siphandone tại Viêng Chăn để thảo luận "
                     "về tình hình Myanmar.")
    assert events and not [e for e in events if "Myanmar" in e["from"] + e["to"]]
    [talks] = [e for e in _events("Thủ tướng Lê Văn An thảo luận về tình hình Myanmar với Thủ tướng Lào "
                                  "Sonexay Siphandone.") if e["cameo"] == "046"]
    assert (talks["from"], talks["to"]) == (["Lê Văn An"], ["Sonexay Siphandone"])


def test_the_reporter_is_attribution_not_an_actor():
    [event] = _events("Hãng thông tấn TASS đưa tin Bộ Ngoại giao Nga lên án Liên minh châu Âu.")
    assert event["reported_by"] == "org:tass"
    assert "TASS" not in " ".join(event["from"])


@pytest.mark.parametrize("text, cameo, modality, negated", [
    ("Thủ tướng Lê Văn An sẽ thăm chính thức Nhật Bản.", "042", "planned", False),
    ("Bộ trưởng Lê Minh Hòa dự kiến hội kiến Thủ tướng Lào Sonexay Siphandone.", "040", "planned", False),
    ("Việt Nam và Lào chưa ký hiệp định thương mại.", "057", "negated", True),
])
def test_modality(text, cameo, modality, negated):
    [event] = [e for e in _events(text) if e["cameo"] == cameo]
    assert (event["modality"], event["negated"]) == (modality, negated)


@pytest.mark.parametrize("text, published, start, end", [
    ("Sáng nay, Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào Sonexay Siphandone.", "2026-05-14",
     "2026-05-14", "2026-05-14"),
    ("Hôm qua, Thủ tướng Lê Văn An điện đàm với Thủ tướng Lào Sonexay Siphandone.", "2026-05-14",
     "2026-05-13", "2026-05-13"),
    ("Thủ tướng Lê Văn An thăm chính thức Lào từ ngày 12-14/5.", "2026-05-14", "2026-05-12", "2026-05-14"),
    ("Thủ tướng Lê Văn An thăm chính thức Lào năm 2019.", "2026-05-14", "2019-01-01", "2019-12-31"),
])
def test_dates(text, published, start, end):
    [event] = _events(text, published)
    assert (event["date"]["start"], event["date"]["end"]) == (start, end)


@pytest.mark.parametrize("text, country, name_vi", [
    ("Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào Sonexay Siphandone tại Viêng Chăn.", "LAO", "Viêng Chăn"),
    ("Thủ tướng Lê Văn An thăm chính thức Nhật Bản.", "JPN", "Nhật Bản"),
])
def test_places(text, country, name_vi):
    event = _events(text)[0]
    assert (event["location"]["country"], event["location"]["name_vi"]) == (country, name_vi)


@pytest.mark.parametrize("text", [
    "Nhân dịp kỷ niệm 30 năm thiết lập quan hệ ngoại giao, hai nước tổ chức triển lãm.",
    "Việt Nam luôn ủng hộ Lào trong sự nghiệp xây dựng đất nước.",
    "Bộ trưởng Lê Minh Hòa đánh giá cao các chuyến thăm lẫn nhau giữa lãnh đạo hai nước.",
    "Cũng tại họp báo, bà Vũ Thanh Hương lên án vụ tấn công nhằm vào đoàn xe cứu trợ.",
])
def test_no_false_event(text):
    assert not [e for e in _events(text) if e["cameo"][:2] in ("04", "05", "18", "19")]


def test_an_office_named_with_its_country_is_resolved_or_stands_for_the_country():
    [event] = _events("Chủ tịch nước Đào Minh Khang gửi điện chia buồn tới Thủ tướng Lào.", "2026-05-14")
    assert event["cameo"] == "018" and event["from"] == ["Đào Minh Khang"]
    assert event["to"] in (["Lào"], ["Sonexay Siphandone"])


def test_a_show_of_force_needs_no_target():
    [event] = _events("Triều Tiên phóng tên lửa đạn đạo ra vùng biển phía Đông.")
    assert event["cameo"].startswith("15") and event["from"] == ["Triều Tiên"]


def test_coordinated_names_are_one_subject_and_what_they_agree_is_no_meeting():
    events = _events("Hàn Quốc và Nhật Bản nhất trí khôi phục đối thoại an ninh.")
    assert [e["cameo"] for e in events] == ["030"]


def test_a_sanction_announced_for_later_is_a_threat():
    [event] = _events("Mỹ cảnh báo sẽ trừng phạt Iran nếu nước này tiếp tục làm giàu urani.")
    assert event["cameo"].startswith("13") and event["modality"] == "asserted"


def test_the_office_that_ends_a_trigger_is_its_object():
    [event] = _events("Bộ Ngoại giao Philippines triệu tập đại sứ Trung Quốc để phản đối vụ va chạm.")
    assert event["cameo"] == "114" and event["to"] == ["Trung Quốc"]


def test_force_used_on_a_place_is_used_on_its_country():
    [event] = _events("Israel không kích Dải Gaza khiến nhiều người thiệt mạng.")
    assert event["cameo"].startswith("19") and event["target"] == ["country:PSE"]


def test_a_visit_taken_for_granted_by_what_is_said_is_a_visit():
    events = _events("Thủ tướng Lê Văn An bày tỏ vui mừng khi trở lại thăm Nhật Bản.")
    assert [(e["cameo"], e["location"]["country"]) for e in events if e["cameo"] == "042"] == [("042", "JPN")]


def test_a_visit_named_by_its_owner_inside_what_is_announced():
    events = _events("Hai nhà lãnh đạo thông qua tuyên bố chung về kết quả chuyến thăm chính thức Pháp "
                     "của Thủ tướng Lê Văn An.")
    [visit] = [e for e in events if e["cameo"] == "042"]
    assert visit["from"] == ["Lê Văn An"] and visit["location"]["country"] == "FRA"


def test_the_escorted_leader_makes_the_visit():
    events = _events("Theo các quan chức trong đoàn tháp tùng Thủ tướng Lê Văn An trong chuyến thăm kéo dài "
                     "3 ngày (10-12/5) tới Nhật Bản, phía chủ nhà đã chuẩn bị chu đáo.")
    [visit] = [e for e in events if e["cameo"] == "042"]
    assert visit["from"] == ["Lê Văn An"] and visit["date"]["start"] == "2026-05-10"


@pytest.mark.parametrize("text", [
    "Pháp là một trong những nước thiết lập quan hệ ngoại giao sớm nhất với Việt Nam.",
    "Quốc hội Ấn Độ sẽ xem xét điều khoản này bởi nó được ký kết từ thời Liên Xô.",
])
def test_a_characterization_or_a_clause_of_cause_is_no_event(text):
    assert not [e for e in _events(text) if e["cameo"][:2] in ("05", "03")]


def test_a_negation_covers_every_alternative():
    events = _events("Lãnh đạo Việt Nam và Lào nhất trí giải quyết tranh chấp bằng biện pháp hòa bình, "
                     "không sử dụng vũ lực hay đe dọa sử dụng vũ lực.")
    assert [e["cameo"][:2] for e in events] == ["01"] or all(e["cameo"][:2] != "13" for e in events)
    assert not [e for e in events if e["cameo"].startswith("13") and not e["negated"]]


def test_a_done_deed_takes_no_date_after_publication():
    [event] = [e for e in _events("Ngày 2/5, Việt Nam và Lào đã ký kết hiệp định thương mại có hiệu lực đến năm 2030.")
               if e["cameo"] == "057"]
    assert event["date"]["start"] == "2026-05-02"


@pytest.mark.parametrize("text, code", [
    ("Ngày 2/5, Thủ tướng Lê Văn An khẳng định Việt Nam sẽ tiếp tục hợp tác với Lào "
     "trong năm 2028.", "030"),
    ("Ngày 2/5, Thủ tướng Lê Văn An mời Thủ tướng Lào Sonexay Siphandone thăm Việt Nam vào tháng 11 năm nay.",
     "036"),
])
def test_a_pledge_or_an_invitation_is_dated_when_made_not_by_the_date_it_names(text, code):
    [event] = [e for e in _events(text) if e["cameo"] == code]
    assert event["date"]["start"] == "2026-05-02"


def test_an_intended_visit_is_a_planned_visit_whatever_word_says_it():
    [event] = _events("Thủ tướng Lê Văn An sẽ thăm Nhật Bản từ ngày 20-22/9.")
    assert (event["cameo"], event["modality"], event["date"]["start"]) == ("042", "planned", "2026-09-20")
    assert event["summary"].startswith("Lê Văn An (Vietnam) plans to visit Japan")


def test_a_wish_to_sign_is_an_intent_not_a_signature():
    events = _events("Phía Lào bày tỏ mong muốn ký kết hiệp định hợp tác toàn diện với Việt Nam.")
    assert not [e for e in events if e["cameo"] == "057"]


def test_two_nameless_offices_joined_by_and_are_two_people():
    events = _events("Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào Sonexay Siphandone. Sau hội đàm, "
                     "Thủ tướng và Thủ tướng Lào chứng kiến lễ ký kết nhiều văn kiện hợp tác.")
    [signing] = [e for e in events if e["cameo"] == "057"]
    assert sorted(signing["from"] + signing["to"]) == ["Lê Văn An", "Sonexay Siphandone"]


def test_what_is_done_on_an_occasion_is_done_where_it_is():
    events = _events("Trong chuyến công du Lào của Thủ tướng Lê Văn An hồi tháng 3, Việt Nam và Lào đã ký kết "
                     "hiệp định thương mại.")
    [signing] = [e for e in events if e["cameo"] == "057"]
    assert signing["location"]["country"] == "LAO"


def test_a_headline_of_countries_gives_way_to_the_leaders_of_the_lead():
    text = ("Việt Nam hội đàm với Lào\n"
            "Sáng 12/5, Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào Sonexay Siphandone tại Hà Nội.")
    [talks] = [e for e in _events(text) if e["cameo"] == "046"]
    assert sorted(talks["from"] + talks["to"]) == ["Lê Văn An", "Sonexay Siphandone"]


def test_a_pledge_names_its_partner_from_the_pair_it_speaks_of():
    events = _events("Thủ tướng Lào Sonexay Siphandone hội đàm với Thủ tướng Lê Văn An. Ông cam kết sẽ nỗ lực "
                     "tăng cường hợp tác giữa hai nước.")
    [pledge] = [e for e in events if e["cameo"].startswith("03")]
    assert pledge["from"] == ["Sonexay Siphandone"] and pledge["to"] == ["Việt Nam"]


@pytest.mark.parametrize("text", [
    "Nhận lời mời của Thủ tướng Lê Văn An, Thủ tướng Lào Sonexay Siphandone thăm chính thức Việt Nam.",
    "Thủ tướng Lào Sonexay Siphandone thăm chính thức Việt Nam theo lời mời của Thủ tướng Lê Văn An.",
])
def test_the_inviter_invites_whoever_the_sentence_opens_with(text):
    events = _events(text)
    [invitation] = [e for e in events if e["cameo"] == "036"]
    assert (invitation["from"], invitation["to"]) == (["Lê Văn An"], ["Sonexay Siphandone"])
    assert invitation["modality"] == "asserted" and invitation["date"] is None
    assert invitation["summary"] == "Lê Văn An (Vietnam) invited Sonexay Siphandone (Laos)"
    assert [e["cameo"] for e in events if e["cameo"] == "042"] == ["042"]  # the visit stays


def test_an_invitation_named_in_headline_and_lead_is_one_event():
    text = ("NATO mời Thụy Điển gia nhập\n"
            "Ngày 12/5, NATO đã chính thức mời Thụy Điển gia nhập liên minh.")
    assert len([e for e in _events(text) if e["cameo"] == "030"]) == 1


def test_talks_named_as_the_purpose_of_a_journey_are_not_a_second_event():
    events = _events("Thủ tướng Lê Văn An rời Lào đến Campuchia hôm nay để thảo luận với Phnom Penh về thương mại.")
    assert [e["cameo"] for e in events] == ["042"]


def test_what_follows_trong_do_is_the_content_of_the_talks():
    events = _events("Tại hội đàm, hai bên đã thảo luận về hợp tác giữa hai nước Việt Nam và Lào, trong đó nhấn mạnh "
                     "cần nâng cao kim ngạch thương mại.")
    assert not [e for e in events if e["cameo"].startswith("01")]


def test_a_commitment_named_as_a_thing_is_not_made_in_the_sentence():
    events = _events("Đây là minh chứng cho cam kết của Bolivia đối với khu vực.")
    assert not events


def test_a_request_to_both_countries_is_addressed_to_the_partner():
    events = _events("Thủ tướng Lào Sonexay Siphandone hội đàm với Thủ tướng Lê Văn An. Thủ tướng Sonexay Siphandone "
                     "đề nghị Chính phủ hai nước chỉ đạo các bộ ngành triển khai hiệu quả hiệp định.")
    [request] = [e for e in events if e["cameo"].startswith("02")]
    assert request["from"] == ["Sonexay Siphandone"] and request["to"] == ["Việt Nam"]


def test_a_visit_in_the_opening_phrase_is_made_by_the_subject_after_it():
    events = _events("Trong thời gian ở thăm Lào, Thủ tướng Lê Văn An đã đến thăm một trường học tại Vientiane.")
    visits = [e for e in events if e["cameo"] == "042"]
    assert visits and all(e["from"] == ["Lê Văn An"] for e in visits)
    assert visits[0]["location"]["country"] == "LAO"


def test_a_relative_clause_in_brackets_is_about_the_person_before_it():
    events = _events("Thủ tướng Lê Văn An tặng khách bức ảnh chụp ông Trần Văn Bình (người đã tới thăm Lào năm 1962).")
    [visit] = [e for e in events if e["cameo"] == "042"]
    assert visit["from"] == ["Trần Văn Bình"] and visit["date"]["start"] == "1962-01-01"


def test_a_dash_between_two_countries_pairs_them_and_ends_no_clause():
    events = _events("Thủ tướng Lê Văn An đón Thủ tướng Lào Sonexay Siphandone tại sân bay. "
                     "Hai nhà lãnh đạo Việt Nam - Lào hội đàm tại Hà Nội ngày 12/5.")
    [talks] = [e for e in events if e["cameo"].startswith("04") and e["cameo"] != "043"]
    assert sorted(talks["from"] + talks["to"]) == ["Lê Văn An", "Sonexay Siphandone"]


@pytest.mark.parametrize("text, countries", [
    ("Chủ tịch nước Lương Cường đã thăm Lào và Campuchia.", ["LAO", "KHM"]),
    ("Thủ tướng Lê Văn An sẽ thăm Nhật Bản, Hàn Quốc và Mông Cổ từ ngày 20-25/9.", ["JPN", "KOR", "MNG"]),
    # the country after "và" starts a clause of its own: no second destination
    ("Tổng thống Mỹ thăm Việt Nam và Trung Quốc đã phản đối chuyến đi.", ["VNM"]),
])
def test_a_journey_is_one_visit_per_country(text, countries):
    visits = [e for e in _events(text, published="2024-09-03") if e["cameo"] == "042"]
    assert [v["location"]["country"] for v in visits] == countries


@pytest.mark.parametrize("journey", [
    "Chuyến công du Nhật Bản và Hàn Quốc lần này là chuyến đi đầu tiên của ông trên cương vị mới.",
    "Chuyến công du Nhật Bản và Hàn Quốc của ông diễn ra trong bối cảnh khu vực nhiều biến động.",
])
def test_a_journey_named_after_its_first_visit_adds_a_visit_to_each_further_country(journey):
    events = _events("Ngày 3/9, Thủ tướng Lê Văn An đến Tokyo, bắt đầu chuyến thăm chính thức Nhật Bản. " + journey,
                     published="2026-09-04")
    visits = [e for e in events if e["cameo"] == "042"]
    assert [(v["from"], v["location"]["country"]) for v in visits] == [(["Lê Văn An"], "JPN"), (["Lê Văn An"], "KOR")]
    # the first country's day is not the second's: nothing in the journey's sentence dates it
    assert visits[0]["date"]["start"] == "2026-09-03" and visits[1]["date"] is None


def test_a_visit_named_in_passing_elsewhere_is_no_further_leg():
    events = _events("Ngày 3/9, Thủ tướng Lê Văn An đến Tokyo, bắt đầu chuyến thăm chính thức Nhật Bản. "
                     "Chuyến thăm Nhật Bản diễn ra sau chuyến thăm Hàn Quốc hồi tháng 5.", published="2026-09-04")
    assert [v["location"]["country"] for v in events if v["cameo"] == "042"] == ["JPN"]


@pytest.mark.parametrize("text", [
    "Hai bên nhất trí triển khai hiệu quả hiệp định thương mại mà hai bên đã ký kết vào tháng 1/2026.",
    "Hai bên nhất trí triển khai hiệu quả hiệp định thương mại mà hai bên đã ký kết tháng 1 năm nay.",
])
def test_a_signature_in_a_relative_clause_is_its_own_event_with_its_own_date(text):
    events = _events("Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào Sonexay Siphandone. " + text)
    codes = {e["cameo"][:2]: e for e in events}
    assert "03" in codes and codes["05"]["cameo"] == "057"
    assert codes["05"]["date"]["start"] == "2026-01-01"


def test_what_is_signed_at_the_end_of_talks_is_signed_where_they_were_held():
    events = _events("Sáng 12/5, tại Phủ Chủ tịch, Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào Sonexay Siphandone. "
                     "Kết thúc hội đàm, hai Thủ tướng chứng kiến lễ ký kết các văn kiện hợp tác.")
    [signing] = [e for e in events if e["cameo"] == "057"]
    assert signing["location"]["name_vi"] == "Phủ Chủ tịch"


@pytest.mark.parametrize("text, cameo, source, target", [
    ("Phát biểu tại buổi lễ ở Brussels (Bỉ), Thủ tướng Lào, ông Sonexay Siphandone cảm ơn Nhật Bản.",
     "051", "Sonexay Siphandone", "Nhật Bản"),
    ("Hội đàm với Thủ tướng Lào Sonexay Siphandone tại Hà Nội, Thủ tướng Lê Văn An nhấn mạnh quan hệ đặc biệt.",
     "046", "Lê Văn An", "Sonexay Siphandone"),
])
def test_an_opening_phrase_acts_through_the_subject_of_the_main_clause(text, cameo, source, target):
    [event] = [e for e in _events(text) if e["cameo"] == cameo]
    assert (event["from"], event["to"]) == ([source], [target])


def test_failed_talks_were_held_and_a_delayed_issue_negates_no_meeting():
    events = _events("Thủ tướng Lào Sonexay Siphandone đã thất bại trong đàm phán về vấn đề bị trì hoãn quá lâu "
                     "trong cuộc gặp với Thủ tướng Lê Văn An.")
    meetings = [e for e in events if e["cameo"].startswith("04")]
    assert meetings and not any(e["negated"] for e in meetings)


def test_a_plan_only_unnamed_sources_speak_of_is_no_event():
    text = "Theo nhiều nguồn tin, Thủ tướng Lê Văn An sẽ hội đàm với Thủ tướng Lào Sonexay Siphandone vào tuần tới."
    assert not _events(text)
    named = "Theo Bộ Ngoại giao, Thủ tướng Lê Văn An sẽ hội đàm với Thủ tướng Lào Sonexay Siphandone vào tuần tới."
    assert [e["modality"] for e in _events(named)] == ["planned"]


def test_the_comma_after_a_verb_of_saying_opens_what_is_said():
    [statement] = _events("Thủ tướng Lào Sonexay Siphandone nhấn mạnh, hợp tác với Việt Nam là ưu tiên hàng đầu.")
    assert (statement["from"], statement["to"]) == (["Sonexay Siphandone"], ["Việt Nam"])


@pytest.mark.parametrize("text, cameo, source", [
    ("Ông Peskov cho biết Tổng thống Putin đã điện đàm với Thủ tướng Ấn Độ Narendra Modi.", "041", "Vladimir Putin"),
    ("Bộ Ngoại giao Nga cho biết Ngoại trưởng Sergei Lavrov sẽ thăm Việt Nam vào tuần tới.", "042", "Sergey Lavrov"),
])
def test_who_reports_an_act_does_not_take_it_over(text, cameo, source):
    events = _events(text, published="2024-09-03")
    assert [(e["cameo"], e["from"]) for e in events] == [(cameo, [source])]


def test_a_visit_dated_after_the_report_is_planned():
    [visit] = _events("Thủ tướng Lào Sonexay Siphandone thăm Việt Nam vào tuần tới.", published="2024-09-03")
    assert (visit["cameo"], visit["modality"], visit["date"]["start"]) == ("042", "planned", "2024-09-09")
    [done] = _events("Thủ tướng Lào Sonexay Siphandone thăm Việt Nam vào tuần trước.", published="2024-09-03")
    assert (done["cameo"], done["modality"]) == ("042", "asserted")


def test_a_speaker_commits_the_own_country_named_right_before_the_intent():
    events = _events("Đại sứ Lào Khamphao Ernthavanh cho biết nước này sẵn sàng hỗ trợ các nước láng giềng.")
    [pledge] = [e for e in events if e["cameo"].startswith("03")]
    assert (pledge["from"], pledge["to"]) == (["Khamphao Ernthavanh"], ["Lào"])


@pytest.mark.parametrize("text, cameo, source, target", [
    # a refusal that names what is refused is an event with its actor alone
    ("Nga từ chối tuân thủ yêu cầu này.", "120", ["Nga"], []),
    ("Chính phủ Campuchia từ chối chấp nhận kết quả điều tra.", "120", ["Chính phủ Campuchia"], []),
    ("Ukraine từ chối chấp nhận các điều kiện mà phía Nga đưa ra.", "120", ["Ukraina"], ["Nga"]),
    # a demand made as a noun ("đưa ra những yêu cầu … đối với X") is addressed through "đối với"
    ("Ấn Độ đưa ra những yêu cầu khắt khe đối với Nga trong việc xây dựng nhà máy.", "100", ["Ấn Độ"], ["Nga"]),
])
def test_refusals_and_demands_made_with_a_light_verb(text, cameo, source, target):
    [event] = _events(text)
    assert (event["cameo"], event["from"], event["to"]) == (cameo, source, target)


@pytest.mark.parametrize("text", [
    "Nga từ chối.",  # nothing said of what is refused
    "Nhà Trắng từ chối xác nhận thông tin này.",  # declining to confirm is no rejection of anyone
])
def test_a_bare_refusal_without_a_second_party_is_no_event(text):
    assert _events(text) == []


def test_a_meeting_of_the_two_who_held_talks_that_day_is_the_talks():
    events = _events("Sáng 12/5, Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào Sonexay Siphandone. Cuộc gặp giữa "
                     "Thủ tướng Lê Văn An và Thủ tướng Sonexay Siphandone diễn ra trong không khí hữu nghị.")
    [talks] = events
    assert talks["cameo"] == "046" and len(talks["evidence"]) == 2


def test_a_reception_followed_by_talks_stays_two_events():
    events = _events("Sáng 12/5, Thủ tướng Lê Văn An tiếp Thủ tướng Lào Sonexay Siphandone. "
                     "Sau đó, Thủ tướng Lê Văn An hội đàm với Thủ tướng Sonexay Siphandone.")
    assert [e["cameo"] for e in events] == ["043", "046"]


def test_an_anniversary_dated_in_brackets_names_the_founding_as_a_past_event():
    events = _events("Nhân dịp kỷ niệm 50 năm thiết lập quan hệ ngoại giao Việt Nam - Nhật Bản (21/9/1973 - 21/9/2023), "
                     "ngày 20/9/2023, Chủ tịch nước Đào Minh Khang gửi điện mừng tới Nhật hoàng.", published="2023-09-21")
    [founding] = [e for e in events if e["cameo"] == "054"]
    assert (founding["from"], founding["to"]) == (["Việt Nam"], ["Nhật Bản"])
    assert founding["date"]["start"] == "1973-09-21" and founding["date"]["relation"] == "historical"


@pytest.mark.parametrize("text", [
    "Chuyến thăm diễn ra vào dịp kỷ niệm 30 năm thiết lập quan hệ ngoại giao Việt Nam - Hàn Quốc.",
    "Hai nước kỷ niệm 30 năm thiết lập quan hệ ngoại giao (1992 - 2022) bằng nhiều hoạt động.",
])
def test_an_anniversary_without_the_founding_day_is_background(text):
    assert not [e for e in _events(text) if e["cameo"] == "054"]


def test_a_disposition_promised_for_the_future_is_a_pledge():
    [pledge] = _events("Tổng thống Cuba khẳng định Cuba sẽ luôn sát cánh cùng Việt Nam.")
    assert pledge["cameo"] == "032" and pledge["to"] == ["Việt Nam"]
    assert _events("Cuba luôn sát cánh cùng Việt Nam.") == []  # a standing disposition: no event


def test_countries_listed_as_members_of_a_party_are_not_the_party():
    text = "Ấn Độ bày tỏ mong muốn ký kết hiệp định thương mại tự do với Liên minh thuế quan bao gồm Nga, Belarus."
    assert _events(text) == []
    [wish] = _events("Ấn Độ mong muốn ký kết hiệp định thương mại tự do với Nga.")
    assert (wish["cameo"], wish["to"]) == ("030", ["Nga"])


@pytest.mark.parametrize("text, cameo, source, target", [
    ("Bộ trưởng Quốc phòng Phan Văn Giang và người đồng cấp Ấn Độ Rajnath Singh đã ký Bản ghi nhớ về hậu cần.",
     "057", ["Phan Văn Giang"], ["Rajnath Singh"]),
    ("Ngoại trưởng Vương Nghị điện đàm với người đồng cấp Nga Sergei Lavrov.", "041", ["Vương Nghị"], ["Sergey Lavrov"]),
    # with no name, the counterpart's country stands for them
    ("Bộ trưởng Ngoại giao Bùi Thanh Sơn và người đồng cấp Trung Quốc đã hội đàm tại Bắc Kinh.",
     "046", ["Bùi Thanh Sơn"], ["Trung Quốc"]),
    ("Ngoại trưởng Lê Văn An đã gặp người đồng cấp Oman Salim al-Harthy tại Muscat.", "040", ["Lê Văn An"],
     ["Salim al-Harthy"]),
    # a name the knowledge base lacks, whole with its particles, after the counterpart's country
    ("Ngoại trưởng Lê Văn An hội đàm với người đồng cấp Oman Salim bin Rashid Al Harthy.", "046", ["Lê Văn An"],
     ["Salim bin Rashid Al Harthy"]),
])
def test_a_counterpart_is_the_second_party(text, cameo, source, target):
    [event] = _events(text)
    assert (event["cameo"], event["from"], event["to"]) == (cameo, source, target)


def test_a_counterpart_is_no_office():
    result = extract("Ngoại trưởng Lê Văn An hội đàm với người đồng cấp Oman Salim bin Rashid Al Harthy.",
                     published="2026-05-14", rules_only=True).to_dict()
    [counterpart] = [e for e in result["entities"] if e["name"].startswith("Salim")]
    assert counterpart["mentions"][0]["text"] == "Salim bin Rashid Al Harthy" and counterpart["roles"] == []


@pytest.mark.parametrize("text, target", [
    # the state's own words ("nước Cộng hòa") inside the addressee's titles; a name the knowledge base lacks
    ("Bộ trưởng Ngoại giao Lê Văn An gửi điện chúc mừng tới Bộ trưởng Ngoại giao nước Cộng hòa Chile "
     "Ramón Valdivia.", ["Ramón Valdivia"]),
    ("Bộ trưởng Ngoại giao Lê Văn An gửi điện chúc mừng tới Bộ trưởng Ngoại giao Chile Ramón Valdivia.",
     ["Ramón Valdivia"]),
])
def test_a_country_inside_the_addressees_titles_is_not_the_addressee(text, target):
    [event] = _events(text)
    assert event["to"] == target


@pytest.mark.parametrize("text", [
    "Chiều 5/3, Thủ tướng Lê Văn An đã tiếp Bộ trưởng Ngoại giao Australia Penny Wong đang có chuyến thăm Việt Nam.",
    "Chiều 5/3, Thủ tướng Lê Văn An đã tiếp Bộ trưởng Ngoại giao Australia Penny Wong nhân dịp bà thăm Việt Nam.",
])
def test_the_one_received_is_the_one_visiting(text):
    events = _events(text)
    [visit] = [e for e in events if e["cameo"] == "042"]
    assert visit["from"] == ["Penny Wong"] and visit["location"]["country"] == "VNM"


def test_the_one_met_during_a_visit_is_not_the_visitor():
    events = _events("Chủ tịch Quốc hội Trần Văn Bình đã hội kiến Tổng thống Indonesia Joko Widodo "
                     "trong chuyến thăm chính thức Indonesia.")
    [visit] = [e for e in events if e["cameo"] == "042"]
    assert visit["from"] == ["Trần Văn Bình"]


def test_an_opening_speech_is_what_its_speaker_says():
    [event] = _events("Phát biểu tại buổi họp báo, ông Lâm Kiếm cho biết Trung Quốc sẵn sàng cùng Việt Nam "
                      "thúc đẩy quan hệ song phương.")
    assert (event["cameo"], event["from"], event["to"]) == ("030", ["Lâm Kiếm"], ["Việt Nam"])


def test_two_acts_of_one_speaker_to_two_addressees_stay_two():
    events = _events("Tại cuộc hội đàm, Chủ tịch Kim Jong Un gửi lời chào nồng nhiệt đến Tổng thống Nga Vladimir Putin "
                     "và nhiệt liệt chào mừng ông Medvedev.", published="2025-10-10")
    assert [(e["cameo"], e["to"]) for e in events] == [("010", ["Vladimir Putin"]), ("051", ["Dmitry Medvedev"])]


@pytest.mark.parametrize("text", [
    "Bộ Ngoại giao Iran lên án vụ tấn công vào lãnh sự quán của nước này tại Damascus.",
    "Phía Lào cam kết tiếp tục tạo điều kiện thuận lợi để các doanh nghiệp Việt Nam đầu tư tại Lào.",
])
def test_an_actors_own_country_is_no_second_party(text):
    assert all(e["from"] != e["to"] for e in _events(text))
    assert _events(text) == []


def test_a_speaker_still_pledges_their_own_country():
    [pledge] = _events("Chủ tịch nước Lương Cường khẳng định Việt Nam sẵn sàng hợp tác.")
    assert (pledge["cameo"], pledge["to"]) == ("030", ["Việt Nam"])


_AUDIENCE = ("Chiều 9/4, Bộ trưởng Catherine Ellery đã hội kiến Thủ tướng Đặng Hoài Nam. Tiếp bà Catherine Ellery, "
             "Thủ tướng đánh giá cao những đóng góp của cộng đồng người Việt tại Australia. ")


def test_a_bare_title_opening_the_main_clause_is_its_subject():
    # "hội kiến" and "tiếp" name one audience; the praise goes to a community "tại Australia", not to Australia
    [audience] = _events(_AUDIENCE, published="2026-04-10")
    assert (audience["cameo"], audience["from"], audience["to"]) == ("043", ["Đặng Hoài Nam"], ["Catherine Ellery"])
    assert len(audience["evidence"]) == 2


def test_two_hosts_receiving_one_guest_are_two_receptions():
    events = _events(_AUDIENCE + "Trước đó, chiều 8/4, Chủ tịch Quốc hội Hoàng Thị Thu Hà đã tiếp Bộ trưởng "
                     "Catherine Ellery tại Nhà Quốc hội.", published="2026-04-10")
    receptions = [(e["from"], e["date"]["start"]) for e in events if e["cameo"] == "043"]
    assert receptions == [(["Đặng Hoài Nam"], "2026-04-09"), (["Hoàng Thị Thu Hà"], "2026-04-08")]


@pytest.mark.parametrize("text, cameo, target", [
    ("Mỹ áp đặt lệnh trừng phạt mới đối với Nga liên quan đến cuộc xung đột tại Ukraine.", "163", ["Nga"]),
    ("Trung Quốc đã triệu tập Đại sứ Philippines để phản đối các hoạt động của nước này ở Biển Đông.", "114",
     ["Philippines"]),
])
def test_a_place_that_situates_a_thing_is_not_where_the_act_happened(text, cameo, target):
    [event] = _events(text)
    assert (event["cameo"], event["to"], event["location"]) == (cameo, target, None)


def test_countries_named_as_places_take_no_part():
    text = "Nga ủng hộ các phe phái trong các cuộc xung đột tại Syria, Yemen và Iraq."
    assert _events(text) == []


@pytest.mark.parametrize("text, cameo, source, target", [
    # force a speaker alleges is an accusation, not a deed
    ("Thủ tướng Campuchia Hun Manet cho rằng Thái Lan đã vi phạm thỏa thuận ngừng bắn.", "112", ["Hun Manet"],
     ["Thái Lan"]),
    ("Ông Hun Manet nói rằng Thái Lan đã pháo kích vào các làng biên giới của Campuchia.", "112", ["Hun Manet"],
     ["Thái Lan"]),
    ("Thái Lan pháo kích vào các làng biên giới của Campuchia.", "194", ["Thái Lan"], ["Campuchia"]),
    # force used on targets in a country is used on the country
    ("Israel đã không kích các mục tiêu ở Iran hôm 13/6.", "195", ["Israel"], ["Iran"]),
    ("Nga và Ukraine đã tiến hành trao đổi tù binh quy mô lớn vào ngày 24/8.", "0841", ["Nga"], ["Ukraina"]),
    # coordinated countries are all addressed
    ("Tổng thống Mỹ Donald Trump tuyên bố áp thuế 25% đối với hàng hóa nhập khẩu từ Nhật Bản và Hàn Quốc.", "163",
     ["Donald Trump"], ["Nhật Bản", "Hàn Quốc"]),
])
def test_force_sanctions_and_allegations(text, cameo, source, target):
    [event] = _events(text, published="2025-09-20")
    assert (event["cameo"], event["from"], event["to"]) == (cameo, source, target)


@pytest.mark.parametrize("label, done", [
    ("hold talks", "held talks"), ("lay a wreath", "laid a wreath"), ("withdraw troops", "withdrew troops"),
    ("ban imports", "banned imports"), ("visit", "visited"), ("deny accusations", "denied accusations"),
])
def test_summaries_put_the_lexicons_verbs_in_the_past(label, done):
    from sukien.events.summary import past
    assert past(label) == done


def test_a_wreath_laid_reads_in_the_summary():
    [wreath] = _events("Ngày 11/3, Thủ tướng Singapore Lawrence Wong đã đặt vòng hoa và vào Lăng viếng Chủ tịch Hồ Chí Minh.",
                       published="2025-03-12")
    assert wreath["summary"].startswith("Lawrence Wong (Singapore) laid a wreath")


def test_an_opening_date_is_the_main_clauses_and_a_late_one_the_visits():
    events = _events("Chiều 12/3, tại Trụ sở Chính phủ, Thủ tướng Lê Văn An đã chủ trì lễ đón chính thức và hội đàm với "
                     "Thủ tướng Singapore Lawrence Wong nhân dịp ông thăm chính thức Việt Nam từ ngày 11 đến 13/3.",
                     published="2025-03-12")
    days = {e["cameo"]: (e["date"]["start"], e["date"]["end"]) for e in events}
    assert days == {"043": ("2025-03-12", "2025-03-12"), "046": ("2025-03-12", "2025-03-12"),
                    "042": ("2025-03-11", "2025-03-13")}


def test_a_second_host_does_not_borrow_the_first_hosts_venue():
    events = _events("Chiều 12/3, tại Trụ sở Chính phủ, Thủ tướng Lê Văn An đã hội đàm với Thủ tướng Singapore "
                     "Lawrence Wong nhân dịp ông thăm chính thức Việt Nam. Cùng ngày, Tổng Bí thư Tô Lâm đã tiếp "
                     "Thủ tướng Lawrence Wong.", published="2025-03-12")
    [reception] = [e for e in events if e["cameo"] == "043"]
    assert reception["location"]["country"] == "VNM" and reception["location"]["kind"] != "building"


def test_nobody_visits_their_own_country():
    events = _events("Thủ tướng Lê Văn An đã hội đàm với Thủ tướng Singapore Lawrence Wong nhân dịp ông thăm chính thức "
                     "Việt Nam.", published="2025-03-12")
    [visit] = [e for e in events if e["cameo"] == "042"]
    assert visit["from"] == ["Lawrence Wong"]


def test_who_will_attend_is_named_right_before_tham_du():
    [summit] = _events("Cũng tại họp báo, bà Hằng cho biết Thủ tướng Phạm Minh Chính sẽ tham dự Hội nghị thượng đỉnh G20 "
                       "tại Rio de Janeiro, Brazil vào tháng 11.", published="2024-07-20")
    assert (summit["cameo"], summit["from"], summit["modality"]) == ("044", ["Phạm Minh Chính"], "planned")
    assert summit["summary"].startswith("Phạm Minh Chính (Vietnam) plans to attend a summit of Group of Twenty")


def test_the_sea_where_actions_happen_is_not_where_they_were_protested():
    [protest] = _events("Ngày 18/7, Bộ Ngoại giao Philippines lên tiếng phản đối các hành động của Trung Quốc ở Biển Đông.",
                        published="2024-07-20")
    assert protest["to"] == ["Trung Quốc"] and protest["location"] is None


def test_calling_a_partners_move_a_plot_is_an_accusation():
    [accusation] = _events("Người phát ngôn Bộ Ngoại giao Nga Maria Zakharova cho rằng việc mở rộng của NATO là một âm mưu "
                           "gây bất ổn.", published="2024-05-20")
    assert (accusation["cameo"], accusation["from"], accusation["to"]) == (
        "112", ["Maria Zakharova"], ["Tổ chức Hiệp ước Bắc Đại Tây Dương"])


@pytest.mark.parametrize("text, target", [
    ("Bộ Ngoại giao Trung Quốc cho rằng cáo buộc của phía Mỹ là vô căn cứ.", ["Hoa Kỳ"]),
    ("Chính phủ Qatar cho rằng yêu sách của Saudi Arabia là không thể chấp nhận.", ["Ả Rập Xê-út"]),
])
def test_calling_a_partners_claim_groundless_or_unacceptable_is_criticism(text, target):
    [criticism] = _events(text)
    assert (criticism["cameo"], criticism["to"]) == ("111", target)


# --- meetings and visits yet to come -------------------------------------------------------


def test_agreeing_to_meet_is_an_agreement_and_a_planned_meeting():
    events = _events("Ngày 3/5, Thủ tướng Lê Văn An và Thủ tướng Lào Sonexay Siphandone nhất trí sẽ gặp nhau "
                     "vào ngày 20/5 tại Hà Nội.")
    agreement = next(e for e in events if e["cameo"].startswith("03"))
    [meeting] = [e for e in events if e["cameo"].startswith("04")]
    assert (agreement["modality"], agreement["date"]["start"]) == ("asserted", "2026-05-03")
    assert (meeting["cameo"], meeting["modality"], meeting["date"]["start"]) == ("040", "planned", "2026-05-20")
    assert meeting["location"]["name"] == "Hanoi"
    assert sorted(meeting["from"] + meeting["to"]) == ["Lê Văn An", "Sonexay Siphandone"]


def test_a_planned_meeting_has_no_date_but_its_own():
    [meeting] = _events("Ngày 2/5, Thủ tướng Lê Văn An thăm Lào. Theo chương trình, Thủ tướng Lê Văn An sẽ hội kiến "
                        "Thủ tướng Lào Sonexay Siphandone.")[1:]
    assert (meeting["cameo"], meeting["modality"], meeting["date"]) == ("040", "planned", None)
    assert meeting["summary"] == "Lê Văn An (Vietnam) plans to call on Sonexay Siphandone (Laos)"


def test_an_invitation_to_visit_is_also_the_invited_ones_planned_visit():
    events = _events("Ngày 10/5, Chủ tịch nước Đào Minh Khang mời Tổng thống Indonesia Prabowo Subianto thăm chính "
                     "thức Việt Nam và dự Hội nghị cấp cao ASEAN tại Hà Nội.")
    [invitation] = [e for e in events if e["cameo"] == "036"]
    [visit] = [e for e in events if e["cameo"] == "042"]
    assert (invitation["from"], invitation["to"], invitation["date"]["start"]) == (
        ["Đào Minh Khang"], ["Prabowo Subianto"], "2026-05-10")
    assert invitation["summary"] == ("Đào Minh Khang (Vietnam) invited Prabowo Subianto (Indonesia) to visit, "
                                     "on 10 May 2026")
    assert (visit["from"], visit["modality"], visit["date"], visit["location"]["name"]) == (
        ["Prabowo Subianto"], "planned", None, "Vietnam")
    # what else the guest is invited to is part of the trip: the inviter attends nothing
    assert not [e for e in events if e["cameo"] == "044"]


def test_an_invited_visit_takes_a_date_stated_after_it():
    events = _events("Thủ tướng Lê Văn An mời Thủ tướng Lào Sonexay Siphandone thăm Việt Nam vào tháng 9/2026.")
    [visit] = [e for e in events if e["cameo"] == "042"]
    assert (visit["from"], visit["date"]["start"], visit["date"]["granularity"]) == (
        ["Sonexay Siphandone"], "2026-09-01", "month")


def test_a_bare_mention_of_the_visit_is_the_visit_reported_not_the_one_invited():
    events = _events("Chiều 12/5, Thủ tướng Lào Sonexay Siphandone hội đàm với Thủ tướng Lê Văn An. Thủ tướng Lê Văn "
                     "An mời Tổng thống Indonesia Prabowo Subianto thăm Việt Nam. Hai bên đánh giá chuyến thăm chính "
                     "thức Việt Nam của Thủ tướng Lào thành công tốt đẹp.")
    [planned] = [e for e in events if e["cameo"] == "042" and e["modality"] == "planned"]
    assert planned["from"] == ["Prabowo Subianto"] and len(planned["evidence"]) == 1


def test_meetings_on_a_journeys_occasion_are_at_its_destination():
    [meeting] = [e for e in _events("Ngày 3/5, Tổng thống Pháp Emmanuel Macron và Thủ tướng Lê Văn An nhất trí sẽ "
                                    "gặp mặt nhân dịp lãnh đạo các nước G20 đến Brasília (Brazil) họp.")
                 if e["cameo"] == "040"]
    assert meeting["location"]["country"] == "BRA"


def test_a_place_named_with_its_administrative_unit():
    [visit] = _events("Thủ tướng Lào Sonexay Siphandone đã thăm và làm việc tại tỉnh Lào Cai.")
    assert visit["location"]["name_vi"] == "Lào Cai"


def test_the_place_after_then_is_the_later_acts():
    events = _events("Ngày 3/5, Thủ tướng Lào Sonexay Siphandone hội kiến Chủ tịch nước Đào Minh Khang, sau đó thăm "
                     "tỉnh Tây Ninh.")
    [meeting] = [e for e in events if e["cameo"] == "040"]
    assert meeting["location"] is None


def test_visits_in_the_plural_are_no_event():
    events = _events("Hai Bộ trưởng nhất trí phối hợp chuẩn bị cho các chuyến thăm cấp cao giữa Việt Nam và Lào.")
    assert not [e for e in events if e["cameo"].startswith("04")]


def test_a_planned_visit_borrows_no_place_from_what_was_done():
    events = _events("Chiều 13/5, tại Phủ Chủ tịch, Chủ tịch nước Đào Minh Khang hội đàm với Tổng thống Indonesia "
                     "Prabowo Subianto. Ngày 14/5, Tổng thống Prabowo Subianto dự kiến thăm Khu công nghệ cao.",
                     published="2026-05-13")
    [planned] = [e for e in events if e["cameo"] == "042"]
    assert planned["modality"] == "planned" and planned["location"] is None


def test_an_opening_welcome_with_a_manner_adverb_is_the_main_subjects():
    events = _events("Nhiệt liệt chào mừng Thủ tướng Lào Sonexay Siphandone sang thăm chính thức Việt Nam, Thủ tướng "
                     "Lê Văn An khẳng định chuyến thăm có ý nghĩa quan trọng.")
    [welcome] = [e for e in events if e["cameo"] == "051"]
    assert (welcome["from"], welcome["to"]) == (["Lê Văn An"], ["Sonexay Siphandone"])


def test_a_condition_makes_the_main_clause_hypothetical_not_negated():
    events = _events("Nếu hai bên không đạt được thỏa thuận, Tổng thống Mỹ Donald Trump sẽ không gặp Chủ tịch Trung Quốc "
                     "Tập Cận Bình.", published="2025-05-20")
    [meeting] = [e for e in events if e["cameo"] == "040"]
    assert (meeting["from"], meeting["to"]) == (["Donald Trump"], ["Tập Cận Bình"])
    assert (meeting["modality"], meeting["negated"], meeting["date"]) == ("hypothetical", True, None)
    assert meeting["summary"] == "Donald Trump (United States) would not meet with Xi Jinping (China)"
    assert all(e["modality"] == "hypothetical" for e in events)


def test_being_ready_to_meet_is_intent_to_meet():
    [intent] = _events("Tổng thống Nga Vladimir Putin cho biết ông sẵn sàng gặp Tổng thống Ukraine Volodymyr Zelensky.",
                       published="2025-05-20")
    assert (intent["cameo"], intent["from"], intent["to"]) == ("036", ["Vladimir Putin"], ["Volodymyr Zelensky"])


def test_accepting_an_invitation_to_visit_is_also_a_planned_visit():
    events = _events("Chủ tịch nước Lương Cường nhận lời mời thăm Nga vào thời gian thích hợp.", published="2025-05-20")
    [accepted] = [e for e in events if e["cameo"] == "036"]
    [visit] = [e for e in events if e["cameo"] == "042"]
    assert accepted["summary"].startswith("Lương Cường (Vietnam) accepted an invitation from Russia")
    assert (visit["from"], visit["modality"], visit["location"]["name"]) == (["Lương Cường"], "planned", "Russia")


def test_two_people_each_with_offices_in_apposition_act_together():
    events = _events("Đại tướng Ngô Xuân Lịch, Bộ trưởng Bộ Quốc phòng Việt Nam và Thượng tướng Phạm Trường Long, Phó Chủ "
                     "tịch Quân ủy Trung ương Trung Quốc đã đồng chủ trì hội nghị giao lưu quốc phòng biên giới.",
                     published="2017-06-18")
    [meeting] = [e for e in events if e["cameo"] == "040"]
    assert (meeting["from"], meeting["to"]) == (["Ngô Xuân Lịch"], ["Phạm Trường Long"])


def test_a_list_of_countries_acts_together():
    [sanction] = _events("Mỹ, Anh và Canada đã quyết định áp đặt lệnh trừng phạt đối với Nga.")
    assert (sanction["cameo"], sorted(sanction["from"]), sanction["to"]) == ("163", ["Canada", "Hoa Kỳ", "Vương quốc Anh"], ["Nga"])
    # a comma alone joins no list: "Ngoài Nga, Trung Quốc …" is China's act
    [protest] = _events("Ngoài Nga, Trung Quốc cũng phản đối Mỹ.")
    assert (protest["from"], protest["to"]) == (["Trung Quốc"], ["Hoa Kỳ"])


def test_these_countries_are_the_last_ones_listed_and_act_together():
    events = _events("Ai Cập, Bahrain và Saudi Arabia đã cắt đứt quan hệ với Qatar. Những nước này cũng lên án Qatar.")
    [condemnation] = [e for e in events if e["cameo"] == "111"]
    assert (sorted(condemnation["source"]), condemnation["target"]) == (
        ["country:BHR", "country:EGY", "country:SAU"], ["country:QAT"])
    # with no list named before, "những nước này" is nobody: not the last single country
    events = _events("Mỹ áp đặt lệnh trừng phạt đối với Iran. Những nước này cũng lên án Nga.")
    assert not [e for e in events if e["cameo"] == "111"]


@pytest.mark.parametrize("text, expected", [
    # what is reported holds no event: the report is the speaker's statement
    ("Bộ trưởng Ngoại giao Mông Cổ Battsetseg Batmunkh cho biết quan hệ Mông Cổ - Việt Nam đang phát triển tốt.",
     [("010", ["Battsetseg Batmunkh"], ["Việt Nam"])]),
    # what is reported is an event: the reporter only attributes it
    ("Ông Peskov cho biết Tổng thống Putin đã điện đàm với Thủ tướng Ấn Độ Narendra Modi.",
     [("041", ["Vladimir Putin"], ["Narendra Modi"])]),
])
def test_a_bare_report_is_a_statement_only_when_it_reports_no_event(text, expected):
    assert [(e["cameo"], e["from"], e["to"]) for e in _events(text)] == expected


def test_receiving_a_proposal_is_not_making_one():
    events = _events("Ngoại trưởng Nga Sergei Lavrov cho biết Nga chưa nhận được đề xuất nào từ phía Ukraine.",
                     published="2025-04-10")
    assert not [e for e in events if e["cameo"].startswith("02")]


def test_the_sea_of_japan_is_no_target():
    [launch] = _events("Hãng tin Yonhap cho biết Triều Tiên đã phóng tên lửa đạn đạo ra biển Nhật Bản.")
    assert (launch["cameo"][:2], launch["from"], launch["to"]) == ("15", ["Triều Tiên"], [])


def test_a_signing_named_again_with_its_document_is_one_signing():
    events = _events("Chiều 12/5, Thủ tướng Lê Văn An và Thủ tướng Lào Sonexay Siphandone đã ký kết Hiệp định hợp tác "
                     "giáo dục giai đoạn mới. Sau hội đàm, Thủ tướng Lê Văn An và Thủ tướng Lào Sonexay Siphandone ký "
                     "kết Hiệp định hợp tác giáo dục giai đoạn mới và Bản ghi nhớ về du lịch.")
    signings = [e for e in events if e["cameo"] == "057"]
    assert len(signings) == 1 and len(signings[0]["evidence"]) == 2
    # another document the same day is another signing
    events = _events("Chiều 12/5, Thủ tướng Lê Văn An và Thủ tướng Lào Sonexay Siphandone đã ký kết Hiệp định hợp tác "
                     "giáo dục giai đoạn mới. Hai Thủ tướng Lê Văn An và Sonexay Siphandone cũng ký kết Bản ghi nhớ "
                     "về hợp tác du lịch.")
    assert len([e for e in events if e["cameo"] == "057"]) == 2


@pytest.mark.parametrize("text", [
    "Đội tuyển Pháp gặp Iraq ở vòng bảng World Cup 2026.",  # a match is no meeting
    "HLV Marco Rossi khẳng định tuyển Ý đủ sức vào bán kết.",  # a coach's words are no statement of Italy's
    "Tuyển Việt Nam sẽ tiếp đón Campuchia ở lượt trận cuối vòng bảng ASEAN Cup.",  # a home match
    "U.23 Lào gặp U23 Myanmar tại Viêng Chăn chiều 12/5.",  # age-group teams go by their countries' names
])
def test_sport_is_not_politics(text):
    assert _events(text) == []
    assert extract(text, published="2026-07-01").events == ()


def test_a_political_figure_in_sport_news_is_still_an_event():
    text = "Thủ tướng Canada Mark Carney gặp Thủ tướng Na Uy bên lề hội nghị NATO, nói về các cầu thủ của hai nước."
    assert [(e["cameo"], e["from"]) for e in _events(text)] == [("040", ["Mark Carney"])]


@pytest.mark.parametrize("text", [
    "Ca sĩ Hồng Nhung Trâm ủng hộ đồng nghiệp Lâm Bảo Ngọc mở phòng thu riêng.",  # show business
    "Bị cáo Trần Văn Khải thừa nhận đã nhận tiền của Nguyễn Hữu Lộc.",  # a court report
])
def test_unknown_people_in_a_story_with_no_political_figure_make_no_event(text):
    assert extract(text, published="2026-07-01").events == ()


def test_an_unknown_person_in_a_political_story_is_still_weighed():
    text = "Thủ tướng Lê Văn An tiếp ông Trần Minh Khoa. Ông Trần Minh Khoa cảm ơn Thủ tướng Lê Văn An."
    assert [e["cameo"] for e in _events(text)] == ["043", "051"]


def test_a_headline_that_restates_the_body_is_one_event_with_both_sentences():
    text = ("Chile cảnh báo Peru về tranh chấp nghề cá\n"
            "Ngày 12/5, Ngoại trưởng Chile Andres Kova cảnh báo Peru về tranh chấp nghề cá ở vùng biển chung.")
    [warning] = [e for e in _events(text) if e["cameo"].startswith("13")]
    assert warning["from"] == ["Andres Kova"] and warning["to"] == ["Peru"]
    assert len(warning["evidence"]) == 2


def test_a_headline_and_a_different_thing_said_in_the_body_stay_two_events():
    text = ("Chile cảnh báo Peru về tranh chấp nghề cá\n"
            "Ngày 12/5, Ngoại trưởng Chile Andres Kova cảnh báo Peru sẽ đưa vụ việc lên tòa án quốc tế nếu "
            "tàu của nước này còn xâm phạm.")
    assert len([e for e in _events(text) if e["cameo"].startswith("13")]) == 2


def test_aid_a_news_report_announces_is_a_pledge_of_aid():
    [aid] = _events("Chính phủ Na Uy viện trợ 2 triệu USD cho các tỉnh bị lũ lụt của Việt Nam.")
    assert aid["cameo"] == "033" and aid["plover"] == "AGREE" and aid["to"] == ["Việt Nam"]
