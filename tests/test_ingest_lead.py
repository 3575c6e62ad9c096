"""Stage 1, ingest: what opens an article, its title and its byline.

A title is news: every reader hands the pipeline a text that starts with the title line
(as the development corpus's ``text`` does), once, while ``Article.title`` still holds it.
A byline ("Thứ năm, 16/4/2026") is the publication date, the anchor for "hôm qua", and
never the date of an event. Real files, and ``sukien extract`` run as a user runs it.
The sentences and people are invented.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sukien.errors import InputError
from sukien.ingest import read_articles
from sukien.ingest.lead import byline_date, with_title, without_byline
from sukien.model import Article

# A title that holds the whole event, and a body that never names it again.
TITLE = "Thủ tướng Nguyễn Văn Tâm hội đàm với Thủ tướng Campuchia Sok Vannak tại Phnôm Pênh"
BODY = "Hai bên cũng trao đổi về tình hình khu vực và hợp tác nông nghiệp.\n"


def read(path: Path, **options: object) -> Article:
    [article] = read_articles([path], **options)
    assert isinstance(article, Article), article
    return article


def extract(*args: str | Path) -> list[dict]:
    """``sukien extract ARGS`` in a process of its own: one contract record per article."""
    done = subprocess.run([sys.executable, "-c", "from sukien.cli import main; main()", "extract", *map(str, args)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def spans(record: dict) -> list[dict]:
    """Every span of a contract record: mentions, triggers, evidence, dates."""
    found = [m for e in record["entities"] for m in e["mentions"]]
    for event in record["events"]:
        found += [event["trigger"], *event["evidence"]]
        if event["date"] and event["date"]["evidence"]:
            found.append(event["date"]["evidence"])
    return found


# --- the title is analysed ----------------------------------------------------------------

@pytest.mark.parametrize("name, written", [
    ("hai-dong.txt", f"{TITLE}\n{BODY}"),
    ("co-dau-muc.txt", f"{TITLE}\npublished: 2026-03-02\noutlet: Báo Thử\n\n{BODY}"),
    ("tieu-de.md", f"# {TITLE}\n\n{BODY}"),
])
def test_an_event_in_the_title_of_a_text_file_is_found(tmp_path: Path, name: str, written: str) -> None:
    path = tmp_path / name
    path.write_text(written, encoding="utf-8")
    text = read(path).text
    assert text == f"{TITLE}\n{BODY}"
    [record] = extract(path, "--published", "2026-03-02")
    assert record["article"]["title"] == TITLE
    talks = [e for e in record["events"] if e["cameo"] == "046"]
    assert talks, record["events"]
    assert talks[0]["trigger"]["start"] < len(TITLE)
    assert talks[0]["summary"].startswith("Nguyễn Văn Tâm")
    for span in spans(record):  # offsets point into the text the pipeline read
        assert text[span["start"]:span["end"]] == span["text"]


def test_a_title_only_file_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "mot-dong.txt"
    path.write_text(TITLE + "\n", encoding="utf-8")
    assert read(path).text == TITLE
    [record] = extract(path, "--published", "2026-03-02")
    assert len([e for e in record["events"] if e["cameo"] == "046"]) == 1


def test_a_body_that_repeats_its_title_does_not_get_it_twice(tmp_path: Path) -> None:
    path = tmp_path / "lap.txt"
    path.write_text(f"{TITLE}\n\n{TITLE}\n{BODY}", encoding="utf-8")
    assert read(path).text == f"{TITLE}\n{BODY}"


def test_jsonl_text_is_kept_as_given(tmp_path: Path) -> None:
    """The corpus's form (title first in ``text``) is read once; a ``text`` without its title
    stays the caller's text, so offsets point into it."""
    path = tmp_path / "bai.jsonl"
    records = [
        {"id": "co-tieu-de", "title": TITLE, "text": f"{TITLE}\n{BODY}", "published": "2026-03-02"},
        {"id": "khong-tieu-de", "title": TITLE, "text": BODY, "published": "2026-03-02"},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert [a.text for a in read_articles([path])] == [r["text"] for r in records]
    first, second = extract(path)
    assert len([e for e in first["events"] if e["cameo"] == "046"]) == 1
    for record, given in zip((first, second), records):
        for span in spans(record):
            assert given["text"][span["start"]:span["end"]] == span["text"]


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title} | Báo Thử</title></head>
<body><nav>Trang chủ | Thế giới</nav><article>{inner}
<p>Hai bên cũng trao đổi về tình hình khu vực, hợp tác nông nghiệp và giao thông.</p>
<p>Thủ tướng Nguyễn Văn Tâm mời Thủ tướng Sok Vannak sớm thăm lại Việt Nam.</p>
</article></body></html>"""


@pytest.mark.parametrize("inner", [
    "",  # the main text has no title: it is added
    f"<h1>{TITLE}</h1>",  # the main text opens with it: not twice
    f"<p>Thế giới</p><h1>{TITLE}</h1>",  # a kicker before it: not twice
], ids=["no-h1", "h1", "kicker"])
def test_html_text_starts_with_its_title_once(tmp_path: Path, inner: str) -> None:
    path = tmp_path / "trang.html"
    path.write_text(PAGE.format(title=TITLE, inner=inner), encoding="utf-8")
    article = read(path, published=date(2026, 3, 2))
    assert article.title == TITLE
    assert article.text.count("hội đàm") == 1 and TITLE in article.text.split("\n")[:2]
    [record] = extract(path, "--published", "2026-03-02")
    assert [e for e in record["events"] if e["cameo"] == "046"]


def test_feed_entry_text_starts_with_its_title_once(tmp_path: Path) -> None:
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Báo Thử</title>
<item><title>{TITLE}</title><guid>a</guid><description>{BODY}</description></item>
<item><title>{TITLE}</title><guid>b</guid><description>&lt;p&gt;{TITLE}&lt;/p&gt;&lt;p&gt;{BODY}&lt;/p&gt;</description></item>
</channel></rss>"""
    path = tmp_path / "tin.rss"
    path.write_text(feed, encoding="utf-8")
    assert [a.text for a in read_articles([path])] == [f"{TITLE}\n{BODY.strip()}"] * 2


@pytest.mark.parametrize("title, body, expected", [
    ("", "Thân bài.", "Thân bài."),
    ("Tiêu đề", "Thân bài.", "Tiêu đề\nThân bài."),
    ("Tiêu đề", "Tiêu đề\nThân bài.", "Tiêu đề\nThân bài."),
    ("Tiêu  đề ", "tiêu đề: thân bài.", "tiêu đề: thân bài."),  # spacing and case
    ("Hoà bình", "Hòa bình\nThân bài.", "Hòa bình\nThân bài."),  # either tone-mark convention
    ("Tiêu đề", "\u200bTiêu đề\nThân bài.", "\u200bTiêu đề\nThân bài."),  # an invisible character
    ("Tiêu đề", "Chuyên mục\nTiêu đề\nThân bài.", "Chuyên mục\nTiêu đề\nThân bài."),
    ("Tiêu đề", "Một\nHai\nBa\nTiêu đề\nThân bài.", "Tiêu đề\nMột\nHai\nBa\nTiêu đề\nThân bài."),
])
def test_with_title(title: str, body: str, expected: str) -> None:
    assert with_title(title, body) == expected


# --- the byline is the publication date, not an event's --------------------------------

@pytest.mark.parametrize("line, expected", [
    ("Thứ năm, 16/4/2026", date(2026, 4, 16)),
    ("Thứ Năm, 16/04/2026, 10:30 (GMT+7)", date(2026, 4, 16)),
    ("Chủ nhật, 5/4/2026 - 07:15", date(2026, 4, 5)),
    ("16-04-2026 10:30 AM", date(2026, 4, 16)),
    ("Cập nhật: 16/04/2026 10:30 GMT+07:00", date(2026, 4, 16)),
    ("Ngày đăng: ngày 16 tháng 4 năm 2026", date(2026, 4, 16)),
    ("2026-04-16T10:30:00+07:00", date(2026, 4, 16)),
    ("T5, 16/4/2026 | 10:30", date(2026, 4, 16)),
    # sentences and lines that are more than a date
    ("Ngày 16/4/2026, Thủ tướng tiếp Đại sứ Nhật Bản.", None),
    ("Trần Thị Mai - Thứ năm, 16/4/2026", None),
    ("Thứ năm, 16/4", None),  # no year: a date in a story, not a byline
    ("31/2/2026", None),  # no such day
    ("Thế giới", None),
    ("", None),
])
def test_byline_date(line: str, expected: date | None) -> None:
    assert byline_date(line) == expected


def test_without_byline_looks_only_at_the_edges() -> None:
    middle = "\n".join(["Một.", "Hai.", "Ba.", "Bốn.", "16/4/2026", "Năm.", "Sáu.", "Bảy."])
    assert without_byline(middle) == (middle, None)
    assert without_byline("Thứ năm, 16/4/2026\nMột.\nHai.") == ("Một.\nHai.", date(2026, 4, 16))
    assert without_byline("Một.\nHai.\nCập nhật: 17/4/2026") == ("Một.\nHai.", date(2026, 4, 17))


BYLINE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Tin ngoại giao | Báo Thử</title></head>
<body><article>
<div class="header-content"><span class="date">Thứ năm, 16/4/2026, 10:30 (GMT+7)</span></div>
<h1>Bộ trưởng Ngoại giao hội đàm với Ngoại trưởng Lào</h1>
<p>Bộ trưởng Ngoại giao Lê Minh Hòa đã hội đàm với Ngoại trưởng Lào Khamphone Sisavath tại Hà Nội.</p>
<p>Chiều 14/4, Bộ trưởng Lê Minh Hòa đã điện đàm với Ngoại trưởng Campuchia Prak Sokhonn.</p>
<p>Hôm qua, Thủ tướng Nguyễn Văn Tâm đã tiếp Đại sứ Nhật Bản Ishimura Kenta tại Hà Nội.</p>
</article></body></html>"""


def test_html_byline_is_the_publication_date_and_no_event_date(tmp_path: Path) -> None:
    path = tmp_path / "tin.html"
    path.write_text(BYLINE_PAGE, encoding="utf-8")
    article = read(path)
    assert article.published == date(2026, 4, 16)
    assert "16/4/2026" not in article.text
    assert article.text.startswith("Bộ trưởng Ngoại giao hội đàm với Ngoại trưởng Lào\n")
    [record] = extract(path)
    assert record["article"]["published"] == "2026-04-16"
    dates = {e["cameo"]: e["date"] for e in record["events"]}
    for event_date in dates.values():  # no event is dated by the byline's words
        assert event_date is None or event_date["evidence"] is None or "2026" not in event_date["evidence"]["text"]
    assert (dates["041"]["start"], dates["041"]["text"]) == ("2026-04-14", "Chiều 14/4")  # the text's own date
    assert (dates["043"]["start"], dates["043"]["text"]) == ("2026-04-15", "Hôm qua")  # the byline anchors it


def test_html_byline_anchors_relative_dates_when_metadata_has_none(tmp_path: Path) -> None:
    """A byline trafilatura cannot read as a date is still the publication date."""
    path = tmp_path / "tin.html"
    page = BYLINE_PAGE.replace("Thứ năm, 16/4/2026, 10:30 (GMT+7)", "Cập nhật: ngày 16 tháng 4 năm 2026")
    path.write_text(page, encoding="utf-8")
    article = read(path, published=date(2020, 1, 1))
    assert article.published == date(2026, 4, 16) and "2026" not in article.text


def test_text_file_byline_under_the_title(tmp_path: Path) -> None:
    path = tmp_path / "tin.txt"
    path.write_text(f"{TITLE}\nThứ hai, 2/3/2026\n\n{BODY}", encoding="utf-8")
    article = read(path, published=date(2020, 1, 1))
    assert (article.published, article.text) == (date(2026, 3, 2), f"{TITLE}\n{BODY}")
    # a published: header wins over the byline
    path.write_text(f"{TITLE}\npublished: 2026-03-03\nThứ hai, 2/3/2026\n{BODY}", encoding="utf-8")
    assert read(path).published == date(2026, 3, 3)


def test_a_bad_byline_like_line_is_body_text(tmp_path: Path) -> None:
    path = tmp_path / "tin.txt"
    path.write_text(f"{TITLE}\n31/2/2026\n{BODY}", encoding="utf-8")
    article = read(path)
    assert not isinstance(article, InputError) and article.text == f"{TITLE}\n31/2/2026\n{BODY}"
