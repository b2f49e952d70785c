"""People, their intakes, every screening over time, and their plans (one active)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, false, func, select, update

from spinewise.store.records import Person, PlanRecord, ScreeningRecord
from spinewise.store.tables import intakes, people, plans, screenings


def _person(row: Row[Any]) -> Person:
    return Person(id=row.id, name=row.name, units=row.units, created_at=row.created_at)


def _screening(row: Row[Any]) -> ScreeningRecord:
    return ScreeningRecord(id=row.id, person_id=row.person_id, intake_id=row.intake_id,
                           screened_at=row.screened_at, level=row.level,
                           irritability=row.irritability, psychosocial_risk=row.psychosocial_risk,
                           pattern=row.pattern, result=row.result)


def _plan(row: Row[Any]) -> PlanRecord:
    return PlanRecord(id=row.id, person_id=row.person_id, screening_id=row.screening_id,
                      created_at=row.created_at, start_date=row.start_date, weeks=row.weeks,
                      days_per_week=row.days_per_week, session_minutes=row.session_minutes,
                      active=bool(row.active), document=row.document)


class PeopleRepository:
    """People with their intakes, screenings and plans."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, name: str, units: str, now: datetime) -> Person:
        ident = self.conn.execute(people.insert().values(name=name, units=units, created_at=now)
                                  .returning(people.c.id)).scalar_one()
        return Person(id=ident, name=name, units=units, created_at=now)  # type: ignore[arg-type]

    def get(self, person_id: int) -> Person | None:
        row = self.conn.execute(select(people).where(people.c.id == person_id)).first()
        return _person(row) if row else None

    def set_units(self, person_id: int, units: str) -> None:
        self.conn.execute(update(people).where(people.c.id == person_id).values(units=units))

    def all(self) -> list[Person]:
        return [_person(r) for r in self.conn.execute(select(people).order_by(people.c.id))]

    def find_by_name(self, name: str) -> list[Person]:
        rows = self.conn.execute(select(people).where(func.lower(people.c.name) == name.lower())
                                 .order_by(people.c.id))
        return [_person(r) for r in rows]

    # --- intakes and screenings (append only) ---

    def add_intake(self, *, person_id: int, document: dict[str, Any], now: datetime) -> int:
        ident: int = self.conn.execute(intakes.insert().values(
            person_id=person_id, taken_at=now, document=document).returning(intakes.c.id)).scalar_one()
        return ident

    def latest_intake(self, person_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(select(intakes.c.document).where(intakes.c.person_id == person_id)
                                .order_by(intakes.c.id.desc()).limit(1)).first()
        return dict(row.document) if row else None

    def add_screening(self, *, person_id: int, intake_id: int, result: dict[str, Any],
                      now: datetime) -> ScreeningRecord:
        values = dict(person_id=person_id, intake_id=intake_id, screened_at=now,
                      level=result["level"], irritability=result["irritability"],
                      psychosocial_risk=result["psychosocial_risk"],
                      pattern=result["pattern"]["primary"], result=result)
        ident = self.conn.execute(screenings.insert().values(**values)
                                  .returning(screenings.c.id)).scalar_one()
        return ScreeningRecord(id=ident, **values)

    def screenings(self, person_id: int) -> list[ScreeningRecord]:
        rows = self.conn.execute(select(screenings).where(screenings.c.person_id == person_id)
                                 .order_by(screenings.c.id))
        return [_screening(r) for r in rows]

    def latest_screening(self, person_id: int) -> ScreeningRecord | None:
        row = self.conn.execute(select(screenings).where(screenings.c.person_id == person_id)
                                .order_by(screenings.c.id.desc()).limit(1)).first()
        return _screening(row) if row else None

    # --- plans (the newest becomes active; older ones are kept, inactive) ---

    def add_active_plan(self, *, person_id: int, screening_id: int, start_date: date, weeks: int,
                        days_per_week: int, session_minutes: int, document: dict[str, Any],
                        now: datetime) -> PlanRecord:
        self.deactivate_plans(person_id)
        values = dict(person_id=person_id, screening_id=screening_id, created_at=now,
                      start_date=start_date, weeks=weeks, days_per_week=days_per_week,
                      session_minutes=session_minutes, active=True, document=document)
        ident = self.conn.execute(plans.insert().values(**values).returning(plans.c.id)).scalar_one()
        return PlanRecord(id=ident, **values)  # type: ignore[arg-type]

    def deactivate_plans(self, person_id: int) -> None:
        self.conn.execute(update(plans).where(plans.c.person_id == person_id, plans.c.active)
                          .values(active=false()))

    def active_plan(self, person_id: int) -> PlanRecord | None:
        row = self.conn.execute(select(plans).where(plans.c.person_id == person_id, plans.c.active)).first()
        return _plan(row) if row else None

    def plans(self, person_id: int) -> list[PlanRecord]:
        rows = self.conn.execute(select(plans).where(plans.c.person_id == person_id).order_by(plans.c.id))
        return [_plan(r) for r in rows]
