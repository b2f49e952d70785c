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
ALLOWED_HOSTS_ENV = "SPINEWISE_ALLOWED_HOSTS"
MAX_BODY_BYTES_ENV = "SPINEWISE_MAX_BODY_BYTES"
TRUST_PROXY_ENV = "SPINEWISE_TRUST_PROXY"
SIGNUP_ENV = "SPINEWISE_SIGNUP"
SIGNUP_MODES = ("open", "closed", "invite")
"""Who may create an account on the sign-up page (``Settings.signup``)."""
FAST_LANE_ENV = "SPINEWISE_FAST_LANE"
POSTGRES_WRITERS_ENV = "SPINEWISE_POSTGRES_WRITERS"
DASHBOARD_CACHE_ENV = "SPINEWISE_DASHBOARD_CACHE"
DEFAULT_POSTGRES_WRITERS = 1
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
"""Names of this machine that the web app always answers to (the Host check)."""
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
"""1 MiB: the biggest request spinewise needs (an intake) is a few kilobytes."""
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
    settle_gc: bool = False
    """Freeze what the started app keeps alive out of the garbage collector's passes
    (``web.runtime``): on for ``spinewise serve``, off for apps built in tests."""
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    """Host names the web app answers to (lower case, no port); any other ``Host``
    header is a 400, so a web page on another site cannot reach the app through a
    name it controls (DNS rebinding). ``localhost``, ``127.0.0.1`` and ``::1``, the
    ``--host`` given to ``spinewise serve``, and ``SPINEWISE_ALLOWED_HOSTS``
    (comma-separated)."""
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    """The biggest request body the web app reads (``SPINEWISE_MAX_BODY_BYTES``); a
    bigger one is a 413 before it is read whole."""
    trust_proxy: bool = False
    """Behind a reverse proxy that terminates https (``SPINEWISE_TRUST_PROXY=1``): believe
    its ``X-Forwarded-Proto`` and ``X-Forwarded-For``, so the session cookie is marked
    Secure and the log-in throttle counts the real address. Off, those headers are
    ignored (anyone could send them)."""
    signup: str = "open"
    """Who may create an account on the sign-up page (``SPINEWISE_SIGNUP``, or
    ``spinewise serve --signup``): ``open``, anyone; ``closed``, nobody (the owner adds
    accounts with ``spinewise users add``); ``invite``, whoever brings an invitation code
    that ``accounts.signup.invitation_accepted`` accepts. Whatever the setting, the
    first account of a fresh install can always be created."""
    fast_lane: bool = True
    """Send ``POST /api/v1/sessions/{id}/sets`` straight to the set-logging handler,
    before FastAPI's middleware and router (``web.app.SpinewiseApp``); off
    (``SPINEWISE_FAST_LANE=0``), the set goes through the declared FastAPI route like
    every other request. Same checks and answers either way; only the speed differs
    (measured in docs/benchmarks.md)."""
    postgres_writers: int = DEFAULT_POSTGRES_WRITERS
    """Set-writer threads per app process on PostgreSQL (``training.set_writer``),
    ``SPINEWISE_POSTGRES_WRITERS`` (1-16). One by default: on a quiet 2-core machine
    four gave the same sets per second with a longer tail (docs/benchmarks.md)."""
    dashboard_cache: bool = True
    """Keep each coach's dashboard between requests and answer it again while nothing it
    shows has changed (``coaching.dashboard.DashboardCache``); off
    (``SPINEWISE_DASHBOARD_CACHE=0``), every request makes it from the database. Same
    answers either way; only the speed differs (measured in docs/benchmarks.md)."""
    password_cost: str = "standard"
    """Argon2id parameters (``accounts.passwords.COSTS``): ``standard``; ``fast`` is for
    the test suite only and is set in code, never from the environment."""


def default_database_url(data_dir: Path | None = None) -> str:
    """The SQLite file in the user's data directory (the directory is created)."""
    if data_dir is None:
        from platformdirs import user_data_dir

        data_dir = Path(user_data_dir("spinewise", appauthor=False))
    make_data_folder(data_dir)
    return f"sqlite:///{data_dir / DEFAULT_DATABASE_FILE}"


def make_data_folder(folder: Path) -> None:
    """Create the folder a SQLite file lives in; one clear ``StorageError`` when it
    cannot be made (no permission, a file in the way, a read-only disk)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from spinewise.store.unit_of_work import StorageError

        reason = exc.strerror or exc.__class__.__name__
        raise StorageError(f"cannot create the data folder {folder}: {reason}") from None


def host_name(host: str) -> str:
    """A host as the Host check compares it: lower case, no brackets around IPv6."""
    return host.strip().lower().removeprefix("[").removesuffix("]").rstrip(".")


def allowed_hosts(served_host: str | None, listed: str) -> tuple[str, ...]:
    """The local names, the served host (unless it is a wildcard such as ``0.0.0.0``,
    which is an address to listen on, not a name anyone visits) and the listed ones."""
    names = list(LOCAL_HOSTS)
    extra = [served_host or "", *listed.split(",")]
    for raw in extra:
        name = host_name(raw)
        if name and name not in ("0.0.0.0", "::") and name not in names:
            names.append(name)
    return tuple(names)


def _max_body_bytes(text: str) -> int:
    from spinewise.domain.errors import InputError

    if not text:
        return DEFAULT_MAX_BODY_BYTES
    if not text.isdigit() or len(text) > 12 or int(text) < 1024:
        raise InputError(MAX_BODY_BYTES_ENV, f"must be a whole number of bytes, at least 1024, got {text!r}")
    return int(text)


def load_settings(db: str | None = None, *, environ: Mapping[str, str] | None = None,
                  data_dir: Path | None = None, echo: bool = False, host: str | None = None,
                  signup: str | None = None) -> Settings:
    """Settings from the argument, else the environment, else the default SQLite file.

    A bare file path (``./my.sqlite3``) is accepted for ``db`` and read as SQLite.
    ``host`` is the address ``spinewise serve --host`` listens on (allowed as a Host);
    ``signup`` is ``spinewise serve --signup`` (before ``SPINEWISE_SIGNUP``).
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
                    allowed_hosts=allowed_hosts(host, env.get(ALLOWED_HOSTS_ENV, "")),
                    max_body_bytes=_max_body_bytes(env.get(MAX_BODY_BYTES_ENV, "").strip()),
                    trust_proxy=_flag(env.get(TRUST_PROXY_ENV, ""), TRUST_PROXY_ENV),
                    fast_lane=_flag(env.get(FAST_LANE_ENV, "").strip() or "1", FAST_LANE_ENV),
                    postgres_writers=_writers(env.get(POSTGRES_WRITERS_ENV, "").strip()),
                    dashboard_cache=_flag(env.get(DASHBOARD_CACHE_ENV, "").strip() or "1", DASHBOARD_CACHE_ENV),
                    signup=_signup_mode(signup, env.get(SIGNUP_ENV, "")))


def _signup_mode(given: str | None, text: str) -> str:
    field = "signup" if given is not None else SIGNUP_ENV
    mode = (given if given is not None else text).strip().lower() or "open"
    if mode not in SIGNUP_MODES:
        from spinewise.domain.errors import InputError

        raise InputError(field, f"must be open, closed or invite, got {mode[:40]!r}")
    return mode


def _writers(text: str) -> int:
    if not text:
        return DEFAULT_POSTGRES_WRITERS
    if not text.isdigit() or not 1 <= int(text) <= 16:
        from spinewise.domain.errors import InputError

        raise InputError(POSTGRES_WRITERS_ENV, f"must be a whole number from 1 to 16, got {text[:40]!r}")
    return int(text)


def _flag(text: str, name: str) -> bool:
    value = text.strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    from spinewise.domain.errors import InputError

    raise InputError(name, f"must be 1 or 0, got {text.strip()[:40]!r}")
