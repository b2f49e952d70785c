"""The plan on the calendar: which planned session falls on which date.

A plan starts on ``start_date`` (by default the next Monday); week *n* covers
``start_date + 7(n-1)`` to six days later, and its sessions fall on the offsets in
``DAY_OFFSETS`` (Mon/Wed/Fri for three a week when the plan starts on a Monday).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from spinewise.domain.catalog import Phase
from spinewise.domain.planner import Focus, Session
from spinewise.store.records import PlanRecord

DAY_OFFSETS: dict[int, tuple[int, ...]] = {
    1: (0,), 2: (0, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4), 6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}
"""Days after the start of each plan week on which its sessions fall (0 = the start
day): spread so that no two hard days follow each other when there is room."""


@dataclass(frozen=True, slots=True)
class PlannedDay:
    """The plan's session for one date."""

    on: date
    week: int
    day: int
    phase: Phase
    focus: Focus
    deload: bool
    session: Session


def day_offsets(sessions_per_week: int) -> tuple[int, ...]:
    return DAY_OFFSETS.get(sessions_per_week) or tuple(
        round(i * 7 / sessions_per_week) for i in range(sessions_per_week))


def planned_session_on(plan: PlanRecord, on: date) -> PlannedDay | None:
    """The plan's session on ``on``, or ``None`` (a rest day, before the start or after
    the last week)."""
    delta = (on - plan.start_date).days
    weeks = plan.plan.weeks
    if delta < 0 or delta // 7 >= len(weeks):
        return None
    week = weeks[delta // 7]
    sessions = week.sessions
    offsets = day_offsets(len(sessions)) if sessions else ()
    if delta % 7 not in offsets:
        return None
    session = sessions[offsets.index(delta % 7)]
    return PlannedDay(on, week.week, session.day, week.phase, session.focus, week.deload, session)


def planned_days(plan: PlanRecord, start: date, end: date) -> list[PlannedDay]:
    """Every planned session from ``start`` to ``end`` (inclusive)."""
    out: list[PlannedDay] = []
    cursor = max(start, plan.start_date)
    # nothing is planned after the last week: stop there, not at ``end``
    end = min(end, plan.start_date + timedelta(weeks=len(plan.plan.weeks)) - timedelta(days=1))
    while cursor <= end:
        found = planned_session_on(plan, cursor)
        if found is not None:
            out.append(found)
        cursor += timedelta(days=1)
    return out


def _phase_span(plan: PlanRecord, phase: Phase) -> tuple[int, int] | None:
    span = plan.plan.phase_span(phase)
    return None if span is None else (span.first_week, span.last_week)
