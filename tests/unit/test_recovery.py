"""Recovery habits: targets, streaks, and habits set beside next-morning pain (a correlation)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinewise.domain.errors import InputError
from spinewise.domain.recovery import (
    CORRELATION_NOTE,
    HABITS,
    MIN_DAYS_TO_COMPARE,
    RULES,
    HabitDay,
    HabitName,
    habit_beside_pain,
    habit_done,
    parse_habits,
    streak,
    summarise_habits,
)

MONDAY = date(2026, 11, 2)


def day(offset: int, **habits: Any) -> HabitDay:
    return HabitDay(on=MONDAY + timedelta(days=offset), **habits)


# --- targets ------------------------------------------------------------------------------------

TARGETS = [
    ("five movement breaks fall short of hourly", "movement_breaks", 5, False),
    ("six movement breaks meet the target", "movement_breaks", 6, True),
    ("6.9 hours of sleep fall short of 7", "sleep_hours", 6.9, False),
    ("seven hours of sleep meet the target", "sleep_hours", 7.0, True),
    ("two posture checks fall short of three", "posture_checks", 2, False),
    ("three posture checks meet the target", "posture_checks", 3, True),
    ("staying hydrated is done", "hydration", True, True),
    ("not staying hydrated is not done", "hydration", False, False),
    ("heat after lifting is done", "heat_or_bath", True, True),
    ("no foam rolling is not done", "foam_rolling", False, False),
    ("supportive footwear is done", "footwear", True, True),
]


@pytest.mark.parametrize(("habit", "value", "done"), [t[1:] for t in TARGETS],
                         ids=[t[0] for t in TARGETS])
def test_a_day_meets_a_habit_only_at_its_target(habit: HabitName, value: Any, done: bool) -> None:
    assert habit_done(day(0, **{habit: value}), habit) is done


@pytest.mark.parametrize("habit", HABITS)
def test_a_habit_not_recorded_is_neither_done_nor_missed(habit: HabitName) -> None:
    assert habit_done(day(0), habit) is None


# --- validation at the edge -------------------------------------------------------------------------


def test_any_subset_of_habits_is_read_and_the_rest_stay_unrecorded() -> None:
    read = parse_habits(MONDAY, {"sleep_hours": 7.5, "hydration": True, "movement_breaks": 6.0})
    assert read == HabitDay(on=MONDAY, sleep_hours=7.5, hydration=True, movement_breaks=6)


BAD_HABITS = [
    ("too many movement breaks", {"movement_breaks": 25}, "movement_breaks",
     "must be an integer from 0 to 24"),
    ("movement breaks as a bool", {"movement_breaks": True}, "movement_breaks",
     "must be an integer from 0 to 24"),
    ("half a movement break", {"movement_breaks": 2.5}, "movement_breaks",
     "must be an integer from 0 to 24"),
    ("more than a day of sleep", {"sleep_hours": 25}, "sleep_hours",
     "must be a number of hours from 0 to 24"),
    ("sleep that is not a number", {"sleep_hours": float("nan")}, "sleep_hours",
     "must be a number of hours from 0 to 24"),
    ("hydration as a word", {"hydration": "yes"}, "hydration", "must be true or false"),
    ("too many posture checks", {"posture_checks": 51}, "posture_checks",
     "must be an integer from 0 to 50"),
    ("a habit spinewise does not track", {"yoga": True}, "yoga", "is not a habit"),
]


@pytest.mark.parametrize(("document", "field", "message"), [b[1:] for b in BAD_HABITS],
                         ids=[b[0] for b in BAD_HABITS])
def test_a_bad_habit_value_names_the_field(document: dict[str, Any], field: str,
                                           message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_habits(MONDAY, document)
    assert caught.value.field == field
    assert caught.value.message.startswith(message)


def test_habits_that_are_not_an_object_are_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse_habits(MONDAY, ["sleep_hours"])  # type: ignore[arg-type]
    assert caught.value.field == "habits"


# --- streaks ------------------------------------------------------------------------------------

SLEPT, SHORT = {"sleep_hours": 8.0}, {"sleep_hours": 5.0}

STREAKS = [
    ("nothing recorded", [], 4, (0, 0, 0, 0)),
    ("five good nights in a row", [(i, SLEPT) for i in range(5)], 4, (5, 5, 5, 5)),
    ("a short night breaks the run",
     [(0, SLEPT), (1, SLEPT), (2, SHORT), (3, SLEPT), (4, SLEPT)], 4, (2, 2, 4, 5)),
    ("a day not recorded breaks the run",
     [(0, SLEPT), (1, SLEPT), (2, SLEPT), (4, SLEPT)], 4, (1, 3, 4, 4)),
    ("today not filled in yet keeps yesterday's run",
     [(0, SLEPT), (1, SLEPT), (2, SLEPT)], 3, (3, 3, 3, 3)),
    ("a run starts again after a missed night",
     [(0, SLEPT), (1, SHORT), (2, SLEPT), (3, SLEPT)], 3, (2, 2, 3, 4)),
    ("days after the date asked about do not count",
     [(0, SLEPT), (1, SLEPT), (2, SHORT), (3, SHORT)], 1, (2, 2, 2, 2)),
]


@pytest.mark.parametrize(("days", "on", "expected"), [s[1:] for s in STREAKS],
                         ids=[s[0] for s in STREAKS])
def test_a_streak_counts_days_in_a_row_up_to_the_date(
        days: list[tuple[int, dict[str, Any]]], on: int,
        expected: tuple[int, int, int, int]) -> None:
    found = streak([day(offset, **habits) for offset, habits in days], "sleep_hours",
                   on=MONDAY + timedelta(days=on))
    assert (found.current, found.longest, found.days_done, found.days_recorded) == expected


def test_a_lifting_day_habit_skips_the_days_without_a_session() -> None:
    lifting = frozenset(MONDAY + timedelta(days=n) for n in (0, 2, 4))
    days = [day(0, heat_or_bath=True), day(2, heat_or_bath=True), day(4, heat_or_bath=True)]
    found = streak(days, "heat_or_bath", on=MONDAY + timedelta(days=4), lifting_days=lifting)
    assert (found.current, found.longest, found.days_recorded) == (3, 3, 3)


def test_a_lifting_day_habit_missed_on_a_lifting_day_breaks_the_run() -> None:
    lifting = frozenset(MONDAY + timedelta(days=n) for n in (0, 2, 4))
    days = [day(0, footwear=True), day(2, footwear=False), day(4, footwear=True)]
    found = streak(days, "footwear", on=MONDAY + timedelta(days=4), lifting_days=lifting)
    assert (found.current, found.longest, found.days_done) == (1, 1, 2)


def test_a_streak_names_its_habit_in_words() -> None:
    shown = streak([day(0, **SLEPT)], "sleep_hours", on=MONDAY).to_json()
    assert shown["habit"] == "sleep_hours"
    assert "Sleep" in shown["label"]


# --- habits beside next-morning pain ---------------------------------------------------------------


def nights(with_habit: int, without: int, *, pain_with: int, pain_without: int
           ) -> tuple[list[HabitDay], dict[date, int]]:
    """``with_habit`` good nights then ``without`` short ones, each followed by a morning."""
    days: list[HabitDay] = []
    morning: dict[date, int] = {}
    for n in range(with_habit + without):
        good = n < with_habit
        days.append(day(n, **(SLEPT if good else SHORT)))
        morning[MONDAY + timedelta(days=n + 1)] = pain_with if good else pain_without
    return days, morning


TOO_FEW = [
    ("no days at all", 0, 0),
    ("one day short on the habit side", MIN_DAYS_TO_COMPARE - 1, 10),
    ("one day short on the other side", 10, MIN_DAYS_TO_COMPARE - 1),
    ("one day short on both sides", MIN_DAYS_TO_COMPARE - 1, MIN_DAYS_TO_COMPARE - 1),
]


@pytest.mark.parametrize(("with_habit", "without"), [t[1:] for t in TOO_FEW],
                         ids=[t[0] for t in TOO_FEW])
def test_too_few_days_on_either_side_draws_no_comparison(with_habit: int, without: int) -> None:
    days, morning = nights(with_habit, without, pain_with=1, pain_without=6)
    beside = habit_beside_pain(days, morning, "sleep_hours")
    assert (beside.days_with, beside.days_without) == (with_habit, without)
    assert beside.message.startswith("Too few days yet")
    assert f"at least {MIN_DAYS_TO_COMPARE} days with and without" in beside.message
    for claim in ("lower", "higher", "about the same"):
        assert claim not in beside.message


COMPARED = [
    ("better mornings after the habit", 2, 5, "lower"),
    ("worse mornings after the habit", 5, 2, "higher"),
    ("less than half a point apart", 3, 3, "about the same"),
]


@pytest.mark.parametrize(("pain_with", "pain_without", "wording"), [c[1:] for c in COMPARED],
                         ids=[c[0] for c in COMPARED])
def test_enough_days_on_each_side_are_set_side_by_side_as_a_correlation(
        pain_with: int, pain_without: int, wording: str) -> None:
    days, morning = nights(MIN_DAYS_TO_COMPARE, MIN_DAYS_TO_COMPARE,
                           pain_with=pain_with, pain_without=pain_without)
    beside = habit_beside_pain(days, morning, "sleep_hours")
    assert (beside.pain_with, beside.pain_without) == (pain_with, pain_without)
    assert f"next-morning pain was {wording}" in beside.message
    assert beside.message.endswith("Correlation, not cause.")
    assert beside.to_json()["kind"] == "correlation"
    assert beside.difference == pain_with - pain_without


def test_a_habit_is_set_beside_the_next_mornings_pain_not_the_same_days() -> None:
    days = [day(n, **SLEPT) for n in range(MIN_DAYS_TO_COMPARE)]
    same_day = {MONDAY + timedelta(days=n): 3 for n in range(MIN_DAYS_TO_COMPARE)}
    beside = habit_beside_pain(days, same_day, "sleep_hours")
    assert beside.days_with == MIN_DAYS_TO_COMPARE - 1  # the last day has no next morning here


def test_days_without_the_habit_recorded_or_without_a_morning_are_left_out() -> None:
    days = [day(0, **SLEPT), day(1), day(2, **SHORT)]
    beside = habit_beside_pain(days, {MONDAY + timedelta(days=1): 2}, "sleep_hours")
    assert (beside.days_with, beside.days_without) == (1, 0)


# --- the summary --------------------------------------------------------------------------------


def test_the_summary_has_every_habit_once_and_says_it_is_a_correlation() -> None:
    days, morning = nights(MIN_DAYS_TO_COMPARE, MIN_DAYS_TO_COMPARE, pain_with=2, pain_without=5)
    summary = summarise_habits(days, morning, on=MONDAY + timedelta(days=9), window_days=10)
    assert [s.habit for s in summary.streaks] == list(HABITS)
    assert [b.habit for b in summary.beside_pain] == list(HABITS)
    shown = summary.to_json()
    assert shown["note"] == CORRELATION_NOTE
    assert "a correlation, not a cause" in shown["note"]
    assert shown["rule"] == "REC-HABITS-CORRELATION"
    assert all(b["kind"] == "correlation" for b in shown["beside_next_morning_pain"])


def test_the_summary_only_looks_at_days_in_its_window() -> None:
    days, morning = nights(MIN_DAYS_TO_COMPARE, MIN_DAYS_TO_COMPARE, pain_with=2, pain_without=5)
    summary = summarise_habits(days, morning, on=MONDAY + timedelta(days=9), window_days=3)
    sleep = next(b for b in summary.beside_pain if b.habit == "sleep_hours")
    assert sleep.days_with + sleep.days_without <= 3
    assert sleep.message.startswith("Too few days yet")


@pytest.mark.parametrize("window", [0, -7])
def test_a_window_of_no_days_is_refused(window: int) -> None:
    with pytest.raises(InputError) as caught:
        summarise_habits([], {}, on=MONDAY, window_days=window)
    assert caught.value.field == "days"


def test_the_correlation_rule_is_registered_with_the_same_words() -> None:
    rule = next(r for r in RULES if r.id == "REC-HABITS-CORRELATION")
    assert rule.area == "recovery"
    assert rule.message == CORRELATION_NOTE


# --- property: never a cause -----------------------------------------------------------------------

_habit_days = st.lists(
    st.builds(lambda n, sleep: day(n, sleep_hours=sleep), st.integers(0, 40),
              st.none() | st.sampled_from([5.0, 6.5, 7.0, 8.0])),
    max_size=40, unique_by=lambda d: d.on)
_mornings = st.dictionaries(st.integers(0, 41).map(lambda n: MONDAY + timedelta(days=n)),
                            st.integers(0, 10), max_size=42)


@given(_habit_days, _mornings)
def test_a_habit_beside_pain_is_never_called_a_cause(days: list[HabitDay],
                                                      morning: dict[date, int]) -> None:
    beside = habit_beside_pain(days, morning, "sleep_hours")
    enough = min(beside.days_with, beside.days_without) >= MIN_DAYS_TO_COMPARE
    if enough:
        assert beside.message.endswith("Correlation, not cause.")
    else:
        assert beside.message.startswith("Too few days yet")
    assert "because" not in beside.message.lower()
    assert beside.to_json()["kind"] == "correlation"
