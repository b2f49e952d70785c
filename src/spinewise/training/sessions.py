"""Workout sessions: start one (storing today's prescriptions), report symptoms, end it,
read it back with its sets and reports (``get_session``), and the exercises a free session
may hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from spinewise.coaching.alerts import alert_on_answer, alerts_after_session_end
from spinewise.domain.catalog import Catalog, Exercise
from spinewise.domain.errors import ConflictError, InputError, NotFoundError
from spinewise.domain.monitor import decide_on_symptoms, person_stopped
from spinewise.domain.validation import whole_number
from spinewise.library import load_catalog
from spinewise.store.records import LoggedSet, SymptomReport, WorkoutSession
from spinewise.training.follow_up import open_follow_up
from spinewise.training.people import latest_intake
from spinewise.training.sets import STOPPING_ACTIONS
from spinewise.training.store_access import _now, _person_or_fail, _session_or_fail
from spinewise.training.today_session import _today
from spinewise.training.validators import _number, _pain, _symptoms, _text

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store, Transaction


def _usual_pain(tx: Transaction, person_id: int, on: date) -> int:
    """The person's usual pain: this morning's check-in, else the last session's
    baseline, else the intake's weekly average (or pain now)."""
    checkin = tx.workouts.latest_checkin(person_id, until=on)
    if checkin is not None and checkin.on_date == on:
        return checkin.pain
    last = tx.workouts.sessions(person_id, until=on, limit=1, newest_first=True, logged_here=True)
    if last and last[0].baseline_pain is not None:
        return last[0].baseline_pain
    intake = tx.people.latest_intake(person_id) or {}
    pain = intake.get("pain", {})
    return int(pain.get("average_week", pain.get("now", 0)))


def start_session(*, store: Store, person_id: int, on: date, baseline_pain: int | None = None,
                  free: bool = False, catalog: Catalog | None = None) -> WorkoutSession:
    """Start (or return the open) session of ``on``. A planned day stores today's
    prescriptions with the session; ``free`` starts an unplanned one."""
    if baseline_pain is not None:
        baseline_pain = _pain("baseline_pain", baseline_pain)
    with store.transaction() as tx:
        tx.workouts.lock_person(person_id)  # two starts at once: the second resumes the first's
        person = _person_or_fail(tx, person_id)
        care = open_follow_up(tx, person)
        if care is not None:
            raise ConflictError("see a clinician before your next session (since "
                                f"{care.since.isoformat()}); then record the visit on Today", "date")
        stopped = tx.workouts.stopped_session(person_id, on)
        if stopped is not None:
            raise ConflictError(f"today's session was stopped ({STOP_WORDS.get(stopped.stop_reason or '', 'stopped')}): "
                                "no more training today; rest and log how your back feels "
                                "tomorrow morning", "date")
        existing = tx.workouts.open_session(person_id, on)
        if existing is not None and (free == (existing.plan_week is None)):
            return existing
        usual = baseline_pain if baseline_pain is not None else _usual_pain(tx, person_id, on)
        values: dict[str, Any] = dict(person_id=person_id, plan_id=None, plan_week=None,
                                      plan_day=None, focus=None, on_date=on, started_at=_now(),
                                      baseline_pain=usual, prescriptions={})
        if not free:
            plan_today = _today(tx, person_id=person_id, on=on, catalog=catalog or load_catalog())
            if plan_today.status == "seek_care":
                raise InputError("date", plan_today.message)
            plan = tx.people.active_plan(person_id)
            if plan_today.status == "training" and plan is not None:
                values.update(plan_id=plan.id, plan_week=plan_today.week, plan_day=plan_today.day,
                              focus=plan_today.focus,
                              prescriptions={i.exercise: i.snapshot() for i in plan_today.items})
        tx.coaching.saw_session(person_id, on)  # the coach's missed-sessions check reads this
        return tx.workouts.add_session(**values)


def report_symptoms(*, store: Store, session_id: int, symptoms: Iterable[str],
                    exercise: str | None = None, pain_one_sided: bool = False,
                    stop: bool = False, catalog: Catalog | None = None) -> dict[str, Any]:
    """The "something's wrong" button between sets: the monitor's answer (the contract's
    ``monitor`` JSON shape), stored with the session. When the answer is
    ``end_session`` or ``seek_care``, or the person chooses to ``stop``, the session
    is stopped in the same transaction: it takes no more sets."""
    if not isinstance(stop, bool):
        raise InputError("stop", f"must be true or false, got {stop!r}")
    catalog = catalog or load_catalog()
    checked = _symptoms([symptoms] if isinstance(symptoms, str) else symptoms)
    found = None
    if exercise is not None:
        found = catalog.get(exercise)
        if found is None:
            raise InputError("exercise", f"{exercise!r} is not an exercise in the library")
    decision = decide_on_symptoms(checked, exercise=found, pain_one_sided=pain_one_sided).to_json()
    now = _now()
    with store.transaction() as tx:
        session = _session_or_fail(tx, session_id)
        tx.workouts.add_symptom_report(session_id=session_id, reported_at=now, exercise=exercise,
                                       symptoms=checked, action=decision["action"], decision=decision)
        if decision["action"] in STOPPING_ACTIONS:
            tx.workouts.stop_session(session_id, stopped_at=now, reason=decision["action"], decision=decision)
            alert_on_answer(tx, person_id=session.person_id, session_id=session_id, decision=decision, at=now,
                            what="Symptom report")
        elif stop:
            tx.workouts.stop_session(session_id, stopped_at=now, reason="person",
                                     decision=person_stopped().to_json())
    return decision


def checked_end(*, pain_after: object, session_rpe: object, duration_minutes: object,
                notes: str | None = None) -> dict[str, Any]:
    """The end-of-session values as ``end_session`` stores them; bad input raises
    ``InputError`` naming the field (without touching the database)."""
    return dict(pain_after=_pain("pain_after", pain_after),
                session_rpe=_number("session_rpe", session_rpe, 0, 10),
                duration_minutes=whole_number("duration_minutes", duration_minutes, 1, 600),
                notes=_text("notes", notes, 1000))


def end_session(*, store: Store, session_id: int, pain_after: int, session_rpe: float,
                duration_minutes: int, notes: str | None = None) -> WorkoutSession:
    """Close a session with the pain after it, the session RPE (0-10, about 30 minutes
    after) and its length. Ending it again corrects these values."""
    values = checked_end(pain_after=pain_after, session_rpe=session_rpe,
                         duration_minutes=duration_minutes, notes=notes)
    with store.transaction() as tx:
        session = _session_or_fail(tx, session_id)
        tx.workouts.end_session(session_id, ended_at=session.ended_at or _now(), **values)
        updated = tx.workouts.get_session(session_id)
        assert updated is not None
        alerts_after_session_end(tx, person_id=session.person_id, session_id=session_id, on=session.on_date,
                                 at=_now())
        return updated


@dataclass(frozen=True, slots=True)
class SessionDetail:
    """A session with its sets and its "something's wrong" reports (oldest first)."""

    session: WorkoutSession
    sets: tuple[LoggedSet, ...]
    symptom_reports: tuple[SymptomReport, ...]

    @property
    def stopped(self) -> dict[str, Any] | None:
        """The answer that stopped the session, from a set or from a symptom report
        (seek care before end the session, the first of those), or the person's own
        stop; ``None`` while nothing has stopped it. Stored, so every device sees it."""
        if self.session.stop_decision is not None:
            return self.session.stop_decision
        answers = sorted([(s.logged_at, s.action, s.decision) for s in self.sets]
                         + [(r.reported_at, r.action, r.decision) for r in self.symptom_reports],
                         key=lambda a: a[0])
        for action in STOPPING_ACTIONS:
            found = next((decision for _, done, decision in answers if done == action), None)
            if found is not None:
                return found
        return None

    def to_json(self) -> dict[str, Any]:
        return {**self.session.to_json(), "sets": [s.to_json() | {"decision": s.decision} for s in self.sets],
                "symptom_reports": [r.to_json() for r in self.symptom_reports], "stopped": self.stopped}


STOP_WORDS = {"seek_care": "the answer was to get care", "end_session": "the answer was to end the session",
              "person": "you chose to stop"}
"""Why a session stopped, in words (``WorkoutSession.stop_reason``)."""


def get_session(*, store: Store, session_id: int, person_id: int | None = None) -> SessionDetail:
    """A session with its sets, its symptom reports and what stopped it, if anything.
    With ``person_id``, someone else's session is not found (``NotFoundError``)."""
    with store.reading() as tx:
        session = _session_or_fail(tx, session_id)
        if person_id is not None and session.person_id != person_id:
            raise NotFoundError("session", str(session_id))
        return SessionDetail(session, tuple(tx.workouts.sets_of([session_id])),
                             tuple(tx.workouts.symptom_reports(session_id)))


def exercise_choices(*, store: Store, person_id: int, catalog: Catalog | None = None) -> list[Exercise]:
    """What a free (unplanned) session may hold: the library's exercises that the
    person's latest intake allows, for their back and their gear (none when the
    screening advises against training)."""
    from spinewise.services import list_exercises

    document = latest_intake(store=store, person_id=person_id)
    if document is None:
        return []
    return list_exercises(intake=document, catalog=catalog or load_catalog())
