"""The read use cases the web pages go through: the latest intake, the active plan as
prescribed, a session with its sets and what stopped it, and a free session's choices."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from spinewise import services, training
from spinewise.domain.errors import NotFoundError
from spinewise.library import load_catalog

from .conftest import MONDAY


def test_the_latest_intake_and_the_active_plan_are_what_was_saved(store, person, desk_worker) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    assert training.latest_intake(store=store, person_id=pid) == person_intake(desk_worker)
    plan = training.active_plan(store=store, person_id=pid)
    assert plan is not None and plan.id == person.plan.id and plan.document == person.plan.document
    changed = copy.deepcopy(desk_worker)
    changed["training"]["days_per_week"] = 2
    again = training.rescreen(store=store, person_id=pid, intake=changed, start=MONDAY, weeks=6)
    assert training.latest_intake(store=store, person_id=pid)["training"]["days_per_week"] == 2
    newest = training.active_plan(store=store, person_id=pid)
    assert newest.id == again.plan.id and newest.weeks == 6 and len(newest.document["weeks"]) == 6


def test_the_active_plan_is_read_back_as_the_plan_that_was_built(store, person, desk_worker) -> None:  # type: ignore[no-untyped-def]
    from spinewise.domain.plan_json import SavedPlan

    plan = training.active_plan(store=store, person_id=person.person.id)
    built = services.build_plan(intake=services.as_intake(desk_worker), weeks=12)
    assert plan is not None and plan.plan == SavedPlan.of(built) == person.plan.plan


def test_a_saved_plan_changed_outside_spinewise_is_refused_naming_the_value(store, person) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from spinewise.store.records import UnreadableRecord
    from spinewise.store.tables import plans

    broken = copy.deepcopy(person.plan.document)
    broken["weeks"][0]["sessions"][0]["focus"] = "sideways"
    with store.transaction() as tx:
        tx.conn.execute(update(plans).where(plans.c.id == person.plan.id).values(document=broken))
    with pytest.raises(UnreadableRecord, match=rf"saved plan {person.plan.id} .*weeks\[0\]\.sessions\[0\]\.focus"):
        training.active_plan(store=store, person_id=person.person.id)


def person_intake(document: dict[str, Any]) -> dict[str, Any]:
    return services.as_intake(document).to_document()


def test_reading_for_an_unknown_person_is_not_found(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError):
        training.latest_intake(store=store, person_id=999)
    with pytest.raises(NotFoundError):
        training.active_plan(store=store, person_id=999)


def test_a_session_is_read_with_its_sets_and_symptom_reports(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    session = training.start_session(store=store, person_id=pid, on=MONDAY, baseline_pain=2)
    training.log_set(store=store, session_id=session.id, client_id="a", exercise="goblet_squat", reps=8, pain=2)
    detail = training.get_session(store=store, session_id=session.id, person_id=pid)
    assert [s.client_id for s in detail.sets] == ["a"] and detail.symptom_reports == ()
    assert detail.stopped is None
    training.report_symptoms(store=store, session_id=session.id, symptoms=["sharp_pain"], exercise="goblet_squat")
    training.report_symptoms(store=store, session_id=session.id, symptoms=["saddle_numbness"])
    detail = training.get_session(store=store, session_id=session.id)
    assert [r.symptoms for r in detail.symptom_reports] == [("sharp_pain",), ("saddle_numbness",)]
    assert detail.stopped is not None and detail.stopped["action"] == "seek_care"
    assert detail.to_json()["stopped"] == detail.stopped


def test_a_set_that_ends_the_session_stops_it_on_the_server(store, person) -> None:  # type: ignore[no-untyped-def]
    session = training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2)
    answer = training.log_set(store=store, session_id=session.id, client_id="a", exercise="goblet_squat",
                              reps=8, pain=9)
    assert training.get_session(store=store, session_id=session.id).stopped == answer.decision


def test_someone_elses_session_is_not_found(store, person, desk_worker) -> None:  # type: ignore[no-untyped-def]
    other = training.create_person(store=store, name="Bo", intake=desk_worker, start=MONDAY)
    session = training.start_session(store=store, person_id=other.person.id, on=MONDAY, baseline_pain=2)
    with pytest.raises(NotFoundError):
        training.get_session(store=store, session_id=session.id, person_id=person.person.id)
    with pytest.raises(NotFoundError):
        training.get_session(store=store, session_id=999)


def test_a_free_session_may_hold_what_the_back_and_gear_allow(store, person, desk_worker) -> None:  # type: ignore[no-untyped-def]
    choices = training.exercise_choices(store=store, person_id=person.person.id)
    assert [e.id for e in choices] == [e.id for e in services.list_exercises(intake=desk_worker)]
    assert choices and len(choices) < len(load_catalog())
    gear = set(desk_worker["training"]["equipment"]) | {"bodyweight"}
    assert all(set(e.equipment) <= gear for e in choices)


@pytest.mark.parametrize(("exercise", "reps", "seconds"), [("goblet_squat", 8, None), ("side_plank", None, 30)])
def test_a_picked_exercise_starts_at_a_modest_dose(exercise, reps, seconds) -> None:  # type: ignore[no-untyped-def]
    item = training.free_item(load_catalog()[exercise], unit="lb")
    assert (item.sets, item.reps, item.seconds, item.load, item.unit) == (3, reps, seconds, None, "lb")
