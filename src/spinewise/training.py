"""Training and recovery use cases: people, today's session, the log, check-ins,
assessments, habits, progress and the calendar.

Every function takes keyword-only arguments and a ``Store``; each use case is one
transaction. Inputs are validated before anything is written and bad input raises
``InputError`` naming the field (``pain: must be an integer from 0 to 10, got 11``);
a missing person or session raises ``NotFoundError``; a database failure raises
``StorageError``. The rules themselves are pure and live in ``spinewise.domain``:
``monitor`` (after each set, on symptoms, at the check-in), ``progression`` (the next
prescription), ``pain`` (pain zones, trend, flare-ups), ``phase_readiness``,
``assessments`` (endurance tests, outcome measures) and ``recovery`` (habits).

How planned sessions fall on dates: a plan starts on ``start_date`` (by default the
next Monday); week *n* covers ``start_date + 7(n-1)`` to six days later, and its
sessions fall on the offsets in ``DAY_OFFSETS`` (Mon/Wed/Fri for three a week when
the plan starts on a Monday).
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from spinewise.domain.assessments import (
    EnduranceTest,
    PsfsAssessment,
    assess_endurance,
    nprs_change,
    psfs_change,
)
from spinewise.domain.catalog import TEMPO_RE, Catalog, Exercise
from spinewise.domain.contract_input import parse_model
from spinewise.domain.errors import InputError, NotFoundError, SpinewiseError
from spinewise.domain.intake import Intake
from spinewise.domain.loads import load_equipment, reduced_load
from spinewise.domain.monitor import (
    SYMPTOMS,
    MonitorInput,
    SetReport,
    decide_after_set,
    decide_at_checkin,
    decide_on_symptoms,
)
from spinewise.domain.next_input import NextInput, SessionRecord, parse_next_input
from spinewise.domain.pain import (
    PAIN_ACCEPTABLE_MAX,
    Morning,
    flare_up_dates,
    pain_trend,
    trend_since,
    weekly_pains,
)
from spinewise.domain.phase_readiness import phase_readiness
from spinewise.domain.progression import next_prescription
from spinewise.domain.recovery import HabitDay, HabitSummary, parse_habits, summarise_habits
from spinewise.domain.validation import whole_number
from spinewise.library import load_catalog
from spinewise.store.records import (
    Assessment,
    Checkin,
    LoggedSet,
    Person,
    PlanRecord,
    ScreeningRecord,
    SetDose,
    SymptomReport,
    WorkoutSession,
    from_kg,
    to_kg,
)

if TYPE_CHECKING:
    from spinewise.config import Settings
    from spinewise.store.unit_of_work import Store, Transaction

DAY_OFFSETS: dict[int, tuple[int, ...]] = {
    1: (0,), 2: (0, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4), 6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}
"""Days after the start of each plan week on which its sessions fall (0 = the start
day): spread so that no two hard days follow each other when there is room."""

HISTORY_SESSIONS = 6
"""Sessions per exercise read to prescribe today: enough for the flare-up check (two
sessions) and the week-to-week trend (three weeks at two sessions a week)."""

PROGRESSED_BLOCKS = frozenset({"main", "core"})
"""Blocks whose items climb the overload ladder; warm-ups, conditioning and cool-downs
stay as planned."""

CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def _now() -> datetime:
    """Now in UTC, stored without a zone (the same on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


# --- opening the store ------------------------------------------------------------------


def open_store(settings: Settings) -> Store:
    """Connect to the configured database and bring its schema up to date."""
    from sqlalchemy.exc import SQLAlchemyError

    from spinewise.store.engine import make_engine
    from spinewise.store.schema import ensure_schema
    from spinewise.store.unit_of_work import StorageError, Store

    engine = make_engine(settings.database_url, echo=settings.echo, synchronous=settings.sqlite_synchronous)
    try:
        ensure_schema(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise StorageError(f"cannot open the database: {reason[0] if reason else exc}") from exc
    return Store(engine)


# --- small validators (one clear line per bad value) --------------------------------------


def _number(name: str, value: object, low: float, high: float, *, optional: bool = False) -> float | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise InputError(name, f"must be a number from {low:g} to {high:g}, got {value!r}")
    return float(value)


def _pain(name: str, value: object) -> int:
    result = whole_number(name, value, 0, 10)
    assert result is not None
    return result


def _unit(value: object) -> str:
    if value not in ("kg", "lb"):
        raise InputError("unit", f"must be kg or lb, got {value!r}")
    return str(value)


def _symptoms(values: Iterable[object]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value not in SYMPTOMS:
            raise InputError("symptoms", f"must be from {', '.join(SYMPTOMS)}, got {value!r}")
        if value not in out:
            out.append(str(value))
    return out


def _text(name: str, value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise InputError(name, f"must be text of at most {limit} characters")
    return value.strip() or None


def _person_or_fail(tx: Transaction, person_id: int) -> Person:
    person = tx.people.get(person_id)
    if person is None:
        raise NotFoundError("person", str(person_id))
    return person


def _session_or_fail(tx: Transaction, session_id: int) -> WorkoutSession:
    session = tx.workouts.get_session(session_id)
    if session is None:
        raise NotFoundError("session", str(session_id))
    return session


# --- people, intakes, screenings and plans ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonOverview:
    """A person with their latest screening and active plan (``None`` when the
    screening advises against training)."""

    person: Person
    screening: ScreeningRecord | None
    plan: PlanRecord | None

    def to_json(self) -> dict[str, Any]:
        plan = self.plan
        return {**self.person.to_json(),
                "screening": self.screening.to_json() if self.screening else None,
                "plan": None if plan is None else {
                    "id": plan.id, "start_date": plan.start_date.isoformat(), "weeks": plan.weeks,
                    "days_per_week": plan.days_per_week, "session_minutes": plan.session_minutes}}


def next_monday(on: date) -> date:
    """``on`` itself when it is a Monday, else the Monday after."""
    return on + timedelta(days=(7 - on.weekday()) % 7)


def _screen_and_plan(tx: Transaction, *, person: Person, model: Intake, start: date, weeks: int,
                     catalog: Catalog, now: datetime) -> PersonOverview:
    from spinewise.domain.planner import build_plan_for
    from spinewise.domain.screening import screen_intake

    screening = screen_intake(model)
    result = build_plan_for(model, screening, catalog, weeks)
    intake_id = tx.people.add_intake(person_id=person.id, document=model.to_document(), now=now)
    record = tx.people.add_screening(person_id=person.id, intake_id=intake_id,
                                     result=screening.to_json(), now=now)
    plan: PlanRecord | None = None
    if result.has_plan:
        plan = tx.people.add_active_plan(
            person_id=person.id, screening_id=record.id, start_date=start, weeks=weeks,
            days_per_week=model.training.days_per_week,
            session_minutes=model.training.session_minutes, document=result.to_json(), now=now)
    else:
        tx.people.deactivate_plans(person.id)
    return PersonOverview(person, record, plan)


def _checked_intake(intake: Mapping[str, Any] | Intake) -> Intake:
    from spinewise.services import as_intake

    if not isinstance(intake, Intake | Mapping):
        raise InputError("intake", "must be a JSON object")
    return as_intake(intake if isinstance(intake, Intake) else dict(intake))


def _checked_weeks(weeks: int) -> int:
    result = whole_number("weeks", weeks, 1, 52)
    assert result is not None
    return result


def create_person(*, store: Store, name: str, intake: Mapping[str, Any] | Intake,
                  start: date | None = None, weeks: int = 12, on: date | None = None,
                  catalog: Catalog | None = None) -> PersonOverview:
    """Validate the intake, screen it, and save the person, the intake, the screening and
    (when training is allowed) the plan as the active one. ``start`` defaults to the
    next Monday on or after ``on`` (today)."""
    clean = (name or "").strip() if isinstance(name, str) else ""
    if not 1 <= len(clean) <= 120:
        raise InputError("name", "must be 1 to 120 characters")
    model = _checked_intake(intake)
    weeks = _checked_weeks(weeks)
    start = start or next_monday(on or date.today())
    now = _now()
    with store.transaction() as tx:
        person = tx.people.add(name=clean, units=model.units, now=now)
        return _screen_and_plan(tx, person=person, model=model, start=start, weeks=weeks,
                                catalog=catalog or load_catalog(), now=now)


def rescreen(*, store: Store, person_id: int, intake: Mapping[str, Any] | Intake,
             start: date | None = None, weeks: int = 12, on: date | None = None,
             catalog: Catalog | None = None) -> PersonOverview:
    """Screen a new intake for a person. Earlier intakes, screenings, plans and logs are
    kept; the new plan (if any) becomes the active one."""
    model = _checked_intake(intake)
    weeks = _checked_weeks(weeks)
    start = start or next_monday(on or date.today())
    now = _now()
    with store.transaction() as tx:
        person = _person_or_fail(tx, person_id)
        if person.units != model.units:
            tx.people.set_units(person.id, model.units)
            person = replace(person, units=model.units)
        return _screen_and_plan(tx, person=person, model=model, start=start, weeks=weeks,
                                catalog=catalog or load_catalog(), now=now)


def list_people(*, store: Store) -> list[Person]:
    with store.reading() as tx:
        return tx.people.all()


def get_person(*, store: Store, person_id: int) -> PersonOverview:
    with store.reading() as tx:
        person = _person_or_fail(tx, person_id)
        return PersonOverview(person, tx.people.latest_screening(person_id),
                              tx.people.active_plan(person_id))


def screening_history(*, store: Store, person_id: int) -> list[ScreeningRecord]:
    """Every screening of the person, oldest first."""
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        return tx.people.screenings(person_id)


def latest_intake(*, store: Store, person_id: int) -> dict[str, Any] | None:
    """The person's latest intake document, as answered (``None`` before the first)."""
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        return tx.people.latest_intake(person_id)


def active_plan(*, store: Store, person_id: int) -> PlanRecord | None:
    """The person's active plan exactly as it was prescribed and saved when they were
    screened (its ``document`` is the plan), or ``None`` when training is not advised."""
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        return tx.people.active_plan(person_id)


# --- the plan on the calendar ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlannedDay:
    """The plan's session for one date."""

    on: date
    week: int
    day: int
    phase: str
    focus: str
    deload: bool
    session: dict[str, Any]


def day_offsets(sessions_per_week: int) -> tuple[int, ...]:
    return DAY_OFFSETS.get(sessions_per_week) or tuple(
        round(i * 7 / sessions_per_week) for i in range(sessions_per_week))


def planned_session_on(plan: PlanRecord, on: date) -> PlannedDay | None:
    """The plan's session on ``on``, or ``None`` (a rest day, before the start or after
    the last week)."""
    delta = (on - plan.start_date).days
    weeks = plan.document.get("weeks", [])
    if delta < 0 or delta // 7 >= len(weeks):
        return None
    week = weeks[delta // 7]
    sessions = week.get("sessions", [])
    offsets = day_offsets(len(sessions)) if sessions else ()
    if delta % 7 not in offsets:
        return None
    index = offsets.index(delta % 7)
    session = sessions[index]
    return PlannedDay(on, int(week["week"]), int(session["day"]), str(week["phase"]),
                      str(session["focus"]), bool(week.get("deload", False)), session)


def planned_days(plan: PlanRecord, start: date, end: date) -> list[PlannedDay]:
    """Every planned session from ``start`` to ``end`` (inclusive)."""
    out: list[PlannedDay] = []
    cursor = max(start, plan.start_date)
    # nothing is planned after the last week: stop there, not at ``end``
    end = min(end, plan.start_date + timedelta(weeks=len(plan.document.get("weeks", []))) - timedelta(days=1))
    while cursor <= end:
        found = planned_session_on(plan, cursor)
        if found is not None:
            out.append(found)
        cursor += timedelta(days=1)
    return out


def _phase_span(plan: PlanRecord, phase: str) -> tuple[int, int] | None:
    for span in plan.document.get("phases", []):
        if span.get("phase") == phase:
            first, last = span["weeks"]
            return int(first), int(last)
    return None


# --- today's prescriptions -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TodayItem:
    """One exercise of today's session with today's prescription and why."""

    block: str
    exercise: str
    name: str
    sets: int
    reps: int | None
    seconds: int | None
    tempo: str | None
    load: float | None
    unit: str
    rpe_max: float | None
    change: str
    rule: str
    why: str
    plan_why: str

    def to_json(self) -> dict[str, Any]:
        return {"block": self.block, "exercise": self.exercise, "name": self.name,
                "sets": self.sets, "reps": self.reps, "seconds": self.seconds,
                "tempo": self.tempo, "load": self.load, "unit": self.unit,
                "rpe_max": self.rpe_max, "change": self.change, "rule": self.rule,
                "why": self.why, "plan_why": self.plan_why}

    def snapshot(self) -> dict[str, Any]:
        """What a session stores of the prescription (load in kg)."""
        return {"sets": self.sets, "reps": self.reps, "seconds": self.seconds, "tempo": self.tempo,
                "load_kg": None if self.load is None else to_kg(self.load, self.unit),
                "rpe_max": self.rpe_max}


@dataclass(frozen=True, slots=True)
class TodaySession:
    """What today holds: ``status`` is ``training``, ``rest``, ``no_plan``,
    ``not_started``, ``plan_finished`` or ``seek_care``."""

    person_id: int
    on: date
    status: str
    message: str
    week: int | None = None
    day: int | None = None
    phase: str | None = None
    focus: str | None = None
    deload: bool = False
    items: tuple[TodayItem, ...] = ()
    checkin: dict[str, Any] | None = None
    next_session: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {"person_id": self.person_id, "date": self.on.isoformat(), "status": self.status,
                "message": self.message, "week": self.week, "day": self.day,
                "phase": self.phase, "focus": self.focus, "deload": self.deload,
                "items": [i.to_json() for i in self.items], "checkin": self.checkin,
                "next_session": self.next_session.isoformat() if self.next_session else None}


FREE_SETS, FREE_REPS, FREE_SECONDS = 3, 8, 30
"""The starting dose of an exercise picked for a free session: 3 x 8, or 3 x 30 s for
holds. A suggestion to adjust, not a prescription: the monitor answers every set."""


def free_item(exercise: Exercise, *, unit: str) -> TodayItem:
    """An exercise picked for a free (unplanned) session, at a starting dose and its
    usual tempo, with no load suggested."""
    holds = exercise.dose == "seconds"
    return TodayItem(block="main", exercise=exercise.id, name=exercise.name, sets=FREE_SETS,
                     reps=None if holds else FREE_REPS, seconds=FREE_SECONDS if holds else None,
                     tempo=exercise.default_tempo, load=None, unit=unit, rpe_max=None, change="hold",
                     rule="PROG-HOLD-NEW", why=exercise.purpose, plan_why="")


def _unit_of(person: Person) -> str:
    return person.units


def _equipment_of(plan: PlanRecord, tx: Transaction, person_id: int) -> list[str]:
    intake = tx.people.latest_intake(person_id) or {}
    equipment = intake.get("training", {}).get("equipment", ["bodyweight"])
    return [str(e) for e in equipment]


@dataclass(slots=True)
class _Done:
    """What was done of one exercise in one session (loads in the person's unit)."""

    session: WorkoutSession
    sets: list[SetDose] = field(default_factory=list)


def _current_from(done: _Done, exercise: str, unit: str, fallback_rpe: float | None) -> dict[str, Any]:
    """The prescription in use: the one the session stored, with the load filled in
    from the sets when it was left open; else what was done."""
    stored = done.session.prescriptions.get(exercise)
    last_load = next((s.load_kg for s in reversed(done.sets) if s.load_kg is not None), None)
    if stored:
        load_kg = stored.get("load_kg")
        if load_kg is None:
            load_kg = last_load
        return {"sets": stored["sets"], "reps": stored.get("reps"), "seconds": stored.get("seconds"),
                "tempo": stored.get("tempo"),
                "load": None if load_kg is None else from_kg(load_kg, unit),
                "rpe_max": stored.get("rpe_max")}
    reps = [s.reps for s in done.sets if s.reps is not None]
    seconds = [s.seconds for s in done.sets if s.seconds is not None]
    tempos = Counter(s.tempo for s in done.sets if s.tempo)
    return {"sets": max(1, min(10, len(done.sets))), "reps": max(reps) if reps else None,
            "seconds": max(seconds) if seconds else (None if reps else 30),
            "tempo": tempos.most_common(1)[0][0] if tempos else None,
            "load": None if last_load is None else from_kg(last_load, unit), "rpe_max": fallback_rpe}


def _same_prescription(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    keys = ("sets", "reps", "seconds", "tempo", "load")
    return all(a.get(k) == b.get(k) for k in keys)


def _session_record(done: _Done, unit: str, morning: Mapping[date, int]) -> dict[str, Any]:
    sets = done.sets[:10]
    pain_during = max(s.pain for s in done.sets)
    loads = [s.load_kg for s in done.sets if s.load_kg is not None]
    rpes = [s.rpe for s in done.sets if s.rpe is not None]
    session = done.session
    return {
        "date": session.on_date.isoformat(), "sets": len(sets),
        "reps": [s.reps for s in sets if s.reps is not None],
        "seconds": [s.seconds for s in sets if s.seconds is not None],
        "load": from_kg(loads[-1], unit) if loads else None,
        "rpe": max(rpes) if rpes else None,
        "pain_during": pain_during,
        # a session never ended (a crash, a skipped form): its worst pain stands in
        "pain_after": session.pain_after if session.pain_after is not None else pain_during,
        "pain_next_morning": morning.get(session.on_date + timedelta(days=1)),
        "baseline_pain": session.baseline_pain,
    }


def _plan_item_current(item: Mapping[str, Any]) -> dict[str, Any]:
    reps, seconds = item.get("reps"), item.get("seconds")
    if reps is None and seconds is None:
        reps = 8
    return {"sets": max(1, min(10, int(item.get("sets") or 1))), "reps": reps, "seconds": seconds,
            "tempo": item.get("tempo"), "load": None, "rpe_max": item.get("rpe_max")}


def _prescribe(tx: Transaction, *, person: Person, planned: PlannedDay, on: date,
               equipment: list[str], catalog: Catalog,
               checkin: Checkin | None) -> list[TodayItem]:
    unit = _unit_of(person)
    items = [(block["kind"], item) for block in planned.session.get("blocks", [])
             for item in block.get("items", [])]
    progressed = sorted({item["exercise"] for kind, item in items if kind in PROGRESSED_BLOCKS})
    recent: dict[str, list[int]] = {
        ex: tx.workouts.recent_session_ids(person.id, ex, before=on, limit=HISTORY_SESSIONS)
        for ex in progressed}
    all_ids = sorted({i for ids in recent.values() for i in ids})
    sessions = tx.workouts.sessions_by_id(all_ids)
    done: dict[tuple[int, str], _Done] = {}
    for logged in tx.workouts.set_doses(all_ids, progressed):
        done.setdefault((logged.session_id, logged.exercise),
                        _Done(sessions[logged.session_id])).sets.append(logged)
    morning = tx.workouts.morning_pain(person.id, sorted({s.on_date + timedelta(days=1)
                                                          for s in sessions.values()}))
    gate = checkin.decision if checkin is not None else None
    out: list[TodayItem] = []
    for kind, item in items:
        exercise = catalog.get(item["exercise"])
        name = exercise.name if exercise else item["exercise"]
        current = _plan_item_current(item)
        change, rule, why = "hold", "PROG-HOLD-NEW", "As planned."
        if kind in PROGRESSED_BLOCKS:
            history = [done[(sid, item["exercise"])] for sid in recent.get(item["exercise"], [])
                       if (sid, item["exercise"]) in done]
            if history:
                current = _current_from(history[0], item["exercise"], unit, item.get("rpe_max"))
                same = [d for d in history if _same_prescription(
                    _current_from(d, item["exercise"], unit, item.get("rpe_max")), current)]
                records = [_session_record(d, unit, morning) for d in reversed(same)]
            else:
                records = []
            doc = {"exercise": item["exercise"], "unit": unit, "equipment": equipment,
                   "current": current, "history": records}
            answer = next_prescription(parse_next_input(doc), catalog=catalog)
            p = answer.prescription
            current = {"sets": p.sets, "reps": p.reps, "seconds": p.seconds, "tempo": p.tempo,
                       "load": p.load, "rpe_max": p.rpe_max}
            change, rule, why = answer.change, answer.rule, answer.why
            if gate is not None and change not in ("hold", "regress") and not gate.get("progress", True):
                change, rule = "hold", _first_rule(gate)
                why = "This morning's check-in says hold: " + _first_message(gate)
                current = _current_from(history[0], item["exercise"], unit, item.get("rpe_max")) \
                    if history else current
            factor = float(gate.get("load_factor", 1.0)) if gate is not None else 1.0
            if gate is not None and factor < 1.0 and current.get("load"):
                kind_of_load = load_equipment(equipment if exercise is None else exercise.equipment)
                lighter = reduced_load(float(current["load"]), unit=unit,  # type: ignore[arg-type]
                                       equipment=kind_of_load, fraction=1.0 - factor)
                if lighter is not None:
                    current["load"] = lighter
                    change, rule = "regress", _first_rule(gate)
                    why = f"Lighter today after this morning's check-in: {_first_message(gate)}"
        out.append(TodayItem(
            block=kind, exercise=item["exercise"], name=name, sets=int(current["sets"]),
            reps=current.get("reps"), seconds=current.get("seconds"), tempo=current.get("tempo"),
            load=current.get("load"), unit=unit, rpe_max=current.get("rpe_max"),
            change=change, rule=rule, why=why, plan_why=str(item.get("why", ""))))
    return out


def _first_rule(decision: Mapping[str, Any]) -> str:
    rules = decision.get("rules") or [{}]
    return str(rules[0].get("rule", "MON-CHECKIN"))


def _first_message(decision: Mapping[str, Any]) -> str:
    rules = decision.get("rules") or [{}]
    return str(rules[0].get("message", ""))


def _relevant_checkin(tx: Transaction, person_id: int, on: date) -> Checkin | None:
    """The latest check-in on or before ``on`` made after the last session before ``on``
    (the morning after it): it gates today's session."""
    latest = tx.workouts.latest_checkin(person_id, until=on)
    if latest is None:
        return None
    last = tx.workouts.sessions(person_id, until=on - timedelta(days=1), limit=1, newest_first=True)
    if last and latest.on_date <= last[0].on_date:
        return None
    return latest


def _today(tx: Transaction, *, person_id: int, on: date, catalog: Catalog) -> TodaySession:
    person = _person_or_fail(tx, person_id)
    plan = tx.people.active_plan(person_id)
    if plan is None:
        screening = tx.people.latest_screening(person_id)
        level = screening.level if screening else "unknown"
        return TodaySession(person_id, on, "no_plan",
                            f"No active plan: the screening level is {level}. "
                            "Follow its advice and re-screen when things change.")
    checkin = _relevant_checkin(tx, person_id, on)
    if checkin is not None and checkin.action == "seek_care":
        return TodaySession(person_id, on, "seek_care",
                            "No training today. " + _first_message(checkin.decision),
                            checkin=checkin.decision)
    planned = planned_session_on(plan, on)
    if planned is None:
        upcoming = planned_days(plan, on + timedelta(days=1), on + timedelta(days=14))
        nxt = upcoming[0].on if upcoming else None
        if on < plan.start_date:
            return TodaySession(person_id, on, "not_started",
                                f"The plan starts on {plan.start_date.isoformat()}.",
                                next_session=nxt)
        if (on - plan.start_date).days // 7 >= len(plan.document.get("weeks", [])):
            return TodaySession(person_id, on, "plan_finished",
                                "The plan is finished: re-screen to build the next one.")
        return TodaySession(person_id, on, "rest",
                            "Rest day: walk, take movement breaks, and keep up your recovery habits.",
                            next_session=nxt,
                            checkin=checkin.decision if checkin else None)
    items = _prescribe(tx, person=person, planned=planned, on=on,
                       equipment=_equipment_of(plan, tx, person_id), catalog=catalog, checkin=checkin)
    message = (f"Week {planned.week} ({planned.phase}{', deload' if planned.deload else ''}), "
               f"session {planned.day}: {planned.focus.replace('_', ' ')}.")
    return TodaySession(person_id, on, "training", message, planned.week, planned.day,
                        planned.phase, planned.focus, planned.deload, tuple(items),
                        checkin.decision if checkin else None)


def today(*, store: Store, person_id: int, on: date, catalog: Catalog | None = None) -> TodaySession:
    """The planned session for ``on`` with today's prescription for each exercise, from
    the progression applied to the logged history and gated by this morning's check-in."""
    with store.reading() as tx:
        return _today(tx, person_id=person_id, on=on, catalog=catalog or load_catalog())


# --- sessions and sets ------------------------------------------------------------------------


def _usual_pain(tx: Transaction, person_id: int, on: date) -> int:
    """The person's usual pain: this morning's check-in, else the last session's
    baseline, else the intake's weekly average (or pain now)."""
    checkin = tx.workouts.latest_checkin(person_id, until=on)
    if checkin is not None and checkin.on_date == on:
        return checkin.pain
    last = tx.workouts.sessions(person_id, until=on, limit=1, newest_first=True)
    if last:
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
        _person_or_fail(tx, person_id)
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
        return tx.workouts.add_session(**values)


@dataclass(frozen=True, slots=True)
class SetOutcome:
    """The stored set, the monitor's answer (the contract's ``monitor`` JSON), and
    whether this call was a replay of an id already stored."""

    logged: LoggedSet
    decision: dict[str, Any]
    replayed: bool

    def to_json(self) -> dict[str, Any]:
        return {"set": self.logged.to_json(), "decision": self.decision, "replayed": self.replayed}


@dataclass(frozen=True, slots=True)
class _SetInput:
    client_id: str
    exercise: str
    reps: int | None
    seconds: int | None
    load: float | None
    unit: str | None
    tempo: str | None
    rpe: float | None
    reps_in_reserve: int | None
    belt: bool
    pain: int
    symptoms: list[str]
    notes: str | None
    pain_one_sided: bool


def _checked_set(*, client_id: object, exercise: object, reps: object, seconds: object,
                 load: object, unit: object, tempo: object, rpe: object, reps_in_reserve: object,
                 belt: object, pain: object, symptoms: Iterable[object], notes: object,
                 pain_one_sided: object, catalog: Catalog) -> _SetInput:
    if not isinstance(client_id, str) or not CLIENT_ID_RE.match(client_id):
        raise InputError("client_id", "must be 1-64 letters, digits or . _ : - "
                                      f"(a UUID is ideal), got {client_id!r}")
    if not isinstance(exercise, str) or catalog.get(exercise) is None:
        raise InputError("exercise", f"{exercise!r} is not an exercise in the library")
    reps_i = whole_number("reps", reps, 0, 100, optional=True)
    seconds_i = whole_number("seconds", seconds, 0, 600, optional=True)
    if reps_i is None and seconds_i is None:
        raise InputError("reps", "give reps or seconds for the set")
    load_f = _number("load", load, 0, 1000, optional=True)
    unit_s = None if unit is None else _unit(unit)
    if tempo is not None and (not isinstance(tempo, str) or not TEMPO_RE.match(tempo)):
        raise InputError("tempo", f"must be like 3-1-2 (lower-pause-lift seconds, X for fast), got {tempo!r}")
    rpe_f = _number("rpe", rpe, 0, 10, optional=True)
    rir = whole_number("reps_in_reserve", reps_in_reserve, 0, 10, optional=True)
    if rpe_f is None and rir is not None:
        rpe_f = float(max(1, 10 - rir))  # REFERENCE §8: RPE 10 = no reps left, 9 = 1 left ...
    if not isinstance(belt, bool):
        raise InputError("belt", f"must be true or false, got {belt!r}")
    if not isinstance(pain_one_sided, bool):
        raise InputError("pain_one_sided", f"must be true or false, got {pain_one_sided!r}")
    if isinstance(symptoms, str):
        symptoms = [symptoms]
    return _SetInput(client_id, exercise, reps_i, seconds_i, load_f, unit_s, tempo, rpe_f, rir,
                     belt, _pain("pain", pain), _symptoms(symptoms),
                     _text("notes", notes if notes is None or isinstance(notes, str) else str(notes), 500),
                     pain_one_sided)


def log_set(*, store: Store, session_id: int, client_id: str, exercise: str, pain: int,
            reps: int | None = None, seconds: int | None = None, load: float | None = None,
            unit: str | None = None, tempo: str | None = None, rpe: float | None = None,
            reps_in_reserve: int | None = None, belt: bool = False,
            symptoms: Iterable[str] = (), notes: str | None = None,
            pain_one_sided: bool = False, catalog: Catalog | None = None) -> SetOutcome:
    """Log one set in its own transaction and return it with the monitor's decision.

    ``client_id`` is generated by the client (a UUID): the same id sent twice for a
    session never makes two sets; the second call returns the stored set and the
    decision given the first time (``replayed`` true). ``unit`` defaults to the
    person's unit; the load is stored in kg with the entered number and unit kept.
    """
    pending = prepare_set(session_id=session_id, client_id=client_id, exercise=exercise, pain=pain,
                          reps=reps, seconds=seconds, load=load, unit=unit, tempo=tempo, rpe=rpe,
                          reps_in_reserve=reps_in_reserve, belt=belt, symptoms=symptoms,
                          notes=notes, pain_one_sided=pain_one_sided, catalog=catalog)
    outcome = record_sets(store=store, pending=[pending], catalog=catalog)[0]
    if isinstance(outcome, SpinewiseError):
        raise outcome
    return outcome


@dataclass(frozen=True, slots=True)
class PendingSet:
    """A set that passed validation (``prepare_set``) and waits to be stored."""

    session_id: int
    given: _SetInput


def prepare_set(*, session_id: int, client_id: str, exercise: str, pain: int,
                reps: int | None = None, seconds: int | None = None, load: float | None = None,
                unit: str | None = None, tempo: str | None = None, rpe: float | None = None,
                reps_in_reserve: int | None = None, belt: bool = False,
                symptoms: Iterable[str] = (), notes: str | None = None,
                pain_one_sided: bool = False, catalog: Catalog | None = None) -> PendingSet:
    """Check one set (as ``log_set`` takes it) without touching the database: bad input
    raises ``InputError`` naming the field."""
    given = _checked_set(client_id=client_id, exercise=exercise, reps=reps, seconds=seconds,
                         load=load, unit=unit, tempo=tempo, rpe=rpe, reps_in_reserve=reps_in_reserve,
                         belt=belt, pain=pain, symptoms=symptoms, notes=notes,
                         pain_one_sided=pain_one_sided, catalog=catalog or load_catalog())
    return PendingSet(session_id, given)


_UNREAD = -1
"""``SessionTally.last_pain`` value of an exercise not read from the database yet."""


@dataclass(slots=True)
class SessionTally:
    """What the monitor and the set numbering need to know about a session: its fixed
    part (person, usual pain, prescriptions), whether it has ended, the person's unit,
    and its running part (sets stored, red sets, the last pain per exercise)."""

    person_id: int
    baseline_pain: int
    prescriptions: dict[str, Any]
    ended: bool
    units: str
    count: int
    red: int
    last_pain: dict[str, int | None] = field(default_factory=dict)


class SetTallies:
    """Session tallies kept between the transactions of one writer (not thread-safe:
    one owner, such as the web app's set writer). At most ``limit`` sessions.

    A tally is trusted only while nobody else can have changed its session. By
    default each use checks the session against the database (``set_guard``: ended?
    the person's unit, and the set count, which any set stored elsewhere changes).
    With ``own_connection`` (SQLite) the writer keeps one connection and asks it, once
    per transaction and under the write lock, whether any other connection committed
    since its last transaction (``PRAGMA data_version``): if not, every tally is
    current and a set costs no read at all; if so, they are all dropped."""

    def __init__(self, limit: int = 4096, *, own_connection: bool = False) -> None:
        self.limit = limit
        self.own_connection = own_connection
        self.connection: Any = None
        self.version: int | None = None
        self.current = False
        """True inside a transaction that found the tallies still true (see above)."""
        self._by_session: dict[int, SessionTally] = {}

    def get(self, session_id: int) -> SessionTally | None:
        return self._by_session.get(session_id)

    def put(self, session_id: int, tally: SessionTally) -> None:
        self._by_session.pop(session_id, None)
        if len(self._by_session) >= self.limit:
            del self._by_session[next(iter(self._by_session))]
        self._by_session[session_id] = tally

    def clear(self) -> None:
        self._by_session.clear()
        self.version = None
        self.current = False

    def check(self, version: int | None) -> None:
        """At the start of a transaction: trust the tallies if the database's
        ``data_version`` is the one seen by this connection's last transaction
        (``None``, on PostgreSQL: check each session as it comes)."""
        if version is None:
            self.current = False
            return
        if version != self.version:
            self._by_session.clear()
        self.current = version == self.version
        self.version = version

    def close(self) -> None:
        """Forget everything and close the connection kept (if any)."""
        self.clear()
        if self.connection is not None:
            connection, self.connection = self.connection, None
            with contextlib.suppress(Exception):  # it may be broken already
                connection.close()


def record_sets(*, store: Store, pending: Sequence[PendingSet], catalog: Catalog | None = None,
                tallies: SetTallies | None = None) -> list[SetOutcome | SpinewiseError]:
    """Store checked sets together, in one transaction (a group commit), in order; one
    result per set: its ``SetOutcome``, or the error it alone met (``NotFoundError``
    for a missing session, ``InputError`` for an ended one). A set that fails this way
    does not stop the others. If the database refuses the transaction, each set is
    tried again in its own transaction, so only a set that fails by itself fails.
    Nothing is answered before the commit has returned.

    ``tallies`` keeps sessions' running counts between calls (see ``SetTallies``).
    """
    from spinewise.store.unit_of_work import StorageError

    catalog = catalog or load_catalog()
    tallies = tallies if tallies is not None else SetTallies()
    try:
        if tallies.own_connection and tallies.connection is None:
            tallies.connection = store.engine.connect()
        with store.transaction(tallies.connection) as tx:
            tx.workouts.lock_for_sets()
            if tallies.own_connection:
                tallies.check(tx.workouts.data_version())
            results = [_record_set(tx, item, catalog, tallies) for item in pending]
    except StorageError as exc:
        tallies.close()  # they may count sets that were rolled back; the connection may be broken
        if len(pending) == 1:
            return [exc]
        return [record_sets(store=store, pending=[item], catalog=catalog, tallies=tallies)[0]
                for item in pending]
    except BaseException:
        tallies.close()
        raise
    return results


def _record_set(tx: Transaction, item: PendingSet, catalog: Catalog,
                tallies: SetTallies) -> SetOutcome | SpinewiseError:
    session_id, given = item.session_id, item.given
    tally = tallies.get(session_id)
    if tally is None or not tallies.current:
        guard = tx.workouts.set_guard(session_id)
        if guard is None:
            return NotFoundError("session", str(session_id))
        ended, units, stored_count = guard
        if tally is None or tally.count != stored_count:
            session = tx.workouts.get_session(session_id)
            assert session is not None
            count, red = tx.workouts.set_tally(session_id)
            tally = SessionTally(session.person_id, session.baseline_pain, session.prescriptions,
                                 ended, units, count, red)
            tallies.put(session_id, tally)
        tally.ended, tally.units = ended, units
    if tally.ended:
        stored = tx.workouts.set_by_client_id(session_id, given.client_id)
        if stored is not None:
            return SetOutcome(stored, stored.decision, replayed=True)
        return InputError("session_id", f"session {session_id} has ended; start a new one")
    person_units = tally.units
    previous = tally.last_pain.get(given.exercise, _UNREAD)
    if previous == _UNREAD:
        previous = tx.workouts.last_pain(tally.person_id, session_id, given.exercise)
    set_unit = given.unit or person_units
    rx = tally.prescriptions.get(given.exercise) or {}
    report = MonitorInput(
        exercise=given.exercise,
        set_report=SetReport(reps=given.reps, seconds=given.seconds, load=given.load,
                             unit=set_unit, rpe=given.rpe, pain=given.pain),
        baseline_pain=tally.baseline_pain, symptoms=given.symptoms,
        rpe_max=rx.get("rpe_max"), previous_pain=previous,
        earlier_red_sets=tally.red, pain_one_sided=given.pain_one_sided)
    decision = decide_after_set(report, catalog=catalog).to_json()
    values = dict(
        session_id=session_id, person_id=tally.person_id, client_id=given.client_id,
        number=tally.count + 1, exercise=given.exercise, reps=given.reps,
        seconds=given.seconds,
        load_kg=None if given.load is None else to_kg(given.load, set_unit),
        load_entered=given.load, unit=set_unit, tempo=given.tempo, rpe=given.rpe,
        reps_in_reserve=given.reps_in_reserve, belt=given.belt, pain=given.pain,
        symptoms=given.symptoms, notes=given.notes, logged_at=_now(),
        action=decision["action"], decision=decision)
    new_id = tx.workouts.insert_set(values)
    if new_id is None:  # the same client id was stored before (a retry): its first answer
        stored = tx.workouts.set_by_client_id(session_id, given.client_id)
        assert stored is not None
        return SetOutcome(stored, stored.decision, replayed=True)
    tally.count += 1
    tally.red += given.pain > PAIN_ACCEPTABLE_MAX
    tally.last_pain[given.exercise] = given.pain
    values["symptoms"] = tuple(given.symptoms)
    return SetOutcome(LoggedSet(id=new_id, **values), decision, replayed=False)


def report_symptoms(*, store: Store, session_id: int, symptoms: Iterable[str],
                    exercise: str | None = None, pain_one_sided: bool = False,
                    catalog: Catalog | None = None) -> dict[str, Any]:
    """The "something's wrong" button between sets: the monitor's answer (the contract's
    ``monitor`` JSON shape), stored with the session."""
    catalog = catalog or load_catalog()
    checked = _symptoms([symptoms] if isinstance(symptoms, str) else symptoms)
    found = None
    if exercise is not None:
        found = catalog.get(exercise)
        if found is None:
            raise InputError("exercise", f"{exercise!r} is not an exercise in the library")
    decision = decide_on_symptoms(checked, exercise=found, pain_one_sided=pain_one_sided).to_json()
    with store.transaction() as tx:
        _session_or_fail(tx, session_id)
        tx.workouts.add_symptom_report(session_id=session_id, reported_at=_now(), exercise=exercise,
                                       symptoms=checked, action=decision["action"], decision=decision)
    return decision


def end_session(*, store: Store, session_id: int, pain_after: int, session_rpe: float,
                duration_minutes: int, notes: str | None = None) -> WorkoutSession:
    """Close a session with the pain after it, the session RPE (0-10, about 30 minutes
    after) and its length. Ending it again corrects these values."""
    values = dict(pain_after=_pain("pain_after", pain_after),
                  session_rpe=_number("session_rpe", session_rpe, 0, 10),
                  duration_minutes=whole_number("duration_minutes", duration_minutes, 1, 600),
                  notes=_text("notes", notes, 1000))
    with store.transaction() as tx:
        session = _session_or_fail(tx, session_id)
        tx.workouts.end_session(session_id, ended_at=session.ended_at or _now(), **values)
        updated = tx.workouts.get_session(session_id)
        assert updated is not None
        return updated


STOPPING_ACTIONS = ("seek_care", "end_session")
"""The monitor's answers that stop a session, the most serious first."""


@dataclass(frozen=True, slots=True)
class SessionDetail:
    """A session with its sets and its "something's wrong" reports (oldest first)."""

    session: WorkoutSession
    sets: tuple[LoggedSet, ...]
    symptom_reports: tuple[SymptomReport, ...]

    @property
    def stopped(self) -> dict[str, Any] | None:
        """The monitor's answer that stopped the session, from a set or from a symptom
        report: the most serious (seek care before end the session), the first of those;
        ``None`` while nothing has stopped it. Stored, so every device sees it."""
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


# --- the next-morning check-in -----------------------------------------------------------------


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


# --- assessments ------------------------------------------------------------------------------

ASSESSMENT_KINDS = ("endurance", "psfs", "nprs")


def record_assessment(*, store: Store, person_id: int, on: date, kind: str,
                      values: Mapping[str, Any]) -> Assessment:
    """Log a McGill endurance test (``flexor``, ``extensor``, ``side_bridge_right``,
    ``side_bridge_left`` in seconds, with the ratio flags), a PSFS (``activities``: 3-5
    of ``{"activity", "score"}``) or an NPRS (``{"pain": 0-10}``), with the change
    since the first one of its kind."""
    if kind not in ASSESSMENT_KINDS:
        raise InputError("kind", f"must be one of {', '.join(ASSESSMENT_KINDS)}, got {kind!r}")
    if not isinstance(values, Mapping):
        raise InputError("values", "must be an object")
    doc = dict(values)
    with store.transaction() as tx:
        _person_or_fail(tx, person_id)
        earlier = tx.outcomes.assessments(person_id, kind, until=on)
        score: float | None
        if kind == "endurance":
            test = parse_model(EnduranceTest, doc)
            screening = tx.people.latest_screening(person_id)
            irritability = screening.irritability if screening else "high"
            outcome = assess_endurance(test, irritability=irritability)  # type: ignore[arg-type]
            score = None
            result: dict[str, Any] = {"usable": outcome.usable, "ratios": outcome.ratios,
                                      "balanced": outcome.balanced,
                                      "findings": [f.to_json() for f in outcome.findings]}
        elif kind == "psfs":
            psfs = parse_model(PsfsAssessment, doc)
            score = round(psfs.mean, 2)
            result = {"mean": score}
            if earlier:
                change = psfs_change(PsfsAssessment.model_validate(earlier[0].values), psfs)
                result["change"] = _change_json(change)
        else:
            if set(doc) != {"pain"}:
                raise InputError("values", "an NPRS is {\"pain\": 0-10}")
            pain = _pain("pain", doc["pain"])
            score = float(pain)
            result = {"pain": pain}
            if earlier and earlier[0].score is not None:
                result["change"] = _change_json(nprs_change(int(earlier[0].score), pain))
        return tx.outcomes.add_assessment(person_id=person_id, on=on, kind=kind, values=doc,
                                          score=score, result=result, now=_now())


def _change_json(change: Any) -> dict[str, Any]:
    return {"measure": change.measure, "before": change.before, "after": change.after,
            "direction": change.direction, "meaningful": change.meaningful,
            "rule": change.rule, "message": change.message}


def assessments(*, store: Store, person_id: int, kind: str | None = None) -> list[Assessment]:
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        return tx.outcomes.assessments(person_id, kind)


# --- habits ---------------------------------------------------------------------------------


def record_habits(*, store: Store, person_id: int, on: date, habits: Mapping[str, object]) -> HabitDay:
    """Save the day's habits (any of ``movement_breaks``, ``sleep_hours``, ``hydration``,
    ``heat_or_bath``, ``foam_rolling``, ``posture_checks``, ``footwear``). Habits left
    out keep what was saved that day."""
    day = parse_habits(on, habits)
    with store.transaction() as tx:
        _person_or_fail(tx, person_id)
        return tx.outcomes.upsert_habits(person_id=person_id, day=day, now=_now())


def habit_summary(*, store: Store, person_id: int, on: date, days: int = 28) -> HabitSummary:
    """Streaks, and each habit beside the next morning's pain over the last ``days``
    days: a correlation over the person's own days, never a cause."""
    window = whole_number("days", days, 1, 366)
    assert window is not None
    start = on - timedelta(days=window - 1)
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        recorded = tx.outcomes.habits(person_id, since=start, until=on)
        pains = {c.on_date: c.pain for c in tx.workouts.checkins(person_id, since=start, until=on + timedelta(days=1))}
        lifting = frozenset(s.on_date for s in tx.workouts.sessions(person_id, since=start, until=on))
    return summarise_habits(recorded, pains, on=on, window_days=window, lifting_days=lifting)


# --- history --------------------------------------------------------------------------------


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


# --- progress -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Progress:
    """Series for charts and the decisions drawn from them (see ``to_json``)."""

    person_id: int
    on: date
    since: date
    pain: list[dict[str, Any]]
    training_load: list[dict[str, Any]]
    weekly_load: list[dict[str, Any]]
    volume_by_pattern: list[dict[str, Any]]
    adherence: dict[str, Any]
    nprs: list[dict[str, Any]]
    psfs: list[dict[str, Any]]
    outcome_changes: list[dict[str, Any]]
    pain_trend: dict[str, Any]
    flare_up: dict[str, Any]
    phase_readiness: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        return {"person_id": self.person_id, "date": self.on.isoformat(),
                "since": self.since.isoformat(), "pain": self.pain,
                "training_load": self.training_load, "weekly_load": self.weekly_load,
                "volume_by_pattern": self.volume_by_pattern, "adherence": self.adherence,
                "nprs": self.nprs, "psfs": self.psfs, "outcome_changes": self.outcome_changes,
                "pain_trend": self.pain_trend, "flare_up": self.flare_up,
                "phase_readiness": self.phase_readiness}


def _week_start(on: date) -> date:
    return on - timedelta(days=on.weekday())


PROGRESS_WEEKS = 26
"""Weeks of series ``progress`` returns by default: the last half year, what the
progress page draws (readable on a phone, and light to send)."""


def _checked_since(since: date | None, on: date) -> date:
    if since is None:
        return on - timedelta(weeks=PROGRESS_WEEKS)
    if not isinstance(since, date) or isinstance(since, datetime):
        raise InputError("since", f"must be a date like 2026-01-05, got {since!r}")
    if since > on:
        raise InputError("since", f"must be on or before {on.isoformat()}, got {since.isoformat()}")
    return since


def progress(*, store: Store, person_id: int, on: date, since: date | None = None,
             catalog: Catalog | None = None) -> Progress:
    """Pain during/after/next morning per session, training load (session RPE x minutes,
    Foster), volume by movement pattern per week, adherence (sessions done / planned),
    NPRS and PSFS over time, the week-to-week pain trend, flare-ups and phase readiness.

    The series (pain, training load, weekly load, volume by pattern) cover ``since``
    (default: ``PROGRESS_WEEKS`` weeks before ``on``) to ``on``; the weekly ones hold
    only whole weeks starting on or after ``since``. The decisions (pain trend,
    flare-ups, adherence, phase readiness) and the outcomes (NPRS, PSFS and their
    change) always weigh the whole history: a window never hides a flare-up. Sets are
    summed in the database, and only inside the window (plus, rarely, the few
    sessions the pain trend needs from before it)."""
    catalog = catalog or load_catalog()
    start = _checked_since(since, on)
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        sessions = tx.workouts.session_summaries(person_id, until=on)
        totals = tx.workouts.exercise_totals(person_id, since=start, until=on)
        plan = tx.people.active_plan(person_id)
        screening = tx.people.latest_screening(person_id)
        outcomes = tx.outcomes.assessments(person_id, until=on)  # a few a month: all of them
        worst: dict[int, int] = {}
        for total in totals:
            worst[total.session_id] = max(worst.get(total.session_id, 0), total.worst_pain)
        logged = [s for s in sessions if s.has_sets]
        cutoff = trend_since([s.on_date for s in logged])
        trend_rows = [s for s in logged if cutoff is not None and s.on_date >= cutoff]
        # the trend's weeks lie inside the window unless the person paused for months
        worst.update(tx.workouts.worst_pain([s.id for s in trend_rows if s.id not in worst]))

    nprs_rows, psfs_rows, endurance_rows = ([a for a in outcomes if a.kind == kind]
                                            for kind in ("nprs", "psfs", "endurance"))
    pain_series: list[dict[str, Any]] = []
    load_series: list[dict[str, Any]] = []
    weekly: dict[date, float] = {}
    week_of: dict[int, date] = {}
    for row in sessions:
        if row.on_date < start:
            continue
        week = week_of[row.id] = _week_start(row.on_date)
        day = row.on_date.isoformat()
        pain_series.append({"date": day, "session_id": row.id, "during": worst.get(row.id),
                            "after": row.pain_after, "next_morning": row.next_morning,
                            "baseline": row.baseline_pain})
        if row.session_rpe is not None and row.duration_minutes is not None:
            value = round(row.session_rpe * row.duration_minutes, 1)
            load_series.append({"date": day, "session_id": row.id, "load": value})
            if week >= start:  # whole weeks only: a cut week would look light
                weekly[week] = weekly.get(week, 0.0) + value

    patterns: dict[tuple[date, str], list[Any]] = {}
    for total in totals:
        monday = week_of.get(total.session_id)  # None: a session started between the two reads
        if monday is None or monday < start:
            continue
        week = monday
        exercise = catalog.get(total.exercise)
        pattern = exercise.pattern if exercise else "other"
        entry = patterns.get((week, pattern))
        if entry is None:
            entry = patterns[(week, pattern)] = [0, 0, 0, 0.0]
        entry[0] += total.sets
        entry[1] += total.reps
        entry[2] += total.seconds
        entry[3] += total.tonnage_kg
    volume = [{"week": week.isoformat(), "pattern": pattern, "sets": int(n), "reps": int(reps),
               "seconds": int(seconds), "tonnage_kg": round(float(tonnage), 1)}
              for (week, pattern), (n, reps, seconds, tonnage) in sorted(patterns.items())]

    trend = pain_trend(weekly_pains([SessionRecord.model_construct(
        date=s.on_date, sets=0, reps=[], seconds=[], load=None, rpe=None, pain_during=worst[s.id],
        pain_after=s.pain_after if s.pain_after is not None else worst[s.id],
        pain_next_morning=s.next_morning, baseline_pain=s.baseline_pain) for s in trend_rows if s.id in worst]))
    flare_dates = flare_up_dates([Morning(s.on_date, s.next_morning, s.baseline_pain) for s in logged])
    last_flare = max(flare_dates) if flare_dates else None

    adherence: dict[str, Any] = {"planned": 0, "done": 0, "ratio": None}
    readiness: dict[str, Any] | None = None
    if plan is not None:
        planned = planned_days(plan, plan.start_date, on)
        done_keys = {(s.plan_week, s.plan_day) for s in logged
                     if s.plan_id == plan.id and s.plan_week is not None}
        done = sum(1 for p in planned if (p.week, p.day) in done_keys)
        adherence = {"planned": len(planned), "done": done,
                     "ratio": round(done / len(planned), 2) if planned else None}
        today_week = (on - plan.start_date).days // 7 + 1
        weeks = plan.document.get("weeks", [])
        if 1 <= today_week <= len(weeks):
            phase = str(weeks[today_week - 1]["phase"])
            span = _phase_span(plan, phase) or (today_week, today_week)
            in_phase = [p for p in planned if span[0] <= p.week <= span[1]]
            done_in_phase = sum(1 for p in in_phase if (p.week, p.day) in done_keys)
            endurance = None
            irritability = screening.irritability if screening else "high"
            if endurance_rows:
                endurance = assess_endurance(EnduranceTest.model_validate(endurance_rows[-1].values),
                                             irritability=irritability)  # type: ignore[arg-type]
            readiness = phase_readiness(
                phase,  # type: ignore[arg-type]
                weeks_in_phase=max(0, today_week - span[0]),
                weeks_since_flare_up=None if last_flare is None else (on - last_flare).days // 7,
                adherence=round(done_in_phase / len(in_phase), 2) if in_phase else 0.0,
                pain_trend=trend.trend, endurance=endurance,
                irritability=irritability,  # type: ignore[arg-type]
            ).to_json()

    changes: list[dict[str, Any]] = []
    if len(nprs_rows) >= 2 and nprs_rows[0].score is not None and nprs_rows[-1].score is not None:
        changes.append(_change_json(nprs_change(int(nprs_rows[0].score), int(nprs_rows[-1].score))))
    if len(psfs_rows) >= 2:
        changes.append(_change_json(psfs_change(PsfsAssessment.model_validate(psfs_rows[0].values),
                                                PsfsAssessment.model_validate(psfs_rows[-1].values))))
    return Progress(
        person_id=person_id, on=on, since=start, pain=pain_series, training_load=load_series,
        weekly_load=[{"week": w.isoformat(), "load": round(v, 1)} for w, v in sorted(weekly.items())],
        volume_by_pattern=volume, adherence=adherence,
        nprs=[{"date": a.on_date.isoformat(), "score": a.score} for a in nprs_rows],
        psfs=[{"date": a.on_date.isoformat(), "score": a.score} for a in psfs_rows],
        outcome_changes=changes,
        pain_trend={"trend": trend.trend, "rule": trend.rule, "message": trend.message},
        flare_up={"last": last_flare.isoformat() if last_flare else None,
                  "count": len(flare_dates), "rule": "PROG-FLARE-UP"},
        phase_readiness=readiness)


# --- the calendar ---------------------------------------------------------------------------


def _times(name: str, values: Sequence[time]) -> list[time]:
    for value in values:
        if not isinstance(value, time):
            raise InputError(name, f"must be times of day like 10:00, got {value!r}")
    return sorted(set(values))


def calendar_ics(*, store: Store, person_id: int, start: date, weeks: int = 4,
                 session_time: time = time(18, 0), movement_breaks: Sequence[time] = (),
                 posture_checks: Sequence[time] = (), weekdays_only: bool = True,
                 alarm_minutes: int = 30, now: datetime | None = None) -> bytes:
    """An iCalendar file: the planned sessions from ``start`` for ``weeks`` weeks, each
    with an alarm ``alarm_minutes`` before, plus daily movement-break and posture-check
    reminders at the chosen times (Monday to Friday when ``weekdays_only``). Times are
    floating local times: they ring at that clock time wherever the person is."""
    from icalendar import Alarm, Calendar, Event

    weeks_i = whole_number("weeks", weeks, 1, 52)
    alarm = whole_number("alarm_minutes", alarm_minutes, 0, 1440)
    assert weeks_i is not None and alarm is not None
    if not isinstance(session_time, time):
        raise InputError("session_time", f"must be a time of day like 18:00, got {session_time!r}")
    breaks = _times("movement_breaks", movement_breaks)
    posture = _times("posture_checks", posture_checks)
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    end = start + timedelta(days=7 * weeks_i - 1)
    with store.reading() as tx:
        person = _person_or_fail(tx, person_id)
        plan = tx.people.active_plan(person_id)
    cal = Calendar()
    cal.add("prodid", "-//spinewise//training calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"spinewise: {person.name}")
    if plan is not None:
        for day in planned_days(plan, start, end):
            event = Event()
            event.add("uid", f"spinewise-{person_id}-plan{plan.id}-w{day.week}d{day.day}@spinewise")
            event.add("dtstamp", stamp)
            begin = datetime.combine(day.on, session_time)
            event.add("dtstart", begin)
            event.add("dtend", begin + timedelta(minutes=plan.session_minutes))
            event.add("summary", f"spinewise: {day.focus.replace('_', ' ')} "
                                 f"(week {day.week}, {day.phase}{', deload' if day.deload else ''})")
            lines = [f"{item['exercise']}: {item['sets']} x "
                     f"{item['reps'] if item.get('reps') is not None else str(item.get('seconds')) + ' s'}"
                     for block in day.session.get("blocks", []) for item in block.get("items", [])]
            event.add("description", "Run `spinewise today` for today's prescriptions.\n" + "\n".join(lines))
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("description", "spinewise session soon: warm up, breathe, brace.")
            reminder.add("trigger", timedelta(minutes=-alarm))
            event.add_component(reminder)
            cal.add_component(event)
    days = [start + timedelta(days=i) for i in range(7 * weeks_i)]
    for label, kind, chosen, text in (
            ("Movement break", "move", breaks, "Stand up, walk, move for 2-3 minutes."),
            ("Posture check", "posture", posture, "Check your posture: ribs over hips, shoulders easy.")):
        for at in chosen:
            first = next((d for d in days if not weekdays_only or d.weekday() < 5), None)
            if first is None:
                continue
            event = Event()
            event.add("uid", f"spinewise-{person_id}-{kind}-{at.strftime('%H%M')}-{start.isoformat()}@spinewise")
            event.add("dtstamp", stamp)
            begin = datetime.combine(first, at)
            event.add("dtstart", begin)
            event.add("dtend", begin + timedelta(minutes=5))
            event.add("summary", f"spinewise: {label.lower()}")
            rule: dict[str, Any] = {"freq": "daily", "until": datetime.combine(end, time(23, 59))}
            if weekdays_only:
                rule = {"freq": "weekly", "byday": ["MO", "TU", "WE", "TH", "FR"],
                        "until": datetime.combine(end, time(23, 59))}
            event.add("rrule", rule)
            event.add("description", text)
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("description", f"{label}: {text}")
            reminder.add("trigger", timedelta(0))
            event.add_component(reminder)
            cal.add_component(event)
    payload: bytes = cal.to_ical()
    return payload


# --- the contract's pure decisions (``spinewise monitor`` / ``spinewise next``) --------------


def monitor_decision(*, document: object, catalog: Catalog | None = None) -> dict[str, Any]:
    """The contract's ``spinewise monitor`` answer for one input document."""
    from spinewise.domain.monitor import parse_monitor_input

    return decide_after_set(parse_monitor_input(document), catalog=catalog or load_catalog()).to_json()


def next_decision(*, document: object, catalog: Catalog | None = None) -> dict[str, Any]:
    """The contract's ``spinewise next`` answer for one input document."""
    data: NextInput = parse_next_input(document)
    return next_prescription(data, catalog=catalog or load_catalog()).to_json()
