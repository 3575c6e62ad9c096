"""``sukien serve``: the REST API and the web UI on one local server."""
from __future__ import annotations

from typing import Annotated

import typer

from sukien.api.settings import describe
from sukien.cli.common import fail, reports_errors

DB_HELP = "Database URL or SQLite file (default: $SUKIEN_DB, else ~/.local/share/sukien/sukien.db)."


@reports_errors
def serve(
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on; 0.0.0.0 exposes it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    demo: Annotated[bool, typer.Option(help="Fill the database with the bundled example articles first.")] = False,
) -> None:
    """Serve the web UI at / and the REST API under /api (OpenAPI schema at /openapi.json)."""
    try:
        import uvicorn
    except ImportError:
        fail("serve needs the web extra: pip install 'sukien[web]'")
    from sukien.api.app import create_app, settle_memory
    from sukien.api.settings import ApiSettings
    from sukien.store import open_store
    from sukien.store.engine import require_database

    settings = ApiSettings.from_env(db=db)
    store = _demo_store(settings.db or _default_db()) if demo else open_store(require_database(settings.db))
    typer.echo(f"sukien: serving {store.url.split('://')[0]} database on http://{host}:{port}/"
               f" (writes {'on' if settings.token else 'off'})", err=True)
    app = create_app(store, settings)
    settle_memory()
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        store.close()


def _demo_store(url: str):
    """The examples stored at ``url``, which must not hold anything else (it is not the demo's to fill)."""
    from sukien.api.demo import build_demo
    from sukien.cli.demo import example_articles, refusal
    from sukien.contract import article_id
    from sukien.store import open_store
    from sukien.store.engine import safe_url, sqlite_path

    path, examples = sqlite_path(url), example_articles()
    if path is not None:
        problem = refusal(path, examples)
    else:
        with open_store(url) as store:
            problem = None if _only(store, {article_id(a) for a in examples}) else (
                f"{safe_url(url)} holds articles besides the examples")
    if problem:
        fail(f"{problem}; serve --demo fills only a new or an earlier demo database")
    return build_demo(url)


def _only(store, ids: set[str]) -> bool:
    from sqlalchemy import select

    from sukien.store.schema import articles
    with store.engine.connect() as conn:
        return set(conn.execute(select(articles.c.id)).scalars()) <= ids


def _default_db() -> str:
    from sukien.store import default_url
    return default_url()


def register(app: typer.Typer) -> None:
    app.command(epilog="Settings from the environment:\n\n" + describe().replace("\n", "\n\n"))(serve)
