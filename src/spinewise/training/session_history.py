"""Session history: logged sessions, newest first, with their sets and the next morning's
check-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from spinewise.domain.validation import whole_number
from spinewise.store.records import Checkin, LoggedSet, WorkoutSession
from spinewise.training.store_access import _person_or_fail

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store


@dataclass(frozen=True, slots=True)
class SessionHistory:
    session: WorkoutSession
    sets: tuple[LoggedSet, ...]
    next_morning: Checkin | None

    def to_json(self) -> dict[str, Any]:
        return {**self.session.to_json(), "sets": [s.to_json() for s in self.sets],
                "next_morning": self.next_morning.to_json() if self.next_morning else None}


def history(*, store: Store, person_id: int, since: date | None = None, until: date | None = None,
            limit: int = 20) -> list[SessionHistory]:
    """Logged sessions, newest first, with their sets and the next morning's check-in."""
    limit_i = whole_number("limit", limit, 1, 10_000)
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        chosen = tx.workouts.sessions(person_id, since=since, until=until, limit=limit_i,
                                      newest_first=True)
        by_session: dict[int, list[LoggedSet]] = {}
        for logged in tx.workouts.sets_of([s.id for s in chosen]):
            by_session.setdefault(logged.session_id, []).append(logged)
        if chosen:
            mornings = {c.on_date: c for c in tx.workouts.checkins(
                person_id, since=min(s.on_date for s in chosen),
                until=max(s.on_date for s in chosen) + timedelta(days=1))}
        else:
            mornings = {}
    return [SessionHistory(s, tuple(by_session.get(s.id, ())),
                           mornings.get(s.on_date + timedelta(days=1))) for s in chosen]
