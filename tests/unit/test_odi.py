"""The Oswestry Disability Index from section scores: worked examples of the scoring,
the bands, the blank sections and the change that matters."""

from __future__ import annotations

import pytest

from spinewise.domain.assessments import odi_change
from spinewise.domain.errors import InputError
from spinewise.domain.odi import ODI_SECTIONS, odi_band, odi_sections, score_odi
from spinewise.domain.rules import all_rules


def _sections(scores: list[int | None]) -> dict[int, int]:
    return {n: s for n, s in zip(range(1, 11), scores, strict=True) if s is not None}


def test_all_ten_sections_answered_score_the_total_over_fifty() -> None:
    # 3+2+2+1+3+2+1+0+2+2 = 18 of 50 -> 36%
    score = score_odi(_sections([3, 2, 2, 1, 3, 2, 1, 0, 2, 2]))
    assert (score.total, score.answered, score.percent) == (18, 10, 36.0)
    assert score.band == "moderate"
    assert score.unanswered == ()


def test_one_blank_section_scores_over_forty_five() -> None:
    # section 8 blank: 18 of 45 -> 40.0%, still the moderate band (21-40)
    score = score_odi(_sections([3, 2, 2, 1, 3, 2, 1, None, 2, 2]))
    assert (score.total, score.answered, score.percent) == (18, 9, 40.0)
    assert score.band == "moderate"
    assert score.unanswered == (8,)


def test_two_blank_sections_score_over_forty() -> None:
    # sections 8 and 10 blank: 20 of 40 -> 50%, severe (41-60)
    score = score_odi(_sections([3, 3, 3, 2, 3, 2, 2, None, 2, None]))
    assert (score.total, score.answered, score.percent) == (20, 8, 50.0)
    assert score.band == "severe"
    assert score.to_json()["unanswered"] == [8, 10]


def test_three_blank_sections_are_refused_naming_the_field() -> None:
    with pytest.raises(InputError) as caught:
        score_odi(_sections([3, 3, 3, 2, 3, 2, None, None, 2, None]))
    assert caught.value.field == "sections"
    assert "at least 8 of the 10" in caught.value.message
    assert "blank: 7, 8, 10" in caught.value.message


def test_a_fraction_of_a_percent_is_rounded_to_one_decimal() -> None:
    # 20 of 45 -> 44.44...%
    score = score_odi(_sections([3, 3, 3, 2, 3, 2, 2, None, 2, 0]))
    assert score.percent == 44.4
    assert score.band == "severe"


@pytest.mark.parametrize(("percent", "band"), [
    (0, "minimal"), (20, "minimal"), (20.5, "moderate"), (21, "moderate"), (40, "moderate"),
    (41, "severe"), (60, "severe"), (61, "very_severe"), (80, "very_severe"), (81, "extreme"),
    (100, "extreme"),
])
def test_the_published_bands_hold_at_their_edges(percent: float, band: str) -> None:
    assert odi_band(percent)[0] == band


def test_every_score_zero_and_every_score_five_are_the_ends_of_the_scale() -> None:
    assert score_odi(_sections([0] * 10)).percent == 0
    assert score_odi(_sections([5] * 10)).percent == 100


def test_sections_are_read_from_json_with_blank_ones_left_out() -> None:
    read = odi_sections({"sections": {"1": 3, "2": 1.0, "10": 0}})
    assert read == {1: 3, 2: 1, 10: 0}


@pytest.mark.parametrize(("values", "field"), [
    ({"sections": {"11": 2}}, "sections"),
    ({"sections": {"x": 2}}, "sections"),
    ({"sections": {"01": 2}}, "sections"),
    ({"sections": {"4": None}}, "sections.4"),
    ({"sections": {"4": 6}}, "sections.4"),
    ({"sections": {"4": -1}}, "sections.4"),
    ({"sections": {"4": True}}, "sections.4"),
    ({"sections": {"4": "3"}}, "sections.4"),
    ({"sections": [1, 2, 3]}, "sections"),
    ({"scores": {}}, "scores"),
    ([], "values"),
])
def test_bad_section_input_names_the_field(values: object, field: str) -> None:
    with pytest.raises(InputError) as caught:
        odi_sections(values)
    assert caught.value.field == field


def test_ten_points_is_the_smallest_change_that_matters() -> None:
    assert odi_change(46.0, 36.0).meaningful
    assert odi_change(46.0, 36.0).direction == "better"
    assert not odi_change(46.0, 36.1).meaningful
    worse = odi_change(20.0, 32.0)
    assert worse.meaningful and worse.direction == "worse"
    assert worse.rule == "PROG-OUTCOME-ODI-CHANGE"


def test_the_sections_have_neutral_topic_names_and_the_rules_a_source() -> None:
    assert [n for n, _ in ODI_SECTIONS] == list(range(1, 11))
    assert all(len(topic.split()) <= 2 for _, topic in ODI_SECTIONS)
    rules = all_rules()
    assert "Fairbank" in rules["PROG-OUTCOME-ODI"].source
    assert "Ostelo" in rules["PROG-OUTCOME-ODI-CHANGE"].source


def test_each_measure_is_tracked_from_the_first_to_the_latest_against_its_threshold() -> None:
    from datetime import date

    from spinewise.domain.assessments import outcome_track

    odi = outcome_track("odi", [(date(2026, 3, 1), 30.0), (date(2026, 1, 5), 46.0), (date(2026, 2, 2), 40.0)])
    shown = odi.to_json()
    assert (shown["first"], shown["latest"], shown["smallest_change"]) == (46.0, 30.0, "10 points")
    assert shown["change"]["meaningful"] and shown["change"]["direction"] == "better"
    assert shown["change"]["by"] == -16.0
    nprs = outcome_track("nprs", [(date(2026, 1, 5), 6), (date(2026, 2, 5), 5)]).to_json()
    assert not nprs["change"]["meaningful"]
    psfs = outcome_track("psfs", [(date(2026, 1, 5), 3.0), (date(2026, 2, 5), 5.0)]).to_json()
    assert psfs["change"]["meaningful"] and psfs["change"]["direction"] == "better"
    assert outcome_track("odi", [(date(2026, 1, 5), 30.0)]).to_json()["change"] is None
