"""The REST API over a real SQLite database filled from the bundled example articles.

Every endpoint is called through FastAPI's TestClient; answers are checked against
the data they come from (filters hold for every item, spans cut the article text
they claim to), every error has the one JSON shape, and hostile input (SQL
injection, markup) comes back as data or as a 4xx, never as a 5xx or a leak.
"""
from __future__ import annotations

import base64
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from sukien.api.app import create_app
from sukien.api.settings import ApiSettings  # noqa: E402
from sukien.api.demo import build_demo  # noqa: E402
from sukien.normalize.fold import fold  # noqa: E402
from sukien.errors import StoreError  # noqa: E402
from sukien.store import open_store  # noqa: E402
from tests.store_fixtures import db_url  # noqa: E402,F401  (SQLite, and PostgreSQL when one is given)

TOKEN = "test-token-123"
ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "src" / "sukien" / "web"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    opened = build_demo(f"sqlite:///{tmp_path_factory.mktemp('api') / 'demo.db'}")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def client(store):
    """Read-only use: tests that write get their own database (``writer``)."""
    return TestClient(create_app(store, ApiSettings(token=TOKEN)), raise_server_exceptions=False)


@pytest.fixture()
def writer(tmp_path):
    opened = build_demo(f"sqlite:///{tmp_path / 'write.db'}")
    yield TestClient(create_app(opened, ApiSettings(token=TOKEN, max_bytes=50_000)),
                     raise_server_exceptions=False)
    opened.close()


@pytest.fixture(scope="module")
def all_events(client):
    items = client.get("/api/events", params={"limit": 200}).json()["items"]
    assert len(items) > 20, "the example articles should give a few dozen events"
    return items


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "detail"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def iso3(value: str | None) -> str | None:
    return value.split(":", 1)[1] if value and value.startswith("country:") else value


def actor_ids(event: dict) -> set[str]:
    return {a["id"] for a in event["source"] + event["target"]}


# -- events -------------------------------------------------------------------------------


def test_events_have_actors_codes_and_dates(all_events):
    for event in all_events:
        assert event["id"] and event["cameo"].isdigit()
        assert isinstance(event["source"], list) and isinstance(event["target"], list)
        assert event["num_mentions"] >= event["num_articles"] >= 1


def test_cursor_pages_cover_every_event_once(client, all_events):
    seen, cursor = [], None
    while True:
        page = client.get("/api/events", params={"limit": 7, **({"cursor": cursor} if cursor else {})}).json()
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [e["id"] for e in all_events]


@pytest.mark.parametrize("sort", ["date", "date_asc", "mentions"])
def test_sorts(client, sort):
    items = client.get("/api/events", params={"sort": sort, "limit": 200}).json()["items"]
    keys = [e["num_mentions"] if sort == "mentions" else e["sort_date"] for e in items]
    assert keys == sorted(keys, reverse=sort != "date_asc")


def test_filter_by_actor_id_and_by_name_without_diacritics(client, all_events):
    counts = Counter(a["id"] for e in all_events for a in e["source"] + e["target"] if a["type"] == "PERSON")
    actor_id, expected = counts.most_common(1)[0]
    by_id = client.get("/api/events", params={"actor": actor_id, "limit": 200}).json()["items"]
    assert len(by_id) == expected and all(actor_id in actor_ids(e) for e in by_id)
    name = next(a["name_vi"] or a["name"] for e in by_id for a in e["source"] + e["target"] if a["id"] == actor_id)
    by_name = client.get("/api/events", params={"actor": fold(name), "limit": 200}).json()["items"]
    assert {e["id"] for e in by_name} == {e["id"] for e in by_id}


@pytest.mark.parametrize("param, holds", [
    ("cameo", lambda e, v: e["cameo"] == v),
    ("root", lambda e, v: e["cameo"].startswith(v)),
    ("type", lambda e, v: e["plover"] == v),
])
def test_code_filters(client, all_events, param, holds):
    sample = all_events[0]
    value = {"cameo": sample["cameo"], "root": sample["cameo"][:2], "type": sample["plover"]}[param]
    query = {"type": value} if param == "type" else {"cameo": value}
    items = client.get("/api/events", params={**query, "limit": 200}).json()["items"]
    assert items and all(holds(e, value) for e in items)
    assert len(items) == sum(holds(e, value) for e in all_events)


def test_cameo_and_type_together(client, all_events):
    event = next(e for e in all_events if e["plover"])
    items = client.get("/api/events", params={"cameo": event["cameo"][:2], "type": event["plover"],
                                              "limit": 200}).json()["items"]
    expected = [e["id"] for e in all_events if e["cameo"].startswith(event["cameo"][:2])
                and e["plover"] == event["plover"]]
    assert [e["id"] for e in items] == expected
    empty = client.get("/api/events", params={"cameo": "19", "type": "AGREE"}).json()
    assert empty == {"items": [], "next_cursor": None}


def test_country_filter(client, all_events):
    countries = Counter(iso3(a["country"]) for e in all_events for a in e["source"] + e["target"] if a["country"])
    code = countries.most_common(1)[0][0]
    items = client.get("/api/events", params={"country": code.lower(), "limit": 200}).json()["items"]
    assert items
    for event in items:
        assert code in {iso3(a["country"]) for a in event["source"] + event["target"]}


def test_date_filters(client, all_events):
    days = sorted(e["sort_date"] for e in all_events)
    since, until = days[len(days) // 4], days[3 * len(days) // 4]
    items = client.get("/api/events", params={"since": since, "until": until, "limit": 200}).json()["items"]
    assert items and all(since <= e["sort_date"] <= until for e in items)
    assert len(items) == sum(since <= d <= until for d in days)
    assert_error(client.get("/api/events", params={"since": until, "until": since}), 422, "invalid_request")


def test_place_filter(client, all_events):
    placed = [e for e in all_events if e["place_name"]]
    name = Counter(e["place_name_vi"] or e["place_name"] for e in placed).most_common(1)[0][0]
    items = client.get("/api/events", params={"place": fold(name), "limit": 200}).json()["items"]
    assert items and all(fold(e["place_name_vi"] or e["place_name"] or "").startswith(fold(name)) for e in items)


def test_text_filter_ignores_diacritics(client):
    with_marks = client.get("/api/events", params={"q": "hội đàm", "limit": 200}).json()["items"]
    without = client.get("/api/events", params={"q": "hoi dam", "limit": 200}).json()["items"]
    assert with_marks and [e["id"] for e in with_marks] == [e["id"] for e in without]


def test_event_detail_has_actors_roles_evidence_and_articles(client, all_events):
    event = next(e for e in all_events if e["source"] and e["target"])
    detail = client.get(f"/api/events/{event['id']}").json()
    assert detail["id"] == event["id"]
    assert {a["id"] for a in detail["source"]} == {a["id"] for a in event["source"]}
    assert all("roles" in a for a in detail["source"] + detail["target"])
    assert detail["labels"]["label_en"] and detail["labels"]["label_vi"]
    assert len(detail["articles"]) == detail["num_articles"]
    for item in detail["evidence"]:
        text = client.get(f"/api/articles/{item['article_id']}").json()["text"]
        trigger = item["trigger"]
        assert text[trigger["start"]:trigger["end"]] == trigger["text"]
        for span in item["evidence"]:
            assert text[span["start"]:span["end"]] == span["text"]


def test_article_spans_cut_its_text(client, all_events):
    article_id = client.get(f"/api/events/{all_events[0]['id']}").json()["articles"][0]["id"]
    article = client.get(f"/api/articles/{article_id}").json()
    assert article["text"] and article["events"] and article["mentions"]
    for mention in article["mentions"]:
        assert article["text"][mention["start"]:mention["end"]] == mention["text"]


# -- entities, search, graph, timeline ------------------------------------------------------


def test_entities_list_and_detail(client):
    items = client.get("/api/entities", params={"limit": 5}).json()["items"]
    assert len(items) == 5
    mentions = [e["num_mentions"] for e in items]
    assert mentions == sorted(mentions, reverse=True)
    person = client.get("/api/entities", params={"type": "PERSON", "limit": 1}).json()["items"][0]
    detail = client.get(f"/api/entities/{person['id']}").json()
    assert detail["id"] == person["id"]
    assert detail["timeline"] and all(person["id"] in actor_ids(e) for e in detail["timeline"])
    assert detail["counterparts"] and all(c["events"] >= 1 for c in detail["counterparts"])
    assert isinstance(detail["roles"], list)


def test_entity_prefix_search_without_diacritics(client):
    person = client.get("/api/entities", params={"type": "PERSON", "limit": 1}).json()["items"][0]
    prefix = fold(person["name_vi"] or person["name"])[:6]
    found = client.get("/api/entities", params={"q": prefix}).json()["items"]
    assert person["id"] in [e["id"] for e in found]


def test_search_is_diacritics_insensitive(client):
    plain = client.get("/api/search", params={"q": "hoi dam"}).json()
    marked = client.get("/api/search", params={"q": "Hội Đàm"}).json()
    assert plain["articles"] and plain["events"]
    assert [a["id"] for a in plain["articles"]] == [a["id"] for a in marked["articles"]]
    assert [e["id"] for e in plain["events"]] == [e["id"] for e in marked["events"]]


def test_search_finds_people_typed_without_diacritics(client):
    person = client.get("/api/entities", params={"type": "PERSON", "limit": 1}).json()["items"][0]
    found = client.get("/api/search", params={"q": fold(person["name_vi"] or person["name"])}).json()
    assert person["id"] in [e["id"] for e in found["entities"]]
    assert found["articles"]


def test_graph_is_consistent(client, all_events):
    graph = client.get("/api/graph").json()
    nodes = {n["id"] for n in graph["nodes"]}
    assert graph["edges"] and graph["events"] == len(all_events)
    for edge in graph["edges"]:
        assert edge["source"] in nodes and edge["target"] in nodes and edge["source"] < edge["target"]
        assert edge["weight"] == sum(edge["codes"].values()) >= 1
    heaviest = graph["edges"][0]
    assert heaviest["weight"] == max(e["weight"] for e in graph["edges"])


def test_graph_for_an_actor(client, all_events):
    actor = all_events[0]["source"][0]["id"]
    graph = client.get("/api/graph", params={"actor": actor}).json()
    assert all(actor in (e["source"], e["target"]) or e["weight"] >= 1 for e in graph["edges"])
    assert actor in {n["id"] for n in graph["nodes"]} or not graph["edges"]


@pytest.mark.parametrize("by, width", [("month", 7), ("day", 10)])
def test_timeline_counts_every_dated_event(client, all_events, by, width):
    data = client.get("/api/timeline", params={"by": by}).json()
    assert data["by"] == by and not data["truncated"]
    assert all(len(b["period"]) == width and b["count"] == sum(b["by_type"].values()) for b in data["buckets"])
    assert sum(b["count"] for b in data["buckets"]) == len(all_events)
    assert [b["period"] for b in data["buckets"]] == sorted(b["period"] for b in data["buckets"])


@pytest.mark.parametrize("by, width", [("year", 4), ("auto", 7)])
def test_timeline_by_year_and_auto(client, all_events, by, width):
    data = client.get("/api/timeline", params={"by": by}).json()
    assert data["by"] in ("year", "month") and all(len(b["period"]) == width for b in data["buckets"])
    assert data["events"] + data["undated"] == len(all_events) and data["truncated"] is False


def test_graph_keeps_the_top_actors(client):
    full = client.get("/api/graph", params={"top": 500}).json()
    few = client.get("/api/graph", params={"top": 3}).json()
    assert len(few["nodes"]) <= 3 < len(full["nodes"]) and few["actors"] == full["actors"]
    busiest = sorted(full["nodes"], key=lambda n: -n["events"])[:3]
    assert {n["id"] for n in few["nodes"]} <= {n["id"] for n in busiest} | {
        n["id"] for n in full["nodes"] if n["events"] >= busiest[-1]["events"]}
    assert_error(client.get("/api/graph", params={"top": 0}), 422, "invalid_request")


def _generated(url: str, n: int):
    import importlib.util
    spec = importlib.util.spec_from_file_location("query_latency", ROOT / "benchmarks" / "query_latency.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    store = open_store(url)
    generator.fill(store, n)
    return store


def test_aggregates_count_every_event_in_sql(db_url):
    """Timeline and network over 6,000 generated events, more than any page of events,
    the same on SQLite and PostgreSQL: each bucket and each node checked against the rows."""
    from sqlalchemy import select

    from sukien.store.schema import event_actors, events
    store = _generated(db_url, 6000)
    try:
        client = TestClient(create_app(store, ApiSettings()), raise_server_exceptions=False)
        with store.engine.connect() as conn:
            days = [str(d)[:10] for d in conn.execute(select(events.c.sort_date)).scalars()]
            involved = Counter(conn.execute(select(event_actors.c.entity_id)).scalars())
        for by, width in (("year", 4), ("month", 7), ("day", 10)):
            data = client.get("/api/timeline", params={"by": by}).json()
            assert {b["period"]: b["count"] for b in data["buckets"]} == Counter(d[:width] for d in days)
        assert client.get("/api/timeline", params={"by": "auto"}).json()["by"] == "year"  # ten years
        year = client.get("/api/timeline", params={"by": "month", "since": "2020-01-01",
                                                   "until": "2020-12-31"}).json()
        assert year["events"] == sum(d.startswith("2020") for d in days) and len(year["buckets"]) == 12
        graph = client.get("/api/graph", params={"top": 60}).json()
        assert graph["events"] == 6000 and graph["actors"] == len(involved) and len(graph["nodes"]) <= 60
        for node in graph["nodes"]:
            assert node["events"] == involved[node["id"]]  # every actor once per event, in the generator
        month = client.get("/api/graph", params={"since": "2020-03-01", "until": "2020-03-31", "top": 500}).json()
        assert month["events"] == sum(d.startswith("2020-03") for d in days)
        assert sum(e["weight"] for e in month["edges"]) == month["events"]  # one pair per generated event
    finally:
        store.close()


def test_codes_have_both_languages(client):
    codes = {c["code"]: c for c in client.get("/api/codes").json()}
    assert codes["042"]["label_en"] and codes["042"]["label_vi"] and codes["042"]["plover"] == "CONSULT"


# -- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/events/ev-missing", "/api/entities/person:nobody",
                                  "/api/articles/no-such-article", "/api/nothing-here", "/static/missing.js"])
def test_not_found_has_the_error_shape(client, path):
    assert_error(client.get(path), 404, "not_found")


@pytest.mark.parametrize("params", [
    {"since": "yesterday"}, {"limit": 0}, {"limit": 10_000}, {"cameo": "4x"}, {"country": "VIETNAM"},
    {"type": "MEET"}, {"sort": "random"}, {"actor": "a\x00b"},
])
def test_validation_errors_have_the_error_shape(client, params):
    error = assert_error(client.get("/api/events", params=params), 422, "invalid_request")
    assert isinstance(error["detail"], list) and error["detail"][0]["location"]


@pytest.mark.parametrize("raw, sort", [([1], "date"), ("x", "date"), ([None, "a"], "date"),
                                       (["2026-01-01"], "date"), (["2026-01-01", "ev1"], "mentions"),
                                       ([3, "ev1"], "date_asc"), ({"a": 1}, "date")])
def test_bad_cursor_is_a_client_error(client, raw, sort):
    assert_error(client.get("/api/events", params={"cursor": "not-a-cursor"}), 400, "bad_request")
    made = base64.urlsafe_b64encode(json.dumps(raw).encode()).decode()
    assert_error(client.get("/api/events", params={"cursor": made, "sort": sort}), 400, "bad_request")


def test_wrong_method(client):
    assert_error(client.delete("/api/events"), 405, "method_not_allowed")


def test_search_needs_words(client):
    assert_error(client.get("/api/search"), 422, "invalid_request")
    assert client.get("/api/search", params={"q": "   "}).json()["events"] == []


# -- writing --------------------------------------------------------------------------------

ARTICLE = {"id": "api-test-1", "title": "Điện đàm", "published": "2026-11-02", "outlet": "Test",
           "text": "Sáng nay, Thủ tướng Đặng Hoài Nam đã điện đàm với Thủ tướng Nhật Bản Ishimura Kenta."}


def test_writes_are_disabled_without_a_token(store):
    client = TestClient(create_app(store, ApiSettings(token=None)))
    assert_error(client.post("/api/articles", json=ARTICLE), 403, "writes_disabled")


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}])
def test_writes_need_the_token(writer, headers):
    response = writer.post("/api/articles", json=ARTICLE, headers=headers)
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


def test_posting_an_article_runs_the_pipeline_and_stores_it(writer):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    created = writer.post("/api/articles", json=ARTICLE, headers=auth)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["article_id"] == "api-test-1" and body["status"] == "added" and body["events"]
    event = writer.get(f"/api/events/{body['events'][0]}").json()
    assert "api-test-1" in [a["id"] for a in event["articles"]]
    assert writer.get("/api/articles/api-test-1").json()["text"] == ARTICLE["text"]
    again = writer.post("/api/articles", json=ARTICLE, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "x", "extra": 1}, {"text": 5},
                                  {"text": "Một câu.", "published": "not a date"}])
def test_bad_articles_are_refused(writer, body):
    response = writer.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 422
    assert_error(response, 422)


def test_request_size_limit(writer):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = {"text": "Hai bên hội đàm. " * 5_000}
    assert_error(writer.post("/api/articles", json=big, headers=auth), 413, "payload_too_large")

    def chunks():  # no Content-Length: the limit must count the bytes
        for _ in range(100):
            yield b'{"text": "' + b"a" * 1_000
    streamed = writer.post("/api/articles", content=chunks(), headers={**auth, "Content-Type": "application/json"})
    assert_error(streamed, 413, "payload_too_large")


# -- hostile input --------------------------------------------------------------------------

INJECTIONS = [
    "' OR '1'='1", "'; DROP TABLE events; --", "\" OR 1=1 --", "1) UNION SELECT id, text FROM articles --",
    "%' OR '%'='", "*", "\"hội\" OR \"đàm\"", "NEAR(a b)", "a\\", "🙂' --",
]


def plain_words(value: str) -> str:
    """What full-text search should see of a string: its words, nothing else."""
    return " ".join(re.findall(r"\w+", fold(value)))


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize("param", ["actor", "place", "q", "cursor", "country", "cameo", "type", "since"])
def test_sql_injection_in_event_filters(client, param, value):
    response = client.get("/api/events", params={param: value})
    assert response.status_code in (200, 400, 422), response.text
    if response.status_code != 200:
        assert_error(response, response.status_code)
    elif param == "q":  # text search sees only the words, as if they were typed plainly
        plain = client.get("/api/events", params={"q": plain_words(value)}).json() if plain_words(value) else \
            {"items": []}
        assert [e["id"] for e in response.json()["items"]] == [e["id"] for e in plain["items"]]
    else:  # no actor or place has such a name: nothing may match
        assert response.json()["items"] == []


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize("path", ["/api/search", "/api/entities", "/api/graph", "/api/timeline"])
def test_sql_injection_in_search_and_aggregates(client, path, value):
    param = "actor" if path in ("/api/graph", "/api/timeline") else "q"
    response = client.get(path, params={param: value})
    assert response.status_code in (200, 422), response.text
    if response.status_code != 200:
        assert_error(response, response.status_code)
        return
    body = response.json()
    if path == "/api/search" and plain_words(value):
        plain = client.get(path, params={"q": plain_words(value)}).json()
        assert [a["id"] for a in body["articles"]] == [a["id"] for a in plain["articles"]]
        assert [e["id"] for e in body["events"]] == [e["id"] for e in plain["events"]]
    else:
        assert not body.get("items") and not body.get("nodes") and not body.get("buckets")
        assert not body.get("entities") and not body.get("events")


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_injection_in_ids(client, value):
    for path in ("/api/events/", "/api/entities/", "/api/articles/"):
        assert_error(client.get(path + value.replace("/", "%2F")), 404)


def test_database_intact_after_injections(client, all_events):
    test_sql_injection_in_ids(client, "'; DROP TABLE events; --")
    assert len(client.get("/api/events", params={"limit": 200}).json()["items"]) == len(all_events)


def test_markup_comes_back_as_data(writer):
    text = ("Hà Nội <script>window.__xss=1</script> Thủ tướng Đặng Hoài Nam tiếp Đại sứ "
            "<img src=x onerror=\"window.__xss=2\"> tại trụ sở Chính phủ.")
    created = writer.post("/api/articles", json={"id": "xss-1", "text": text},
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert created.status_code == 201
    article = writer.get("/api/articles/xss-1")
    assert article.headers["content-type"].startswith("application/json")
    assert article.json()["text"] == text  # unchanged: escaping is the page's job
    hits = writer.get("/api/search", params={"q": "script window"}).json()["articles"]
    assert "xss-1" in [a["id"] for a in hits]


# -- the page and the schema ---------------------------------------------------------------


def test_page_and_security_headers(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert page.headers["x-content-type-options"] == "nosniff"
    for asset in ("/static/js/app.js", "/static/vendor/chart.js/chart.umd.min.js",
                  "/static/vendor/cytoscape/cytoscape.min.js", "/static/css/app.css"):
        assert client.get(asset).status_code == 200, asset


def test_no_network_at_run_time():
    """The page loads only what the server serves: no CDN, no external script or font."""
    for path in [WEB / "templates" / "index.html", *WEB.glob("static/js/**/*.js"), *WEB.glob("static/css/*.css")]:
        text = path.read_text(encoding="utf-8")
        assert "//cdn" not in text and "googleapis" not in text and "unpkg" not in text, path


def test_scripts_never_parse_data_as_html():
    for path in WEB.glob("static/js/**/*.js"):
        text = path.read_text(encoding="utf-8")
        for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in text, f"{path.name} uses {sink}"


def test_vendored_libraries_carry_their_licences():
    vendor = WEB / "static" / "vendor"
    for library in ("chart.js", "cytoscape"):
        licences = list((vendor / library).glob("LICENSE*"))
        assert licences and "MIT" in licences[0].read_text(encoding="utf-8") or "Permission is hereby granted" in \
            licences[0].read_text(encoding="utf-8")


def test_openapi_lists_every_endpoint(client):
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/entities", "/api/entities/{entity_id}",
            "/api/search", "/api/graph", "/api/timeline", "/api/articles", "/api/articles/{article_id}",
            "/api/codes", "/api/health"} <= set(schema["paths"])
    post = schema["paths"]["/api/articles"]["post"]
    assert post["security"] and {"401", "403", "413", "422"} <= set(post["responses"])
    assert client.get("/docs").status_code == 404  # the docs page would load from a CDN


# -- search snippets, article pages, countries, offices, opening the database ---------------------


def test_search_snippets_are_whole_words_with_the_matches_marked(client):
    hits = client.get("/api/search", params={"q": "hoi dam"}).json()["articles"]
    assert hits
    for hit in hits:
        text = " ".join(client.get(f"/api/articles/{hit['id']}").json()["text"].split())
        body = hit["snippet"].strip("…")
        at = text.index(body)
        assert (at == 0) == (not hit["snippet"].startswith("…"))
        assert at == 0 or text[at - 1] == " "
        assert at + len(body) == len(text) or text[at + len(body)] == " "
        marked = [hit["snippet"][s:e] for s, e in hit["marks"]]
        assert marked and all(fold(m) == "hoi" or fold(m).startswith("da") for m in marked)


def test_article_lists_the_events_it_reports(client, all_events):
    event = client.get(f"/api/events/{all_events[0]['id']}").json()
    article = client.get(f"/api/articles/{event['articles'][0]['id']}").json()
    reported = {e["id"] for e in article["reported"]}
    assert event["id"] in reported and reported == {e["event_id"] for e in article["events"]}
    assert all(e["source"] or e["target"] for e in article["reported"])


def test_readable_addresses_lead_to_the_pages(client):
    response = client.get("/articles/a%2Fb", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/#/article/a%2Fb"
    assert client.get("/entities/country:VNM", follow_redirects=False).headers["location"] == \
        "/#/entity/country%3AVNM"


def test_countries_in_both_languages(client):
    countries = {c["code"]: c for c in client.get("/api/countries").json()}
    assert countries["VNM"]["name_vi"] == "Việt Nam" and countries["VNM"]["name"] == "Vietnam"
    assert len(countries) > 190


def test_entity_offices_with_first_and_last_day(client):
    people = client.get("/api/entities", params={"type": "PERSON", "limit": 50}).json()["items"]
    offices = [r for p in people for r in client.get(f"/api/entities/{p['id']}").json()["roles"]]
    assert offices
    for office in offices:
        assert office["first_seen"] <= office["last_seen"] and office["articles"] >= 1
        assert office["title_vi"] or office["title_en"]
        # the latest articles that give it, each with the words that give it, as written in the article
        assert 1 <= len(office["evidence"]) <= min(3, office["articles"])
        for said in office["evidence"]:
            text = client.get(f"/api/articles/{quote(said['article_id'], safe='')}").json()["text"]
            assert text[said["start"]:said["end"]] == said["text"]
            assert office["first_seen"] <= said["published"] <= office["last_seen"]


@pytest.mark.parametrize("make", ["missing", "folder", "text", "other sqlite"])
def test_server_refuses_what_is_not_a_sukien_database(tmp_path, make):
    import sqlite3
    path = tmp_path / "typo" / "sukien.db"
    if make == "folder":
        path.mkdir(parents=True)
    elif make == "text":
        path.parent.mkdir()
        path.write_text("notes\n", encoding="utf-8")
    elif make == "other sqlite":
        path.parent.mkdir()
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE things (x)")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    app = create_app(settings=ApiSettings(db=str(path)))
    with pytest.raises(StoreError, match=re.escape(str(path))):
        with TestClient(app):
            pass
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing created or changed


def test_server_opens_an_existing_database(store, tmp_path):
    app = create_app(settings=ApiSettings(db=store.url))
    with TestClient(app) as opened:
        assert opened.get("/api/events", params={"limit": 1}).json()["items"]
