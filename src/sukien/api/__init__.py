"""The REST API and the web UI, one FastAPI application (``create_app``).

Routes live in ``routes/`` by resource; they call the store's read functions and
``api.queries`` (the few queries the store does not provide), never SQL of their own.
"""
from sukien.api.app import create_app
from sukien.api.settings import SETTINGS, ApiSettings

__all__ = ["SETTINGS", "ApiSettings", "create_app"]
