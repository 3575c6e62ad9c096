"""Stage 1, ingest: real files written to tmp_path → Articles and InputErrors."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from sukien.errors import InputError
from sukien.ingest import read_articles
from sukien.ingest import html as html_module
from sukien.model import Article
from sukien.normalize.legacy import encode_legacy

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV_ARTICLES = SHARED / "corpus" / "dev" / "articles.jsonl"

# Invented sentences for the fixtures.
BODY = (
    "Sáng 3/4, Bộ trưởng Ngoại giao tiếp Đại sứ Phần Lan tại Hà Nội.\n"
    "\n"
    "Hai bên nhất trí thúc đẩy hợp tác giáo dục và năng lượng sạch.\n"
)
TITLE = "Bộ trưởng Ngoại giao tiếp Đại sứ Phần Lan"
# What the pipeline reads of a text file: its title line, then its body.
TEXT = f"{TITLE}\n{BODY}"


def read(*paths: object, **options: object) -> list[Article | InputError]:
    return list(read_articles(paths, **options))


def articles(results: list[Article | InputError]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


def errors(results: list[Article | InputError]) -> list[InputError]:
    return [r for r in results if isinstance(r, InputError)]


# --- text and Markdown ------------------------------------------------------------------

def test_text_file_with_headers(tmp_path: Path) -> None:
    path = tmp_path / "bai-01.txt"
    path.write_text(
        f"{TITLE}\npublished: 2024-04-03\noutlet: Báo Thử\nurl: https://example.vn/bai-01\n\n\n{BODY}",
        encoding="utf-8",
    )
    [article] = read(path)
    assert article == Article(
        text=TEXT, id="bai-01", title=TITLE, published=date(2024, 4, 3),
        outlet="Báo Thử", url="https://example.vn/bai-01", origin=str(path),
    )


def test_text_file_without_headers_takes_the_default_date(tmp_path: Path) -> None:
    path = tmp_path / "ghi-chu.txt"
    path.write_text(f"\n\n  {TITLE}  \n{BODY}", encoding="utf-8")
    [article] = read(path, published=date(2020, 1, 2))
    assert (article.title, article.text, article.published) == (TITLE, TEXT, date(2020, 1, 2))


def test_text_body_is_kept_exactly(tmp_path: Path) -> None:
    body = "  Dòng thụt lề giữ nguyên.\r\n\tTab cũng vậy.  \r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(f"Tiêu đề\r\nid: bai-xyz\r\n\r\n{body}".encode())
    [article] = read(path)
    assert article.text == "Tiêu đề\n" + body and article.id == "bai-xyz" and article.title == "Tiêu đề"


def test_markdown_title_loses_its_hashes(tmp_path: Path) -> None:
    path = tmp_path / "tin.md"
    path.write_text(f"# {TITLE}\n\n{BODY}", encoding="utf-8")
    [article] = read(path)
    assert article.title == TITLE and article.text == TEXT


def test_title_only_file_is_its_own_text(tmp_path: Path) -> None:
    path = tmp_path / "mot-dong.txt"
    path.write_text("Thủ tướng tiếp Chủ tịch Ngân hàng Thế giới.\n", encoding="utf-8")
    [article] = read(path)
    assert article.text == article.title == "Thủ tướng tiếp Chủ tịch Ngân hàng Thế giới."


def test_bad_header_date_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "sai-ngay.txt"
    path.write_text(f"{TITLE}\noutlet: Báo Thử\npublished: 2024-13-40\n\n{BODY}", encoding="utf-8")
    [error] = read(path)
    assert isinstance(error, InputError) and error.where == f"{path}:3"


@pytest.mark.parametrize("encoding", ["cp1258", "tcvn3", "vni", "viscii"])
def test_legacy_encoded_text_file(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"cu-{encoding}.txt"
    path.write_bytes(encode_legacy(f"{TITLE}\n{BODY}", encoding))
    [article] = read(path)
    assert (article.title, article.text) == (TITLE, TEXT)


# --- JSONL and JSON ---------------------------------------------------------------------

def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def test_jsonl_broken_line_three(tmp_path: Path) -> None:
    path = tmp_path / "lo.jsonl"
    path.write_text(
        jsonl(
            {"id": "a1", "title": "Tin một", "text": "Chủ tịch nước tiếp khách.", "published": "2023-05-06"},
            {"text": "Hai nước ký hiệp định.", "published": "2023-05-07T08:30:00+07:00"},
            '{"text": "dòng hỏng", ',
            {"id": 42, "text": "Bộ Ngoại giao ra thông cáo.", "outlet": "Báo Thử"},
        ),
        encoding="utf-8",
    )
    results = read(path)
    assert [type(r) for r in results] == [Article, Article, InputError, Article]
    assert results[2].where == f"{path}:3" and "invalid JSON" in results[2].problem
    first, second, fourth = articles(results)
    assert (first.id, first.title, first.published, first.origin) == ("a1", "Tin một", date(2023, 5, 6), f"{path}:1")
    assert (second.id, second.published) == ("lo-2", date(2023, 5, 7))
    assert (fourth.id, fourth.outlet, fourth.origin) == ("42", "Báo Thử", f"{path}:4")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("[1, 2]", "not a JSON object"),
        ('{"title": "không có nội dung"}', 'missing or empty "text"'),
        ('{"text": "   "}', 'missing or empty "text"'),
        ('{"text": "Có nội dung.", "published": "hôm qua"}', "invalid"),
        ('{"text": "Có nội dung.", "published": "2023-02-30"}', "invalid"),
        ('{"text": "Có nội dung.", "title": 7}', '"title" is not a string'),
    ],
)
def test_jsonl_line_problems(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(jsonl({"text": "Dòng tốt."}, line, {"text": "Dòng tốt nữa."}), encoding="utf-8")
    results = read(path)
    assert len(articles(results)) == 2
    [error] = errors(results)
    assert error.where == f"{path}:2" and problem in error.problem


def test_jsonl_must_be_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cu.jsonl"
    line = json.dumps({"text": "Việt Nam"}, ensure_ascii=False)
    path.write_bytes(jsonl({"text": "tốt"}).encode() + encode_legacy(line, "vni") + b"\n")
    results = read(path)
    assert "UTF-8" in errors(results)[0].problem and errors(results)[0].where == f"{path}:2"
    assert len(articles(results)) == 1


def test_jsonl_blank_lines_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + jsonl({"text": "một"}, "", {"text": "hai"}).encode())
    assert [(a.id, a.text) for a in read(path)] == [("bom-1", "một"), ("bom-3", "hai")]


def test_json_object_and_list(tmp_path: Path) -> None:
    single = tmp_path / "don.json"
    single.write_text(json.dumps({"title": "Một", "text": "Nội dung một."}, indent=2), encoding="utf-8")
    many = tmp_path / "nhieu.json"
    many.write_text(json.dumps([{"text": "Nội dung hai."}, {"text": ""}, {"id": "z", "text": "Ba."}]), encoding="utf-8")
    results = read(single, many)
    assert [(r.id, r.origin) for r in articles(results)] == [
        ("don", str(single)), ("nhieu-1", f"{many}#1"), ("z", f"{many}#3"),
    ]
    assert [e.where for e in errors(results)] == [f"{many}#2"]


@pytest.mark.skipif(not DEV_ARTICLES.exists(), reason=f"shared dev corpus not present at {DEV_ARTICLES}")
def test_dev_corpus_reads_exactly() -> None:
    expected = [json.loads(line) for line in DEV_ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = read(DEV_ARTICLES)
    assert len(expected) > 100 and not errors(results)
    got = articles(results)
    assert [a.text for a in got] == [e["text"] for e in expected]
    assert [(a.id, a.title, a.outlet, a.url) for a in got] == [
        (e["id"], e["title"], e["outlet"], e["url"]) for e in expected
    ]
    assert [a.published.isoformat() for a in got] == [e["published"][:10] for e in expected]
    assert got[4].origin == f"{DEV_ARTICLES}:5"


# --- paths, errors, stdin ---------------------------------------------------------------

def test_directory_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".an").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Hai\nThân bài hai.", encoding="utf-8")
    (tmp_path / "a.md").write_text("Một\nThân bài một.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(jsonl({"text": "Ba."}), encoding="utf-8")
    (tmp_path / "ghi.csv").write_text("bỏ qua", encoding="utf-8")
    (tmp_path / ".an" / "x.txt").write_text("Ẩn\nbỏ qua", encoding="utf-8")
    assert [a.id for a in read(tmp_path)] == ["a", "2", "c-1"]


def test_missing_path(tmp_path: Path) -> None:
    [error] = read(tmp_path / "khong-co.txt")
    assert "no such file" in error.problem


@pytest.mark.parametrize("name", ["rong.txt", "rong.jsonl", "rong.html", "rong.json", "rong.rss"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\n  \n")
    [error] = read(path)
    assert isinstance(error, InputError) and error.where == str(path) and "empty" in error.problem


@pytest.mark.parametrize("name", ["anh.txt", "anh.html", "anh.jsonl", "anh.xml", "anh.json"])
def test_binary_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00\x00\x00\x01\x80\x08\x06" * 20)
    [error] = read(path)
    assert isinstance(error, InputError) and error.where == str(path) and "binary" in error.problem


def test_file_over_100_mb_is_refused_unless_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "lon.txt"
    with path.open("wb") as handle:
        handle.truncate(101 * 1024 * 1024)  # sparse: no disk or time spent
    [error] = read(path)
    assert "too large" in error.problem


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "khoa.txt"
    path.write_text("Tiêu đề\nNội dung.", encoding="utf-8")
    path.chmod(0)
    [error] = read(path)
    assert "cannot read" in error.problem


def stdin_of(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin_of(monkeypatch, jsonl({"text": "Một."}, {"text": ""}, {"id": "c", "text": "Ba."}).encode())
    results = read("-")
    assert [(a.id, a.origin) for a in articles(results)] == [("stdin-1", "<stdin>:1"), ("c", "<stdin>:3")]
    assert [e.where for e in errors(results)] == ["<stdin>:2"]


def test_stdin_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin_of(monkeypatch, f"{TITLE}\npublished: 2022-02-02\n{BODY}".encode())
    [article] = read("-")
    assert (article.id, article.title, article.text, article.published) == ("stdin", TITLE, TEXT, date(2022, 2, 2))


def test_stdin_text_stream_without_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"text": "Xin chào."}\n'))
    [article] = read("-")
    assert article.text == "Xin chào."


def test_stdin_legacy_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin_of(monkeypatch, encode_legacy(f"{TITLE}\n{BODY}", "tcvn3"))
    [article] = read("-")
    assert article.text == TEXT


# --- HTML and feeds ---------------------------------------------------------------------

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title} | Báo Thử</title>
<style>body {{ color: red }}</style><script>alert(1)</script></head>
<body><nav>Trang chủ | Thế giới</nav><article>
<p>Chiều 12/9, Phó Thủ tướng đã tiếp Bộ trưởng Thương mại Chile đang thăm Việt Nam.</p>
<img src="data:image/png;base64,{blob}">
<p>Hai bên nhất trí sớm nâng cấp hiệp định thương mại song phương và mở rộng hợp tác nông nghiệp.</p>
<script>var x = "<p>không được lọt vào</p>"; alert(1)</script>
<p>Phó Thủ tướng đề nghị Chile tạo điều kiện cho hàng nông sản Việt Nam vào thị trường này.</p>
</article></body></html>"""


def test_html_with_script_and_5_mb_data_uri(tmp_path: Path) -> None:
    path = tmp_path / "trang.html"
    path.write_text(PAGE.format(title="Phó Thủ tướng tiếp Bộ trưởng Chile", blob="QUJD" * 1_300_000), encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    started = time.perf_counter()
    [article] = read(path)
    assert time.perf_counter() - started < 10
    assert isinstance(article, Article), article
    assert "Phó Thủ tướng đã tiếp Bộ trưởng Thương mại Chile" in article.text
    assert "nông sản Việt Nam" in article.text
    for junk in ("alert", "QUJD", "color", "không được lọt", "<p>"):
        assert junk not in article.text
    assert article.id == "trang" and article.origin == str(path)
    assert "Phó Thủ tướng tiếp Bộ trưởng Chile" in article.title


def test_html_title_falls_back_to_the_title_tag(tmp_path: Path) -> None:
    path = tmp_path / "ngan.htm"
    path.write_text("<html><head><title>Tin &amp; ảnh ngắn</title></head><body><p>Một câu.</p></body></html>", encoding="utf-8")
    [article] = read(path, published=date(2021, 6, 1))
    assert (article.title, article.text, article.published) == ("Tin & ảnh ngắn", "Tin & ảnh ngắn\nMột câu.", date(2021, 6, 1))


def test_html_without_text(tmp_path: Path) -> None:
    path = tmp_path / "trong.html"
    path.write_text("<html><head><script>alert(1)</script></head><body></body></html>", encoding="utf-8")
    [error] = read(path)
    assert "no article text" in error.problem


def test_html_too_large_after_slimming(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_module, "MAX_HTML_CHARS", 1000)
    path = tmp_path / "dai.html"
    path.write_text("<html><body>" + "<p>Một đoạn văn khá dài.</p>" * 100 + "</body></html>", encoding="utf-8")
    [error] = read(path)
    assert "too large" in error.problem and "MB" in error.problem


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Báo Thử</title>
<item><title>Chủ tịch Quốc hội hội kiến Tổng thống Brazil</title><link>https://example.vn/1</link>
<guid>bt-1</guid><pubDate>Tue, 05 Mar 2024 09:00:00 +0700</pubDate>
<description><![CDATA[<p>Hai bên trao đổi về <b>hợp tác</b> nghị viện.</p><script>alert(1)</script><p>Đoạn hai.</p>]]></description></item>
<item><title>Tin không có nội dung</title><link>https://example.vn/2</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Báo Thử</title>
<entry><title>Phát biểu của người phát ngôn</title><link href="https://example.vn/3"/>
<updated>2024-03-06T10:00:00Z</updated>
<content type="html">&lt;p&gt;Người phát ngôn lên tiếng về tình hình Biển Đông.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_feed(tmp_path: Path) -> None:
    path = tmp_path / "tin.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second = read(path)
    assert isinstance(first, Article) and isinstance(second, InputError)
    assert first.text == "Chủ tịch Quốc hội hội kiến Tổng thống Brazil\nHai bên trao đổi về hợp tác nghị viện.\nĐoạn hai."
    assert (first.id, first.title, first.url, first.published, first.origin) == (
        "bt-1", "Chủ tịch Quốc hội hội kiến Tổng thống Brazil", "https://example.vn/1", date(2024, 3, 5), f"{path}#1",
    )
    assert second.where == f"{path}#2"


def test_atom_feed(tmp_path: Path) -> None:
    path = tmp_path / "tin.atom"
    path.write_text(ATOM, encoding="utf-8")
    [article] = read(path)
    assert article.text == "Phát biểu của người phát ngôn\nNgười phát ngôn lên tiếng về tình hình Biển Đông."
    assert (article.id, article.url, article.published) == ("tin-1", "https://example.vn/3", date(2024, 3, 6))


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "khac.xml"
    path.write_text("<?xml version='1.0'?><ghi><chu>không phải feed</chu></ghi>", encoding="utf-8")
    [error] = read(path)
    assert isinstance(error, InputError) and error.where == str(path)


# --- a large JSONL is streamed ----------------------------------------------------------

# getrusage's ru_maxrss survives fork and exec, so the child would inherit pytest's peak;
# Linux's VmHWM is the child's own high-water mark. Both are in KiB.
STREAM_SCRIPT = """
import resource, sys
from sukien.ingest import read_articles
from sukien.model import Article
good = bad = 0
for result in read_articles([sys.argv[1]]):
    if isinstance(result, Article):
        good += 1
    else:
        bad += 1
try:
    with open("/proc/self/status") as status:
        peak = int(status.read().split("VmHWM:")[1].split()[0])
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(good, bad, peak)
"""


@pytest.mark.slow
def test_150_mb_jsonl_is_streamed_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "lon.jsonl"
    record = {"title": "Tin thử", "published": "2024-01-01",
              "text": "Bộ trưởng Ngoại giao tiếp Đại sứ và hai bên trao đổi về hợp tác. " * 22}
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode()
    chunk = line * 1000
    repeats = 150 * 1024 * 1024 // len(chunk) + 1
    with path.open("wb") as handle:
        for _ in range(repeats):
            handle.write(chunk)
        handle.write(b"{broken\n")
    assert path.stat().st_size > 150 * 1024 * 1024
    # A fresh interpreter, so that the peak memory of other tests does not count.
    done = subprocess.run([sys.executable, "-c", STREAM_SCRIPT, str(path)],
                          capture_output=True, text=True, timeout=120, check=True)
    good, bad, peak_kib = map(int, done.stdout.split())
    assert (good, bad) == (repeats * 1000, 1)
    assert peak_kib < 300 * 1024, f"peak RSS {peak_kib // 1024} MB"


# --- gzip-compressed files ----------------------------------------------------------------

def _jsonl_lines(count: int) -> bytes:
    return b"".join(json.dumps({"id": f"tin-{i}", "text": TEXT, "published": "2026-04-03"},
                               ensure_ascii=False).encode() + b"\n" for i in range(count))


def test_compressed_jsonl_reads_as_the_plain_file(tmp_path: Path) -> None:
    import gzip
    plain, packed = tmp_path / "tin.jsonl", tmp_path / "tin.jsonl.gz"
    plain.write_bytes(_jsonl_lines(3))
    packed.write_bytes(gzip.compress(_jsonl_lines(3)))
    from dataclasses import replace
    assert [replace(a, origin=None) for a in read(packed)] == [replace(a, origin=None) for a in read(plain)]
    assert [a.origin for a in articles(read(packed))] == [f"{packed}:{n}" for n in (1, 2, 3)]


def test_compressed_text_file_takes_its_name_without_the_extensions(tmp_path: Path) -> None:
    import gzip
    path = tmp_path / "bai-viet.txt.gz"
    path.write_bytes(gzip.compress(f"{TITLE}\npublished: 2026-04-03\n\n{BODY}".encode()))
    [article] = read(path)
    assert article.id == "bai-viet" and article.title == TITLE and article.published == date(2026, 4, 3)


def test_a_folder_contributes_its_compressed_files(tmp_path: Path) -> None:
    import gzip
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(_jsonl_lines(2)))
    (tmp_path / "b.gz").write_bytes(gzip.compress(b"not a known kind"))
    assert len(articles(read(tmp_path))) == 2


def test_a_truncated_compressed_jsonl_keeps_what_came_before_the_damage(tmp_path: Path) -> None:
    import gzip
    path = tmp_path / "cut.jsonl.gz"
    whole = gzip.compress(_jsonl_lines(2000), compresslevel=1)
    path.write_bytes(whole[: len(whole) // 2])
    results = read(path)
    assert 0 < len(articles(results)) < 2000
    [error] = errors(results)
    assert error.where.startswith(f"{path}:") and "damaged gzip" in error.problem


@pytest.mark.parametrize("name", ["khong-phai.jsonl.gz", "khong-phai.txt.gz"])
def test_a_file_named_gz_that_is_not_gzip_is_refused_by_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(_jsonl_lines(2))
    [error] = read(path)
    assert error.where == str(path) and "damaged gzip" in error.problem
