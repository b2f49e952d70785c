"""Engines: SQLite with WAL and foreign keys, or PostgreSQL through psycopg 3."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import ConnectionPoolEntry

from spinewise.domain.errors import InputError

SQLITE_BUSY_TIMEOUT_MS = 5000
"""Wait this long for another writer (a second terminal, the web app) before failing."""


POSTGRES_POOL_SIZE = 16
"""PostgreSQL connections each app process keeps open (SQLAlchemy's default is 5): the
set-writer threads hold one each (``Settings.postgres_writers``), and
under load a connection made for one request and closed after it (the pool's overflow)
cost more than the request's queries (a profile of the coach's dashboard, 32 coaches
at once: a sixth of the time). Up to ``POSTGRES_POOL_OVERFLOW`` more are made when
busier still."""
POSTGRES_POOL_OVERFLOW = 4


def normalise_url(url: str) -> URL:
    """Parse a database URL; plain ``postgresql://`` / ``postgres://`` use psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError("db", f"is not a database URL: {url!r}") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise InputError("db", f"must be a sqlite:/// or postgresql:// URL, got {parsed.drivername!r}")
    return parsed


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL; ``None`` for in-memory and ``file:`` URI databases and
    for anything that is not SQLite."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:" \
            or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _sqlite_tuner(synchronous: str) -> Callable[[DBAPIConnection, ConnectionPoolEntry], None]:
    def tune(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # what is deleted (an account erased) is overwritten with zeros, not left in free pages
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    return tune


def make_engine(url: str, *, echo: bool = False, synchronous: str = "FULL") -> Engine:
    """An engine for ``url``. SQLite files get WAL, ``foreign_keys=ON``, a busy timeout
    and ``synchronous`` (``FULL``: the log is synced at each commit, which then
    survives a power cut; ``NORMAL``: synced at checkpoints only, so a commit survives
    the process crashing but not the machine losing power); their folder is created.
    PostgreSQL uses psycopg 3 (its commits are durable as the server is configured)."""
    if synchronous not in ("FULL", "NORMAL"):
        raise InputError("synchronous", f"must be FULL or NORMAL, got {synchronous!r}")
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        file = sqlite_file(parsed)
        if file is not None:
            from spinewise.config import make_data_folder

            make_data_folder(file.parent)
        engine = create_engine(parsed, echo=echo)
        event.listen(engine, "connect", _sqlite_tuner(synchronous))
        return engine
    return create_engine(parsed, echo=echo, pool_pre_ping=True, pool_size=POSTGRES_POOL_SIZE,
                         max_overflow=POSTGRES_POOL_OVERFLOW)
