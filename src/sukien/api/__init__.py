"""The REST API and the web UI, one FastAPI application (``sukien.api.app.create_app``).

Routes live in ``routes/`` by resource; they call the store's read functions and
``api.queries`` (the few queries the store does not provide), never SQL of their own.
This package imports nothing heavy itself, so ``sukien.api.settings`` can be read
(for the CLI's help) without the web extra installed.
"""
