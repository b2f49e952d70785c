"""Finding an exercise from what was typed: ids and names in any case, and the closest
ones after a typo."""

from __future__ import annotations

import pytest

from spinewise.exercise_lookup import closest_exercises, find_exercise, no_exercise_message
from spinewise.library import load_catalog

CATALOG = load_catalog()


@pytest.mark.parametrize("typed", ["goblet squat", "Goblet Squat", "goblet_squat", "GOBLET-SQUAT",
                                   "  goblet squat  "])
def test_an_id_or_a_display_name_in_any_case_finds_the_exercise(typed: str) -> None:
    found = find_exercise(typed, CATALOG)
    assert found is not None and found.id == "goblet_squat"


def test_a_display_name_with_punctuation_finds_its_exercise() -> None:
    found = find_exercise("bird dog", CATALOG)  # the library calls it "Bird-dog"
    assert found is not None and found.id == "bird_dog"


@pytest.mark.parametrize("typed", ["gobblet squat", "", "   ", "squat squat squat"])
def test_a_typo_or_nothing_finds_no_exercise(typed: str) -> None:
    assert find_exercise(typed, CATALOG) is None


def test_the_closest_exercise_to_a_typo_comes_first() -> None:
    close = closest_exercises("gobblet squat", CATALOG)
    assert close[0].id == "goblet_squat"
    assert 1 <= len(close) <= 3 and len({e.id for e in close}) == len(close)


def test_the_message_names_the_typo_and_the_closest_id_with_its_name() -> None:
    message = no_exercise_message("gobblet squat", CATALOG)
    assert message.startswith("no exercise 'gobblet squat'; did you mean goblet_squat (Goblet squat)")
    assert message.endswith("?") and "\n" not in message


def test_nothing_close_offers_the_list_instead() -> None:
    assert closest_exercises("xyzzy", CATALOG) == []
    assert no_exercise_message("xyzzy", CATALOG) == "no exercise 'xyzzy'; `spinewise exercises` lists them"
