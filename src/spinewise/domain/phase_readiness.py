"""Whether a person is ready to move from one program phase to the next
(foundation -> patterning -> strength)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from spinewise.domain.assessments import McGillEnduranceResult
from spinewise.domain.catalog import Phase
from spinewise.domain.errors import InputError
from spinewise.domain.pain import Trend
from spinewise.domain.screening import Irritability

MIN_WEEKS_IN_PHASE = 3
"""Weeks in a phase before it may be left."""

FLARE_UP_CLEAR_WEEKS = 2
"""Weeks without a flare-up before moving to the next phase."""

ADHERENCE_MIN = 0.75
"""Share of planned sessions done before the next phase."""


@dataclass(frozen=True, slots=True)
class Criterion:
    """One check for moving to the next phase: met or missed, and why."""

    rule: str
    met: bool
    message: str


@dataclass(frozen=True, slots=True)
class PhaseReadiness:
    """Advance or stay, the next phase, and every criterion met or missed."""

    phase: Phase
    decision: Literal["advance", "stay"]
    next_phase: Phase | None
    rule: str
    criteria: tuple[Criterion, ...]

    def to_json(self) -> dict[str, Any]:
        return {"phase": self.phase, "decision": self.decision, "next_phase": self.next_phase,
                "rule": self.rule,
                "criteria": [{"rule": c.rule, "met": c.met, "message": c.message}
                             for c in self.criteria]}


def phase_readiness(phase: Phase, *, weeks_in_phase: int, weeks_since_flare_up: int | None,
                    adherence: float, pain_trend: Trend,
                    endurance: McGillEnduranceResult | None,
                    irritability: Irritability) -> PhaseReadiness:
    """Whether to move from ``phase`` to the next one. Every criterion must be met:
    at least ``MIN_WEEKS_IN_PHASE`` (3) weeks in the phase; no flare-up in the last
    ``FLARE_UP_CLEAR_WEEKS`` (2) weeks (``None``: never had one); adherence at least
    ``ADHERENCE_MIN`` (75%); pain not rising week to week; irritability not high (to
    patterning) or low (to strength); and, to strength only, McGill's endurance
    ratios tested (at low irritability) and in range. The strength phase is the last."""
    if weeks_in_phase < 0:
        raise InputError("weeks_in_phase", f"must be 0 or more, got {weeks_in_phase}")
    if not 0.0 <= adherence <= 1.0:
        raise InputError("adherence", f"must be a number from 0 to 1, got {adherence}")
    if phase == "strength":
        return PhaseReadiness(phase, "stay", None, "PROG-PHASE-TOP", ())
    target: Phase = "patterning" if phase == "foundation" else "strength"
    criteria = [
        Criterion("PROG-PHASE-MIN-WEEKS", weeks_in_phase >= MIN_WEEKS_IN_PHASE,
                  f"{weeks_in_phase} of at least {MIN_WEEKS_IN_PHASE} weeks in {phase}"),
        Criterion("PROG-PHASE-NO-FLARE-UP",
                  weeks_since_flare_up is None or weeks_since_flare_up >= FLARE_UP_CLEAR_WEEKS,
                  "no flare-up so far" if weeks_since_flare_up is None else
                  f"last flare-up {weeks_since_flare_up} week(s) ago "
                  f"(at least {FLARE_UP_CLEAR_WEEKS} needed)"),
        Criterion("PROG-PHASE-ADHERENCE", adherence >= ADHERENCE_MIN,
                  f"{adherence:.0%} of planned sessions done "
                  f"(at least {ADHERENCE_MIN:.0%} needed)"),
        Criterion("PROG-PHASE-PAIN-TREND", pain_trend != "rising",
                  f"pain trend week to week: {pain_trend}"),
        Criterion("PROG-PHASE-IRRITABILITY",
                  irritability != "high" if target == "patterning" else irritability == "low",
                  f"irritability {irritability} "
                  f"({'not high' if target == 'patterning' else 'low'} needed for {target})"),
    ]
    if target == "strength":
        criteria.append(_endurance_criterion(endurance))
    ready = all(c.met for c in criteria)
    return PhaseReadiness(phase, "advance" if ready else "stay", target if ready else None,
                          "PROG-PHASE-ADVANCE" if ready else "PROG-PHASE-STAY", tuple(criteria))


def _endurance_criterion(endurance: McGillEnduranceResult | None) -> Criterion:
    """To strength only: McGill's endurance ratios tested and in range."""
    if endurance is None or not endurance.usable:
        return Criterion("PROG-PHASE-ENDURANCE", False,
                         "McGill endurance tests not done yet "
                         "(they are done when irritability is low)")
    flags = [f.message for f in endurance.findings if f.rule != "PROG-ENDURANCE-RATIOS"]
    return Criterion("PROG-PHASE-ENDURANCE", not flags,
                     "; ".join(flags) if flags else "endurance ratios in range")
