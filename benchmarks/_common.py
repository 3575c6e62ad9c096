"""What the throughput scripts share: the corpus, sentence counts, peak memory of processes."""
from __future__ import annotations

import os
from pathlib import Path

from sukien.bench import example_corpus
from sukien.model import Article
from sukien.pipeline import start
from sukien.segment import segment


def corpus(n: int, seed: int = 0) -> list[Article]:
    return example_corpus(n, seed)


def count_sentences(articles: list[Article]) -> int:
    """Sentences as the pipeline splits them (the same texts repeat: count each once)."""
    per_text: dict[str, int] = {}
    for article in articles:
        if article.text not in per_text:
            per_text[article.text] = len(segment(start(article)).sentences)
    return sum(per_text[article.text] for article in articles)


def peak_rss_mib(pid: int | str = "self") -> float | None:
    """A process's peak resident memory (VmHWM), in MiB; None when it cannot be read."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def descendants(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of every process below ``pid``: psutil when present, else /proc."""
    try:
        import psutil
    except ImportError:
        return _descendants_proc(pid)
    found = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            found.append((child.pid, " ".join(child.cmdline())))
        except psutil.Error:
            continue
    return found


def _descendants_proc(pid: int) -> list[tuple[int, str]]:
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [], {pid}
    while frontier:
        children = {child for child, parent in parents.items() if parent in frontier}
        found.extend((child, commands.get(child, "")) for child in sorted(children))
        frontier = children
    return found


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
