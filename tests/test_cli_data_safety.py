"""Nothing a user has is lost or altered by a command that should not write.

``sukien demo`` replaces only an earlier demo database (or, with ``--force``, what it is
told to); the reading commands open only a sukien database that exists: a mistyped path
is an error naming it (no folder, no empty database made), and another program's SQLite
file or a text file is refused untouched. Each command runs as the user runs it, in a
real ``sukien`` process, on real SQLite files.
"""
from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sukien.store import open_store
from tests.store_fixtures import db_url, entity, event, result  # noqa: F401  (db_url is a fixture)

pytest.importorskip("typer")

# Every command that only reads, with the arguments it needs besides --db.
READERS = {
    "events": ["events"],
    "show": ["show", "ev0000000000000000"],
    "entities": ["entities", "Hằng"],
    "search": ["search", "hội đàm"],
    "timeline": ["timeline", "Phạm Thu Hằng"],
    "pairs": ["pairs"],
    "export": ["export", "--format", "gdelt", "OUT"],
    "serve": ["serve", "--port", "0"],
}


def sukien(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``sukien ARGS`` in a process of its own, as typed in a shell (serve would block: bounded)."""
    return subprocess.run([sys.executable, "-c", "from sukien.cli import main; main()", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def users_own_database(path: Path) -> None:
    """A sukien database holding one article of the user's (invented people)."""
    hang = entity("discovered:person:pham-thu-hang", "Pham Thu Hang", name_vi="Phạm Thu Hằng",
                  country="VNM", mentions=((0, 13, "Phạm Thu Hằng"),))
    solberg = entity("discovered:person:ingrid-solberg", "Ingrid Solberg", country="NOR",
                     mentions=((22, 36, "Ingrid Solberg"),))
    own = result("ban-tin-rieng", "Phạm Thu Hằng hội đàm với Ingrid Solberg tại Oslo.",
                 entities=(hang, solberg),
                 events=(event("E1", "046", [hang["id"]], [solberg["id"]], start="2026-03-02"),))
    with open_store(str(path)) as store:
        assert store.ingest([own]).errors == []


def foreign_sqlite(path: Path) -> None:
    """Another program's SQLite file: a table of notes, in its own journal mode."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('Ghi chú của tôi: họp tổ lúc chín giờ.')")
    conn.close()


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


# -- demo -------------------------------------------------------------------------------------


def test_demo_refuses_a_text_file_and_leaves_it_as_it_was(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Danh sách việc cần làm tuần này.\n", encoding="utf-8")
    before = digest(notes)
    done = sukien("demo", "--db", notes)
    assert done.returncode != 0
    assert "notes.txt" in one_line(done.stderr) and "--force" in done.stderr
    assert digest(notes) == before


def test_demo_refuses_a_database_of_the_users_own_articles(tmp_path):
    own = tmp_path / "tin-cua-toi.db"
    users_own_database(own)
    done = sukien("demo", "--db", own)
    assert done.returncode != 0
    assert "tin-cua-toi.db" in one_line(done.stderr) and "1 article besides the examples" in done.stderr
    with open_store(str(own)) as store:
        assert store.counts()["articles"] == 1


def test_demo_replaces_an_earlier_demo_and_force_replaces_anything(tmp_path):
    demo = tmp_path / "sukien-demo.db"
    assert sukien("demo", "--db", demo, "--limit", "1").returncode == 0
    again = sukien("demo", "--db", demo, "--limit", "1")
    assert again.returncode == 0, again.stderr
    notes = tmp_path / "notes.txt"
    notes.write_text("không quan trọng\n", encoding="utf-8")
    forced = sukien("demo", "--db", notes, "--limit", "1", "--force")
    assert forced.returncode == 0, forced.stderr
    with open_store(str(notes)) as store:
        assert store.counts()["articles"] == 12


def test_serve_demo_does_not_fill_a_database_of_the_users_own_articles(tmp_path):
    own = tmp_path / "tin-cua-toi.db"
    users_own_database(own)
    done = sukien("serve", "--demo", "--db", own, "--port", "0")
    assert done.returncode != 0
    assert "tin-cua-toi.db" in one_line(done.stderr) and "serve --demo" in done.stderr
    with open_store(str(own)) as store:
        assert store.counts()["articles"] == 1


# -- reading commands -------------------------------------------------------------------------


def _reader(name: str, db: Path | str, tmp_path: Path) -> list[str]:
    args = [str(tmp_path / "out.tsv") if a == "OUT" else a for a in READERS[name]]
    return [*args, "--db", str(db)]


@pytest.mark.parametrize("name", READERS)
def test_a_mistyped_path_is_refused_and_nothing_is_created(name, tmp_path):
    typo = tmp_path / "sukien-dmeo" / "sukien.db"
    done = sukien(*_reader(name, typo, tmp_path))
    assert done.returncode != 0
    line = one_line(done.stderr)
    assert str(typo) in line and "no database" in line
    assert not typo.parent.exists()
    assert not (tmp_path / "out.tsv").exists()


@pytest.mark.parametrize("name", READERS)
def test_another_programs_sqlite_file_is_refused_untouched(name, tmp_path):
    notes = tmp_path / "notes.sqlite"
    foreign_sqlite(notes)
    before = digest(notes)
    done = sukien(*_reader(name, notes, tmp_path))
    assert done.returncode != 0
    assert "not a sukien database" in one_line(done.stderr) and "notes.sqlite" in done.stderr
    assert digest(notes) == before
    with sqlite3.connect(notes) as conn:  # no migration ran: sukien's tables are not there
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert tables == {"notes"}


@pytest.mark.parametrize("name", ["events", "export"])
def test_a_text_file_is_no_database(name, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Bản nháp bài phát biểu.\n", encoding="utf-8")
    done = sukien(*_reader(name, notes, tmp_path))
    assert done.returncode != 0 and "not a SQLite database" in one_line(done.stderr)
    assert notes.read_text(encoding="utf-8") == "Bản nháp bài phát biểu.\n"


def test_the_default_database_is_not_created_by_reading(tmp_path):
    home = tmp_path / "data-home"
    done = subprocess.run([sys.executable, "-c", "from sukien.cli import main; main()", "events"],
                          capture_output=True, text=True, timeout=120,
                          env={**_environment(), "XDG_DATA_HOME": str(home)})
    assert done.returncode != 0 and str(home / "sukien" / "sukien.db") in one_line(done.stderr)
    assert not home.exists()


def _environment() -> dict[str, str]:
    import os
    return {k: v for k, v in os.environ.items() if k != "SUKIEN_DB"}


def test_reading_commands_read_a_sukien_database(tmp_path):
    own = tmp_path / "tin-cua-toi.db"
    users_own_database(own)
    listed = sukien("events", "--db", own, "--format", "jsonl")
    assert listed.returncode == 0, listed.stderr
    assert "Phạm Thu Hằng" in listed.stdout


def test_ingest_still_creates_a_database(tmp_path):
    article = tmp_path / "bai.txt"
    article.write_text("Tin ngắn\n\nBộ trưởng Phạm Thu Hằng tiếp Đại sứ Na Uy tại Hà Nội.\n", encoding="utf-8")
    fresh = tmp_path / "moi" / "sukien.db"
    done = sukien("ingest", article, "--db", fresh, "--published", "2026-03-02")
    assert done.returncode == 0, done.stderr
    assert sukien("events", "--db", fresh).returncode == 0


def test_an_empty_database_on_either_back_end_is_refused_until_ingest_fills_it(db_url):
    """On PostgreSQL too: a schema without sukien's tables is named, and left without them."""
    from sqlalchemy import create_engine, inspect

    from sukien.errors import StoreError
    from sukien.store.engine import require_database

    with pytest.raises(StoreError, match="no database at|not a sukien database"):
        require_database(db_url)
    done = sukien("events", "--db", db_url)
    assert done.returncode != 0 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    if db_url.startswith("postgresql"):
        engine = create_engine(db_url)
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []
        engine.dispose()
    open_store(db_url).close()  # as `sukien ingest` opens it: created and migrated
    assert require_database(db_url)
    assert sukien("events", "--db", db_url).returncode == 0
