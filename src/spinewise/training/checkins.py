"""The next-morning check-in: store it and return the monitor's answer to it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from spinewise.coaching.alerts import alerts_after_checkin
from spinewise.domain.errors import InputError
from spinewise.domain.intake import Intake, parse_intake
from spinewise.domain.monitor import decide_at_checkin
from spinewise.domain.validation import whole_number
from spinewise.store.records import Checkin
from spinewise.training.people import PersonOverview, rescreen
from spinewise.training.store_access import _now, _person_or_fail
from spinewise.training.validators import _number, _pain, _symptoms

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store


@dataclass(frozen=True, slots=True)
class CheckinOutcome:
    checkin: Checkin
    decision: dict[str, Any]
    psychosocial_pending: bool = False
    """The psychosocial questions are still unanswered: offer them at this check-in."""
    screening: dict[str, Any] | None = None
    """The new screening, when this check-in answered the psychosocial questions."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"checkin": self.checkin.to_json(), "decision": self.decision,
                               "psychosocial_pending": self.psychosocial_pending}
        if self.screening is not None:
            out["screening"] = self.screening
        return out


def psychosocial_pending(*, store: Store, person_id: int) -> bool:
    """Whether the person's latest intake left every psychosocial question unanswered
    (screened ``not_assessed``): the check-in then offers them."""
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        document = tx.people.latest_intake(person_id)
    return document is not None and not parse_intake(document).psychosocial_answered


def _with_psychosocial(document: Mapping[str, Any], answers: object) -> Intake | None:
    """The stored intake with these psychosocial answers, validated like an intake
    (errors name ``psychosocial.<field>``); ``None`` when nothing was answered."""
    if not isinstance(answers, Mapping):
        raise InputError("psychosocial", "must be an object of the intake's psychosocial answers")
    if not answers:
        return None
    model = parse_intake({**document, "psychosocial": dict(answers)})
    return model if model.psychosocial_answered else None


def answer_psychosocial(*, store: Store, person_id: int, answers: Mapping[str, Any],
                        on: date) -> PersonOverview | None:
    """Save the psychosocial answers into the person's intake (a new intake row: intakes
    are kept, never overwritten) and re-screen, keeping the active plan's start date
    and length. ``None`` when ``answers`` is empty (still not answered)."""
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        document = tx.people.latest_intake(person_id)
        plan = tx.people.active_plan(person_id)
    if document is None:
        raise InputError("psychosocial", "there is no intake to add these answers to yet")
    model = _with_psychosocial(document, answers)
    if model is None:
        return None
    if plan is not None:
        return rescreen(store=store, person_id=person_id, intake=model, start=plan.start_date,
                        weeks=plan.weeks, on=on)
    return rescreen(store=store, person_id=person_id, intake=model, on=on)


def checkin(*, store: Store, person_id: int, on: date, pain: int, stiffness: int = 0,
            sleep_hours: float | None = None, sleep_quality: int | None = None,
            locked_up: bool = False, stiff_hours: float = 0.0,
            symptoms: Iterable[str] = (), psychosocial: Mapping[str, Any] | None = None) -> CheckinOutcome:
    """The next-morning check-in: pain, stiffness (0-10) and for how long (hours), sleep
    (hours, quality 1-5), locked up, and any symptoms. The monitor decides what the next
    session may be; the pain feeds the progression's next-morning gate. A second
    check-in the same morning replaces the first.

    While the psychosocial questions are unanswered (``psychosocial_pending``), a
    check-in may carry them (the intake's ``psychosocial`` fields): they are saved into
    the person's intake and the person is re-screened (``screening`` in the outcome).
    They are checked before anything is saved."""
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
    if psychosocial is not None:
        with store.reading() as tx:
            _person_or_fail(tx, person_id)
            document = tx.people.latest_intake(person_id)
        if document is not None:
            _with_psychosocial(document, psychosocial)  # reject bad answers before saving
    with store.transaction() as tx:
        _person_or_fail(tx, person_id)
        last = tx.workouts.sessions(person_id, until=on - timedelta(days=1), limit=1, newest_first=True,
                                    logged_here=True)
        if last and last[0].baseline_pain is not None:
            usual = last[0].baseline_pain
        else:
            intake = tx.people.latest_intake(person_id) or {}
            usual = int(intake.get("pain", {}).get("average_week", intake.get("pain", {}).get("now", 0)))
        decision = decide_at_checkin(pain_next_morning=pain_i, baseline_pain=usual,
                                     stiff_hours=hours or 0.0, symptoms=listed).to_json()
        arrived = _now()
        stored = tx.workouts.upsert_checkin(dict(
            person_id=person_id, on_date=on, pain=pain_i, stiffness=stiffness_i,
            stiff_hours=hours, sleep_hours=sleep, sleep_quality=quality, locked_up=locked_up,
            symptoms=listed, baseline_pain=usual, action=decision["action"], decision=decision,
            created_at=arrived))
        tx.coaching.saw_checkin(person_id, on)
        alerts_after_checkin(tx, person_id=person_id, on=on, pain=pain_i, symptoms=listed, decision=decision,
                             at=arrived)
    screening = None
    if psychosocial is not None:
        overview = answer_psychosocial(store=store, person_id=person_id, answers=psychosocial, on=on)
        if overview is not None and overview.screening is not None:
            screening = overview.screening.to_json()
    return CheckinOutcome(stored, decision, psychosocial_pending(store=store, person_id=person_id),
                          screening)
