"""HTML pages → Article: the main text by trafilatura (offline), never scripts or styles.

Saved news pages often carry megabytes of inline data (base64 images, fonts, state
blobs in <script>). Those are cut out before extraction so that memory and time stay
proportional to the text; what is left is handed to trafilatura only up to
``MAX_HTML_CHARS``.
"""
from __future__ import annotations

import html as html_lib
import json
import re
from datetime import date

from sukien.errors import InputError
from sukien.model import Article

MAX_HTML_CHARS = 20_000_000
_DATA_URI = re.compile(r"data:[^\"'()\s<>]{1024,}", re.IGNORECASE)
_BLOCK_OF_CODE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_LARGE_CODE = 64 * 1024  # small scripts stay: JSON-LD in them carries title and date
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "tr", "blockquote", "section", "article", "table", "pre", "figure", "figcaption",
)


def slim_html(page: str) -> str:
    """Drop inline data URIs and large script/style blocks; keep everything else."""
    page = _DATA_URI.sub("data:,", page)
    return _BLOCK_OF_CODE.sub(
        lambda match: "" if len(match.group()) > _LARGE_CODE else match.group(), page
    )


def read_html(page: str, where: str, *, default_id: str, published: date | None) -> Article:
    """One HTML page → one Article; InputError when it holds no text or is too large."""
    slim = slim_html(page)
    if len(slim) > MAX_HTML_CHARS:
        raise InputError(
            where,
            f"HTML too large to extract: {len(slim) / 1e6:.0f} MB after dropping inline data "
            f"(limit {MAX_HTML_CHARS / 1e6:.0f} MB)",
        )
    extracted = _extract(slim)
    text = (extracted.get("text") or "").strip()
    if not text:
        raise InputError(where, "no article text found in the HTML")
    return Article(
        text=text,
        id=default_id,
        title=(extracted.get("title") or _title_tag(slim)).strip(),
        published=_iso_date(extracted.get("date")) or published,
        url=extracted.get("source") or None,
        origin=where,
    )


def _extract(page: str) -> dict[str, str | None]:
    import trafilatura  # heavy; only HTML needs it

    found = trafilatura.extract(
        page, include_comments=False, output_format="json", with_metadata=True
    )
    if found:
        return json.loads(found)
    # Very short pages fall under trafilatura's size heuristics; take all visible text.
    return {"text": trafilatura.html2txt(page)}


def _title_tag(page: str) -> str:
    match = _TITLE.search(page)
    return " ".join(html_lib.unescape(match.group(1)).split()) if match else ""


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def html_fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed summary): tags out, blocks as lines, no scripts."""
    if "<" not in fragment:
        return _tidy(html_lib.unescape(fragment))
    import lxml.html  # lxml comes with trafilatura

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on broken markup; fall back to the text
        return _tidy(html_lib.unescape(re.sub(r"<[^>]*>", " ", fragment)))
    for element in root.xpath("//script|//style"):
        element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
