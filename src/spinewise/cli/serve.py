"""The ``serve`` command (the web app); the web framework is imported only when it runs."""

from __future__ import annotations

import errno
import socket

import typer

from spinewise.cli.common import EXIT_STORAGE, _run, fail, guarded

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def check_can_listen(host: str, port: int) -> None:
    """Bind the address once before the server starts, so a port in use or a host that
    is not this machine's ends as one line (exit 1, or 2 for a host that cannot be used)
    instead of the server's log and its own exit code."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        fail(f"host: cannot listen on {host!r}: {getattr(exc, 'strerror', None) or exc}")
    family, kind, proto, _, address = found[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                fail(f"port: {port} is already in use on {host}; stop what uses it or choose another --port",
                     EXIT_STORAGE)
            if exc.errno == errno.EACCES:
                fail(f"port: no permission to listen on port {port}; choose one above 1023", EXIT_STORAGE)
            fail(f"host: cannot listen on {host}:{port}: {exc.strerror}")


def serve(host: str = typer.Option(DEFAULT_HOST, "--host", help="Address to listen on. Keep 127.0.0.1 unless phones on your network need it (see the README): plain http sends passwords unencrypted."),
          port: int = typer.Option(DEFAULT_PORT, "--port", min=1, max=65535, help="Port to listen on."),
          db: str = typer.Option(None, "--db", help="Database URL (sqlite:///path or postgresql://...) or a SQLite file path. Default: SPINEWISE_DATABASE_URL, else spinewise.sqlite3 in your data folder."),
          workers: int = typer.Option(1, "--workers", min=1, max=32, help="App processes sharing the port. More than one suits PostgreSQL; on SQLite they take turns writing."),
          signup: str = typer.Option(None, "--signup", metavar="open|closed|invite", help="Who may create an account on the sign-up page: open (anyone), closed (nobody: add accounts with `spinewise users add`) or invite (with an invitation code). Default: SPINEWISE_SIGNUP, else open. The first account of a fresh install can always be created."),
          ) -> None:
    """Run the web app (intake, plan, library, JSON API at /api/v1, docs at /docs)."""
    import dataclasses
    import os

    import uvicorn

    from spinewise.config import ALLOWED_HOSTS_ENV, DATABASE_URL_ENV, SIGNUP_ENV, load_settings
    from spinewise.training import open_store
    from spinewise.web import create_app
    from spinewise.web.app import SERVED_APP

    settings = dataclasses.replace(guarded(lambda: load_settings(db=db, host=host, signup=signup)), settle_gc=True)
    check_can_listen(host, port)
    _run(lambda: open_store(settings)).close()  # a database out of reach: one line before serving
    # one process serves this app; several build their own (``served_app``)
    app = guarded(lambda: create_app(settings)) if workers == 1 else None
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: listening on {host}: everyone needs an account, but plain http sends passwords "
                   "and health data unencrypted; use a network you trust, or an https proxy "
                   "(SPINEWISE_TRUST_PROXY=1).", err=True)
    typer.echo(f"spinewise is running at http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    options: dict[str, object] = {"host": host, "port": port, "log_level": "warning", "proxy_headers": False,
                                  "access_log": False}
    if app is not None:
        uvicorn.run(app, **options)  # type: ignore[arg-type]
        return
    # each worker process builds its own app from the environment, so pass the database on
    os.environ[DATABASE_URL_ENV] = settings.database_url
    os.environ[ALLOWED_HOSTS_ENV] = ",".join(settings.allowed_hosts)  # --host too, in every worker
    os.environ[SIGNUP_ENV] = settings.signup  # --signup too
    uvicorn.run(SERVED_APP, factory=True, workers=workers, **options)  # type: ignore[arg-type]

