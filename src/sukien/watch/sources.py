"""What ``watch`` reads: RSS/Atom feeds over http(s), and folders of files.

A feed is fetched with the validators of its last good fetch (``If-None-Match``,
``If-Modified-Since``), so an unchanged feed answers ``304`` and costs nothing; its
bytes are read by the ingest stage's feed reader (``sukien.ingest.feeds``). A folder
is listed for the files ``sukien ingest`` would read, each with a fingerprint (size
and modification time), so only new or changed files are read again. Every problem
with a source is a ``SourceError`` naming it: the watcher reports it and goes on.
"""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from sukien import __version__
from sukien.errors import InputError, SukienError
from sukien.model import Article

FEED = "feed"
FILES = "files"
MAX_FEED_BYTES = 50 * 1024 * 1024  # a feed larger than this is refused, not read into memory
_URL = re.compile(r"^https?://", re.IGNORECASE)
_NO_ID = "\x00entry"  # the stem the feed reader names id-less entries with: replaced here


class SourceError(SukienError):
    """A source that could not be read this time (network, HTTP status, a vanished folder)."""


@dataclass(frozen=True)
class Source:
    """A watched source: a feed URL, or a folder (or one file) by its absolute path."""

    name: str
    kind: str  # FEED | FILES

    def __str__(self) -> str:
        return self.name


def parse_source(text: str) -> Source:
    """A source from the command line: an http(s) URL is a feed, a path a folder or file."""
    if _URL.match(text):
        if not urlsplit(text).hostname:
            raise InputError(text, "a feed URL needs a host")
        return Source(text, FEED)
    path = Path(text).expanduser()
    if not path.exists():
        raise InputError(text, "no such folder or file, and not an http(s) feed URL")
    return Source(str(path.resolve()), FILES)


@dataclass(frozen=True)
class Fetched:
    """A feed's answer: its bytes (None when unchanged since the validators) and new validators."""

    data: bytes | None
    etag: str | None
    last_modified: str | None


def fetch_feed(url: str, etag: str | None, last_modified: str | None, timeout: float) -> Fetched:
    """GET the feed, conditionally; SourceError for anything but a feed's bytes or a 304."""
    headers = {"User-Agent": f"sukien/{__version__} (watch)", "Accept": "application/rss+xml, "
               "application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only)
            data = response.read(MAX_FEED_BYTES + 1)
            if len(data) > MAX_FEED_BYTES:
                raise SourceError(f"larger than {MAX_FEED_BYTES // 2**20} MiB")
            return Fetched(data, response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(None, etag, last_modified)
        raise SourceError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise SourceError(f"cannot fetch: {exc.reason}") from None
    except (TimeoutError, OSError, ValueError) as exc:  # a timeout mid-body, a reset, a bad URL
        raise SourceError(f"cannot fetch: {exc}") from None


def feed_articles(data: bytes, url: str, today: date) -> list[Article | InputError]:
    """The feed's entries as articles (the ingest stage's reader), each with a stable id.

    An entry without an id is keyed by its link, else by its text (as ``contract.article_id``
    does), never by its position, which shifts as new entries arrive. The outlet is the
    feed's host where the entry names none; entries without a date are dated ``today``.
    """
    from sukien.ingest.feeds import read_feed
    host = urlsplit(url).hostname
    found: list[Article | InputError] = []
    for item in read_feed(data, url, stem=_NO_ID, published=today):
        if isinstance(item, Article):
            item = replace(item, id="" if item.id.startswith(_NO_ID) else item.id,
                           outlet=item.outlet or host)
        found.append(item)
    return found


def is_feed(data: bytes) -> bool:
    """Whether feedparser recognises the bytes as RSS or Atom (an empty feed is one; a web page is not)."""
    import feedparser
    return bool(feedparser.parse(data).version)


@dataclass(frozen=True)
class FileEntry:
    """A file of a watched folder: its path in the folder and its fingerprint."""

    path: Path
    name: str  # relative to the folder ("." parts never), or the file's own name
    fingerprint: str  # "size:mtime_ns"


def folder_files(source: Source) -> list[FileEntry]:
    """The readable files of a folder source (as ``sukien ingest`` picks them), sorted."""
    from sukien.ingest import KINDS
    root = Path(source.name)
    try:
        if root.is_file():
            return [_entry(root, root.name)]
        if not root.is_dir():
            raise SourceError("the folder is gone")
        return [_entry(path, str(path.relative_to(root))) for path in sorted(_walk(root, KINDS))]
    except OSError as exc:
        raise SourceError(f"cannot list: {exc.strerror or exc}") from None


def _walk(root: Path, kinds) -> Iterator[Path]:
    for path in root.rglob("*"):
        if (path.suffix.lower() in kinds and not any(part.startswith(".") for part in path.relative_to(root).parts)
                and path.is_file()):
            yield path


def _entry(path: Path, name: str) -> FileEntry:
    stat = path.stat()
    return FileEntry(path, name, f"{stat.st_size}:{stat.st_mtime_ns}")


def file_articles(entry: FileEntry) -> Iterator[Article | InputError]:
    """Every article of one file (a JSONL file holds many, read as a stream), errors in their places."""
    from sukien.ingest import read_articles
    return read_articles([str(entry.path)], published=None)
