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
from sukien.ingest.lead import byline_date, with_title, without_byline
from sukien.model import Article

MAX_HTML_CHARS = 20_000_000
_DATA_URI = re.compile(r"data:[^\"'()\s<>]{1024,}", re.IGNORECASE)
_BLOCK_OF_CODE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_LARGE_CODE = 64 * 1024  # small scripts stay: JSON-LD in them carries title and date
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_BYLINE_ELEMENTS = "//body//*[self::time or " + " or ".join(
    f"contains(@class, '{word}') or contains(@itemprop, '{word}')" for word in ("date", "time", "byline", "publish")
) + "]"
_BYLINE_CANDIDATES = 20
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
    """One HTML page → one Article; InputError when it holds no text or is too large.

    The article's text is the main text, starting with the title (added when the page's
    main text does not open with it) and without the byline, whose date is the
    publication date, found in the main text or in an element marked as a date; the
    page's metadata comes after it (trafilatura may guess a date from a year alone)."""
    slim = slim_html(page)
    if len(slim) > MAX_HTML_CHARS:
        raise InputError(
            where,
            f"HTML too large to extract: {len(slim) / 1e6:.0f} MB after dropping inline data "
            f"(limit {MAX_HTML_CHARS / 1e6:.0f} MB)",
        )
    extracted = _extract(slim)
    text, byline = without_byline((extracted.get("text") or "").strip())
    if not text.strip():
        raise InputError(where, "no article text found in the HTML")
    title = " ".join((extracted.get("title") or _title_tag(slim)).split())
    return Article(
        text=with_title(title, text),
        id=default_id,
        title=title,
        published=byline or _page_byline(slim) or _iso_date(extracted.get("date")) or published,
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


def _page_byline(page: str) -> date | None:
    """The date of the page's byline where trafilatura left it out of the main text: the
    first element marked as a date, a time or a byline that holds nothing but a date."""
    import lxml.html  # lxml comes with trafilatura

    try:
        root = lxml.html.document_fromstring(page)
    except Exception:  # lxml raises several types on broken markup
        return None
    for element in root.xpath(_BYLINE_ELEMENTS)[:_BYLINE_CANDIDATES]:
        day = byline_date(element.get("datetime") or "") or byline_date(element.text_content())
        if day is not None:
            return day
    return None


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
