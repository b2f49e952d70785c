"""The pure part of coaching: missed sessions and a check-in not done read from the
activity days and the plan's rhythm, the order of urgency, and the access log's nouns."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from spinewise.domain.coaching import (
    SEVERITY,
    checkin_missing,
    missed_sessions,
    planned_dates,
    urgency,
    what_of,
)

MONDAY = date(2026, 3, 2)
MON_WED_FRI = (0, 2, 4)


def test_planned_dates_fall_on_the_plans_weekdays_strictly_between_two_days() -> None:
    found = planned_dates(start=MONDAY, weeks=12, days_per_week=3, offsets=MON_WED_FRI,
                          after=date(2026, 3, 2), before=date(2026, 3, 11))
    assert found == [date(2026, 3, 4), date(2026, 3, 6), date(2026, 3, 9)]


def test_planned_dates_stop_at_the_plans_last_week() -> None:
    found = planned_dates(start=MONDAY, weeks=1, days_per_week=3, offsets=MON_WED_FRI,
                          after=date(2026, 3, 1), before=date(2026, 4, 1))
    assert found == [date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 6)]


def test_one_missed_session_is_life_two_in_a_row_is_an_alert() -> None:
    plan = {"start": MONDAY, "weeks": 12, "days_per_week": 3, "offsets": MON_WED_FRI}
    assert missed_sessions(today=date(2026, 3, 9), last_session_on=date(2026, 3, 4), **plan) is None  # Fri 6 only
    alert = missed_sessions(today=date(2026, 3, 10), last_session_on=date(2026, 3, 4), **plan)
    assert alert is not None and alert.rule == "COACH-MISSED-SESSIONS" and alert.severity == "low"
    assert alert.message.startswith("2 planned sessions missed in a row")
    assert alert.at == datetime(2026, 3, 9)


def test_missed_sessions_count_from_the_plans_start_before_any_session() -> None:
    alert = missed_sessions(today=date(2026, 3, 5), last_session_on=None, start=MONDAY, weeks=12,
                            days_per_week=3, offsets=MON_WED_FRI)
    assert alert is not None and "no session yet" in alert.message
    assert missed_sessions(today=date(2026, 3, 5), last_session_on=None, start=None, weeks=None,
                           days_per_week=None, offsets=()) is None  # no plan: nothing is missed


@pytest.mark.parametrize(("today", "last_checkin", "missing"), [
    (date(2026, 3, 5), None, False),               # the morning after: still due today
    (date(2026, 3, 6), None, True),                # that day has passed
    (date(2026, 3, 6), date(2026, 3, 5), False),   # checked in that morning
    (date(2026, 3, 6), date(2026, 3, 3), True),    # an older check-in does not count
])
def test_a_check_in_is_not_done_once_the_morning_after_the_last_session_has_passed(
        today: date, last_checkin: date | None, missing: bool) -> None:
    found = checkin_missing(today=today, last_session_on=date(2026, 3, 4), last_checkin_on=last_checkin)
    assert (found is not None) == missing
    if found is not None:
        assert found.rule == "COACH-CHECKIN-MISSING" and found.kind == "checkin_missing"


def test_urgency_puts_severity_first_then_the_newest() -> None:
    old_high = urgency(SEVERITY["seek_care"], datetime(2026, 3, 1, 8))
    new_medium = urgency(SEVERITY["session_stopped"], datetime(2026, 3, 9, 8))
    newer_medium = urgency(SEVERITY["pain_rising"], datetime(2026, 3, 9, 9))
    assert sorted([new_medium, old_high, newer_medium]) == [old_high, newer_medium, new_medium]


@pytest.mark.parametrize(("path", "noun"), [
    ("/api/v1/people/{person_id}", "person"),
    ("/api/v1/people/{person_id}/progress", "progress"),
    ("/api/v1/people/{person_id}/sessions", "sessions"),
    ("/api/v1/sessions/{session_id}", "session"),
    ("/api/v1/people/{person_id}/habits/{day}", "habits"),
    ("/clients/{person_id}/progress", "progress"),
    ("/api/v1/people/{person_id}/report.pdf", "report"),
])
def test_the_access_log_names_each_route_with_a_short_noun(path: str, noun: str) -> None:
    assert what_of(path) == noun
