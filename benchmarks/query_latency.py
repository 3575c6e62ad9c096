"""Query latency on a generated database of N fused events (default 1,000,000).

    python benchmarks/query_latency.py                      # SQLite file in /tmp
    python benchmarks/query_latency.py --n 200000 --db postgresql+psycopg://…

The database is filled directly with bulk inserts of synthetic rows (entities with a
skewed popularity, events over ten years, their actors, actor pairs, search text and
one short article per ten events, one report per event with a confidence), then each read
query the CLI and the API use is run ``--repeat`` times with varied arguments (fewer, at least five, for a query that takes
seconds); p50 and p95 are printed in ms. ``--only WORDS`` runs the queries whose name holds
one of the words; ``--cpu`` times CPU time instead of wall-clock time (on a shared machine, SQLite's
work alone); ``--scan`` counts the API's timeline and network over the matching events, as
before the summary tables. A filled database is reused when it already holds N events (``--fresh``
refills); opening it applies any migration it lacks, as every sukien command does.
"""
from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sukien import fuse  # noqa: E402
from sukien.normalize.fold import fold  # noqa: E402
from sukien.store import EventFilter, aggregate, open_store, read, schema, summary_rebuild  # noqa: E402

CHUNK = 20_000
CODES = [("040", "hội đàm", "held talks"), ("041", "điện đàm", "phone call"), ("042", "thăm", "visit"),
         ("043", "tiếp", "received"), ("046", "gặp", "met"), ("036", "nhất trí", "agreed"),
         ("057", "ký kết", "signed"), ("051", "chúc mừng", "congratulated"), ("111", "chỉ trích", "criticised"),
         ("163", "trừng phạt", "sanctioned")]
PLOVER = {"04": "CONSULT", "03": "AGREE", "05": "SUPPORT", "11": "ACCUSE", "16": "SANCTION"}
COUNTRIES = ["VNM"] * 8 + ["CHN", "USA", "RUS", "JPN", "KOR", "PRK", "LAO", "KHM", "THA", "FRA", "DEU", "IND"] * 2 + [
    f"X{i:02d}" for i in range(30)]
PLACES = [("Hanoi", "Hà Nội", "VNM"), ("Beijing", "Bắc Kinh", "CHN"), ("Pyongyang", "Bình Nhưỡng", "PRK"),
          ("Moscow", "Mát-xcơ-va", "RUS"), ("Da Nang", "Đà Nẵng", "VNM"), ("Tokyo", "Tô-ky-ô", "JPN"), None, None]
SYLLABLES = ["nguyen", "tran", "le", "pham", "hoang", "vu", "dang", "bui", "do", "ho", "van", "thi", "minh",
             "quang", "hung", "lan", "anh", "duc", "thanh", "long", "son", "hai", "tuan", "nam"]
WORDS = ["hợp", "tác", "kinh", "tế", "quốc", "phòng", "an", "ninh", "đối", "ngoại", "văn", "hóa", "thương",
         "mại", "đầu", "tư", "giáo", "dục", "năng", "lượng", "biển", "đảo", "hòa", "bình", "phát", "triển"]


def entity_rows(n_entities: int, rng: random.Random) -> list[dict]:
    rows = []
    for i in range(n_entities):
        name = " ".join(rng.choice(SYLLABLES) for _ in range(3)).title() + f" {i}"
        rows.append({"id": f"person:p{i}", "type": "PERSON", "name": name, "name_vi": name,
                     "name_key": fold(name), "country": rng.choice(COUNTRIES), "discovered": False,
                     "num_mentions": 0})
    return rows


def pick_actor(rng: random.Random, n_entities: int) -> int:
    """Skewed: a few leaders take part in very many events."""
    return min(n_entities - 1, int(rng.paretovariate(1.1)) - 1 + (rng.random() < 0.3) * rng.randrange(n_entities))


def event_batch(start: int, count: int, rng: random.Random, entities: list[dict], now: datetime):
    events, actors, pairs, docs = [], [], [], []
    span = (date(2025, 12, 31) - date(2015, 1, 1)).days
    for n in range(start, start + count):
        cameo, label_vi, label_en = rng.choice(CODES)
        a = pick_actor(rng, len(entities))
        b = pick_actor(rng, len(entities))
        if a == b:
            b = (b + 1) % len(entities)
        day = date(2015, 1, 1) + timedelta(days=rng.randrange(span))
        place = rng.choice(PLACES)
        event_id = f"ev{n:010d}"
        source, target = [entities[a]["id"]], [entities[b]["id"]]
        events.append({
            "id": event_id, "cameo": cameo, "root": cameo[:2], "family": fuse.family(cameo),
            "actor_key": fuse.actor_key(cameo, source, target), "plover": PLOVER.get(cameo[:2], "CONSULT"),
            "mode": None, "goldstein": 1.0, "quad_class": fuse.quad_class(cameo), "label_vi": label_vi,
            "label_en": label_en, "date_start": day, "date_end": day, "date_granularity": "day",
            "sort_date": day, "place_name": place and place[0], "place_name_vi": place and place[1],
            "place_key": place and fold(place[1]), "place_country": place and place[2],
            "modality": "asserted", "negated": False, "occasion": None, "topics": [],
            "summary": f"{entities[a]['name']} {label_en} {entities[b]['name']}",
            "evidence_text": f"{entities[a]['name']} {label_vi} {entities[b]['name']}",
            "num_mentions": 1 + int(rng.paretovariate(2)), "num_articles": 1, "num_sources": 1,
            "first_seen": day, "last_seen": day, "updated_at": now})
        for entity, side in ((entities[a], "source"), (entities[b], "target")):
            actors.append({"event_id": event_id, "entity_id": entity["id"], "side": side,
                           "country": entity["country"], "sort_date": day})
        first, second = sorted((source[0], target[0]))
        pairs.append({"event_id": event_id, "entity_a": first, "entity_b": second, "root": cameo[:2],
                      "sort_date": day})
        body = " ".join(p for p in (label_vi, label_en, entities[a]["name"], entities[b]["name"],
                                    place and place[1]) if p)
        docs.append({"kind": "event", "ref": event_id, "body": fold(body)})
    return events, actors, pairs, docs


def report_rows(event_ids: list[str], rng: random.Random) -> list[dict]:
    """One report per event, from the article of its tenth (``article_batch``), as sure as the
    shipped model's calibrated confidences are: from its threshold, 0.5, up."""
    return [{"event_id": ref, "article_id": f"art{int(ref[2:]) // 10:09d}", "article_event_id": ref,
             "confidence": round(rng.uniform(0.5, 1.0), 3), "payload": {}} for ref in event_ids]


def analyze(conn) -> None:
    """Fresh planner statistics for the store's own tables only: a database-wide ANALYZE also locks other
    schemas' tables (a PostgreSQL shared with other stores, as the test suite's workers share one) and
    can deadlock with them."""
    for table in schema.metadata.sorted_tables:
        conn.exec_driver_sql(f"ANALYZE {table.name}")


def add_reports(store) -> None:
    """The reports of a database filled before they were generated, and the bands they give."""
    rng = random.Random(11)
    with store.engine.begin() as conn:
        ids = list(conn.execute(select(schema.events.c.id).order_by(schema.events.c.id)).scalars())
        for i in range(0, len(ids), CHUNK):
            conn.execute(schema.event_mentions.insert(), report_rows(ids[i:i + CHUNK], rng))
        summary_rebuild.rebuild(conn)
        analyze(conn)


def article_batch(start: int, count: int, rng: random.Random, now: datetime):
    articles, docs = [], []
    for n in range(start, start + count):
        body = " ".join(rng.choice(WORDS) for _ in range(40))
        key = f"art{n:09d}"
        articles.append({"id": key, "url": f"https://example.org/{n}", "title": f"Tin {n}", "outlet": "bench",
                         "published": date(2015, 1, 1) + timedelta(days=n % 4000), "text": body,
                         "content_hash": f"{n:064d}", "result_hash": f"{n:064d}", "updated_at": now})
        docs.append({"kind": "article", "ref": key, "body": fold(body)})
    return articles, docs


def fill(store, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    n_entities = max(100, n // 50)
    entities = entity_rows(n_entities, rng)
    with store.engine.begin() as conn:
        for i in range(0, len(entities), CHUNK):
            conn.execute(schema.entities.insert(), entities[i:i + CHUNK])
    started = time.time()
    for offset in range(0, n, CHUNK):
        events, actors, pairs, docs = event_batch(offset, min(CHUNK, n - offset), rng, entities, now)
        articles, article_docs = article_batch(offset // 10, len(events) // 10, rng, now)
        with store.engine.begin() as conn:
            conn.execute(schema.events.insert(), events)
            conn.execute(schema.event_actors.insert(), actors)
            conn.execute(schema.event_pairs.insert(), pairs)
            if articles:
                conn.execute(schema.articles.insert(), articles)
            conn.execute(schema.search_docs.insert(), docs + article_docs)
            conn.execute(schema.event_mentions.insert(), report_rows([e["id"] for e in events], rng))
        done = offset + len(events)
        print(f"\rfilled {done:,}/{n:,} events ({time.time() - started:.0f} s)", end="", file=sys.stderr)
    with store.engine.begin() as conn:  # the counts ingestion keeps up to date, in one go
        counted = select(schema.event_pairs.c.root, schema.event_pairs.c.entity_a, schema.event_pairs.c.entity_b,
                         func.count()).group_by(schema.event_pairs.c.root, schema.event_pairs.c.entity_a,
                                                schema.event_pairs.c.entity_b)
        conn.execute(schema.pair_counts.insert().from_select(["root", "entity_a", "entity_b", "n"], counted))
        summary_rebuild.rebuild(conn)  # the timeline and network summaries
    with store.engine.begin() as conn:
        analyze(conn)
    print(file=sys.stderr)


def popular_and_rare(store) -> tuple[list[str], list[str]]:
    with store.engine.connect() as conn:
        ranked = conn.execute(select(schema.event_actors.c.entity_id, func.count().label("n"))
                              .group_by(schema.event_actors.c.entity_id).order_by(func.count().desc())).all()
    return [r.entity_id for r in ranked[:10]], [r.entity_id for r in ranked[-200:]]


def measure(name: str, calls, repeat: int, budget_s: float = 20.0,
            clock=time.perf_counter) -> tuple[str, float, float, int]:
    timings: list[float] = []
    begun = time.perf_counter()
    for i in range(repeat):
        if i >= 5 and time.perf_counter() - begun > budget_s:
            break
        call = calls[i % len(calls)]
        started = clock()
        call()
        timings.append((clock() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    return name, statistics.median(timings), p95, len(timings)


def queries(store, popular: list[str], rare: list[str]):
    page = store.list_events(EventFilter(limit=50))
    some_events = [e["id"] for e in store.list_events(EventFilter(limit=20, cameo="04")).items]
    years = [date(y, 1, 1) for y in range(2016, 2025)]
    return [
        ("list_events (newest 50)", [lambda: store.list_events(EventFilter(limit=50))]),
        ("list_events page 2 (cursor)", [lambda: store.list_events(EventFilter(limit=50, cursor=page.next_cursor))]),
        ("list_events actor=popular", [lambda a=a: store.list_events(EventFilter(actor=a)) for a in popular]),
        ("list_events actor=rare", [lambda a=a: store.list_events(EventFilter(actor=a)) for a in rare[:20]]),
        ("list_events country=VNM", [lambda: store.list_events(EventFilter(country="VNM"))]),
        ("list_events country=rare", [lambda c=c: store.list_events(EventFilter(country=c))
                                      for c in ("X01", "X07", "X13")]),
        ("list_events type=04 since year", [lambda y=y: store.list_events(EventFilter(cameo="04", since=y))
                                             for y in years]),
        ("list_events type=042 in a year", [lambda y=y: store.list_events(EventFilter(
            cameo="042", since=y, until=y.replace(month=12, day=31))) for y in years]),
        ("list_events plover=SANCTION", [lambda: store.list_events(EventFilter(cameo="SANCTION"))]),
        ("list_events place=Bình Nhưỡng", [lambda: store.list_events(EventFilter(place="Bình Nhưỡng"))]),
        ("list_events actor+type+since", [lambda a=a: store.list_events(EventFilter(
            actor=a, cameo="04", since=date(2020, 1, 1))) for a in popular]),
        ("list_events sort=mentions", [lambda: store.list_events(EventFilter(), sort="mentions")]),
        ("list_events text=trung phat", [lambda: store.list_events(EventFilter(text="trừng phạt"))]),
        ("list_events text=rare name", [lambda a=a: store.list_events(EventFilter(
            text=read.get_entity(store, a)["name"])) for a in rare[:10]]),
        ("list_events text=common name word", [lambda w=w: store.list_events(EventFilter(text=w))
                                               for w in ("nguyen", "tran le", "minh")]),
        ("list_events text+type=04", [lambda: store.list_events(EventFilter(text="hội đàm", cameo="04"))]),
        ("get_event", [lambda e=e: store.get_event(e) for e in some_events]),
        ("timeline popular (500)", [lambda a=a: store.timeline(a, limit=500) for a in popular]),
        ("timeline rare", [lambda a=a: store.timeline(a) for a in rare[:20]]),
        ("get_entity popular", [lambda a=a: store.get_entity(a) for a in popular]),
        ("pairs 04 (all time)", [lambda: store.pairs()]),
        ("pairs 04 (one year)", [lambda y=y: store.pairs(since=y, until=y.replace(month=12, day=31))
                                 for y in years]),
        ("search 'hoi dam' (common)", [lambda: store.search("hội đàm")]),
        ("search rare name", [lambda a=a: store.search(read.get_entity(store, a)["name"]) for a in rare[:10]]),
        ("list_entities 'nguyen'", [lambda: store.list_entities("nguyễn")]),
        # what /api/timeline and /api/graph serve (store/aggregate.py)
        ("api timeline by month (all)", [lambda: aggregate.event_counts(store, EventFilter(), by="month")]),
        ("api timeline actor=popular", [lambda a=a: aggregate.event_counts(store, EventFilter(actor=a))
                                        for a in popular[:3]]),
        ("api timeline type=042 in a year", [lambda y=y: aggregate.event_counts(store, EventFilter(
            cameo="042", since=y, until=y.replace(month=12, day=31)), by="day") for y in years]),
        ("api graph top 60 (all)", [lambda: aggregate.actor_graph(store, EventFilter(), top=60)]),
        ("api graph country=LAO", [lambda: aggregate.actor_graph(store, EventFilter(country="LAO"), top=60)]),
        ("api entity offices popular", [lambda a=a: aggregate.entity_offices(store, a) for a in popular]),
        # the other filters of the web's start page and the entity page
        *api_filtered(store, popular, rare, years),
    ]


def api_filtered(store, popular: list[str], rare: list[str], years: list[date]):
    """/api/timeline and /api/graph with each filter the API takes, alone and combined."""
    def timeline(filters: EventFilter, by: str = "month", plover: str | None = None):
        return lambda: aggregate.event_counts(store, filters, plover, by=by)

    def network(filters: EventFilter, plover: str | None = None):
        return lambda: aggregate.actor_graph(store, filters, plover, top=60)
    places = ("Bình Nhưỡng", "Hà Nội", "PRK")
    filters = [
        ("place", [EventFilter(place=p) for p in places]),
        ("min_confidence=0.7", [EventFilter(min_confidence=0.7)]),
        ("min_confidence=0.65", [EventFilter(min_confidence=0.65)]),
        ("min_confidence=0.65 ten weeks", [EventFilter(min_confidence=0.65, since=y.replace(month=3, day=10),
                                                       until=y.replace(month=5, day=20)) for y in years]),
        ("text=trung phat", [EventFilter(text="trừng phạt")]),
        ("text=rare name", [EventFilter(text=read.get_entity(store, a)["name"]) for a in rare[:10]]),
        ("actor=popular+type=04", [EventFilter(actor=a, cameo="04") for a in popular[:3]]),
        ("country=VNM+code=042", [EventFilter(country="VNM", cameo="042")]),
        ("actor=popular+place", [EventFilter(actor=a, place="Hà Nội") for a in popular[:3]]),
        ("two actors (a name)", [EventFilter(actor="nguyen")]),
        ("type+year", [EventFilter(cameo="SANCTION", since=y, until=y.replace(month=12, day=31))
                       for y in years]),
    ]
    found = []
    for name, cases in filters:
        found.append((f"api timeline {name}", [timeline(f, "auto") for f in cases]))
        found.append((f"api graph {name}", [network(f) for f in cases]))
    found += [
        ("api graph actor=popular (entity page)", [network(EventFilter(actor=a)) for a in popular]),
        ("api graph actor=rare (entity page)", [network(EventFilter(actor=a)) for a in rare[:20]]),
        ("api timeline actor=popular auto (entity page)", [timeline(EventFilter(actor=a), "auto")
                                                           for a in popular]),
        ("api graph one month of a year", [network(EventFilter(since=y.replace(month=5), until=y.replace(
            month=5, day=31))) for y in years]),
        ("api graph odd range", [network(EventFilter(since=y.replace(month=3, day=10), until=y.replace(
            month=4, day=20))) for y in years]),
        ("api graph type=CONSULT", [network(EventFilter(), "CONSULT")]),
    ]
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of fused events")
    parser.add_argument("--db", default=None, help="database URL (default: a SQLite file in /tmp)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--fresh", action="store_true", help="refill even when the database is filled")
    parser.add_argument("--only", nargs="+", metavar="WORD", help="run only the queries whose name holds a word")
    parser.add_argument("--cpu", action="store_true",
                        help="time each call's CPU time in this process (SQLite's whole work, whatever else the"
                             " machine runs; not PostgreSQL's, whose server does the work)")
    parser.add_argument("--scan", action="store_true",
                        help="count the API's timeline and network over the matching events, not the summaries")
    args = parser.parse_args(argv)
    if args.scan:
        from sukien.store import summary_read
        summary_read.timeline = lambda *_: None
        summary_read.graph = lambda *_: None
    url = args.db or f"sqlite:////tmp/sukien-bench-{args.n}.db"
    if args.fresh and url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    store = open_store(url)
    have = store.counts()["events"]
    if have != args.n:
        if have:
            sys.exit(f"{url} holds {have} events, not {args.n}: use --fresh or another --db")
        started = time.time()
        fill(store, args.n)
        print(f"fill: {time.time() - started:.0f} s", file=sys.stderr)
    if not store.counts().get("event_mentions"):
        started = time.time()
        add_reports(store)
        print(f"reports: {time.time() - started:.0f} s", file=sys.stderr)
    popular, rare = popular_and_rare(store)
    gc.collect()  # as a server process does once its app is built (sukien.api.app.settle_memory):
    gc.freeze()  # what lives at start is moved out of the collector's reach
    clock = time.process_time if args.cpu else time.perf_counter
    print(f"{store.backend}, {args.n:,} events, {args.repeat} runs each; ms{' of CPU time' if args.cpu else ''}")
    print(f"{'query':38} {'p50':>9} {'p95':>9} {'runs':>5}")
    for name, calls in queries(store, popular, rare):
        if args.only and not any(word in name for word in args.only):
            continue
        name, p50, p95, runs = measure(name, calls, args.repeat, clock=clock)
        print(f"{name:38} {p50:9.1f} {p95:9.1f} {runs:5}", flush=True)
    store.close()


if __name__ == "__main__":
    main()
