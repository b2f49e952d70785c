"""Opening the store, and what every training use case shares around it: the clock
(``_now``, UTC without a zone) and the lookups that raise ``NotFoundError``
(``_person_or_fail``, ``_session_or_fail``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from spinewise.domain.errors import NotFoundError
from spinewise.store.records import Person, WorkoutSession

if TYPE_CHECKING:
    from spinewise.config import Settings
    from spinewise.store.unit_of_work import Store, Transaction


def _now() -> datetime:
    """Now in UTC, stored without a zone (the same on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


def open_store(settings: Settings) -> Store:
    """Connect to the configured database and bring its schema up to date."""
    from sqlalchemy.exc import SQLAlchemyError

    from spinewise.store.engine import make_engine
    from spinewise.store.schema import ensure_schema
    from spinewise.store.unit_of_work import StorageError, Store

    engine = make_engine(settings.database_url, echo=settings.echo, synchronous=settings.sqlite_synchronous)
    try:
        ensure_schema(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise StorageError(f"cannot open the database: {reason[0] if reason else exc}") from exc
    except StorageError:  # a database from a newer spinewise: left as it is
        engine.dispose()
        raise
    return Store(engine)


def _person_or_fail(tx: Transaction, person_id: int) -> Person:
    person = tx.people.get(person_id)
    if person is None:
        raise NotFoundError("person", str(person_id))
    return person


def _session_or_fail(tx: Transaction, session_id: int) -> WorkoutSession:
    session = tx.workouts.get_session(session_id)
    if session is None:
        raise NotFoundError("session", str(session_id))
    return session
