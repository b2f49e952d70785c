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


def test_notes_about_the_rating_go_to_the_evidence_and_tips_stay_with_the_lifter() -> None:
    from spinewise.web.words import is_load_arithmetic

    assert is_load_arithmetic("Above ~25 kg the twisting moment passes 40 N.m (rotation 2).")
    assert is_load_arithmetic("above about 30 kg the estimate passes 3,300 N (axial 3)")
    assert is_load_arithmetic("Even with light dumbbells this is a flexion-3 lift")
    assert not is_load_arithmetic("Raise the elbows off the floor to make it harder.")
    assert not is_load_arithmetic("Step further from the wall to make the hinge deeper.")
    tips = [e for e in load_catalog() if e.notes and not is_load_arithmetic(e.notes)]
    assert len(tips) > 40 and not [e.id for e in tips if " N " in e.notes or "N.m" in e.notes]


def test_every_exercise_has_notes_for_the_lifter_in_plain_words() -> None:
    """How it should feel and the common mistakes, written for every exercise: short,
    plain, and never about newtons or a diagnosis."""
    for e in load_catalog():
        for text in (e.feel, e.mistakes):
            assert 20 <= len(text) <= 200, (e.id, text)
            assert text[0].isupper() and text.endswith("."), (e.id, text)
            assert not is_load_arithmetic_text(text), (e.id, text)
            lowered = text.lower()
            for word in ("diagnos", "caused by", "because of your", "disc bulge", "herniat", "you have "):
                assert word not in lowered, (e.id, text)
    assert len({e.feel for e in load_catalog()}) > 170  # written for each, not one line pasted


def is_load_arithmetic_text(text: str) -> bool:
    from spinewise.web.words import is_load_arithmetic

    return is_load_arithmetic(text)
