"""Tests and outcome measures: McGill's trunk endurance ratios, the Patient-Specific
Functional Scale (PSFS), the 0-10 pain score (NPRS) and the Oswestry Disability Index
(ODI, scored in ``domain.odi``), with what counts as a meaningful change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from spinewise.domain.errors import InputError
from spinewise.domain.odi import ODI_MEANINGFUL_POINTS
from spinewise.domain.progression_rules import explain
from spinewise.domain.rule import Finding
from spinewise.domain.screening import Irritability
from spinewise.domain.validation import ContractModel, integer_between, number_between

FLEXION_EXTENSION_MAX = 1.0
SIDE_BALANCE_LOW = 0.95
SIDE_BALANCE_HIGH = 1.05
SIDE_EXTENSION_MAX = 0.75
"""McGill's endurance ratio flags (McGill, Childs & Liebenson 1999). The ratios are
compared unrounded: a 5.3% side difference is outside 0.95-1.05 even though it rounds
to 0.95 or 1.05."""
RATIO_DECIMALS = 4
"""Decimals of the ratios shown (enough that a flagged ratio never reads as in range)."""
ENDURANCE_SOURCE = "McGill, Childs & Liebenson 1999, Arch Phys Med Rehabil 80:941"

NPRS_MEANINGFUL_POINTS = 2
NPRS_MEANINGFUL_FRACTION = 0.30
"""A change of 2 points or 30% on the 0-10 pain scale is meaningful."""

PSFS_MEANINGFUL_POINTS = 2.0
"""A change of 2 points in the PSFS mean is meaningful (Stratford 1995)."""

HoldSeconds = Annotated[float, Field(ge=1, le=600), BeforeValidator(number_between(1, 600))]


# --- McGill's endurance tests -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EnduranceTestGuide:
    """How to do one of McGill's endurance tests, in spinewise's words, and the
    published mean hold of young healthy adults (McGill, Childs & Liebenson 1999)."""

    field: Literal["flexor", "extensor", "side_bridge_right", "side_bridge_left"]
    name: str
    setup: str
    hold: str
    stop_when: str
    reference_men: float
    reference_women: float

    def to_json(self) -> dict[str, object]:
        return {"test": self.field, "name": self.name, "setup": self.setup, "hold": self.hold,
                "stop_when": self.stop_when,
                "reference_seconds": {"men": self.reference_men, "women": self.reference_women}}


_SIDE_SETUP = ("Lie on your {side} side, legs straight, top foot just in front of the bottom foot, "
               "resting on your {side} forearm with the elbow under the shoulder.")
_SIDE_HOLD = ("Lift your hips until you are one straight line from head to feet, free hand on the "
              "opposite shoulder, and hold.")
_SIDE_STOP = "Stop when your hips sink out of the straight line or touch down."

ENDURANCE_GUIDE: tuple[EnduranceTestGuide, ...] = (
    EnduranceTestGuide(
        "flexor", "Trunk flexor hold",
        "Sit with knees and hips bent to 90 degrees, feet flat and held down (a strap or a helper), arms "
        "crossed on your chest. Lean back against a support (a wedge or a helper's hands) so your trunk "
        "is about 60 degrees from the floor.",
        "Have the support moved back about 10 cm and keep that 60-degree lean without it.",
        "Stop when your back sinks back to the support.",
        136, 134),
    EnduranceTestGuide(
        "extensor", "Back extensor hold (Biering-Sorensen)",
        "Lie face down with your hips on the end of a bench, ankles held down (a strap or a helper), "
        "upper body off the edge supported by your hands on a chair.",
        "Cross your arms on your chest and hold your upper body level with your legs.",
        "Stop when your upper body drops below level.",
        161, 185),
    EnduranceTestGuide("side_bridge_right", "Side bridge, right",
                       _SIDE_SETUP.format(side="right"), _SIDE_HOLD, _SIDE_STOP, 95, 75),
    EnduranceTestGuide("side_bridge_left", "Side bridge, left",
                       _SIDE_SETUP.format(side="left"), _SIDE_HOLD, _SIDE_STOP, 99, 78),
)
"""The four tests in the order they are done, with the published means (seconds) of
young healthy men and women (McGill, Childs & Liebenson 1999)."""

ENDURANCE_GENERAL = (
    "Do the tests only when your back is calm (low irritability): they are maximal holds.",
    "Warm up with a few minutes of easy walking; rest about 5 minutes between tests.",
    "Time each hold with a stopwatch, in seconds; a helper who watches the position makes it fairer.",
    "Stop at once if your pain rises above your usual or spreads into a leg, and log it as a symptom.",
    "The reference values are averages of young adults without back pain: compare your ratios "
    "(balance) more than your raw times, and your own times from one test to the next.",
)
"""How to run the tests, in spinewise's words."""


def endurance_guide_json() -> dict[str, Any]:
    """The tests' how-to, the published reference values and the ratio flags."""
    return {
        "general": list(ENDURANCE_GENERAL),
        "tests": [t.to_json() for t in ENDURANCE_GUIDE],
        "ratio_flags": {
            "flexion_extension_max": FLEXION_EXTENSION_MAX,
            "side_balance_range": [SIDE_BALANCE_LOW, SIDE_BALANCE_HIGH],
            "side_extension_max": SIDE_EXTENSION_MAX,
        },
        "source": ENDURANCE_SOURCE,
    }


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
    """Rounded to ``RATIO_DECIMALS`` for showing; the flags compare the exact ratios."""
    findings: tuple[Finding, ...]
    holds: tuple[tuple[EnduranceTestGuide, float], ...] = ()
    """Each test with the person's hold (seconds), beside its reference values."""

    def reference_json(self) -> list[dict[str, object]]:
        return [{**guide.to_json(), "seconds": seconds} for guide, seconds in self.holds]

    @property
    def balanced(self) -> bool:
        return self.usable and all(f.rule == "PROG-ENDURANCE-RATIOS" for f in self.findings)


def assess_endurance(test: EnduranceTest, *, irritability: Irritability) -> McGillEnduranceResult:
    """McGill's ratio flags: flexion:extension above ``FLEXION_EXTENSION_MAX`` (1.0),
    right:left side bridge outside ``SIDE_BALANCE_LOW``-``SIDE_BALANCE_HIGH``
    (0.95-1.05), either side bridge:extension above ``SIDE_EXTENSION_MAX`` (0.75).
    Used only when irritability is low."""
    holds = tuple((guide, float(getattr(test, guide.field))) for guide in ENDURANCE_GUIDE)
    if irritability != "low":
        return McGillEnduranceResult(False, {}, (_finding("PROG-ENDURANCE-NOT-NOW", ""),), holds)
    exact = {
        "flexion_extension": test.flexor / test.extensor,
        "right_left": test.side_bridge_right / test.side_bridge_left,
        "side_right_extension": test.side_bridge_right / test.extensor,
        "side_left_extension": test.side_bridge_left / test.extensor,
    }
    ratios = {name: round(value, RATIO_DECIMALS) for name, value in exact.items()}
    findings: list[Finding] = []
    if exact["flexion_extension"] > FLEXION_EXTENSION_MAX:
        findings.append(_finding("PROG-ENDURANCE-FLEX-EXT",
                                 f"flexion:extension {ratios['flexion_extension']:g}"))
    if not SIDE_BALANCE_LOW <= exact["right_left"] <= SIDE_BALANCE_HIGH:
        right, left = test.side_bridge_right, test.side_bridge_left
        weaker, stronger = ("left", "right") if left < right else ("right", "left")
        difference = (max(right, left) / min(right, left) - 1) * 100
        findings.append(_finding("PROG-ENDURANCE-SIDE-BALANCE",
                                 f"right:left {ratios['right_left']:g}: the {stronger} side held "
                                 f"{difference:.1f}% longer, weaker side {weaker}"))
    worst = max(exact["side_right_extension"], exact["side_left_extension"])
    if worst > SIDE_EXTENSION_MAX:
        findings.append(_finding("PROG-ENDURANCE-SIDE-EXT",
                                 f"side bridge:extension {round(worst, RATIO_DECIMALS):g}"))
    if not findings:
        findings.append(_finding("PROG-ENDURANCE-RATIOS", ""))
    return McGillEnduranceResult(True, ratios, tuple(findings), holds)


def _finding(rule_id: str, detail: str) -> Finding:
    return Finding(rule_id, explain(rule_id, detail))


# --- outcome measures ---------------------------------------------------------------------


class PsfsActivity(ContractModel):
    """One activity the person names, rated 0 (cannot do) to 10 (as before)."""

    activity: str = Field(min_length=1, max_length=120)
    score: Annotated[int, Field(ge=0, le=10), BeforeValidator(integer_between(0, 10))]


class PsfsAssessment(ContractModel):
    """The Patient-Specific Functional Scale: 3-5 activities, each 0-10."""

    activities: list[PsfsActivity] = Field(min_length=3, max_length=5)

    @property
    def mean(self) -> float:
        return sum(a.score for a in self.activities) / len(self.activities)


@dataclass(frozen=True, slots=True)
class OutcomeChange:
    """A change in an outcome measure and whether it is meaningful."""

    measure: Literal["nprs", "psfs", "odi"]
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
    return psfs_mean_change(before.mean, after.mean)


def psfs_mean_change(before: float, after: float) -> OutcomeChange:
    """``psfs_change`` from the two means (0-10)."""
    change = after - before
    meaningful = abs(change) >= PSFS_MEANINGFUL_POINTS
    direction: Literal["better", "worse", "no_change"] = (
        "better" if change > 0 else "worse" if change < 0 else "no_change")
    return OutcomeChange("psfs", round(before, 2), round(after, 2), direction,
                         meaningful, "PROG-OUTCOME-PSFS",
                         f"activities score {before:.1f} -> {after:.1f}/10: "
                         f"{_meaningful(meaningful)} change")


def odi_change(before: float, after: float) -> OutcomeChange:
    """Disability (ODI percentage, lower is better): a change of
    ``ODI_MEANINGFUL_POINTS`` (10) points or more is meaningful (Ostelo et al. 2008)."""
    for name, value in (("before", before), ("after", after)):
        if not 0 <= value <= 100:
            raise InputError(name, f"must be a number from 0 to 100, got {value}")
    change = round(after - before, 1)
    meaningful = abs(change) >= ODI_MEANINGFUL_POINTS
    direction: Literal["better", "worse", "no_change"] = (
        "better" if change < 0 else "worse" if change > 0 else "no_change")
    return OutcomeChange("odi", before, after, direction, meaningful, "PROG-OUTCOME-ODI-CHANGE",
                         f"disability index {before:g}% -> {after:g}%: {_meaningful(meaningful)} change")


def _meaningful(meaningful: bool) -> str:
    return "a meaningful" if meaningful else "not yet a meaningful"


# --- change over time ---------------------------------------------------------------------

OutcomeMeasure = Literal["nprs", "psfs", "odi"]


@dataclass(frozen=True, slots=True)
class OutcomeMeasureInfo:
    """How one outcome measure reads: its scale, which way is better, and the smallest
    change that matters."""

    measure: OutcomeMeasure
    name: str
    scale: str
    better: Literal["lower", "higher"]
    smallest_change: str
    rule: str


OUTCOME_MEASURES: dict[OutcomeMeasure, OutcomeMeasureInfo] = {
    "nprs": OutcomeMeasureInfo("nprs", "Pain score (NPRS)", "0-10", "lower",
                               "2 points or 30% of the first score", "PROG-OUTCOME-NPRS"),
    "psfs": OutcomeMeasureInfo("psfs", "Activities score (PSFS)", "0-10", "higher",
                               "2 points in the mean", "PROG-OUTCOME-PSFS"),
    "odi": OutcomeMeasureInfo("odi", "Disability index (ODI)", "0-100%", "lower",
                              "10 points", "PROG-OUTCOME-ODI-CHANGE"),
}
"""The three measures a clinic follows over time, in the order reports show them."""


@dataclass(frozen=True, slots=True)
class OutcomeTrack:
    """One measure over time: every score, and the change from the first to the latest
    read against the smallest change that matters (``None`` with fewer than two)."""

    info: OutcomeMeasureInfo
    points: tuple[tuple[date, float], ...]
    change: OutcomeChange | None

    def to_json(self) -> dict[str, Any]:
        change = self.change
        return {
            "measure": self.info.measure, "name": self.info.name, "scale": self.info.scale,
            "better": self.info.better, "smallest_change": self.info.smallest_change,
            "rule": self.info.rule,
            "points": [{"date": d.isoformat(), "score": s} for d, s in self.points],
            "first": self.points[0][1] if self.points else None,
            "latest": self.points[-1][1] if self.points else None,
            "change": None if change is None else {
                "by": round(change.after - change.before, 2), "direction": change.direction,
                "meaningful": change.meaningful, "message": change.message},
        }


def outcome_track(measure: OutcomeMeasure, points: Sequence[tuple[date, float]]) -> OutcomeTrack:
    """``measure``'s scores (oldest first) with the change from the first to the latest."""
    ordered = tuple(sorted(points, key=lambda p: p[0]))
    change: OutcomeChange | None = None
    if len(ordered) >= 2:
        first, latest = ordered[0][1], ordered[-1][1]
        if measure == "nprs":
            change = nprs_change(int(first), int(latest))
        elif measure == "psfs":
            change = psfs_mean_change(first, latest)
        else:
            change = odi_change(first, latest)
    return OutcomeTrack(OUTCOME_MEASURES[measure], ordered, change)
