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
    from sukien.api.app import create_app
    from sukien.api.settings import ApiSettings
    from sukien.store import open_store

    settings = ApiSettings.from_env(db=db)
    if demo:
        from sukien.api.demo import build_demo
        store = build_demo(settings.db or _default_db())
    else:
        store = open_store(settings.db)
    typer.echo(f"sukien: serving {store.url.split('://')[0]} database on http://{host}:{port}/"
               f" (writes {'on' if settings.token else 'off'})", err=True)
    try:
        uvicorn.run(create_app(store, settings), host=host, port=port, log_level="info")
    finally:
        store.close()


def _default_db() -> str:
    from sukien.store import default_url
    return default_url()


def register(app: typer.Typer) -> None:
    app.command(epilog="Settings from the environment:\n\n" + describe().replace("\n", "\n\n"))(serve)
