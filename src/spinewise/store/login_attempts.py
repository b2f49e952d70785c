"""Failed log-ins, as the throttle counts them (``spinewise.accounts.throttle``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select

from spinewise.store.tables import login_attempts


class LoginAttempts:
    """The ``login_attempts`` rows: one per failed log-in and per key (an email's or an
    address's digest), with its moment."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def recent(self, *, kind: str, key_hash: str, since: datetime) -> tuple[int, datetime | None]:
        """How many failures for this key after ``since``, and the oldest of them."""
        t = login_attempts.c
        row = self.conn.execute(
            select(func.count(), func.min(t.failed_at))
            .where(t.kind == kind, t.key_hash == key_hash, t.failed_at > since)).one()
        return int(row[0]), row[1]

    def add(self, keys: list[tuple[str, str]], *, at: datetime) -> None:
        self.conn.execute(insert(login_attempts),
                          [{"kind": kind, "key_hash": key_hash, "failed_at": at} for kind, key_hash in keys])

    def prune(self, *, before: datetime) -> None:
        """Delete the failures that have left the window (at or before ``before``)."""
        self.conn.execute(delete(login_attempts).where(login_attempts.c.failed_at <= before))

    def clear(self, *, kind: str, key_hash: str) -> None:
        t = login_attempts.c
        self.conn.execute(delete(login_attempts).where(t.kind == kind, t.key_hash == key_hash))
