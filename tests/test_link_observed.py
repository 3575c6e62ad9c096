"""Observed offices: a title with its name in stored articles resolves the title alone in later ones.

The rule (``link.observed.settle``) is tested on its own; the rest runs the real pipeline into a
real store (SQLite, and PostgreSQL when SUKIEN_TEST_PG is set). Every person here is invented:
South Africa has no Prime Minister, so the knowledge base knows no holder of that office, and
its President in the knowledge base is Cyril Ramaphosa, open-ended from 2018.
"""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import typer
from typer.testing import CliRunner

from tests.store_fixtures import db_url, store  # noqa: F401  (fixtures are used by name)

from sukien import kb
from sukien.kb import Office
from sukien.link.observed import (
    GRACE,
    MIN_ARTICLES,
    ObservedHolder,
    ObservedOffices,
    names_many,
    office_key,
    settle,
    title_words,
)
from sukien.model import Article, Entity
from sukien.pipeline import StoreProcess, process
from sukien.store.observed import is_current

PM = "Thủ tướng Nam Phi Thabo Mkhandeni"
PRESIDENT = "Tổng thống Nam Phi Sipho Ndlovane"
THABO = "discovered:person:thabo-mkhandeni"
SIPHO = "discovered:person:sipho-ndlovane"
RAMAPHOSA = "person:cyril-ramaphosa"


def article(key: str, day: str, body: str, title: str = "Quan hệ Nam Phi và Việt Nam") -> Article:
    return Article(text=f"{title}\n{body}", id=key, title=title, published=date.fromisoformat(day))


# Two different reports (the same body twice would be stored as a copy, and count once).
SAYINGS = ("{who} hội đàm với Thủ tướng Lê Minh Hưng tại Hà Nội chiều nay. Hai bên nhất trí tăng cường"
           " hợp tác về năng lượng và khai khoáng.",
           "{who} tiếp Bộ trưởng Ngoại giao Lê Hoài Trung tại Pretoria sáng nay. Hai bên thảo luận kế hoạch"
           " mở đường bay thẳng giữa hai nước.")


def naming_pm(key: str, day: str, saying: int = 0) -> Article:
    return article(key, day, SAYINGS[saying].format(who=PM))


def naming_president(key: str, day: str, saying: int = 0) -> Article:
    return article(key, day, SAYINGS[saying].format(who=PRESIDENT))


def title_alone(key: str, day: str, title: str = "Thủ tướng Nam Phi") -> Article:
    return article(key, day, f"{title} điện đàm với Thủ tướng Lê Minh Hưng sáng nay.",
                   title="Nam Phi và Việt Nam bàn về thương mại")


def phone_call_source(store, key: str) -> list[str]:  # noqa: F811
    """The source of the phone call (CAMEO 041) that article ``key`` reports."""
    found = [e for e in store.list_events().items if e["cameo"] == "041"
             and key in {a["id"] for a in store.get_event(e["id"])["articles"]}]
    assert len(found) == 1, found
    return [actor["id"] for actor in found[0]["source"]]


def ingest(store, *articles: Article) -> None:  # noqa: F811
    """One ingest run, a batch per article: later articles see what earlier ones stored."""
    linker = StoreProcess(store.observed_offices)
    summary = store.ingest_articles(list(articles), linker, batch_seconds=0, on_batch=linker.refresh)
    assert not summary.errors


# -- the rule ------------------------------------------------------------------------------------

def holder(person: str, first: str, last: str, articles: int = 2, title_vi: str = "Tổng thống Nam Phi",
           country: str = "ZAF", name: str | None = None, title_en: str = "President") -> ObservedHolder:
    entity = Entity(person, "PERSON", name or person, discovered=person.startswith("discovered:"))
    return ObservedHolder(entity, title_vi, title_en, country,
                          date.fromisoformat(first), date.fromisoformat(last), articles)


OPEN = Office("Tổng thống Nam Phi", "President of South Africa", "ZAF", None, "GOV", date(2018, 2, 15), None)
CLOSED = Office("Tổng thống Nam Phi", "President of South Africa", "ZAF", None, "GOV", date(2018, 2, 15),
                date(2027, 1, 1))
LATE = Office("Tổng thống Nam Phi", "President of South Africa", "ZAF", None, "GOV", date(2026, 4, 7), None)


@pytest.mark.parametrize(("known", "seen", "day", "expected"), [
    ([], [holder("x", "2026-09-01", "2026-09-10")], "2026-09-20", ["x"]),  # no KB holder: the observed one
    ([], [holder("x", "2026-09-01", "2026-09-10"), holder("y", "2026-09-05", "2026-09-06")], "2026-09-20", []),
    ([("kb", OPEN)], [holder("x", "2025-06-01", "2025-06-10")], "2025-06-20", ["kb"]),  # before the as-of date
    ([("kb", OPEN)], [holder("x", "2026-09-01", "2026-09-10")], "2026-09-20", ["x"]),  # after it, open-ended
    ([("kb", CLOSED)], [holder("x", "2026-09-01", "2026-09-10")], "2026-09-20", ["kb"]),  # a dated term stands
    ([("kb", LATE)], [holder("x", "2026-01-01", "2026-03-10")], "2026-03-20", ["kb"]),  # entered later: trusted
    ([("kb", OPEN)], [holder("x", "2026-09-01", "2026-09-10"), holder("kb", "2026-09-02", "2026-09-03")],
     "2026-09-20", ["kb"]),  # the KB's holder observed too: two people qualify, the KB answers
    ([("kb", OPEN)], [holder("kb", "2026-09-01", "2026-09-10")], "2026-09-20", ["kb"]),
    # a predecessor still named in office after the KB's holder took it is no change of hands
    ([("kb", LATE)], [holder("x", "2026-03-01", "2026-06-10")], "2026-06-20", ["kb"]),
    # seen only before the as-of date: the grace period does not carry it past the KB
    ([("kb", OPEN)], [holder("x", "2025-09-01", "2025-09-20")], "2025-10-20", ["kb"]),
    # the KB's holder under a shorter name is the KB's holder
    ([(RAMAPHOSA, OPEN)], [holder("discovered:person:ramaphosa", "2026-09-01", "2026-09-10", name="Ramaphosa")],
     "2026-09-20", [RAMAPHOSA]),
    ([(RAMAPHOSA, OPEN)], [holder("discovered:person:cyril-ramafosa", "2026-09-01", "2026-09-10",
                                  name="Cyril Ramafosa")], "2026-09-20", [RAMAPHOSA]),  # another spelling
    # the KB says this person left the office: observations after that do not bring them back
    ([], [holder("person:shigeru-ishiba", "2025-10-25", "2025-11-10", title_vi="Thủ tướng Nhật Bản",
                 country="JPN", title_en="Prime Minister")], "2025-11-20", []),
])
def test_settle(known, seen, day, expected):
    people, _ = settle(known, tuple(seen), date.fromisoformat(day), kb.load())
    assert people == expected


def test_observed_offices_window_and_threshold():
    offices = ObservedOffices.of([holder("x", "2026-09-01", "2026-09-10"),
                                  holder("once", "2026-09-01", "2026-09-10", articles=MIN_ARTICLES - 1)])
    assert len(offices) == 1
    on = lambda day: [h.entity.id for h in offices.on("President", "Tổng thống Nam Phi", "ZAF", day)]  # noqa: E731
    assert on(date(2026, 8, 31)) == []
    assert on(date(2026, 9, 10) + GRACE) == ["x"]
    assert on(date(2026, 9, 10) + GRACE + timedelta(days=1)) == []
    assert on(date(2026, 9, 5)) == ["x"] and offices.on("President", "Tổng thống Mỹ", "USA", date(2026, 9, 5)) == ()
    later = offices.updated([holder("x", "2026-09-01", "2026-12-01", articles=3)])
    assert [h.last_seen for h in later.holders()] == [date(2026, 12, 1)]


def test_an_office_is_its_title_without_the_country():
    assert office_key("Prime Minister", "Thủ tướng Nhật", "JPN") == office_key("Prime Minister", "Thủ tướng Nhật Bản", "JPN")
    assert title_words("Bộ trưởng Tài chính Mỹ", "USA") == "bo chinh tai truong"
    assert office_key("Minister", "Bộ trưởng Tài chính Mỹ", "USA") != office_key("Minister", "Bộ trưởng Quốc phòng Mỹ", "USA")
    assert names_many(office_key("Minister", "Bộ trưởng Israel", "ISR"))  # many ministers: none is "the" one
    assert not names_many(office_key("Prime Minister", "Thủ tướng Israel", "ISR"))
    many = ObservedOffices.of([holder("x", "2026-09-01", "2026-09-10", title_vi="Bộ trưởng Nam Phi")])
    assert len(many) == 0


@pytest.mark.parametrize(("before", "after", "current"), [
    ("Hà Nội. ", " Sipho Ndlovane", True),
    ("gặp ", " Sipho Ndlovane", True),
    ("gặp cựu ", " Sipho Ndlovane", False),
    ("Ông là nguyên ", " Sipho Ndlovane", False),
    ("lễ tang cố ", " Sipho Ndlovane", False),
    ("gặp ", " tiền nhiệm Sipho Ndlovane", False),
    ("gặp ", " đắc cử Sipho Ndlovane", False),
    ("Cựu ", " Sipho Ndlovane", False),  # a headline's first word
    ("ông Nguyễn ", " Sipho Ndlovane", True),  # another tone: no "nguyên"
    ("Trường Tân Lạc cố", " Sipho Ndlovane", True),  # "cố" must stand before the title
])
def test_former_office_is_no_observation(before, after, current):
    assert is_current(before, after) is current


# -- through the pipeline into a store ------------------------------------------------------------

def test_extract_without_a_store_is_unchanged():
    """No store: the title alone resolves as before (to the country: the KB knows no holder)."""
    result = process(title_alone("b", "2026-09-20"))
    assert [e["source"] for e in result.events if e["cameo"] == "041"] == [["country:ZAF"]]


def test_observed_holder_resolves_a_later_title(store):  # noqa: F811
    ingest(store, naming_pm("a1", "2026-08-25"), naming_pm("a2", "2026-09-01", 1), title_alone("b", "2026-09-20"))
    assert phone_call_source(store, "b") == [THABO]
    (office,) = store.role_observations(THABO)
    assert (office["country"], office["articles"], office["observed"]) == ("ZAF", 3, 2)
    assert (office["first_observed"], office["last_observed"], office["consulted"]) == ("2026-08-25", "2026-09-01", True)
    assert [e["observation"] for e in office["evidence"]] == [True, True, False]  # b only infers him


def test_one_article_is_not_enough(store):  # noqa: F811
    ingest(store, naming_pm("a1", "2026-09-01"), title_alone("b", "2026-09-20"))
    assert phone_call_source(store, "b") == ["country:ZAF"]


def test_observation_expires_after_the_grace_period(store):  # noqa: F811
    late = (date(2026, 9, 1) + GRACE + timedelta(days=30)).isoformat()
    ingest(store, naming_pm("a1", "2026-08-25"), naming_pm("a2", "2026-09-01", 1), title_alone("c", late))
    assert phone_call_source(store, "c") == ["country:ZAF"]


def test_former_holder_is_not_observed(store):  # noqa: F811
    former = "cựu Thủ tướng Nam Phi Thabo Mkhandeni"
    ingest(store, article("a1", "2026-08-25", f"Thủ tướng Lê Minh Hưng tiếp {former} tại Hà Nội chiều nay."),
           article("a2", "2026-09-01", f"Bộ trưởng Ngoại giao Lê Hoài Trung gặp {former} sáng nay."),
           title_alone("b", "2026-09-20"))
    assert store.observed_offices() == []
    assert phone_call_source(store, "b") == ["country:ZAF"]


def test_conflict_with_the_kb_is_flagged_and_the_kb_kept(store):  # noqa: F811
    ingest(store, naming_president("p1", "2025-06-02"), naming_president("p2", "2025-06-09", 1),
           title_alone("p3", "2025-06-20", "Tổng thống Nam Phi"))
    assert phone_call_source(store, "p3") == [RAMAPHOSA]  # before the KB's as-of date: the KB answers
    (conflict,) = [c.as_dict() for c in store.role_conflicts()]
    assert (conflict["observed_id"], conflict["kb_id"], conflict["linker"]) == (SIPHO, RAMAPHOSA, "knowledge base")
    assert (conflict["first_seen"], conflict["last_seen"], conflict["articles"]) == ("2025-06-02", "2025-06-09", 2)


def test_observation_answers_after_the_kb_as_of_date(store):  # noqa: F811
    ingest(store, naming_president("p1", "2026-09-02"), naming_president("p2", "2026-09-09", 1),
           title_alone("p3", "2026-09-20", "Tổng thống Nam Phi"))
    assert phone_call_source(store, "p3") == [SIPHO]  # the KB's open-ended term is older news
    (conflict,) = store.role_conflicts()
    assert conflict.linker == "observed from 2026-09-02"


def _as_file(item: Article) -> str:
    """A .txt article: the title line, its date, then the body."""
    title, body = item.text.split("\n", 1)
    return f"{title}\npublished: {item.published}\n\n{body}\n"


def test_cli_ingest_consults_and_entities_shows(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for item in (naming_pm("a1", "2026-08-25"), naming_pm("a2", "2026-09-01", 1)):
        (folder / f"{item.id}.txt").write_text(_as_file(item), encoding="utf-8")
    later = title_alone("b", "2026-09-20")
    (tmp_path / "b.txt").write_text(_as_file(later), encoding="utf-8")
    db = str(tmp_path / "t.db")
    from sukien.cli import query, store as ingesting
    app = typer.Typer()
    ingesting.register(app)
    query.register(app)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(folder), "--db", db]).exit_code == 0
    assert runner.invoke(app, ["ingest", str(tmp_path / "b.txt"), "--db", db]).exit_code == 0
    shown = runner.invoke(app, ["events", "--db", db, "--type", "041", "--format", "jsonl"])
    assert [a["id"] for a in json.loads(shown.stdout)["source"]] == [THABO]
    detail = runner.invoke(app, ["entities", "--id", THABO, "--evidence", "--db", db, "--format", "jsonl"])
    (office,) = json.loads(detail.stdout)["offices"]
    assert office["consulted"] and len(office["evidence"]) == 3
    table = runner.invoke(app, ["entities", "--id", THABO, "--evidence", "--db", db])
    assert "consulted" in table.stdout and "Thủ tướng Nam Phi" in table.stdout
    assert runner.invoke(app, ["entities", "--conflicts", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["entities", "--evidence", "--db", db]).exit_code != 0


def test_watch_consults_what_the_store_observed(store, tmp_path):  # noqa: F811
    from sukien.watch import Watcher, WatchSettings, parse_source
    ingest(store, naming_pm("a1", "2026-08-25"), naming_pm("a2", "2026-09-01", 1))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "b.txt").write_text(_as_file(title_alone("b", "2026-09-20")), encoding="utf-8")
    Watcher(store, [parse_source(str(inbox))], WatchSettings(every=1)).poll_due(everything=True)
    assert phone_call_source(store, "b") == [THABO]
