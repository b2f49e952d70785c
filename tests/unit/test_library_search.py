"""Searching the library by words: every word must match at a word's start, names first."""

from __future__ import annotations

from spinewise.exercise_lookup import search_exercises
from spinewise.library import load_catalog


def ids(text: str) -> list[str]:
    return [e.id for e in search_exercises(text, list(load_catalog()))]


def test_an_empty_search_keeps_every_exercise_in_order() -> None:
    assert ids("") == ids("   ") == [e.id for e in load_catalog()]


def test_a_name_in_any_case_or_punctuation_finds_the_exercise_first() -> None:
    assert ids("GOBLET-squat")[0] == "goblet_squat"
    assert ids("bird dog")[0] == "bird_dog"


def test_every_word_must_match() -> None:
    found = ids("goblet squat")
    assert "goblet_squat" in found and "bodyweight_squat" not in found


def test_words_match_at_their_start_only() -> None:
    assert "dead_bug" in ids("dead")
    assert not [i for i in ids("ead") if "dead" in i]  # inside a word: no match


def test_an_alias_or_a_word_of_the_description_finds_it() -> None:
    assert "bodyweight_squat" in ids("air squat")
    assert ids("zzzz") == []
    names_first = ids("hinge")
    assert names_first and all(load_catalog()[i].pattern == "hinge" or "hinge" in i for i in names_first[:3])
