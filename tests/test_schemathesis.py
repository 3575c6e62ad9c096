"""Property-based tests of the REST API from its own OpenAPI schema (schemathesis, in process).

Every operation is called with generated valid and invalid inputs over a real SQLite
database built from the example articles; no response may be a server error, every
4xx must carry the one JSON error shape, and successful responses must match the
schema the API publishes.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error, response_schema_conformance  # noqa: E402

from sukien.api.app import create_app
from sukien.api.settings import ApiSettings  # noqa: E402
from sukien.api.demo import example_results  # noqa: E402
from sukien.store import open_store  # noqa: E402

# schemathesis loads the schema when this module is imported, so the app exists then,
# over an empty database in a temporary folder; the fixture below fills it with the
# example articles before any case runs. (schemathesis.pytest.from_fixture, the lazy
# alternative, does not work with pytest 9.)
_FOLDER = Path(tempfile.mkdtemp(prefix="sukien-schemathesis-"))
_STORE = open_store(f"sqlite:///{_FOLDER / 'demo.db'}")
# A token is configured so that POST /api/articles is reachable; generated requests do
# not know it and must get 401 in the error shape, never a 5xx.
APP = create_app(_STORE, ApiSettings(token="schemathesis-secret", max_bytes=200_000))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def demo_data():
    summary = _STORE.ingest(example_results(), command="test")
    assert not summary.errors
    yield
    _STORE.close()
    shutil.rmtree(_FOLDER, ignore_errors=True)


def error_shape(response) -> None:
    if 400 <= response.status_code < 600:
        body = response.json()
        assert set(body) == {"error"}, body
        assert {"code", "message", "detail"} <= set(body["error"]), body


# One pytest parameter per operation ("GET /api/events", …), each with its own test id: schemathesis's
# own parametrize gives its cases a single id under pytest 9, and a parallel run, which schedules by
# id, would run one operation of twelve.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[operation.label for operation in OPERATIONS])
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_server_errors(operation, data):
    # valid and invalid inputs alike, as the schema's own generation modes (positive, negative) give them
    case = data.draw(st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in GenerationMode)))
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
    error_shape(response)
