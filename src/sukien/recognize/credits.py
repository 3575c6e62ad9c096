"""Bylines and photo credits: the journalists who wrote an article or took its pictures are no actors.

Vietnamese news signs an article after its last sentence ("… quan hệ hai nước./. Minh Anh/VOV",
"… tại Hà Nội. Đức Thành (TTXVN)", a last line "Thu Hà") and credits a photo in the running
text ("Ảnh: Quốc Việt/TTXVN", "(Ảnh: Lan Anh)"). Names there, and country forms that are
syllables of those names ("Anh", "Đức"), are not mentions of people or countries.
"""
from __future__ import annotations

import re

from sukien.model import COUNTRY, PERSON, Mention
from sukien.recognize.names import CAPITALS

_CAPITAL = CAPITALS
# A name in a credit: one to four words that open with a capital ("Minh Anh", "HỒNG LAM",
# "Nh.Thạch", "T.N"), one space apart.
_WORD = rf"[{_CAPITAL}][^\W\d_]*(?:\.[^\W\d_]+)*"
_NAME = rf"{_WORD}(?: {_WORD}){{0,3}}"
# What may follow the name: an outlet after "/", a source in brackets or after "Theo", another
# name after a dash (not a clause: "Ấn Độ - Nga điện đàm …" is a headline, not two signatures).
_AFTER = rf"(?:\s*(?:/|\(|[Tt]heo\s+(?=[{_CAPITAL}]))[^\n]*|\s*[-–]\s+{_NAME}(?:\s*(?:/|\()[^\n]*)?)?"
_SIGNATURE = re.compile(rf"\s*({_NAME}){_AFTER}\s*")
# Where a signature may start: after the article's last sentence, or at the start of its last line.
_LAST_END = re.compile(r"(?:\./\.|[.!?…][\"”’)]*)\s+|\n\s*")
_MAX_SIGNATURE = 80
# "Ảnh: Quốc Việt/TTXVN", "Nguồn: Minh Đức": a photo credit, up to three words and an outlet.
_PHOTO = re.compile(rf"(?:Ảnh|Nguồn|Photo)\s*:\s*([A-Z]{{2,}}\b|{_NAME})(?:\s*(?:/|[-–])\s*[^\s)]+)?")
# "Minh Anh/VOV", "Ngự Bình/Vietnam+": a name signed with its outlet's short name.
_OUTLET_AFTER_SLASH = re.compile(r"/(?:[A-Z]{2,}(?:\.[A-Z]{2,})?|Vietnam\+)")
_SIGNED = re.compile(rf"(?<![^\s(])({_NAME})$")


def credit_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) stretches of ``text`` that credit journalists or photographers."""
    spans = []
    if "Ảnh" in text or "Nguồn" in text or "Photo" in text:
        spans = [(m.start(), m.end()) for m in _PHOTO.finditer(text) if not text[m.start() - 1:m.start()].isalnum()]
    for outlet in _OUTLET_AFTER_SLASH.finditer(text) if "/" in text else ():  # a name before an outlet is signed
        name = _SIGNED.search(text, max(0, outlet.start() - 60), outlet.start())
        if name is not None:
            spans.append((name.start(1), outlet.end()))
    signature = _signature(text)
    if signature is not None:
        spans.append(signature)
    return spans


def _signature(text: str) -> tuple[int, int] | None:
    """The names signed after the article's last sentence, and their outlet, if there are any."""
    end = len(text.rstrip())
    start = max(0, end - _MAX_SIGNATURE - 8)
    last = None
    for match in _LAST_END.finditer(text, start, end):
        last = match
    if last is None:
        if start > 0:
            return None
        begin = 0
    else:
        begin = last.end()
    signature = _SIGNATURE.fullmatch(text, begin, end)
    if end - begin > _MAX_SIGNATURE or signature is None:
        return None
    bracket = text.find("(", begin, end)  # a source in brackets is not signed: "(theo Reuters)"
    return signature.start(1), bracket if bracket >= 0 else end


def uncredited(mentions: list[Mention], text: str) -> list[Mention]:
    """``mentions`` less the people the knowledge base does not know and the countries that
    stand in a credit ("Anh" in "Tuấn Anh/VOV")."""
    spans = credit_spans(text)
    if not spans:
        return mentions
    return [m for m in mentions
            if not (m.type == COUNTRY or (m.type == PERSON and m.origin != "kb"))
            or not any(a <= m.span.start and m.span.end <= b for a, b in spans)]
