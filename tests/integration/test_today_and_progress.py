"""Today's prescriptions from the logged history, progress series and the calendar."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from spinewise import training

from .conftest import MONDAY


def _do_session(store: Any, pid: int, on: date, *, pain: int, pain_after: int, exercise: str,
                load: float = 12) -> None:
    plan = training.today(store=store, person_id=pid, on=on)
    item = next(i for i in plan.items if i.exercise == exercise)
    session = training.start_session(store=store, person_id=pid, on=on, baseline_pain=2)
    for n in range(item.sets):
        outcome = training.log_set(store=store, session_id=session.id, client_id=f"{on}-{exercise}-{n}",
                                   exercise=exercise, reps=item.reps, seconds=item.seconds,
                                   load=item.load if item.load is not None else load,
                                   rpe=max(1.0, (item.rpe_max or 6) - 1), pain=pain, tempo=item.tempo)
        if outcome.decision["action"] in ("end_session", "seek_care"):
            break  # the session is stopped: it takes no more sets
    training.end_session(store=store, session_id=session.id, pain_after=pain_after, session_rpe=5,
                         duration_minutes=45)


def _next_day_with(store: Any, pid: int, after: date, exercise: str) -> date:
    plan = training.get_person(store=store, person_id=pid).plan
    for day in training.planned_days(plan, after + timedelta(days=1), after + timedelta(days=28)):
        if any(i.exercise == exercise for b in day.session.blocks for i in b.items):
            return day.on
    raise AssertionError(f"{exercise} is not planned again")


def _item(store: Any, pid: int, on: date, exercise: str) -> Any:
    return next(i for i in training.today(store=store, person_id=pid, on=on).items if i.exercise == exercise)


def test_planned_sessions_fall_on_monday_wednesday_friday_for_three_a_week(store, person) -> None:  # type: ignore[no-untyped-def]
    days = training.planned_days(person.plan, MONDAY, MONDAY + timedelta(days=13))
    assert [d.on.weekday() for d in days] == [0, 2, 4, 0, 2, 4]
    assert training.today(store=store, person_id=person.person.id, on=MONDAY + timedelta(days=1)).status == "rest"
    assert training.today(store=store, person_id=person.person.id, on=MONDAY - timedelta(days=3)).status == "not_started"
    assert training.today(store=store, person_id=person.person.id, on=MONDAY + timedelta(weeks=30)).status == "plan_finished"


def test_a_first_session_is_prescribed_as_planned(store, person) -> None:  # type: ignore[no-untyped-def]
    today = training.today(store=store, person_id=person.person.id, on=MONDAY)
    assert today.status == "training" and today.week == 1 and today.day == 1
    main = [i for i in today.items if i.block == "main"]
    assert main and all(i.rule == "PROG-HOLD-NEW" for i in main)


def test_a_green_session_and_a_settled_morning_climb_one_rung(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    exercise = next(i.exercise for i in training.today(store=store, person_id=pid, on=MONDAY).items
                    if i.block == "main")
    before = _item(store, pid, MONDAY, exercise)
    _do_session(store, pid, MONDAY, pain=2, pain_after=2, exercise=exercise)
    training.checkin(store=store, person_id=pid, on=MONDAY + timedelta(days=1), pain=2)
    later = _next_day_with(store, pid, MONDAY, exercise)
    after = _item(store, pid, later, exercise)
    assert after.rule.startswith("PROG-LADDER"), after.why
    assert after.change in ("tempo", "pause", "sets", "reps", "load")
    assert (after.sets, after.reps, after.tempo) != (before.sets, before.reps, before.tempo) or after.load != 12


def test_a_red_session_regresses_the_next_prescription(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    exercise = next(i.exercise for i in training.today(store=store, person_id=pid, on=MONDAY).items
                    if i.block == "main")
    _do_session(store, pid, MONDAY, pain=7, pain_after=7, exercise=exercise)
    later = _next_day_with(store, pid, MONDAY, exercise)
    assert _item(store, pid, later, exercise).change == "regress"


def test_an_amber_morning_holds_the_ladder_and_lightens_the_load(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    exercise = next(i.exercise for i in training.today(store=store, person_id=pid, on=MONDAY).items
                    if i.block == "main")
    _do_session(store, pid, MONDAY, pain=2, pain_after=2, exercise=exercise, load=20)
    later = _next_day_with(store, pid, MONDAY, exercise)
    training.checkin(store=store, person_id=pid, on=later, pain=3)
    item = _item(store, pid, later, exercise)
    assert item.change in ("hold", "regress")
    assert item.load is None or item.load <= 20


def test_a_seek_care_checkin_cancels_training(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    training.checkin(store=store, person_id=pid, on=MONDAY, pain=3, symptoms=["bladder_change"])
    today = training.today(store=store, person_id=pid, on=MONDAY)
    assert today.status == "seek_care" and not today.items


def test_the_start_of_a_planned_session_keeps_its_prescriptions(store, person) -> None:  # type: ignore[no-untyped-def]
    session = training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2)
    assert session.plan_week == 1 and session.plan_day == 1
    assert session.prescriptions
    again = training.start_session(store=store, person_id=person.person.id, on=MONDAY)
    assert again.id == session.id


def test_progress_has_pain_load_volume_adherence_outcomes_and_readiness(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    exercise = next(i.exercise for i in training.today(store=store, person_id=pid, on=MONDAY).items
                    if i.block == "main")
    _do_session(store, pid, MONDAY, pain=2, pain_after=3, exercise=exercise)
    training.checkin(store=store, person_id=pid, on=MONDAY + timedelta(days=1), pain=2)
    training.record_assessment(store=store, person_id=pid, on=MONDAY, kind="nprs", values={"pain": 5})
    training.record_assessment(store=store, person_id=pid, on=MONDAY + timedelta(days=6), kind="nprs",
                               values={"pain": 2})
    result = training.progress(store=store, person_id=pid, on=MONDAY + timedelta(days=6)).to_json()
    assert result["pain"] == [{"date": MONDAY.isoformat(), "session_id": result["pain"][0]["session_id"],
                               "during": 2, "after": 3, "next_morning": 2, "baseline": 2}]
    assert result["training_load"][0]["load"] == 225
    assert result["adherence"] == {"planned": 3, "done": 1, "ratio": 0.33}
    assert result["volume_by_pattern"] and result["volume_by_pattern"][0]["sets"] >= 1
    assert [p["score"] for p in result["nprs"]] == [5, 2]
    assert result["outcome_changes"][0]["direction"] == "better"
    assert result["pain_trend"]["trend"] == "stable"
    assert result["phase_readiness"]["phase"] == "foundation"
    assert result["phase_readiness"]["decision"] == "stay"


def test_history_lists_sessions_with_sets_and_the_next_morning(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    _do_session(store, pid, MONDAY, pain=2, pain_after=2, exercise="goblet_squat")
    training.checkin(store=store, person_id=pid, on=MONDAY + timedelta(days=1), pain=1)
    found = training.history(store=store, person_id=pid)
    assert len(found) == 1 and found[0].sets and found[0].next_morning.pain == 1
    assert found[0].to_json()["sets"][0]["exercise"] == "goblet_squat"


def test_the_calendar_has_planned_sessions_with_alarms_and_chosen_reminders(store, person) -> None:  # type: ignore[no-untyped-def]
    payload = training.calendar_ics(store=store, person_id=person.person.id, start=MONDAY, weeks=2,
                                    session_time=time(7, 30), movement_breaks=[time(10), time(14)],
                                    posture_checks=[time(11)])
    cal = Calendar.from_ical(payload)
    events = [c for c in cal.walk("VEVENT")]
    sessions = [e for e in events if "RRULE" not in e]
    reminders = [e for e in events if "RRULE" in e]
    assert len(sessions) == 6 and len(reminders) == 3
    assert all(e.walk("VALARM") for e in events)
    assert sessions[0].decoded("DTSTART").time() == time(7, 30)
    assert {e.decoded("DTSTART").date().weekday() for e in sessions} == {0, 2, 4}
    assert {str(e["SUMMARY"]) for e in reminders} == {"spinewise: movement break", "spinewise: posture check"}


def test_a_calendar_without_reminders_has_only_sessions(store, person) -> None:  # type: ignore[no-untyped-def]
    cal = Calendar.from_ical(training.calendar_ics(store=store, person_id=person.person.id,
                                                   start=MONDAY, weeks=1))
    assert len(list(cal.walk("VEVENT"))) == 3


@pytest.mark.parametrize("weeks", [0, 53])
def test_a_calendar_of_impossible_length_is_refused(store, person, weeks) -> None:  # type: ignore[no-untyped-def]
    from spinewise.domain.errors import InputError

    with pytest.raises(InputError):
        training.calendar_ics(store=store, person_id=person.person.id, start=MONDAY, weeks=weeks)


def _free_session(store: Any, pid: int, on: date, *, pain: int, morning: int | None = None) -> int:
    """A free session of three goblet squat sets, ended, with the next morning's pain."""
    session = training.start_session(store=store, person_id=pid, on=on, baseline_pain=2, free=True)
    for n in range(3):
        training.log_set(store=store, session_id=session.id, client_id=f"free-{on}-{n}",
                         exercise="goblet_squat", reps=8, load=12, rpe=6, pain=pain)
    training.end_session(store=store, session_id=session.id, pain_after=pain, session_rpe=5,
                         duration_minutes=40)
    if morning is not None:
        training.checkin(store=store, person_id=pid, on=on + timedelta(days=1), pain=morning)
    return session.id


def test_progress_series_cover_the_window_but_flare_ups_count_over_the_whole_history(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    early = MONDAY - timedelta(weeks=40)
    _free_session(store, pid, early, pain=3, morning=5)  # two red mornings in a row: a flare-up
    _free_session(store, pid, early + timedelta(days=2), pain=3, morning=5)
    on = MONDAY + timedelta(days=11)
    recent = [_free_session(store, pid, MONDAY + timedelta(days=d), pain=2, morning=2) for d in (0, 2, 4, 7, 9)]

    result = training.progress(store=store, person_id=pid, on=on).to_json()
    assert result["since"] == (on - timedelta(weeks=training.PROGRESS_WEEKS)).isoformat()
    assert [p["session_id"] for p in result["pain"]] == recent
    assert [p["during"] for p in result["pain"]] == [2] * 5
    assert all(v["week"] >= result["since"] for v in result["volume_by_pattern"])
    assert sum(v["sets"] for v in result["volume_by_pattern"]) == 15
    assert result["flare_up"] == {"last": (early + timedelta(days=2)).isoformat(), "count": 1,
                                  "rule": "PROG-FLARE-UP"}

    short = training.progress(store=store, person_id=pid, on=on, since=MONDAY + timedelta(days=7)).to_json()
    assert [p["session_id"] for p in short["pain"]] == recent[3:]
    assert [w["week"] for w in short["weekly_load"]] == [(MONDAY + timedelta(days=7)).isoformat()]
    assert short["flare_up"] == result["flare_up"] and short["adherence"] == result["adherence"]

    everything = training.progress(store=store, person_id=pid, on=on, since=early).to_json()
    assert len(everything["pain"]) == 7
    assert {k: v for k, v in everything.items() if k not in ("since", "pain", "training_load", "weekly_load",
                                                          "volume_by_pattern")} == \
        {k: v for k, v in result.items() if k not in ("since", "pain", "training_load", "weekly_load",
                                                      "volume_by_pattern")}


def test_the_pain_trend_reaches_back_before_the_window_after_a_long_pause(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    start = MONDAY - timedelta(weeks=30)
    for week in range(2):
        _free_session(store, pid, start + timedelta(weeks=week), pain=1)
    _free_session(store, pid, MONDAY, pain=5)
    windowed = training.progress(store=store, person_id=pid, on=MONDAY + timedelta(days=1),
                                 since=MONDAY - timedelta(weeks=4)).to_json()
    whole = training.progress(store=store, person_id=pid, on=MONDAY + timedelta(days=1), since=start).to_json()
    assert windowed["pain_trend"]["trend"] == "rising"
    assert windowed["pain_trend"] == whole["pain_trend"]


def test_progress_refuses_a_window_that_starts_after_its_day(store, person) -> None:  # type: ignore[no-untyped-def]
    from spinewise.domain.errors import InputError

    with pytest.raises(InputError) as raised:
        training.progress(store=store, person_id=person.person.id, on=MONDAY, since=MONDAY + timedelta(days=1))
    assert raised.value.field == "since"


def test_one_off_and_free_session_sets_never_rewrite_the_plan(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    next_monday = MONDAY + timedelta(days=7)
    before = {i.exercise: i for i in training.today(store=store, person_id=pid, on=next_monday).items
              if i.block in ("main", "core")}  # what the plan asks for that day, before anything is logged
    reps_item = next(i for i in before.values() if i.reps is not None and i.block == "main")
    hold_item = next(i for i in before.values() if i.seconds is not None)
    free = training.start_session(store=store, person_id=pid, on=MONDAY, baseline_pain=2, free=True)
    for n in range(4):
        training.log_set(store=store, session_id=free.id, client_id=f"r{n}", exercise=reps_item.exercise,
                         reps=3, load=40, pain=1)
        training.log_set(store=store, session_id=free.id, client_id=f"h{n}", exercise=hold_item.exercise,
                         seconds=5, pain=1)
    training.end_session(store=store, session_id=free.id, pain_after=1, session_rpe=5, duration_minutes=30)
    # a planned session of another day, with one-off sets of exercises it does not hold
    tuesday = MONDAY + timedelta(days=2)
    planned = training.start_session(store=store, person_id=pid, on=tuesday, baseline_pain=2)
    for name in (reps_item.exercise, hold_item.exercise):
        if name not in planned.prescriptions:
            training.log_set(store=store, session_id=planned.id, client_id=f"one-off-{name}", exercise=name,
                             reps=2, load=50, pain=1)
    training.end_session(store=store, session_id=planned.id, pain_after=1, session_rpe=5, duration_minutes=30)
    training.checkin(store=store, person_id=pid, on=tuesday + timedelta(days=1), pain=2)
    after = {i.exercise: i for i in training.today(store=store, person_id=pid, on=next_monday).items}
    for name, was in ((reps_item.exercise, reps_item), (hold_item.exercise, hold_item)):
        now = after[name]
        assert (now.sets, now.reps, now.seconds, now.load) == (was.sets, was.reps, was.seconds, was.load), name
        assert now.rule == "PROG-HOLD-NEW"
    assert after[hold_item.exercise].reps is None  # a timed hold stays a timed hold
