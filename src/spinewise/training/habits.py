"""Recovery habits: record a day's habits and summarise the last weeks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

from spinewise.domain.recovery import HabitDay, HabitSummary, parse_habits, summarise_habits
from spinewise.domain.validation import whole_number
from spinewise.training.store_access import _now, _person_or_fail

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store


def record_habits(*, store: Store, person_id: int, on: date, habits: Mapping[str, object]) -> HabitDay:
    """Save the day's habits (any of ``movement_breaks``, ``sleep_hours``, ``hydration``,
    ``heat_or_bath``, ``foam_rolling``, ``posture_checks``, ``footwear``). Habits left
    out keep what was saved that day."""
    day = parse_habits(on, habits)
    with store.transaction() as tx:
        _person_or_fail(tx, person_id)
        return tx.outcomes.upsert_habits(person_id=person_id, day=day, now=_now())


def habits_on(*, store: Store, person_id: int, on: date) -> HabitDay | None:
    """What was saved for that day, if anything (the habits form starts from it, so
    saving again keeps it)."""
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        found = tx.outcomes.habits(person_id, since=on, until=on)
    return found[0] if found else None


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
