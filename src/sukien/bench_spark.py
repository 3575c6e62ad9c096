"""The Spark job as one more row of ``sukien bench --ingest``: the same items, a process of its own.

The parent (``spark_phase``) starts ``python -m sukien.bench_spark INPUT OUTPUT MASTER``
and times it from start to exit: interpreter, session start (the JVM), the job and the
session's stop, as a user of ``sukien spark`` meets them. The child builds the session
(timed as ``session_s``), runs ``sukien.batch.spark.run`` (``job_s``: reading the JSONL,
Python workers starting and loading the data files, extraction, all four Parquet
datasets written) and prints one JSON line of its own figures.

Memory and CPU are those of the whole process tree: the driver (this interpreter), the
JVM and the Python processes below it (the ``pyspark.daemon`` and the workers it forks).
A thread samples the tree every ``SAMPLE_S`` seconds: each process's peak resident set
(``VmHWM``, exact per process), the sum of the tree's resident sets at each sample (its
maximum is ``peak_rss_mib``, the tree's peak; a spike shorter than a sample can be
missed, and pages the forked workers share with the daemon are counted in each), and each
process's CPU seconds as last seen. Linux only (``/proc``); elsewhere the figures are the
driver's own. The events are counted in the written Parquet ``events`` dataset: events
as extracted, one per report, not fused (fusion happens when ``sukien load`` stores them).
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_S = 0.25
PAGE_MIB = os.sysconf("SC_PAGE_SIZE") / 2**20 if hasattr(os, "sysconf") else 4 / 1024
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class Proc:
    kind: str  # driver, jvm, python (the pyspark daemon and its workers) or other (spark-submit's shells)
    peak_mib: float = 0.0
    cpu_s: float = 0.0


@dataclass
class TreeSampler:
    """Peak memory and CPU of this process and everything below it, sampled in a thread."""

    root: int = field(default_factory=os.getpid)
    procs: dict[int, Proc] = field(default_factory=dict)
    peak_total_mib: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> TreeSampler:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def _loop(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            self.sample()

    def sample(self) -> None:
        total = 0.0
        for pid, command in [(self.root, "driver"), *_descendants(self.root)]:
            figures = _read(pid)
            if figures is None:
                continue
            rss, hwm, cpu = figures
            kind = "driver" if pid == self.root else _kind(command)
            proc = self.procs.setdefault(pid, Proc(kind))
            proc.kind = kind  # spark-submit's shell execs the JVM: the same pid, a new command
            proc.peak_mib, proc.cpu_s = max(proc.peak_mib, hwm), max(proc.cpu_s, cpu)
            total += rss
        self.peak_total_mib = max(self.peak_total_mib, total)

    def figures(self) -> dict:
        by_kind = {kind: [p for p in self.procs.values() if p.kind == kind]
                   for kind in ("driver", "jvm", "python", "other")}
        if not self.procs:  # no /proc: the driver's own figures
            usage = resource.getrusage(resource.RUSAGE_SELF)
            own = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)
            return {"peak_rss_mib": own, "cpu_s": usage.ru_utime + usage.ru_stime, "driver_peak_rss_mib": own,
                    "jvm_peak_rss_mib": None, "workers_peak_rss_mib": None, "other_peak_rss_mib": None,
                    "cpu_s_by_process": None,
                    "memory_of": "the driver only"}
        return {"peak_rss_mib": self.peak_total_mib, "cpu_s": sum(p.cpu_s for p in self.procs.values()),
                "driver_peak_rss_mib": max((p.peak_mib for p in by_kind["driver"]), default=0.0),
                "jvm_peak_rss_mib": max((p.peak_mib for p in by_kind["jvm"]), default=0.0),
                "workers_peak_rss_mib": sorted(round(p.peak_mib, 1) for p in by_kind["python"]),
                "other_peak_rss_mib": sum(p.peak_mib for p in by_kind["other"]),
                "cpu_s_by_process": {kind: round(sum(p.cpu_s for p in procs), 2) for kind, procs in by_kind.items()},
                "memory_of": "driver, JVM and Python workers"}


def _kind(command: str) -> str:
    if Path(command.split(" ", 1)[0]).name == "java":
        return "jvm"
    return "python" if "pyspark.daemon" in command or "pyspark.worker" in command else "other"


def _read(pid: int) -> tuple[float, float, float] | None:
    """Resident MiB now, peak resident MiB, CPU seconds of one process; None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    try:
        rss = int(values["VmRSS"].split()[0]) / 1024
        hwm = int(values["VmHWM"].split()[0]) / 1024
    except (KeyError, ValueError):  # a zombie has no memory lines
        return None
    # utime and stime, its own only: a reaped child's time is counted where it was sampled
    cpu = (int(stat[11]) + int(stat[12])) / TICKS
    return rss, hwm, cpu


def _descendants(root: int) -> list[tuple[int, str]]:
    """(pid, command line) of every process below ``root``, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier}
        for pid in sorted(frontier):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            found.append((pid, command.strip()))
    return found


def why_unavailable() -> str | None:
    """One line naming what is missing for the Spark row (pyspark, Java), or None."""
    from sukien.batch import SparkUnavailable
    from sukien.batch.spark import require_spark
    try:
        require_spark()
    except SparkUnavailable as error:
        return str(error)
    return None


def parquet_rows(folder: Path) -> int:
    """Rows of a Parquet dataset, from the files' footers."""
    import pyarrow.parquet as pq
    return sum(pq.ParquetFile(part).metadata.num_rows for part in sorted(folder.glob("*.parquet")))


def folder_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def run_child(source: Path, output: Path, master: str) -> tuple[float, dict]:
    """Elapsed seconds of the child process and the figures it printed."""
    command = [sys.executable, "-m", "sukien.bench_spark", str(source), str(output), master]
    began = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=errors, text=True)
        elapsed = time.perf_counter() - began
        if done.returncode != 0:
            errors.seek(0)
            lines = [line for line in errors.read().decode(errors="replace").splitlines() if line.strip()]
            raise RuntimeError(f"the Spark job failed: {lines[-1] if lines else f'exit status {done.returncode}'}")
    return elapsed, json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    """The child: session, job, stop; one JSON line of figures on stdout."""
    source, output, master = argv
    from sukien.batch.spark import build_session, run
    with TreeSampler() as sampler:
        began = time.perf_counter()
        spark = build_session(master, app_name="sukien-bench")
        session_s = time.perf_counter() - began
        try:
            began = time.perf_counter()
            summary = run(spark, source, output)
            job_s = time.perf_counter() - began
            sampler.sample()  # the workers, before the session's stop ends them
        finally:
            spark.stop()
    print(json.dumps({"articles": summary.articles, "errors": summary.errors, "events": summary.events,
                      "session_s": session_s, "job_s": job_s, **sampler.figures()}))


if __name__ == "__main__":
    main(sys.argv[1:])
