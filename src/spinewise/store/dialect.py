"""The one place where SQLite and PostgreSQL differ for us: insert ... on conflict."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table


def insert_for(conn: Connection, table: Table) -> Any:
    """A dialect ``insert`` that supports ``on_conflict_do_nothing`` / ``_do_update``."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
