"""RSS and Atom feeds → one Article per entry, parsed by feedparser from bytes (offline).

An entry is named ``path#N`` (N counts entries from 1) in origins and errors. Its text
starts with its title, as every reader's does (see ``lead.py``).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from time import struct_time

from sukien.errors import InputError
from sukien.ingest.html import html_fragment_text
from sukien.ingest.lead import with_title, without_byline
from sukien.model import Article

_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=", re.IGNORECASE)


def feed_bytes(data: bytes, text: str) -> bytes:
    """What to hand feedparser: the raw bytes when the XML names its encoding, else UTF-8.

    ``text`` is the file as ``decode_bytes`` read it, which knows the Vietnamese legacy
    encodings that feedparser does not.
    """
    return data if _DECLARED_ENCODING.match(data[:200]) else text.encode("utf-8")


def read_feed(
    data: bytes, where: str, *, stem: str, published: date | None
) -> Iterator[Article | InputError]:
    import feedparser  # only feeds need it

    # Bytes, never a str: feedparser treats a str as a URL or file name to open.
    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = f"not a readable feed ({parsed.bozo_exception})" if parsed.bozo else "feed has no entries"
        yield InputError(where, problem)
        return
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_article(entry, f"{where}#{number}", f"{stem}-{number}", published)


def _entry_article(entry: dict, where: str, default_id: str, published: date | None) -> Article | InputError:
    text, byline = without_byline(html_fragment_text(_entry_html(entry)))
    if not text:
        return InputError(where, "feed entry has no text (no summary or content)")
    title = " ".join(html_fragment_text(entry.get("title") or "").split())
    return Article(
        text=with_title(title, text),
        id=str(entry.get("id") or default_id),
        title=title,
        published=_entry_date(entry) or byline or published,
        url=entry.get("link") or None,
        origin=where,
    )


def _entry_html(entry: dict) -> str:
    # Full content beats the summary when a feed carries both.
    contents = [part.get("value", "") for part in entry.get("content") or []]
    longest = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return longest if len(longest) >= len(summary) else summary


def _entry_date(entry: dict) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, struct_time):
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None
