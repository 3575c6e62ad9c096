"""The event-coding lexicon: data integrity, loader validation and trigger matching."""
from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from sukien.errors import DataFileError
from sukien.events.lexicon import (
    GAP,
    LEXICON_DIR,
    MAX_GAP,
    TriggerPattern,
    find_triggers,
    goldstein,
    label,
    load_lexicon,
    quad_class,
    root,
)
from sukien.model import Span, Trigger
from sukien.normalize import normalize_text

LEX = load_lexicon()
ROOTS = [f"{n:02d}" for n in range(1, 21)]


def _rows(name: str) -> list[list[str]]:
    lines = (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines[1:] if line.strip()]


def codes_in(text: str) -> list[tuple[str, str]]:
    """(matched text, CAMEO code) for every trigger in ``text``."""
    return [(text[s:e], p.cameo) for s, e, p in find_triggers(text)]


def patterns_in(text: str) -> list[str]:
    return [p.pattern for _, _, p in find_triggers(text)]


# --- the data ----------------------------------------------------------------------


def test_cameo_table_covers_every_root_and_code_level():
    codes = LEX.cameo
    assert [c for c in codes if len(c) == 2] == ROOTS
    assert sum(len(c) == 3 for c in codes) == 147
    assert sum(len(c) == 4 for c in codes) == 145
    for code in codes:
        assert code[:2] in codes
        if len(code) == 4:
            assert code[:3] in codes


def test_cameo_quad_classes_follow_the_root_rule():
    for code, entry in LEX.cameo.items():
        number = int(code[:2])
        expected = 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4
        assert entry.quad_class == expected, code


@pytest.mark.parametrize("code, value", [
    ("01", 0), ("02", 3), ("03", 4), ("04", 1), ("05", 3.5), ("06", 6), ("07", 7), ("08", 5),
    ("09", -2), ("10", -5), ("11", -2), ("12", -4), ("13", -6), ("14", -6.5), ("15", -7.2),
    ("16", -4), ("17", -7), ("18", -9), ("19", -10), ("20", -10),
    ("018", 3.4), ("019", 3.4), ("036", 4), ("040", 1), ("041", 1), ("042", 1.9), ("043", 2.8),
    ("044", 2.5), ("046", 7), ("051", 3.4), ("057", 8), ("111", -2), ("163", -8), ("164", -6.5),
])
def test_goldstein_values(code, value):
    assert LEX.cameo[code].goldstein == value


def test_plover_mapping_of_roots():
    expected = {
        "01": "", "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT",
        "06": "COOPERATE", "07": "AID", "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE",
        "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION",
        "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
    }
    for code, entry in LEX.cameo.items():
        if code[:2] in expected and code != "055":
            assert entry.plover == expected[code[:2]], code
    assert LEX.cameo["081"].plover == "CONCEDE"
    assert LEX.cameo["0841"].plover == "RETREAT"
    assert LEX.cameo["041"].plover_mode == "phone"
    assert LEX.cameo["042"].plover_mode == "visit"
    assert LEX.cameo["044"].plover_mode == "third-party"


def test_enough_triggers_on_every_root():
    assert len(LEX.triggers) >= 220
    per_root: dict[str, int] = {}
    for trig in LEX.triggers:
        per_root[trig.root] = per_root.get(trig.root, 0) + 1
    assert sorted(per_root) == ROOTS
    for r in ("01", "02", "03", "04", "05", "06", "11", "12", "13", "14", "15", "16", "17"):
        assert per_root[r] >= 10, r


def test_every_trigger_agrees_with_the_cameo_table():
    for trig in LEX.triggers:
        entry = LEX.cameo[trig.cameo]
        assert trig.goldstein == entry.goldstein, trig.pattern
        assert trig.plover == entry.plover, trig.pattern


def test_only_what_is_whole_with_one_party_goes_without_a_target():
    """A visit (to a place), a show of force (CAMEO 15) and a refusal naming what is refused."""
    refusals = {"từ chối tuân thủ", "từ chối chấp nhận", "từ chối đáp ứng", "từ chối thực hiện"}
    alone = {t.pattern for t in LEX.triggers if not t.needs_target}
    assert alone == {t.pattern for t in LEX.triggers if t.voice == "visit" or t.cameo.startswith(("042", "15"))} | refusals


def test_patterns_are_unique_in_the_file():
    patterns = [row[0] for row in _rows("triggers.tsv")]
    assert len(patterns) == len(set(patterns))


def test_patterns_are_lowercase_nfc_and_use_one_tone_convention():
    for trig in LEX.triggers:
        p = trig.pattern
        assert p == p.lower() == unicodedata.normalize("NFC", p) == normalize_text(p)[0]
        assert "  " not in p and p == p.strip()


def test_gap_marker_parses_into_parts():
    trig = LEX.pattern("mời … thăm")
    assert trig.words == ("mời", "thăm") and trig.gaps == (1,)
    assert trig.parts == (("mời",), ("thăm",))
    assert LEX.pattern("khẳng định … sẵn sàng").parts == (("khẳng", "định"), ("sẵn", "sàng"))
    assert not LEX.pattern("hội đàm").has_gap


@pytest.mark.parametrize("trig", LEX.triggers, ids=lambda t: t.pattern)
def test_example_sentence_yields_its_pattern(trig: TriggerPattern):
    assert trig.pattern in patterns_in(trig.example), codes_in(trig.example)


def test_blockers_name_real_triggers():
    for block in LEX.blockers:
        assert block.blocks in {t.pattern for t in LEX.triggers}
        assert block.phrase not in {t.pattern for t in LEX.triggers}


# --- codes chosen for the common diplomatic triggers ---------------------------------


@pytest.mark.parametrize("pattern, code, voice", [
    ("hội đàm", "046", "symmetric"),
    ("hội đàm trực tuyến", "041", "symmetric"),
    ("điện đàm", "041", "symmetric"),
    ("hội kiến", "040", "symmetric"),
    ("gặp", "040", "symmetric"),
    ("gặp bên lề", "044", "symmetric"),
    ("làm việc với", "040", "symmetric"),
    ("chào xã giao", "040", "active"),
    ("tiếp", "043", "host"),
    ("đón", "043", "host"),
    ("chủ trì lễ đón", "043", "host"),
    ("thăm", "042", "visit"),
    ("thăm cấp nhà nước", "042", "visit"),
    ("công du", "042", "visit"),
    ("đàm phán", "046", "symmetric"),
    ("gửi điện mừng", "051", "active"),
    ("chúc mừng", "051", "active"),
    ("chia buồn", "018", "active"),
    ("nhất trí", "030", "symmetric"),
    ("cam kết", "030", "active"),
    ("tăng cường hợp tác quốc phòng", "0312", "symmetric"),
    ("mời … thăm", "036", "active"),
    ("nhận lời mời", "036", "active"),
    ("dự kiến thăm", "042", "visit"),
    ("nâng cấp quan hệ", "050", "symmetric"),
    ("thiết lập quan hệ ngoại giao", "054", "symmetric"),
    ("ký kết", "057", "symmetric"),
    ("chứng kiến lễ ký", "057", "symmetric"),
    ("kêu gọi", "020", "active"),
    ("yêu cầu", "100", "active"),
    ("đe dọa", "130", "active"),
    ("lên án", "111", "active"),
    ("phản đối", "111", "active"),
    ("cáo buộc", "112", "active"),
    ("bác bỏ cáo buộc", "016", "active"),
    ("từ chối", "120", "active"),
    ("trao công hàm phản đối", "114", "active"),
    ("biểu tình", "141", "statement"),
    ("tập trận", "150", "statement"),
    ("tập trận chung", "062", "symmetric"),
    ("triển khai quân", "154", "active"),
    ("trừng phạt", "163", "active"),
    ("triệu hồi đại sứ", "161", "active"),
    ("trục xuất nhà ngoại giao", "161", "active"),
    ("trục xuất", "174", "active"),
    ("đình chỉ đàm phán", "164", "symmetric"),
    ("bắt giữ", "173", "active"),
    ("tấn công", "190", "active"),
    ("không kích", "195", "active"),
])
def test_codes_of_common_triggers(pattern, code, voice):
    trig = LEX.pattern(pattern)
    assert (trig.cameo, trig.voice) == (code, voice)


def test_modes():
    assert LEX.pattern("điện đàm").mode == "phone"
    assert LEX.pattern("thăm").mode == "visit"
    assert LEX.pattern("tiếp").mode == "visit"
    assert LEX.pattern("gặp bên lề").mode == "third-party"
    assert LEX.pattern("dự hội nghị").mode == "multilateral"
    assert LEX.pattern("hội đàm").mode is None


# --- matching ------------------------------------------------------------------------


def test_longest_match_wins():
    text = "Hai Bộ trưởng hội đàm trực tuyến sáng nay."
    assert patterns_in(text) == ["hội đàm trực tuyến"]
    assert patterns_in("Hai bên gặp bên lề hội nghị.") == ["gặp bên lề"]
    assert patterns_in("Bộ Ngoại giao trao công hàm phản đối.") == ["trao công hàm phản đối"]


def test_offsets_are_into_the_text():
    text = "Chiều 5/3, Thủ tướng hội đàm với Thủ tướng Lào."
    [(start, end, trig)] = find_triggers(text)
    assert text[start:end] == "hội đàm" and trig.cameo == "046"


def test_case_insensitive():
    assert codes_in("Hội đàm cấp cao diễn ra tại Viêng Chăn.") == [("Hội đàm", "046")]
    assert codes_in("HỘI ĐÀM CẤP CAO VIỆT NAM - LÀO") == [("HỘI ĐÀM", "046")]


def test_gap_pattern_spans_first_to_last_word():
    text = "Chủ tịch nước mời Tổng thống Andres Kova sớm sang thăm Việt Nam."
    [(start, end, trig)] = find_triggers(text)
    assert trig.pattern == "mời … thăm"
    assert text[start:end] == "mời Tổng thống Andres Kova sớm sang thăm"


def test_gap_pattern_allows_an_empty_gap():
    assert "khẳng định … sẵn sàng" in patterns_in("Bộ trưởng khẳng định sẵn sàng hỗ trợ.")


def test_gap_is_limited_in_words():
    filler = " ".join(["một"] * MAX_GAP)
    assert "mời … thăm" in patterns_in(f"Ông mời {filler} thăm Hà Nội.")
    assert "mời … thăm" not in patterns_in(f"Ông mời {filler} nữa thăm Hà Nội.")


def test_gap_does_not_cross_a_sentence_end():
    assert "mời … thăm" not in patterns_in("Ông mời khách. Hai ngày sau ông thăm Huế.")


def test_word_boundaries_and_blockers():
    assert codes_in("Hai bên tiếp tục trao đổi về hợp tác.") == []
    assert codes_in("Đây là kênh liên lạc trực tiếp giữa hai Bộ.") == []
    assert codes_in("Tỉnh đã tiếp nhận 20 tấn hàng.") == []
    assert codes_in("Doanh nghiệp gặp khó khăn khi tiếp cận thị trường.") == []
    assert codes_in("Ông là Tổng Thư ký Liên hợp quốc.") == []
    assert codes_in("Ký ức về chiến tranh vẫn còn.") == []
    assert codes_in("Kỷ niệm 50 năm ngày thống nhất đất nước.") == []
    assert codes_in("Người dân đón nhận tin vui.") == []
    assert codes_in("Công ty tiến hành thăm dò dầu khí.") == []
    assert codes_in("thămdò") == []
    assert codes_in("Chủ tịch nước tiếp Đại sứ Ai Cập.") == [("tiếp", "043")]


def test_longer_trigger_survives_a_blocker_inside_it():
    # "lời mời" blocks "mời … thăm" but not "nhận lời mời", which contains it.
    found = codes_in("Nhận lời mời của Thủ tướng, Tổng thống sẽ thăm Việt Nam.")
    assert found == [("Nhận lời mời", "036"), ("sẽ thăm", "042")]
    assert ("tiếp tục ủng hộ", "032") in codes_in("Lào tiếp tục ủng hộ Việt Nam.")


def test_a_blocker_vetoes_only_the_trigger_it_names_and_what_lies_inside_it():
    # "đáp ứng yêu cầu" says that "yêu cầu" is no demand there; the refusal that overlaps it stands
    assert codes_in("Chính phủ Lào từ chối đáp ứng yêu cầu của phía đối tác.") == [("từ chối đáp ứng", "120")]
    assert codes_in("Doanh nghiệp đáp ứng yêu cầu của thị trường.") == []


def test_invitation_phrase_is_a_trigger_beside_the_visit_it_invites_to():
    text = "Theo lời mời của Chủ tịch nước, Tổng thống Kova thăm chính thức Việt Nam."
    assert codes_in(text) == [("Theo lời mời", "036"), ("thăm chính thức", "042")]


def test_cyberattack_is_its_own_trigger():
    assert codes_in("Tấn công mạng nhằm vào ngân hàng.") == [("Tấn công mạng", "170")]
    assert codes_in("Phiến quân tấn công đồn biên phòng.") == [("tấn công", "190")]


def test_unification_is_not_agreement():
    assert codes_in("Hai bên thống nhất tổ chức kỳ họp tới tại Hà Nội.") == [("thống nhất", "030")]
    assert codes_in("Sau ngày thống nhất đất nước, ông về quê.") == []


def test_old_tone_placement_and_decomposed_text():
    assert codes_in("Tổng thống đe doạ áp thuế.") == [("đe doạ áp thuế", "1312")]
    assert codes_in("Hai bên thoả thuận ngừng bắn.") == [("thoả thuận ngừng bắn", "0871")]
    text = unicodedata.normalize("NFD", "Thủ tướng hội đàm với Thủ tướng Lào.")
    [(start, end, trig)] = find_triggers(text)
    assert unicodedata.normalize("NFC", text[start:end]) == "hội đàm"
    assert trig.cameo == "046"


def test_whitespace_runs_inside_a_pattern():
    text = "Thủ tướng   hội  đàm\tvới ông Kova."
    [(start, end, trig)] = find_triggers(text)
    assert text[start:end] == "hội  đàm" and trig.pattern == "hội đàm"


def test_empty_and_triggerless_text():
    assert find_triggers("") == []
    assert find_triggers("Trời hôm nay nắng đẹp.") == []


def test_to_trigger():
    text = "Thủ tướng điện đàm với Thủ tướng Nhật Bản."
    [(start, end, pattern)] = find_triggers(text)
    trig = pattern.to_trigger(Span.of(text, start, end))
    assert isinstance(trig, Trigger)
    assert (trig.cameo, trig.plover, trig.mode, trig.goldstein) == ("041", "CONSULT", "phone", 1.0)
    assert trig.span.text == "điện đàm"


# --- helpers ---------------------------------------------------------------------------


def test_helpers():
    assert root("0251") == "02" and root("190") == "19"
    assert quad_class("046") == 1 and quad_class("062") == 2
    assert quad_class("111") == 3 and quad_class("141") == 4 and quad_class("195") == 4
    assert label("046") == "Engage in negotiation"
    assert label("041", "vi") == "Điện đàm"
    assert goldstein("057") == 8
    with pytest.raises(ValueError):
        root("x1")
    with pytest.raises(ValueError):
        label("046", "fr")
    with pytest.raises(KeyError):
        label("999")


def test_loaded_once():
    assert load_lexicon() is load_lexicon()
    assert load_lexicon(LEXICON_DIR) is load_lexicon(str(LEXICON_DIR))


# --- validation ------------------------------------------------------------------------


@pytest.fixture
def lexicon_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "lexicons"
    folder.mkdir()
    for name in ("cameo.tsv", "triggers.tsv", "not_triggers.tsv"):
        shutil.copy(LEXICON_DIR / name, folder / name)
    return folder


def _edit_row(path: Path, line_number: int, column: int, value: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[line_number - 1].split("\t")
    cells[column] = value
    lines[line_number - 1] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_copy_loads(lexicon_copy: Path):
    lex = load_lexicon(lexicon_copy)
    assert len(lex.triggers) == len(LEX.triggers)
    assert lex is not LEX


@pytest.mark.parametrize("column, value, message", [
    (0, "Hội Đàm Mới", "not lowercase"),
    (0, unicodedata.normalize("NFD", "hội đàm mới"), "not NFC"),
    (0, "hoà giải mới", "tone convention"),
    (0, "hội  đàm mới", "single spaces"),
    (0, f"{GAP} hội đàm mới", "must stand between words"),
    (0, "hội-đàm mới", "is not a word"),
    (1, "999", "not in cameo.tsv"),
    (2, "SUPPORT", "differs from cameo.tsv"),
    (3, "loudly", "unknown PLOVER mode"),
    (4, "2.5", "differs from cameo.tsv"),
    (4, "many", "not a number"),
    (7, "passive-aggressive", "voice"),
    (8, "maybe", "needs_target"),
    (9, "", "empty example"),
])
def test_malformed_trigger_row(lexicon_copy: Path, column, value, message):
    path = lexicon_copy / "triggers.tsv"
    line = 5
    _edit_row(path, line, column, value)
    with pytest.raises(DataFileError) as error:
        load_lexicon(lexicon_copy)
    assert f"triggers.tsv:{line}:" in str(error.value)
    assert message in str(error.value)


def test_missing_column_names_the_line(lexicon_copy: Path):
    path = lexicon_copy / "triggers.tsv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[9] = "\t".join(lines[9].split("\t")[:-1])
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"triggers\.tsv:10: 9 columns"):
        load_lexicon(lexicon_copy)


def test_duplicate_pattern(lexicon_copy: Path):
    path = lexicon_copy / "triggers.tsv"
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines.append(lines[3])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"triggers\.tsv:{len(lines)}: .* repeats line 4"):
        load_lexicon(lexicon_copy)


def test_bad_header(lexicon_copy: Path):
    path = lexicon_copy / "triggers.tsv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("needs_target", "target", 1), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"triggers\.tsv:1: header"):
        load_lexicon(lexicon_copy)


@pytest.mark.parametrize("column, value, message", [
    (0, "0x1", "bad CAMEO code"),
    (3, "-11", "outside -10..10"),
    (4, "guess", "goldstein_source"),
    (5, "HUG", "unknown PLOVER event"),
    (7, "5", "quad_class"),
])
def test_malformed_cameo_row(lexicon_copy: Path, column, value, message):
    _edit_row(lexicon_copy / "cameo.tsv", 7, column, value)
    with pytest.raises(DataFileError) as error:
        load_lexicon(lexicon_copy)
    assert "cameo.tsv:7:" in str(error.value) and message in str(error.value)


@pytest.mark.parametrize("column, value, message", [
    (0, "hội đàm", "is a trigger pattern too"),
    (1, "không có", "which is no trigger pattern"),
    (1, "hội đàm", "does not contain"),
])
def test_malformed_blocker_row(lexicon_copy: Path, column, value, message):
    _edit_row(lexicon_copy / "not_triggers.tsv", 3, column, value)
    with pytest.raises(DataFileError) as error:
        load_lexicon(lexicon_copy)
    assert "not_triggers.tsv:3:" in str(error.value) and message in str(error.value)


def test_missing_directory(tmp_path: Path):
    with pytest.raises(DataFileError, match="cameo.tsv"):
        load_lexicon(tmp_path / "nowhere")


def test_trigger_inside_a_gap_survives():
    text = "Chủ tịch nước mời Tổng thống sau hội đàm sang thăm Huế."
    assert patterns_in(text) == ["mời … thăm", "hội đàm"]


def test_plover_modes_are_known():
    from sukien.events.lexicon import PLOVER_EVENT_MODES
    for trig in LEX.triggers:
        if trig.mode:
            assert trig.mode in PLOVER_EVENT_MODES[trig.plover].split(), trig.pattern


# --- the matcher on awkward text: whitespace, invisible characters, old tone placement ----


@pytest.mark.parametrize("text, found", [
    ("Hai bên hội\u00a0đàm tại Hà Nội.", [("hội\u00a0đàm", "hội đàm")]),
    ("Hai bên hội\u200bđàm tại Hà Nội.", []),
    ("Hai bên hội\u00adđàm, rồi hội \u2003 đàm tiếp.", [("hội \u2003 đàm", "hội đàm"), ("tiếp", "tiếp")]),
    ("Hai bên hội đàm\u0301 lâu.", []),
    ("HAI BÊN HỘI ĐÀM VÀ KÝ THỎA THUẬN", [("HỘI ĐÀM", "hội đàm"), ("KÝ", "ký")]),
    ("İstanbul: hai bên hội đàm.", [("hội đàm", "hội đàm")]),
    ("Hai nước đạt được thoả thuận ngừng bắn.", [("thoả thuận ngừng bắn", "thỏa thuận ngừng bắn")]),
    ("Ông ấy đứng ra hoà giải, rồi từ chối mọi nỗ lực hoà giải.",
     [("đứng ra hoà giải", "đứng ra hòa giải"), ("từ chối mọi nỗ lực hoà giải", "từ chối … hòa giải")]),
    ("Chủ tịch mời Tổng thống Pháp sang thăm Việt Nam.", [("mời Tổng thống Pháp sang thăm", "mời … thăm")]),
    ("Chủ tịch mời Tổng thống Pháp. Ông sẽ thăm Việt Nam.", [("sẽ thăm", "sẽ thăm")]),
    ("Bộ trưởng khẳng định Việt Nam luôn sẵn sàng hợp tác.",
     [("khẳng định Việt Nam luôn sẵn sàng", "khẳng định … sẵn sàng")]),
])
def test_awkward_text(text, found):
    assert [(text[s:e], p.pattern) for s, e, p in find_triggers(text)] == found
