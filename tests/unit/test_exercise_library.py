"""Tests on the exercise library data (src/spinewise/data/exercises.toml).

They check that the shipped library loads, covers what the planner and the
contracts need, follows the rating method's reference points
(docs/spine-ratings.md, from SPINE-LOADS.md), and that its progression links
make sense. The validator itself lives in spinewise.domain.catalog.
"""

from __future__ import annotations

from collections import Counter

import pytest

from spinewise.domain.catalog import EQUIPMENT, PATTERNS, ROLES, SPINE_AXES, parse_catalog
from spinewise.domain.errors import CatalogError
from spinewise.library import load_catalog

CONTRACT_IDS = (
    "goblet_squat",
    "barbell_back_squat",
    "trap_bar_deadlift",
    "conventional_deadlift",
    "block_pull",
    "bird_dog",
    "dead_bug",
    "split_squat",
    "step_up",
    "cat_cow",
    "glute_bridge",
    "hip_swing",
    "plank",
    "side_plank",
    "farmers_carry",
    "suitcase_carry",
    "hollow_hold",
    "pallof_press",
    "mcgill_curl_up",
    "sit_up",
)

# Exercises the source article names (besides the contract ids above).
ARTICLE_IDS = (
    "foam_roll_glutes",
    "foam_roll_thoracic",
    "band_pull_apart",
    "banded_lateral_walk",
    "neutral_grip_bench_press",
    "neutral_grip_pullup",
    "seated_neutral_grip_bar_press",
    "heel_elevated_goblet_squat",
    "treadmill_walk",
    "bike_easy",
    "childs_pose",
)

# Lifts known to be hard on a sensitive back: they must be present so the planner
# can recognise, exclude or substitute them.
SPINE_UNFRIENDLY_IDS = (
    "sit_up",
    "crunch",
    "russian_twist",
    "prone_superman",
    "back_extension",
    "good_morning",
    "romanian_deadlift",
    "bent_over_barbell_row",
    "barbell_back_squat",
    "conventional_deadlift",
    "sumo_deadlift",
    "standing_overhead_press",
    "toe_touch_stretch",
    "knee_to_chest_stretch",
    "hanging_leg_raise",
    "kettlebell_swing",
)

# Reference points from SPINE-LOADS.md: id -> allowed values per axis (axial, flexion,
# extension, rotation). A set is used where the table gives a range.
ANCHORS: dict[str, tuple[set[int], set[int], set[int], set[int]]] = {
    "sit_up": ({3}, {3}, {0}, {0}),
    "crunch": ({1}, {2}, {0}, {0}),
    "mcgill_curl_up": ({1}, {1}, {0}, {0}),
    "side_plank": ({2}, {0}, {0}, {1}),
    "side_plank_knees": ({1}, {0}, {0}, {1}),
    "plank": ({1}, {0}, {1}, {0}),
    "bird_dog": ({2}, {0}, {1}, {1}),
    "dead_bug": ({1}, {0}, {1}, {0}),
    "hollow_hold": ({2}, {1}, {2}, {0}),
    "hanging_leg_raise": ({2}, {2}, {1}, {0}),
    "barbell_rollout": ({2}, {0}, {2}, {0}),
    "russian_twist": ({2}, {2}, {0}, {3}),
    "prone_superman": ({3}, {0}, {3}, {0}),
    "back_extension": ({3}, {2}, {2}, {0}),
    "glute_bridge": ({1}, {0}, {1}, {0}),
    "hip_thrust": ({2}, {0}, {1, 2}, {0}),
    "pallof_press": ({1}, {0}, {0}, {1}),
    "cable_wood_chop": ({2}, {1}, {1}, {2}),
    "one_arm_standing_cable_row": ({2}, {1}, {0}, {2}),
    "barbell_back_squat": ({3}, {2}, {1}, {0}),
    "goblet_squat": ({2}, {1}, {1}, {0}),
    "front_squat": ({2}, {1}, {1}, {0}),
    "conventional_deadlift": ({3}, {3}, {1}, {0}),
    "sumo_deadlift": ({3}, {3}, {1}, {0}),
    "trap_bar_deadlift": ({3}, {2, 3}, {1}, {0}),
    "block_pull": ({3}, {2}, {1}, {0}),
    "romanian_deadlift": ({3}, {3}, {0}, {0}),
    "good_morning": ({3}, {3}, {0}, {0}),
    "kettlebell_swing": ({2}, {2}, {1}, {0}),
    "bent_over_barbell_row": ({3}, {3}, {0}, {0}),
    "inverted_row": ({1}, {0}, {0}, {0}),
    "push_up": ({1}, {0}, {1}, {0}),
    "pull_up": ({2}, {0}, {1}, {0}),
    "chin_up": ({2}, {0}, {1}, {0}),
    "standing_overhead_press": ({2}, {0}, {2}, {0}),
    "barbell_bench_press": ({1}, {0}, {1}, {0}),
    "farmers_carry": ({1}, {0}, {0}, {0}),
    "suitcase_carry": ({2}, {0}, {0}, {2}),
    "split_squat": ({2}, {1}, {1}, {1}),
    "leg_press": ({1}, {2}, {0}, {0}),
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_library_loads_with_enough_exercises(catalog) -> None:
    assert len(catalog) >= 150


@pytest.mark.parametrize("exercise_id", CONTRACT_IDS + ARTICLE_IDS + SPINE_UNFRIENDLY_IDS)
def test_required_exercise_present(catalog, exercise_id: str) -> None:
    assert exercise_id in catalog


def test_every_equipment_value_has_gear_advice(catalog) -> None:
    for value in EQUIPMENT:
        assert value in catalog.gear, value
        gear = catalog.gear[value]
        assert gear.in_intake
        assert gear.name.strip() and gear.advice.strip() and gear.source.strip()
    for extra in ("compression_sleeves", "supportive_footwear"):
        assert extra in catalog.gear
        assert not catalog.gear[extra].in_intake


def test_gear_sources_resolve(catalog) -> None:
    for gear in catalog.gear.values():
        assert gear.source in catalog.sources, gear.id


def test_belt_advice_puts_core_strength_first(catalog) -> None:
    advice = catalog.gear["belt"].advice.lower()
    assert "core" in advice
    assert "do not prevent" in advice


@pytest.mark.parametrize("value", [v for v in EQUIPMENT if v != "belt"])
def test_every_equipment_value_is_used_by_an_exercise(catalog, value: str) -> None:
    assert any(value in e.equipment for e in catalog), value


def test_no_exercise_requires_a_belt(catalog) -> None:
    assert not any("belt" in e.equipment for e in catalog)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_pattern_has_at_least_three_exercises(catalog, pattern: str) -> None:
    assert sum(e.pattern == pattern for e in catalog) >= 3


@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_at_least_five_exercises(catalog, role: str) -> None:
    assert sum(role in e.roles for e in catalog) >= 5


def test_role_minimums_for_the_planner(catalog) -> None:
    roles = Counter(r for e in catalog for r in e.roles)
    assert roles["warmup"] >= 25
    assert roles["core"] >= 25
    assert roles["cooldown"] >= 12
    assert roles["conditioning"] >= 10
    assert sum(1 for e in catalog if {"main", "accessory"} & set(e.roles)) >= 50


@pytest.mark.parametrize("pattern", ["lunge", "hinge"])
def test_unilateral_options_exist(catalog, pattern: str) -> None:
    assert sum(e.unilateral for e in catalog if e.pattern == pattern) >= 3


@pytest.mark.parametrize("exercise_id", sorted(ANCHORS))
def test_anchor_ratings_follow_spine_loads_table(catalog, exercise_id: str) -> None:
    exercise = catalog[exercise_id]
    for axis, allowed in zip(SPINE_AXES, ANCHORS[exercise_id], strict=True):
        value = getattr(exercise.spine, axis)
        assert value in allowed, f"{exercise_id}.{axis} = {value}, table says {sorted(allowed)}"


def test_cat_cow_is_rated_by_the_motion_rule(catalog) -> None:
    # repeated mid-range flexion and extension, bodyweight only -> 2 and 2
    spine = catalog["cat_cow"].spine
    assert (spine.flexion, spine.extension) == (2, 2)


def test_every_spine_source_is_cited(catalog) -> None:
    for exercise in catalog:
        for key in exercise.provenance.sources:
            assert catalog.sources[key].citation.strip()


def test_pure_estimates_are_marked_as_estimates(catalog) -> None:
    for exercise in catalog:
        marks = set(exercise.provenance.evidence.values())
        if list(exercise.provenance.sources) == ["spinewise_estimate"]:
            assert marks == {"E"}, exercise.id


def test_first_regression_is_never_harder_on_the_spine(catalog) -> None:
    # the in-session monitor uses the first regression as the easier option
    for exercise in catalog:
        if not exercise.regressions:
            continue
        easier = catalog[exercise.regressions[0]]
        for axis in SPINE_AXES:
            assert getattr(easier.spine, axis) <= getattr(exercise.spine, axis), (
                f"{exercise.id}: first regression {easier.id} has higher {axis}"
            )
        assert easier.phase_index <= exercise.phase_index, exercise.id


def test_links_point_one_way(catalog) -> None:
    for exercise in catalog:
        for target in exercise.progressions:
            assert exercise.id not in catalog[target].progressions, (exercise.id, target)
            assert catalog[target].phase_index >= exercise.phase_index, (exercise.id, target)
        for target in exercise.regressions:
            assert exercise.id not in catalog[target].regressions, (exercise.id, target)


def test_main_and_core_exercises_mostly_have_a_regression(catalog) -> None:
    candidates = [e for e in catalog if {"main", "core"} & set(e.roles)]
    with_regression = [e for e in candidates if e.regressions]
    assert len(with_regression) >= 0.9 * len(candidates)


def test_every_loaded_exercise_has_a_breathing_cue(catalog) -> None:
    for exercise in catalog:
        if exercise.loaded:
            assert any("inhale" in c.lower() or "exhale" in c.lower() for c in exercise.cues), (
                exercise.id
            )


def test_loaded_rep_exercises_have_a_tempo(catalog) -> None:
    for exercise in catalog:
        if exercise.loaded and exercise.dose == "reps":
            assert exercise.default_tempo, exercise.id


def test_cues_are_short_lists(catalog) -> None:
    for exercise in catalog:
        assert 2 <= len(exercise.cues) <= 4, exercise.id


def test_no_duplicate_names_and_aliases_resolve(catalog) -> None:
    names = Counter(e.name.lower() for e in catalog)
    assert [n for n, k in names.items() if k > 1] == []
    for exercise in catalog:
        for text in (exercise.name, *exercise.aliases):
            assert catalog.find(text) is exercise, text


def test_heavy_barbell_lifts_are_not_foundation(catalog) -> None:
    for exercise_id in (
        "barbell_back_squat",
        "front_squat",
        "conventional_deadlift",
        "sumo_deadlift",
        "trap_bar_deadlift",
        "barbell_bench_press",
        "standing_overhead_press",
    ):
        assert catalog[exercise_id].phase_min in ("patterning", "strength"), exercise_id


def test_each_restriction_leaves_options_in_every_role(catalog) -> None:
    rules = {
        "flexion": lambda e: e.spine.flexion < 2,
        "extension": lambda e: e.spine.extension < 2,
        "rotation": lambda e: e.spine.rotation < 2,
        "axial_load": lambda e: e.spine.axial < 3,
    }
    for name, allowed in rules.items():
        for role in ROLES:
            assert sum(1 for e in catalog if role in e.roles and allowed(e)) >= 5, (name, role)


# --- a broken library is rejected ---------------------------------------------------

_GOOD = """
[sources.spinewise_estimate]
citation = "spinewise estimate"

[[exercise]]
id = "{id_a}"
name = "Exercise A"
pattern = "squat"
roles = ["main"]
equipment = ["bodyweight"]
spine = {{ axial = 1, flexion = 0, extension = 0, rotation = 0 }}
spine_evidence = {{ axial = "E", flexion = "E", extension = "E", rotation = "E" }}
spine_sources = ["spinewise_estimate"]
spine_basis = "test"
asymmetric = false
unilateral = false
impact = "none"
skill = 1
loaded = {loaded}
phase_min = "foundation"
dose = "reps"
default_tempo = "3-1-2"
regressions = [{regression}]
progressions = []
cues = [{cues}]
purpose = "test"
"""


def _library(
    *,
    regression: str = "",
    loaded: str = "false",
    cues: str = '"Inhale and brace; exhale with control."',
    id_a: str = "exercise_a",
) -> str:
    return _GOOD.format(regression=regression, loaded=loaded, cues=cues, id_a=id_a)


def test_minimal_library_parses() -> None:
    catalog = parse_catalog(_library())
    assert "exercise_a" in catalog


def test_dangling_regression_is_rejected() -> None:
    with pytest.raises(CatalogError, match="no_such_exercise"):
        parse_catalog(_library(regression='"no_such_exercise"'))


def test_self_link_is_rejected() -> None:
    with pytest.raises(CatalogError, match="exercise_a"):
        parse_catalog(_library(regression='"exercise_a"'))


def test_loaded_exercise_without_breathing_cue_is_rejected() -> None:
    with pytest.raises(CatalogError, match="breathing"):
        parse_catalog(_library(loaded="true", cues='"Stand up straight."'))


def test_unknown_equipment_is_rejected() -> None:
    with pytest.raises(CatalogError, match="stability_ball"):
        parse_catalog(
            _library().replace('equipment = ["bodyweight"]', 'equipment = ["stability_ball"]')
        )
