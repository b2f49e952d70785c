"""The log: people and re-screening, idempotent sets, durability, units, check-ins."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinewise import training
from spinewise.config import load_settings
from spinewise.domain.errors import ConflictError, InputError, NotFoundError
from spinewise.library import example_intake

from .conftest import MONDAY


def _sets(store: Any, session_id: int) -> list[Any]:
    with store.reading() as tx:
        return tx.workouts.sets_of([session_id])


def test_creating_a_person_saves_the_screening_and_an_active_plan(store, person) -> None:  # type: ignore[no-untyped-def]
    assert person.screening.level == "modify"
    assert person.plan is not None and person.plan.active
    again = training.get_person(store=store, person_id=person.person.id)
    assert again.plan.id == person.plan.id
    assert [p.name for p in training.list_people(store=store)] == ["Ana"]


def test_a_person_whose_screening_forbids_training_is_saved_without_a_plan(store) -> None:  # type: ignore[no-untyped-def]
    saved = training.create_person(store=store, name="Sam", intake=example_intake("saddle-numbness.json"))
    assert saved.screening.level == "emergency"
    assert saved.plan is None
    assert training.today(store=store, person_id=saved.person.id, on=MONDAY).status == "no_plan"


def test_rescreening_keeps_every_earlier_screening_plan_and_session(store, person, desk_worker) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    session = training.start_session(store=store, person_id=pid, on=MONDAY, baseline_pain=2)
    training.log_set(store=store, session_id=session.id, client_id="a", exercise="goblet_squat",
                     reps=10, load=12, pain=2)
    worse = copy.deepcopy(desk_worker)
    worse["pain"]["now"] = 6
    worse["training"]["days_per_week"] = 2
    training.rescreen(store=store, person_id=pid, intake=worse, start=MONDAY + timedelta(days=7))
    history = training.screening_history(store=store, person_id=pid)
    assert len(history) == 2
    with store.reading() as tx:
        all_plans = tx.people.plans(pid)
    assert len(all_plans) == 2
    assert [p.active for p in all_plans] == [False, True]
    assert all_plans[1].days_per_week == 2
    assert len(training.history(store=store, person_id=pid)) == 1


def test_rescreening_to_a_level_without_a_plan_leaves_no_active_plan(store, person) -> None:  # type: ignore[no-untyped-def]
    training.rescreen(store=store, person_id=person.person.id,
                      intake=example_intake("saddle-numbness.json"))
    assert training.get_person(store=store, person_id=person.person.id).plan is None
    assert len(training.screening_history(store=store, person_id=person.person.id)) == 2


def test_the_same_set_id_twice_makes_one_set(store, person) -> None:  # type: ignore[no-untyped-def]
    session = training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2)
    first = training.log_set(store=store, session_id=session.id, client_id="set-1",
                             exercise="goblet_squat", reps=10, load=12, rpe=5, pain=2)
    again = training.log_set(store=store, session_id=session.id, client_id="set-1",
                             exercise="goblet_squat", reps=10, load=12, rpe=5, pain=2)
    assert not first.replayed and again.replayed
    assert again.logged.id == first.logged.id
    assert again.decision == first.decision
    assert len(_sets(store, session.id)) == 1


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.integers(0, 5),
                          st.integers(1, 12)), min_size=1, max_size=12))
def test_replaying_set_ids_never_changes_what_is_stored(store, person, sends) -> None:  # type: ignore[no-untyped-def]
    session = training.start_session(store=store, person_id=person.person.id, on=MONDAY,
                                     baseline_pain=2, free=True)
    training.end_session(store=store, session_id=session.id, pain_after=2, session_rpe=5,
                         duration_minutes=30)  # make the next example's session a new one
    store_session = training.start_session(store=store, person_id=person.person.id, on=MONDAY,
                                           baseline_pain=2, free=True)
    first_seen: dict[str, tuple[int, int]] = {}
    for client_id, pain, reps in sends:
        training.log_set(store=store, session_id=store_session.id, client_id=client_id,
                         exercise="bird_dog", reps=reps, pain=pain)
        first_seen.setdefault(client_id, (pain, reps))
    stored = _sets(store, store_session.id)
    assert sorted(s.client_id for s in stored) == sorted(first_seen)
    for s in stored:
        assert (s.pain, s.reps) == first_seen[s.client_id]
    before = [(s.id, s.client_id, s.pain, s.reps) for s in stored]
    for client_id, pain, reps in sends:
        training.log_set(store=store, session_id=store_session.id, client_id=client_id,
                         exercise="bird_dog", reps=reps, pain=pain)
    assert [(s.id, s.client_id, s.pain, s.reps) for s in _sets(store, store_session.id)] == before
    training.end_session(store=store, session_id=store_session.id, pain_after=2, session_rpe=5,
                         duration_minutes=30)


def test_a_crash_between_sets_loses_nothing_acknowledged(db_url, desk_worker) -> None:  # type: ignore[no-untyped-def]
    store = training.open_store(load_settings(db_url))
    pid = training.create_person(store=store, name="Ana", intake=desk_worker, start=MONDAY).person.id
    session = training.start_session(store=store, person_id=pid, on=MONDAY, baseline_pain=2)
    for n in range(3):
        training.log_set(store=store, session_id=session.id, client_id=f"s{n}",
                         exercise="goblet_squat", reps=10, load=12, pain=2)
    # a failure inside the next set's transaction: nothing of it may be saved
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.workouts.insert_set({"session_id": session.id, "person_id": pid, "client_id": "s3",
                                "number": 4, "exercise": "goblet_squat", "reps": 10, "seconds": None,
                                "load_kg": 12.0, "load_entered": 12.0, "unit": "kg", "tempo": None,
                                "rpe": None, "reps_in_reserve": None, "belt": False, "pain": 2,
                                "symptoms": [], "notes": None,
                                "logged_at": __import__("datetime").datetime(2026, 1, 5),
                                "action": "continue", "decision": {}})
        raise RuntimeError("the phone died")
    store.engine.dispose()  # the process goes away
    reopened = training.open_store(load_settings(db_url))
    try:
        assert [s.client_id for s in _sets(reopened, session.id)] == ["s0", "s1", "s2"]
        resent = training.log_set(store=reopened, session_id=session.id, client_id="s3",
                                  exercise="goblet_squat", reps=10, load=12, pain=2)
        assert not resent.replayed
        assert len(_sets(reopened, session.id)) == 4
    finally:
        reopened.close()


def test_loads_are_stored_in_kg_and_shown_in_the_unit_typed(store, person) -> None:  # type: ignore[no-untyped-def]
    session = training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2)
    outcome = training.log_set(store=store, session_id=session.id, client_id="lb",
                               exercise="goblet_squat", reps=10, load=35, unit="lb", pain=2)
    assert outcome.logged.load_kg == pytest.approx(15.8757, abs=1e-3)
    stored = _sets(store, session.id)[0]
    assert stored.unit == "lb" and stored.load_entered == 35
    assert stored.load_in("lb") == 35
    assert stored.load_in("kg") == pytest.approx(15.88, abs=0.01)
    kg = training.log_set(store=store, session_id=session.id, client_id="kg",
                          exercise="goblet_squat", reps=10, load=16, pain=2)
    assert kg.logged.unit == "kg" and kg.logged.load_kg == 16


def test_a_lb_lifter_gets_prescriptions_in_lb(store) -> None:  # type: ignore[no-untyped-def]
    pid = training.create_person(store=store, name="Lou", intake=example_intake("older-lifter-extension.json"),
                                 start=MONDAY).person.id
    today = training.today(store=store, person_id=pid, on=MONDAY)
    assert today.status == "training"
    assert {i.unit for i in today.items} == {"lb"}


@pytest.mark.parametrize(("field", "changes"), [
    ("pain", {"pain": 11}),
    ("exercise", {"exercise": "no_such_lift"}),
    ("reps", {"reps": None}),
    ("unit", {"unit": "stone"}),
    ("tempo", {"tempo": "slow"}),
    ("client_id", {"client_id": ""}),
    ("symptoms", {"symptoms": ["itchy"]}),
])
def test_a_rejected_set_names_the_field_and_saves_nothing(store, person, field, changes) -> None:  # type: ignore[no-untyped-def]
    session = training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2)
    args: dict[str, Any] = {"client_id": "x", "exercise": "goblet_squat", "reps": 10, "load": 12, "pain": 2}
    args.update(changes)
    with pytest.raises(InputError) as caught:
        training.log_set(store=store, session_id=session.id, **args)
    assert caught.value.field == field
    assert _sets(store, session.id) == []


def test_unknown_people_and_sessions_are_not_found(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError):
        training.today(store=store, person_id=999, on=MONDAY)
    with pytest.raises(NotFoundError):
        training.log_set(store=store, session_id=999, client_id="a", exercise="bird_dog", reps=5, pain=1)


def test_an_emergency_symptom_during_a_set_says_seek_care(store, person) -> None:  # type: ignore[no-untyped-def]
    session = training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2)
    outcome = training.log_set(store=store, session_id=session.id, client_id="e",
                               exercise="goblet_squat", reps=10, load=12, pain=3,
                               symptoms=["saddle_numbness"])
    assert outcome.decision["action"] == "seek_care"
    reported = training.report_symptoms(store=store, session_id=session.id, symptoms=["tingling"])
    assert reported["action"] == "end_session"


def test_an_ended_session_takes_no_new_sets_but_replays_still_answer(store, person) -> None:  # type: ignore[no-untyped-def]
    session = training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2)
    training.log_set(store=store, session_id=session.id, client_id="a", exercise="bird_dog", reps=6, pain=1)
    ended = training.end_session(store=store, session_id=session.id, pain_after=2, session_rpe=6,
                                 duration_minutes=45)
    assert ended.training_load == 270
    assert training.log_set(store=store, session_id=session.id, client_id="a", exercise="bird_dog",
                            reps=6, pain=1).replayed
    with pytest.raises(ConflictError):
        training.log_set(store=store, session_id=session.id, client_id="b", exercise="bird_dog",
                         reps=6, pain=1)


def test_a_checkin_decides_and_a_second_one_that_morning_replaces_it(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    session = training.start_session(store=store, person_id=pid, on=MONDAY, baseline_pain=2)
    training.end_session(store=store, session_id=session.id, pain_after=3, session_rpe=5, duration_minutes=40)
    tuesday = MONDAY + timedelta(days=1)
    red = training.checkin(store=store, person_id=pid, on=tuesday, pain=5, stiffness=4, sleep_hours=6)
    assert red.decision["action"] in ("adjust", "end_session")
    assert red.checkin.baseline_pain == 2
    settled = training.checkin(store=store, person_id=pid, on=tuesday, pain=2, stiffness=1, sleep_hours=8)
    assert settled.decision["action"] == "continue"
    with store.reading() as tx:
        assert [c.pain for c in tx.workouts.checkins(pid)] == [2]
    locked = training.checkin(store=store, person_id=pid, on=tuesday + timedelta(days=1), pain=2,
                              locked_up=True)
    assert locked.decision["action"] != "continue"
    with pytest.raises(InputError) as caught:
        training.checkin(store=store, person_id=pid, on=tuesday, pain=2, sleep_quality=9)
    assert caught.value.field == "sleep_quality"


def test_assessments_keep_mcgill_flags_psfs_and_nprs_changes(store) -> None:  # type: ignore[no-untyped-def]
    pid = training.create_person(store=store, name="Pat", intake=example_intake("pain-free-prehab.json"),
                                 start=MONDAY).person.id
    test = training.record_assessment(store=store, person_id=pid, on=MONDAY, kind="endurance",
                                      values={"flexor": 150, "extensor": 100, "side_bridge_right": 90,
                                              "side_bridge_left": 70})
    if test.result["usable"]:
        rules = {f["rule"] for f in test.result["findings"]}
        assert {"PROG-ENDURANCE-FLEX-EXT", "PROG-ENDURANCE-SIDE-BALANCE", "PROG-ENDURANCE-SIDE-EXT"} <= rules
    activities = [{"activity": a, "score": 3} for a in ("carry shopping", "tie shoes", "run")]
    training.record_assessment(store=store, person_id=pid, on=MONDAY, kind="psfs", values={"activities": activities})
    later = training.record_assessment(store=store, person_id=pid, on=MONDAY + timedelta(days=28), kind="psfs",
                                       values={"activities": [{**a, "score": 6} for a in activities]})
    assert later.score == 6 and later.result["change"]["meaningful"]
    training.record_assessment(store=store, person_id=pid, on=MONDAY, kind="nprs", values={"pain": 6})
    nprs = training.record_assessment(store=store, person_id=pid, on=MONDAY + timedelta(days=28),
                                      kind="nprs", values={"pain": 3})
    assert nprs.result["change"]["direction"] == "better"
    with pytest.raises(InputError) as caught:
        training.record_assessment(store=store, person_id=pid, on=MONDAY, kind="endurance",
                                   values={"flexor": 0, "extensor": 100, "side_bridge_right": 90,
                                           "side_bridge_left": 70})
    assert caught.value.field == "flexor"
    assert len(training.assessments(store=store, person_id=pid)) == 5


def test_habits_make_streaks_and_sit_beside_next_morning_pain(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    start = date(2026, 2, 1)
    for n in range(14):
        day = start + timedelta(days=n)
        training.record_habits(store=store, person_id=pid, on=day,
                               habits={"sleep_hours": 8 if n % 2 else 6, "hydration": True,
                                       "movement_breaks": 6, "posture_checks": 3})
        training.checkin(store=store, person_id=pid, on=day + timedelta(days=1), pain=2 if n % 2 else 4)
    training.record_habits(store=store, person_id=pid, on=start, habits={"foam_rolling": True})
    summary = training.habit_summary(store=store, person_id=pid, on=start + timedelta(days=13), days=14)
    streaks = {s.habit: s for s in summary.streaks}
    assert streaks["hydration"].current == 14
    assert streaks["sleep_hours"].current == 1 and streaks["sleep_hours"].days_done == 7
    sleep = next(b for b in summary.beside_pain if b.habit == "sleep_hours")
    assert sleep.pain_with == 2 and sleep.pain_without == 4
    assert "correlation" in sleep.message.lower()
    assert "not a cause" in summary.to_json()["note"]
    with store.reading() as tx:
        first = tx.outcomes.habits(pid, since=start, until=start)[0]
    assert first.foam_rolling is True and first.sleep_hours == 6  # partial updates keep the rest
    with pytest.raises(InputError) as caught:
        training.record_habits(store=store, person_id=pid, on=start, habits={"yoga": True})
    assert caught.value.field == "yoga"
