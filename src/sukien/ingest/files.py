"""Files, directories and stdin → Articles, one InputError for each thing that fails.

Kinds by extension: ``.txt``/``.md`` (title line, optional ``published:``, ``outlet:``,
``url:``, ``id:`` header lines or a byline date, then the body), ``.jsonl`` (one article object per line,
streamed), ``.json`` (one object or a list), ``.html``/``.htm`` and feeds
(``.xml``/``.rss``/``.atom``), each also gzip-compressed (``news.jsonl.gz``: news collections
are shipped so; a JSONL stream is unpacked as it is read). A file named explicitly with any
other extension is read as text; directories contribute only known kinds.

Where things came from: ``path`` for a whole file, ``path:N`` for line N of a JSONL or
text file, ``path#N`` for the N-th object of a JSON list or entry of a feed.
"""
from __future__ import annotations

import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from sukien.errors import InputError
from sukien.ingest.feeds import feed_bytes, read_feed
from sukien.ingest.html import read_html
from sukien.ingest.lead import byline_date, with_title
from sukien.model import Article
from sukien.normalize.legacy import decode_bytes

KINDS = {
    ".txt": "text", ".md": "text", ".jsonl": "jsonl", ".json": "json",
    ".html": "html", ".htm": "html", ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
MAX_FILE_BYTES = 100 * 1024 * 1024  # every kind but JSONL is read whole
MAX_LINE_BYTES = 32 * 1024 * 1024  # one JSONL article; longer lines are refused
STDIN = "<stdin>"
_HEADER = re.compile(r"(id|published|outlet|url)[ \t]*:[ \t]*(.*?)\s*$", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}(?=[T ]|$)")

Result = Article | InputError


def read_articles(paths: Iterable[str | Path], *, published: date | None = None) -> Iterator[Result]:
    """Articles from files, directories (recursively, sorted) and "-" (stdin), in order.

    ``published`` is the date of articles that do not state one. A failure is yielded as
    an InputError in the article's place and reading goes on.
    """
    for path in paths:
        if str(path) == "-":
            yield from _read_stdin(published)
        else:
            yield from _read_path(Path(path), published)


def _read_path(path: Path, published: date | None) -> Iterator[Result]:
    if path.is_dir():
        for child in _files_under(path):
            yield from _read_file(child, published)
    elif path.exists():
        yield from _read_file(path, published)
    else:
        yield InputError(str(path), "no such file or directory")


_PACKED = ".gz"
# What reading a damaged or truncated gzip file raises (BadGzipFile is an OSError).
_GZIP_ERRORS = (OSError, EOFError, zlib.error)


def _unpacked(path: Path) -> Path:
    """The name the file has inside its compression: "news.jsonl.gz" → "news.jsonl"."""
    return path.with_suffix("") if path.suffix.lower() == _PACKED else path


def _files_under(root: Path) -> list[Path]:
    """Known kinds below ``root`` (compressed too), sorted; hidden files and folders (.git) are skipped."""
    return sorted(
        path for path in root.rglob("*")
        if _unpacked(path).suffix.lower() in KINDS and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )


def _read_file(path: Path, published: date | None) -> Iterator[Result]:
    inner = _unpacked(path)
    where, kind, stem = str(path), KINDS.get(inner.suffix.lower(), "text"), inner.stem
    if kind == "jsonl":
        yield from _read_jsonl_file(path, where, published, stem)
        return
    try:
        data = _read_bytes(path, where)
        text = decode_bytes(data, where)
    except InputError as error:
        yield error
        return
    if kind == "feed":
        yield from read_feed(feed_bytes(data, text), where, stem=stem, published=published)
    elif kind == "html":
        yield _attempt(lambda: read_html(text, where, default_id=stem, published=published))
    elif kind == "json":
        yield from _json_document(text, where, stem, published)
    else:
        yield _attempt(lambda: parse_text(text, where, stem, published, markdown=inner.suffix.lower() == ".md"))


def _attempt(make: Callable[[], Article]) -> Result:
    try:
        return make()
    except InputError as error:
        return error


def _too_large(where: str, size: int) -> InputError:
    return InputError(where, f"file too large: {size / 1e6:.0f} MB (limit 100 MB; only JSONL may be larger)")


def _read_bytes(path: Path, where: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_large(where, size)
        data = path.read_bytes()
    except OSError as error:
        raise InputError(where, f"cannot read the file: {error.strerror or error}") from None
    if path.suffix.lower() == _PACKED:
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
                data = packed.read(MAX_FILE_BYTES + 1)
        except _GZIP_ERRORS as error:
            raise InputError(where, f"damaged gzip file: {error}") from None
        if len(data) > MAX_FILE_BYTES:
            raise _too_large(where, len(data))
    if not data.strip():
        raise InputError(where, "empty file")
    return data


# --- plain text and Markdown -----------------------------------------------------------

def parse_text(text: str, where: str, default_id: str, published: date | None, *, markdown: bool = False) -> Article:
    """Title line, header lines, body. The article's text is the title line, a newline and
    the body exactly as written (offsets point into it; the header lines and the blank
    lines before the body are left out), so the title is analysed like any sentence; a
    file with no body is its own title. A line under the title that holds only a date
    ("Thứ năm, 16/4/2026") is the byline: the publication date, unless ``published:``
    gives one."""
    lines = _lines_with_positions(text)
    title_line = next(((n, line) for n, _, line in lines if line.strip()), None)
    if title_line is None:
        raise InputError(where, "empty file")
    number, title = title_line
    title = title.strip().lstrip("#").strip() if markdown else title.strip()
    fields: dict[str, str] = {}
    byline: date | None = None
    body_start = len(text)
    for n, start, line in lines[number:]:  # the lines after the title
        header = _HEADER.match(line)
        if header and header.group(1).lower() not in fields:
            fields[header.group(1).lower()] = header.group(2)
            _check_header_date(header, f"{where}:{n}")
        elif byline is None and (byline := byline_date(line)) is not None:
            continue  # "Thứ năm, 16/4/2026" under the title: the publication date
        elif line.strip():
            body_start = start
            break
    body = text[body_start:]
    return Article(
        text=with_title(title, body) if body.strip() else title,
        id=fields.get("id") or default_id,
        title=title,
        published=_parse_date(fields["published"]) if fields.get("published") else byline or published,
        outlet=fields.get("outlet") or None,
        url=fields.get("url") or None,
        origin=where,
    )


def _lines_with_positions(text: str) -> list[tuple[int, int, str]]:
    """(line number from 1, start offset, line without its newline) for every line."""
    out, start = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        out.append((number, start, line))
        start += len(line) + 1
    return out


def _check_header_date(header: re.Match[str], where: str) -> None:
    if header.group(1).lower() == "published" and header.group(2) and _parse_date(header.group(2)) is None:
        raise InputError(where, f"invalid date {header.group(2)!r} in the published: header")


# --- JSON records ---------------------------------------------------------------------

def _parse_date(value: str) -> date | None:
    """The date part of an ISO date or date-time, or None when it is not one."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    prefix = _DATE_PREFIX.match(value.strip())  # "2025-10-09 10:00 GMT+7" and the like
    try:
        return date.fromisoformat(prefix.group()) if prefix else None
    except ValueError:
        return None


def article_from_record(record: object, where: str, default_id: str, published: date | None) -> Article:
    """One JSON article object → Article; InputError naming the field that is wrong.

    ``text`` is kept exactly as given, so that offsets point into the caller's own text: a
    title is analysed when ``text`` holds it (as the development corpus's articles do,
    title first), never added to it."""
    if not isinstance(record, dict):
        raise InputError(where, f"not a JSON object but {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, 'missing or empty "text"')
    for key in ("title", "outlet", "url"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(where, f'"{key}" is not a string')
    identifier = record.get("id")
    if identifier is not None and not isinstance(identifier, (str, int)):
        raise InputError(where, '"id" is not a string')
    return Article(
        text=text,
        id=str(identifier) if identifier not in (None, "") else default_id,
        title=record.get("title") or "",
        published=_record_date(record.get("published"), where) or published,
        outlet=record.get("outlet") or None,
        url=record.get("url") or None,
        origin=where,
    )


def _record_date(value: object, where: str) -> date | None:
    if value in (None, ""):
        return None
    parsed = _parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise InputError(where, f'invalid "published" date {value!r}')
    return parsed


def _json_document(text: str, where: str, stem: str, published: date | None) -> Iterator[Result]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        yield InputError(f"{where}:{error.lineno}", f"invalid JSON: {error.msg}")
        return
    if isinstance(document, list):
        for number, record in enumerate(document, start=1):
            yield _attempt(lambda: article_from_record(record, f"{where}#{number}", f"{stem}-{number}", published))
    elif isinstance(document, dict):
        yield _attempt(lambda: article_from_record(document, where, stem, published))
    else:
        yield InputError(where, "JSON must be an article object or a list of them")


# --- JSONL, streamed ------------------------------------------------------------------

def _read_jsonl_file(path: Path, where: str, published: date | None, stem: str) -> Iterator[Result]:
    try:
        handle = gzip.open(path, "rb") if path.suffix.lower() == _PACKED else path.open("rb")
    except OSError as error:
        yield InputError(where, f"cannot read the file: {error.strerror or error}")
        return
    with handle:
        try:
            problem = _head_problem(handle.read(8192))
            handle.seek(0)
        except _GZIP_ERRORS as error:
            problem = f"damaged gzip file: {error}"
        if problem:
            yield InputError(where, problem)
            return
        yield from _jsonl_records(_byte_lines(handle, where), where, stem, published)


def _byte_lines(handle: BinaryIO, where: str) -> Iterator[tuple[int, bytes | InputError]]:
    """(line number, bytes) one line at a time, so memory stays bounded by one line. A compressed
    file damaged part-way ends with an error after the lines read before the damage."""
    number = 0
    while line := _next_line(handle, where, number):
        if isinstance(line, InputError):
            yield number + 1, line
            return
        number += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := handle.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the over-long line
            yield number, InputError(f"{where}:{number}", f"line longer than {MAX_LINE_BYTES >> 20} MB")
        else:
            yield number, line


def _next_line(handle: BinaryIO, where: str, number: int) -> bytes | InputError:
    try:
        return handle.readline(MAX_LINE_BYTES + 1)
    except _GZIP_ERRORS as error:
        return InputError(f"{where}:{number + 1}", f"damaged gzip file: {error}")


def _jsonl_records(
    lines: Iterable[tuple[int, bytes | InputError]], where: str, stem: str, published: date | None
) -> Iterator[Result]:
    seen_any = False
    for number, line in lines:
        if isinstance(line, InputError):
            seen_any = True
            yield line
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        seen_any = True
        yield _attempt(lambda: _jsonl_article(line, f"{where}:{number}", f"{stem}-{number}", published))
    if not seen_any:
        yield InputError(where, "empty file")


def _head_problem(head: bytes) -> str | None:
    """Refuse a whole file up front rather than report every line of it as broken."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "JSONL must be UTF-8 (found a UTF-16 byte-order mark)"
    if b"\x00" in head:
        return "binary file (NUL bytes)"
    return None


def _jsonl_article(line: bytes, where: str, default_id: str, published: date | None) -> Article:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(where, "not UTF-8 (JSONL must be UTF-8)") from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(where, f"invalid JSON: {error.msg} (column {error.colno})") from None
    return article_from_record(record, where, default_id, published)


# --- stdin ----------------------------------------------------------------------------

def _read_stdin(published: date | None) -> Iterator[Result]:
    """JSONL when every non-empty line is a JSON object; one JSON document; else text."""
    buffer = getattr(sys.stdin, "buffer", None)
    try:
        text = decode_bytes(buffer.read(), STDIN) if buffer is not None else sys.stdin.read()
    except InputError as error:
        yield error
        return
    if not text.strip():
        yield InputError(STDIN, "empty input")
        return
    records = _json_lines(text)
    if records is not None:
        for number, record in records:
            yield _attempt(lambda: article_from_record(record, f"{STDIN}:{number}", f"stdin-{number}", published))
        return
    if text.lstrip().startswith(("[", "{")):
        yield from _json_document(text, STDIN, "stdin", published)
        return
    yield _attempt(lambda: parse_text(text, STDIN, "stdin", published))


def _json_lines(text: str) -> list[tuple[int, dict]] | None:
    """Numbered objects when every non-empty line is a JSON object, else None."""
    records = []
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            return None
        if not isinstance(record, dict):
            return None
        records.append((number, record))
    return records or None
