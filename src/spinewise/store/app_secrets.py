"""Secrets made up once per database and shared by every process that uses it."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import Connection, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from spinewise.store.tables import app_secrets


def shared_secret(conn: Connection, name: str) -> str:
    """The secret called ``name``; made (64 random hex digits) by whichever process asks
    first. Concurrent first askers race on the primary key and all read the winner."""
    found = conn.execute(select(app_secrets.c.value).where(app_secrets.c.name == name)).scalar_one_or_none()
    if found is not None:
        return str(found)
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    conn.execute(insert(app_secrets).values(
        name=name, value=secrets.token_hex(32), created_at=datetime.now(UTC).replace(tzinfo=None),
    ).on_conflict_do_nothing(index_elements=["name"]))
    return str(conn.execute(select(app_secrets.c.value).where(app_secrets.c.name == name)).scalar_one())
