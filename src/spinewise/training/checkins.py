"""The next-morning check-in: store it and return the monitor's answer to it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from spinewise.domain.errors import InputError
from spinewise.domain.monitor import decide_at_checkin
from spinewise.domain.validation import whole_number
from spinewise.store.records import Checkin
from spinewise.training.store_access import _now, _person_or_fail
from spinewise.training.validators import _number, _pain, _symptoms

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store


@dataclass(frozen=True, slots=True)
class CheckinOutcome:
    checkin: Checkin
    decision: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"checkin": self.checkin.to_json(), "decision": self.decision}


def checkin(*, store: Store, person_id: int, on: date, pain: int, stiffness: int = 0,
            sleep_hours: float | None = None, sleep_quality: int | None = None,
            locked_up: bool = False, stiff_hours: float = 0.0,
            symptoms: Iterable[str] = ()) -> CheckinOutcome:
    """The next-morning check-in: pain, stiffness (0-10) and for how long (hours), sleep
    (hours, quality 1-5), locked up, and any symptoms. The monitor decides what the next
    session may be; the pain feeds the progression's next-morning gate. A second
    check-in the same morning replaces the first."""
    pain_i = _pain("pain", pain)
    stiffness_i = whole_number("stiffness", stiffness, 0, 10)
    hours = _number("stiff_hours", stiff_hours, 0, 168)
    sleep = _number("sleep_hours", sleep_hours, 0, 24, optional=True)
    quality = whole_number("sleep_quality", sleep_quality, 1, 5, optional=True)
    if not isinstance(locked_up, bool):
        raise InputError("locked_up", f"must be true or false, got {locked_up!r}")
    listed = _symptoms([symptoms] if isinstance(symptoms, str) else symptoms)
    if locked_up and "locked_up" not in listed:
        listed.append("locked_up")
    with store.transaction() as tx:
        _person_or_fail(tx, person_id)
        last = tx.workouts.sessions(person_id, until=on - timedelta(days=1), limit=1, newest_first=True)
        if last:
            usual = last[0].baseline_pain
        else:
            intake = tx.people.latest_intake(person_id) or {}
            usual = int(intake.get("pain", {}).get("average_week", intake.get("pain", {}).get("now", 0)))
        decision = decide_at_checkin(pain_next_morning=pain_i, baseline_pain=usual,
                                     stiff_hours=hours or 0.0, symptoms=listed).to_json()
        stored = tx.workouts.upsert_checkin(dict(
            person_id=person_id, on_date=on, pain=pain_i, stiffness=stiffness_i,
            stiff_hours=hours, sleep_hours=sleep, sleep_quality=quality, locked_up=locked_up,
            symptoms=listed, baseline_pain=usual, action=decision["action"], decision=decision,
            created_at=_now()))
        return CheckinOutcome(stored, decision)
