"""A server started directly: ``uvicorn --factory sukien.api.app:from_env``, the database in ``$SUKIEN_DB``.

A real uvicorn process each time: with a mistyped database path it says so in one line
and exits 1, creating nothing; with a sukien database it serves the API.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytest.importorskip("uvicorn")

from sukien.api.demo import build_demo  # noqa: E402


def _uvicorn(database: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "SUKIEN_DB": database}
    return subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "sukien.api.app:from_env",
                             "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_missing_database_is_one_line_and_nothing_is_created(tmp_path):
    missing = tmp_path / "typo" / "sukien.db"
    server = _uvicorn(f"sqlite:///{missing}", _free_port())
    _, stderr = server.communicate(timeout=60)
    assert server.returncode == 1
    assert stderr.strip().splitlines() == [
        f"sukien: error: no database at {missing} (check the path; `sukien ingest` creates one)"]
    assert not missing.parent.exists()


def test_a_sukien_database_is_served(tmp_path):
    database = f"sqlite:///{tmp_path / 'demo.db'}"
    build_demo(database).close()
    port = _free_port()
    server = _uvicorn(database, port)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/events?limit=1", timeout=5) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)
