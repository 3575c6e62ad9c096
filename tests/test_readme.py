"""The README's example is what sukien really prints."""
from __future__ import annotations

import json
import re
from pathlib import Path

from sukien import extract

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_example_is_true():
    text = README.read_text(encoding="utf-8")
    sentence = re.search(r"^> (.+)$", text, re.M).group(1)
    shown = re.search(r'"summary": "([^"]+)"', text).group(1)
    result = extract(sentence, published="2026-05-14")
    event = result.to_dict()["events"][0]
    assert event["summary"] == shown
    assert f'"trigger": {json.dumps(event["trigger"], ensure_ascii=False)}' in text
