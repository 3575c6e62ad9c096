"""A command that needs a package the user has not installed says which extra installs it.

Run as the user runs it, in a ``sukien`` process of its own, with the package made
unimportable: one line on stderr naming the package and the ``pip install`` to run,
no traceback, exit status 1.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sukien.cli import EXTRAS

pytest.importorskip("typer")

_RUN = """
import sys
sys.modules[{package!r}] = None  # as if never installed
sys.argv = ["sukien", *{args!r}]
from sukien.cli import main
main()
"""


def _sukien_without(package: str, *args: str) -> subprocess.CompletedProcess:
    code = _RUN.format(package=package, args=list(args))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)


def _tiny_gold(folder) -> None:
    """Two invented articles, no gold events: enough to reach the training step of cross-validation."""
    articles = [
        {"id": "a1", "title": "", "published": "2026-05-14",
         "text": "Thủ tướng Lê Văn An hội đàm với Thủ tướng Lào Sonexay Siphandone tại Hà Nội."},
        {"id": "a2", "title": "", "published": "2026-05-15",
         "text": "Chủ tịch nước Đào Minh Khang tiếp Đại sứ Nhật Bản Ito Naoki."},
    ]
    (folder / "articles.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles),
                                           encoding="utf-8")
    (folder / "events.jsonl").write_text("", encoding="utf-8")
    (folder / "entities.jsonl").write_text("", encoding="utf-8")
    (folder / "folds.json").write_text('{"folds": {"a1": 0, "a2": 1}}', encoding="utf-8")


def test_cross_validation_without_scikit_learn_names_the_train_extra(tmp_path):
    _tiny_gold(tmp_path)
    done = _sukien_without("sklearn", "eval", "events", str(tmp_path), "--folds", str(tmp_path / "folds.json"))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "sukien: error: this command needs the package 'sklearn', which is not installed: "
        "pip install 'sukien[train]'"]
    assert "Traceback" not in done.stderr


def test_every_extra_named_exists():
    import tomllib
    from pathlib import Path
    extras = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    assert set(EXTRAS.values()) <= set(extras)
