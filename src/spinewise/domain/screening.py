"""Screening: may this person lift, and if so, what does their back tolerate?

``screen_intake`` applies every screening rule to an intake and returns a
``Screening``: the overall level (the most serious rule that fired), every reason,
the pain pattern with its intolerances, irritability and psychosocial risk.
It never diagnoses: messages say "consistent with", and point to a clinician when
the rules say so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from spinewise.domain.intake import Intake
from spinewise.domain.rule import Rule
from spinewise.domain.screening_rules import CLEARED, RULES, SAME_DAY

Level = Literal["emergency", "urgent", "refer", "modify", "clear"]
LEVELS: tuple[Level, ...] = ("emergency", "urgent", "refer", "modify", "clear")
"""Screening levels from most to least serious."""
Pattern = Literal["flexion_sensitive", "extension_sensitive", "nerve_related",
                  "muscular_nonspecific", "mixed", "none"]
Intolerance = Literal["flexion", "extension", "rotation", "axial_load", "asymmetric_load"]
INTOLERANCES: tuple[Intolerance, ...] = ("flexion", "extension", "rotation", "axial_load", "asymmetric_load")
Irritability = Literal["low", "moderate", "high"]
Risk = Literal["low", "medium", "high", "not_assessed"]
"""STarT Back risk; ``not_assessed`` when the psychosocial questions were left unanswered
(spinewise never reports an unanswered question as a result)."""
RISKS: tuple[Risk, ...] = ("low", "medium", "high", "not_assessed")

DISCLAIMER = (
    "spinewise is not a diagnosis and does not replace a clinician. It sorts what you told it "
    "by published screening rules and says what your answers are consistent with. If a "
    "symptom is new, getting worse, or worries you, see a doctor or physiotherapist; if you "
    "notice numbness around the groin, new bladder or bowel problems, or weakness in both "
    "legs, go to an emergency department now."
)

ELDERLY_FRACTURE_AGE = 70
"""Age from which minor trauma is a fracture flag (Downie 2013: over ~70; Cochrane: 74)."""
MALIGNANCY_AGE = 50
"""New pain over this age combines with night pain as a malignancy flag (IFOMPT)."""
INFLAMMATORY_ONSET_AGE = 45
"""NICE NG65: suspect axial spondyloarthritis when back pain began before 45."""
CHRONIC_WEEKS = 12
"""Pain lasting more than about 3 months counts as long-standing."""
NEW_PAIN_WEEKS = 6
"""Pain younger than this (or of unknown age) counts as new for the infection flag; new or
long-standing, an infection risk factor with back pain is urgent (only the words differ)."""
SEVERE_PAIN = 8
"""Pain at or above this right now asks for a clinician first (a conservative choice)."""
SETTLE_LOW_HOURS = 0.5
"""Settles within half an hour: low irritability (no standard cut-off exists; ours)."""
SETTLE_MODERATE_HOURS = 2.0
"""Settles within two hours: moderate irritability; longer: high (REFERENCE §4)."""


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str
    level: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "level": self.level, "message": self.message}


@dataclass(frozen=True, slots=True)
class PatternFinding:
    primary: Pattern
    intolerances: tuple[Intolerance, ...]
    evidence: tuple[str, ...] = ()
    """The answers that point to this pattern, in plain words (the "why")."""


@dataclass(frozen=True, slots=True)
class StartBackScore:
    """The published STarT Back scoring applied to the intake's answers (Hill 2008).

    With no psychosocial answers the risk is ``not_assessed`` and the scores are
    ``None``: the questions are asked at the first check-in instead."""

    total: int | None
    psychosocial_subscale: int | None
    risk: Risk

    @property
    def assessed(self) -> bool:
        return self.risk != "not_assessed"

    def to_json(self) -> dict[str, int] | None:
        if self.total is None or self.psychosocial_subscale is None:
            return None
        return {"total": self.total, "psychosocial_subscale": self.psychosocial_subscale}


@dataclass(frozen=True, slots=True)
class Screening:
    level: Level
    reasons: tuple[Reason, ...]
    pattern: PatternFinding
    irritability: Irritability
    psychosocial: StartBackScore
    irritability_why: tuple[str, ...] = field(default=())

    @property
    def psychosocial_risk(self) -> Risk:
        return self.psychosocial.risk

    @property
    def may_train(self) -> bool:
        return self.level in ("modify", "clear")

    @property
    def next_step(self) -> str:
        """What to do now, in one sentence with one timeframe (see ``next_step``)."""
        return next_step(self.level, tuple(r.rule for r in self.reasons))

    def to_json(self) -> dict[str, Any]:
        """The contract's ``spinewise screen --json`` object, plus optional detail."""
        return {
            "level": self.level,
            "reasons": [r.to_json() for r in self.reasons],
            "pattern": {"primary": self.pattern.primary,
                        "intolerances": list(self.pattern.intolerances),
                        "evidence": list(self.pattern.evidence)},
            "irritability": self.irritability,
            "psychosocial_risk": self.psychosocial.risk,
            "start_back": self.psychosocial.to_json(),
            "next_step": self.next_step,
            "disclaimer": DISCLAIMER,
        }


_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


URGENT_TODAY = ("See a doctor today (your GP's same-day service, an urgent-care clinic or an out-of-hours "
                "doctor), before any training. Take the reasons below with you.")
URGENT_SOON = ("See a doctor (your GP or an urgent-care clinic) within the next day or two, before any "
               "training. Take the reasons below with you.")


def next_step(level: Level, rules: tuple[str, ...] = ()) -> str:
    """What to do now, by level, in one sentence with one timeframe.

    For ``urgent`` the timeframe follows the reasons (their rule ids): today when any
    of them is a possible infection (``SAME_DAY``), else within a day or two. The
    urgent rules' own messages name who (a doctor) and carry no timeframe, so an
    answer never holds two."""
    if level == "urgent":
        return URGENT_TODAY if SAME_DAY & set(rules) else URGENT_SOON
    return {
        "emergency": "Go to an emergency department now (or call your local emergency number). Do not train.",
        "refer": "See a physiotherapist, doctor or sports chiropractor before you lift. Gentle walking and easy movement are fine meanwhile.",
        "modify": "You can train, with the modifications in your plan.",
        "clear": "You can train: your plan builds a back-resilient base.",
    }[level]


# --- red flags -----------------------------------------------------------------

_Check = Callable[[Intake], bool]


def _fracture_risk_factors(i: Intake) -> int:
    return sum((i.red_flags.osteoporosis, i.red_flags.long_term_steroids, i.age >= ELDERLY_FRACTURE_AGE))


def _pain_is_new(i: Intake, weeks: float) -> bool:
    return i.pain.duration_weeks is None or i.pain.duration_weeks < weeks


def _neuro_signs(i: Intake) -> bool:
    s = i.symptoms
    return s.numbness_or_tingling or s.one_sided_weakness or i.red_flags.progressive_weakness


def _inflammatory(i: Intake) -> bool:
    if not i.red_flags.morning_stiffness_over_30min:
        return False
    weeks = i.pain.duration_weeks
    if weeks is None or weeks < CHRONIC_WEEKS:
        return False
    onset_age = i.age - weeks / 52.0
    return onset_age < INFLAMMATORY_ONSET_AGE


def infection_risk_factors(i: Intake) -> int:
    """Risk factors for spinal infection: weakened immunity, injected drugs, a recent
    infection or spinal procedure (Yusuf, Finucane & Selfe 2019)."""
    return sum((i.red_flags.immunosuppressed, i.red_flags.iv_drug_use, i.red_flags.recent_infection))


def has_back_pain(i: Intake) -> bool:
    """Any back pain now, this past week or at its worst this past week."""
    return max(i.pain.now, i.pain.average_week or 0, i.pain.worst_week or 0) > 0


def _infection_risk(i: Intake) -> bool:
    """A risk factor together with back pain: urgent whatever the pain's duration."""
    return infection_risk_factors(i) >= 1 and has_back_pain(i)


FLAG_CHECKS: dict[str, _Check] = {
    "RF-CES-SADDLE": lambda i: i.red_flags.saddle_numbness,
    "RF-CES-BLADDER": lambda i: i.red_flags.bladder_change,
    "RF-CES-BOWEL": lambda i: i.red_flags.bowel_incontinence,
    "RF-CES-SEXUAL": lambda i: i.red_flags.sexual_dysfunction,
    "RF-CES-BILATERAL": lambda i: i.red_flags.bilateral_leg_symptoms,
    "RF-NEURO-PROGRESSIVE": lambda i: i.red_flags.progressive_weakness,
    "RF-VASCULAR-AAA": lambda i: i.red_flags.pulsating_abdomen,
    "RF-FRACTURE-TRAUMA-NEURO": lambda i: i.onset == "major_trauma" and _neuro_signs(i),
    "RF-FRACTURE-MAJOR-TRAUMA": lambda i: i.onset == "major_trauma" and not _neuro_signs(i),
    "RF-FRACTURE-MINOR-TRAUMA-RISK": lambda i: i.onset == "minor_trauma" and _fracture_risk_factors(i) >= 1,
    "RF-FRACTURE-RISK-COMBINED": lambda i: i.onset != "minor_trauma" and _fracture_risk_factors(i) >= 2,
    "RF-INFECTION-SYSTEMIC": lambda i: i.red_flags.fever_or_chills or i.red_flags.systemically_unwell,
    "RF-INFECTION-RISK-NEW-PAIN": lambda i: _infection_risk(i) and _pain_is_new(i, NEW_PAIN_WEEKS),
    "RF-INFECTION-RISK": lambda i: _infection_risk(i) and not _pain_is_new(i, NEW_PAIN_WEEKS),
    "RF-MALIGNANCY-HISTORY": lambda i: i.red_flags.cancer_history,
    "RF-MALIGNANCY-WEIGHT-LOSS": lambda i: i.red_flags.unexplained_weight_loss,
    "RF-NONMECH-PROGRESSIVE": lambda i: i.red_flags.constant_progressive_pain,
    "RF-NONMECH-NIGHT-RISK": lambda i: i.red_flags.night_pain_unrelieved and (
        i.age > MALIGNANCY_AGE or i.red_flags.cancer_history),
    "RF-NONMECH-NIGHT": lambda i: i.red_flags.night_pain_unrelieved and not (
        i.age > MALIGNANCY_AGE or i.red_flags.cancer_history),
    "RF-INFLAMMATORY": _inflammatory,
    "SIGN-SHOOTING-LEG-PAIN": lambda i: i.symptoms.sharp_shooting_leg_pain,
    "SIGN-UNEXPLAINED-NUMBNESS": lambda i: i.symptoms.numbness_or_tingling and not i.symptoms.numbness_explained,
    "SIGN-WORSE-LIGHT-ACTIVITY": lambda i: i.symptoms.worse_with_light_activity,
    "SIGN-ONE-SIDED-WEAKNESS": lambda i: i.symptoms.one_sided_weakness,
    "SIGN-SEVERE-PAIN": lambda i: i.pain.now >= SEVERE_PAIN,
}
"""Which red-flag and 'not yet' rules fire for an intake; each id is in the registry."""


# --- pattern -------------------------------------------------------------------

def assess_pattern(i: Intake) -> PatternFinding:
    """Directional intolerance from what makes the pain worse and better (McGill)."""
    a, e, s = i.aggravating, i.easing, i.symptoms
    flexion_signs = [label for flag, label in (
        (a.sitting, "sitting makes it worse"), (a.bending_forward, "bending forward makes it worse"),
        (a.lifting, "lifting makes it worse"), (a.cough_sneeze, "coughing or sneezing makes it worse"),
        (a.morning, "it is worse in the morning"), (e.walking, "walking eases it"),
        (e.standing, "standing eases it")) if flag]
    extension_signs = [label for flag, label in (
        (a.standing_long, "standing for long makes it worse"), (a.walking, "walking makes it worse"),
        (a.arching_back, "arching back makes it worse"), (a.overhead, "overhead work makes it worse"),
        (a.lying_flat, "lying flat makes it worse"), (e.sitting, "sitting eases it"),
        (e.bending_forward, "bending forward eases it")) if flag]
    nerve_signs = [label for flag, label in (
        (s.leg_pain and s.pain_below_knee, "leg pain below the knee"),
        (s.sharp_shooting_leg_pain, "sharp or shooting leg pain"),
        (s.numbness_or_tingling, "numbness or tingling"),
        (s.one_sided_weakness, "weakness on one side")) if flag]
    flexion_aggravated = any((a.sitting, a.bending_forward, a.lifting, a.cough_sneeze, a.morning))
    extension_aggravated = any((a.standing_long, a.walking, a.arching_back, a.overhead, a.lying_flat))
    no_pain = (i.pain.now == 0 and (i.pain.average_week or 0) == 0
               and not flexion_aggravated and not extension_aggravated and not a.twisting
               and not nerve_signs and not s.leg_pain)

    if nerve_signs:
        primary: Pattern = "nerve_related"
    elif len(flexion_signs) >= 2 and len(extension_signs) >= 2:
        primary = "mixed"
    elif len(flexion_signs) >= 2 and len(flexion_signs) > len(extension_signs):
        primary = "flexion_sensitive"
    elif len(extension_signs) >= 2 and len(extension_signs) > len(flexion_signs):
        primary = "extension_sensitive"
    elif no_pain:
        primary = "none"
    else:
        primary = "muscular_nonspecific"

    intolerances: list[Intolerance] = []
    if flexion_aggravated or primary in ("flexion_sensitive", "mixed"):
        intolerances.append("flexion")
    if extension_aggravated or primary in ("extension_sensitive", "mixed"):
        intolerances.append("extension")
    if a.twisting:
        intolerances.append("rotation")
    disc_like = primary in ("flexion_sensitive", "mixed") and (a.lifting or a.cough_sneeze or a.sitting)
    if disc_like or primary == "nerve_related" or (a.lifting and not no_pain) or a.standing_long:
        intolerances.append("axial_load")
    if a.twisting or primary == "nerve_related":
        intolerances.append("asymmetric_load")
    evidence = {"nerve_related": nerve_signs, "flexion_sensitive": flexion_signs,
                "extension_sensitive": extension_signs, "mixed": flexion_signs + extension_signs,
                "muscular_nonspecific": (["a tender spot in the muscle"] if s.localized_tender_muscle else [])
                + flexion_signs + extension_signs,
                "none": []}[primary]
    ordered = tuple(x for x in INTOLERANCES if x in intolerances)
    return PatternFinding(primary=primary, intolerances=ordered, evidence=tuple(evidence))


# --- irritability --------------------------------------------------------------

def assess_irritability(i: Intake) -> tuple[Irritability, tuple[str, ...]]:
    """Severity and settling time (Maitland; SINSS). The higher category wins.

    Pain: >= 7 high, 4-6 moderate, <= 3 low (the higher of now and weekly average).
    Settling: <= 0.5 h low, <= 2 h moderate, longer high (our explicit cut-offs).
    Pain worse with light activity or unrelieved night pain: high (easily provoked).
    """
    severity = max(i.pain.now, i.pain.average_week or 0)
    why: list[str] = []
    rank = 0
    if severity >= 7:
        rank = 2
        why.append(f"pain {severity}/10")
    elif severity >= 4:
        rank = 1
        why.append(f"pain {severity}/10")
    settle = i.pain.settles_within_hours
    if settle is not None:
        if settle > SETTLE_MODERATE_HOURS:
            rank = max(rank, 2)
            why.append(f"takes about {settle:g} h to settle after a flare")
        elif settle > SETTLE_LOW_HOURS:
            rank = max(rank, 1)
            why.append(f"settles within about {settle:g} h")
    if i.symptoms.worse_with_light_activity or i.red_flags.night_pain_unrelieved:
        rank = 2
        why.append("easily provoked (light activity or night pain)")
    if not why:
        why.append(f"pain {severity}/10 and settles quickly")
    levels: tuple[Irritability, ...] = ("low", "moderate", "high")
    return levels[rank], tuple(why)


# --- psychosocial risk ---------------------------------------------------------

def start_back_score(i: Intake) -> StartBackScore:
    """The published STarT Back scoring method (Hill et al. 2008), applied to the
    intake's own-words topics: items 1-8 agree = 1 point, item 9 = 1 point for
    "very much" or "extremely". Low: total <= 3; high: subscale (items 5-9) >= 4;
    otherwise medium. With no psychosocial answer at all: ``not_assessed`` (a
    question left unanswered is never scored as "no")."""
    if not i.psychosocial_answered:
        return StartBackScore(total=None, psychosocial_subscale=None, risk="not_assessed")
    p = i.psychosocial
    subscale = sum((p.unsafe_to_be_active, p.worrying_thoughts, p.never_get_better, p.lost_enjoyment,
                    p.bothersomeness in ("very_much", "extremely")))
    total = subscale + sum((i.symptoms.leg_pain, i.symptoms.neck_or_shoulder_pain,
                            p.walked_only_short_distances, p.dressed_more_slowly))
    risk: Risk = "low" if total <= 3 else ("high" if subscale >= 4 else "medium")
    return StartBackScore(total=total, psychosocial_subscale=subscale, risk=risk)


# --- putting it together -------------------------------------------------------

def _reason(rule_id: str) -> Reason:
    rule = _BY_ID[rule_id]
    return Reason(rule=rule.id, level=rule.level, message=rule.message)


def _cleared(reason: Reason) -> Reason:
    """A 'not yet' sign a clinician has assessed and cleared: the same rule, read as
    cleared (never "see a clinician before you lift" next to "you can train")."""
    return Reason(rule=reason.rule, level="modify", message=f"{_BY_ID[reason.rule].title}: {CLEARED}")


def _is_pain_free(i: Intake, pattern: PatternFinding) -> bool:
    return pattern.primary == "none" and (i.pain.worst_week or 0) <= 2


def screen_intake(intake: Intake) -> Screening:
    """Apply every screening rule; the overall level is the most serious that fired.

    A clinician's clearance lowers ``refer`` to ``modify`` only; it never lowers
    ``emergency`` or ``urgent``.
    """
    flags = [_reason(rule_id) for rule_id, check in FLAG_CHECKS.items() if check(intake)]
    pattern = assess_pattern(intake)
    irritability, irritability_why = assess_irritability(intake)
    psych = start_back_score(intake)
    reasons = list(flags)
    worst = min((LEVELS.index(r.level) for r in flags), default=LEVELS.index("modify"))
    level: Level = LEVELS[worst]
    if level == "refer" and intake.clinician_cleared:
        level = "modify"
        reasons = [_cleared(r) if r.level == "refer" else r for r in reasons]
        reasons.append(_reason("CLEAR-CLINICIAN"))
    if level in ("modify", "clear"):
        if _is_pain_free(intake, pattern) and not flags:
            level = "clear"
            reasons.append(_reason("CLEAR-NO-PAIN"))
        else:
            reasons.extend(_descriptive_reasons(pattern, irritability, psych))
    return Screening(level=level, reasons=tuple(reasons), pattern=pattern,
                     irritability=irritability, psychosocial=psych,
                     irritability_why=irritability_why)


def _descriptive_reasons(pattern: PatternFinding, irritability: Irritability,
                         psych: StartBackScore) -> list[Reason]:
    out: list[Reason] = []
    pattern_rule = {"flexion_sensitive": "PATTERN-FLEX", "extension_sensitive": "PATTERN-EXT",
                    "nerve_related": "PATTERN-NERVE", "muscular_nonspecific": "PATTERN-MUSC",
                    "mixed": "PATTERN-MIXED"}.get(pattern.primary)
    if pattern_rule:
        out.append(_reason(pattern_rule))
    if "rotation" in pattern.intolerances:
        out.append(_reason("PATTERN-ROTATION"))
    out.append(_reason({"high": "IRRIT-HIGH", "moderate": "IRRIT-MODERATE", "low": "IRRIT-LOW"}[irritability]))
    psych_rule = {"high": "PSY-HIGH", "medium": "PSY-MEDIUM", "not_assessed": "PSY-NOT-ASSESSED"}.get(psych.risk)
    if psych_rule:
        out.append(_reason(psych_rule))
    return out
