"""Reading a person's coaching alerts for reports, whether or not the alerts table exists.

The alerts (seek care, a session stopped, a flare-up...) are computed and stored by the
coaching part of spinewise (table ``coach_alerts``). Reports read them through
``person_alerts``, which answers an empty list on a database that has no such table
yet, so a report can be printed before, and after, that part is installed. The table is
read by its column names (``kind``, ``severity``, ``at``, ``rule``, ``message``,
``session_id``, ``handled_at``, ``handled_note``); a column that is missing reads as
``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, MetaData, Table, inspect, select

ALERT_TABLES = ("coach_alerts", "alerts")
"""Where the alerts may be stored, in the order they are looked for."""


@dataclass(frozen=True, slots=True)
class AlertEntry:
    """One stored alert as a report shows it."""

    kind: str
    severity: str | None
    at: datetime | None
    rule: str | None
    message: str | None
    session_id: int | None
    handled_at: datetime | None
    handled_note: str | None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "severity": self.severity,
                "at": self.at.isoformat() if self.at else None, "rule": self.rule,
                "message": self.message, "session_id": self.session_id,
                "handled_at": self.handled_at.isoformat() if self.handled_at else None,
                "handled_note": self.handled_note}


def person_alerts(conn: Connection, person_id: int, *, limit: int = 50) -> list[AlertEntry]:
    """The person's alerts, newest first (at most ``limit``); ``[]`` when the database
    has no alerts table."""
    found = inspect(conn)
    name = next((t for t in ALERT_TABLES if found.has_table(t)), None)
    if name is None:
        return []
    table = Table(name, MetaData(), autoload_with=conn)
    columns = table.c
    if "person_id" not in columns or "kind" not in columns:
        return []
    query = select(table).where(columns.person_id == person_id)
    if "at" in columns:
        query = query.order_by(columns.at.desc())
    rows = conn.execute(query.limit(limit)).mappings()

    def get(row: Any, key: str) -> Any:
        return row.get(key)

    return [AlertEntry(kind=str(get(r, "kind")), severity=get(r, "severity"), at=get(r, "at"),
                       rule=get(r, "rule"), message=get(r, "message"),
                       session_id=get(r, "session_id"), handled_at=get(r, "handled_at"),
                       handled_note=get(r, "handled_note"))
            for r in rows]
