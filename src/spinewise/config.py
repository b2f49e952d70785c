"""Settings, built by a factory (never at import): where the database lives.

The database URL comes from, in order: the ``db`` argument (the CLI's ``--db``), the
``SPINEWISE_DATABASE_URL`` environment variable, else one SQLite file,
``spinewise.sqlite3``, in the user's data directory (platformdirs), created on first use.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DATABASE_URL_ENV = "SPINEWISE_DATABASE_URL"
SQLITE_SYNCHRONOUS_ENV = "SPINEWISE_SQLITE_SYNCHRONOUS"
SECRET_KEY_ENV = "SPINEWISE_SECRET_KEY"
SQLITE_SYNCHRONOUS = ("FULL", "NORMAL")
DEFAULT_DATABASE_FILE = "spinewise.sqlite3"


@dataclass(frozen=True, slots=True)
class Settings:
    """What spinewise needs to know about its surroundings.

    ``database_url``: an SQLAlchemy URL (``sqlite:///path``, ``postgresql://...``);
    ``echo``: log every SQL statement (debugging only); ``sqlite_synchronous``: SQLite's
    ``synchronous`` pragma under WAL (``SPINEWISE_SQLITE_SYNCHRONOUS``): ``NORMAL`` (the
    default, SQLite's recommended setting for WAL) syncs at checkpoints: a commit
    survives the app or the process crashing and the file never corrupts, but the last
    commits can be lost if the machine loses power; ``FULL`` syncs the log at every
    commit, so a committed change also survives a power cut (it costs an fsync per
    commit, and the web app's set writer moves to a thread; see docs/benchmarks.md).
    """

    database_url: str
    echo: bool = False
    sqlite_synchronous: str = "NORMAL"
    secret_key: str | None = None
    """Signs the intake draft cookie (``SPINEWISE_SECRET_KEY``); unset, a key is made once
    and kept in the database (``web.state.signing_secret``)."""
    settle_gc: bool = False
    """Freeze what the started app keeps alive out of the garbage collector's passes
    (``web.runtime``): on for ``spinewise serve``, off for apps built in tests."""


def default_database_url(data_dir: Path | None = None) -> str:
    """The SQLite file in the user's data directory (the directory is created)."""
    if data_dir is None:
        from platformdirs import user_data_dir

        data_dir = Path(user_data_dir("spinewise", appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / DEFAULT_DATABASE_FILE}"


def load_settings(db: str | None = None, *, environ: Mapping[str, str] | None = None,
                  data_dir: Path | None = None, echo: bool = False) -> Settings:
    """Settings from the argument, else the environment, else the default SQLite file.

    A bare file path (``./my.sqlite3``) is accepted for ``db`` and read as SQLite.
    """
    env = os.environ if environ is None else environ
    url = (db or "").strip() or env.get(DATABASE_URL_ENV, "").strip()
    if not url:
        url = default_database_url(data_dir)
    elif "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    synchronous = env.get(SQLITE_SYNCHRONOUS_ENV, "").strip().upper() or "NORMAL"
    if synchronous not in SQLITE_SYNCHRONOUS:
        from spinewise.domain.errors import InputError

        raise InputError(SQLITE_SYNCHRONOUS_ENV, f"must be FULL or NORMAL, got {synchronous!r}")
    return Settings(database_url=url, echo=echo, sqlite_synchronous=synchronous,
                    secret_key=env.get(SECRET_KEY_ENV, "").strip() or None)
