"""The web UI in a real browser (Debian's chromium driven by Playwright).

A live uvicorn server on a free loopback port serves a database built from the
example articles plus one hostile article whose text and actor names carry markup.
The tests walk the main path (search typed without diacritics → results → an event
with its evidence highlighted → the actor network → an entity page), switch the
language, and check that markup in articles and names is shown, never run.

Screenshots go to $SUKIEN_SCREENSHOTS when it is set (docs/screenshots/ holds the
committed ones), else to a temporary folder.

Needs: apt-get install -y chromium; pip install playwright pytest-playwright
(never ``playwright install``: the tests use /usr/bin/chromium).
"""
from __future__ import annotations

import os
import socket
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytest.importorskip("playwright", reason="pip install playwright pytest-playwright")
pytest.importorskip("pytest_playwright", reason="pip install pytest-playwright")
uvicorn = pytest.importorskip("uvicorn", reason="pip install 'sukien[web]'")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install -y chromium"),
]

from sukien.api.app import create_app
from sukien.api.settings import ApiSettings  # noqa: E402
from sukien.api.demo import build_demo  # noqa: E402
from sukien.contract import ArticleResult  # noqa: E402
from sukien.model import Article  # noqa: E402

TOKEN = "browser-test-token"
SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2">'


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM),
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The server's Content-Security-Policy forbids inline scripts. It is bypassed here
    # so that (1) Playwright's own waits may evaluate code and (2) the XSS test checks
    # the escaping itself, not the policy that backs it up (test_api checks the header).
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("SUKIEN_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def hostile_result() -> ArticleResult:
    """An article whose body and actor names are markup, with one event between the two."""
    text = f"Ông {IMG} hội đàm với ông {SCRIPT} tại Hà Nội."
    first, second = text.index(IMG), text.index(SCRIPT)
    trigger = text.index("hội đàm")

    def entity(entity_id: str, name: str, start: int) -> dict:
        return {"id": entity_id, "type": "PERSON", "name": name, "name_vi": name, "country": None,
                "wikidata": None, "cameo": None, "discovered": True, "roles": [],
                "mentions": [{"start": start, "end": start + len(name), "text": name, "form": "name",
                              "origin": "tagger"}]}
    event = {"id": "E1", "cameo": "046", "plover": "CONSULT", "mode": None, "goldstein": 7.0,
             "label_vi": "hội đàm", "label_en": "held talks",
             "source": ["discovered:person:xss-img"], "target": ["discovered:person:xss-script"],
             "date": {"start": "2026-11-01", "end": "2026-11-01", "granularity": "day", "text": None},
             "location": None, "trigger": {"start": trigger, "end": trigger + 7, "text": "hội đàm"},
             "evidence": [{"start": 0, "end": len(text), "text": text}], "sentence": 0, "negated": False,
             "modality": "asserted", "reported_by": None, "occasion": None, "topics": [], "confidence": 0.9}
    article = Article(text=text, id="xss-article", title=f"Tin {SCRIPT}", published=date(2026, 11, 1),
                      outlet="Test")
    return ArticleResult(article, (entity("discovered:person:xss-img", IMG, first),
                                   entity("discovered:person:xss-script", SCRIPT, second)), (event,))


@contextmanager
def serving(store, settings: ApiSettings | None = None):
    """The API and web UI over ``store``, live on a free loopback port, for as long as the block runs."""

    app = create_app(store, settings or ApiSettings())
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = build_demo(f"sqlite:///{tmp_path_factory.mktemp('web') / 'demo.db'}")
    assert store.ingest_one(hostile_result()).status == "added"
    with serving(store, ApiSettings(token=TOKEN)) as url:
        yield url
    store.close()


@pytest.fixture()
def watched(page):
    """The page, failing the test on any script error or dialog (an alert() would be XSS)."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.set_viewport_size({"width": 1400, "height": 1000})
    yield page
    assert not problems, problems


def ready(page) -> None:
    """Wait until the page shown is the current address's, filled (not the previous one's)."""
    page.wait_for_function("document.body.dataset.ready === '1' && document.body.dataset.route === location.hash",
                           timeout=20_000)


def test_search_event_evidence_graph_entity(watched, server, screenshots):
    page = watched
    page.goto(server + "/")
    ready(page)
    page.fill("#search-input", "hoi dam")  # typed without diacritics
    page.press("#search-input", "Enter")
    page.wait_for_function("location.hash.includes('q=hoi')")
    page.wait_for_selector(".search-hits .hits")  # the new page's (ready may still be the old one's)
    ready(page)
    cards = page.locator(".events .event-card")
    assert cards.count() > 0
    assert "hội đàm" in page.locator(".search-hits").inner_text().lower()
    page.screenshot(path=str(screenshots / "search.png"), full_page=True)

    # an event of the example articles (the markup test's article is in the same database)
    page.locator(".event-card", has_not_text="script").locator(".event-link", has_text="hội đàm").first.click()
    page.wait_for_selector(".event-page mark.evidence")
    ready(page)
    evidence = page.locator(".report mark.evidence").first.inner_text()
    trigger = page.locator(".report mark.trigger").first.inner_text()
    assert evidence.strip() and trigger.strip()
    assert trigger in page.locator(".report .article-text").first.inner_text()
    assert page.locator(".facts .code").first.inner_text().startswith("CAMEO")
    page.screenshot(path=str(screenshots / "event.png"), full_page=True)

    page.goto(server + "/#/")
    ready(page)
    page.wait_for_function("window.sukienGraph && window.sukienGraph.nodes().length > 0")
    node_id, label, x, y = page.evaluate("""() => {
        const cy = window.sukienGraph;
        const node = cy.nodes().sort((a, b) => b.degree() - a.degree())[0];
        const box = cy.container().getBoundingClientRect();
        const p = node.renderedPosition();
        return [node.id(), node.data('label'), box.left + p.x, box.top + p.y];
    }""")
    page.screenshot(path=str(screenshots / "home.png"), full_page=True)
    page.mouse.click(x, y)  # a click on the canvas, where the node is drawn
    page.wait_for_function("location.hash.startsWith('#/entity/')")
    ready(page)
    assert page.evaluate("decodeURIComponent(location.hash.slice('#/entity/'.length))") == node_id
    assert label in page.locator(".entity-page h1").inner_text()
    assert page.locator(".counterparts li").count() > 0
    page.wait_for_selector(".entity-page canvas")
    page.screenshot(path=str(screenshots / "entity.png"), full_page=True)


def test_each_report_says_where_the_event_s_date_comes_from(watched, server):
    """A date taken from the article's context is shown with its words, in both languages."""
    page = watched
    items = page.request.get(server + "/api/events", params={"limit": 200}).json()["items"]
    details = (page.request.get(f"{server}/api/events/{e['id']}").json() for e in items)
    event, report = next((d, r) for d in details for r in d["evidence"]
                         if r.get("date_relation") == "inferred" and r.get("date_text"))
    page.goto(f"{server}/#/event/{event['id']}")
    ready(page)
    basis = page.locator(f".report[data-article='{report['article_id']}'] .date-basis").inner_text()
    assert f'"{report["date_text"]}"' in basis and "ngữ cảnh" in basis
    page.evaluate("localStorage.setItem('sukien.lang', 'en')")
    page.reload()
    ready(page)
    basis = page.locator(f".report[data-article='{report['article_id']}'] .date-basis").inner_text()
    assert basis.startswith("Date:") and "taken from the article's context" in basis
    page.evaluate("localStorage.removeItem('sukien.lang')")


def test_timeline_click_filters_by_period(watched, server):
    page = watched
    page.goto(server + "/#/?by=month")
    ready(page)
    canvas = page.locator(".timeline-box canvas")
    point = page.evaluate("""() => {
        const chart = Object.values(Chart.instances)[0];
        const bar = chart.getDatasetMeta(0).data.find((b) => b && b.height > 0) || chart.getDatasetMeta(0).data[0];
        const box = chart.canvas.getBoundingClientRect();
        return [box.left + bar.x, box.top + bar.y + 2];
    }""")
    assert canvas.count() == 1
    page.mouse.click(*point)
    page.wait_for_function("location.hash.includes('since=')")
    ready(page)
    since = page.evaluate("new URLSearchParams(location.hash.split('?')[1]).get('since')")
    until = page.evaluate("new URLSearchParams(location.hash.split('?')[1]).get('until')")
    dates = page.locator(".event-card .date").all_inner_texts()
    assert dates and all(since <= d[:10] <= until or since <= d[-10:] for d in dates)


def test_language_toggle(watched, server, screenshots):
    page = watched
    page.goto(server + "/")
    ready(page)
    assert page.get_attribute("html", "lang") == "vi"
    sentence = page.locator(".event-card .summary").first  # the evidence sentence in Vietnamese,
    assert sentence.get_attribute("lang") == "vi"
    vietnamese = sentence.inner_text()
    page.click("#lang-toggle")
    ready(page)
    assert page.get_attribute("html", "lang") == "en"
    assert sentence.get_attribute("lang") == "en" and sentence.inner_text() != vietnamese  # the English one
    assert page.get_attribute("#search-input", "placeholder").startswith("Search")
    assert page.locator(".results h2").inner_text() == "Events"
    page.screenshot(path=str(screenshots / "home-en.png"), full_page=True)
    page.click("#lang-toggle")
    ready(page)
    assert page.locator(".results h2").inner_text() == "Sự kiện"


def test_markup_in_articles_and_names_never_runs(watched, server, screenshots):
    page = watched
    page.goto(server + "/")
    ready(page)
    # An article posted through the API runs the pipeline and lands in the database.
    posted = page.request.post(server + "/api/articles", headers={"Authorization": f"Bearer {TOKEN}"}, data={
        "id": "xss-posted", "published": "2026-11-02",
        "text": f"Sáng nay, Thủ tướng Đặng Hoài Nam đã tiếp Đại sứ {IMG} tại Hà Nội. {SCRIPT}"})
    assert posted.status == 201, posted.text()
    event_ids = posted.json()["events"]

    hostile = page.request.get(server + "/api/events", params={"actor": "discovered:person:xss-img"}).json()
    pages = [f"/#/event/{hostile['items'][0]['id']}", "/#/entity/discovered%3Aperson%3Axss-script",
             "/#/entity/discovered%3Aperson%3Axss-img", "/#/?q=script", "/#/?actor=discovered%3Aperson%3Axss-img"]
    pages += [f"/#/event/{event_id}" for event_id in event_ids]
    for path in pages:
        page.goto(server + path)
        ready(page)
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.__xss") == "undefined", path
        assert page.locator("#view img").count() == 0, path  # the <img> stayed text
        assert page.locator("#view script").count() == 0, path
    page.goto(server + pages[0])
    ready(page)
    text = page.locator(".report .article-text").first.inner_text()
    assert SCRIPT in text and IMG in text  # shown as the characters they are
    assert IMG in page.locator(".side").first.inner_text()
    page.screenshot(path=str(screenshots / "xss-escaped.png"), full_page=True)
    page.goto(server + "/#/entity/discovered%3Aperson%3Axss-script")
    ready(page)
    assert SCRIPT in page.locator(".entity-page h1").inner_text()
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_event_cards_mark_planned_and_negated_events(watched, server, screenshots):
    page = watched
    page.goto(server + "/")
    ready(page)
    items = page.request.get(server + "/api/events", params={"limit": 200}).json()["items"]
    planned = next(e for e in items if e["modality"] == "planned")
    negated = next(e for e in items if e["negated"])
    asserted = next(e for e in items if e["modality"] == "asserted" and not e["negated"])
    for event, badge, words in ((planned, ".badge.modality.planned", "dự kiến"),
                                (negated, ".badge.negated", "phủ định")):
        actor = (event["source"] or event["target"])[0]["id"]
        page.goto(server + "/#/?actor=" + quote(actor, safe=""))
        ready(page)
        card = page.locator(f'.event-card[data-id="{event["id"]}"]')
        assert card.locator(badge).inner_text() == words, event["id"]
        shown = {e.get_attribute("data-id") for e in page.locator(".event-card").all()}
        if asserted["id"] in shown:
            plain = page.locator(f'.event-card[data-id="{asserted["id"]}"]')
            assert plain.locator(".badge.modality, .badge.negated").count() == 0
        page.screenshot(path=str(screenshots / f"badge-{event['modality']}.png"), full_page=True)


def test_the_confidence_filter_narrows_the_events_shown(watched, server):
    page = watched
    page.goto(server + "/#/")
    ready(page)
    every = page.locator(".events .event-card").count()
    assert every > 0
    page.goto(server + "/#/?min_confidence=0.98")
    ready(page)
    assert page.locator("input[name=min_confidence]").input_value() == "0.98"
    sure = page.locator(".events .event-card").count()
    assert sure < every
