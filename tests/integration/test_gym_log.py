"""Gym mode's reads and corrections on a real SQLite file and a real PostgreSQL: last time
for every exercise of a session in one query, edits seen by the set writer's cached
tallies, and the bar and plates a person saves."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import event

from spinewise import training
from spinewise.domain.errors import ConflictError

from .conftest import MONDAY


def _log(store: Any, session_id: int, client_id: str, exercise: str, **values: Any) -> training.SetOutcome:
    return training.log_set(store=store, session_id=session_id, client_id=client_id, exercise=exercise, **values)


def _session(store: Any, person_id: int, days: int, *, free: bool = True) -> Any:
    return training.start_session(store=store, person_id=person_id, on=MONDAY + timedelta(days=days),
                                  baseline_pain=2, free=free)


def test_last_time_is_each_exercise_s_most_recent_earlier_session_read_in_one_query(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    first = _session(store, pid, 0)
    _log(store, first.id, "a1", "goblet_squat", reps=8, load=12, pain=2)
    _log(store, first.id, "a2", "goblet_squat", reps=8, load=12, pain=3)
    _log(store, first.id, "a3", "bird_dog", reps=6, pain=1)
    training.end_session(store=store, session_id=first.id, pain_after=2, session_rpe=5, duration_minutes=30)
    second = _session(store, pid, 2)
    _log(store, second.id, "b1", "goblet_squat", reps=10, load=14, pain=2)
    _log(store, second.id, "b2", "goblet_squat", reps=8, load=16, pain=4)
    training.end_session(store=store, session_id=second.id, pain_after=2, session_rpe=5, duration_minutes=30)
    today = _session(store, pid, 4)
    _log(store, today.id, "c1", "goblet_squat", reps=5, load=20, pain=2)  # today's own sets never count

    statements: list[str] = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(store.engine, "before_cursor_execute", listen)
    try:
        found = training.last_time(store=store, person_id=pid, session_id=today.id, on=today.on_date,
                                   exercises=["goblet_squat", "bird_dog", "side_plank"])
    finally:
        event.remove(store.engine, "before_cursor_execute", listen)
    assert [s for s in statements if "dense_rank" in s.lower()] and len(statements) == 2  # the person, then one query
    assert set(found) == {"goblet_squat", "bird_dog"}  # never done: left out
    squat, bird = found["goblet_squat"], found["bird_dog"]
    assert (squat.on, squat.session_id, squat.sets, squat.what, squat.pain) == (second.on_date, second.id, 2,
                                                                               "10 @ 14 kg, 8 @ 16 kg", 4)
    assert (bird.on, bird.what, bird.pain) == (first.on_date, "1 × 6", 1)
    # looking back from the second session, the first one is last time
    earlier = training.last_time(store=store, person_id=pid, session_id=second.id, on=second.on_date,
                                 exercises=["goblet_squat"])
    assert earlier["goblet_squat"].what == "2 × 8 @ 12 kg"


def test_two_sessions_on_one_day_count_in_the_order_they_were_started(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    morning = _session(store, pid, 0)
    _log(store, morning.id, "m1", "goblet_squat", reps=8, load=12, pain=2)
    training.end_session(store=store, session_id=morning.id, pain_after=2, session_rpe=5, duration_minutes=30)
    evening = _session(store, pid, 0)
    assert evening.id != morning.id
    found = training.last_time(store=store, person_id=pid, session_id=evening.id, on=evening.on_date,
                               exercises=["goblet_squat"])
    assert found["goblet_squat"].session_id == morning.id
    assert training.last_time(store=store, person_id=pid, session_id=morning.id, on=morning.on_date,
                              exercises=["goblet_squat"]) == {}


def test_a_writer_s_cached_tally_notices_an_edit(store, person) -> None:  # type: ignore[no-untyped-def]
    """The tally (red sets so far) is read again after an edit: the session's revision moved."""
    session = _session(store, person.person.id, 0, free=False)
    tallies = training.SetTallies()  # checks each session against the database, as on PostgreSQL

    def record(client_id: str, pain: int) -> training.SetOutcome:
        pending = training.prepare_set(session_id=session.id, client_id=client_id, exercise="goblet_squat",
                                       reps=8, load=12, pain=pain)
        outcome = training.record_sets(store=store, pending=[pending], tallies=tallies)[0]
        assert isinstance(outcome, training.SetOutcome), outcome
        return outcome

    first = record("t1", 2)
    tally = tallies.get(session.id)
    assert tally is not None and tally.red == 0
    training.edit_set(store=store, session_id=session.id, set_id=first.logged.id, changes={"pain": 6})  # red: skip the exercise, no stop
    record("t2", 2)
    tally = tallies.get(session.id)
    assert tally is not None and tally.red == 1 and tally.count == 2


def test_a_stopped_session_is_kept_and_an_open_one_deleted_with_its_sets(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    kept = _session(store, pid, 0)
    training.report_symptoms(store=store, session_id=kept.id, symptoms=[], stop=True)
    try:
        training.delete_session(store=store, session_id=kept.id)
    except ConflictError as exc:
        assert exc.field == "session_id"
    else:
        raise AssertionError("a stopped session was deleted")
    gone = _session(store, pid, 1)
    _log(store, gone.id, "g1", "goblet_squat", reps=8, pain=2)
    training.delete_session(store=store, session_id=gone.id)
    with store.reading() as tx:
        assert tx.workouts.get_session(gone.id) is None and tx.workouts.sets_of([gone.id]) == []
        assert tx.workouts.get_session(kept.id) is not None


def test_the_bar_and_plates_are_saved_per_person_in_their_unit(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    assert training.gym_settings(store=store, person_id=pid).saved is False
    training.save_gym_settings(store=store, person_id=pid, bar=15, trap_bar="27,5", plates="20x4, 2.5x2, 1.25")
    again = training.save_gym_settings(store=store, person_id=pid, bar=20, trap_bar=25, plates={"10": 6})
    read = training.gym_settings(store=store, person_id=pid)
    assert read == again and read.saved and read.plates == {10.0: 6} and read.bar == 20


def test_a_correction_that_now_calls_for_care_stops_the_session_and_tells_the_coach(store, person) -> None:  # type: ignore[no-untyped-def]
    """Correcting a set's pain from 2 to 9 stops the session, as logging 9 would have, and
    stores the coach's alert once; correcting it again does not add a second."""
    pid = person.person.id
    session = _session(store, pid, 0, free=False)
    first = _log(store, session.id, "c1", "goblet_squat", reps=8, load=12, pain=2)
    with store.reading() as tx:
        assert tx.coaching.alerts_of(pid) == []
    edited = training.edit_set(store=store, session_id=session.id, set_id=first.logged.id, changes={"pain": 9})
    assert edited.stopped_now
    with store.reading() as tx:
        alerts = tx.coaching.alerts_of(pid)
        assert tx.workouts.get_session(session.id).stopped_at is not None
    assert len(alerts) == 1 and alerts[0].session_id == session.id
    assert "corrected to pain 9/10" in alerts[0].message
    training.edit_set(store=store, session_id=session.id, set_id=first.logged.id, changes={"pain": 9, "reps": 7})
    with store.reading() as tx:
        assert len(tx.coaching.alerts_of(pid)) == 1
