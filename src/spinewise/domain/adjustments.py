"""A coach's adjustments to a client's plan: a layer over the generated plan.

The planner's plan is stored as it was prescribed; a coach's changes are stored beside
it, one row each (who, when, why), and applied in order whenever the plan is read, so
the plan the client trains from (Today, sessions, the handout) is the adjusted one and
the generated plan stays intact underneath. The layer belongs to one plan: a re-screen
or a rebuilt plan starts again from the planner (the earlier adjustments stay listed,
marked as belonging to the earlier plan), because a new screening may rule out what the
coach chose.

Kinds:

- ``swap``: every occurrence of ``exercise`` becomes ``to_exercise`` (same dose).
- ``regress``: the same as a swap, to the easier exercise chosen when it was made.
- ``dose``: ``sets``, ``reps``, ``seconds``, ``tempo``, ``load`` or ``rpe_max`` of every
  occurrence of ``exercise`` set by the coach; the progression does not move it.
- ``hold``: the progression keeps ``exercise`` where it is.
- ``note``: a note the client sees on Today.
- ``clearance``: a clinician's clearance recorded by the coach (it re-screens; nothing
  to apply to the plan).

A swap or regression to an exercise the client's screening rules out carries the
planner's exclusion rule (``override_rule``) and the coach's written reason: the
client sees both.

Pure: no storage, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, get_args

from spinewise.domain.planner import PlanItem, Prescription, Week
from spinewise.domain.rule import Rule

AdjustmentKind = Literal["swap", "regress", "dose", "hold", "note", "clearance"]
ADJUSTMENT_KINDS: tuple[AdjustmentKind, ...] = get_args(AdjustmentKind)
SWAPS: frozenset[str] = frozenset({"swap", "regress"})

RULES: list[Rule] = [
    Rule("COACH-ADJUSTED", "coaching", "info", "Adjusted by your coach",
         "The coach changed this exercise or its dose, or holds its progression; the "
         "progression does not move a dose the coach has set.",
         "A clinician or coach who knows the person individualises the exercise dose; "
         "spinewise keeps its safety gates on top of that choice.",
         "Hayden et al. 2005, Ann Intern Med 142:776 (individually designed exercise for "
         "chronic low back pain); the source article's coaching method"),
    Rule("COACH-OVERRIDE", "coaching", "caution", "Coach's override of a screening exclusion",
         "The coach chose an exercise the client's screening rules out, with a written "
         "reason; the client sees the exclusion and the reason.",
         "The planner's exclusions are general rules; a coach who has assessed the person "
         "may judge otherwise, but only openly and in writing.",
         "The planner's exclusion rules (docs/planning.md); the source article's coaching method"),
]


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One change a coach made to a client's plan (see the module docstring)."""

    id: int
    kind: AdjustmentKind
    by: str
    at: datetime
    plan_id: int | None = None
    exercise: str | None = None
    to_exercise: str | None = None
    sets: int | None = None
    reps: int | None = None
    seconds: int | None = None
    tempo: str | None = None
    load: float | None = None
    rpe_max: int | None = None
    note: str | None = None
    reason: str | None = None
    override_rule: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "by": self.by,
                "at": self.at.replace(microsecond=0).isoformat() + "Z", "plan_id": self.plan_id,
                "exercise": self.exercise, "to_exercise": self.to_exercise, "sets": self.sets,
                "reps": self.reps, "seconds": self.seconds, "tempo": self.tempo, "load": self.load,
                "rpe_max": self.rpe_max, "note": self.note, "reason": self.reason,
                "override_rule": self.override_rule, "summary": describe(self)}


@dataclass(frozen=True, slots=True)
class CoachDose:
    """How Today serves an exercise the coach has adjusted: ``fixed`` (the plan item's
    dose as the coach set it, with ``load``) or held (the last dose in use)."""

    fixed: bool
    load: float | None
    why: str


@dataclass(frozen=True, slots=True)
class CoachLayer:
    """What the adjustments leave beside the adjusted weeks: the notes for Today, the
    doses the progression must not move, and the overrides the client must see."""

    adjustments: tuple[Adjustment, ...] = ()
    notes: tuple[Adjustment, ...] = ()
    doses: dict[str, CoachDose] = field(default_factory=dict)
    overrides: dict[str, Adjustment] = field(default_factory=dict)

    def override_words(self, exercise: str) -> str | None:
        found = self.overrides.get(exercise)
        if found is None:
            return None
        return (f"Your coach chose this although your screening rules it out "
                f"({found.override_rule}): {found.reason}")


def describe(adjustment: Adjustment) -> str:
    """The change in a short sentence, for the client's list of changes."""
    a = adjustment
    name = (a.exercise or "").replace("_", " ")
    if a.kind in SWAPS:
        verb = "Made easier" if a.kind == "regress" else "Swapped"
        return f"{verb}: {name} -> {(a.to_exercise or '').replace('_', ' ')}"
    if a.kind == "dose":
        parts = [f"{label} {value}" for label, value in (
            ("sets", a.sets), ("reps", a.reps), ("seconds", a.seconds), ("tempo", a.tempo),
            ("load", a.load), ("effort up to RPE", a.rpe_max)) if value is not None]
        return f"Changed {name}: " + ", ".join(parts)
    if a.kind == "hold":
        return f"Holding {name} where it is"
    if a.kind == "clearance":
        return "Recorded a clinician's clearance"
    return "Note"


def _dose(rx: Prescription, a: Adjustment) -> Prescription:
    return replace(rx, sets=a.sets if a.sets is not None else rx.sets,
                   reps=a.reps if a.reps is not None else rx.reps,
                   seconds=a.seconds if a.seconds is not None else rx.seconds,
                   tempo=a.tempo if a.tempo is not None else rx.tempo,
                   rpe_max=a.rpe_max if a.rpe_max is not None else rx.rpe_max)


@dataclass(frozen=True, slots=True)
class Shape:
    """What a swap takes from the new exercise: done on each side, held for seconds."""

    per_side: bool
    holds: bool


HOLD_SECONDS, REPS = 30, 8
"""The dose a swap gives when the new exercise is counted the other way (a hold for a
lift, or a lift for a hold): the library's starting dose, as a free session's."""


def _swapped_rx(rx: Prescription, shape: Shape | None) -> Prescription:
    if shape is None:
        return replace(rx)
    if shape.holds and rx.seconds is None:
        return replace(rx, per_side=shape.per_side, seconds=HOLD_SECONDS, reps=None)
    if not shape.holds and rx.reps is None:
        return replace(rx, per_side=shape.per_side, reps=REPS, seconds=None)
    return replace(rx, per_side=shape.per_side)


def _item(item: PlanItem, a: Adjustment, shapes: Mapping[str, Shape]) -> PlanItem:
    if item.exercise != a.exercise:
        return item
    if a.kind in SWAPS and a.to_exercise:
        why = f"Chosen by your coach: {a.reason}" if a.reason else "Chosen by your coach."
        return replace(item, exercise=a.to_exercise, why=why, replaces=item.replaces or item.exercise,
                       rx=_swapped_rx(item.rx, shapes.get(a.to_exercise)))
    if a.kind == "dose":
        return replace(item, rx=_dose(item.rx, a))
    return item


def _weeks(weeks: Sequence[Week], a: Adjustment, shapes: Mapping[str, Shape]) -> list[Week]:
    return [replace(w, sessions=[replace(s, blocks=[replace(b, items=[_item(i, a, shapes) for i in b.items])
                                                    for b in s.blocks]) for s in w.sessions])
            for w in weeks]


def apply_adjustments(weeks: Sequence[Week], adjustments: Sequence[Adjustment],
                      shapes: Mapping[str, Shape] | None = None) -> tuple[list[Week], CoachLayer]:
    """The plan's weeks with the adjustments applied in order (by id), and the layer
    Today reads. ``weeks`` is not changed. An adjustment naming an exercise no longer in
    the plan (swapped away since) changes nothing. ``shapes`` (by exercise id, from the
    library) lets a swap count the new exercise its own way: each side, or a hold."""
    shapes = shapes or {}
    out: list[Week] = list(weeks)
    notes: list[Adjustment] = []
    doses: dict[str, CoachDose] = {}
    overrides: dict[str, Adjustment] = {}
    ordered = sorted(adjustments, key=lambda a: a.id)
    for a in ordered:
        if a.kind == "note":
            notes.append(a)
            continue
        if a.kind == "clearance" or not a.exercise:
            continue
        if a.kind in SWAPS and a.to_exercise:
            out = _weeks(out, a, shapes)
            for moved in (doses, overrides):
                moved.pop(a.exercise, None)
            if a.override_rule:
                overrides[a.to_exercise] = a
        elif a.kind == "dose":
            out = _weeks(out, a, shapes)
            load = a.load if a.load is not None else (doses[a.exercise].load if a.exercise in doses else None)
            doses[a.exercise] = CoachDose(True, load, f"Set by your coach: {a.reason}" if a.reason
                                          else "Set by your coach.")
        elif a.kind == "hold" and a.exercise not in doses:
            doses[a.exercise] = CoachDose(False, None, f"Your coach holds this one: {a.reason}" if a.reason
                                          else "Your coach holds this one where it is.")
    return out, CoachLayer(tuple(ordered), tuple(notes), doses, overrides)


def plan_exercises(weeks: Sequence[Week]) -> set[str]:
    """Every exercise the plan holds."""
    return {i.exercise for w in weeks for s in w.sessions for b in s.blocks for i in b.items}

