"""Bytes → text: BOMs, UTF-8, and the legacy Vietnamese encodings round-trip and are detected."""
from __future__ import annotations

import codecs
import unicodedata

import pytest

from sukien.errors import InputError
from sukien.normalize.legacy import (
    LEGACY_ENCODINGS,
    decode_bytes,
    decode_legacy,
    detect_encoding,
    encode_legacy,
    is_syllable,
    repair_mojibake,
    vietnamese_score,
)

# Invented sentences; TCVN3 (ABC) has no capitals with tone marks, so SAMPLES avoid them.
SAMPLES = [
    "Bộ trưởng Ngoại giao tiếp đoàn đại biểu Quốc hội Lào tại Hà Nội chiều qua.",
    "Hai bên nhất trí tăng cường hợp tác về giáo dục, y tế và chuyển đổi số.",
    "Đại sứ quán cho biết chuyến thăm sẽ diễn ra vào giữa tháng tới; nguyễn, quỳnh, khuỷu, nghiêng.",
    "Thủ tướng gửi điện chúc mừng người đồng cấp Ấn Độ nhân dịp ông tái đắc cử.",
]
CAPITALS = "ỨNG XỬ KHÉO LÉO Ở ĐÂY: VIỆT NAM, ẤN ĐỘ, ỦY BAN."


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
@pytest.mark.parametrize("sample", SAMPLES)
def test_round_trip_and_detection(encoding: str, sample: str) -> None:
    data = encode_legacy(sample, encoding)
    assert data != sample.encode("utf-8")
    assert detect_encoding(data) == encoding
    assert decode_bytes(data, "sample.txt") == sample


@pytest.mark.parametrize("encoding", ["cp1258", "vni", "viscii"])
def test_capitals_round_trip(encoding: str) -> None:
    data = encode_legacy(CAPITALS, encoding)
    assert decode_legacy(data, encoding) == CAPITALS


def test_whole_article_in_each_encoding_is_detected() -> None:
    article = "\n".join(SAMPLES)
    for encoding in LEGACY_ENCODINGS:
        assert decode_bytes(encode_legacy(article, encoding), "a.txt") == article


def test_cp1258_uses_combining_marks_and_is_composed() -> None:
    data = encode_legacy("Việt", "cp1258")
    assert data == b"Vi\xea\xf2t"  # ê, then the dot below as its own byte
    text = decode_bytes(data, "x")
    assert text == "Việt" and unicodedata.is_normalized("NFC", text)


def test_tcvn3_combining_tone_bytes_are_composed() -> None:
    # TCVN3 B0-B4 are combining marks: "a" + B3 (acute) is "á".
    assert decode_legacy(b"ca\xb3c", "tcvn3") == "các"


def test_vni_is_base_letter_plus_mark() -> None:
    assert encode_legacy("Việt Nam", "vni") == b"Vie\xe4t Nam"
    assert decode_legacy(b"\xd1a\xf8 Na\xfcng", "vni") == "Đà Nẵng"


def test_table_cannot_write_what_it_lacks() -> None:
    with pytest.raises(ValueError, match="tcvn3"):
        encode_legacy("ỨNG", "tcvn3")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (codecs.BOM_UTF8 + "Hà Nội".encode(), "Hà Nội"),
        (codecs.BOM_UTF16_LE + "Hà Nội".encode("utf-16-le"), "Hà Nội"),
        (codecs.BOM_UTF16_BE + "Hà Nội".encode("utf-16-be"), "Hà Nội"),
        ("Hà Nội\r\n".encode(), "Hà Nội\r\n"),
        (b"plain ascii", "plain ascii"),
    ],
)
def test_boms_and_utf8(data: bytes, text: str) -> None:
    assert decode_bytes(data, "x") == text


def test_utf8_cut_mid_letter_keeps_its_text() -> None:
    cut = ("\n".join(SAMPLES) + " Việt").encode()[:-2]  # "ệ" loses a byte, "t" is gone
    assert decode_bytes(cut, "x") == "\n".join(SAMPLES) + " Vi\ufffd"


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_legacy_text_is_not_taken_for_damaged_utf8(encoding: str) -> None:
    data = encode_legacy("\n".join(SAMPLES), encoding)
    assert decode_bytes(data, "x") == "\n".join(SAMPLES)


def test_utf8_is_returned_exactly_not_normalized() -> None:
    decomposed = unicodedata.normalize("NFD", "Việt Nam")
    assert decode_bytes(decomposed.encode(), "x") == decomposed


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary file"),
        (bytes(range(0x80, 0x100)) * 8 + bytes(range(1, 0x20)) * 8, "unknown encoding"),
    ],
)
def test_binary_is_refused(data: bytes, problem: str) -> None:
    with pytest.raises(InputError, match=problem) as caught:
        decode_bytes(data, "pic.txt")
    assert caught.value.where == "pic.txt"


@pytest.mark.parametrize(
    ("word", "valid"),
    [
        ("nghiêng", True), ("khuỷu", True), ("quốc", True), ("Việt", True), ("ĐẢNG", True),
        ("người", True), ("giữa", True),
        ("cỏc", False),  # a hook tone cannot sit on a syllable ending in -c
        ("ngòải", False),  # two tones
        ("viƯt", False),  # a capital inside a word
        ("Vieät", False), ("ViÖt", False),
    ],
)
def test_syllables(word: str, valid: bool) -> None:
    assert is_syllable(word) is valid


def test_score_prefers_the_right_decoding() -> None:
    data = encode_legacy(SAMPLES[0], "viscii")
    right = vietnamese_score(decode_legacy(data, "viscii"))
    wrong = vietnamese_score(decode_legacy(data, "tcvn3"))
    assert right.share == 1.0 and wrong.share < right.share


@pytest.mark.parametrize("encoding", ["utf-8", "vni", "tcvn3"])
def test_repair_mojibake(encoding: str) -> None:
    text = SAMPLES[1]
    raw = text.encode("utf-8") if encoding == "utf-8" else encode_legacy(text, encoding)
    garbled = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)
    assert garbled != text
    assert repair_mojibake(garbled) == text


def test_repair_leaves_good_text_alone() -> None:
    for text in [*SAMPLES, "An English sentence.", "chào các bạn"]:
        assert repair_mojibake(text) == text
