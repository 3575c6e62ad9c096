"""``sukien bench``: extraction throughput on one core, stage by stage, beside underthesea.ner."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from sukien.bench import (
    DEFAULT_ARTICLES,
    DEFAULT_SAMPLE,
    TARGET_SENTENCES_PER_S,
    BenchResult,
    example_corpus,
    profile_pipeline,
    run_bench,
)
from sukien.bench_ingest import SparkPhase
from sukien.cli.common import fail


def _rate(value: float) -> str:
    return f"{value:,.0f}"


def throughput_table(result: BenchResult) -> Table:
    """sukien end to end beside underthesea.ner (extrapolated from its sample)."""
    table = Table(title=f"Throughput on one core (CPU time): {result.articles} articles, "
                        f"{result.sentences} sentences")
    table.add_column("")
    table.add_column("sukien (end to end)", justify="right")
    other = result.comparison
    if other:
        table.add_column(f"{other.name} (sample of {other.sampled}, extrapolated)", justify="right")
    rows = [
        ("seconds", f"{result.seconds:.2f}", lambda c: f"{c.extrapolated_s(result.sentences):.1f}"),
        ("sentences/s", _rate(result.sentences_per_s), lambda c: _rate(c.sentences_per_s)),
        ("articles/s", _rate(result.articles_per_s),
         lambda c: _rate(result.articles / c.extrapolated_s(result.sentences)) if c.sentences_per_s else "-"),
        ("elapsed s (wall clock)", f"{result.wall_s:.2f}", lambda c: "-"),
        ("start-up s (loading data)", f"{result.startup_s:.2f}", lambda c: f"{c.load_s:.2f}"),
        ("events found", str(result.events), lambda c: "-"),
    ]
    for name, ours, theirs in rows:
        table.add_row(name, ours, *([theirs(other)] if other else []))
    table.caption = (f"target ≥ {TARGET_SENTENCES_PER_S:,} sentences/s/core: "
                     f"{'met' if result.sentences_per_s >= TARGET_SENTENCES_PER_S else 'NOT met'}; "
                     f"peak RSS {result.peak_rss_mib:.0f} MiB, of which {result.baseline_rss_mib:.0f} MiB "
                     "before the run (interpreter and imports); underthesea not included")
    return table


def stage_table(result: BenchResult) -> Table:
    """Where the time goes: each pipeline step's share and its own sentences/s."""
    table = Table(title="Time per pipeline step")
    for name in ("step", "CPU s", "share", "ms/article", "sentences/s alone"):
        table.add_column(name, justify="left" if name == "step" else "right")
    total = result.seconds or 1.0
    for name, seconds in result.stages.items():
        alone = _rate(result.sentences / seconds) if seconds else "-"
        table.add_row(name, f"{seconds:.3f}", f"{100 * seconds / total:.1f}%",
                      f"{1000 * seconds / result.articles:.2f}", alone)
    table.add_row("total", f"{result.seconds:.3f}", "100%",
                  f"{1000 * result.seconds / result.articles:.2f}", _rate(result.sentences_per_s))
    return table


def bench(
    articles: Annotated[int, typer.Option(min=1, help="Articles in the generated corpus (the examples, repeated and shuffled).")] = DEFAULT_ARTICLES,
    ingest: Annotated[bool, typer.Option("--ingest", help="Time `sukien ingest` beside `sukien extract` instead (each in a process of its own).")] = False,
    corpus: Annotated[Optional[Path], typer.Option(help="With --ingest: a JSONL file of articles instead of a generated corpus.")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="With --corpus: its first N items only.")] = None,
    pg: Annotated[Optional[str], typer.Option(help="With --ingest: also ingest into a fresh schema on this PostgreSQL URL.")] = None,
    spark: Annotated[bool, typer.Option("--spark", help="With --ingest: also run the Spark job (`sukien spark`, local[2]) over the same items.")] = False,
    compare: Annotated[bool, typer.Option(help="Also time underthesea.ner on a sample of the same sentences, if installed.")] = True,
    sample: Annotated[int, typer.Option(min=1, help="Sentences given to underthesea.ner.")] = DEFAULT_SAMPLE,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON instead of tables.")] = False,
    profile: Annotated[int, typer.Option(min=0, help="Also profile the run and list the N functions with most time of their own.")] = 0,
) -> None:
    """Measure extraction throughput (sentences/s, articles/s) and peak memory on one core."""
    if ingest:
        _ingest_bench(corpus, articles, limit, pg, spark, as_json)
        return
    try:
        result = run_bench(articles, compare=compare, sample=sample)
    except ValueError as error:
        fail(str(error), 2)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(throughput_table(result))
    console.print(stage_table(result))
    if compare and result.comparison is None:
        console.print("underthesea is not installed: pip install 'sukien[compare]' to compare.")
    if profile:
        console.print(profile_table(profile_pipeline(example_corpus(articles), profile)))


def profile_table(rows: list[tuple[str, int, float, float]]) -> Table:
    table = Table(title="Where the time goes (cProfile; profiling slows everything down alike)")
    table.add_column("function", overflow="fold", min_width=44)
    for name in ("calls", "own s", "cumulative s"):
        table.add_column(name, justify="right")
    for where, calls, own, cumulative in rows:
        table.add_row(where, f"{calls:,}", f"{own:.3f}", f"{cumulative:.3f}")
    return table


def _ingest_bench(corpus: Path | None, articles: int, limit: int | None, pg: str | None, spark: bool,
                  as_json: bool) -> None:
    from sukien.bench_ingest import run_ingest_bench
    if corpus is not None and not corpus.is_file():
        fail(f"{corpus}: no such file", 2)
    phases = run_ingest_bench(corpus, articles=articles, limit=limit, postgres=pg, spark=spark)
    if as_json:
        typer.echo(json.dumps([p.to_dict() for p in phases], ensure_ascii=False, indent=2))
        return
    Console().print(ingest_table(phases, corpus.name if corpus else f"{articles} generated articles"))


def ingest_table(phases: list, source: str) -> Table:
    """extract, ingest and the Spark job side by side: rates, memory, what was stored."""
    table = Table(title=f"sukien extract, ingest and spark, one process each, on {phases[0].items:,} items ({source})")
    table.add_column("")
    for phase in phases:
        table.add_column(phase.name, justify="right")

    def row(name: str, show) -> None:
        table.add_row(name, *("-" if p.skipped else show(p) for p in phases))

    def some(value, spec: str) -> str:
        return "-" if value is None else format(value, spec)
    spark = [p for p in phases if isinstance(p, SparkPhase) and not p.skipped]
    row("elapsed s" + (" (Spark: session start included)" if spark else ""), lambda p: f"{p.seconds:.1f}")
    row("items/s (elapsed)", lambda p: _rate(p.items_per_s))
    if spark:
        row("  Spark session start s", lambda p: f"{p.session_s:.1f}" if isinstance(p, SparkPhase) else "-")
        row("  items/s once the session is up",
            lambda p: _rate(p.job_items_per_s) if isinstance(p, SparkPhase) else "-")
    row("CPU s (the command's processes)", lambda p: f"{p.cpu_s:.1f}")
    row("items/s (CPU)", lambda p: _rate(p.cpu_items_per_s))
    row("peak memory MiB", lambda p: f"{p.peak_rss_mib:.0f}")
    if spark:
        row("events extracted (not fused)", lambda p: some(p.extracted_events, ","))
    row("fused events", lambda p: some(p.events, ","))
    row("  told by 2+ articles", lambda p: some(p.multi_article, ","))
    row("  told by 2+ outlets", lambda p: some(p.multi_outlet, ","))
    row("database / Parquet MiB" if spark else "database MiB", lambda p: some(p.db_mib, ".0f"))
    table.caption = "\n".join([_ratios(phases), *(_spark_note(p) for p in phases if isinstance(p, SparkPhase))])
    return table


def _ratios(phases: list) -> str:
    extract = phases[0]
    return "; ".join(f"{p.name} / extract: {p.items_per_s / extract.items_per_s:.2f} (elapsed), "
                     f"{p.cpu_items_per_s / extract.cpu_items_per_s:.2f} (CPU)"
                     for p in phases[1:] if not p.skipped and extract.items_per_s and extract.cpu_items_per_s)


def _spark_note(phase: SparkPhase) -> str:
    if phase.skipped:
        return f"{phase.name}: not run: {phase.skipped}"
    workers = ", ".join(f"{w:.0f}" for w in phase.workers_peak_rss_mib or []) or "-"
    cpu = ", ".join(f"{kind} {seconds:.1f}" for kind, seconds in (phase.cpu_s_by_process or {}).items())
    return (f"{phase.name}: CPU and peak memory of the {phase.memory_of} (the tree's resident total, sampled); "
            f"peaks of each: driver {phase.driver_peak_rss_mib or 0:.0f}, JVM {phase.jvm_peak_rss_mib or 0:.0f}, "
            f"Python daemon and workers {workers}"
            + (f", other {phase.other_peak_rss_mib:.0f}" if phase.other_peak_rss_mib else "")
            + f" MiB; CPU s by process: {cpu or '-'}"
            + "; its events are written to Parquet, fused only by `sukien load`")


def register(app: typer.Typer) -> None:
    app.command()(bench)
