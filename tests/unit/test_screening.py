"""Every screening rule, the levels, pattern, irritability and STarT Back scoring."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from spinewise.domain.intake import parse_intake
from spinewise.domain.rules import all_rules
from spinewise.domain.screening import FLAG_CHECKS, LEVELS, screen_intake
from tests.conftest import intake
from tests.strategies import valid_intakes


def screened(**overrides):
    return screen_intake(parse_intake(intake(**overrides)))


def fired(result):
    return [r.rule for r in result.reasons]


RULE_CASES = [
    ("RF-CES-SADDLE", {"red_flags": {"saddle_numbness": True}}, "emergency"),
    ("RF-CES-BLADDER", {"red_flags": {"bladder_change": True}}, "emergency"),
    ("RF-CES-BOWEL", {"red_flags": {"bowel_incontinence": True}}, "emergency"),
    ("RF-CES-SEXUAL", {"red_flags": {"sexual_dysfunction": True}}, "emergency"),
    ("RF-CES-BILATERAL", {"red_flags": {"bilateral_leg_symptoms": True}}, "emergency"),
    ("RF-NEURO-PROGRESSIVE", {"red_flags": {"progressive_weakness": True}}, "emergency"),
    ("RF-VASCULAR-AAA", {"red_flags": {"pulsating_abdomen": True}}, "emergency"),
    ("RF-FRACTURE-TRAUMA-NEURO", {"onset": "major_trauma", "symptoms": {"numbness_or_tingling": True}}, "emergency"),
    ("RF-FRACTURE-MAJOR-TRAUMA", {"onset": "major_trauma"}, "urgent"),
    ("RF-FRACTURE-MINOR-TRAUMA-RISK", {"onset": "minor_trauma", "red_flags": {"osteoporosis": True}}, "urgent"),
    ("RF-FRACTURE-MINOR-TRAUMA-RISK", {"onset": "minor_trauma", "age": 74}, "urgent"),
    ("RF-FRACTURE-RISK-COMBINED", {"red_flags": {"osteoporosis": True, "long_term_steroids": True}}, "urgent"),
    ("RF-FRACTURE-RISK-COMBINED", {"age": 72, "red_flags": {"long_term_steroids": True}}, "urgent"),
    ("RF-INFECTION-SYSTEMIC", {"red_flags": {"fever_or_chills": True}}, "urgent"),
    ("RF-INFECTION-SYSTEMIC", {"red_flags": {"systemically_unwell": True}}, "urgent"),
    ("RF-INFECTION-RISK-NEW-PAIN", {"red_flags": {"iv_drug_use": True}, "pain": {"now": 3, "duration_weeks": 2}}, "urgent"),
    ("RF-INFECTION-RISK-NEW-PAIN", {"red_flags": {"immunosuppressed": True}}, "urgent"),
    ("RF-INFECTION-RISK", {"red_flags": {"recent_infection": True}, "pain": {"now": 3, "duration_weeks": 30}}, "urgent"),
    ("RF-MALIGNANCY-HISTORY", {"red_flags": {"cancer_history": True}}, "urgent"),
    ("RF-MALIGNANCY-WEIGHT-LOSS", {"red_flags": {"unexplained_weight_loss": True}}, "urgent"),
    ("RF-NONMECH-PROGRESSIVE", {"red_flags": {"constant_progressive_pain": True}}, "urgent"),
    ("RF-NONMECH-NIGHT-RISK", {"age": 58, "red_flags": {"night_pain_unrelieved": True}}, "urgent"),
    ("RF-NONMECH-NIGHT", {"age": 30, "red_flags": {"night_pain_unrelieved": True}}, "refer"),
    ("RF-INFLAMMATORY", {"age": 30, "pain": {"now": 3, "duration_weeks": 26}, "red_flags": {"morning_stiffness_over_30min": True}}, "refer"),
    ("SIGN-SHOOTING-LEG-PAIN", {"symptoms": {"sharp_shooting_leg_pain": True}}, "refer"),
    ("SIGN-UNEXPLAINED-NUMBNESS", {"symptoms": {"numbness_or_tingling": True}}, "refer"),
    ("SIGN-WORSE-LIGHT-ACTIVITY", {"symptoms": {"worse_with_light_activity": True}}, "refer"),
    ("SIGN-ONE-SIDED-WEAKNESS", {"symptoms": {"one_sided_weakness": True}}, "refer"),
    ("SIGN-SEVERE-PAIN", {"pain": {"now": 8}}, "refer"),
]


def test_every_red_flag_rule_has_a_case():
    assert {case[0] for case in RULE_CASES} == set(FLAG_CHECKS)


@pytest.mark.parametrize(("rule", "overrides", "level"), RULE_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(RULE_CASES)])
def test_each_rule_fires_and_sets_its_level(rule, overrides, level):
    result = screened(**overrides)
    assert rule in fired(result)
    assert result.level == level
    assert all_rules()[rule].level == level


@pytest.mark.parametrize(("rule", "overrides"), [
    ("RF-INFLAMMATORY", {"age": 60, "pain": {"now": 3, "duration_weeks": 26}, "red_flags": {"morning_stiffness_over_30min": True}}),
    ("RF-INFLAMMATORY", {"age": 30, "pain": {"now": 3, "duration_weeks": 4}, "red_flags": {"morning_stiffness_over_30min": True}}),
    ("RF-FRACTURE-RISK-COMBINED", {"red_flags": {"osteoporosis": True}}),
    ("SIGN-UNEXPLAINED-NUMBNESS", {"symptoms": {"numbness_or_tingling": True, "numbness_explained": True}}),
    ("SIGN-SEVERE-PAIN", {"pain": {"now": 7}}),
    ("RF-INFECTION-RISK-NEW-PAIN", {"red_flags": {"recent_infection": True}, "pain": {"now": 3, "duration_weeks": 30}}),
])
def test_rules_do_not_fire_just_outside_their_criteria(rule, overrides):
    assert rule not in fired(screened(**overrides))


def test_clinician_clearance_lowers_refer_to_modify():
    result = screened(symptoms={"sharp_shooting_leg_pain": True}, clinician_cleared=True)
    assert result.level == "modify"
    assert "CLEAR-CLINICIAN" in fired(result)
    assert "SIGN-SHOOTING-LEG-PAIN" in fired(result)


@pytest.mark.parametrize("flags", [{"saddle_numbness": True}, {"cancer_history": True}, {"fever_or_chills": True}])
def test_clinician_clearance_never_lowers_emergency_or_urgent(flags):
    result = screened(red_flags=flags, clinician_cleared=True)
    assert result.level in ("emergency", "urgent")
    assert "CLEAR-CLINICIAN" not in fired(result)


def test_the_most_serious_level_wins():
    result = screened(red_flags={"saddle_numbness": True, "cancer_history": True},
                      symptoms={"sharp_shooting_leg_pain": True})
    assert result.level == "emergency"
    assert {"RF-CES-SADDLE", "RF-MALIGNANCY-HISTORY", "SIGN-SHOOTING-LEG-PAIN"} <= set(fired(result))


@pytest.mark.parametrize(("overrides", "primary", "intolerances"), [
    ({"aggravating": {"sitting": True, "bending_forward": True, "cough_sneeze": True}, "easing": {"walking": True}},
     "flexion_sensitive", {"flexion", "axial_load"}),
    ({"aggravating": {"standing_long": True, "arching_back": True}, "easing": {"sitting": True}},
     "extension_sensitive", {"extension", "axial_load"}),
    ({"aggravating": {"arching_back": True, "overhead": True}}, "extension_sensitive", {"extension"}),
    ({"symptoms": {"leg_pain": True, "pain_below_knee": True}, "clinician_cleared": True}, "nerve_related", {"axial_load", "asymmetric_load"}),
    ({"aggravating": {"sitting": True, "bending_forward": True, "arching_back": True, "standing_long": True}}, "mixed", {"flexion", "extension", "axial_load"}),
    ({"symptoms": {"localized_tender_muscle": True}}, "muscular_nonspecific", set()),
    ({"aggravating": {"twisting": True}}, "muscular_nonspecific", {"rotation", "asymmetric_load"}),
    ({"pain": {"now": 0, "average_week": 0}}, "none", set()),
])
def test_pattern_and_intolerances(overrides, primary, intolerances):
    result = screened(**overrides)
    assert result.pattern.primary == primary
    assert set(result.pattern.intolerances) == intolerances


@pytest.mark.parametrize(("pain", "level"), [
    ({"now": 2, "average_week": 2, "settles_within_hours": 0.25}, "low"),
    ({"now": 3, "average_week": 3}, "low"),
    ({"now": 5, "average_week": 4, "settles_within_hours": 0.5}, "moderate"),
    ({"now": 2, "average_week": 2, "settles_within_hours": 1.5}, "moderate"),
    ({"now": 2, "average_week": 2, "settles_within_hours": 4}, "high"),
    ({"now": 7, "average_week": 6}, "high"),
])
def test_irritability_from_severity_and_settling_time(pain, level):
    assert screened(pain=pain).irritability == level


def test_easily_provoked_pain_is_highly_irritable():
    result = screened(red_flags={"night_pain_unrelieved": True}, age=30)
    assert result.irritability == "high"


@pytest.mark.parametrize(("psychosocial", "symptoms", "risk", "total", "subscale"), [
    ({"worrying_thoughts": False}, {}, "low", 0, 0),
    ({"bothersomeness": "not_at_all"}, {"leg_pain": True}, "low", 1, 0),
    ({"walked_only_short_distances": True, "dressed_more_slowly": True}, {"leg_pain": True}, "low", 3, 0),
    ({"walked_only_short_distances": True, "unsafe_to_be_active": True, "worrying_thoughts": True},
     {"neck_or_shoulder_pain": True}, "medium", 4, 2),
    ({"unsafe_to_be_active": True, "worrying_thoughts": True, "never_get_better": True, "bothersomeness": "extremely"},
     {}, "high", 4, 4),
    ({"unsafe_to_be_active": True, "worrying_thoughts": True, "never_get_better": True, "bothersomeness": "moderately",
      "walked_only_short_distances": True}, {}, "medium", 4, 3),
])
def test_start_back_scoring_method(psychosocial, symptoms, risk, total, subscale):
    result = screened(psychosocial=psychosocial, symptoms=symptoms)
    assert (result.psychosocial.risk, result.psychosocial.total, result.psychosocial.psychosocial_subscale) == (risk, total, subscale)


def test_pain_free_person_is_clear():
    result = screened(pain={"now": 0, "average_week": 0, "worst_week": 1})
    assert result.level == "clear"
    assert fired(result) == ["CLEAR-NO-PAIN"]


def test_every_output_carries_the_disclaimer_and_never_says_diagnosis():
    doc = screened().to_json()
    assert doc["disclaimer"]
    text = " ".join(r["message"] for r in doc["reasons"]).lower()
    assert "you have" not in text and "diagnosed" not in text


def test_serious_levels_say_where_to_go_and_patterns_say_consistent_with():
    for rule in all_rules().in_area("screening"):
        m = rule.message.lower()
        if rule.level in ("emergency", "urgent", "refer"):
            assert any(w in m for w in ("emergency department", "see a doctor", "see a physiotherapist")), rule.id
        if rule.id.startswith("PATTERN-") and rule.id != "PATTERN-ROTATION":
            assert "consistent with" in m or "pattern" in m, rule.id


# --- Hypothesis: screening never raises on any valid intake ---------------------

@settings(max_examples=300, deadline=None)
@given(valid_intakes())
def test_screening_never_raises_and_level_is_most_serious_reason(doc):
    result = screen_intake(parse_intake(doc))
    assert result.level in LEVELS
    flag_levels = [LEVELS.index(r.level) for r in result.reasons if r.rule in FLAG_CHECKS]
    if flag_levels and min(flag_levels) <= LEVELS.index("urgent"):
        assert result.level == LEVELS[min(flag_levels)]
    assert result.to_json()["disclaimer"]
