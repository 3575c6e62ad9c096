"""The Spark batch: the same extraction as ``sukien extract``, as Parquet, loadable into the store.

The first half needs only pyarrow: the function Spark runs on each partition
(``rows.process_batches``) is called directly, and ``load`` reads what it makes.
The second half (marker ``spark``) runs the real job in ``local[2]`` over ~200
articles generated from the bundled examples, plus broken records, and compares
its Parquet output with ``pipeline.process``; it skips, saying why, without
pyspark or Java.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq

from sukien.batch import SparkUnavailable, rows
from sukien.batch.load import load_parquet, read_results
from sukien.bench import example_corpus
from sukien.cli import batch as batch_cli
from sukien.errors import InputError
from sukien.model import Article
from sukien.pipeline import process
from sukien.store import open_store

BROKEN = [  # (record, what the error says)
    ('{"id": "broken-json", "text": ', "invalid JSON"),
    ('{"id": "no-text", "title": "only a title"}', 'missing or empty "text"'),
    ('["not", "an", "object"]', "not a JSON object"),
    ('{"id": "bad-date", "text": "Tô Lâm hội đàm.", "published": "yesterday"}', "invalid \"published\""),
]


def record(article: Article) -> str:
    return json.dumps({"id": article.id, "title": article.title, "text": article.text,
                       "published": article.published.isoformat() if article.published else None,
                       "outlet": article.outlet, "url": article.url}, ensure_ascii=False)


def contract(article: Article) -> dict:
    """What `sukien extract` prints for the article, parsed."""
    return json.loads(process(article).to_json())


def app() -> typer.Typer:
    cli = typer.Typer()
    batch_cli.register(cli)
    return cli


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return example_corpus(24, seed=7)


# -- the partition function, without Spark ---------------------------------------------------

def test_a_record_becomes_the_contract_and_flat_rows(articles):
    article = articles[0]
    row = rows.process_record(record(article), "corpus.jsonl")
    assert row["error"] is None and row["origin"] == "corpus.jsonl"
    assert json.loads(row["contract"]) == contract(article)
    expected = contract(article)["events"]
    assert [e["event_id"] for e in row["events"]] == [e["id"] for e in expected]
    for flat, event in zip(row["events"], expected):
        assert (flat["cameo"], flat["source"], flat["target"]) == (event["cameo"], event["source"], event["target"])
        assert (flat["trigger_start"], flat["trigger_end"]) == (event["trigger"]["start"], event["trigger"]["end"])
        assert article.text[flat["trigger_start"]:flat["trigger_end"]] == flat["trigger_text"]
    assert len(row["mentions"]) == sum(len(e["mentions"]) for e in contract(article)["entities"])


@pytest.mark.parametrize("raw, says", BROKEN)
def test_a_broken_record_is_an_error_row(raw, says):
    row = rows.process_record(raw, "corpus.jsonl")
    assert says in row["error"] and "corpus.jsonl" in row["error"]
    assert row["n_events"] == 0 and row["contract"] is None and row["raw"] == raw
    assert row["id"] == rows.process_record(raw, "elsewhere")["id"]  # stable


def test_a_failing_article_is_recorded_not_raised(monkeypatch, articles):
    def explode(article):
        raise RuntimeError("stage blew up")
    monkeypatch.setattr(rows, "process", explode)
    row = rows.process_record(record(articles[0]), "corpus.jsonl")
    assert row["id"] == articles[0].id and "RuntimeError: stage blew up" in row["error"]


def test_a_record_without_id_gets_one_from_its_text():
    raw = json.dumps({"text": "Thủ tướng tiếp Đại sứ Nhật Bản."}, ensure_ascii=False)
    first, second = rows.process_record(raw, None), rows.process_record(raw, None)
    assert first["error"] is None and first["id"] == second["id"] and first["id"].startswith("a")


def write_articles_dataset(folder: Path, raws: list[str]) -> None:
    """What the job writes to OUTPUT/articles, made without Spark."""
    batch = pa.record_batch([pa.array(raws), pa.array(["t.jsonl"] * len(raws))], names=list(rows.INPUT_COLUMNS))
    table = pa.Table.from_batches(list(rows.process_batches([batch])), schema=rows.RESULT)
    (folder / "articles").mkdir(parents=True)
    pq.write_table(table.drop_columns(list(rows.NESTED)), folder / "articles" / "part-0.parquet")


def test_process_batches_keeps_every_record_in_order(articles):
    raws = [record(a) for a in articles] + [raw for raw, _ in BROKEN]
    batch = pa.record_batch([pa.array(raws), pa.array(["t.jsonl"] * len(raws))], names=list(rows.INPUT_COLUMNS))
    out = pa.Table.from_batches(list(rows.process_batches([batch])), schema=rows.RESULT)
    assert out.num_rows == len(raws)
    assert out.column("id").to_pylist()[: len(articles)] == [a.id for a in articles]
    assert out.column("error").null_count == len(articles)


def test_load_rebuilds_results_and_stores_them_like_extract(tmp_path, articles):
    write_articles_dataset(tmp_path / "out", [record(a) for a in articles] + [BROKEN[0][0]])
    loaded = list(read_results(tmp_path / "out"))
    assert isinstance(loaded[-1], InputError)
    assert [r.to_json() for r in loaded[:-1]] == [process(a).to_json() for a in articles]
    summary = load_parquet(tmp_path / "out", f"sqlite:///{tmp_path / 'batch.db'}")
    assert len(summary.errors) == 1
    with open_store(f"sqlite:///{tmp_path / 'direct.db'}") as direct:
        direct.ingest(process(a) for a in articles)
        with open_store(f"sqlite:///{tmp_path / 'batch.db'}") as batch_store:
            assert without_runs(batch_store.counts()) == without_runs(direct.counts())


def without_runs(counts: dict[str, int]) -> dict[str, int]:
    return {name: count for name, count in counts.items() if name not in ("ingestion_runs",)}


def test_load_names_a_folder_that_is_not_a_job_output(tmp_path):
    result = CliRunner().invoke(app(), ["load", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "no such folder" in result.output


def test_missing_pyspark_is_one_line_naming_the_extra(monkeypatch, tmp_path):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyspark" else real(name, *a))
    from sukien.batch.spark import require_spark

    with pytest.raises(SparkUnavailable, match=r"pip install 'sukien\[spark\]'"):
        require_spark()
    source = tmp_path / "in.jsonl"
    source.write_text("{}\n")
    result = CliRunner().invoke(app(), ["spark", str(source), str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.strip() == "sukien: error: pyspark is not installed: pip install 'sukien[spark]'"


# -- the real job, in local[2] ---------------------------------------------------------------

def _why_no_spark() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'sukien[spark]')"
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        return "Java is not installed (apt-get install -y openjdk-17-jre-headless)"
    return None


needs_spark = pytest.mark.skipif(_why_no_spark() is not None, reason=_why_no_spark() or "")


@pytest.fixture(scope="module")
def spark():
    from sukien.batch.spark import build_session

    session = build_session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """~200 generated articles as JSONL with the broken records among them, and their contracts."""
    folder = tmp_path_factory.mktemp("spark")
    articles = example_corpus(198, seed=3)
    lines = [record(a) for a in articles]
    for position, (raw, _) in zip((5, 50, 120, 197), BROKEN):
        lines.insert(position, raw)
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    expected = {a.id: contract(a) for a in articles}
    return folder, articles, expected


@pytest.fixture(scope="module")
def job(spark, corpus):
    """`sukien spark` run through the CLI (it reuses the module's session)."""
    folder, _, _ = corpus
    result = CliRunner().invoke(app(), ["spark", str(folder / "articles.jsonl"), str(folder / "out")])
    return folder / "out", result


def read(out: Path, name: str) -> list[dict]:
    return pq.read_table(out / name).to_pylist()


@pytest.mark.spark
@needs_spark
def test_the_job_records_every_article_and_every_error(job, corpus):
    out, result = job
    _, articles, _ = corpus
    assert result.exit_code == 1, result.output  # the broken records are reported
    assert f"{len(articles) + len(BROKEN)} articles" in result.output
    table = read(out, "articles")
    errors = {row["raw"]: row["error"] for row in table if row["error"] is not None}
    assert len(table) == len(articles) + len(BROKEN)
    for raw, says in BROKEN:
        assert says in errors[raw]


@pytest.mark.spark
@needs_spark
def test_the_job_gives_exactly_the_events_of_extract(job, corpus):
    out, _ = job
    _, _, expected = corpus
    got = {row["id"]: json.loads(row["contract"]) for row in read(out, "articles") if row["error"] is None}
    assert got.keys() == expected.keys()
    assert not (differ := [key for key in expected if got[key] != expected[key]]), f"{len(differ)} differ: {differ[:3]}"
    events = read(out, "events")
    assert sorted((e["article_id"], e["event_id"]) for e in events) == sorted(
        (key, e["id"]) for key, c in expected.items() for e in c["events"])
    by_id = {(key, e["id"]): e for key, c in expected.items() for e in c["events"]}
    for row in events:
        event = by_id[row["article_id"], row["event_id"]]
        assert (row["cameo"], row["plover"], row["source"], row["target"]) == (
            event["cameo"], event["plover"], event["source"], event["target"])
        assert [(s["start"], s["end"]) for s in row["evidence"]] == [(s["start"], s["end"]) for s in event["evidence"]]
        day = event["date"]["start"] if event["date"] else None
        assert (row["date_start"].isoformat() if row["date_start"] else None) == day


@pytest.mark.spark
@needs_spark
def test_entities_and_mentions_are_flat_rows(job, corpus):
    out, _ = job
    _, _, expected = corpus
    assert len(read(out, "entities")) == sum(len(c["entities"]) for c in expected.values())
    mentions = read(out, "mentions")
    assert len(mentions) == sum(len(e["mentions"]) for c in expected.values() for e in c["entities"])
    assert {"article_id", "entity_id", "start", "end", "text", "form"} <= set(mentions[0])


@pytest.mark.spark
@needs_spark
def test_parquet_input_gives_the_same_contracts(spark, corpus):
    from sukien.batch.spark import run

    folder, articles, expected = corpus
    table = pa.Table.from_pylist([json.loads(record(a)) for a in articles[:40]])
    table = table.set_column(table.schema.get_field_index("published"), "published",
                             pa.array([a.published for a in articles[:40]], pa.date32()))
    (folder / "in.parquet").mkdir()
    pq.write_table(table, folder / "in.parquet" / "part-0.parquet")
    summary = run(spark, str(folder / "in.parquet"), str(folder / "from-parquet"), partitions=3)
    assert (summary.articles, summary.errors) == (40, 0)
    got = {row["id"]: json.loads(row["contract"]) for row in read(folder / "from-parquet", "articles")}
    assert got == {a.id: expected[a.id] for a in articles[:40]}


@pytest.mark.spark
@needs_spark
def test_load_puts_the_job_output_into_the_store(job, corpus, tmp_path):
    out, _ = job
    _, articles, _ = corpus
    db = tmp_path / "batch.db"
    result = CliRunner().invoke(app(), ["load", str(out), "--db", str(db)])
    assert result.exit_code == 1  # the broken records are counted among the errors
    with open_store(str(db)) as store:
        counts = store.counts()
        assert counts["articles"] == len(articles)
        assert counts["events"] > 0
