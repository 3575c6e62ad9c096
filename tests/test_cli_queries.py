"""The reading commands say what they found, as it is, in a form a pipe can use.

On a database of the example articles: the terminal views show each event's modality
(a talk that did not happen, a visit yet to come); ``--actor`` finds what the search box
finds (any diacritics, part of a name, a country by name or code); every option is
checked, with one line naming it; an empty answer says so; output into a pipe keeps
each row on one line; ``--format csv`` reads back with the csv module.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

typer = pytest.importorskip("typer")
from typer.testing import CliRunner  # noqa: E402

from sukien.api.demo import build_demo  # noqa: E402
from sukien.store import EventFilter  # noqa: E402
from sukien.store.read import reporters  # noqa: E402


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = build_demo(str(tmp_path_factory.mktemp("queries") / "demo.db"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def cli():
    from sukien.cli import export, query
    app = typer.Typer()
    query.register(app)
    export.register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def sukien(*args: str) -> subprocess.CompletedProcess:
    """``sukien ARGS`` in its own process, its output going into a pipe."""
    return subprocess.run([sys.executable, "-c", "from sukien.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def listed(cli, demo, *args: str) -> list[dict]:
    done = cli("events", "--db", demo.url, "--format", "jsonl", "--limit", "1000", *args)
    assert done.exit_code == 0, done.output
    return jsonl(done.stdout)


def all_events(demo) -> list[dict]:
    return demo.list_events(EventFilter(limit=1000)).items


# -- modality -----------------------------------------------------------------------------------


def test_events_table_marks_planned_and_negated_events(cli, demo):
    events = all_events(demo)
    planned = next(e for e in events if e["modality"] == "planned")
    negated = next(e for e in events if e["negated"])
    table = cli("events", "--db", demo.url, "--limit", "1000").stdout
    rows = {line.split("│")[-2].strip(): line for line in table.splitlines() if line.count("│") > 2}
    assert "planned" in rows[planned["id"]]
    assert "negated" in rows[negated["id"]]
    asserted = next(e for e in events if e["modality"] == "asserted" and not e["negated"])
    assert "planned" not in rows[asserted["id"]] and "negated" not in rows[asserted["id"]]


@pytest.mark.parametrize("which, words", [
    (lambda e: e["modality"] == "planned", "modality: planned"),
    (lambda e: e["negated"], "modality: negated"),
    (lambda e: e["modality"] == "asserted" and not e["negated"], "modality: asserted"),
])
def test_show_states_the_modality(cli, demo, which, words):
    event = next(e for e in all_events(demo) if which(e))
    shown = cli("show", event["id"], "--db", demo.url)
    assert shown.exit_code == 0 and words in shown.stdout


@pytest.mark.parametrize("modality, negated, reporters, words", [
    ("asserted", False, [], ""),
    ("planned", False, [], "planned"),
    ("negated", True, [], "negated"),
    ("hypothetical", False, [], "hypothetical"),
    ("hypothetical", True, [], "hypothetical, negated"),
    ("historical", False, [], "historical"),
    ("asserted", False, ["TASS"], "reported by TASS"),
    ("planned", False, ["TASS", "Reuters"], "planned, reported by TASS, Reuters"),
])
def test_modality_words(modality, negated, reporters, words):
    from sukien.cli.views import modality as modality_words
    assert modality_words({"modality": modality, "negated": negated}, reporters) == words


def test_show_names_who_an_attributed_report_comes_from(cli, demo):
    attributed = [e for e in all_events(demo)
                  if any(m.get("reported_by") for m in demo.get_event(e["id"])["evidence"])]
    assert attributed, "an example article quotes a news agency"
    shown = cli("show", attributed[0]["id"], "--db", demo.url).stdout
    assert "(reported by " in shown
    by = reporters(demo, [e["id"] for e in attributed])
    assert all(isinstance(name, str) and ":" not in name for names in by.values() for name in names)


def test_show_says_where_each_report_s_date_comes_from(cli, demo):
    """A date stated in the report's sentence, and one taken from the article's context (an earlier
    sentence's day, chosen by the dating model), are told apart, with the words that give each."""
    details = [demo.get_event(e["id"]) for e in all_events(demo)]
    relations = {item["date_relation"] for detail in details for item in detail["evidence"]}
    assert {"stated", "inferred"} <= relations
    assert relations <= {"stated", "inferred", "relative", "historical", None}
    inferred = next(d for d in details if any(i["date_relation"] == "inferred" and i["date_text"]
                                              for i in d["evidence"]))
    item = next(i for i in inferred["evidence"] if i["date_relation"] == "inferred" and i["date_text"])
    shown = cli("show", inferred["id"], "--db", demo.url).stdout
    assert f'date: "{item["date_text"]}", taken from the article\'s context' in shown


# -- --actor, --country and the other filters ------------------------------------------------------


def test_a_country_as_actor_finds_what_the_country_filter_finds(cli, demo):
    by_code = {e["id"] for e in listed(cli, demo, "--country", "LAO")}
    assert len(by_code) > 3
    for args in (("--actor", "Lào"), ("--actor", "lao"), ("--actor", "LAO"), ("--country", "Lào"),
                 ("--country", "lao")):
        assert {e["id"] for e in listed(cli, demo, *args)} == by_code, args


@pytest.mark.parametrize("typed", ["Khamphone Sisavath", "khamphone sisavath", "Sisavath", "khamph"])
def test_actor_by_any_diacritics_or_part_of_the_name(cli, demo, typed):
    found = listed(cli, demo, "--actor", typed)
    assert found, typed
    assert all("Khamphone Sisavath" in json.dumps(e, ensure_ascii=False) for e in found)


def test_actor_by_a_vietnamese_name_without_its_marks(cli, demo):
    marked = {e["id"] for e in listed(cli, demo, "--actor", "Lê Minh Hòa")}
    assert marked and {e["id"] for e in listed(cli, demo, "--actor", "le minh hoa")} == marked
    assert {e["id"] for e in listed(cli, demo, "--actor", "minh hoa")} >= marked


@pytest.mark.parametrize("args, named", [
    (["--country", "Xứ Sở Thần Tiên"], "--country"),
    (["--country", "XYZ"], "--country"),
    (["--type", "9999"], "--type"),
    (["--type", "MEET"], "--type"),
    (["--since", "2026-05-01", "--until", "2026-01-01"], "--since"),
    (["--since", "tháng Năm"], "--since"),
    (["--format", "xlsx"], "--format"),
    (["--sort", "oldest"], "--sort"),
    (["--limit", "many"], "--limit"),
    (["--limit", "5000"], "--limit"),
    (["--cursor", "WzFd"], "cursor"),  # base64 of [1]: JSON, but no page's end
    (["--cursor", "@@@"], "cursor"),
])
def test_every_option_is_checked_with_one_line(demo, args, named):
    done = sukien("events", "--db", demo.url, *args)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0], done.stderr


@pytest.mark.parametrize("args", [
    ["timeline", "Lê Minh Hòa", "--since", "2027-01-01", "--until", "2026-01-01"],
    ["pairs", "--root", "99"],
    ["entities", "--type", "PEOPLE"],
    ["export", "--type", "9999", "OUT"],
    ["export", "--country", "Atlantis", "OUT"],
])
def test_the_other_commands_check_their_options(demo, args, tmp_path):
    args = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    done = sukien(*args, "--db", demo.url)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not (tmp_path / "out").exists()


def test_a_known_type_and_country_still_filter(cli, demo):
    consult = listed(cli, demo, "--type", "consult")
    assert consult and all(e["plover"] == "CONSULT" for e in consult)
    assert listed(cli, demo, "--type", "04") and listed(cli, demo, "--country", "Hoa Kỳ") is not None


def test_an_empty_answer_says_so(cli, demo):
    for command in (["events", "--actor", "Ngô Văn Không Có"], ["entities", "zzzz"], ["search", "zzzzqq"],
                    ["pairs", "--root", "19"]):
        done = cli(*command, "--db", demo.url)
        assert done.exit_code == 0 and done.stdout == "", (command, done.stdout)
        assert "match" in done.output, command


# -- formats and pipes --------------------------------------------------------------------------


def test_events_as_csv(cli, demo):
    done = cli("events", "--db", demo.url, "--format", "csv", "--limit", "1000")
    assert done.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    events = all_events(demo)
    assert [r["id"] for r in rows] == [e["id"] for e in events]
    by_id = {r["id"]: r for r in rows}
    for event in events:
        row = by_id[event["id"]]
        assert row["modality"] == event["modality"] and row["negated"] == str(event["negated"]).lower()
        assert row["cameo"] == event["cameo"]
        assert row["source_ids"].split("; ") == [a["id"] for a in event["source"]] or not event["source"]


def test_piped_rows_are_whole_lines(demo):
    done = sukien("events", "--db", demo.url, "--limit", "1000")
    assert done.returncode == 0
    ids = [e["id"] for e in all_events(demo)]
    lines = done.stdout.splitlines()
    for event_id in ids:
        [line] = [line for line in lines if event_id in line]
        assert line.rstrip().endswith(f"{event_id} │")
    assert sum(line.startswith("│") for line in lines) == len(ids)  # one line per event, no wrapping


def test_piped_show_keeps_each_evidence_sentence_on_one_line(demo):
    event = max(all_events(demo), key=lambda e: e["num_mentions"])
    done = sukien("show", event["id"], "--db", demo.url)
    detail = demo.get_event(event["id"])
    for item in detail["evidence"]:
        for span in item["evidence"]:
            assert any(span["text"] in line for line in done.stdout.splitlines())


@pytest.mark.parametrize("typed", ["le minh hoa", "Hòa"])
def test_timeline_title_is_the_entitys_name(demo, typed):
    done = sukien("timeline", typed, "--db", demo.url)
    assert done.returncode == 0, done.stderr
    title = done.stdout.splitlines()[0]
    assert "Lê Minh Hòa" in title and "person:" not in title
