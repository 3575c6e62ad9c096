"""The throughput benchmark: its corpus, its figures, its command (kept small: no timing asserts)."""
from __future__ import annotations

import gzip
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


# -- the Spark job beside them (sukien bench --ingest --spark) ----------------------------------

TINY = [  # invented news items, a few sentences each
    ("tiny-1", "Thủ tướng tiếp Đại sứ Nhật Bản",
     "Chiều 3/5, tại Hà Nội, Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản. "
     "Hai bên nhất trí tăng cường hợp tác về đầu tư và giáo dục."),
    ("tiny-2", "Bộ trưởng Ngoại giao hội đàm với người đồng cấp Lào",
     "Ngày 4/5, Bộ trưởng Ngoại giao Việt Nam hội đàm với Bộ trưởng Ngoại giao Lào tại Viêng Chăn. "
     "Hai bên ký biên bản ghi nhớ về hợp tác biên giới."),
    ("tiny-3", "Việt Nam lên án vụ tấn công",
     "Người phát ngôn Bộ Ngoại giao Việt Nam lên án vụ tấn công nhằm vào dân thường "
     "và kêu gọi các bên kiềm chế."),
    ("tiny-4", "Chủ tịch nước điện mừng",
     "Chủ tịch nước Lương Cường gửi điện mừng Tổng thống Pháp nhân dịp Quốc khánh Pháp. "
     "Hai nước kỷ niệm quan hệ đối tác chiến lược."),
    ("tiny-5", "Thời tiết", "Trời nắng nóng ở Hà Nội trong tuần này, nhiệt độ cao nhất khoảng 38 độ."),
    ("tiny-6", "Tổng Bí thư thăm Trung Quốc",
     "Tổng Bí thư Tô Lâm thăm chính thức Trung Quốc từ ngày 10/5. "
     "Hai bên ra tuyên bố chung về làm sâu sắc quan hệ."),
    ("tiny-7", "Không được đọc", "Mục này nằm sau giới hạn --limit và không được đọc."),
]


def _tiny_corpus(path):
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for number, (id_, title, text) in enumerate(TINY):
            out.write(json.dumps({"id": id_, "title": title, "text": text, "outlet": f"Báo {number % 3}",
                                  "published": f"2025-05-{number + 3:02d}"}, ensure_ascii=False) + "\n")
    return path


def gzip_lines(path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return handle.readlines()


def test_without_spark_its_row_says_why_and_the_rest_is_untouched(tmp_path, monkeypatch):
    from sukien import bench_spark
    from sukien.bench_ingest import Phase, spark_phase
    monkeypatch.setattr(bench_spark, "why_unavailable", lambda: "Java is not installed (Spark needs it)")
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "x", "text": TINY[0][2]}, ensure_ascii=False) + "\n", encoding="utf-8")
    row = spark_phase(path, tmp_path)
    assert (row.name, row.items, row.skipped) == ("spark local[2]", 1, "Java is not installed (Spark needs it)")
    assert row.to_dict()["skipped"] == row.skipped
    extract = Phase("extract", 1, 2.0, 1.0, 120.0)
    table = bench_cli.ingest_table([extract, row], "one.jsonl")
    assert table.row_count == 9 and "spark local[2]: not run: Java is not installed" in str(table.caption)
    assert "spark local[2] / extract" not in str(table.caption)


@pytest.mark.spark
@pytest.mark.slow
def test_bench_runs_the_spark_job_on_the_same_limited_items(tmp_path):
    from sukien import bench_spark
    from sukien.ingest import read_articles
    missing = bench_spark.why_unavailable()
    if missing:
        pytest.skip(missing)
    corpus = _tiny_corpus(tmp_path / "tiny.jsonl.gz")
    result = CliRunner().invoke(app(), ["bench", "--ingest", "--corpus", str(corpus), "--limit", "6",
                                        "--spark", "--json"])
    assert result.exit_code == 0, result.output
    extract, sqlite, spark = json.loads(result.output)
    assert [extract["items"], sqlite["items"], spark["items"]] == [6, 6, 6]  # --limit, read from the .gz
    plain = tmp_path / "six.jsonl"
    plain.write_text("".join(gzip_lines(corpus)[:6]), encoding="utf-8")
    expected = sum(len(process(a).events) for a in read_articles([plain]))
    assert (spark["name"], spark["skipped"], spark["extracted_events"]) == ("spark local[2]", None, expected)
    assert expected > 0 and spark["events"] is None  # fused only when loaded
    assert 0 < spark["session_s"] < spark["seconds"] and 0 < spark["job_s"] < spark["seconds"]
    assert spark["job_items_per_s"] > spark["items_per_s"] > 0 and spark["cpu_s"] > 0
    assert spark["jvm_peak_rss_mib"] > 50 and spark["driver_peak_rss_mib"] > 10
    assert len(spark["workers_peak_rss_mib"]) >= 2  # the daemon and at least one worker
    peaks = spark["driver_peak_rss_mib"] + spark["jvm_peak_rss_mib"] + sum(spark["workers_peak_rss_mib"])
    assert spark["jvm_peak_rss_mib"] < spark["peak_rss_mib"] <= peaks + spark["other_peak_rss_mib"] + 1
    assert spark["db_mib"] > 0
    assert sum(spark["cpu_s_by_process"].values()) == pytest.approx(spark["cpu_s"], abs=0.1)
    assert spark["cpu_s_by_process"]["jvm"] > 0 and spark["cpu_s_by_process"]["python"] > 0
