"""A client with a few weeks of data, for the clinician's summary, report and handout
tests: sessions with sets, next-morning check-ins, habits and outcome measures
(NPRS, PSFS and ODI, twice each)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from spinewise import training

START = date(2026, 1, 5)
"""The plan's first Monday."""
ON = date(2026, 1, 25)
"""The day the summary is read: the end of the plan's third week."""

ODI_FIRST = {"1": 3, "2": 2, "3": 3, "4": 2, "5": 3, "6": 2, "7": 2, "9": 3, "10": 3}
"""Section 8 left blank: 23 of 45 -> 51.1%."""
ODI_LATER = {"1": 2, "2": 1, "3": 2, "4": 1, "5": 2, "6": 1, "7": 1, "8": 1, "9": 2, "10": 2}
"""All ten answered: 15 of 50 -> 30%."""


def seed_client(store: Any, person_id: int, *, weeks: int = 3, skip: int = 1) -> dict[str, Any]:
    """Log the planned sessions of the first ``weeks`` weeks except the last ``skip``
    of them: each with two sets of its first main exercise, ended with effort and
    minutes, and a check-in the next morning; habits on session days; NPRS, PSFS and
    ODI at the start and at the end. Returns what was logged."""
    plan = training.active_plan(store=store, person_id=person_id)
    assert plan is not None
    planned = training.planned_days(plan, START, START + timedelta(weeks=weeks) - timedelta(days=1))
    done = planned[: len(planned) - skip]
    exercises: list[str] = []
    for n, day in enumerate(done):
        main = next(i for b in day.session.blocks if b.kind in ("main", "core") for i in b.items)
        exercises.append(main.exercise)
        session = training.start_session(store=store, person_id=person_id, on=day.on, baseline_pain=2)
        for k in range(2):
            training.log_set(store=store, session_id=session.id, client_id=f"s{n}-{k}",
                             exercise=main.exercise, pain=2 + (n % 2), reps=main.rx.reps,
                             seconds=None if main.rx.reps else main.rx.seconds, rpe=6)
        training.end_session(store=store, session_id=session.id, pain_after=2, session_rpe=6,
                             duration_minutes=40)
        training.checkin(store=store, person_id=person_id, on=day.on + timedelta(days=1), pain=2,
                         stiffness=2, sleep_hours=7.5)
        training.record_habits(store=store, person_id=person_id, on=day.on,
                               habits={"hydration": True, "movement_breaks": 4})
    for on, pain, psfs, odi in ((START, 6, (3, 4, 2), ODI_FIRST), (ON - timedelta(days=1), 3, (6, 6, 5), ODI_LATER)):
        training.record_assessment(store=store, person_id=person_id, on=on, kind="nprs", values={"pain": pain})
        training.record_assessment(store=store, person_id=person_id, on=on, kind="psfs", values={"activities": [
            {"activity": "tie shoes", "score": psfs[0]}, {"activity": "carry shopping", "score": psfs[1]},
            {"activity": "sit an hour", "score": psfs[2]}]})
        training.record_assessment(store=store, person_id=person_id, on=on, kind="odi",
                                   values={"sections": odi})
    return {"planned": planned, "done": done, "exercises": exercises}
