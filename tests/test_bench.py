"""The throughput benchmark: its corpus, its figures, its command (kept small: no timing asserts)."""
from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from sukien import bench
from sukien.cli import bench as bench_cli
from sukien.pipeline import STAGES, process


def app() -> typer.Typer:
    cli = typer.Typer()
    bench_cli.register(cli)
    cli.command("noop", hidden=True)(lambda: None)  # two commands: typer keeps `bench` a subcommand
    return cli


def test_the_corpus_repeats_the_examples_with_fresh_ids_and_dates():
    examples = bench.example_articles()
    corpus = bench.example_corpus(3 * len(examples) + 1, seed=5)
    assert len(corpus) == 3 * len(examples) + 1
    assert len({a.id for a in corpus}) == len(corpus)
    assert {a.text for a in corpus} == {a.text for a in examples}
    assert len({a.published for a in corpus}) > len(examples)
    assert [a.id for a in bench.example_corpus(20, seed=5)] == [a.id for a in corpus[:20]]


def test_the_steps_are_normalize_the_stages_and_the_contract():
    assert bench.step_names() == ["normalize", *(s.name for s in STAGES), "contract", "json"]


def test_timing_an_article_gives_what_process_gives():
    article = bench.example_articles()[0]
    totals = dict.fromkeys(bench.step_names(), 0.0)
    sentences, events = bench.time_article(article, totals)
    assert events == len(process(article).events)
    assert sentences and all(s.strip() for s in sentences)
    assert all(seconds >= 0 for seconds in totals.values())


def test_run_bench_reports_rates_and_memory():
    result = bench.run_bench(24, compare=False)
    assert (result.articles, result.comparison) == (24, None)
    assert result.sentences > result.articles and result.seconds > 0
    assert result.sentences_per_s == pytest.approx(result.sentences / result.seconds)
    assert result.peak_rss_mib > 10
    figures = result.to_dict()
    assert set(figures["stages"]) == set(bench.step_names())
    assert json.loads(json.dumps(figures)) == figures


def test_underthesea_is_timed_on_a_sample_and_extrapolated():
    if not bench.underthesea_available():
        pytest.skip("underthesea is not installed (pip install 'sukien[compare]')")
    comparison = bench.time_underthesea(["Thủ tướng tiếp Đại sứ Nhật Bản tại Hà Nội."] * 30, sample=5)
    assert comparison.sampled == 5 and comparison.sentences_per_s > 0
    assert comparison.extrapolated_s(50) == pytest.approx(50 / comparison.sentences_per_s)


def test_the_command_prints_both_tables():
    result = CliRunner().invoke(app(), ["bench", "--articles", "12", "--no-compare"])
    assert result.exit_code == 0, result.output
    assert "sentences/s" in result.output and "Time per pipeline step" in result.output
    for stage in STAGES:
        assert stage.name in result.output


def test_the_command_prints_json():
    result = CliRunner().invoke(app(), ["bench", "--articles", "12", "--no-compare", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["articles"] == 12


# -- ingest beside extract (sukien bench --ingest) ----------------------------------------------


def test_the_ingest_corpus_is_made_of_new_texts_that_report_shared_events():
    from sukien import dedup
    from sukien.bench_ingest import distinct_corpus
    corpus = distinct_corpus(40, seed=1)
    assert len({a.id for a in corpus}) == len({a.text for a in corpus}) == 40
    signatures = [dedup.to_bytes(dedup.signature(a.text)) for a in corpus]
    assert max(dedup.similarity(a, b) for i, a in enumerate(signatures) for b in signatures[i + 1:]) < dedup.THRESHOLD
    assert [a.text for a in distinct_corpus(5, seed=1)] == [a.text for a in corpus[:5]]


def test_ingest_bench_runs_both_commands_on_one_input(tmp_path):
    from sukien.bench_ingest import distinct_corpus, run_ingest_bench, write_jsonl
    path = write_jsonl(distinct_corpus(6), tmp_path / "six.jsonl")
    extract, sqlite = run_ingest_bench(path)
    assert (extract.name, sqlite.name) == ("extract", "ingest sqlite")
    assert extract.items == sqlite.items == 6 and extract.seconds > 0 and sqlite.cpu_s > 0
    assert sqlite.events and sqlite.events >= sqlite.multi_article >= 0 and sqlite.db_mib > 0
    assert extract.events is None and sqlite.peak_rss_mib > 10
    table = bench_cli.ingest_table([extract, sqlite], "six.jsonl")
    assert table.row_count == 9 and "ingest sqlite / extract" in str(table.caption)
    assert json.loads(json.dumps(sqlite.to_dict()))["items_per_s"] > 0


def test_bench_ingest_refuses_a_missing_corpus(tmp_path):
    result = CliRunner().invoke(app(), ["bench", "--ingest", "--corpus", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2 and "none.jsonl" in result.output
