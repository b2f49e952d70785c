"""The pain-monitored overload ladder, flare-ups, phases, endurance tests and outcomes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinewise.domain import progression_rules
from spinewise.domain.assessments import (
    EnduranceTest,
    PsfsAssessment,
    assess_endurance,
    nprs_change,
    psfs_change,
)
from spinewise.domain.catalog import Catalog
from spinewise.domain.errors import InputError
from spinewise.domain.loads import load_step_down, load_step_up, reduced_load
from spinewise.domain.next_input import parse_next_input
from spinewise.domain.pain import (
    Morning,
    flare_up_dates,
    is_flare_up,
    pain_response,
    pain_trend,
    trend_since,
    weekly_pains,
)
from spinewise.domain.phase_readiness import phase_readiness
from spinewise.domain.progression import (
    Prescription,
    flare_up_plan,
    next_prescription,
    raised_variables,
)
from spinewise.domain.rules import RuleRegistry
from tests.unit.tiny_catalog import tiny_catalog

CATALOG: Catalog = tiny_catalog()

DAY = date(2026, 11, 2)


def session(*, sets: int = 3, reps: list[int] | None = None, load: float | None = 16,
            rpe: float | None = 6, during: int = 2, after: int = 2, morning: int | None = 2,
            baseline: int = 2, day: int = 0, **extra: Any) -> dict[str, Any]:
    return {"date": (DAY + timedelta(days=day)).isoformat(), "sets": sets,
            "reps": [8] * sets if reps is None else reps, "load": load, "rpe": rpe,
            "pain_during": during, "pain_after": after, "pain_next_morning": morning,
            "baseline_pain": baseline, **extra}


def doc(exercise: str = "goblet_squat", *, history: list[dict[str, Any]] | None = None,
        unit: str = "kg", equipment: list[str] | None = None, **current: Any) -> dict[str, Any]:
    prescription = {"sets": 3, "reps": 8, "seconds": None, "tempo": "3-0-2", "load": 16,
                    "rpe_max": 7, **current}
    return {"exercise": exercise, "unit": unit,
            "equipment": list(CATALOG[exercise].equipment) if equipment is None else equipment,
            "current": prescription, "history": [session()] if history is None else history}


def decide(document: dict[str, Any]) -> dict[str, Any]:
    return next_prescription(parse_next_input(document), catalog=CATALOG).to_json()


CAPPED = {"sets": 4, "reps": 12, "tempo": "4-2-2"}
CAPPED_SESSION = session(sets=4, reps=[12, 12, 12, 12])

# --- the ladder table: (name, input, change, rule, fields expected in the answer) -------------

LADDER = [
    ("no session yet holds", doc(history=[]), "hold", "PROG-HOLD-NEW", {}),
    ("a green session first slows the lowering", doc(), "tempo", "PROG-LADDER-TEMPO",
     {"tempo": "4-0-2", "sets": 3, "reps": 8, "load": 16}),
    ("lowering at 4 s: add a bottom pause", doc(tempo="4-0-2"), "pause", "PROG-LADDER-PAUSE",
     {"tempo": "4-1-2"}),
    ("pause at 1 s: pause to 2 s", doc(tempo="4-1-2"), "pause", "PROG-LADDER-PAUSE",
     {"tempo": "4-2-2"}),
    ("a fast lowering (X) slows to 2 s", doc(tempo="X-0-1"), "tempo", "PROG-LADDER-TEMPO",
     {"tempo": "2-0-1"}),
    ("tempo at its caps: one more set", doc(tempo="4-2-2"), "sets", "PROG-LADDER-SETS",
     {"sets": 4, "tempo": "4-2-2"}),
    ("four sets: two more reps",
     doc(tempo="4-2-2", sets=4, history=[session(sets=4)]), "reps", "PROG-LADDER-REPS",
     {"reps": 10, "sets": 4}),
    ("reps never pass 12", doc(tempo="4-2-2", sets=4, reps=11,
                               history=[session(sets=4, reps=[11] * 4)]),
     "reps", "PROG-LADDER-REPS", {"reps": 12}),
    ("all caps reached: the next dumbbell, back to base tempo, sets and reps",
     doc(**CAPPED, history=[CAPPED_SESSION]), "load", "PROG-LADDER-LOAD",
     {"load": 17.5, "tempo": "3-1-2", "sets": 3, "reps": 8}),
    ("dumbbells in pounds go up 5 lb",
     doc(**CAPPED, load=40, unit="lb", history=[{**CAPPED_SESSION, "load": 40}]), "load",
     "PROG-LADDER-LOAD", {"load": 45}),
    ("a trap bar goes up by the smallest plate pair",
     doc("trap_bar_deadlift", **CAPPED, load=60, history=[{**CAPPED_SESSION, "load": 60}]),
     "load", "PROG-LADDER-LOAD", {"load": 62.5, "tempo": "2-0-2"}),
    ("a trap bar in pounds goes up 5 lb",
     doc("trap_bar_deadlift", **CAPPED, load=135, unit="lb",
         history=[{**CAPPED_SESSION, "load": 135}]), "load", "PROG-LADDER-LOAD", {"load": 140}),
    ("a kettlebell goes to the next bell",
     doc("kettlebell_deadlift", **CAPPED, load=16, history=[CAPPED_SESSION]), "load",
     "PROG-LADDER-LOAD", {"load": 20}),
    ("a kettlebell in pounds goes to the next bell",
     doc("kettlebell_deadlift", **CAPPED, load=35, unit="lb",
         history=[{**CAPPED_SESSION, "load": 35}]), "load", "PROG-LADDER-LOAD", {"load": 40}),
    ("a cable goes up one pin",
     doc("cable_row", **CAPPED, load=40, history=[{**CAPPED_SESSION, "load": 40}]), "load",
     "PROG-LADDER-LOAD", {"load": 45}),
    ("the start prescription is where a load step resets to",
     {**doc(**CAPPED, history=[CAPPED_SESSION]),
      "start": {"sets": 2, "reps": 10, "tempo": "3-0-2"}},
     "load", "PROG-LADDER-LOAD", {"sets": 2, "reps": 10, "tempo": "3-0-2", "load": 17.5}),
    ("bodyweight at every cap holds at the top of the ladder",
     doc("box_squat", sets=4, reps=12, tempo=None, load=None, rpe_max=None,
         history=[session(sets=4, reps=[12] * 4, load=None, rpe=None)]),
     "hold", "PROG-LADDER-TOP", {"sets": 4, "reps": 12}),
    ("a movement without a tempo skips to more sets",
     doc("box_squat", tempo=None, load=None, rpe_max=None,
         history=[session(load=None, rpe=None)]), "sets", "PROG-LADDER-SETS", {"sets": 4}),
    ("a hold at four sets gets 5 s longer",
     doc("plank", sets=4, reps=None, seconds=30, tempo=None, load=None, rpe_max=None,
         history=[session(sets=4, reps=[], seconds=[30] * 4, load=None, rpe=None)]),
     "reps", "PROG-LADDER-HOLD-TIME", {"seconds": 35, "reps": None}),
    ("a loaded carry at 60 s takes the next dumbbell",
     doc("farmers_carry", sets=4, reps=None, seconds=60, tempo=None, load=20,
         history=[session(sets=4, reps=[], seconds=[60] * 4, load=20)]),
     "load", "PROG-LADDER-LOAD", {"load": 22.5, "seconds": 30, "sets": 3}),
    # holds
    ("pain 3 above usual during holds (amber)", doc(history=[session(during=5)]), "hold",
     "PROG-HOLD-AMBER", {"tempo": "3-0-2"}),
    ("pain after 3 above usual holds (amber)", doc(history=[session(after=5, baseline=1)]),
     "hold", "PROG-HOLD-AMBER", {}),
    ("one above usual next morning holds (amber)", doc(history=[session(morning=3)]), "hold",
     "PROG-HOLD-AMBER", {}),
    ("next morning unknown holds", doc(history=[session(morning=None)]), "hold",
     "PROG-HOLD-INCOMPLETE", {}),
    ("missed reps hold", doc(history=[session(reps=[8, 8, 6])]), "hold",
     "PROG-HOLD-INCOMPLETE", {}),
    ("a missing set holds", doc(history=[session(sets=2, reps=[8, 8])]), "hold",
     "PROG-HOLD-INCOMPLETE", {}),
    ("done lighter than planned holds", doc(history=[session(load=14)]), "hold",
     "PROG-HOLD-INCOMPLETE", {}),
    ("effort not logged under a cap holds", doc(history=[session(rpe=None)]), "hold",
     "PROG-HOLD-INCOMPLETE", {}),
    ("effort above the cap holds", doc(history=[session(rpe=8)]), "hold", "PROG-HOLD-EFFORT",
     {}),
    ("pain rising week to week holds",
     doc(history=[session(day=0, during=1, after=1, baseline=1, morning=1),
                  session(day=7, during=3, after=3, morning=2)]),
     "hold", "PROG-TREND-RISING", {}),
    # regress
    ("pain above 5 during goes down one dumbbell", doc(history=[session(during=6)]),
     "regress", "PROG-REGRESS-RED", {"load": 15, "tempo": "3-0-2", "sets": 3, "reps": 8}),
    ("two above usual next morning on a trap bar goes down 2.5 kg",
     doc("trap_bar_deadlift", load=80, history=[session(morning=4, load=80)]), "regress",
     "PROG-REGRESS-RED", {"load": 77.5}),
    ("red with no load takes the last rung off (reps above the base)",
     doc("box_squat", sets=3, reps=12, tempo=None, load=None, rpe_max=None,
         history=[session(reps=[12] * 3, after=6, load=None, rpe=None)]),
     "regress", "PROG-REGRESS-RED", {"reps": 10}),
    ("red with no load at the base drops a set",
     doc("box_squat", tempo=None, load=None, rpe_max=None,
         history=[session(after=7, load=None, rpe=None)]),
     "regress", "PROG-REGRESS-RED", {"sets": 2, "reps": 8}),
    ("red on the lightest dumbbell takes the slower lowering off instead",
     doc(load=2, tempo="4-1-2", history=[session(during=6, load=2)]), "regress",
     "PROG-REGRESS-RED", {"load": 2, "tempo": "3-1-2"}),
    ("two red mornings in a row is a flare-up: halve the sets, a fifth off the load",
     doc("trap_bar_deadlift", load=100,
         history=[session(day=0, morning=5, load=100), session(day=2, morning=4, load=100)]),
     "regress", "PROG-FLARE-UP", {"sets": 1, "load": 80}),
]


@pytest.mark.parametrize(("document", "change", "rule", "expected"), [c[1:] for c in LADDER],
                         ids=[c[0] for c in LADDER])
def test_next_prescription(document: dict[str, Any], change: str, rule: str,
                           expected: dict[str, Any]) -> None:
    answer = decide(document)
    assert answer["change"] == change
    assert answer["rule"] == rule
    assert answer["why"].strip()
    for key, value in expected.items():
        assert answer[key] == value, key
    if change == "hold":
        current = document["current"]
        assert {k: answer[k] for k in current} == current


def test_the_contract_example_slows_the_lowering_and_answers_in_the_contract_shape() -> None:
    answer = decide({
        "exercise": "goblet_squat", "unit": "kg", "equipment": ["dumbbells"],
        "current": {"sets": 3, "reps": 8, "seconds": None, "tempo": "3-0-2", "load": 16,
                    "rpe_max": 7},
        "history": [{"date": "2026-11-02", "sets": 3, "reps": [8, 8, 8], "load": 16, "rpe": 6,
                     "pain_during": 2, "pain_after": 2, "pain_next_morning": 1,
                     "baseline_pain": 2}]})
    assert list(answer) == ["sets", "reps", "seconds", "tempo", "load", "rpe_max", "change",
                            "rule", "why"]
    assert answer["change"] == "tempo"


def test_the_top_of_the_ladder_names_the_harder_exercise() -> None:
    answer = decide(doc(**CAPPED, load=None, history=[{**CAPPED_SESSION, "load": None}]))
    assert answer["rule"] == "PROG-LADDER-TOP"
    assert "front_squat" in answer["why"]


def test_an_exercise_not_in_the_library_names_the_field_exercise() -> None:
    with pytest.raises(InputError) as caught:
        decide({**doc(), "exercise": "jefferson_curl"})
    assert caught.value.field == "exercise"


# --- input validation ---------------------------------------------------------------------------

BAD = [
    ("pain during above 10", lambda d: d["history"][0].update(pain_during=11),
     "history[0].pain_during", "must be an integer from 0 to 10, got 11"),
    ("no sets", lambda d: d["current"].update(sets=0), "current.sets",
     "must be an integer from 1 to 10, got 0"),
    ("a tempo that is not a tempo", lambda d: d["current"].update(tempo="slow"),
     "current.tempo", "must be a tempo like 3-1-2"),
    ("a date that is not a date", lambda d: d["history"][0].update(date="yesterday"),
     "history[0].date", 'must be a date like 2026-11-02, got "yesterday"'),
    ("neither reps nor seconds", lambda d: d["current"].update(reps=None), "current",
     "needs reps or seconds"),
    ("unknown equipment", lambda d: d.update(equipment=["spaceship"]), "equipment",
     '"spaceship" is not an equipment name'),
    ("unknown unit", lambda d: d.update(unit="stone"), "unit", "must be one of"),
    ("negative reps", lambda d: d["history"][0]["reps"].__setitem__(1, -1), "history[0].reps[1]",
     "must be an integer from 0 to 100, got -1"),
    ("rpe cap above 10", lambda d: d["current"].update(rpe_max=12), "current.rpe_max",
     "must be a number from 1 to 10, got 12"),
    ("unknown field", lambda d: d["current"].update(weight=3), "current.weight",
     "is not a known field"),
    ("missing current", lambda d: d.pop("current"), "current", "is required"),
]


@pytest.mark.parametrize(("mutate", "field", "message"), [c[1:] for c in BAD],
                         ids=[c[0] for c in BAD])
def test_bad_input_names_the_field(mutate: Any, field: str, message: str) -> None:
    document = doc()
    mutate(document)
    with pytest.raises(InputError) as caught:
        parse_next_input(document)
    assert caught.value.field == field
    assert caught.value.message.startswith(message)


def test_next_morning_pain_may_be_null_or_left_out() -> None:
    document = doc(history=[session()])
    del document["history"][0]["pain_next_morning"]
    assert parse_next_input(document).history[0].pain_next_morning is None


# --- pain zones, trend, load steps ------------------------------------------------------------

ZONES = [
    ("all quiet", session(), "green"),
    ("pain 5 during, usual 4", session(during=5, baseline=4, morning=4), "green"),
    ("pain 5 during, usual 2", session(during=5), "amber"),
    ("pain 6 after", session(after=6), "red"),
    ("pain 6 during and after, usual 6, settled", session(during=6, after=6, baseline=6, morning=6), "green"),
    ("pain 9 during, usual 6", session(during=9, after=6, baseline=6, morning=6), "red"),
    ("next morning one above usual", session(morning=3), "amber"),
    ("next morning two above usual", session(morning=4), "red"),
    ("next morning unknown", session(morning=None), "unknown"),
]


@pytest.mark.parametrize(("record", "zone"), [c[1:] for c in ZONES], ids=[c[0] for c in ZONES])
def test_pain_response_zone(record: dict[str, Any], zone: str) -> None:
    parsed = parse_next_input(doc(history=[record])).history[0]
    assert pain_response(parsed).zone == zone


@pytest.mark.parametrize(("weeks", "trend"), [
    ([], "stable"), ([3.0], "stable"), ([2.0, 2.5], "stable"), ([2.0, 3.0], "rising"),
    ([4.0, 3.0], "falling"), ([2.0, 3.0, 4.0], "rising"), ([2.0, 4.0, 3.5], "stable"), ([5.0, 4.0, 3.0], "falling"),
])
def test_pain_trend_week_to_week(weeks: list[float], trend: str) -> None:
    assert pain_trend(weeks).trend == trend


@pytest.mark.parametrize(("equipment", "unit", "load", "up", "down"), [
    ("barbell", "kg", 60, 62.5, 57.5), ("barbell", "lb", 135, 140, 130),
    ("trap_bar", "kg", 100, 102.5, 97.5), ("dumbbells", "kg", 8, 10, 6),
    ("dumbbells", "kg", 10, 12.5, 8), ("dumbbells", "lb", 25, 30, 20),
    ("kettlebells", "kg", 16, 20, 12), ("kettlebells", "lb", 53, 62, 50),
    ("machines", "kg", 50, 55, 45), ("cable", "lb", 50, 60, 40),
    ("dumbbells", "kg", 2, 4, None), (None, "kg", 10, None, 7.5),
])
def test_load_steps_fit_the_equipment(equipment: str | None, unit: Any, load: float,
                                      up: float | None, down: float | None) -> None:
    assert load_step_up(load, unit=unit, equipment=equipment) == up
    assert load_step_down(load, unit=unit, equipment=equipment) == down


def test_a_fifth_off_rounds_down_to_what_the_equipment_has() -> None:
    assert reduced_load(16, unit="kg", equipment="dumbbells", fraction=0.2) == 12.5
    assert reduced_load(61, unit="kg", equipment="barbell", fraction=0.2) == 47.5
    assert reduced_load(2.5, unit="kg", equipment="barbell", fraction=0.2) is None


# --- flare-ups -----------------------------------------------------------------------------------


def _history(*records: dict[str, Any]) -> Any:
    return parse_next_input(doc(history=list(records))).history


def test_a_flare_up_is_two_red_mornings_in_a_row() -> None:
    assert is_flare_up(_history(session(day=0, morning=4), session(day=2, morning=5))).flare_up
    assert not is_flare_up(_history(session(day=0, morning=4),
                                    session(day=2, morning=2))).flare_up
    assert not is_flare_up(_history(session(day=0, morning=4))).flare_up


def test_flare_up_dates_are_the_sessions_that_complete_two_red_mornings_in_a_row() -> None:
    mornings = [Morning(DAY + timedelta(days=d), m, 2) for d, m in
                [(0, 4), (2, 5), (4, 4), (7, 2), (9, None), (11, 4), (14, 6)]]
    assert flare_up_dates(mornings) == [DAY + timedelta(days=2), DAY + timedelta(days=4), DAY + timedelta(days=14)]
    assert flare_up_dates([]) == [] and flare_up_dates(mornings[:1]) == []


_RECORDS = st.lists(st.tuples(st.integers(0, 400), st.integers(0, 10), st.integers(0, 10),
                              st.one_of(st.none(), st.integers(0, 10)), st.integers(0, 10)),
                    max_size=40).map(lambda rows: sorted(rows, key=lambda r: r[0]))


def _records(rows: list[tuple[int, int, int, int | None, int]]) -> Any:
    return _history(*[session(day=d, during=during, after=after, morning=morning, baseline=base)
                      for d, during, after, morning, base in rows])


@given(_RECORDS)
def test_flare_up_dates_agree_with_is_flare_up_on_each_pair_of_sessions(rows: Any) -> None:
    history = _records(rows)
    expected = [history[i].date for i in range(1, len(history)) if is_flare_up(history[i - 1:i + 1]).flare_up]
    assert flare_up_dates([Morning(s.date, s.pain_next_morning, s.baseline_pain) for s in history]) == expected


@given(_RECORDS)
def test_sessions_before_trend_since_never_change_the_pain_trend(rows: Any) -> None:
    history = _records(rows)
    cutoff = trend_since([s.date for s in history])
    recent = [s for s in history if cutoff is not None and s.date >= cutoff]
    assert pain_trend(weekly_pains(recent)) == pain_trend(weekly_pains(history))
    assert (cutoff is None) == (not history)


def test_a_flare_up_is_pain_up_for_two_days_or_new_nerve_symptoms() -> None:
    assert is_flare_up([], hours_above_usual=48).flare_up
    assert not is_flare_up([], hours_above_usual=24).flare_up
    assert is_flare_up([], new_neuro_symptoms=True).flare_up


def test_the_flare_up_plan_deloads_regresses_and_steps_back_a_phase() -> None:
    plan = flare_up_plan(parse_next_input(doc(sets=4)), catalog=CATALOG, phase="strength")
    assert plan.exercise == "box_squat"
    assert plan.prescription.sets == 2
    assert plan.prescription.load is None
    assert plan.phase == "patterning"
    assert 1 <= plan.weeks_back <= 2
    assert plan.rules == ("PROG-FLARE-UP", "PROG-FLARE-UP-RETURN")
    assert set(plan.to_json()) == {"exercise", "prescription", "phase", "weeks_back", "steps",
                                   "rules"}


def test_without_a_regression_the_flare_up_plan_lightens_the_same_exercise() -> None:
    plan = flare_up_plan(parse_next_input(doc("trap_bar_deadlift", load=100)), catalog=CATALOG,
                         phase="foundation")
    assert plan.exercise == "trap_bar_deadlift"
    assert plan.prescription.load == 80
    assert plan.prescription.sets == 1
    assert plan.phase == "foundation"


# --- phases ----------------------------------------------------------------------------------------

BALANCED = assess_endurance(EnduranceTest(flexor=100, extensor=150, side_bridge_right=80,
                                          side_bridge_left=80), irritability="low")
READY: dict[str, Any] = dict(weeks_in_phase=4, weeks_since_flare_up=None, adherence=0.9,
                             pain_trend="stable", endurance=BALANCED, irritability="low")


@pytest.mark.parametrize(("phase", "changes", "decision", "missed"), [
    ("foundation", {}, "advance", []),
    ("patterning", {}, "advance", []),
    ("foundation", {"irritability": "moderate", "endurance": None}, "advance", []),
    ("patterning", {"irritability": "moderate"}, "stay", ["PROG-PHASE-IRRITABILITY"]),
    ("foundation", {"weeks_in_phase": 2}, "stay", ["PROG-PHASE-MIN-WEEKS"]),
    ("foundation", {"weeks_since_flare_up": 1}, "stay", ["PROG-PHASE-NO-FLARE-UP"]),
    ("foundation", {"adherence": 0.5, "pain_trend": "rising"}, "stay",
     ["PROG-PHASE-ADHERENCE", "PROG-PHASE-PAIN-TREND"]),
    ("patterning", {"endurance": None}, "stay", ["PROG-PHASE-ENDURANCE"]),
])
def test_phase_readiness_lists_every_criterion(phase: Any, changes: dict[str, Any],
                                               decision: str, missed: list[str]) -> None:
    readiness = phase_readiness(phase, **{**READY, **changes})
    assert readiness.decision == decision
    assert [c.rule for c in readiness.criteria if not c.met] == missed
    assert len(readiness.criteria) >= 5
    assert readiness.rule == ("PROG-PHASE-ADVANCE" if decision == "advance"
                              else "PROG-PHASE-STAY")


def test_the_strength_phase_is_the_last() -> None:
    readiness = phase_readiness("strength", **READY)
    assert (readiness.decision, readiness.next_phase, readiness.rule) == (
        "stay", None, "PROG-PHASE-TOP")


def test_adherence_outside_0_to_1_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        phase_readiness("foundation", **{**READY, "adherence": 1.5})
    assert caught.value.field == "adherence"


# --- McGill endurance -------------------------------------------------------------------------------


@pytest.mark.parametrize(("times", "rules"), [
    ((100, 150, 80, 80), ["PROG-ENDURANCE-RATIOS"]),
    ((160, 150, 80, 80), ["PROG-ENDURANCE-FLEX-EXT"]),
    ((100, 150, 90, 80), ["PROG-ENDURANCE-SIDE-BALANCE"]),
    ((100, 100, 80, 80), ["PROG-ENDURANCE-SIDE-EXT"]),
    ((136, 161, 95, 99), ["PROG-ENDURANCE-RATIOS"]),  # McGill's young men: in range
])
def test_mcgill_ratio_flags(times: tuple[float, float, float, float], rules: list[str]) -> None:
    flexor, extensor, right, left = times
    result = assess_endurance(EnduranceTest(flexor=flexor, extensor=extensor,
                                            side_bridge_right=right, side_bridge_left=left),
                              irritability="low")
    assert [f.rule for f in result.findings] == rules
    assert result.balanced is (rules == ["PROG-ENDURANCE-RATIOS"])


def test_endurance_tests_are_not_used_unless_irritability_is_low() -> None:
    result = assess_endurance(EnduranceTest(flexor=100, extensor=150, side_bridge_right=80,
                                            side_bridge_left=80), irritability="moderate")
    assert not result.usable
    assert [f.rule for f in result.findings] == ["PROG-ENDURANCE-NOT-NOW"]


# --- outcomes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("before", "after", "meaningful", "direction"), [
    (6, 4, True, "better"), (6, 5, False, "better"), (3, 2, True, "better"),
    (2, 4, True, "worse"), (0, 1, False, "worse"), (5, 5, False, "no_change"),
])
def test_nprs_change_of_2_points_or_30_percent_is_meaningful(before: int, after: int,
                                                             meaningful: bool,
                                                             direction: str) -> None:
    change = nprs_change(before, after)
    assert (change.meaningful, change.direction) == (meaningful, direction)


def _psfs(*scores: int) -> PsfsAssessment:
    return PsfsAssessment.model_validate(
        {"activities": [{"activity": f"activity {i}", "score": s} for i, s in enumerate(scores)]})


def test_psfs_change_of_2_points_in_the_mean_is_meaningful() -> None:
    assert psfs_change(_psfs(3, 4, 5), _psfs(5, 6, 7)).meaningful
    assert not psfs_change(_psfs(3, 4, 5), _psfs(4, 5, 6)).meaningful
    assert psfs_change(_psfs(3, 4, 5), _psfs(5, 6, 7)).direction == "better"


def test_psfs_needs_3_to_5_activities() -> None:
    with pytest.raises(ValueError):
        _psfs(3, 4)


# --- the rules themselves ------------------------------------------------------------------------------


def test_every_progression_rule_is_registered_with_a_source() -> None:
    registry = RuleRegistry(progression_rules.RULES)
    for rule in registry:
        assert rule.area == "progression"
        assert rule.id.startswith("PROG-")
        assert rule.source.strip()


# --- properties --------------------------------------------------------------------------------------------

_LOADED = {"goblet_squat": [2, 8, 12.5, 16, 20, 40], "trap_bar_deadlift": [20, 60, 100.5],
           "kettlebell_deadlift": [4, 16, 48], "cable_row": [5, 40],
           "farmers_carry": [10, 20], "box_squat": [], "plank": []}


@st.composite
def next_docs(draw: st.DrawFn) -> dict[str, Any]:
    exercise = draw(st.sampled_from(sorted(_LOADED)))
    holds = CATALOG[exercise].dose == "seconds"
    loads = _LOADED[exercise]
    load = draw(st.sampled_from(loads)) if loads else None
    sets = draw(st.integers(min_value=1, max_value=5))
    reps = None if holds else draw(st.integers(min_value=1, max_value=14))
    seconds = draw(st.integers(min_value=5, max_value=70)) if holds else None
    tempo = None if holds else draw(st.none() | st.sampled_from(
        ["3-0-2", "4-0-2", "4-1-2", "4-2-2", "2-0-1", "X-0-1", "5-3-1-1"]))
    pains = st.integers(min_value=0, max_value=10)
    history = [
        {"date": (DAY + timedelta(days=3 * i)).isoformat(), "sets": sets,
         "reps": [] if reps is None else draw(st.lists(
             st.integers(min_value=max(0, reps - 2), max_value=reps + 2),
             min_size=sets, max_size=sets)),
         "load": load, "rpe": draw(st.none() | st.integers(min_value=3, max_value=10)),
         "pain_during": draw(pains), "pain_after": draw(pains),
         "pain_next_morning": draw(st.none() | pains), "baseline_pain": draw(pains)}
        for i in range(draw(st.integers(min_value=0, max_value=3)))
    ]
    return {"exercise": exercise, "unit": draw(st.sampled_from(["kg", "lb"])),
            "equipment": list(CATALOG[exercise].equipment),
            "current": {"sets": sets, "reps": reps, "seconds": seconds, "tempo": tempo,
                        "load": load, "rpe_max": draw(st.none() | st.sampled_from([6, 7, 8]))},
            "history": history}


def _before_after(document: dict[str, Any]) -> tuple[Prescription, Prescription, str]:
    data = parse_next_input(document)
    answer = next_prescription(data, catalog=CATALOG)
    return Prescription.of(data.current), answer.prescription, answer.change


_RAISED_FOR_CHANGE = {"tempo": ["tempo"], "pause": ["pause"], "sets": ["sets"],
                      "load": ["load"]}


@given(next_docs())
def test_never_two_variables_raised_at_once(document: dict[str, Any]) -> None:
    """At most one of lowering seconds, bottom pause, sets, reps (or hold seconds) and load
    rises; it is the one ``change`` names ('reps' covers hold seconds); 'hold' changes
    nothing and 'regress' raises nothing."""
    before, after, change = _before_after(document)
    raised = raised_variables(before, after)
    if change == "hold":
        assert after == before
    elif change == "regress":
        assert raised == []
        assert after != before
    elif change == "reps":
        assert raised in (["reps"], ["seconds"])
    else:
        assert raised == _RAISED_FOR_CHANGE[change]


@given(next_docs())
def test_load_never_rises_after_a_red_response(document: dict[str, Any]) -> None:
    data = parse_next_input(document)
    if not data.history or pain_response(data.history[-1]).zone != "red":
        return
    before, after, change = _before_after(document)
    assert change in ("regress", "hold")
    assert (after.load or 0) <= (before.load or 0)
    assert raised_variables(before, after) == []


@given(next_docs())
def test_the_answer_has_exactly_the_contract_keys(document: dict[str, Any]) -> None:
    answer = decide(document)
    assert set(answer) == {"sets", "reps", "seconds", "tempo", "load", "rpe_max", "change",
                           "rule", "why"}
    assert answer["change"] in ("tempo", "pause", "sets", "reps", "load", "hold", "regress")
    assert answer["rule"] in {r.id for r in progression_rules.RULES}
    assert answer["why"].strip()


# --- pain read against the person's usual pain (MON-PAIN-USUAL) ---------------------------


@given(st.integers(min_value=6, max_value=7), st.integers(min_value=0, max_value=2))
def test_someone_whose_usual_is_above_5_finishing_within_2_points_of_it_may_progress(
        usual: int, rise: int) -> None:
    pain = usual + rise
    answer = decide(doc(history=[session(during=pain, after=pain, morning=usual, baseline=usual)]))
    assert answer["change"] not in ("hold", "regress")
    assert answer["rule"].startswith("PROG-LADDER")


@given(st.integers(min_value=6, max_value=7))
def test_someone_whose_usual_is_above_5_finishing_3_points_above_it_steps_back(usual: int) -> None:
    pain = usual + 3
    answer = decide(doc(history=[session(during=pain, after=pain, morning=usual, baseline=usual)]))
    assert answer["rule"] == "PROG-REGRESS-RED"


@given(st.integers(min_value=0, max_value=3), st.integers(min_value=6, max_value=10))
def test_someone_whose_usual_is_low_finishing_above_5_steps_back(usual: int, pain: int) -> None:
    answer = decide(doc(history=[session(during=pain, after=pain, morning=usual, baseline=usual)]))
    assert answer["rule"] == "PROG-REGRESS-RED"
