"""Assessments (McGill endurance, PSFS, NPRS) and the daily habits."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, select

from spinewise.domain.recovery import HABITS, HabitDay
from spinewise.store.dialect import insert_for
from spinewise.store.records import Assessment
from spinewise.store.tables import assessments, habits


def _assessment(row: Row[Any]) -> Assessment:
    return Assessment(id=row.id, person_id=row.person_id, on_date=row.on_date, kind=row.kind,
                      values=row.values, score=row.score, result=row.result)


def _habit_day(row: Row[Any]) -> HabitDay:
    def flag(value: Any) -> bool | None:
        return None if value is None else bool(value)

    return HabitDay(on=row.on_date, movement_breaks=row.movement_breaks,
                    sleep_hours=row.sleep_hours, hydration=flag(row.hydration),
                    heat_or_bath=flag(row.heat_or_bath), foam_rolling=flag(row.foam_rolling),
                    posture_checks=row.posture_checks, footwear=flag(row.footwear))


class OutcomeRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add_assessment(self, *, person_id: int, on: date, kind: str, values: dict[str, Any],
                       score: float | None, result: dict[str, Any], now: datetime) -> Assessment:
        ident = self.conn.execute(assessments.insert().values(
            person_id=person_id, on_date=on, kind=kind, values=values, score=score, result=result,
            created_at=now).returning(assessments.c.id)).scalar_one()
        return Assessment(ident, person_id, on, kind, values, score, result)

    def assessments(self, person_id: int, kind: str | None = None, *,
                    until: date | None = None) -> list[Assessment]:
        query = select(assessments).where(assessments.c.person_id == person_id)
        if kind is not None:
            query = query.where(assessments.c.kind == kind)
        if until is not None:
            query = query.where(assessments.c.on_date <= until)
        return [_assessment(r) for r in self.conn.execute(
            query.order_by(assessments.c.on_date, assessments.c.id))]

    def upsert_habits(self, *, person_id: int, day: HabitDay, now: datetime) -> HabitDay:
        """Save a day's habits; habits left out keep what was saved earlier that day."""
        given = {h: day.value(h) for h in HABITS if day.value(h) is not None}
        statement = insert_for(self.conn, habits).values(person_id=person_id, on_date=day.on,
                                                         updated_at=now, **given)
        changes = {k: statement.excluded[k] for k in (*given, "updated_at")}
        self.conn.execute(statement.on_conflict_do_update(index_elements=["person_id", "on_date"],
                                                          set_=changes))
        row = self.conn.execute(select(habits).where(habits.c.person_id == person_id,
                                                     habits.c.on_date == day.on)).one()
        return _habit_day(row)

    def habits(self, person_id: int, *, since: date, until: date) -> list[HabitDay]:
        rows = self.conn.execute(select(habits).where(
            habits.c.person_id == person_id, habits.c.on_date >= since, habits.c.on_date <= until)
            .order_by(habits.c.on_date))
        return [_habit_day(r) for r in rows]
