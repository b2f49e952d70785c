"""The ``serve`` command (the web app); the web framework is imported only when it runs."""

from __future__ import annotations

import typer

from spinewise.cli.common import guarded

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def serve(host: str = typer.Option(DEFAULT_HOST, "--host", help="Address to listen on. Keep 127.0.0.1 unless you know why: there is no login."),
          port: int = typer.Option(DEFAULT_PORT, "--port", min=1, max=65535, help="Port to listen on."),
          db: str = typer.Option(None, "--db", help="Database URL (sqlite:///path or postgresql://...) or a SQLite file path. Default: SPINEWISE_DATABASE_URL, else spinewise.sqlite3 in your data folder."),
          workers: int = typer.Option(1, "--workers", min=1, max=32, help="App processes sharing the port. More than one suits PostgreSQL; on SQLite they take turns writing."),
          ) -> None:
    """Run the web app (intake, plan, library, JSON API at /api/v1, docs at /docs)."""
    import dataclasses
    import os

    import uvicorn

    from spinewise.config import ALLOWED_HOSTS_ENV, DATABASE_URL_ENV, load_settings
    from spinewise.web import create_app
    from spinewise.web.app import SERVED_APP

    settings = dataclasses.replace(guarded(lambda: load_settings(db=db, host=host)), settle_gc=True)
    # one process serves this app; several build their own (``served_app``)
    app = guarded(lambda: create_app(settings)) if workers == 1 else None
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: listening on {host}; spinewise has no login, so anyone who can reach it sees your data.",
                   err=True)
    typer.echo(f"spinewise is running at http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    options: dict[str, object] = {"host": host, "port": port, "log_level": "warning", "proxy_headers": False,
                                  "access_log": False}
    if app is not None:
        uvicorn.run(app, **options)  # type: ignore[arg-type]
        return
    # each worker process builds its own app from the environment, so pass the database on
    os.environ[DATABASE_URL_ENV] = settings.database_url
    os.environ[ALLOWED_HOSTS_ENV] = ",".join(settings.allowed_hosts)  # --host too, in every worker
    uvicorn.run(SERVED_APP, factory=True, workers=workers, **options)  # type: ignore[arg-type]

