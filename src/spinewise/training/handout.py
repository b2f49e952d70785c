"""The exercise handout of the current plan (``exercise_handout``): the coming weeks'
sessions day by day, each exercise with its sets, reps or hold, tempo, effort cap and
"each side" where it applies, and each exercise's cues and easier option once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from spinewise.domain.errors import NotFoundError
from spinewise.domain.validation import whole_number
from spinewise.library import load_catalog
from spinewise.training.schedule import planned_days
from spinewise.training.store_access import _person_or_fail

if TYPE_CHECKING:
    from spinewise.domain.catalog import Catalog
    from spinewise.store.unit_of_work import Store

HANDOUT_WEEKS = 2
"""Weeks a handout covers by default: what a client takes home between two
appointments (a longer one is a ``weeks`` away)."""


@dataclass(frozen=True, slots=True)
class HandoutItem:
    block: str
    exercise: str
    name: str
    sets: int
    reps: int | None
    seconds: int | None
    tempo: str | None
    rpe_max: int | None
    rest_seconds: int
    per_side: bool

    def to_json(self) -> dict[str, Any]:
        return {"block": self.block, "exercise": self.exercise, "name": self.name, "sets": self.sets,
                "reps": self.reps, "seconds": self.seconds, "tempo": self.tempo,
                "rpe_max": self.rpe_max, "rest_seconds": self.rest_seconds, "per_side": self.per_side}


@dataclass(frozen=True, slots=True)
class HandoutSession:
    on: date
    week: int
    day: int
    phase: str
    focus: str
    deload: bool
    items: tuple[HandoutItem, ...]


@dataclass(frozen=True, slots=True)
class HandoutExercise:
    """One exercise of the handout, described once: what it is for, its cues, and the
    easier version to fall back on."""

    id: str
    name: str
    purpose: str
    cues: tuple[str, ...]
    per_side: bool
    easier: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Handout:
    person_name: str
    on: date
    first_week: int
    last_week: int
    sessions: tuple[HandoutSession, ...]
    exercises: tuple[HandoutExercise, ...]


def exercise_handout(*, store: Store, person_id: int, on: date, weeks: int = HANDOUT_WEEKS,
                     catalog: Catalog | None = None) -> Handout:
    """The handout of the active plan from the week that holds ``on`` (or the plan's
    first week, before it starts) for ``weeks`` weeks. No active plan: ``NotFoundError``."""
    span = whole_number("weeks", weeks, 1, 52)
    assert span is not None
    catalog = catalog or load_catalog()
    with store.reading() as tx:
        person = _person_or_fail(tx, person_id)
        plan = tx.people.active_plan(person_id)
    if plan is None or not plan.plan.weeks:
        raise NotFoundError("plan", "current")
    total = len(plan.plan.weeks)
    first = min(max(1, (on - plan.start_date).days // 7 + 1), total)
    last = min(total, first + span - 1)
    start = plan.start_date + timedelta(weeks=first - 1)
    end = plan.start_date + timedelta(weeks=last) - timedelta(days=1)
    sessions: list[HandoutSession] = []
    used: dict[str, HandoutExercise] = {}
    for planned in planned_days(plan, start, end):
        items = []
        for block in planned.session.blocks:
            for item in block.items:
                exercise = catalog.get(item.exercise)
                name = exercise.name if exercise else item.exercise.replace("_", " ")
                rx = item.rx
                items.append(HandoutItem(block.kind, item.exercise, name, rx.sets, rx.reps, rx.seconds,
                                         rx.tempo, rx.rpe_max, rx.rest_seconds, rx.per_side))
                if exercise is not None and exercise.id not in used:
                    easier = tuple(e.name for e in (catalog.get(r) for r in exercise.regressions) if e)
                    used[exercise.id] = HandoutExercise(exercise.id, exercise.name, exercise.purpose,
                                                        exercise.cues, rx.per_side, easier[:2])
        sessions.append(HandoutSession(planned.on, planned.week, planned.day, planned.phase,
                                       planned.focus, planned.deload, tuple(items)))
    return Handout(person.name, on, first, last, tuple(sessions),
                   tuple(sorted(used.values(), key=lambda e: e.name)))
