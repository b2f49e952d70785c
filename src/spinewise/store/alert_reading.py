"""Reading a person's coaching alerts for reports.

The alerts (seek care, a session stopped, a flare-up...) are computed and stored by the
coaching part of spinewise as the data arrives (table ``coach_alerts``, migration 0006;
``spinewise.coaching.alerts``). Reports read them here, newest first, with how each was
handled: one indexed query (``ix_coach_alerts_person_kind`` leads with the person).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from spinewise.store.tables import coach_alerts


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
    """The person's alerts, newest first (at most ``limit``)."""
    c = coach_alerts.c
    query = (select(c.kind, c.severity, c.at, c.rule, c.message, c.session_id, c.handled_at, c.handled_note)
             .where(c.person_id == person_id).order_by(c.at.desc(), c.id.desc()).limit(limit))
    return [AlertEntry(*row) for row in conn.execute(query)]
