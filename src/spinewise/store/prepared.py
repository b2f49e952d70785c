"""Statements compiled once and run straight on the driver's cursor, for the hot path.

SQLAlchemy's ``Connection.execute`` costs tens of microseconds per call on top of
the driver (cache-key lookup, parameter processing, result set set-up); on the
set-logging path that is more than the SQLite insert itself. ``Prepared`` compiles
a Core statement once per dialect, keeps each bound value's type processor (the
same ones SQLAlchemy applies: JSON serialisation, datetimes on SQLite, booleans...)
and runs it with the DBAPI cursor of a connection SQLAlchemy opened, inside that
connection's transaction. Statements stay written in Core, portable between SQLite
and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement


class Prepared:
    """A Core statement compiled for one dialect, with its bound values' processors."""

    __slots__ = ("defaults", "names", "positional", "processors", "sql")

    def __init__(self, statement: ClauseElement, dialect: Dialect,
                 column_keys: Sequence[str] | None = None) -> None:
        compiled: Any = statement.compile(dialect=dialect,
                                          column_keys=list(column_keys) if column_keys else None)
        self.sql: str = compiled.string
        self.positional: bool = bool(compiled.positional)
        binds = {name: bind for bind, name in compiled.bind_names.items()}
        self.names: tuple[str, ...] = tuple(compiled.positiontup if self.positional else binds)
        processors: dict[str, Callable[[Any], Any]] = {}
        for name, bind in binds.items():
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                processors[name] = processor
        self.processors = processors
        # literal values the statement carries (``pain > 5``, ``LIMIT 1``) as binds
        self.defaults: dict[str, Any] = {name: bind.effective_value for name, bind in binds.items()
                                         if not bind.required}

    def params(self, values: Mapping[str, Any]) -> Any:
        procs = self.processors
        if self.defaults:
            values = {**self.defaults, **values}
        if self.positional:
            return [procs[n](values[n]) if n in procs else values[n] for n in self.names]
        return {n: procs[n](values[n]) if n in procs else values[n] for n in self.names}

    def run(self, conn: Connection, values: Mapping[str, Any]) -> Any:
        """Execute on ``conn``'s driver cursor (in its open transaction); the cursor."""
        cursor = driver_cursor(conn)
        cursor.execute(self.sql, self.params(values))
        return cursor


def driver_cursor(conn: Connection) -> Any:
    """A cursor of the driver connection under ``conn``, reused for the transaction.

    ``Any``: a driver's cursor (sqlite3, psycopg) is untyped, and SQLAlchemy's PEP 249
    protocol for it types every row as optional, which the callers check by design."""
    raw: Any = conn.connection.dbapi_connection  # (still set on a detached connection)
    found = conn.info.get("spinewise.cursor")
    if found is not None and found[0] is raw:
        return found[1]
    cursor = raw.cursor()
    conn.info["spinewise.cursor"] = (raw, cursor)
    return cursor
