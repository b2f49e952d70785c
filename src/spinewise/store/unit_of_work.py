"""The ``Store``: an engine plus transactions that hand out repositories.

Every use case runs in one transaction (``with store.transaction() as tx``): all of it
is committed, or none of it. Database failures come out as ``StorageError`` (a
``SpinewiseError``) with one plain line, never as a driver traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from spinewise.domain.errors import SpinewiseError
from spinewise.store.outcomes import OutcomeRepository
from spinewise.store.people import PeopleRepository
from spinewise.store.workouts import WorkoutRepository


class StorageError(SpinewiseError):
    """The database could not be reached or refused a change (nothing was saved)."""


@dataclass(slots=True)
class Transaction:
    """The repositories of one open transaction."""

    conn: Connection
    people: PeopleRepository
    workouts: WorkoutRepository
    outcomes: OutcomeRepository


def _describe(exc: SQLAlchemyError) -> str:
    original = getattr(exc, "orig", None)
    text = str(original if original is not None else exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class Store:
    """The database behind the services: ``transaction()`` to change, ``reading()`` to read."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self, connection: Connection | None = None) -> Iterator[Transaction]:
        """A transaction on a pooled connection, or on ``connection`` (one the caller
        keeps open across transactions, such as the set writer's)."""
        try:
            if connection is None:
                with self.engine.begin() as conn:
                    yield Transaction(conn, PeopleRepository(conn), WorkoutRepository(conn),
                                      OutcomeRepository(conn))
            else:
                with connection.begin():
                    yield Transaction(connection, PeopleRepository(connection),
                                      WorkoutRepository(connection), OutcomeRepository(connection))
        except SQLAlchemyError as exc:
            raise StorageError(f"database error, nothing was saved: {_describe(exc)}") from exc

    # reads use a transaction too (a consistent snapshot); nothing is written
    reading = transaction

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
