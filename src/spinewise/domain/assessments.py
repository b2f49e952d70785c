"""Tests and outcome measures: McGill's trunk endurance ratios, the Patient-Specific
Functional Scale (PSFS) and the 0-10 pain score (NPRS), with what counts as a
meaningful change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from spinewise.domain.errors import InputError
from spinewise.domain.progression_rules import explain
from spinewise.domain.rule import Finding
from spinewise.domain.screening import Irritability
from spinewise.domain.validation import ContractModel, integer_between, number_between

FLEXION_EXTENSION_MAX = 1.0
SIDE_BALANCE_LOW = 0.95
SIDE_BALANCE_HIGH = 1.05
SIDE_EXTENSION_MAX = 0.75
"""McGill's endurance ratio flags (McGill, Childs & Liebenson 1999)."""

NPRS_MEANINGFUL_POINTS = 2
NPRS_MEANINGFUL_FRACTION = 0.30
"""A change of 2 points or 30% on the 0-10 pain scale is meaningful."""

PSFS_MEANINGFUL_POINTS = 2.0
"""A change of 2 points in the PSFS mean is meaningful (Stratford 1995)."""

HoldSeconds = Annotated[float, BeforeValidator(number_between(1, 600))]


# --- McGill's endurance tests -----------------------------------------------------------


class EnduranceTest(ContractModel):
    """McGill's trunk endurance tests: hold times in seconds."""

    flexor: HoldSeconds
    extensor: HoldSeconds
    side_bridge_right: HoldSeconds
    side_bridge_left: HoldSeconds


@dataclass(frozen=True, slots=True)
class McGillEnduranceResult:
    """The endurance ratios and their flags. ``usable`` is false (and there are no
    ratios) when irritability is not low: the maximal holds are then not done."""

    usable: bool
    ratios: dict[str, float]
    findings: tuple[Finding, ...]

    @property
    def balanced(self) -> bool:
        return self.usable and all(f.rule == "PROG-ENDURANCE-RATIOS" for f in self.findings)


def assess_endurance(test: EnduranceTest, *, irritability: Irritability) -> McGillEnduranceResult:
    """McGill's ratio flags: flexion:extension above ``FLEXION_EXTENSION_MAX`` (1.0),
    right:left side bridge outside ``SIDE_BALANCE_LOW``-``SIDE_BALANCE_HIGH``
    (0.95-1.05), either side bridge:extension above ``SIDE_EXTENSION_MAX`` (0.75).
    Used only when irritability is low."""
    if irritability != "low":
        return McGillEnduranceResult(False, {}, (_finding("PROG-ENDURANCE-NOT-NOW", ""),))
    ratios = {
        "flexion_extension": round(test.flexor / test.extensor, 2),
        "right_left": round(test.side_bridge_right / test.side_bridge_left, 2),
        "side_right_extension": round(test.side_bridge_right / test.extensor, 2),
        "side_left_extension": round(test.side_bridge_left / test.extensor, 2),
    }
    findings: list[Finding] = []
    if ratios["flexion_extension"] > FLEXION_EXTENSION_MAX:
        findings.append(_finding("PROG-ENDURANCE-FLEX-EXT",
                                 f"flexion:extension {ratios['flexion_extension']}"))
    if not SIDE_BALANCE_LOW <= ratios["right_left"] <= SIDE_BALANCE_HIGH:
        weaker = ("left" if test.side_bridge_left < test.side_bridge_right else "right")
        findings.append(_finding("PROG-ENDURANCE-SIDE-BALANCE",
                                 f"right:left {ratios['right_left']}, weaker side {weaker}"))
    worst = max(ratios["side_right_extension"], ratios["side_left_extension"])
    if worst > SIDE_EXTENSION_MAX:
        findings.append(_finding("PROG-ENDURANCE-SIDE-EXT", f"side bridge:extension {worst}"))
    if not findings:
        findings.append(_finding("PROG-ENDURANCE-RATIOS", ""))
    return McGillEnduranceResult(True, ratios, tuple(findings))


def _finding(rule_id: str, detail: str) -> Finding:
    return Finding(rule_id, explain(rule_id, detail))


# --- outcome measures ---------------------------------------------------------------------


class PsfsActivity(ContractModel):
    """One activity the person names, rated 0 (cannot do) to 10 (as before)."""

    activity: str = Field(min_length=1, max_length=120)
    score: Annotated[int, BeforeValidator(integer_between(0, 10))]


class PsfsAssessment(ContractModel):
    """The Patient-Specific Functional Scale: 3-5 activities, each 0-10."""

    activities: list[PsfsActivity] = Field(min_length=3, max_length=5)

    @property
    def mean(self) -> float:
        return sum(a.score for a in self.activities) / len(self.activities)


@dataclass(frozen=True, slots=True)
class OutcomeChange:
    """A change in an outcome measure and whether it is meaningful."""

    measure: Literal["nprs", "psfs"]
    before: float
    after: float
    direction: Literal["better", "worse", "no_change"]
    meaningful: bool
    rule: str
    message: str


def nprs_change(before: int, after: int) -> OutcomeChange:
    """Pain (0-10, lower is better): a change of ``NPRS_MEANINGFUL_POINTS`` (2) points
    or ``NPRS_MEANINGFUL_FRACTION`` (30%) of the starting score is meaningful."""
    for name, value in (("before", before), ("after", after)):
        if not 0 <= value <= 10:
            raise InputError(name, f"must be an integer from 0 to 10, got {value}")
    change = after - before
    meaningful = abs(change) >= NPRS_MEANINGFUL_POINTS or (
        before > 0 and abs(change) / before >= NPRS_MEANINGFUL_FRACTION)
    direction: Literal["better", "worse", "no_change"] = (
        "better" if change < 0 else "worse" if change > 0 else "no_change")
    return OutcomeChange("nprs", before, after, direction, meaningful, "PROG-OUTCOME-NPRS",
                         f"pain {before} -> {after}/10: {_meaningful(meaningful)} change")


def psfs_change(before: PsfsAssessment, after: PsfsAssessment) -> OutcomeChange:
    """Function (PSFS mean, higher is better): ``PSFS_MEANINGFUL_POINTS`` (2) or more
    is a meaningful change."""
    change = after.mean - before.mean
    meaningful = abs(change) >= PSFS_MEANINGFUL_POINTS
    direction: Literal["better", "worse", "no_change"] = (
        "better" if change > 0 else "worse" if change < 0 else "no_change")
    return OutcomeChange("psfs", round(before.mean, 2), round(after.mean, 2), direction,
                         meaningful, "PROG-OUTCOME-PSFS",
                         f"activities score {before.mean:.1f} -> {after.mean:.1f}/10: "
                         f"{_meaningful(meaningful)} change")


def _meaningful(meaningful: bool) -> str:
    return "a meaningful" if meaningful else "not yet a meaningful"
