"""Who may read or change a person's data besides its owner: a coach the person's
account has accepted (a live link), and only while it lasts. Every such read or change
is written to the access log in the same transaction as the check, so nothing a coach
sees goes unrecorded. The web layer's one place for this is ``web.auth``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from sqlalchemy import select

from spinewise.store.tables import workout_sessions

if TYPE_CHECKING:
    from spinewise.store.accounts import Account
    from spinewise.store.unit_of_work import Store

Action = Literal["read", "change"]
READ: Action = "read"
CHANGE: Action = "change"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def coach_access(*, store: Store, account: Account, person_id: int, action: Action, what: str) -> bool:
    """Whether ``account`` is a coach with a live link to the person's account; if so,
    the access (``action`` of ``what``) is logged for the person to read. Never cached:
    a revoked link is refused from the next request on, in every app process."""
    if account.role != "coach":
        return False
    with store.transaction() as tx:
        client_id = tx.coaching.coach_reads_person(account.id, person_id)
        if client_id is None:
            return False
        tx.coaching.log_access(client_id=client_id, coach_id=account.id, coach_name=account.name or account.email,
                               action=action, what=what[:40], now=_now())
    return True


def person_of_session(*, store: Store, session_id: int) -> int | None:
    with store.reading() as tx:
        found = tx.conn.execute(select(workout_sessions.c.person_id)
                                .where(workout_sessions.c.id == session_id)).scalar_one_or_none()
    return None if found is None else int(found)
