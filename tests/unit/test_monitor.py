"""The in-session monitor: after a set, on a symptom report, at the next-morning check-in."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinewise.domain import monitor_rules
from spinewise.domain.catalog import Catalog
from spinewise.domain.errors import InputError
from spinewise.domain.monitor import (
    ACTIONS,
    EMERGENCY_SIGNS,
    SYMPTOMS,
    decide_after_set,
    decide_at_checkin,
    decide_on_symptoms,
    parse_monitor_input,
)
from spinewise.domain.rules import RuleRegistry
from tests.unit.tiny_catalog import tiny_catalog

CATALOG: Catalog = tiny_catalog()


def report(exercise: str = "goblet_squat", *, pain: int = 2, baseline: int = 2,
           load: float | None = 16, unit: str = "kg", rpe: float | None = 6,
           reps: int | None = 8, seconds: int | None = None,
           symptoms: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {"exercise": exercise,
            "set": {"reps": reps, "seconds": seconds, "load": load, "unit": unit, "rpe": rpe,
                    "pain": pain},
            "baseline_pain": baseline, "symptoms": symptoms or [], **extra}


def decide(doc: dict[str, Any]) -> dict[str, Any]:
    return decide_after_set(parse_monitor_input(doc), catalog=CATALOG).to_json()


# --- the decision table -------------------------------------------------------------------

CASES = [
    ("pain in the safe zone carries on",
     report(pain=2, baseline=2), "continue", ["MON-PAIN-GREEN"], None),
    ("pain of 4 within 2 of the usual 2 is acceptable",
     report(pain=4, baseline=2), "continue", ["MON-PAIN-GREEN"], None),
    ("pain of 5 with a usual of 4 is acceptable",
     report(pain=5, baseline=4), "continue", ["MON-PAIN-GREEN"], None),
    ("pain 3 above the usual lowers a dumbbell to the next one down about 20% lighter",
     report(pain=5, baseline=2, load=16), "adjust", ["MON-PAIN-AMBER"], ("load", 12.5)),
    ("amber with no load recorded switches to the first regression",
     report(pain=5, baseline=2, load=None), "adjust", ["MON-PAIN-AMBER"],
     ("regression", "box_squat")),
    ("amber on an unloaded exercise without a regression shortens the range",
     report("cat_cow", pain=4, baseline=0, load=None), "adjust", ["MON-PAIN-AMBER"],
     ("range", None)),
    ("amber on a hold without a regression shortens the hold",
     report("plank", pain=4, baseline=1, load=None, reps=None, seconds=30), "adjust",
     ["MON-PAIN-AMBER"], ("range", None)),
    ("amber on a loaded lift with no load to take off slows the tempo",
     report("trap_bar_deadlift", pain=4, baseline=0, load=None), "adjust", ["MON-PAIN-AMBER"],
     ("tempo", None)),
    ("amber on a trap bar in pounds takes 20% off in 5 lb steps",
     report("trap_bar_deadlift", pain=5, baseline=1, load=225, unit="lb"), "adjust",
     ["MON-PAIN-AMBER"], ("load", 180)),
    ("amber on a kettlebell goes down to a real bell size",
     report("kettlebell_deadlift", pain=5, baseline=1, load=16), "adjust",
     ["MON-PAIN-AMBER"], ("load", 12)),
    ("amber on a cable takes whole pins off",
     report("cable_row", pain=5, baseline=1, load=50), "adjust", ["MON-PAIN-AMBER"],
     ("load", 40)),
    ("pain climbing 2 points since the last set eases the next one",
     report(pain=3, baseline=2, previous_pain=1), "adjust", ["MON-PAIN-CLIMBING"],
     ("load", 12.5)),
    ("effort above the cap takes about a tenth off",
     report("trap_bar_deadlift", pain=1, baseline=1, load=100, rpe=9, rpe_max=7), "adjust",
     ["MON-RPE-OVER-CAP"], ("load", 90)),
    ("amber and effort over the cap both listed, the bigger cut wins",
     report("trap_bar_deadlift", pain=5, baseline=1, load=100, rpe=9, rpe_max=7), "adjust",
     ["MON-PAIN-AMBER", "MON-RPE-OVER-CAP"], ("load", 80)),
    ("pain above 5 skips the exercise",
     report(pain=6, baseline=2), "skip_exercise", ["MON-PAIN-RED"], None),
    ("a second red set in the session ends it",
     report(pain=6, baseline=2, earlier_red_sets=1), "end_session", ["MON-PAIN-RED-REPEAT"],
     None),
    ("pain of 7 ends the session",
     report(pain=7, baseline=2), "end_session", ["MON-PAIN-SEVERE"], None),
    ("pain of 6 is acceptable when the usual is 6",
     report(pain=6, baseline=6), "continue", ["MON-PAIN-USUAL"], None),
    ("pain of 8 is still within the allowance of a usual 6",
     report(pain=8, baseline=6, previous_pain=7), "continue", ["MON-PAIN-USUAL"], None),
    ("pain 3 above a usual 6 is red",
     report(pain=9, baseline=6), "skip_exercise", ["MON-PAIN-RED"], None),
    ("pain of 6 is red when the usual is 5",
     report(pain=6, baseline=5), "skip_exercise", ["MON-PAIN-RED"], None),
    ("pain of 10 ends the session whatever the usual",
     report(pain=10, baseline=8), "end_session", ["MON-PAIN-SEVERE"], None),
    ("sharp pain in a symmetric lift skips the exercise",
     report(pain=3, symptoms=["sharp_pain"]), "skip_exercise", ["MON-SHARP-PAIN"], None),
    ("sharp pain in an asymmetric carry ends the session",
     report("suitcase_carry", reps=None, seconds=30, pain=3, symptoms=["sharp_pain"]),
     "end_session", ["MON-SHARP-ONE-SIDED"], None),
    ("sharp pain in a unilateral lift ends the session",
     report("split_squat", pain=3, symptoms=["sharp_pain"]), "end_session",
     ["MON-SHARP-ONE-SIDED"], None),
    ("sharp pain felt on one side ends the session",
     report(pain=3, symptoms=["sharp_pain"], pain_one_sided=True), "end_session",
     ["MON-SHARP-ONE-SIDED"], None),
    ("tingling ends the session whatever the pain score",
     report(pain=0, baseline=0, symptoms=["tingling"]), "end_session", ["MON-NEURO-SYMPTOM"],
     None),
    ("numbness ends the session",
     report(pain=1, symptoms=["numbness"]), "end_session", ["MON-NEURO-SYMPTOM"], None),
    ("burning ends the session",
     report(pain=1, symptoms=["burning"]), "end_session", ["MON-NEURO-SYMPTOM"], None),
    ("leg pain spreading ends the session",
     report(pain=3, symptoms=["leg_pain_spreading"]), "end_session", ["MON-LEG-SPREAD"], None),
    ("feeling locked up ends the session",
     report(pain=3, symptoms=["locked_up"]), "end_session", ["MON-LOCKED-UP"], None),
    ("weakness on one side needs care",
     report(pain=2, symptoms=["one_sided_weakness"]), "seek_care", ["MON-WEAKNESS-ONE-SIDE"],
     None),
    ("saddle numbness is an emergency",
     report(pain=2, symptoms=["saddle_numbness"]), "seek_care", ["MON-EMERGENCY-SIGN"], None),
    ("a bladder change is an emergency even with no pain",
     report(pain=0, baseline=0, symptoms=["bladder_change"]), "seek_care",
     ["MON-EMERGENCY-SIGN"], None),
    ("an emergency drops the advice to adjust",
     report(pain=5, baseline=0, symptoms=["bowel_change"]), "seek_care",
     ["MON-EMERGENCY-SIGN"], None),
    ("a stopped session still lists every stopping rule, most serious first",
     report(pain=6, symptoms=["tingling", "sharp_pain"]), "end_session",
     ["MON-NEURO-SYMPTOM", "MON-SHARP-PAIN", "MON-PAIN-RED"], None),
]


@pytest.mark.parametrize(("doc", "action", "rules", "adjustment"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_after_a_set(doc: dict[str, Any], action: str, rules: list[str],
                     adjustment: tuple[str, Any] | None) -> None:
    answer = decide(doc)
    assert answer["action"] == action
    assert [r["rule"] for r in answer["rules"]] == rules
    assert all(r["message"].strip() for r in answer["rules"])
    if adjustment is None:
        assert answer["adjustment"] is None
        return
    kind, value = adjustment
    assert answer["adjustment"]["kind"] == kind
    assert answer["adjustment"]["message"].strip()
    if kind == "load":
        assert answer["adjustment"]["load"] == value
        assert answer["adjustment"]["exercise"] == doc["exercise"]
    elif kind == "regression":
        assert answer["adjustment"]["exercise"] == value
        assert answer["adjustment"]["load"] is None


def test_the_emergency_message_says_go_to_an_emergency_department_now() -> None:
    message = decide(report(symptoms=["saddle_numbness"]))["rules"][0]["message"]
    assert "emergency department" in message
    assert "cauda equina" in message


def test_the_contract_example_answers_in_the_contract_shape() -> None:
    answer = decide({"exercise": "goblet_squat",
                     "set": {"reps": 8, "seconds": None, "load": 16, "unit": "kg", "rpe": 7,
                             "pain": 3},
                     "baseline_pain": 2, "symptoms": []})
    assert set(answer) == {"action", "rules", "adjustment"}
    assert answer["action"] == "continue"


def test_an_exercise_not_in_the_library_names_the_field_exercise() -> None:
    with pytest.raises(InputError) as caught:
        decide(report("zercher_squat"))
    assert caught.value.field == "exercise"
    assert "zercher_squat" in caught.value.message


# --- input validation: one clear message naming the field -------------------------------

BAD_INPUTS = [
    ("pain above 10", {"set": {"pain": 11}}, "set.pain",
     "must be an integer from 0 to 10, got 11"),
    ("pain as a string", {"set": {"pain": "3"}}, "set.pain",
     'must be an integer from 0 to 10, got "3"'),
    ("pain with a fraction", {"set": {"pain": 3.5}}, "set.pain",
     "must be an integer from 0 to 10, got 3.5"),
    ("pain as a bool", {"set": {"pain": True}}, "set.pain",
     "must be an integer from 0 to 10, got true"),
    ("negative baseline", {"baseline_pain": -1}, "baseline_pain",
     "must be an integer from 0 to 10, got -1"),
    ("rpe above 10", {"set": {"rpe": 11}}, "set.rpe", "must be a number from 0 to 10, got 11"),
    ("unknown unit", {"set": {"unit": "stone"}}, "set.unit", "must be one of"),
    ("negative load", {"set": {"load": -5}}, "set.load",
     "must be a number from 0 to 1000, got -5"),
    ("unknown symptom", {"symptoms": ["dizzy"]}, "symptoms[0]", "must be one of"),
    ("unknown field", {"mood": "good"}, "mood", "is not a known field"),
    ("unknown field in the set", {"set": {"weight": 3}}, "set.weight", "is not a known field"),
    ("empty exercise", {"exercise": ""}, "exercise", "must be a non-empty string"),
]


@pytest.mark.parametrize(("change", "field", "message"), [c[1:] for c in BAD_INPUTS],
                         ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_names_the_field(change: dict[str, Any], field: str, message: str) -> None:
    doc = report()
    for key, value in change.items():
        if key == "set":
            doc["set"] = {**doc["set"], **value}
        else:
            doc[key] = value
    with pytest.raises(InputError) as caught:
        parse_monitor_input(doc)
    assert caught.value.field == field
    assert caught.value.message.startswith(message)


def test_a_missing_pain_score_is_required() -> None:
    doc = report()
    del doc["set"]["pain"]
    with pytest.raises(InputError, match=r"set\.pain: is required"):
        parse_monitor_input(doc)


def test_a_document_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(InputError):
        parse_monitor_input([1, 2])


def test_unit_defaults_to_kg_like_the_intake() -> None:
    doc = report()
    del doc["set"]["unit"]
    assert parse_monitor_input(doc).set_report.unit == "kg"


# --- between sets: the "something's wrong" button -------------------------------------------

SYMPTOM_CASES = [
    ("nothing reported carries on", [], None, "continue", "MON-NOTHING-REPORTED"),
    ("sharp pain skips the exercise", ["sharp_pain"], "goblet_squat", "skip_exercise",
     "MON-SHARP-PAIN"),
    ("sharp pain during a one-sided carry ends the session", ["sharp_pain"], "suitcase_carry",
     "end_session", "MON-SHARP-ONE-SIDED"),
    ("tingling ends the session", ["tingling"], None, "end_session", "MON-NEURO-SYMPTOM"),
    ("weakness needs care", ["one_sided_weakness"], None, "seek_care",
     "MON-WEAKNESS-ONE-SIDE"),
    ("a bowel change is an emergency", ["bowel_change", "sharp_pain"], None, "seek_care",
     "MON-EMERGENCY-SIGN"),
]


@pytest.mark.parametrize(("symptoms", "exercise", "action", "first_rule"),
                         [c[1:] for c in SYMPTOM_CASES], ids=[c[0] for c in SYMPTOM_CASES])
def test_symptom_report(symptoms: list[str], exercise: str | None, action: str,
                        first_rule: str) -> None:
    decision = decide_on_symptoms(symptoms, exercise=CATALOG[exercise] if exercise else None)
    assert decision.action == action
    assert decision.rules[0].rule == first_rule
    assert decision.adjustment is None


def test_an_unknown_symptom_on_the_button_names_its_position() -> None:
    with pytest.raises(InputError) as caught:
        decide_on_symptoms(["tingling", "dizzy"])
    assert caught.value.field == "symptoms[1]"


# --- the next-morning check-in --------------------------------------------------------------

CHECKIN_CASES = [
    ("back to usual goes ahead as planned", dict(pain_next_morning=2, baseline_pain=2),
     "continue", ["MON-CHECKIN-SETTLED"], 1.0, True),
    ("better than usual goes ahead", dict(pain_next_morning=0, baseline_pain=2),
     "continue", ["MON-CHECKIN-SETTLED"], 1.0, True),
    ("one above usual is a little lighter, no progression",
     dict(pain_next_morning=3, baseline_pain=2), "adjust", ["MON-CHECKIN-AMBER"], 0.9, False),
    ("two above usual reduces", dict(pain_next_morning=4, baseline_pain=2), "adjust",
     ["MON-CHECKIN-RED"], 0.8, False),
    ("stiff for hours adjusts the next session",
     dict(pain_next_morning=2, baseline_pain=2, stiff_hours=3), "adjust",
     ["MON-CHECKIN-STIFF"], 0.8, False),
    ("stiff for half an hour does not", dict(pain_next_morning=2, baseline_pain=2,
                                             stiff_hours=0.5),
     "continue", ["MON-CHECKIN-SETTLED"], 1.0, True),
    ("locked up adjusts the next session",
     dict(pain_next_morning=2, baseline_pain=2, symptoms=["locked_up"]), "adjust",
     ["MON-CHECKIN-STIFF"], 0.8, False),
    ("sharp pain in the morning reduces",
     dict(pain_next_morning=2, baseline_pain=2, symptoms=["sharp_pain"]), "adjust",
     ["MON-CHECKIN-RED"], 0.8, False),
    ("tingling still there means seeing a clinician first",
     dict(pain_next_morning=2, baseline_pain=2, symptoms=["tingling"]), "seek_care",
     ["MON-NEURO-PERSISTING"], 0.0, False),
    ("a saddle change the morning after is an emergency",
     dict(pain_next_morning=5, baseline_pain=2, symptoms=["saddle_numbness"]), "seek_care",
     ["MON-EMERGENCY-SIGN"], 0.0, False),
]


@pytest.mark.parametrize(("args", "action", "rules", "factor", "progress"),
                         [c[1:] for c in CHECKIN_CASES], ids=[c[0] for c in CHECKIN_CASES])
def test_next_morning_checkin(args: dict[str, Any], action: str, rules: list[str],
                             factor: float, progress: bool) -> None:
    decision = decide_at_checkin(**args)
    assert decision.action == action
    assert [f.rule for f in decision.rules] == rules
    assert decision.load_factor == factor
    assert decision.progress is progress
    assert set(decision.to_json()) == {"action", "rules", "load_factor", "progress"}


def test_a_checkin_pain_out_of_range_names_the_field() -> None:
    with pytest.raises(InputError) as caught:
        decide_at_checkin(pain_next_morning=12, baseline_pain=2)
    assert caught.value.field == "pain_next_morning"


# --- the rules themselves --------------------------------------------------------------------


def test_every_monitor_rule_is_registered_with_an_action_level_and_a_source() -> None:
    registry = RuleRegistry(monitor_rules.RULES)
    for rule in registry:
        assert rule.area == "monitor"
        assert rule.id.startswith("MON-")
        assert rule.level in ACTIONS
        assert rule.source.strip()


# --- properties ---------------------------------------------------------------------------------

_pains = st.integers(min_value=0, max_value=10)
_symptom_lists = st.lists(st.sampled_from(SYMPTOMS), max_size=4)
_exercises = st.sampled_from([e.id for e in CATALOG])


@st.composite
def monitor_docs(draw: st.DrawFn) -> dict[str, Any]:
    exercise = draw(_exercises)
    seconds_dosed = CATALOG[exercise].dose == "seconds"
    return report(
        exercise, pain=draw(_pains), baseline=draw(_pains),
        load=draw(st.none() | st.sampled_from([0, 4, 8, 12.5, 16, 20, 24, 60, 100, 225])),
        unit=draw(st.sampled_from(["kg", "lb"])),
        rpe=draw(st.none() | st.integers(min_value=1, max_value=10)),
        reps=None if seconds_dosed else draw(st.integers(min_value=0, max_value=20)),
        seconds=draw(st.integers(min_value=5, max_value=90)) if seconds_dosed else None,
        symptoms=draw(_symptom_lists),
        rpe_max=draw(st.none() | st.integers(min_value=5, max_value=9)),
        previous_pain=draw(st.none() | _pains),
        earlier_red_sets=draw(st.integers(min_value=0, max_value=3)),
        pain_one_sided=draw(st.booleans()),
    )


@given(monitor_docs(), st.sampled_from(sorted(EMERGENCY_SIGNS)))
def test_any_emergency_sign_always_gives_seek_care(doc: dict[str, Any], sign: str) -> None:
    doc["symptoms"] = [*doc["symptoms"], sign]
    answer = decide(doc)
    assert answer["action"] == "seek_care"
    assert answer["rules"][0]["rule"] == "MON-EMERGENCY-SIGN"
    assert decide_on_symptoms(doc["symptoms"]).action == "seek_care"


@given(monitor_docs())
def test_the_answer_has_exactly_the_contract_keys(doc: dict[str, Any]) -> None:
    answer = decide(doc)
    assert set(answer) == {"action", "rules", "adjustment"}
    assert answer["action"] in ACTIONS
    assert answer["rules"]
    for fired in answer["rules"]:
        assert set(fired) == {"rule", "message"}
    if answer["action"] == "adjust":
        assert set(answer["adjustment"]) == {"kind", "exercise", "load", "message"}
        assert answer["adjustment"]["kind"] in ("load", "range", "tempo", "regression")
        assert answer["adjustment"]["exercise"] in CATALOG
        if answer["adjustment"]["kind"] == "load":
            assert 0 < answer["adjustment"]["load"] < doc["set"]["load"]
    else:
        assert answer["adjustment"] is None


@given(monitor_docs(), st.sampled_from(SYMPTOMS))
def test_reporting_one_more_symptom_never_makes_the_action_less_serious(
        doc: dict[str, Any], extra: str) -> None:
    before = ACTIONS.index(decide(doc)["action"])
    doc["symptoms"] = [*doc["symptoms"], extra]
    assert ACTIONS.index(decide(doc)["action"]) >= before


@given(monitor_docs())
def test_pain_above_5_never_lets_the_exercise_continue_when_the_usual_is_5_or_less(
        doc: dict[str, Any]) -> None:
    answer = decide(doc)
    if doc["set"]["pain"] > 5 and doc["baseline_pain"] <= 5:
        assert ACTIONS.index(answer["action"]) >= ACTIONS.index("skip_exercise")


@given(monitor_docs())
def test_a_rise_of_more_than_2_above_the_usual_pain_always_adjusts_or_stops(doc: dict[str, Any]) -> None:
    answer = decide(doc)
    if doc["set"]["pain"] - doc["baseline_pain"] > 2:
        assert ACTIONS.index(answer["action"]) >= ACTIONS.index("adjust")


_high_usual = st.integers(min_value=6, max_value=8)


@given(_high_usual, st.integers(min_value=0, max_value=2), st.none() | _pains,
       st.integers(min_value=0, max_value=3))
def test_someone_whose_usual_is_above_5_continues_within_2_points_of_it(
        usual: int, rise: int, previous: int | None, earlier_red: int) -> None:
    pain = min(9, usual + rise)  # 10, the top of the scale, always ends the session
    answer = decide(report(pain=pain, baseline=usual, previous_pain=previous,
                           earlier_red_sets=earlier_red, rpe=None))
    if previous is None or pain - previous < 2 or pain <= usual:
        assert answer["action"] == "continue"
    else:  # climbing 2+ points since the last set, above the usual pain: ease the next set
        assert answer["action"] == "adjust"


@given(_high_usual, st.integers(min_value=0, max_value=3))
def test_someone_whose_usual_is_above_5_is_stopped_by_3_points_above_it(usual: int, earlier_red: int) -> None:
    pain = min(10, usual + 3)
    answer = decide(report(pain=pain, baseline=usual, earlier_red_sets=earlier_red))
    assert ACTIONS.index(answer["action"]) >= ACTIONS.index("skip_exercise")


@given(st.integers(min_value=0, max_value=3), st.integers(min_value=6, max_value=10))
def test_someone_whose_usual_is_low_is_stopped_above_5(usual: int, pain: int) -> None:
    answer = decide(report(pain=pain, baseline=usual))
    assert ACTIONS.index(answer["action"]) >= ACTIONS.index("skip_exercise")
