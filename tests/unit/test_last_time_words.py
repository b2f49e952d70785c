""""Last time" in words: the sets of the last session, short enough for a phone."""

from __future__ import annotations

from datetime import date

from spinewise.store.gym import EarlierSet
from spinewise.training.gym_mode import describe_sets

DAY = date(2026, 3, 2)


def done(reps: int | None = 8, load_kg: float | None = 20.0, seconds: int | None = None, pain: int = 2) -> EarlierSet:
    return EarlierSet(1, DAY, "goblet_squat", reps, seconds, load_kg, pain)


def test_the_same_set_repeated_reads_as_sets_times_reps_at_load() -> None:
    assert describe_sets([done(), done(), done()], "kg") == "3 × 8 @ 20 kg"


def test_sets_that_differ_are_each_said() -> None:
    assert describe_sets([done(8, 20.0), done(6, 22.5)], "kg") == "8 @ 20 kg, 6 @ 22.5 kg"


def test_loads_are_said_in_the_person_s_unit() -> None:
    assert describe_sets([done(5, 102.058)], "lb") == "1 × 5 @ 225 lb"


def test_holds_and_bodyweight_sets_have_no_load() -> None:
    assert describe_sets([done(None, None, seconds=30)] * 2, "kg") == "2 × 30 s"
    assert describe_sets([done(10, None)], "kg") == "1 × 10"
