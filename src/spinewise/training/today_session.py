"""Today's prescriptions: the planned session of a date (or why there is none: no plan,
rest day, seek care), each item prescribed by the progression from the logged history
and gated by the morning check-in (``today``, ``TodaySession``, ``TodayItem``,
``free_item``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from spinewise.domain.adjustments import CoachLayer
from spinewise.domain.catalog import Catalog, Exercise
from spinewise.domain.loads import load_equipment, reduced_load
from spinewise.domain.next_input import parse_next_input
from spinewise.domain.planner import PlanItem
from spinewise.domain.progression import next_prescription
from spinewise.library import load_catalog
from spinewise.store.records import (
    Checkin,
    Person,
    PlanRecord,
    PrescriptionGiven,
    SetDose,
    Unit,
    WorkoutSession,
    from_kg,
    to_kg,
)
from spinewise.training.follow_up import open_follow_up
from spinewise.training.schedule import PlannedDay, planned_days, planned_session_on
from spinewise.training.store_access import _person_or_fail

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store, Transaction


HISTORY_SESSIONS = 6
"""Sessions per exercise read to prescribe today: enough for the flare-up check (two
sessions) and the week-to-week trend (three weeks at two sessions a week)."""

PROGRESSED_BLOCKS = frozenset({"main", "core"})
"""Blocks whose items climb the overload ladder; warm-ups, conditioning and cool-downs
stay as planned."""


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
    per_side: bool = False
    """Done on each side in turn: a set counts both sides (the plan item's ``per_side``)."""
    override: str | None = None
    """When a coach chose this exercise although the screening rules it out: the rule
    and the coach's reason, in words the client reads."""

    def to_json(self) -> dict[str, Any]:
        return {"block": self.block, "exercise": self.exercise, "name": self.name,
                "sets": self.sets, "reps": self.reps, "seconds": self.seconds,
                "tempo": self.tempo, "load": self.load, "unit": self.unit,
                "rpe_max": self.rpe_max, "change": self.change, "rule": self.rule,
                "why": self.why, "plan_why": self.plan_why, "per_side": self.per_side,
                "override": self.override}

    def snapshot(self) -> PrescriptionGiven:
        """What a session stores of the prescription (load in kg)."""
        return {"sets": self.sets, "reps": self.reps, "seconds": self.seconds, "tempo": self.tempo,
                "load_kg": None if self.load is None else to_kg(self.load, self.unit),
                "rpe_max": self.rpe_max}


@dataclass(frozen=True, slots=True)
class TodaySession:
    """What today holds: ``status`` is ``training``, ``rest``, ``no_plan``,
    ``not_started``, ``plan_finished``, ``seek_care`` (this morning's check-in),
    ``see_clinician`` (a seek-care answer not yet followed by a clinician's visit:
    ``follow_up`` says what to tell them) or ``stopped`` (today's session was stopped:
    ``stopped_session`` is its id; the planned items stay listed for the record)."""

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
    follow_up: dict[str, Any] | None = None
    stopped_session: int | None = None
    coach_notes: tuple[dict[str, Any], ...] = ()
    """Notes from the client's coach on the active plan, newest first (``text``, ``by``, ``at``)."""

    def to_json(self) -> dict[str, Any]:
        return {"person_id": self.person_id, "date": self.on.isoformat(), "status": self.status,
                "message": self.message, "week": self.week, "day": self.day,
                "phase": self.phase, "focus": self.focus, "deload": self.deload,
                "items": [i.to_json() for i in self.items], "checkin": self.checkin,
                "next_session": self.next_session.isoformat() if self.next_session else None,
                "follow_up": self.follow_up, "stopped_session": self.stopped_session,
                "coach_notes": list(self.coach_notes)}


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
                     rule="PROG-HOLD-NEW", why=exercise.purpose, plan_why="", per_side=exercise.per_side)


def _unit_of(person: Person) -> Unit:
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


def _current_from(done: _Done, exercise: str, unit: str) -> dict[str, Any]:
    """The prescription in use: the one the session stored (only sessions that
    prescribed the exercise are read), with the load filled in from the sets when it
    was left open."""
    stored = done.session.prescriptions[exercise]
    load_kg = stored.get("load_kg")
    if load_kg is None:
        load_kg = next((s.load_kg for s in reversed(done.sets) if s.load_kg is not None), None)
    return {"sets": stored["sets"], "reps": stored.get("reps"), "seconds": stored.get("seconds"),
            "tempo": stored.get("tempo"),
            "load": None if load_kg is None else from_kg(load_kg, unit),
            "rpe_max": stored.get("rpe_max")}


def _same_prescription(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    keys = ("sets", "reps", "seconds", "tempo", "load")
    return all(a.get(k) == b.get(k) for k in keys)


def _session_record(done: _Done, unit: str, morning: Mapping[date, int]) -> dict[str, Any]:
    sets = done.sets[:10]
    # only sessions logged here reach this (their prescriptions name the exercise), and
    # every set logged here has its pain
    pain_during = max((s.pain for s in done.sets if s.pain is not None), default=0)
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


def _plan_item_current(item: PlanItem) -> dict[str, Any]:
    rx = item.rx
    reps = 8 if rx.reps is None and rx.seconds is None else rx.reps
    return {"sets": max(1, min(10, rx.sets)), "reps": reps, "seconds": rx.seconds,
            "tempo": rx.tempo, "load": None, "rpe_max": rx.rpe_max}


def progress_histories(tx: Transaction, *, person_id: int, exercises: list[str], before: date,
                       unit: str) -> dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]:
    """What the progression reads for each exercise, from the sessions before ``before``
    that prescribed it: the prescription last in use and the records of the recent
    sessions that used that same prescription (oldest first). Exercises never done in a
    session that prescribed them are left out."""
    recent: dict[str, list[int]] = {
        ex: tx.workouts.recent_session_ids(person_id, ex, before=before, limit=HISTORY_SESSIONS)
        for ex in exercises}
    all_ids = sorted({i for ids in recent.values() for i in ids})
    sessions = tx.workouts.sessions_by_id(all_ids)
    done: dict[tuple[int, str], _Done] = {}
    for logged in tx.workouts.set_doses(all_ids, exercises):
        if logged.exercise not in sessions[logged.session_id].prescriptions:
            continue  # a one-off or free-session set never moves the plan: only its own sessions do
        done.setdefault((logged.session_id, logged.exercise),
                        _Done(sessions[logged.session_id])).sets.append(logged)
    morning = tx.workouts.morning_pain(person_id, sorted({s.on_date + timedelta(days=1)
                                                         for s in sessions.values()}))
    out: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for exercise in exercises:
        history = [done[(sid, exercise)] for sid in recent.get(exercise, []) if (sid, exercise) in done]
        if not history:
            continue
        current = _current_from(history[0], exercise, unit)
        same = [d for d in history if _same_prescription(_current_from(d, exercise, unit), current)]
        out[exercise] = (current, [_session_record(d, unit, morning) for d in reversed(same)])
    return out


def _prescribe(tx: Transaction, *, person: Person, planned: PlannedDay, on: date,
               equipment: list[str], catalog: Catalog,
               checkin: Checkin | None, coach: CoachLayer | None = None) -> list[TodayItem]:
    """Today's prescription of each planned item. An item whose dose a coach set is
    served as set (with the coach's load), one the coach holds stays at the dose last in
    use; neither is moved by the progression, but this morning's check-in still makes
    either lighter or stops the session (the safety gates stay on top of the coach)."""
    coach = coach or CoachLayer()
    unit = _unit_of(person)
    items = [(block.kind, item) for block in planned.session.blocks for item in block.items]
    progressed = sorted({item.exercise for kind, item in items if kind in PROGRESSED_BLOCKS})
    histories = progress_histories(tx, person_id=person.id, exercises=progressed, before=on, unit=unit)
    gate = checkin.decision if checkin is not None else None
    out: list[TodayItem] = []
    for kind, item in items:
        exercise = catalog.get(item.exercise)
        name = exercise.name if exercise else item.exercise
        current = _plan_item_current(item)
        change, rule, why = "hold", "PROG-HOLD-NEW", "As planned."
        set_by_coach = coach.doses.get(item.exercise)
        if set_by_coach is not None:
            last_used, _ = histories.get(item.exercise, (None, []))
            if set_by_coach.fixed:
                current["load"] = set_by_coach.load if set_by_coach.load is not None \
                    else (last_used or {}).get("load")
            elif last_used is not None:
                current = dict(last_used)
            change, rule, why = "hold", "COACH-ADJUSTED", set_by_coach.why
        if set_by_coach is None and kind in PROGRESSED_BLOCKS:
            last_used, records = histories.get(item.exercise, (None, []))
            if last_used is not None:
                current = last_used
            doc = {"exercise": item.exercise, "unit": unit, "equipment": equipment,
                   "current": current, "history": records}
            answer = next_prescription(parse_next_input(doc), catalog=catalog)
            p = answer.prescription
            current = {"sets": p.sets, "reps": p.reps, "seconds": p.seconds, "tempo": p.tempo,
                       "load": p.load, "rpe_max": p.rpe_max}
            change, rule, why = answer.change, answer.rule, answer.why
            if gate is not None and change not in ("hold", "regress") and not gate.get("progress", True):
                change, rule = "hold", _first_rule(gate)
                why = "This morning's check-in says hold: " + _first_message(gate)
                current = dict(last_used) if last_used is not None else current
        if kind in PROGRESSED_BLOCKS:
            factor = float(gate.get("load_factor", 1.0)) if gate is not None else 1.0
            if gate is not None and factor < 1.0 and current.get("load"):
                kind_of_load = load_equipment(equipment if exercise is None else exercise.equipment)
                lighter = reduced_load(float(current["load"]), unit=unit,
                                       equipment=kind_of_load, fraction=1.0 - factor)
                if lighter is not None:
                    current["load"] = lighter
                    change, rule = "regress", _first_rule(gate)
                    why = f"Lighter today after this morning's check-in: {_first_message(gate)}"
        override = coach.override_words(item.exercise)
        out.append(TodayItem(
            block=kind, exercise=item.exercise, name=name, sets=int(current["sets"]),
            reps=current.get("reps"), seconds=current.get("seconds"), tempo=current.get("tempo"),
            load=current.get("load"), unit=unit, rpe_max=current.get("rpe_max"),
            change=change, rule=rule, why=why, plan_why=item.why, per_side=item.rx.per_side,
            override=override))
    return out


def _first_rule(decision: Mapping[str, Any]) -> str:
    rules = decision.get("rules") or [{}]
    return str(rules[0].get("rule", "MON-CHECKIN-AMBER"))


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


STOPPED_MESSAGE = ("No more training today: move gently, and log how your back feels tomorrow "
                   "morning. The session can still be finished with your pain after it.")


def _today(tx: Transaction, *, person_id: int, on: date, catalog: Catalog) -> TodaySession:
    """The planned day, unless a follow-up is open (``see_clinician``) or today's
    session was stopped (``stopped``): those never offer to start again."""
    found = _planned_today(tx, person_id=person_id, on=on, catalog=catalog)
    person = _person_or_fail(tx, person_id)
    care = open_follow_up(tx, person)
    if care is not None:  # this morning's seek-care check-in keeps its own words; the follow-up shows too
        if found.status == "seek_care":
            return replace(found, follow_up=care.to_json())
        return replace(found, status="see_clinician", follow_up=care.to_json(),
                       message=f"On {care.since.isoformat()} the answer was to get care: no session "
                               "until a clinician has seen you.")
    stopped = tx.workouts.stopped_session(person_id, on)
    if stopped is not None:
        return replace(found, status="stopped", message=STOPPED_MESSAGE, stopped_session=stopped.id)
    return found


def _coach_notes(layer: CoachLayer) -> tuple[dict[str, Any], ...]:
    return tuple({"text": n.note, "by": n.by, "at": n.at.replace(microsecond=0).isoformat() + "Z"}
                 for n in reversed(layer.notes))


def _planned_today(tx: Transaction, *, person_id: int, on: date, catalog: Catalog) -> TodaySession:
    plan = tx.people.active_plan(person_id)
    found = _planned_today_of(tx, plan, person_id=person_id, on=on, catalog=catalog)
    if plan is None or not plan.plan.coach.notes:
        return found
    return replace(found, coach_notes=_coach_notes(plan.plan.coach))


def _planned_today_of(tx: Transaction, plan: PlanRecord | None, *, person_id: int, on: date,
                      catalog: Catalog) -> TodaySession:
    person = _person_or_fail(tx, person_id)
    if plan is None:
        screening = tx.people.latest_screening(person_id)
        level = screening.level if screening else "unknown"
        return TodaySession(person_id, on, "no_plan",
                            f"No active plan: the screening level is {level}. "
                            "Follow its advice and re-screen when things change.")
    checkin = _relevant_checkin(tx, person_id, on)
    seen = person.clinician_seen_at
    if checkin is not None and checkin.action == "seek_care" and seen is not None and seen.date() >= checkin.on_date:
        checkin = None  # a clinician has seen the person since: the follow-up is closed
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
        if (on - plan.start_date).days // 7 >= len(plan.plan.weeks):
            return TodaySession(person_id, on, "plan_finished",
                                "The plan is finished: re-screen to build the next one.")
        return TodaySession(person_id, on, "rest",
                            "Rest day: walk, take movement breaks, and keep up your recovery habits.",
                            next_session=nxt,
                            checkin=checkin.decision if checkin else None)
    items = _prescribe(tx, person=person, planned=planned, on=on,
                       equipment=_equipment_of(plan, tx, person_id), catalog=catalog, checkin=checkin,
                       coach=plan.plan.coach)
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
