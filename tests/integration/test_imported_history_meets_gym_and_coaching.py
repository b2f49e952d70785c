"""Imported history (Strong, Hevy) where it meets gym mode and coaching, on a real SQLite
file and a real PostgreSQL: "last time" reads imported sets (load, reps, date) with no
pain; the session summary, editing a set and deleting a session handle an imported
session (its pain stays not recorded); an import moves the coach's latest session day
forward only and raises no alert."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from spinewise import training
from spinewise.domain.coaching import missed_sessions
from spinewise.domain.errors import InputError
from spinewise.domain.imported_history import parse_strong
from spinewise.store.tables import coach_alerts
from spinewise.training.history_import import import_history

from .conftest import MONDAY

HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"


def _strong(*workouts: tuple[date, list[tuple[str, str, float, int]]]) -> Any:
    """A Strong export: each workout's day and its sets (name, set order, kg, reps)."""
    rows = [f"{day.isoformat()} 07:00:00,Gym,1h,{name},{order},{kg:g},{reps},0,0,,,\n"
            for day, sets in workouts for name, order, kg, reps in sets]
    return parse_strong(HEADER + "".join(rows), file="strong.csv")


def _import(store: Any, person_id: int, *workouts: tuple[date, list[tuple[str, str, float, int]]]) -> Any:
    return import_history(store=store, person_id=person_id, history=_strong(*workouts))


def _imported_session(store: Any, person_id: int) -> Any:
    return next(h for h in training.history(store=store, person_id=person_id) if h.session.source == "strong")


def test_last_time_reads_imported_sets_as_history_with_no_pain(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    _import(store, pid, (MONDAY - timedelta(days=3), [("Goblet Squat", "W", 8, 10), ("Goblet Squat", "1", 20, 8),
                                                     ("Goblet Squat", "2", 20, 8)]))
    today = training.start_session(store=store, person_id=pid, on=MONDAY, baseline_pain=2, free=True)
    found = training.last_time(store=store, person_id=pid, session_id=today.id, on=today.on_date,
                               exercises=["goblet_squat"])
    squat = found["goblet_squat"]
    # the warm-up is left out; the working sets are last time, with no pain made up
    assert (squat.on, squat.sets, squat.what, squat.pain) == (MONDAY - timedelta(days=3), 2, "2 × 8 @ 20 kg", None)
    assert squat.to_json()["pain"] is None
    # a session logged here later is last time from then on, with its pain
    training.log_set(store=store, session_id=today.id, client_id="a1", exercise="goblet_squat", reps=8, load=22,
                     pain=3)
    training.end_session(store=store, session_id=today.id, pain_after=2, session_rpe=5, duration_minutes=30)
    later = training.start_session(store=store, person_id=pid, on=MONDAY + timedelta(days=2), baseline_pain=2,
                                   free=True)
    again = training.last_time(store=store, person_id=pid, session_id=later.id, on=later.on_date,
                               exercises=["goblet_squat"])["goblet_squat"]
    assert (again.on, again.what, again.pain) == (MONDAY, "1 × 8 @ 22 kg", 3)


def test_the_summary_of_an_imported_session_says_no_pain_recorded(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    _import(store, pid, (MONDAY - timedelta(days=3), [("Goblet Squat", "1", 20, 8), ("Goblet Squat", "2", 20, 6)]))
    imported = _imported_session(store, pid)
    summary = training.session_summary(store=store, person_id=pid, session_id=imported.session.id)
    assert summary.sets == 2 and summary.volume == 280 and summary.worst_pain is None
    assert [(e.exercise, e.worst_pain) for e in summary.exercises] == [("goblet_squat", None)]
    assert summary.to_json()["pain_during"] is None and summary.to_json()["baseline_pain"] is None


def test_an_imported_set_is_corrected_in_its_numbers_and_its_pain_stays_not_recorded(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    _import(store, pid, (MONDAY - timedelta(days=3), [("Goblet Squat", "1", 20, 8)]))
    imported = _imported_session(store, pid)
    one = imported.sets[0]
    edited = training.edit_set(store=store, session_id=imported.session.id, set_id=one.id,
                               changes={"reps": 10, "load": 22.5})
    assert (edited.logged.reps, edited.logged.load_kg, edited.logged.pain) == (10, 22.5, None)
    assert edited.logged.edited_at is not None and edited.logged.action == one.action and not edited.stopped_now
    with pytest.raises(InputError) as refused:
        training.edit_set(store=store, session_id=imported.session.id, set_id=one.id, changes={"pain": 3})
    assert refused.value.field == "pain"
    assert _imported_session(store, pid).sets[0].pain is None  # nothing saved by the refused edit


def test_an_imported_session_can_be_deleted(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    _import(store, pid, (MONDAY - timedelta(days=3), [("Goblet Squat", "1", 20, 8)]))
    imported = _imported_session(store, pid)
    training.delete_session(store=store, session_id=imported.session.id)
    assert training.history(store=store, person_id=pid) == []
    # its key is gone with it: the same file imports it again
    assert _import(store, pid, (MONDAY - timedelta(days=3), [("Goblet Squat", "1", 20, 8)])).added_workouts == 1


def test_an_import_moves_the_latest_session_day_forward_only_and_raises_no_alert(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    with store.reading() as tx:
        assert tx.coaching.activity(pid) == (None, None)
    # history done elsewhere during the plan's first two weeks
    _import(store, pid, (MONDAY + timedelta(days=2), [("Goblet Squat", "1", 20, 8)]),
            (MONDAY + timedelta(days=11), [("Goblet Squat", "1", 20, 8)]))
    with store.reading() as tx:
        assert tx.coaching.activity(pid)[0] == MONDAY + timedelta(days=11)
        assert tx.conn.execute(select(func.count()).select_from(coach_alerts)).scalar_one() == 0
    # the coach's missed-sessions check reads that day: the imported sessions are sessions done
    # (without them, a plan of three days a week would show the first two weeks missed)
    check = dict(today=MONDAY + timedelta(days=13), start=MONDAY, weeks=12, days_per_week=3, offsets=(0, 2, 4))
    assert missed_sessions(last_session_on=None, **check) is not None  # type: ignore[arg-type]
    assert missed_sessions(last_session_on=MONDAY + timedelta(days=11), **check) is None  # type: ignore[arg-type]
    # an older import never moves it back
    _import(store, pid, (MONDAY - timedelta(days=30), [("Goblet Squat", "1", 18, 8)]))
    with store.reading() as tx:
        assert tx.coaching.activity(pid)[0] == MONDAY + timedelta(days=11)
    # nor does a dry run move it
    import_history(store=store, person_id=pid, dry_run=True,
                   history=_strong((MONDAY + timedelta(days=20), [("Goblet Squat", "1", 20, 8)])))
    with store.reading() as tx:
        assert tx.coaching.activity(pid)[0] == MONDAY + timedelta(days=11)
        assert tx.conn.execute(select(func.count()).select_from(coach_alerts)).scalar_one() == 0


def test_a_check_in_after_imported_workouts_reads_no_pain_from_them_and_raises_no_flare_up(store, person) -> None:  # type: ignore[no-untyped-def]
    """The flare-up check (a red next morning after each of the last two sessions) and the
    pain trend read only sessions logged here: an imported session has no usual pain to
    compare a morning with (before, a check-in after imported workouts could not be read)."""
    pid = person.person.id
    day = MONDAY + timedelta(days=7)
    _import(store, pid, (day - timedelta(days=2), [("Goblet Squat", "1", 20, 8)]),
            (day - timedelta(days=1), [("Goblet Squat", "1", 20, 8)]))
    training.checkin(store=store, person_id=pid, on=day - timedelta(days=1), pain=6)
    outcome = training.checkin(store=store, person_id=pid, on=day, pain=6)
    assert outcome is not None
    with store.reading() as tx:
        kinds = [a.kind for a in tx.coaching.alerts_of(pid)]
    assert "flare_up" not in kinds and "pain_rising" not in kinds
