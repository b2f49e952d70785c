"""What the store hands back: plain, frozen records (the stored shapes).

Loads are kept in kilograms (``load_kg``) with the number and unit the person typed
(``load_entered``, ``unit``) for display; ``load_in(unit)`` converts on the way out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, NamedTuple, TypedDict

from spinewise.domain.errors import SpinewiseError
from spinewise.domain.plan_json import SavedPlan
from spinewise.domain.screening import Irritability

Unit = Literal["kg", "lb"]

KG_PER_LB = 0.45359237
"""The international avoirdupois pound, exactly (1959)."""


def to_kg(load: float, unit: str) -> float:
    """A load in kilograms."""
    return load * KG_PER_LB if unit == "lb" else float(load)


def from_kg(load_kg: float, unit: str) -> float:
    """A load in ``unit``, rounded to 0.01 so that 35 lb in is 35 lb out."""
    return round(load_kg / KG_PER_LB if unit == "lb" else load_kg, 2)


class UnreadableRecord(SpinewiseError):
    """A stored row no longer reads as its record (it was changed outside spinewise):
    the message names the row and the first value that is wrong."""


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    units: Unit
    created_at: datetime
    clinician_seen_at: datetime | None = None
    """The last time the person recorded that a clinician has seen them (it closes a
    follow-up opened by a seek-care answer before it)."""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "units": self.units,
                "created_at": self.created_at.isoformat(),
                "clinician_seen_at": self.clinician_seen_at.isoformat() if self.clinician_seen_at else None}


@dataclass(frozen=True, slots=True)
class ScreeningRecord:
    """One screening, kept forever: re-screening adds another."""

    id: int
    person_id: int
    intake_id: int
    screened_at: datetime
    level: str
    irritability: Irritability
    psychosocial_risk: str
    pattern: str
    result: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "screened_at": self.screened_at.isoformat(), **self.result}


@dataclass(frozen=True, slots=True)
class PlanRecord:
    """A saved plan; one per person is active. ``document`` is the plan exactly as it
    was saved (``PlanResult.to_json()``, what pages and the API show); ``plan`` is the
    same plan read back into the planner's types, for the use cases."""

    id: int
    person_id: int
    screening_id: int
    created_at: datetime
    start_date: date
    weeks: int
    days_per_week: int
    session_minutes: int
    active: bool
    document: dict[str, Any]
    plan: SavedPlan


class PrescriptionGiven(TypedDict):
    """What a planned session stores of one exercise's prescription when it starts
    (load in kilograms), so the progression knows what was asked."""

    sets: int
    reps: int | None
    seconds: int | None
    tempo: str | None
    load_kg: float | None
    rpe_max: float | None


@dataclass(frozen=True, slots=True)
class WorkoutSession:
    """A workout: planned (``plan_week``/``plan_day`` set) or free.

    ``prescriptions``: the prescriptions given for this session, by exercise id (loads
    in kg), so the progression later knows what was asked as well as what was done.
    """

    id: int
    person_id: int
    plan_id: int | None
    plan_week: int | None
    plan_day: int | None
    focus: str | None
    on_date: date
    started_at: datetime
    ended_at: datetime | None
    baseline_pain: int | None
    """The usual pain the session was read against; ``None`` for an imported session
    (the other app recorded no pain, and none is made up)."""
    pain_after: int | None
    session_rpe: float | None
    duration_minutes: int | None
    notes: str | None
    prescriptions: dict[str, PrescriptionGiven]
    stopped_at: datetime | None = None
    stop_reason: str | None = None
    """Why the session stopped before it was finished: ``seek_care`` or ``end_session``
    (the monitor's answer) or ``person`` (the person chose to stop); ``None`` while it
    has not stopped. A stopped session takes no more sets."""
    stop_decision: dict[str, Any] | None = None
    """The answer that stopped it (the contract's ``monitor`` JSON), when there was one."""
    source: str | None = None
    """``strong`` or ``hevy`` for a session imported from that app, ``None`` when logged here."""
    title: str | None = None
    """The workout's name in the app it was imported from."""

    @property
    def imported(self) -> bool:
        return self.source is not None

    @property
    def stopped(self) -> bool:
        return self.stopped_at is not None

    @property
    def training_load(self) -> float | None:
        """Foster's session load: session RPE x minutes (arbitrary units)."""
        if self.session_rpe is None or self.duration_minutes is None:
            return None
        return self.session_rpe * self.duration_minutes

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.on_date.isoformat(), "plan_week": self.plan_week,
                "plan_day": self.plan_day, "focus": self.focus,
                "baseline_pain": self.baseline_pain, "pain_after": self.pain_after,
                "session_rpe": self.session_rpe, "duration_minutes": self.duration_minutes,
                "training_load": self.training_load, "ended": self.ended_at is not None,
                "notes": self.notes, "stop_reason": self.stop_reason,
                "stopped_at": self.stopped_at.isoformat() if self.stopped_at else None,
                "source": self.source, "title": self.title}


class SessionSummary(NamedTuple):
    """One session as the progress charts and decisions read it, over the whole history:
    no prescriptions and no sets (a light row; five years are about 800 of them).
    ``has_sets``: whether any set was logged; ``next_morning``: the pain at the next
    morning's check-in, if there was one."""

    id: int
    on_date: date
    plan_id: int | None
    plan_week: int | None
    plan_day: int | None
    baseline_pain: int | None
    """``None``: an imported session (no pain recorded)."""
    pain_after: int | None
    session_rpe: float | None
    duration_minutes: int | None
    has_sets: bool
    next_morning: int | None


class SetDose(NamedTuple):
    """What the progression reads of a logged set: the dose and the pain (no JSON
    columns to decode: ``today`` reads hundreds of these)."""

    id: int
    session_id: int
    exercise: str
    reps: int | None
    seconds: int | None
    load_kg: float | None
    tempo: str | None
    rpe: float | None
    pain: int | None
    """``None``: an imported set (no pain recorded)."""


class ExerciseTotal(NamedTuple):
    """What was done of one exercise in one session, summed in the database."""

    session_id: int
    exercise: str
    sets: int
    worst_pain: int | None
    """``None`` when every set was imported (no pain recorded)."""
    reps: int
    seconds: int
    tonnage_kg: float


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """One set as stored, with the monitor's decision given when it was logged."""

    id: int
    session_id: int
    person_id: int
    client_id: str
    number: int
    exercise: str
    reps: int | None
    seconds: int | None
    load_kg: float | None
    load_entered: float | None
    unit: Unit
    tempo: str | None
    rpe: float | None
    reps_in_reserve: int | None
    belt: bool
    pain: int | None
    """Pain during the set; ``None`` for an imported set (the other app recorded none)."""
    symptoms: tuple[str, ...]
    notes: str | None
    logged_at: datetime
    action: str
    decision: dict[str, Any]
    edited_at: datetime | None = None
    """When the set was last corrected after it was logged (``None``: never): a coach
    sees that the numbers are not the ones first logged."""
    warmup: bool = False
    """A warm-up set (imported sets say so; sets logged here are working sets)."""

    @property
    def imported(self) -> bool:
        return self.pain is None

    def load_in(self, unit: str) -> float | None:
        return None if self.load_kg is None else from_kg(self.load_kg, unit)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "client_id": self.client_id, "session_id": self.session_id,
                "number": self.number, "exercise": self.exercise, "reps": self.reps,
                "seconds": self.seconds, "load": self.load_entered, "unit": self.unit,
                "load_kg": None if self.load_kg is None else round(self.load_kg, 3),
                "tempo": self.tempo, "rpe": self.rpe, "reps_in_reserve": self.reps_in_reserve,
                "belt": self.belt, "pain": self.pain, "symptoms": list(self.symptoms),
                "notes": self.notes, "edited_at": self.edited_at.isoformat() if self.edited_at else None,
                "warmup": self.warmup}


@dataclass(frozen=True, slots=True)
class SymptomReport:
    """A "something's wrong" report made during a session, with the monitor's answer."""

    id: int
    session_id: int
    reported_at: datetime
    exercise: str | None
    symptoms: tuple[str, ...]
    action: str
    decision: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "reported_at": self.reported_at.isoformat(), "exercise": self.exercise,
                "symptoms": list(self.symptoms), "decision": self.decision}


@dataclass(frozen=True, slots=True)
class Checkin:
    """The next-morning check-in and the monitor's answer to it."""

    id: int
    person_id: int
    on_date: date
    pain: int
    stiffness: int
    stiff_hours: float
    sleep_hours: float | None
    sleep_quality: int | None
    locked_up: bool
    symptoms: tuple[str, ...]
    baseline_pain: int
    action: str
    decision: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.on_date.isoformat(), "pain": self.pain,
                "stiffness": self.stiffness, "stiff_hours": self.stiff_hours,
                "sleep_hours": self.sleep_hours, "sleep_quality": self.sleep_quality,
                "locked_up": self.locked_up, "symptoms": list(self.symptoms),
                "baseline_pain": self.baseline_pain, "decision": self.decision}


@dataclass(frozen=True, slots=True)
class Assessment:
    """An outcome measure or test: ``kind`` is ``endurance``, ``psfs``, ``nprs`` or ``odi``
    (``values`` of an ODI: section numbers and scores only, never the form's wording)."""

    id: int
    person_id: int
    on_date: date
    kind: str
    values: dict[str, Any]
    score: float | None
    result: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.on_date.isoformat(), "kind": self.kind,
                "values": self.values, "score": self.score, "result": self.result}
