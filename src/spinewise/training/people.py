"""People, intakes, screenings and plans: create a person (screen the intake and build the
plan), rescreen, list and read people, their screening history, latest intake and active
plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from spinewise.domain.catalog import Catalog
from spinewise.domain.errors import InputError, SpinewiseError
from spinewise.domain.intake import Intake
from spinewise.domain.validation import whole_number
from spinewise.library import load_catalog
from spinewise.store.records import Person, PlanRecord, ScreeningRecord
from spinewise.training.store_access import _now, _person_or_fail

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store, Transaction


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


class PersonExists(SpinewiseError):
    """The account has its person already (one person per account)."""

    def __init__(self) -> None:
        self.message = "this account has its person already; re-screen it with a new intake instead"
        super().__init__(self.message)


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
                  catalog: Catalog | None = None, account_id: int | None = None) -> PersonOverview:
    """Validate the intake, screen it, and save the person, the intake, the screening and
    (when training is allowed) the plan as the active one. ``start`` defaults to the
    next Monday on or after ``on`` (today). ``account_id``: the account the person
    belongs to (one person per account: a second is a ``PersonExists``); ``None`` for
    the command line's own person."""
    clean = (name or "").strip() if isinstance(name, str) else ""
    if not 1 <= len(clean) <= 120:
        raise InputError("name", "must be 1 to 120 characters")
    model = _checked_intake(intake)
    weeks = _checked_weeks(weeks)
    start = start or next_monday(on or date.today())
    now = _now()
    with store.transaction() as tx:
        if account_id is not None and tx.accounts.person_ids(account_id):
            raise PersonExists()
        person = tx.people.add(name=clean, units=model.units, now=now)
        if account_id is not None:
            tx.accounts.set_owner(person.id, account_id)
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
