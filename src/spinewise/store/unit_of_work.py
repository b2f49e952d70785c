"""The ``Store``: an engine plus transactions that hand out repositories.

Every use case runs in one transaction (``with store.transaction() as tx``): all of it
is committed, or none of it. Database failures come out as ``StorageError`` (a
``SpinewiseError``) with one plain line, never as a driver traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from spinewise.domain.errors import SpinewiseError
from spinewise.store.accounts import AccountRepository
from spinewise.store.coaching import CoachingRepository
from spinewise.store.outcomes import OutcomeRepository
from spinewise.store.people import PeopleRepository
from spinewise.store.workouts import WorkoutRepository


class StorageError(SpinewiseError):
    """The database could not be reached or refused a change (nothing was saved)."""


class NewerDatabase(StorageError):
    """The database's schema is from a newer spinewise than this one (nothing was changed)."""


class DatabaseBusy(StorageError):
    """Another connection holds SQLite's write lock and this one would not wait (or
    waited its whole busy timeout); nothing was saved, and trying again later may work."""


SQLITE_BUSY_CODES = frozenset({5, 6})
"""``SQLITE_BUSY`` and ``SQLITE_LOCKED``: another connection has the lock (their
extended codes, such as ``SQLITE_BUSY_SNAPSHOT``, share the low byte)."""


def _is_busy(error: BaseException) -> bool:
    original = getattr(error, "orig", error)
    code = getattr(original, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in SQLITE_BUSY_CODES


@dataclass(slots=True)
class Transaction:
    """The repositories of one open transaction."""

    conn: Connection
    people: PeopleRepository
    workouts: WorkoutRepository
    outcomes: OutcomeRepository
    accounts: AccountRepository
    coaching: CoachingRepository


def _describe(exc: BaseException) -> str:
    original = getattr(exc, "orig", None)
    text = str(original if original is not None else exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class Store:
    """The database behind the services: ``transaction()`` to change, ``reading()`` to read."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        dbapi: Any = engine.dialect.loaded_dbapi  # the driver module (untyped): for its Error
        self._driver_error: type[Exception] = dbapi.Error

    @contextmanager
    def transaction(self, connection: Connection | None = None) -> Iterator[Transaction]:
        """A transaction on a pooled connection, or on ``connection`` (one the caller
        keeps open across transactions, such as the set writer's)."""
        try:
            if connection is None:
                with self.engine.begin() as conn:
                    yield Transaction(conn, PeopleRepository(conn), WorkoutRepository(conn),
                                      OutcomeRepository(conn), AccountRepository(conn), CoachingRepository(conn))
            else:
                with connection.begin():
                    yield Transaction(connection, PeopleRepository(connection),
                                      WorkoutRepository(connection), OutcomeRepository(connection),
                                      AccountRepository(connection), CoachingRepository(connection))
        except (SQLAlchemyError, self._driver_error) as exc:
            # the hot path runs statements on the driver's cursor (``store.prepared``), so
            # the driver's own errors arrive here too, not only SQLAlchemy's wrappers
            kind = DatabaseBusy if _is_busy(exc) else StorageError
            raise kind(f"database error, nothing was saved: {_describe(exc)}") from exc

    def writer_connection(self, *, wait_for_lock: bool = True) -> Connection:
        """A connection one writer keeps across its transactions (``training.SetTallies``).

        With ``wait_for_lock`` false (for a writer running in the event loop, SQLite
        only) the connection is taken out of the pool, so its settings never reach
        anyone else: ``BEGIN IMMEDIATE`` fails at once with ``DatabaseBusy`` instead of
        waiting for another writer, and its commits never wait on the disk: no
        checkpoint (``store.wal.Checkpointer`` runs those on a thread) and no sync of
        the log (``synchronous=NORMAL``; under ``FULL`` settings the writer syncs the
        log on a thread itself before it answers, see ``store.wal.sync_log``)."""
        try:
            conn = self.engine.connect()
            if not wait_for_lock and conn.dialect.name == "sqlite":
                raw: Any = conn.connection.driver_connection  # sqlite3's own connection (untyped)
                conn.detach()
                raw.execute("PRAGMA busy_timeout=0")
                raw.execute("PRAGMA wal_autocheckpoint=0")
                raw.execute("PRAGMA synchronous=NORMAL")
            return conn
        except (SQLAlchemyError, self._driver_error) as exc:
            raise StorageError(f"database error, nothing was saved: {_describe(exc)}") from exc

    # reads use a transaction too (a consistent snapshot); nothing is written
    reading = transaction

    @contextmanager
    def glance(self) -> Iterator[Transaction]:
        """A read of one statement, which is its own snapshot, without a transaction
        around it: on PostgreSQL an autocommit connection, one round trip instead of
        three (``BEGIN``, the statement, ``ROLLBACK``); elsewhere ``reading``. For the
        checks made on every request of a hot read (the coach's dashboard stamp)."""
        if self.engine.dialect.name != "postgresql":
            with self.reading() as tx:
                yield tx
            return
        try:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                yield Transaction(conn, PeopleRepository(conn), WorkoutRepository(conn),
                                  OutcomeRepository(conn), AccountRepository(conn), CoachingRepository(conn))
        except (SQLAlchemyError, self._driver_error) as exc:
            raise StorageError(f"database error: {_describe(exc)}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
