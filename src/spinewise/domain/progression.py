"""The pain-monitored overload ladder: the next prescription for one exercise.

The ladder follows the source article's smart overload techniques, one variable at a
time, in this order:

1. slower lowering (eccentric +1 s, up to ``ECCENTRIC_MAX_SECONDS``);
2. a bottom pause (+1 s, up to ``BOTTOM_PAUSE_MAX_SECONDS``);
3. one more set (up to ``SETS_MAX``);
4. more reps (+``REPS_STEP`` up to ``REPS_MAX``), or for holds +``HOLD_SECONDS_STEP`` s
   up to ``HOLD_SECONDS_MAX``;
5. the smallest load step the equipment allows; at the new load the tempo, sets and
   reps go back to the base prescription (``NextInput.start`` or the defaults), so
   only the load rose and the ladder is climbed again from there.

A rung is climbed only when the latest session's pain response was green by the
pain-monitoring model (``pain``, REFERENCE §3), every planned rep was done at the
planned load, effort stayed within ``rpe_max`` and pain is not rising week to week.
Amber holds; red regresses one step; a flare-up deloads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from spinewise.domain.catalog import PHASES, Catalog, Exercise, Phase
from spinewise.domain.json_values import json_number
from spinewise.domain.loads import Unit, load_equipment, load_step_down, load_step_up, reduced_load
from spinewise.domain.next_input import CurrentPrescription, NextInput, SessionRecord
from spinewise.domain.pain import (
    LOAD_CUT_AMBER,
    is_flare_up,
    pain_response,
    pain_trend,
    weekly_pains,
)
from spinewise.domain.progression_rules import explain
from spinewise.domain.tempo import (
    BOTTOM_PAUSE,
    LOWERING,
    eccentric_seconds,
    pause_seconds,
    seconds_at,
    tempo_parts,
    with_seconds,
)
from spinewise.domain.validation import known_exercise

# --- the ladder's limits ----------------------------------------------------------

ECCENTRIC_MAX_SECONDS = 4
"""The slowest lowering the ladder asks for (the article's slow eccentric)."""

BOTTOM_PAUSE_MAX_SECONDS = 2
"""The article's 2-second pause at the bottom of the lift."""

SETS_MAX = 4
"""More sets stop here: beyond 4 the session gets long for a sensitive back."""

REPS_STEP = 2
REPS_MAX = 12
"""Reps rise 2 at a time up to 12; above that it is endurance work, not strength."""

HOLD_SECONDS_STEP = 5
HOLD_SECONDS_MAX = 60
"""Holds rise 5 s at a time up to 60 s (McGill favours repeated short holds)."""

BASE_SETS = 3
BASE_REPS = 8
BASE_HOLD_SECONDS = 30
"""After a load step, sets, reps and hold time go back to these (or to the current
value when it is lower) unless the input names its own ``start``."""

Change = Literal["tempo", "pause", "sets", "reps", "load", "hold", "regress"]


# --- the output -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prescription:
    """Sets, dose, tempo, load and effort cap of one exercise."""

    sets: int
    reps: int | None
    seconds: int | None
    tempo: str | None
    load: float | None
    rpe_max: float | None

    @classmethod
    def of(cls, current: CurrentPrescription) -> Prescription:
        return cls(sets=current.sets, reps=current.reps, seconds=current.seconds,
                   tempo=current.tempo, load=current.load, rpe_max=current.rpe_max)

    @property
    def holds(self) -> bool:
        """Dosed in seconds (a hold or carry) rather than reps."""
        return self.reps is None

    def to_json(self) -> dict[str, Any]:
        return {"sets": self.sets, "reps": self.reps, "seconds": self.seconds,
                "tempo": self.tempo, "load": json_number(self.load),
                "rpe_max": json_number(self.rpe_max)}


@dataclass(frozen=True, slots=True)
class NextPrescription:
    """The next prescription, what changed, the rule and the reason."""

    prescription: Prescription
    change: Change
    rule: str
    why: str

    def to_json(self) -> dict[str, Any]:
        """Exactly the contract's ``spinewise next`` answer."""
        return {**self.prescription.to_json(), "change": self.change, "rule": self.rule,
                "why": self.why}


# --- flare-ups ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlareUpPlan:
    """The deload and the way back after a flare-up."""

    exercise: str
    prescription: Prescription
    phase: Phase
    weeks_back: int
    steps: tuple[str, ...]
    rules: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "prescription": self.prescription.to_json(),
                "phase": self.phase, "weeks_back": self.weeks_back,
                "steps": list(self.steps), "rules": list(self.rules)}


def _deload(current: Prescription, *, unit: Unit, equipment: str | None) -> Prescription:
    """Halve the sets (at least 1) and take about a fifth off the load; without load,
    take a third off the reps or hold time instead."""
    sets = max(1, current.sets // 2)
    load = current.load
    reps, seconds = current.reps, current.seconds
    lighter = (reduced_load(load, unit=unit, equipment=equipment, fraction=LOAD_CUT_AMBER)
               if load is not None else None)
    if lighter is not None:
        load = lighter
    elif current.holds and seconds is not None:
        seconds = max(5, (seconds * 2 // 3) // 5 * 5)
    elif reps is not None:
        reps = max(1, reps * 2 // 3)
    return replace(current, sets=sets, load=load, reps=reps, seconds=seconds)


def flare_up_plan(data: NextInput, *, catalog: Catalog, phase: Phase) -> FlareUpPlan:
    """The flare-up protocol: deload (sets halved, about a fifth off the load), swap
    to the exercise's first regression when it has one (start it light: load left
    open), step back one phase, and return over 1-2 weeks by re-climbing the ladder
    one rung per green session."""
    exercise = known_exercise(data.exercise, catalog)
    current = Prescription.of(data.current)
    kind = load_equipment(data.equipment or exercise.equipment)
    deloaded = _deload(current, unit=data.unit, equipment=kind)
    target = exercise.id
    if exercise.regressions:
        easier = catalog.get(exercise.regressions[0])
        target = exercise.regressions[0]
        deloaded = replace(deloaded, load=None,
                           tempo=easier.default_tempo if easier is not None else deloaded.tempo)
    back = PHASES[max(0, PHASES.index(phase) - 1)]
    steps = (
        f"This week: {_describe(deloaded)} of {target}, effort easy, plus daily walking.",
        "Each session that is green (pain during and after 5 or less, back to usual the "
        "next morning): climb one step back towards the pre-flare-up prescription.",
        f"Within 1-2 weeks: back to {_describe(current)} of {exercise.id}; "
        "if the flare-up returns, see a clinician.",
    )
    return FlareUpPlan(exercise=target, prescription=deloaded, phase=back,
                       weeks_back=2, steps=steps,
                       rules=("PROG-FLARE-UP", "PROG-FLARE-UP-RETURN"))


def _describe(p: Prescription) -> str:
    dose = f"{p.reps} reps" if p.reps is not None else f"{p.seconds} s"
    load = f" at {json_number(p.load)}" if p.load is not None else ""
    return f"{p.sets} x {dose}{load}"


# --- the next prescription -------------------------------------------------------------


def next_prescription(data: NextInput, *, catalog: Catalog) -> NextPrescription:
    """The next prescription for one exercise from its history at this prescription.

    In order: a flare-up deloads (``PROG-FLARE-UP``); a red latest session regresses
    one step (``PROG-REGRESS-RED``); amber holds; unknown next-morning pain, reps not
    all done or done lighter than planned hold (``PROG-HOLD-INCOMPLETE``); effort above
    ``rpe_max`` holds; pain rising week to week holds; otherwise one rung of the ladder
    is climbed (see the module docstring). No history: ``PROG-HOLD-NEW``. When nothing
    is left to lower (one set, no load, the shortest dose) a red or flare-up answer is
    ``hold`` and its ``why`` points to the easier exercise.
    """
    exercise = known_exercise(data.exercise, catalog)
    current = Prescription.of(data.current)
    kind = load_equipment(data.equipment or exercise.equipment)
    history = sorted(data.history, key=lambda s: s.date)
    if not history:
        return _hold(current, "PROG-HOLD-NEW", "")
    latest = history[-1]
    flare = is_flare_up(history)
    if flare.flare_up:
        deloaded = _deload(current, unit=data.unit, equipment=kind)
        easier = (f" Consider {exercise.regressions[0]} until it settles."
                  if exercise.regressions else "")
        # At the floor already (1 set, nothing to take off): nothing lowers, so it holds.
        change: Change = "regress" if deloaded != current else "hold"
        return NextPrescription(deloaded, change, "PROG-FLARE-UP",
                                explain("PROG-FLARE-UP", "; ".join(flare.reasons)) + easier)
    response = pain_response(latest)
    if response.zone == "red":
        return _regress(current, _base(data, exercise), unit=data.unit, equipment=kind,
                        reasons=response.reasons)
    if response.zone == "amber":
        return _hold(current, "PROG-HOLD-AMBER", "; ".join(response.reasons))
    incomplete = _incomplete(latest, current)
    if response.zone == "unknown":
        incomplete.insert(0, "next-morning pain not logged yet")
    if incomplete:
        return _hold(current, "PROG-HOLD-INCOMPLETE", "; ".join(incomplete))
    if current.rpe_max is not None and latest.rpe is not None and latest.rpe > current.rpe_max:
        return _hold(current, "PROG-HOLD-EFFORT", f"effort {json_number(latest.rpe)} "
                     f"against a cap of {json_number(current.rpe_max)}")
    trend = pain_trend(weekly_pains(history))
    if trend.trend == "rising":
        return _hold(current, "PROG-TREND-RISING", trend.detail)
    return _climb(current, _base(data, exercise), unit=data.unit, equipment=kind,
                  exercise=exercise)


def _hold(current: Prescription, rule_id: str, detail: str) -> NextPrescription:
    return NextPrescription(current, "hold", rule_id, explain(rule_id, detail))


def _incomplete(session: SessionRecord, current: Prescription) -> list[str]:
    problems: list[str] = []
    if session.sets < current.sets:
        problems.append(f"{session.sets} of {current.sets} sets done")
    if current.reps is not None:
        done = session.reps[:current.sets]
        if len(done) < current.sets or any(r < current.reps for r in done):
            shown_reps = ", ".join(str(r) for r in session.reps) or "none logged"
            problems.append(f"reps done {shown_reps}, planned {current.reps} per set")
    elif current.seconds is not None and any(
            s < current.seconds for s in session.seconds[:current.sets]):
        problems.append(f"holds shorter than the planned {current.seconds} s")
    if (current.load is not None and session.load is not None
            and session.load < current.load - 1e-9):
        problems.append(f"done at {json_number(session.load)} instead of {json_number(current.load)}")
    if current.rpe_max is not None and session.rpe is None:
        problems.append("effort (RPE) not logged")
    return problems


def _base(data: NextInput, exercise: Exercise) -> Prescription:
    """The prescription the ladder resets to after a load step (never above current)."""
    cur = data.current
    start = data.start
    sets = start.sets if start else BASE_SETS
    reps = (start.reps if start and start.reps is not None else BASE_REPS)
    seconds = (start.seconds if start and start.seconds is not None else BASE_HOLD_SECONDS)
    tempo = start.tempo if start and start.tempo else exercise.default_tempo
    return Prescription(
        sets=min(sets, cur.sets),
        reps=min(reps, cur.reps) if cur.reps is not None else None,
        seconds=min(seconds, cur.seconds) if cur.seconds is not None else None,
        tempo=_reset_tempo(cur.tempo, tempo), load=cur.load, rpe_max=cur.rpe_max)


def _reset_tempo(current: str | None, base: str | None) -> str | None:
    """``current`` with its lowering and bottom pause brought back down to ``base``
    (never up: a base slower than the current tempo leaves it as it is)."""
    if current is None or base is None:
        return current
    parts = tempo_parts(current)
    for index in (LOWERING, BOTTOM_PAUSE):
        if seconds_at(base, index) < seconds_at(current, index):
            parts[index] = tempo_parts(base)[index]
    return "-".join(parts)


def _climb(current: Prescription, base: Prescription, *, unit: Unit, equipment: str | None,
           exercise: Exercise) -> NextPrescription:
    """One rung up: the first variable on the ladder that still has room."""
    tempo = current.tempo
    if tempo is not None and not current.holds:
        eccentric = eccentric_seconds(tempo)
        if eccentric < ECCENTRIC_MAX_SECONDS:
            slower = max(eccentric + 1, 2)
            return _rung(replace(current, tempo=with_seconds(tempo, LOWERING, slower)), "tempo",
                         "PROG-LADDER-TEMPO", f"lowering {eccentric} -> {slower} s")
        pause = pause_seconds(tempo)
        if pause < BOTTOM_PAUSE_MAX_SECONDS:
            return _rung(replace(current, tempo=with_seconds(tempo, BOTTOM_PAUSE, pause + 1)), "pause",
                         "PROG-LADDER-PAUSE", f"bottom pause {pause} -> {pause + 1} s")
    if current.sets < SETS_MAX:
        return _rung(replace(current, sets=current.sets + 1), "sets", "PROG-LADDER-SETS",
                     f"{current.sets} -> {current.sets + 1} sets")
    if current.reps is not None and current.reps < REPS_MAX:
        more = min(REPS_MAX, current.reps + REPS_STEP)
        return _rung(replace(current, reps=more), "reps", "PROG-LADDER-REPS",
                     f"{current.reps} -> {more} reps")
    if current.holds and current.seconds is not None and current.seconds < HOLD_SECONDS_MAX:
        longer = min(HOLD_SECONDS_MAX, current.seconds + HOLD_SECONDS_STEP)
        return _rung(replace(current, seconds=longer), "reps", "PROG-LADDER-HOLD-TIME",
                     f"{current.seconds} -> {longer} s")
    heavier = (load_step_up(current.load, unit=unit, equipment=equipment)
               if current.load is not None else None)
    if heavier is not None and current.load is not None:
        reset = replace(base, load=heavier, rpe_max=current.rpe_max)
        return _rung(reset, "load", "PROG-LADDER-LOAD",
                     f"{json_number(current.load)} -> {json_number(heavier)} {unit}; back to "
                     f"{_describe(replace(reset, load=None))}"
                     + (f", tempo {reset.tempo}" if reset.tempo else ""))
    harder = (f"next: {exercise.progressions[0]}" if exercise.progressions
              else "no harder version in the library")
    return _hold(current, "PROG-LADDER-TOP", harder)


def _rung(after: Prescription, change: Change, rule_id: str, detail: str) -> NextPrescription:
    return NextPrescription(after, change, rule_id, explain(rule_id, detail))


def _regress(current: Prescription, base: Prescription, *, unit: Unit, equipment: str | None,
             reasons: Sequence[str]) -> NextPrescription:
    """One step back: the load down one step when there is load; otherwise the last
    ladder rung above the base comes off (reps or hold time, sets, pause, lowering);
    at the base, one set (or 2 reps, or 5 s) less."""
    detail = "; ".join(reasons)

    def back(after: Prescription, what: str) -> NextPrescription:
        return NextPrescription(after, "regress", "PROG-REGRESS-RED",
                                explain("PROG-REGRESS-RED", f"{detail}; {what}"))

    if current.load is not None:
        lighter = load_step_down(current.load, unit=unit, equipment=equipment)
        if lighter is not None:
            return back(replace(current, load=lighter),
                        f"load {json_number(current.load)} -> {json_number(lighter)} {unit}")
    if current.reps is not None and base.reps is not None and current.reps > base.reps:
        fewer = max(base.reps, current.reps - REPS_STEP)
        return back(replace(current, reps=fewer), f"{current.reps} -> {fewer} reps")
    if (current.holds and current.seconds is not None and base.seconds is not None
            and current.seconds > base.seconds):
        shorter = max(base.seconds, current.seconds - HOLD_SECONDS_STEP)
        return back(replace(current, seconds=shorter), f"{current.seconds} -> {shorter} s")
    if current.sets > base.sets:
        return back(replace(current, sets=current.sets - 1),
                    f"{current.sets} -> {current.sets - 1} sets")
    tempo = current.tempo
    if tempo is not None and pause_seconds(tempo) > pause_seconds(base.tempo):
        pause = pause_seconds(tempo)
        return back(replace(current, tempo=with_seconds(tempo, BOTTOM_PAUSE, pause - 1)),
                    f"bottom pause {pause} -> {pause - 1} s")
    if tempo is not None and eccentric_seconds(tempo) > max(eccentric_seconds(base.tempo), 1):
        eccentric = eccentric_seconds(tempo)
        return back(replace(current, tempo=with_seconds(tempo, LOWERING, eccentric - 1)),
                    f"lowering {eccentric} -> {eccentric - 1} s")
    if current.sets > 1:
        return back(replace(current, sets=current.sets - 1),
                    f"{current.sets} -> {current.sets - 1} sets")
    if current.reps is not None and current.reps > 1:
        fewer = max(1, current.reps - REPS_STEP)
        return back(replace(current, reps=fewer), f"{current.reps} -> {fewer} reps")
    if current.seconds is not None and current.seconds > HOLD_SECONDS_STEP:
        shorter = current.seconds - HOLD_SECONDS_STEP
        return back(replace(current, seconds=shorter), f"{current.seconds} -> {shorter} s")
    return NextPrescription(current, "hold", "PROG-REGRESS-RED",
                            explain("PROG-REGRESS-RED",
                                 f"{detail}; nothing left to lower: switch to an easier "
                                 "exercise"))


def raised_variables(before: Prescription, after: Prescription) -> list[str]:
    """Which ladder variables rose from ``before`` to ``after`` (lowering seconds,
    bottom pause, sets, reps, hold seconds, load)."""
    raised: list[str] = []
    if eccentric_seconds(after.tempo) > eccentric_seconds(before.tempo):
        raised.append("tempo")
    if pause_seconds(after.tempo) > pause_seconds(before.tempo):
        raised.append("pause")
    if after.sets > before.sets:
        raised.append("sets")
    if (after.reps or 0) > (before.reps or 0):
        raised.append("reps")
    if (after.seconds or 0) > (before.seconds or 0):
        raised.append("seconds")
    if (after.load or 0.0) > (before.load or 0.0):
        raised.append("load")
    return raised


