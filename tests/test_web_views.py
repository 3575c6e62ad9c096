"""The web UI's views in Chromium: what a reader sees on the timeline, the actor network,
the entity, article and search pages, in both languages and on a phone-sized screen.

Two live servers: the example articles (as in ``test_web``) and a generated database of
6,000 events over ten years and 120 actors (``benchmarks/query_latency.py``'s generator),
more than the 5,000 the timeline once stopped at. Screenshots go where ``test_web`` puts
them ($SUKIEN_SCREENSHOTS or a temporary folder).
"""
from __future__ import annotations

import importlib.util
import itertools
import math
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.test_web import (  # noqa: F401  (fixtures, used by name)
    browser_context_args,
    browser_type_launch_args,
    ready,
    screenshots,
    server,
    serving,
    watched,
)

pytestmark = [pytest.mark.browser]

from sukien.normalize.fold import fold  # noqa: E402
from sukien.store import open_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GENERATED_EVENTS = 6000
PALETTE = ROOT / "src" / "sukien" / "web" / "static" / "js" / "palette.js"


def _generator():
    spec = importlib.util.spec_from_file_location("query_latency", ROOT / "benchmarks" / "query_latency.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def big_server(tmp_path_factory):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('big') / 'generated.db'}")
    _generator().fill(store, GENERATED_EVENTS)
    with serving(store) as url:
        yield url
    store.close()


def chart_state(page) -> dict:
    return page.evaluate("""() => {
        const chart = Object.values(Chart.instances)[0];
        const sets = chart.data.datasets;
        return {labels: chart.data.labels, colors: sets.map((d) => d.backgroundColor),
                total: sets.reduce((n, d) => n + d.data.reduce((a, b) => a + b, 0), 0)};
    }""")


def graph_state(page) -> dict:
    page.wait_for_function("window.sukienGraph && window.sukienGraph.nodes().length > 0")
    return page.evaluate("""() => {
        const cy = window.sukienGraph;
        const labelled = cy.nodes().filter((n) => n.style('label') !== '');
        const font = (n) => parseFloat(n.style('font-size')) * cy.zoom();
        const boxes = labelled.map((n) => n.renderedBoundingBox({includeLabels: true, includeNodes: false,
                                                                 includeEdges: false}));
        const overlaps = boxes.filter((a, i) => boxes.some((b, j) => i < j &&
            a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2)).length;
        return {nodes: cy.nodes().length, labelled: labelled.length, zoom: cy.zoom(), overlaps,
                fonts: labelled.map(font), widths: cy.nodes().map((n) => n.renderedWidth())};
    }""")


# -- timeline -------------------------------------------------------------------------------


def test_timeline_counts_every_event_of_a_large_database(watched, big_server, screenshots):
    page = watched
    page.goto(big_server + "/#/")
    ready(page)
    chart = chart_state(page)
    assert chart["total"] == GENERATED_EVENTS  # not the oldest 5,000
    assert chart["labels"][0] == "2015" and chart["labels"][-1] == "2025"  # ten years: by year
    assert page.locator(".toggle .current").get_attribute("data-by") == "auto"
    page.locator(".panels").screenshot(path=str(screenshots / "timeline-generated.png"))
    page.goto(big_server + "/#/?by=month")
    ready(page)
    chart = chart_state(page)
    assert chart["total"] == GENERATED_EVENTS and len(chart["labels"]) == 132


def test_timeline_draws_the_months_without_events(watched, server, screenshots):
    page = watched
    page.goto(server + "/#/?by=month")
    ready(page)
    counts = page.request.get(server + "/api/timeline", params={"by": "month"}).json()
    periods = [b["period"] for b in counts["buckets"]]
    labels = chart_state(page)["labels"]
    first, last = periods[0], periods[-1]
    expected = []
    for year, month in itertools.product(range(int(first[:4]), int(last[:4]) + 1), range(1, 13)):
        if first <= f"{year}-{month:02d}" <= last:
            expected.append(f"{year}-{month:02d}")
    assert labels == expected
    assert set(expected) - set(periods), "the example articles leave some months without events"
    assert chart_state(page)["total"] == counts["events"]
    page.locator(".panels").screenshot(path=str(screenshots / "timeline-gap.png"))


def _lab(colour: str) -> tuple[float, float, float]:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    x = (lin[0] * 0.4124 + lin[1] * 0.3576 + lin[2] * 0.1805) / 0.95047
    y = lin[0] * 0.2126 + lin[1] * 0.7152 + lin[2] * 0.0722
    z = (lin[0] * 0.0193 + lin[1] * 0.1192 + lin[2] * 0.9505) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def test_every_plover_class_has_its_own_colour(watched, server):
    palette = dict(re.findall(r"([A-Z]+): \"(#[0-9a-f]{6})\"", PALETTE.read_text(encoding="utf-8")))
    from sukien.api.routes.deps import PLOVER_TYPES
    assert set(palette) == {*PLOVER_TYPES, "OTHER"}
    closest = min(math.dist(_lab(palette[a]), _lab(palette[b])) for a, b in itertools.combinations(palette, 2))
    assert closest >= 20, f"two PLOVER colours are only ΔE {closest:.1f} apart"
    page = watched
    page.goto(server + "/")
    ready(page)
    colours = chart_state(page)["colors"]
    assert len(colours) == len(set(colours)) > 3
    badges = page.locator(".event-card .badge.plover").evaluate_all(
        "(nodes) => nodes.map((n) => [n.title, getComputedStyle(n).getPropertyValue('--plover').trim()])")
    assert badges and all(palette[kind] == colour for kind, colour in badges)


# -- actor network --------------------------------------------------------------------------


def test_network_of_sixty_actors_stays_readable(watched, big_server, screenshots):
    page = watched
    page.goto(big_server + "/#/?gtop=60")
    ready(page)
    state = graph_state(page)
    assert state["nodes"] == 60
    # main actors only, no name over another
    assert 3 <= state["labelled"] <= 12 and state["overlaps"] == 0
    places = page.evaluate("window.sukienGraph.nodes().map((n) => [n.id(), n.position()])")
    page.reload()
    ready(page)
    graph_state(page)
    # the layout starts from the same places on every load: the same picture, the same names
    assert page.evaluate("window.sukienGraph.nodes().map((n) => [n.id(), n.position()])") == places
    assert all(10 <= size <= 13 for size in state["fonts"]), state["fonts"]
    page.locator(".graph-frame").screenshot(path=str(screenshots / "network-60.png"))
    for _ in range(2):
        page.click(".graph-tools button:first-child")  # zoom in: the other names appear
    page.wait_for_timeout(100)  # labels are sorted out on the next frame
    zoomed = graph_state(page)
    assert zoomed["zoom"] > state["zoom"] * 1.6 and zoomed["labelled"] > 2 * state["labelled"]
    assert zoomed["overlaps"] == 0
    assert all(10 <= size <= 13 for size in zoomed["fonts"])  # names keep their size on screen
    page.locator(".graph-frame").screenshot(path=str(screenshots / "network-60-zoomed.png"))


def test_network_of_two_actors_is_not_blown_up(watched, big_server, screenshots):
    page = watched
    page.goto(big_server + "/#/?gtop=2")
    ready(page)
    state = graph_state(page)
    assert state["nodes"] == 2 and state["labelled"] == 2
    assert state["zoom"] <= 2
    assert all(12 <= size <= 16 for size in state["fonts"]) and max(state["widths"]) <= 60
    page.locator(".graph-frame").screenshot(path=str(screenshots / "network-2.png"))


def test_network_narrowed_to_a_month(watched, big_server):
    page = watched
    page.goto(big_server + "/#/?gmonth=2020-03&gtop=10")
    ready(page)
    graph_state(page)
    month = page.request.get(big_server + "/api/events", params={
        "since": "2020-03-01", "until": "2020-03-31", "limit": 200}).json()["items"]
    shown, actors, events = map(int, re.findall(r"\d+", page.locator(".graph-note").inner_text()))
    assert events == len(month) and shown <= 10 < actors
    assert page.evaluate("window.sukienGraph.nodes().length") == shown
    assert page.locator("input[name=gmonth]").input_value() == "2020-03"
    assert page.locator("select[name=gtop]").input_value() == "10"


# -- partial counts -------------------------------------------------------------------------

# A date range that is no whole month or year: the write-time counts do not answer its network,
# which counts the newest matching events only (``store.aggregate.GRAPH_EVENTS``, 1,000), fewer
# than the generated database has in those nine years. Its timeline is counted whole.
ODD_RANGE = {"since": "2016-01-01", "until": "2024-12-31"}
# Words of more generated events than a word filter counts (``store.aggregate.TEXT_MATCHES``).
COMMON_WORD = "van"


def _truncation_notes(page) -> dict[str, str]:
    """The visible notice of a partial count beside each chart, by chart; absent when none."""
    notes = {}
    for chart in ("timeline", "graph"):
        notice = page.locator(f".truncation[data-chart={chart}] .notice.truncated")
        if notice.count():
            assert notice.is_visible()
            notes[chart] = notice.inner_text()
    return notes


def _in_page_language(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", "." if lang == "vi" else ",")


def _toggle_language(page) -> None:
    page.click("#lang-toggle")
    ready(page)


def test_a_network_of_the_newest_events_says_so_in_both_languages(watched, big_server, screenshots):
    page = watched
    answer = page.request.get(big_server + "/api/graph", params=ODD_RANGE).json()
    assert answer["truncated"] and answer["events"] == 1000
    page.goto(big_server + "/#/?" + "&".join(f"{k}={v}" for k, v in ODD_RANGE.items()))
    ready(page)
    graph_state(page)
    notes = _truncation_notes(page)
    assert set(notes) == {"graph"}, notes  # the timeline of a date range counts every event
    assert "Chỉ đếm 1.000 sự kiện mới nhất" in notes["graph"]
    assert "0,5; 0,6; 0,7; 0,8 hoặc 0,9" in notes["graph"] and "một khoảng ngày ngắn hơn" in notes["graph"]
    page.locator(".panels").screenshot(path=str(screenshots / "network-truncated-vi.png"))
    _toggle_language(page)
    try:
        notes = _truncation_notes(page)
        assert set(notes) == {"graph"}, notes
        assert "Only the newest 1,000 matching events were counted" in notes["graph"]
        assert "0.5, 0.6, 0.7, 0.8 or 0.9" in notes["graph"] and "a whole month or year" in notes["graph"]
        page.locator(".panels").screenshot(path=str(screenshots / "network-truncated-en.png"))
    finally:
        _toggle_language(page)


def test_words_matching_more_events_than_counted_say_so_beside_both_charts(watched, big_server):
    page = watched
    timeline = page.request.get(big_server + "/api/timeline", params={"q": COMMON_WORD, "by": "auto"}).json()
    graph = page.request.get(big_server + "/api/graph", params={"q": COMMON_WORD}).json()
    assert timeline["truncated"] and graph["truncated"]
    counted = {"timeline": timeline["events"] + timeline["undated"], "graph": graph["events"]}
    page.goto(big_server + "/#/?q=" + COMMON_WORD)
    ready(page)
    for lang, words in (("vi", "từ khóa cụ thể hơn"), ("en", "more specific search words")):
        if lang == "en":
            _toggle_language(page)
        notes = _truncation_notes(page)
        assert set(notes) == {"timeline", "graph"}, notes
        for chart, note in notes.items():
            assert _in_page_language(counted[chart], lang) in note and words in note, note
    _toggle_language(page)


@pytest.mark.parametrize("address", ["/#/", "/#/?since=2020-01-01&until=2020-12-31", "/#/?country=VNM",
                                     "/#/?min_confidence=0.7", "/#/?since=2024-01-01&until=2024-03-31"])
def test_an_exact_count_has_no_notice(watched, big_server, address):
    page = watched
    page.goto(big_server + address)
    ready(page)
    graph_state(page)
    assert _truncation_notes(page) == {}
    assert page.locator(".notice.truncated").count() == 0


# -- entity page ----------------------------------------------------------------------------


def _person_with_offices(server, page) -> dict:
    people = page.request.get(server + "/api/entities", params={"type": "PERSON", "limit": 50}).json()["items"]
    for person in people:
        detail = page.request.get(server + "/api/entities/" + quote(person["id"], safe="")).json()
        if detail["roles"] and person["country"] == "VNM":
            return detail
    pytest.fail("no Vietnamese person with offices among the example articles")


def test_entity_page_in_words_with_offices(watched, server, screenshots):
    page = watched
    page.goto(server + "/")
    ready(page)
    person = _person_with_offices(server, page)
    page.goto(server + "/#/entity/" + quote(person["id"], safe=""))
    ready(page)
    facts = page.locator(".facts").inner_text()
    assert "Nhân vật" in facts and "Việt Nam" in facts
    assert not re.search(r"\b(PERSON|VNM|GOV)\b", facts + page.locator(".offices").inner_text())
    rows = page.locator(".offices tbody tr")
    assert rows.count() == len(person["roles"])
    cell = lambda column: rows.first.locator(f'td[data-column="{column}"]').inner_text()  # noqa: E731
    role = person["roles"][0]
    assert cell("office") == role["title_vi"]
    assert (cell("first"), cell("last")) == (role["first_seen"], role["last_seen"])
    assert cell("sector") == "chính phủ" and cell("articles") == str(role["articles"])
    said = rows.first.locator('td[data-column="evidence"] a').first  # the article that gives the office
    assert said.inner_text() == role["evidence"][0]["published"]
    assert said.get_attribute("title") == role["evidence"][0]["text"]
    assert said.get_attribute("href") == "#/article/" + quote(role["evidence"][0]["article_id"], safe="")
    page.screenshot(path=str(screenshots / "entity-offices.png"))

    page.click("#lang-toggle")
    ready(page)
    facts = page.locator(".facts").inner_text()
    assert "Person" in facts and "Vietnam" in facts
    assert page.locator(".entity-page h1").inner_text().startswith(person["name_vi"])  # diacritics kept
    assert cell("office") == role["title_en"] and cell("sector") == "government"
    page.screenshot(path=str(screenshots / "entity-offices-en.png"))
    page.click("#lang-toggle")
    ready(page)


def test_english_mode_keeps_diacritics_and_uses_english_place_names(watched, server, screenshots):
    page = watched
    page.goto(server + "/")
    ready(page)
    page.click("#lang-toggle")
    ready(page)
    try:
        page.goto(server + "/#/?place=" + quote("Niu Oóc"))
        ready(page)
        card = page.locator(".event-card").first
        assert "New York City" in card.locator(".meta").inner_text()
        actors = card.locator(".actors a.actor").all_inner_texts()
        assert any(re.search(r"[^\x00-\x7f]", name) for name in actors), actors  # "Lê …", not "Le …"
        page.screenshot(path=str(screenshots / "english-names.png"))
    finally:
        page.click("#lang-toggle")
        ready(page)


# -- search and the article page -------------------------------------------------------------


def test_search_hits_link_to_articles_with_marked_snippets(watched, server, screenshots):
    page = watched
    page.goto(server + "/#/?q=" + quote("hoi dam"))
    ready(page)
    assert "null" not in page.locator("#view").inner_text()
    links = page.locator(".search-hits a.article-link")
    assert links.count() > 0
    marks = page.locator(".search-hits .snippet mark.match").all_inner_texts()
    assert marks and all(fold(m).startswith(("hoi", "da")) for m in marks)
    hits = page.request.get(server + "/api/search", params={"q": "hoi dam", "limit": 10}).json()["articles"]
    for hit in hits:
        article = page.request.get(server + "/api/articles/" + quote(hit["id"], safe="")).json()
        words = " ".join(article["text"].split())
        body = hit["snippet"].strip("…")
        assert body in words  # whole words of the text, spaces as one
        at = words.index(body)
        assert at == 0 or words[at - 1] == " "
        assert at + len(body) == len(words) or words[at + len(body)] == " "
    page.locator(".search-hits").screenshot(path=str(screenshots / "search-snippets.png"))
    title = links.first.inner_text()
    links.first.click()
    page.wait_for_selector(".article-page mark.evidence")
    ready(page)
    assert page.locator(".article-page h1").inner_text() == title
    assert page.locator(".article-page mark.trigger").count() > 0
    assert page.locator(".article-events .event-card").count() > 0
    page.screenshot(path=str(screenshots / "article.png"))


def test_article_address_opens_the_article_page(watched, server):
    page = watched
    page.goto(server + "/")
    ready(page)
    hit = page.request.get(server + "/api/search", params={"q": "hoi dam"}).json()["articles"][0]
    page.goto(server + "/articles/" + quote(hit["id"], safe=""))
    ready(page)
    assert page.evaluate("location.hash") == "#/article/" + quote(hit["id"], safe="")
    assert page.locator(".article-page .article-text").inner_text().strip()


def test_search_without_people_prints_no_null(watched, server):
    page = watched
    page.goto(server + "/#/?q=" + quote("zzzz khong co"))
    ready(page)
    text = page.locator("#view").inner_text()
    assert "null" not in text and "undefined" not in text


def test_a_long_query_is_one_error_in_the_page_language(watched, server, screenshots):
    page = watched
    page.goto(server + "/#/?q=" + quote("hội đàm " * 80))
    ready(page)
    errors = page.locator("#view .error")
    assert errors.count() == 1
    message = errors.first.inner_text()
    assert "quá dài" in message and "500" in message and "String" not in message
    page.screenshot(path=str(screenshots / "error-once.png"))
    page.click("#lang-toggle")
    ready(page)
    try:
        assert page.locator("#view .error").count() == 1
        assert "too long" in page.locator("#view .error").inner_text()
    finally:
        page.click("#lang-toggle")
        ready(page)


# -- a phone's width ---------------------------------------------------------------------------


def test_no_page_is_wider_than_a_phone(watched, server, screenshots):
    page = watched
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "/")
    ready(page)
    event = page.request.get(server + "/api/events", params={"limit": 1}).json()["items"][0]
    person = _person_with_offices(server, page)
    article = event_article(server, page, event["id"])
    views = {"home": "/#/", "search": "/#/?q=" + quote("hoi dam"), "event": "/#/event/" + event["id"],
             "entity": "/#/entity/" + quote(person["id"], safe=""), "article": "/#/article/" + quote(article, safe=""),
             "markup": "/#/entity/discovered%3Aperson%3Axss-script"}
    for name, path in views.items():
        page.goto(server + path)
        ready(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width} px wide"
        if name == "home":  # the filters start folded: the timeline comes first
            assert page.locator("details.filters-box").get_attribute("open") is None
        page.screenshot(path=str(screenshots / f"phone-{name}.png"))


def event_article(server, page, event_id: str) -> str:
    return page.request.get(server + "/api/events/" + event_id).json()["articles"][0]["id"]
