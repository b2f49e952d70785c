"""The pure apply-adjustments function: a coach's changes as a layer over a plan."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from spinewise.domain.adjustments import Adjustment, Shape, apply_adjustments, describe
from spinewise.domain.planner import Block, PlanItem, Prescription, Session, Week

AT = datetime(2026, 3, 18, 9, 0)


def _item(exercise: str, sets: int = 3, reps: int | None = 8) -> PlanItem:
    return PlanItem(exercise, Prescription(sets, reps, None, "3-1-1", 7, 90), "planned")


def _weeks() -> list[Week]:
    main = Block("main", [_item("goblet_squat"), _item("hip_hinge_dowel")])
    core = Block("core", [_item("bird_dog", reps=6), _item("goblet_squat", sets=2)])
    return [Week(1, "foundation", [Session(1, "full_body", [main, core])]),
            Week(2, "foundation", [Session(1, "full_body", [Block("main", [_item("goblet_squat")])])])]


def _adj(ident: int, kind: Any, **values: Any) -> Adjustment:
    return Adjustment(id=ident, kind=kind, by="Cora", at=AT, plan_id=1, **values)


def _exercises(weeks: list[Week]) -> list[str]:
    return [i.exercise for w in weeks for s in w.sessions for b in s.blocks for i in b.items]


def test_no_adjustments_leave_the_plan_as_generated() -> None:
    weeks = _weeks()
    out, layer = apply_adjustments(weeks, [])
    assert _exercises(out) == _exercises(weeks)
    assert layer.notes == () and layer.doses == {} and layer.overrides == {}


def test_a_swap_replaces_every_occurrence_keeps_the_dose_and_leaves_the_generated_plan_alone() -> None:
    weeks = _weeks()
    out, _ = apply_adjustments(weeks, [_adj(1, "swap", exercise="goblet_squat", to_exercise="goblet_box_squat",
                                            reason="Target depth.")])
    assert _exercises(out) == ["goblet_box_squat", "hip_hinge_dowel", "bird_dog", "goblet_box_squat", "goblet_box_squat"]
    swapped = out[0].sessions[0].blocks[1].items[1]
    assert (swapped.rx.sets, swapped.replaces, swapped.why) == (2, "goblet_squat", "Chosen by your coach: Target depth.")
    assert _exercises(weeks)[0] == "goblet_squat"  # the generated plan is untouched
    assert weeks[0].sessions[0].blocks[0].items[0].why == "planned"


def test_a_dose_changes_only_what_was_given_and_fixes_it_against_the_progression() -> None:
    out, layer = apply_adjustments(_weeks(), [_adj(1, "dose", exercise="hip_hinge_dowel", reps=12, load=10.0,
                                                   reason="Practice.")])
    rx = out[0].sessions[0].blocks[0].items[1].rx
    assert (rx.sets, rx.reps, rx.tempo, rx.rpe_max) == (3, 12, "3-1-1", 7)
    assert layer.doses["hip_hinge_dowel"].fixed and layer.doses["hip_hinge_dowel"].load == 10.0
    assert "Practice." in layer.doses["hip_hinge_dowel"].why


def test_adjustments_apply_in_id_order_and_follow_a_swap() -> None:
    later_dose = _adj(2, "dose", exercise="goblet_box_squat", sets=4, reason="More.")
    swap = _adj(1, "swap", exercise="goblet_squat", to_exercise="goblet_box_squat", reason="Depth.")
    out, layer = apply_adjustments(_weeks(), [later_dose, swap])
    assert out[1].sessions[0].blocks[0].items[0].exercise == "goblet_box_squat"
    assert out[1].sessions[0].blocks[0].items[0].rx.sets == 4
    assert [a.id for a in layer.adjustments] == [1, 2]


def test_a_swap_away_drops_the_old_exercises_dose_and_an_override_is_kept_for_the_new_one() -> None:
    adjustments = [_adj(1, "hold", exercise="goblet_squat", reason="Sore."),
                   _adj(2, "swap", exercise="goblet_squat", to_exercise="kettlebell_deadlift",
                        reason="Work task. Override: assessed.", override_rule="PLAN-EXCLUDE-FLEXION")]
    _, layer = apply_adjustments(_weeks(), adjustments)
    assert "goblet_squat" not in layer.doses
    words = layer.override_words("kettlebell_deadlift")
    assert words is not None and "PLAN-EXCLUDE-FLEXION" in words and "assessed" in words
    assert layer.override_words("bird_dog") is None


def test_a_hold_is_not_a_fixed_dose_and_a_dose_wins_over_a_hold() -> None:
    _, held = apply_adjustments(_weeks(), [_adj(1, "hold", exercise="bird_dog", reason="Sore.")])
    assert not held.doses["bird_dog"].fixed
    _, both = apply_adjustments(_weeks(), [_adj(1, "dose", exercise="bird_dog", reps=5, reason="x"),
                                           _adj(2, "hold", exercise="bird_dog", reason="y")])
    assert both.doses["bird_dog"].fixed


def test_notes_are_kept_in_order_and_an_exercise_no_longer_in_the_plan_changes_nothing() -> None:
    weeks = _weeks()
    out, layer = apply_adjustments(weeks, [_adj(1, "note", note="First."), _adj(2, "note", note="Second."),
                                           _adj(3, "dose", exercise="not_there", sets=5, reason="x"),
                                           _adj(4, "clearance", reason="Cleared by Dr Lee")])
    assert [n.note for n in layer.notes] == ["First.", "Second."]
    assert [i.rx.sets for w in out for s in w.sessions for b in s.blocks for i in b.items] == [3, 3, 3, 2, 3]


def test_each_change_has_a_short_summary_for_the_client() -> None:
    assert describe(_adj(1, "regress", exercise="goblet_squat", to_exercise="box_squat_bodyweight")) \
        == "Made easier: goblet squat -> box squat bodyweight"
    assert describe(_adj(1, "dose", exercise="plank", sets=2, tempo="2-0-2")) == "Changed plank: sets 2, tempo 2-0-2"
    assert describe(_adj(1, "hold", exercise="plank")) == "Holding plank where it is"


def test_a_swap_counts_the_new_exercise_its_own_way_each_side_or_a_hold() -> None:
    shapes = {"kettlebell_deadlift": Shape(per_side=False, holds=False), "side_plank": Shape(per_side=True, holds=True)}
    weeks = _weeks()
    weeks[0].sessions[0].blocks[0].items[1].rx.per_side = True
    out, _ = apply_adjustments(weeks, [_adj(1, "swap", exercise="hip_hinge_dowel", to_exercise="kettlebell_deadlift"),
                                       _adj(2, "swap", exercise="bird_dog", to_exercise="side_plank")], shapes)
    hinge, hold = out[0].sessions[0].blocks[0].items[1].rx, out[0].sessions[0].blocks[1].items[0].rx
    assert (hinge.per_side, hinge.reps, hinge.seconds) == (False, 8, None)
    assert (hold.per_side, hold.reps, hold.seconds, hold.sets) == (True, None, 30, 3)
