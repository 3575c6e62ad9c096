"""Bytes → text: Unicode first, then the pre-Unicode Vietnamese encodings.

Old Vietnamese pages and documents come in Windows-1258 (base letters plus combining
tone marks), TCVN3 ("ABC"), VNI-Windows (a base letter then a mark byte, stored as
Windows-1252) and VISCII. Nothing in the bytes says which, so every candidate decoding
is scored by how much of it reads as Vietnamese syllables and the best one wins; when
none does, the file is refused rather than turned into nonsense.

The byte tables are data (``sukien/data/encodings``, see its PROVENANCE.md); Python
ships only the cp1258 codec.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sukien.errors import DataFileError, InputError

LEGACY_ENCODINGS = ("cp1258", "tcvn3", "vni", "viscii")
_TABLE_FILES = {"tcvn3": "tcvn3.tsv", "vni": "vni.tsv", "viscii": "viscii.tsv"}
_SAMPLE_BYTES = 64 * 1024  # enough text to tell the encodings apart, cheap to score
_MIN_SHARE = 0.6  # share of non-ASCII words that must be Vietnamese syllables
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# --- tables -------------------------------------------------------------------------

@dataclass(frozen=True)
class _Table:
    singles: dict[int, str]  # byte value → character
    pairs: dict[str, str]  # two bytes as latin-1 characters → letter (VNI only)
    encode: dict[str, bytes]  # letter → bytes

    @property
    def charmap(self) -> str:
        """256 characters, one per byte: codecs.charmap_decode runs in C."""
        return "".join(self.singles.get(byte, chr(byte)) for byte in range(256))


@lru_cache(maxsize=None)
def _table(name: str) -> _Table:
    path = resources.files("sukien") / "data" / "encodings" / _TABLE_FILES[name]
    singles: dict[int, str] = {}
    pairs: dict[str, str] = {}
    encode: dict[str, bytes] = {}
    rows = [line for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    for number, line in enumerate(rows[1:], start=2):
        try:
            raw, codepoint = line.split("\t")[:2]
            data, char = bytes.fromhex(raw), chr(int(codepoint.removeprefix("U+"), 16))
        except ValueError as error:
            raise DataFileError(f"{path.name}: row {number}: {error}") from error
        if len(data) == 1:
            singles[data[0]] = char
        else:
            pairs[data.decode("latin-1")] = char
        encode.setdefault(char, data)
    return _Table(singles, pairs, encode)


@lru_cache(maxsize=None)
def _charmap(name: str) -> str:
    return _table(name).charmap


@lru_cache(maxsize=None)
def _vni_pattern() -> re.Pattern[str]:
    table = _table("vni")
    bases = "".join(sorted({key[0] for key in table.pairs}))
    marks = "".join(sorted({key[1] for key in table.pairs}))
    singles = "".join(sorted(chr(byte) for byte in table.singles))
    return re.compile(f"[{re.escape(bases)}][{re.escape(marks)}]|[{re.escape(singles)}]")


# --- decoding -----------------------------------------------------------------------

def _decode_vni(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # VNI text never uses the bytes cp1252 leaves undefined
    table = _table("vni")
    singles = {chr(byte): char for byte, char in table.singles.items()}

    def letter(match: re.Match[str]) -> str:
        found = match.group()
        if found in table.pairs:
            return table.pairs[found]
        return "".join(singles.get(char, char) for char in found)

    return _vni_pattern().sub(letter, text)


def decode_legacy(data: bytes, encoding: str) -> str | None:
    """Decode with one legacy encoding; None when the bytes cannot be in it."""
    if encoding == "cp1258":
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            return None
    elif encoding == "vni":
        text = _decode_vni(data)
        if text is None:
            return None
    elif encoding in _TABLE_FILES:
        text = codecs.charmap_decode(data, "strict", _charmap(encoding))[0]
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}; known: {LEGACY_ENCODINGS}")
    # cp1258 and TCVN3 carry tone marks as combining characters.
    return unicodedata.normalize("NFC", text)


def detect_encoding(data: bytes) -> str | None:
    """The legacy encoding under which ``data`` reads best as Vietnamese, or None."""
    sample = data[:_SAMPLE_BYTES]
    best: tuple[float, int, int] | None = None
    chosen = None
    for rank, encoding in enumerate(LEGACY_ENCODINGS):
        text = decode_legacy(sample, encoding)
        if text is None:
            continue
        score = vietnamese_score(text)
        if not score.plausible:
            continue
        key = (score.share, score.good, -rank)
        if best is None or key > best:
            best, chosen = key, encoding
    if chosen is None and _mostly_ascii(sample):
        chosen = "cp1258"  # a few stray Western characters in otherwise ASCII text
    return chosen


def _mostly_ascii(sample: bytes) -> bool:
    text = decode_legacy(sample, "cp1258")
    if text is None or _CONTROL.search(text):
        return False
    return sum(1 for byte in sample if byte > 0x7F) <= 0.02 * len(sample)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a file cut mid-letter, one stray byte): the text
    with U+FFFD in their place. Legacy text almost never forms valid UTF-8 sequences."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    letters = sum(1 for char in text if not char.isascii()) - broken
    return text if letters >= 20 * broken else None


def decode_bytes(data: bytes, where: str) -> str:
    """Bytes of a file → text: BOMs, then UTF-8, then a detected legacy encoding.

    Raises InputError naming ``where`` for binary data and unknown encodings.
    UTF-8 text is returned exactly (a few broken bytes become U+FFFD); legacy text
    is composed to NFC.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(where, f"invalid {encoding} after a byte-order mark") from None
    if b"\x00" in data:
        raise InputError(where, "binary file (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    damaged = _mostly_utf8(data)
    if damaged is not None:
        return damaged
    encoding = detect_encoding(data)
    if encoding is None:
        raise InputError(where, "binary or unknown encoding (not UTF-8, cp1258, TCVN3, VNI or VISCII)")
    text = decode_legacy(data, encoding)
    assert text is not None  # the sample decoded, and the tables cover every byte
    return text


# --- encoding (for tests and for writing old formats) --------------------------------

def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode Vietnamese text in a legacy encoding; ValueError for a letter it lacks."""
    text = unicodedata.normalize("NFC", text)
    if encoding == "cp1258":
        return b"".join(_encode_cp1258(char) for char in text)
    table = _table(encoding)
    out = bytearray()
    for char in text:
        if char in table.encode:
            out += table.encode[char]
        elif char.isascii() and (encoding != "viscii" or ord(char) not in table.singles):
            out += char.encode("ascii")
        elif encoding == "vni":
            out += char.encode("cp1252")  # VNI keeps the rest of Windows-1252
        else:
            raise ValueError(f"{char!r} cannot be written in {encoding}")
    return bytes(out)


def _encode_cp1258(char: str) -> bytes:
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        pass
    # cp1258 has the base letters (â, ơ, ...) and the five tone marks as separate bytes.
    decomposed = unicodedata.normalize("NFD", char)
    tones = "".join(mark for mark in decomposed if mark in _TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    try:
        return base.encode("cp1258") + tones.encode("cp1258")
    except UnicodeEncodeError:
        raise ValueError(f"{char!r} cannot be written in cp1258") from None


# --- scoring ------------------------------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
_STOP_TONES = {"\u0301", "\u0323"}  # the only tones a syllable ending in c, ch, p, t takes
_INITIAL = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]"
_NUCLEUS = (
    "iêu yêu oai oay oao oeo uây uôi uya uyê uyu ươi ươu "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê "
    "a ă â e ê i o ô ơ u ư y"
).split()
_FINAL = "ch|ng|nh|[cmnpt]"
_SYLLABLE = re.compile(f"(?:{_INITIAL})?(?:{'|'.join(_NUCLEUS)})(?:{_FINAL})?")
_STOP_FINAL = re.compile("(?:ch|[cpt])$")
_WORD = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_STRAY = re.compile(r"[^\w\s\x00-\x7f]")
_HARMLESS_CATEGORIES = ("P", "Z", "Sc")


@dataclass(frozen=True)
class Score:
    """How Vietnamese a decoded text looks: non-ASCII words that are / are not syllables."""

    good: int
    bad: int

    @property
    def share(self) -> float:
        return self.good / (self.good + self.bad) if self.good + self.bad else 1.0

    @property
    def plausible(self) -> bool:
        return self.good + self.bad == 0 or (self.good > 0 and self.share >= _MIN_SHARE)


@lru_cache(maxsize=4096)
def _strip_tone(char: str) -> tuple[str, str]:
    """'ệ' → ('ê', dot below): the letter without its tone, and the tone marks."""
    decomposed = unicodedata.normalize("NFD", char)
    tones = "".join(mark for mark in decomposed if mark in _TONES)
    base = "".join(mark for mark in decomposed if mark not in _TONES)
    return unicodedata.normalize("NFC", base), tones


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True when ``word`` (NFC) is spelled like one Vietnamese syllable."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False  # a capital inside a word is a sign of a wrong decoding
    bases, tones = zip(*(_strip_tone(char) for char in word.lower()))
    tone = "".join(tones)
    if len(tone) > 1:
        return False
    toneless = "".join(bases)
    if not _SYLLABLE.fullmatch(toneless):
        return False
    return not (_STOP_FINAL.search(toneless) and tone and tone not in _STOP_TONES)


def vietnamese_score(text: str) -> Score:
    """Count non-ASCII words that are syllables (good) against those that are not,
    stray symbols and control characters (bad)."""
    good = bad = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue  # tells nothing: every candidate decodes ASCII alike
        if is_syllable(word):
            good += 1
        else:
            bad += 1
    bad += len(_CONTROL.findall(text))
    for match in _STRAY.finditer(text):
        if not unicodedata.category(match.group()).startswith(_HARMLESS_CATEGORIES):
            bad += 1
    return Score(good, bad)


# --- repair -------------------------------------------------------------------------

def repair_mojibake(text: str) -> str:
    """Undo a wrong decoding that already became Unicode, or return ``text`` unchanged.

    Two common cases: UTF-8 read as Windows-1252 ("Viá»‡t"), and VNI or TCVN3 font
    text pasted as Windows-1252 code points ("Vieät", "ViÖt").
    """
    raw = _as_cp1252_bytes(text)
    if raw is None:
        return text
    candidates: list[str] = []
    try:
        candidates.append(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    for encoding in LEGACY_ENCODINGS[1:]:
        decoded = decode_legacy(raw, encoding)
        if decoded is not None:
            candidates.append(decoded)
    original = vietnamese_score(text)
    best = text
    best_score = original
    for candidate in candidates:
        score = vietnamese_score(candidate)
        if score.plausible and score.good and score.share > best_score.share:
            best, best_score = candidate, score
    # Only switch on clear evidence: correct Vietnamese text must survive unchanged.
    return best if best_score.share >= original.share + 0.3 else text


def _as_cp1252_bytes(text: str) -> bytes | None:
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return None  # a real Unicode letter: the text was not mis-decoded this way
            out.append(ord(char))  # latin-1 readers keep the bytes cp1252 leaves undefined
    return bytes(out)
