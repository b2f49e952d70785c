"""People, their intakes, every screening over time, and their plans (one active)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any, TypeVar, get_args

from sqlalchemy import Connection, Row, false, func, select, update

from spinewise.domain.adjustments import ADJUSTMENT_KINDS, Adjustment, Shape
from spinewise.domain.errors import InputError
from spinewise.domain.plan_json import SavedPlan, plan_from_json
from spinewise.domain.screening import Irritability
from spinewise.store.records import Person, PlanRecord, ScreeningRecord, Unit, UnreadableRecord
from spinewise.store.tables import intakes, people, plan_adjustments, plans, screenings

_T = TypeVar("_T")

UNITS: tuple[Unit, ...] = get_args(Unit)
IRRITABILITIES: tuple[Irritability, ...] = get_args(Irritability)


def _known(value: object, choices: tuple[_T, ...], where: str) -> _T:
    """``value`` as one of ``choices`` (a column the code wrote from a closed set)."""
    for known in choices:
        if value == known:
            return known
    raise UnreadableRecord(f"{where}: {value!r} is not one of {', '.join(map(str, choices))}")


def _person(row: Row[Any]) -> Person:
    return Person(id=row.id, name=row.name, units=_known(row.units, UNITS, f"person {row.id} units"),
                  created_at=row.created_at, clinician_seen_at=row.clinician_seen_at)


def _screening(row: Row[Any]) -> ScreeningRecord:
    return ScreeningRecord(id=row.id, person_id=row.person_id, intake_id=row.intake_id,
                           screened_at=row.screened_at, level=row.level,
                           irritability=_known(row.irritability, IRRITABILITIES,
                                               f"screening {row.id} irritability"),
                           psychosocial_risk=row.psychosocial_risk,
                           pattern=row.pattern, result=row.result)


def _saved_plan(plan_id: int, document: object) -> SavedPlan:
    try:
        return plan_from_json(document)
    except InputError as exc:
        raise UnreadableRecord(f"the saved plan {plan_id} cannot be read: {exc}") from exc


def _adjustment(row: Row[Any]) -> Adjustment:
    return Adjustment(id=row.id, kind=_known(row.kind, ADJUSTMENT_KINDS, f"adjustment {row.id} kind"),
                      by=row.coach_name, at=row.at, plan_id=row.plan_id, exercise=row.exercise,
                      to_exercise=row.to_exercise, sets=row.sets, reps=row.reps, seconds=row.seconds,
                      tempo=row.tempo, load=row.load, rpe_max=row.rpe_max, note=row.note,
                      reason=row.reason, override_rule=row.override_rule)


def _shapes(found: list[Adjustment]) -> dict[str, Shape]:
    """How the library counts each exercise a swap brings in (each side, a hold)."""
    from spinewise.library import load_catalog

    catalog = load_catalog()
    return {a.to_exercise: Shape(catalog[a.to_exercise].per_side, catalog[a.to_exercise].dose == "seconds")
            for a in found if a.to_exercise and a.to_exercise in catalog}


def _plan(row: Row[Any]) -> PlanRecord:
    return PlanRecord(id=row.id, person_id=row.person_id, screening_id=row.screening_id,
                      created_at=row.created_at, start_date=row.start_date, weeks=row.weeks,
                      days_per_week=row.days_per_week, session_minutes=row.session_minutes,
                      active=bool(row.active), document=row.document,
                      plan=_saved_plan(row.id, row.document))


class PeopleRepository:
    """People with their intakes, screenings and plans."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, name: str, units: Unit, now: datetime) -> Person:
        ident: int = self.conn.execute(people.insert().values(name=name, units=units, created_at=now)
                                       .returning(people.c.id)).scalar_one()
        return Person(id=ident, name=name, units=units, created_at=now)

    def get(self, person_id: int) -> Person | None:
        row = self.conn.execute(select(people).where(people.c.id == person_id)).first()
        return _person(row) if row else None

    def set_units(self, person_id: int, units: Unit) -> None:
        self.conn.execute(update(people).where(people.c.id == person_id).values(units=units))

    def record_clinician_seen(self, person_id: int, at: datetime) -> None:
        self.conn.execute(update(people).where(people.c.id == person_id).values(clinician_seen_at=at))

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
        level, risk = str(result["level"]), str(result["psychosocial_risk"])
        irritability = _known(result["irritability"], IRRITABILITIES, "screening irritability")
        pattern = str(result["pattern"]["primary"])
        ident: int = self.conn.execute(screenings.insert().values(
            person_id=person_id, intake_id=intake_id, screened_at=now, level=level,
            irritability=irritability, psychosocial_risk=risk, pattern=pattern, result=result,
        ).returning(screenings.c.id)).scalar_one()
        return ScreeningRecord(id=ident, person_id=person_id, intake_id=intake_id, screened_at=now,
                               level=level, irritability=irritability, psychosocial_risk=risk,
                               pattern=pattern, result=result)

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
        ident: int = self.conn.execute(plans.insert().values(
            person_id=person_id, screening_id=screening_id, created_at=now, start_date=start_date,
            weeks=weeks, days_per_week=days_per_week, session_minutes=session_minutes,
            active=True, document=document,
        ).returning(plans.c.id)).scalar_one()
        return PlanRecord(id=ident, person_id=person_id, screening_id=screening_id, created_at=now,
                          start_date=start_date, weeks=weeks, days_per_week=days_per_week,
                          session_minutes=session_minutes, active=True, document=document,
                          plan=_saved_plan(ident, document))

    def deactivate_plans(self, person_id: int) -> None:
        from spinewise.store.coaching import touch_dashboard

        self.conn.execute(update(plans).where(plans.c.person_id == person_id, plans.c.active)
                          .values(active=false()))
        touch_dashboard(self.conn, person_id=person_id)  # the plan's rhythm: missed sessions

    def active_plan(self, person_id: int) -> PlanRecord | None:
        """The active plan with its coach's adjustments applied (``plan`` and the
        ``document``'s weeks are the adjusted ones; ``document["adjustments"]`` lists them)."""
        row = self.conn.execute(select(plans).where(plans.c.person_id == person_id, plans.c.active)).first()
        if row is None:
            return None
        record = _plan(row)
        found = self.adjustments(person_id, plan_id=record.id)
        if not found:
            return record
        plan = record.plan.adjusted(found, _shapes(found))
        document = {**record.document, "weeks": [w.to_json() for w in plan.weeks],
                    "adjustments": [a.to_json() for a in found]}
        return replace(record, plan=plan, document=document)

    # --- a coach's adjustments (a layer over the generated plan) ---

    def add_adjustment(self, *, person_id: int, plan_id: int | None, coach_id: int, coach_name: str,
                       now: datetime, values: dict[str, Any]) -> Adjustment:
        ident: int = self.conn.execute(plan_adjustments.insert().values(
            person_id=person_id, plan_id=plan_id, coach_id=coach_id, coach_name=coach_name, at=now,
            **values).returning(plan_adjustments.c.id)).scalar_one()
        row = self.conn.execute(select(plan_adjustments).where(plan_adjustments.c.id == ident)).one()
        return _adjustment(row)

    def adjustments(self, person_id: int, *, plan_id: int | None = None) -> list[Adjustment]:
        """The person's adjustments in order; of one plan when ``plan_id`` is given."""
        query = select(plan_adjustments).where(plan_adjustments.c.person_id == person_id)
        if plan_id is not None:
            query = query.where(plan_adjustments.c.plan_id == plan_id)
        return [_adjustment(r) for r in self.conn.execute(query.order_by(plan_adjustments.c.id))]

    def plans(self, person_id: int) -> list[PlanRecord]:
        rows = self.conn.execute(select(plans).where(plans.c.person_id == person_id).order_by(plans.c.id))
        return [_plan(r) for r in rows]
