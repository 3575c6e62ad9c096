"""Database fixtures and result builders shared by the storage tests.

``db_url`` runs a test once on SQLite (a temporary file) and once on PostgreSQL when
``SUKIEN_TEST_PG`` names a server (``source .ci/postgres.sh`` starts one); each
PostgreSQL test gets its own schema, dropped afterwards. Builders make contract
records (``ArticleResult``) by hand, so the store is tested without the pipeline.
"""
from __future__ import annotations

import importlib.util
import os
import uuid
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sukien.contract import ArticleResult
from sukien.model import Article
from sukien.store import open_store

PG_URL = os.environ.get("SUKIEN_TEST_PG")
QUERY_BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "query_latency.py"
PG_SKIP = "SUKIEN_TEST_PG is not set: start a server with `source .ci/postgres.sh`"


def _pg_schema_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if not PG_URL:
        pytest.skip(PG_SKIP)
    with pg_schema() as url:
        yield url


@contextmanager
def pg_schema():
    """A URL of a fresh schema on the test server, dropped afterwards."""
    from sqlalchemy import create_engine
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield _pg_schema_url(PG_URL, schema)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture
def store(db_url):
    opened = open_store(db_url)
    yield opened
    opened.close()


# -- builders ------------------------------------------------------------------------------


def entity(entity_id: str, name: str, *, type: str = "PERSON", name_vi: str | None = None,
           country: str | None = None, mentions: tuple[tuple[int, int, str], ...] = (),
           roles: tuple[dict[str, Any], ...] = (), discovered: bool = False) -> dict[str, Any]:
    return {"id": entity_id, "type": type, "name": name, "name_vi": name_vi, "country": country,
            "wikidata": None, "cameo": None, "discovered": discovered, "roles": list(roles),
            "mentions": [{"start": s, "end": e, "text": t, "form": "name", "origin": "kb"}
                         for s, e, t in mentions]}


def role(title_vi: str, title_en: str, country: str | None = None) -> dict[str, Any]:
    return {"title_vi": title_vi, "title_en": title_en, "country": country, "organization": None,
            "sector": "GOV", "evidence": {"start": 0, "end": len(title_vi), "text": title_vi}}


def event(event_id: str, cameo: str, source: list[str], target: list[str], *,
          start: str | None = None, end: str | None = None, place: dict | None = None,
          label_vi: str = "hội đàm", label_en: str = "held talks", plover: str = "CONSULT",
          modality: str = "asserted", negated: bool = False, confidence: float = 0.9,
          evidence: str = "Hai bên hội đàm.") -> dict[str, Any]:
    return {
        "id": event_id, "cameo": cameo, "plover": plover, "mode": None, "goldstein": 1.0,
        "label_vi": label_vi, "label_en": label_en, "source": source, "target": target,
        "date": None if start is None else {"start": start, "end": end or start,
                                            "granularity": "day", "text": "ngày"},
        "location": place, "trigger": {"start": 0, "end": 7, "text": label_vi},
        "evidence": [{"start": 0, "end": len(evidence), "text": evidence}],
        "sentence": 0, "negated": negated, "modality": modality, "reported_by": None,
        "occasion": None, "topics": [], "confidence": confidence,
    }


def result(article_id: str, text: str, *, entities: tuple = (), events: tuple = (),
           published: str | None = "2025-10-10", url: str | None = None, outlet: str | None = "vnexpress",
           title: str = "Tin") -> ArticleResult:
    article = Article(text=text, id=article_id, title=title,
                      published=date.fromisoformat(published) if published else None,
                      outlet=outlet, url=url)
    return ArticleResult(article, tuple(entities), tuple(events))


TO_LAM = entity("person:to-lam", "To Lam", name_vi="Tô Lâm", country="VNM",
                mentions=((0, 6, "Tô Lâm"),), roles=(role("Tổng Bí thư", "General Secretary", "VNM"),))
KIM = entity("person:kim-jong-un", "Kim Jong Un", name_vi="Kim Jong-un", country="PRK",
             mentions=((20, 31, "Kim Jong-un"),))
MEDVEDEV = entity("person:dmitry-medvedev", "Dmitry Medvedev", country="RUS",
                  mentions=((40, 55, "Dmitry Medvedev"),))
PYONGYANG = {"name": "Pyongyang", "name_vi": "Bình Nhưỡng", "country": "PRK", "kind": "city"}


def talks_result(article_id: str, text: str = "Tô Lâm hội đàm với Kim Jong-un tại Bình Nhưỡng.",
                 *, start: str | None = "2025-10-09", published: str = "2025-10-10",
                 outlet: str = "vnexpress", url: str | None = None, cameo: str = "040") -> ArticleResult:
    return result(article_id, text, entities=(TO_LAM, KIM), published=published, outlet=outlet, url=url,
                  events=(event("E1", cameo, ["person:to-lam"], ["person:kim-jong-un"], start=start,
                                place=PYONGYANG),))


def fill_generated(store, events: int) -> None:
    """Fill ``store`` as ``benchmarks/query_latency.py`` does (skewed actors, ten years of events,
    words to search), so that tests read the same database the query figures are measured on."""
    spec = importlib.util.spec_from_file_location("query_latency", QUERY_BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.fill(store, events)
