"""Throughput benchmark: end-to-end extraction speed on one core, stage by stage.

The corpus is built from the bundled example articles (``data/examples/*.txt``),
repeated and shuffled to the size asked for, with fresh ids and publication dates
so relative dates resolve differently. Extraction runs in this process, in one
thread: the figures are per core. Each article goes through exactly what
``pipeline.process`` does (normalize, the stages of ``pipeline.STAGES``, the
contract record) plus the JSON that ``sukien extract`` prints, and every step is
timed on its own, so the total is the end-to-end time and the breakdown shows
where it goes. Steps are timed in CPU time (``time.process_time``), so the per-core
figures hold on a busy machine; the elapsed time is reported beside them. Loading the data files (knowledge base, lexicons, tagger) happens
on the first article and is reported apart, as ``startup_s``.

For scale, underthesea's ``ner`` can be timed on a sample of the same sentences
(it is much slower); its time for all of them is extrapolated from the sample.
"""
from __future__ import annotations

import importlib.util
import random
import resource
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from sukien.contract import to_result
from sukien.errors import InputError
from sukien.ingest import read_articles
from sukien.model import Article
from sukien.pipeline import STAGES, process, start

TARGET_SENTENCES_PER_S = 2000  # the project's goal, end to end, per core
DEFAULT_ARTICLES = 500
DEFAULT_SAMPLE = 200  # sentences given to underthesea.ner (~85 sentences/s)
FIRST_DAY = date(2025, 1, 1)


def examples_folder() -> Path:
    return Path(str(resources.files("sukien") / "data" / "examples"))


def example_articles() -> list[Article]:
    """The bundled example articles (their .txt files; expected.jsonl is gold, not input)."""
    paths = sorted(examples_folder().glob("*.txt"))
    items = list(read_articles(paths))
    bad = [item for item in items if isinstance(item, InputError)]
    if bad:
        raise bad[0]
    return items


def example_corpus(n: int, seed: int = 0) -> list[Article]:
    """``n`` articles: the examples repeated and shuffled, each with its own id and date."""
    base = example_articles()
    rng = random.Random(seed)
    corpus = []
    while len(corpus) < n:
        round_ = base[:]
        rng.shuffle(round_)
        corpus.extend(round_)
    return [
        replace(article, id=f"{article.id}-{number:06d}", origin=None,
                published=FIRST_DAY + timedelta(days=rng.randrange(730)))
        for number, article in enumerate(corpus[:n])
    ]


@dataclass
class Comparison:
    """underthesea.ner timed on a sample of the sentences, extrapolated to all of them."""

    name: str
    sampled: int
    sample_s: float
    load_s: float

    @property
    def sentences_per_s(self) -> float:
        return self.sampled / self.sample_s if self.sample_s else 0.0

    def extrapolated_s(self, sentences: int) -> float:
        return sentences / self.sentences_per_s if self.sentences_per_s else 0.0


@dataclass
class BenchResult:
    articles: int
    sentences: int
    events: int
    startup_s: float  # the first article, which loads the data files
    stages: dict[str, float] = field(default_factory=dict)  # CPU seconds per step, in order
    wall_s: float = 0.0  # elapsed time of the timed loop: above the CPU time when the machine is busy
    peak_rss_mib: float = 0.0
    baseline_rss_mib: float = 0.0  # resident before the run: interpreter and imports (the whole CLI)
    comparison: Comparison | None = None

    @property
    def seconds(self) -> float:
        """CPU seconds, end to end: the sum of the steps."""
        return sum(self.stages.values())

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def sentences_per_s(self) -> float:
        return self.sentences / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        out = {"articles": self.articles, "sentences": self.sentences, "events": self.events,
               "seconds": round(self.seconds, 4), "wall_s": round(self.wall_s, 4),
               "wall_sentences_per_s": round(self.sentences / self.wall_s, 1) if self.wall_s else 0.0,
               "articles_per_s": round(self.articles_per_s, 1),
               "sentences_per_s": round(self.sentences_per_s, 1), "startup_s": round(self.startup_s, 3),
               "peak_rss_mib": round(self.peak_rss_mib, 1),
               "baseline_rss_mib": round(self.baseline_rss_mib, 1), "target_sentences_per_s": TARGET_SENTENCES_PER_S,
               "stages": {name: round(value, 4) for name, value in self.stages.items()}}
        if self.comparison:
            c = self.comparison
            out["comparison"] = {"name": c.name, "sampled_sentences": c.sampled, "sample_s": round(c.sample_s, 3),
                                 "load_s": round(c.load_s, 3), "sentences_per_s": round(c.sentences_per_s, 1),
                                 "extrapolated_s": round(c.extrapolated_s(self.sentences), 2)}
        return out


def peak_rss_mib() -> float:
    """This process's peak resident memory so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mib() -> float:
    """Resident memory now (Linux); the peak so far where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mib()


def step_names() -> list[str]:
    return ["normalize", *(stage.name for stage in STAGES), "contract", "json"]


def time_article(article: Article, totals: dict[str, float]) -> tuple[list[str], int]:
    """Run one article step by step, adding each step's time; its sentences and event count."""
    clock = time.process_time  # CPU time: per-core figures that other busy processes do not skew
    began = clock()
    document = start(article)
    now = clock()
    totals["normalize"] += now - began
    for stage in STAGES:
        began = now
        document = stage.run(document)
        now = clock()
        totals[stage.name] += now - began
    result = to_result(document)
    after = clock()
    totals["contract"] += after - now
    result.to_json()
    totals["json"] += clock() - after
    sentences = [document.text[s.span.start:s.span.end] for s in document.sentences]
    return sentences, len(result.events)


def time_pipeline(articles: list[Article]) -> tuple[BenchResult, list[str]]:
    """Time every article (after a warm-up that loads the data files); all their sentences."""
    began = time.perf_counter()
    process(articles[0])
    startup = time.perf_counter() - began
    totals = dict.fromkeys(step_names(), 0.0)
    sentences: list[str] = []
    events = 0
    began = time.perf_counter()
    for article in articles:
        found, count = time_article(article, totals)
        sentences.extend(found)
        events += count
    wall = time.perf_counter() - began
    result = BenchResult(len(articles), len(sentences), events, startup, totals, wall, peak_rss_mib())
    return result, sentences


def underthesea_available() -> bool:
    return importlib.util.find_spec("underthesea") is not None


def time_underthesea(sentences: list[str], sample: int = DEFAULT_SAMPLE) -> Comparison:
    """underthesea.ner over an evenly spread sample of the sentences, after a warm-up call."""
    began = time.perf_counter()
    from underthesea import ner

    ner(sentences[0])  # loads its CRF model
    load = time.perf_counter() - began
    step = max(1, len(sentences) // max(1, sample))
    chosen = sentences[::step][:sample]
    began = time.process_time()  # CPU time, as for sukien's steps
    for sentence in chosen:
        ner(sentence)
    return Comparison("underthesea.ner", len(chosen), time.process_time() - began, load)


def run_bench(articles: int = DEFAULT_ARTICLES, *, compare: bool = True, sample: int = DEFAULT_SAMPLE,
              seed: int = 0) -> BenchResult:
    """The whole benchmark. Peak memory is read before underthesea is loaded."""
    if articles < 1:
        raise ValueError("the benchmark needs at least one article")
    baseline = current_rss_mib()
    result, sentences = time_pipeline(example_corpus(articles, seed))
    result.baseline_rss_mib = baseline
    if compare and sentences and underthesea_available():
        result.comparison = time_underthesea(sentences, sample)
    return result


def profile_pipeline(articles: list[Article], top: int = 20) -> list[tuple[str, int, float, float]]:
    """The functions that take the most time of their own: (where, calls, own s, cumulative s)."""
    import cProfile
    import pstats

    process(articles[0])  # load the data files outside the profile
    profiler = cProfile.Profile()
    profiler.enable()
    for article in articles:
        process(article).to_json()
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (path, line, name), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{_short(path)}:{line}({name})"
        rows.append((where, calls, own, cumulative))
    return sorted(rows, key=lambda row: row[2], reverse=True)[:top]


def _short(path: str) -> str:
    """A path from the package root ("sukien/recognize/gazetteer.py"), else its last part."""
    marker = path.rfind("sukien/")
    return path[marker:] if marker >= 0 else Path(path).name
