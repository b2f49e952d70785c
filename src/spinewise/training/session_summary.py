"""After a session: what was done (sets, volume, pain during and after, the monitor's
answers) and what changes next time (the progression's decision for each planned
exercise, with its reason in plain words).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from spinewise.domain.catalog import Catalog
from spinewise.domain.errors import NotFoundError
from spinewise.domain.next_input import parse_next_input
from spinewise.domain.progression import next_prescription
from spinewise.library import load_catalog
from spinewise.store.records import LoggedSet, PlanRecord, WorkoutSession
from spinewise.training.schedule import planned_session_on
from spinewise.training.store_access import _person_or_fail, _session_or_fail
from spinewise.training.today_session import PROGRESSED_BLOCKS, progress_histories

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store

CHANGE_WORDS = {
    "progress": "goes up a step",
    "hold": "stays the same",
    "regress": "steps back",
    "deload": "gets lighter for a while",
}
"""The progression's ``change``, in words."""


@dataclass(frozen=True, slots=True)
class ExerciseDone:
    exercise: str
    name: str
    sets: int
    reps: int
    seconds: int
    volume: float
    """Reps x load over the sets, in the person's unit (0 without a load)."""
    worst_pain: int | None
    """``None`` when no set carries a pain (an imported session)."""
    edited: int
    """How many of these sets were corrected after they were logged."""


@dataclass(frozen=True, slots=True)
class NextTime:
    exercise: str
    name: str
    change: str
    what: str
    """The next prescription in words (``3 × 8 @ 22.5 kg``)."""
    why: str
    rule: str

    @property
    def change_words(self) -> str:
        return CHANGE_WORDS.get(self.change, self.change)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    session: WorkoutSession
    unit: str
    exercises: tuple[ExerciseDone, ...]
    answers: dict[str, int]
    """How many times the monitor gave each answer (after sets and "something's wrong")."""
    next_time: tuple[NextTime, ...]
    free: bool

    @property
    def sets(self) -> int:
        return sum(e.sets for e in self.exercises)

    @property
    def volume(self) -> float:
        return round(sum(e.volume for e in self.exercises), 1)

    @property
    def worst_pain(self) -> int | None:
        return max((e.worst_pain for e in self.exercises if e.worst_pain is not None), default=None)

    def to_json(self) -> dict[str, Any]:
        return {"session": self.session.to_json(), "unit": self.unit, "sets": self.sets, "volume": self.volume,
                "pain_during": self.worst_pain, "pain_after": self.session.pain_after,
                "baseline_pain": self.session.baseline_pain, "answers": self.answers,
                "exercises": [vars_of(e) for e in self.exercises],
                "next_time": [vars_of(n) | {"change_words": n.change_words} for n in self.next_time]}


def vars_of(item: ExerciseDone | NextTime) -> dict[str, Any]:
    return {name: getattr(item, name) for name in item.__dataclass_fields__}


def _describe(p: Any, unit: str) -> str:
    amount = f"{p.reps}" if p.reps is not None else f"{p.seconds} s"
    text = f"{p.sets} × {amount}"
    if p.load is not None:
        text += f" @ {p.load:g} {unit}"
    return text


def _done(exercise: str, found: list[LoggedSet], unit: str, catalog: Catalog) -> ExerciseDone:
    entry = catalog.get(exercise)
    volume = sum((s.reps or 0) * (s.load_in(unit) or 0.0) for s in found)
    return ExerciseDone(exercise, entry.name if entry else exercise, len(found), sum(s.reps or 0 for s in found),
                        sum(s.seconds or 0 for s in found), round(volume, 1),
                        max((s.pain for s in found if s.pain is not None), default=None),
                        sum(s.edited_at is not None for s in found))


def session_summary(*, store: Store, person_id: int, session_id: int,
                    catalog: Catalog | None = None) -> SessionSummary:
    """The summary of one of the person's sessions (another's is ``NotFoundError``)."""
    catalog = catalog or load_catalog()
    with store.reading() as tx:
        session = _session_or_fail(tx, session_id)
        if session.person_id != person_id:
            raise NotFoundError("session", str(session_id))
        person = _person_or_fail(tx, person_id)
        unit = person.units
        logged = tx.workouts.sets_of([session_id])
        reports = tx.workouts.symptom_reports(session_id)
        by_exercise: dict[str, list[LoggedSet]] = {}
        for s in logged:
            by_exercise.setdefault(s.exercise, []).append(s)
        blocks = _blocks(tx.people.active_plan(person_id), session)
        # warm-ups and mobility are not progressed: only main and core work moves
        planned = [e for e in by_exercise if e in session.prescriptions
                   and blocks.get(e, "main") in PROGRESSED_BLOCKS]
        equipment = [str(e) for e in (tx.people.latest_intake(person_id) or {}).get("training", {})
                     .get("equipment", ["bodyweight"])]
        # the progression reads every session up to and with this one, as the next session will
        histories = progress_histories(tx, person_id=person_id, exercises=planned,
                                       before=session.on_date + timedelta(days=1), unit=unit)
    answers = Counter(s.action for s in logged) + Counter(r.action for r in reports)
    upcoming: list[NextTime] = []
    for exercise in planned:
        if exercise not in histories:
            continue
        entry = catalog.get(exercise)
        if entry is None:
            continue
        current, records = histories[exercise]
        answer = next_prescription(parse_next_input({"exercise": exercise, "unit": unit, "equipment": equipment,
                                                     "current": current, "history": records}), catalog=catalog)
        upcoming.append(NextTime(exercise, entry.name, answer.change, _describe(answer.prescription, unit),
                                 answer.why, answer.rule))
    done = tuple(_done(e, found, unit, catalog) for e, found in by_exercise.items())
    return SessionSummary(session, unit, done, dict(answers), tuple(upcoming), session.plan_week is None)


def _blocks(plan: PlanRecord | None, session: WorkoutSession) -> dict[str, str]:
    """Each planned exercise's block (main, core, warm-up...) on the session's day."""
    if plan is None or session.plan_id != plan.id:
        return {}
    planned = planned_session_on(plan, session.on_date)
    if planned is None:
        return {}
    return {item.exercise: block.kind for block in planned.session.blocks for item in block.items}
