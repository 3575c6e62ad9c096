"""Exports read back with the tools their users read them with.

A database is filled from the bundled example articles; each format is written and
then read by its reference reader: JSON for JSONL and PLOVER, the GDELT 2.0
column order and count for the event table, pyarrow and DuckDB (and pandas when
present) for Parquet, networkx for GraphML. The CLI command writes the same files.
"""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from sukien.api.demo import build_demo
from sukien.export import FORMATS, ExportError, export, iter_records
from sukien.export.gdelt import COLUMNS, belongs, global_event_id, write_gdelt
from sukien.export.network import actor_network
from sukien.export.plover import QUADS, to_plover
from sukien.store import EventFilter

# Positions documented in the GDELT 2.0 event codebook (header row of Sep 2016).
GDELT_POSITIONS = {
    0: "GLOBALEVENTID", 1: "SQLDATE", 2: "MonthYear", 3: "Year", 4: "FractionDate", 5: "Actor1Code",
    6: "Actor1Name", 7: "Actor1CountryCode", 12: "Actor1Type1Code", 15: "Actor2Code", 17: "Actor2CountryCode",
    25: "IsRootEvent", 26: "EventCode", 27: "EventBaseCode", 28: "EventRootCode", 29: "QuadClass",
    30: "GoldsteinScale", 31: "NumMentions", 32: "NumSources", 33: "NumArticles", 34: "AvgTone",
    35: "Actor1Geo_Type", 37: "Actor1Geo_CountryCode", 43: "Actor2Geo_Type", 51: "ActionGeo_Type",
    52: "ActionGeo_FullName", 53: "ActionGeo_CountryCode", 58: "ActionGeo_FeatureID", 59: "DATEADDED",
    60: "SOURCEURL",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    opened = build_demo(f"sqlite:///{tmp_path_factory.mktemp('export') / 'demo.db'}")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def records(store):
    found = list(iter_records(store))
    assert len(found) > 20
    return found


@pytest.fixture(scope="module")
def written(store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("out")
    paths = {fmt: folder / f"events.{fmt}" for fmt in FORMATS}
    counts = {fmt: export(store, fmt, path) for fmt, path in paths.items()}
    return paths, counts


def test_records_carry_full_actors_and_mentions(records):
    for record in records:
        assert record["mentions"], record["id"]
        assert len({m["article_id"] for m in record["mentions"]}) == record["num_articles"]
        for actor in record["source"] + record["target"]:
            assert {"id", "type", "name", "wikidata", "cameo", "sector"} <= set(actor)
        published = [m["published"] or "" for m in record["mentions"]]
        assert published == sorted(published)  # earliest report first


def test_jsonl_is_one_event_per_line(written, records):
    paths, counts = written
    lines = paths["jsonl"].read_text(encoding="utf-8").splitlines()
    assert counts["jsonl"] == len(lines) == len(records)
    parsed = [json.loads(line) for line in lines]
    assert [p["id"] for p in parsed] == [r["id"] for r in records]
    assert "hội" in paths["jsonl"].read_text(encoding="utf-8")  # Vietnamese kept as it is


def test_gdelt_column_order_and_count():
    assert len(COLUMNS) == 61 and len(set(COLUMNS)) == 61
    for position, name in GDELT_POSITIONS.items():
        assert COLUMNS[position] == name


def test_gdelt_rows_read_back(written, records):
    paths, counts = written
    with paths["gdelt"].open(encoding="utf-8", newline="") as handle:
        rows = [dict(zip(COLUMNS, row, strict=True)) for row in csv.reader(handle, delimiter="\t",
                                                                          quoting=csv.QUOTE_NONE)]
    facts = [r for r in records if belongs(r)]
    assert counts["gdelt"] == len(rows) == len(facts) < len(records)  # the examples hold a negated event
    for row, record in zip(rows, facts):
        assert row["GLOBALEVENTID"] == str(global_event_id(record["id"]))
        planned_meeting = record["modality"] == "planned" and record["cameo"].startswith("04")
        code = "036" if planned_meeting else record["cameo"]  # CAMEO codes a meeting yet to come as intent
        assert row["EventCode"] == code and row["EventRootCode"] == code[:2] and row["EventBaseCode"] == code[:3]
        assert row["QuadClass"] in {"1", "2", "3", "4"}
        assert -10 <= float(row["GoldsteinScale"]) <= 10
        assert int(row["NumMentions"]) >= int(row["NumArticles"]) >= int(row["NumSources"]) >= 1
        assert re.fullmatch(r"\d{8}", row["SQLDATE"]) and re.fullmatch(r"\d{14}", row["DATEADDED"])
        assert row["MonthYear"] == row["SQLDATE"][:6] and row["Year"] == row["SQLDATE"][:4]
        assert row["SOURCEURL"]
        assert row["IsRootEvent"] in {"0", "1"}
    ids = [row["GLOBALEVENTID"] for row in rows]
    assert len(set(ids)) == len(ids)


def test_gdelt_writes_a_planned_visit_as_intent_to_meet(written, records):
    paths, _ = written
    rows = {r["GLOBALEVENTID"]: r for r in (dict(zip(COLUMNS, line.split("\t")))
                                           for line in paths["gdelt"].read_text(encoding="utf-8").splitlines())}
    planned = [r for r in records if r["modality"] == "planned" and r["cameo"] == "042"]
    assert planned, "the examples announce a visit"
    row = rows[str(global_event_id(planned[0]["id"]))]
    assert (row["EventCode"], row["QuadClass"], row["GoldsteinScale"]) == ("036", "1", "4.0")


def test_gdelt_leaves_out_negated_and_hypothetical_events(written, records):
    paths, _ = written
    written_ids = {line.split("\t")[0] for line in paths["gdelt"].read_text(encoding="utf-8").splitlines()}
    negated = [r for r in records if r["negated"]]
    assert negated, "an example article says something did not happen"
    assert all(str(global_event_id(r["id"])) not in written_ids for r in negated)
    asserted = next(r for r in records if r["modality"] == "asserted" and not r["negated"])
    supposed = {**asserted, "modality": "hypothetical"}
    negated_supposition = {**supposed, "negated": True}
    historical = {**asserted, "modality": "historical"}
    out = io.StringIO()
    assert write_gdelt([supposed, negated_supposition, historical, asserted], out) == 2
    plover = [to_plover(r) for r in (negated[0], supposed)]
    assert "negation" in plover[0]["mode"] and "hypothetical" in plover[1]["mode"]  # PLOVER keeps them


def test_export_help_says_what_each_format_leaves_out():
    typer_testing = pytest.importorskip("typer.testing")
    import typer

    from sukien.cli import export as export_command
    app = typer.Typer()
    export_command.register(app)
    app.command("noop", hidden=True)(lambda: None)
    shown = typer_testing.CliRunner().invoke(app, ["export", "--help"], env={"COLUMNS": "200"}).output
    for fmt in FORMATS:
        assert f"{fmt}:" in shown
    assert "negated and hypothetical" in shown


def test_gdelt_uses_fips_for_geography_and_cameo_for_actors(written):
    paths, _ = written
    rows = [dict(zip(COLUMNS, line.split("\t"))) for line in paths["gdelt"].read_text(encoding="utf-8").splitlines()]
    vietnam = [r for r in rows if r["Actor1CountryCode"] == "VNM"]
    assert vietnam, "some event has a Vietnamese first actor"
    assert {r["Actor1Geo_CountryCode"] for r in vietnam} == {"VM"}  # FIPS 10-4, not ISO
    geo_codes = {r[c] for r in rows for c in ("Actor1Geo_CountryCode", "ActionGeo_CountryCode") if r[c]}
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in geo_codes)
    assert all(re.fullmatch(r"([A-Z]{3})*", r["Actor1Code"]) for r in rows)


def test_plover_records(written, records):
    paths, counts = written
    items = [json.loads(line) for line in paths["plover"].read_text(encoding="utf-8").splitlines()]
    assert counts["plover"] == len(items) == sum(1 for r in records if r["plover"])
    by_id = {r["id"]: r for r in records}
    for item in items:
        assert {"id", "date", "actor", "event"} <= set(item)  # the required fields
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["date"])
        assert item["event"][0] in QUADS and item["quad_code"] == QUADS[item["event"][0]]
        assert isinstance(item["mode"], list) and isinstance(item["context"], list)
        source = by_id[item["id"]]
        for entity, actor in zip(item["actor"], source["source"]):
            assert {"code", "sector", "entity_text", "identifier_id", "identifier_text"} <= set(entity)
            assert entity["identifier_id"] == actor.get("wikidata")
        assert item["cite_info"]["language"] == "vi"
        assert item["text"] in {e["text"] for m in source["mentions"] for e in m["evidence"]}
        assert item["comment"] == source["summary"]  # the English sentence; ``text`` is the Vietnamese one


def test_plover_modes_and_contexts():
    from sukien.export.plover import to_plover
    record = {"id": "e", "cameo": "041", "plover": "CONSULT", "mode": "phone", "modality": "hypothetical",
              "negated": True, "date_start": "2026-01-02", "topics": ["hợp tác kinh tế", "quốc phòng"],
              "source": [{"id": "a", "country": "VNM"}], "target": [{"id": "b", "country": "JPN"}],
              "mentions": []}
    item = to_plover(record)
    assert item["mode"] == ["phone", "negation", "hypothetical"]
    assert item["context"] == ["diplomatic", "economic", "military"]
    assert to_plover({**record, "plover": None}) is None  # CAMEO 01/02: PLOVER has no type
    # a call yet to be made is an agreement to talk, as PLOVER codes it
    planned = to_plover({**record, "modality": "planned", "negated": False})
    assert (planned["event"], planned["mode"], planned["quad_code"]) == (["AGREE"], ["future"], 1)


def test_parquet_reads_in_pyarrow_and_duckdb(written, records):
    pq = pytest.importorskip("pyarrow.parquet")
    duckdb = pytest.importorskip("duckdb")
    import pyarrow as pa
    paths, counts = written
    table = pq.read_table(paths["parquet"])
    assert counts["parquet"] == table.num_rows == len(records)
    assert table.schema.field("date_start").type == pa.date32()
    assert table.schema.field("num_mentions").type == pa.int32()
    assert table.column("id").to_pylist() == [r["id"] for r in records]
    for name in ("summary", "evidence_text"):
        assert table.column(name).to_pylist() == [r[name] for r in records]
    con = duckdb.connect()
    total, actors = con.execute(
        "SELECT count(*), count(DISTINCT a) FROM (SELECT unnest(source_ids) AS a FROM read_parquet(?))",
        [str(paths["parquet"])]).fetchone()
    assert actors == len({a["id"] for r in records for a in r["source"]})
    by_root = dict(con.execute("SELECT root, count(*) FROM read_parquet(?) GROUP BY root",
                               [str(paths["parquet"])]).fetchall())
    assert sum(by_root.values()) == len(records)


def test_parquet_reads_in_pandas(written):
    pd = pytest.importorskip("pandas")
    paths, counts = written
    frame = pd.read_parquet(paths["parquet"])
    assert len(frame) == counts["parquet"]
    assert frame["cameo"].str.len().min() >= 3  # codes kept as strings, leading zeros and all


def test_empty_parquet_still_has_the_schema(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "none.parquet"
    assert export(store, "parquet", path, EventFilter(actor="person:nobody")) == 0
    assert pq.read_table(path).num_rows == 0 and "source_ids" in pq.read_schema(path).names


def test_graphml_reads_in_networkx(written, records):
    nx = pytest.importorskip("networkx")
    paths, counts = written
    graph = nx.read_graphml(paths["graphml"])
    network = actor_network(records)
    assert counts["graphml"] == graph.number_of_edges() == len(network.edges)
    assert graph.number_of_nodes() == len(network.nodes)
    for edge in network.edges:
        data = graph.edges[edge["source"], edge["target"]]
        assert data["weight"] == edge["weight"]
    for node in network.nodes:
        assert graph.nodes[node["id"]]["label"] == (node["name"] or node["id"])


def test_filters_apply_to_exports(store, records, tmp_path):
    country = next(a["country"] for r in records for a in r["source"] if a.get("country") == "VNM")
    path = tmp_path / "vnm.jsonl"
    count = export(store, "jsonl", path, EventFilter(country=country))
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert 0 < count == len(items) < len(records)
    days = sorted(r["sort_date"] for r in records)
    middle = days[len(days) // 2]
    count = export(store, "jsonl", path, EventFilter(since=middle))
    assert count == sum(d >= middle for d in days)


def test_unknown_format_and_unwritable_path(store, tmp_path):
    with pytest.raises(ExportError, match="unknown export format"):
        export(store, "xlsx", tmp_path / "x")
    with pytest.raises(ExportError):
        export(store, "jsonl", tmp_path / "missing-folder" / "x.jsonl")


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_export(store, tmp_path, fmt):
    typer_testing = pytest.importorskip("typer.testing")
    import typer

    from sukien.cli import export as export_command
    app = typer.Typer()
    export_command.register(app)
    app.command("noop", hidden=True)(lambda: None)  # two commands: typer keeps the subcommand name
    out = tmp_path / f"events.{fmt}"
    result = typer_testing.CliRunner().invoke(app, ["export", "--format", fmt, "--db", store.url, "--type", "04",
                                                    str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size > 0
    assert "wrote" in result.output


def test_cli_export_reports_bad_dates(store, tmp_path):
    typer_testing = pytest.importorskip("typer.testing")
    import typer

    from sukien.cli import export as export_command
    app = typer.Typer()
    export_command.register(app)
    app.command("noop", hidden=True)(lambda: None)
    result = typer_testing.CliRunner().invoke(app, ["export", "--db", store.url, "--since", "May", str(tmp_path / "x")])
    assert result.exit_code == 2 and "--since" in result.output


def test_the_exports_page_covers_every_format_and_what_it_leaves_out():
    from pathlib import Path

    from sukien.cli.export import LEFT_OUT
    page = (Path(__file__).resolve().parents[1] / "docs" / "exports.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in page.splitlines() if line.startswith("| `")}
    assert set(rows) == set(FORMATS)
    for fmt, left_out in LEFT_OUT.items():
        assert left_out in rows[fmt.value], fmt
