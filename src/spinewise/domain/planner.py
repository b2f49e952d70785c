"""The planner: a phased program fitted to the screening, the gear and the week.

Phases run foundation -> patterning -> strength; their lengths depend on irritability
and psychosocial risk. Each session has a real warm-up, a main block, a core block and
a cool-down (mobility-core days add light cardio; active-recovery days are gentle).
Selection respects gear, intolerances, irritability caps, experience and session length,
applies the article's substitutions and explains every item in plain words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from spinewise.domain.assessments import (
    FLEXION_EXTENSION_MAX,
    SIDE_BALANCE_HIGH,
    SIDE_BALANCE_LOW,
    SIDE_EXTENSION_MAX,
)
from spinewise.domain.catalog import PHASES, Catalog, Exercise, Phase
from spinewise.domain.intake import Intake
from spinewise.domain.pain import FLARE_UP_HOURS, FLARE_UP_RISE
from spinewise.domain.phase_readiness import ADHERENCE_MIN, FLARE_UP_CLEAR_WEEKS, MIN_WEEKS_IN_PHASE
from spinewise.domain.plan_rules import RULES as PLAN_RULES
from spinewise.domain.plan_rules import SUBSTITUTIONS, Substitution
from spinewise.domain.rule import Rule
from spinewise.domain.screening import DISCLAIMER, Screening
from spinewise.domain.session_time import as_minutes, session_seconds

Focus = Literal["lower", "upper", "full_body", "mobility_core", "active_recovery"]
BlockKind = Literal["warmup", "main", "core", "conditioning", "cooldown"]

WEEK_STRUCTURES: dict[int, tuple[Focus, ...]] = {
    2: ("full_body", "full_body"),
    3: ("lower", "upper", "full_body"),
    4: ("lower", "upper", "mobility_core", "full_body"),
    5: ("lower", "mobility_core", "upper", "active_recovery", "full_body"),
    6: ("lower", "mobility_core", "upper", "active_recovery", "full_body", "mobility_core"),
}
"""Sessions by days per week; 5 days follows the article's order exactly."""

LIFTING_FOCI: frozenset[str] = frozenset({"lower", "upper", "full_body"})
MAX_SKILL = {"none": 1, "beginner": 2, "intermediate": 3, "advanced": 3}
"""Most technical lift (skill 1-3) by experience."""
ARTICLE_FAVOURITES: tuple[str, ...] = (
    "goblet_squat", "trap_bar_deadlift", "block_pull", "bird_dog", "dead_bug", "split_squat",
    "step_up", "cat_cow", "glute_bridge", "hip_swing", "plank", "side_plank", "farmers_carry",
    "suitcase_carry", "hollow_hold", "pallof_press", "mcgill_curl_up",
)
"""Exercises the article recommends by name: preferred when they fit the person."""
_FAVOURITE_RANK = {ident: rank for rank, ident in enumerate(ARTICLE_FAVOURITES)}
_RULES: dict[str, Rule] = {r.id: r for r in PLAN_RULES}
_SUB_BY_ORIGINAL: dict[str, Substitution] = {s.original: s for s in SUBSTITUTIONS}
_SUB_TARGETS: dict[str, Substitution] = {t: s for s in SUBSTITUTIONS for t in s.replacements}
ARTICLE_REPLACED: frozenset[str] = frozenset({"barbell_back_squat", "conventional_deadlift"})
"""Lifts the article swaps out for anyone training with back pain."""


# --- the person, as the planner sees them ------------------------------------

@dataclass(frozen=True, slots=True)
class Profile:
    level: str
    intolerances: frozenset[str]
    irritability: str
    psychosocial_risk: str
    pattern: str
    equipment: frozenset[str]
    experience: str
    days_per_week: int
    session_minutes: int
    units: str
    aggravating: frozenset[str] = frozenset()
    """What the person said makes the pain worse (``walking``, ``sitting`` ...)."""
    goals: frozenset[str] = frozenset()
    age: int = 40

    @staticmethod
    def of(intake: Intake, screening: Screening) -> Profile:
        return Profile(
            level=screening.level, intolerances=frozenset(screening.pattern.intolerances),
            irritability=screening.irritability, psychosocial_risk=screening.psychosocial_risk,
            pattern=screening.pattern.primary,
            equipment=frozenset(intake.training.equipment) | {"bodyweight"},
            experience=intake.training.experience, days_per_week=intake.training.days_per_week,
            session_minutes=intake.training.session_minutes, units=intake.units,
            aggravating=frozenset(k for k, v in intake.aggravating.model_dump().items() if v is True),
            goals=frozenset(intake.training.goals), age=intake.age)


@dataclass(frozen=True, slots=True)
class Exclusion:
    rule: str
    reason: str


def exclusion(exercise: Exercise, profile: Profile, phase: str | None = None) -> Exclusion | None:
    """Why this exercise is not for this person now, or ``None`` when it is allowed.

    Checked in order: gear, intolerances (flexion, extension, rotation >= 2; axial 3;
    off-centre loads), irritability caps, end-range loaded flexion and the article's
    substitutions when training with pain, skill by experience, then phase.
    """
    s = exercise.spine
    missing = [e for e in exercise.equipment if e not in profile.equipment]
    if missing:
        return Exclusion("PLAN-EXCLUDE-EQUIPMENT", f"needs {', '.join(m.replace('_', ' ') for m in missing)}, which you did not list")
    if trains_by_bending(exercise):
        return Exclusion("PLAN-CORE-NO-TRUNK-BENDING", "it trains the trunk by bending or twisting it; your core work trains the trunk to hold the spine still")
    tol = profile.intolerances
    if "flexion" in tol and s.flexion >= 2 and not (s.flexion == 2 and exercise.id in HINGE_WITH_CARE):
        return Exclusion("PLAN-EXCLUDE-FLEXION", f"it bends or loads your lower back forward (flexion demand {s.flexion}/3), which your back does not tolerate yet")
    if "extension" in tol and s.extension >= 2:
        return Exclusion("PLAN-EXCLUDE-EXTENSION", f"it arches your lower back under load (extension demand {s.extension}/3), which your back does not tolerate yet")
    if "rotation" in tol and s.rotation >= 2:
        return Exclusion("PLAN-EXCLUDE-ROTATION", f"it twists or side-loads your trunk (rotation demand {s.rotation}/3), which makes your pain worse")
    if "axial_load" in tol and s.axial >= 3:
        return Exclusion("PLAN-EXCLUDE-AXIAL", "it puts high compression through your spine (axial demand 3/3)")
    if "asymmetric_load" in tol and exercise.asymmetric and exercise.loaded:
        return Exclusion("PLAN-EXCLUDE-ASYMMETRIC", "the load sits on one side, which your back does not tolerate yet")
    if profile.irritability == "high" and (s.axial >= 3 or (exercise.loaded and s.axial >= 2) or exercise.impact == "high"):
        return Exclusion("PLAN-EXCLUDE-IRRITABILITY", "your back is highly irritable: compression, external load on the spine and impact stay low until it settles")
    if profile.irritability == "moderate" and ((exercise.loaded and s.axial >= 3) or exercise.impact == "high"):
        return Exclusion("PLAN-EXCLUDE-IRRITABILITY", "your back is moderately irritable: no heavy spinal compression or high impact yet")
    if profile.level != "clear" and s.flexion >= 3:
        return Exclusion("PLAN-EXCLUDE-END-RANGE-FLEXION", "it bends your spine to end range under load; with back pain the plan trains these muscles another way")
    if profile.level != "clear" and exercise.id in ARTICLE_REPLACED:
        return Exclusion("PLAN-EXCLUDE-ARTICLE", "with back pain the plan uses the article's back-friendlier version of this lift")
    if exercise.skill > MAX_SKILL[profile.experience]:
        return Exclusion("PLAN-EXCLUDE-SKILL", "it is a technical lift; the plan builds the pattern first")
    return None if phase is None else phase_exclusion(exercise, phase)


STILL_SPINE_CORE_PATTERNS: frozenset[str] = frozenset({"anti_extension", "anti_rotation", "anti_lateral_flexion"})
"""Core patterns whose whole point is a trunk that resists movement."""


def trains_by_bending(exercise: Exercise) -> bool:
    """A core exercise that works the trunk by bending or twisting it (sit-up, crunch,
    hanging raise, Russian twist, side bend): flexion demand 2+, or twisting 3."""
    s = exercise.spine
    return exercise.pattern in STILL_SPINE_CORE_PATTERNS and (s.flexion >= 2 or s.rotation >= 3)


HINGE_LADDER: dict[str, tuple[str, ...]] = {
    "foundation": ("hip_hinge_dowel", "wall_hip_hinge"),
    "patterning": ("kettlebell_deadlift_from_blocks", "dumbbell_deadlift_from_blocks", "hip_hinge_dowel",
                   "wall_hip_hinge"),
    "strength": ("trap_bar_deadlift", "block_pull", "kettlebell_deadlift", "kettlebell_deadlift_from_blocks",
                 "dumbbell_deadlift_from_blocks", "hip_hinge_dowel", "wall_hip_hinge"),
}
"""The hinge progression by phase, first allowed wins: wall hip hinge (week 1) -> dowel
hinge -> a kettlebell or dumbbells from a raised start -> trap bar or block pull
(``PLAN-HINGE-PROGRESSION``). Unloaded drills until the pattern is owned."""
FIRST_WEEK_HINGE: tuple[str, str] = ("hip_hinge_dowel", "wall_hip_hinge")
"""In the plan's first week the dowel hinge is taught against a wall first."""
HINGE_WITH_CARE: frozenset[str] = frozenset({"kettlebell_deadlift_from_blocks", "dumbbell_deadlift_from_blocks",
                                             "trap_bar_deadlift", "block_pull"})
"""Raised-start hinges a flexion-sensitive back may use at flexion demand 2 (a neutral
spine resisting a forward-bending moment): ``PLAN-HINGE-FLEXION-CARE``."""


def is_standing_barbell_press(exercise: Exercise) -> bool:
    return exercise.pattern == "vertical_push" and "barbell" in exercise.equipment and exercise.id.startswith("standing_")


def pathway_exclusion(exercise: Exercise, profile: Profile, phase: str) -> Exclusion | None:
    """The nerve-related pathway: no loaded exercise with moderate spinal compression in
    the foundation phase, no standing barbell press before the strength phase."""
    if profile.pattern != "nerve_related":
        return None
    if phase == "foundation" and exercise.loaded and exercise.spine.axial >= 2:
        return Exclusion("PLAN-NERVE-AXIAL-LATER", "with nerve-related symptoms, load that compresses the spine waits for the patterning phase")
    if phase != "strength" and is_standing_barbell_press(exercise):
        return Exclusion("PLAN-NERVE-NO-STANDING-PRESS", "with nerve-related symptoms, standing barbell presses wait for the strength phase")
    return None


AGGRAVATING_ACTIVITIES: dict[str, tuple[str, frozenset[str]]] = {
    "walking": ("walking", frozenset({"walking", "treadmill_walk", "treadmill_incline_walk", "treadmill_jog",
                                      "marching_in_place", "elliptical"})),
    "standing_long": ("standing for long", frozenset({"walking", "treadmill_walk", "marching_in_place"})),
    "sitting": ("sitting", frozenset({"bike_easy", "bike_intervals", "rowing_machine"})),
}
"""Conditioning and recovery options that repeat what the person said aggravates them."""


AGGRAVATING_WORDS: dict[str, str] = {
    **{key: words for key, (words, _) in AGGRAVATING_ACTIVITIES.items()},
    "arching_back": "arching your back", "bending_forward": "bending forward",
}


def aggravation(exercise: Exercise, profile: Profile) -> str | None:
    """What this exercise repeats that makes the person's pain worse, or ``None``:
    used for conditioning and recovery, which must leave the back calmer
    (``PLAN-NOT-AGGRAVATING``)."""
    for key, (words, ids) in AGGRAVATING_ACTIVITIES.items():
        if key in profile.aggravating and exercise.id in ids:
            return words
    if "arching_back" in profile.aggravating and exercise.spine.extension >= 2:
        return "arching your back"
    if "bending_forward" in profile.aggravating and exercise.spine.flexion >= 2:
        return "bending forward"
    return None


def phase_exclusion(exercise: Exercise, phase: str) -> Exclusion | None:
    """Not before the exercise's own earliest phase."""
    if exercise.phase_index > PHASES.index(phase):
        return Exclusion("PLAN-EXCLUDE-PHASE", f"it belongs to the {exercise.phase_min} phase")
    return None


# --- plan output ---------------------------------------------------------------

@dataclass(slots=True)
class Prescription:
    sets: int
    reps: int | None
    seconds: int | None
    tempo: str | None
    rpe_max: int | None
    rest_seconds: int
    per_side: bool = False


@dataclass(slots=True)
class PlanItem:
    exercise: str
    rx: Prescription
    why: str
    replaces: str | None = None
    belt: str | None = None

    def to_json(self) -> dict[str, Any]:
        rx = self.rx
        out: dict[str, Any] = {
            "exercise": self.exercise, "sets": rx.sets, "reps": rx.reps, "seconds": rx.seconds,
            "tempo": rx.tempo, "rpe_max": rx.rpe_max, "why": self.why,
            "rest_seconds": rx.rest_seconds, "per_side": rx.per_side,
        }
        if self.replaces:
            out["replaces"] = self.replaces
        if self.belt:
            out["belt"] = self.belt
        return out


@dataclass(slots=True)
class Block:
    kind: BlockKind
    items: list[PlanItem]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "items": [i.to_json() for i in self.items]}


@dataclass(slots=True)
class Session:
    day: int
    focus: Focus
    blocks: list[Block]

    @property
    def minutes(self) -> int:
        """Estimated length in whole minutes (``session_time``): never over the
        person's ``session_minutes``."""
        return as_minutes(session_seconds((b.kind, i.rx) for b in self.blocks for i in b.items))

    def to_json(self) -> dict[str, Any]:
        return {"day": self.day, "focus": self.focus, "minutes": self.minutes,
                "blocks": [b.to_json() for b in self.blocks]}


@dataclass(slots=True)
class Week:
    week: int
    phase: Phase
    sessions: list[Session]
    deload: bool = False
    overload: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"week": self.week, "phase": self.phase, "deload": self.deload,
                "overload": self.overload, "sessions": [s.to_json() for s in self.sessions]}


@dataclass(frozen=True, slots=True)
class PhaseSpan:
    phase: Phase
    first_week: int
    last_week: int
    goal: str
    entry_criteria: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"phase": self.phase, "weeks": [self.first_week, self.last_week],
                "goal": self.goal, "entry_criteria": list(self.entry_criteria)}


GuidanceSection = Literal["reading", "pain", "plan", "daily"]
GUIDANCE_SECTIONS: dict[str, str] = {
    "reading": "How to read your plan",
    "pain": "Pain and flare-ups",
    "plan": "How your plan is built",
    "daily": "Outside the gym",
}
"""The plan's guidance sections, in the order they are shown, with their headings."""


@dataclass(frozen=True, slots=True)
class Guidance:
    rule: str
    topic: str
    message: str
    section: GuidanceSection = "plan"

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "topic": self.topic, "message": self.message, "section": self.section}


@dataclass(slots=True)
class PlanResult:
    """A screening's answer with its plan (``weeks`` empty when training is not allowed)."""

    screening: Screening
    weeks: list[Week] = field(default_factory=list)
    phases: list[PhaseSpan] = field(default_factory=list)
    guidance: list[Guidance] = field(default_factory=list)

    @property
    def has_plan(self) -> bool:
        return bool(self.weeks)

    @property
    def level(self) -> str:
        return self.screening.level

    def to_json(self) -> dict[str, Any]:
        """The contract's ``spinewise plan --json`` object (plus optional detail)."""
        s = self.screening
        out: dict[str, Any] = {"level": s.level, "reasons": [r.to_json() for r in s.reasons],
                               "weeks": [w.to_json() for w in self.weeks]}
        if not self.weeks:
            out["next_step"] = s.next_step
            out["advice"] = NO_PLAN_ADVICE.get(s.level, "")
        else:
            out["pattern"] = {"primary": s.pattern.primary, "intolerances": list(s.pattern.intolerances)}
            out["irritability"] = s.irritability
            out["psychosocial_risk"] = s.psychosocial_risk
            out["phases"] = [p.to_json() for p in self.phases]
            out["guidance"] = [g.to_json() for g in self.guidance]
        out["disclaimer"] = DISCLAIMER
        return out


NO_PLAN_ADVICE = {
    "emergency": "Do not train. Get emergency care now; spinewise will not build a plan.",
    "urgent": "Do not start training until a doctor has seen you. Keep moving gently within comfort (short walks) unless told otherwise.",
    "refer": "Until you are assessed: short easy walks, gentle movement within comfort, and no lifting. Once a clinician clears you, answer 'cleared' in your intake and spinewise plans modified training.",
}


# --- phases ----------------------------------------------------------------------

def phase_lengths(profile: Profile, weeks: int) -> tuple[int, int, int]:
    """Weeks of foundation, patterning and strength within ``weeks``.

    Irritability sets the base (high 4+4; moderate, low and clear 3+3: no phase is
    planned shorter than the ``MIN_WEEKS_IN_PHASE`` weeks the training loop requires
    before moving on, so the plan never shows a phase change the readiness check
    would refuse); medium psychosocial risk adds a foundation week, high adds two
    plus one of patterning (confidence before load). Short plans are filled in order.
    """
    base = {"high": (4, 4), "moderate": (3, 3), "low": (3, 3)}[profile.irritability]
    foundation, patterning = (max(n, MIN_WEEKS_IN_PHASE) for n in base)
    if profile.psychosocial_risk in ("medium", "not_assessed"):  # not asked: treated as medium
        foundation += 1
    elif profile.psychosocial_risk == "high":
        foundation += 2
        patterning += 1
    foundation = min(foundation, weeks)
    patterning = min(patterning, weeks - foundation)
    return foundation, patterning, weeks - foundation - patterning


PHASE_GOALS: dict[str, str] = {
    "foundation": "Mobility, core control and the basic patterns with little or no load; learn to brace and breathe.",
    "patterning": "The main lifts with light load, strict form and a controlled tempo.",
    "strength": "Progressive overload: tempo, pauses and volume first, load last, gated by how your back answers.",
}

_ADHERENCE = f"{ADHERENCE_MIN:.0%} or more of planned sessions done in the phase."
_NO_FLARE_UP = (f"No flare-up (pain {FLARE_UP_RISE}+ points above usual for {FLARE_UP_HOURS} hours or more) "
                f"in the last {FLARE_UP_CLEAR_WEEKS} weeks.")
ENTRY_CRITERIA: dict[str, tuple[str, ...]] = {
    "foundation": ("Screening level is modify or clear.",),
    "patterning": (
        f"At least {MIN_WEEKS_IN_PHASE} weeks in the foundation phase.",
        _NO_FLARE_UP,
        _ADHERENCE,
        "Pain not rising week to week; next-morning pain back to usual after sessions.",
        "Irritability no longer high.",
        "Bird-dog, dead bug and side plank (on knees or feet) done with a still, neutral spine.",
    ),
    "strength": (
        f"At least {MIN_WEEKS_IN_PHASE} weeks in the patterning phase.",
        _NO_FLARE_UP,
        _ADHERENCE,
        "Pain not rising week to week.",
        "Irritability low.",
        f"McGill torso endurance tests logged with ratios in range (side bridge right:left "
        f"{SIDE_BALANCE_LOW}-{SIDE_BALANCE_HIGH}, flexion:extension at most {FLEXION_EXTENSION_MAX}, "
        f"side bridge:extension at most {SIDE_EXTENSION_MAX}); they are done when irritability is low.",
    ),
}
"""Written from the thresholds ``phase_readiness`` enforces, so the plan never promises
other criteria than the training loop checks. The phase lengths above are the plan's
projection; the loop moves a person on only when these are met."""


# --- prescriptions -----------------------------------------------------------

_PHASE_MAIN = {"foundation": (2, 10, "3-1-2", 5, 60),
               "patterning": (3, 8, "3-1-2", 6, 90),
               "strength": (3, 6, "3-1-2", 7, 120)}
_PHASE_HOLD = {"foundation": 10, "patterning": 20, "strength": 30}


def _rpe_cap(profile: Profile, phase: str) -> int:
    cap = _PHASE_MAIN[phase][3]
    if phase == "strength" and profile.irritability == "low" and profile.experience in ("intermediate", "advanced"):
        cap = 8
    if profile.irritability == "high":
        cap = min(cap, 5)
    elif profile.irritability == "moderate":
        cap = min(cap, 7)
    if profile.psychosocial_risk != "low" and phase != "strength":
        cap -= 1
    return max(cap, 4)


def prescribe(exercise: Exercise, kind: BlockKind, phase: str, profile: Profile, focus: str) -> Prescription:
    """The base dose for one exercise in a block, phase and session."""
    per_side = exercise.per_side
    if kind in ("warmup", "cooldown"):
        if exercise.dose == "seconds":
            return Prescription(1, None, 30 if kind == "warmup" else 45, None, None, 0, per_side)
        return Prescription(1, 8, None, None, None, 0, per_side)
    if kind == "cooldown" and focus == "active_recovery":
        return Prescription(1, None if exercise.dose == "seconds" else 8,
                            60 if exercise.dose == "seconds" else None, None, None, 0, per_side)
    if kind == "conditioning":
        minutes = min(20, max(5, profile.session_minutes // 2)) if focus == "active_recovery" else 10
        return Prescription(1, None, minutes * 60, None, 4 if focus == "active_recovery" else 5, 0, False)
    rpe = _rpe_cap(profile, phase)
    if profile.pattern == "nerve_related" and phase == "patterning" and exercise.loaded and exercise.spine.axial >= 2:
        rpe = max(rpe - 1, 4)  # PLAN-NERVE-AXIAL-LATER: compression comes back gently
    sets, reps, tempo, _, rest = _PHASE_MAIN[phase]
    if profile.irritability == "high":
        sets = min(sets, 2)
    if phase == "strength" and profile.experience in ("intermediate", "advanced") and profile.irritability == "low":
        sets, reps = 4, 5
    if kind == "core":
        if exercise.dose == "seconds":
            hold = _PHASE_HOLD[phase] if exercise.pattern != "carry" else 30
            if profile.irritability == "high":
                hold = min(hold, 10)
            return Prescription(3, None, hold, None, rpe, 45, per_side)
        core_reps = 6 if phase == "foundation" else 8
        return Prescription(3, core_reps, None, exercise.default_tempo, rpe, 45, per_side)
    if focus == "full_body" and profile.days_per_week >= 3:
        sets = max(2, sets - 1)
    if exercise.dose == "seconds":
        return Prescription(sets, None, 30, None, rpe, rest, per_side)
    if not exercise.loaded:
        reps = 12 if phase == "strength" else 10
        if "eccentric" in exercise.id:
            reps = ECCENTRIC_REPS[phase]
        elif exercise.pattern == "vertical_pull":
            reps = min(reps, BODYWEIGHT_PULL_REPS_MAX)
    return Prescription(sets, reps, None, exercise.default_tempo or tempo, rpe, rest, per_side)


ECCENTRIC_REPS = {"foundation": 3, "patterning": 4, "strength": 5}
"""Lowering-only reps (``PLAN-REPS-ECCENTRIC``): always within 3-6."""
ECCENTRIC_REPS_RANGE = (3, 6)
BODYWEIGHT_PULL_REPS_MAX = 6
"""Pull-ups and chin-ups at bodyweight: never more than 6 reps a set."""


# --- week-to-week overload --------------------------------------------------

OVERLOAD_STEPS: tuple[tuple[str, str], ...] = (
    ("base", "Learn the week's movements at the prescribed tempo."),
    ("slower_eccentric", "Slower lowering: one more second on the way down."),
    ("pause", "Pause: hold 2 seconds at the bottom of each rep."),
    ("more_sets", "One more set of each main lift, with the same perfect form."),
    ("tempo_variation", "Tempo variation: 3-1-2 with a 1-second squeeze at the top."),
    ("load_if_green", "Add the smallest load step only to lifts where pain stayed acceptable during, after and the next morning; otherwise repeat last week."),
)
"""The article's four overload techniques, in order, before load."""
DELOAD_EVERY = 4
"""Every 4th week of the patterning and strength phases is a deload (counted within the
phase, so a new phase never starts with one)."""


def _tempo_parts(tempo: str) -> list[str]:
    return tempo.split("-")


FRONT_PLANK = "plank"
FRONT_PLANK_TARGET = 90
"""The belt rule's front-plank hold; the strength phase builds towards it."""
_PLANK_STRENGTH_SECONDS = {"base": 30, "slower_eccentric": 40, "pause": 50, "more_sets": 60,
                           "tempo_variation": 75, "load_if_green": FRONT_PLANK_TARGET}


def _overloaded(rx: Prescription, step: str, kind: BlockKind, hold_cap: int, exercise: str = "",
                phase: str = "") -> Prescription:
    if kind == "core" and exercise == FRONT_PLANK and phase == "strength" and rx.seconds is not None:
        seconds = _PLANK_STRENGTH_SECONDS[step]
        return replace(rx, seconds=seconds, sets=2 if seconds >= 60 else rx.sets)
    if kind == "core" and rx.seconds is not None:
        bonus = {"base": 0, "slower_eccentric": 5, "pause": 5, "more_sets": 10, "tempo_variation": 10, "load_if_green": 15}[step]
        return replace(rx, seconds=min(rx.seconds + bonus, hold_cap))
    if kind != "main" or rx.reps is None or rx.tempo is None:
        return rx
    parts = _tempo_parts(rx.tempo)
    if step == "base":
        return rx
    if parts[0].isdigit():
        parts[0] = str(min(int(parts[0]) + 1, 5))
    if step in ("pause", "more_sets", "load_if_green") and parts[1].isdigit():
        parts[1] = str(max(int(parts[1]), 2))
    sets = rx.sets + 1 if step in ("more_sets", "tempo_variation", "load_if_green") else rx.sets
    if step in ("tempo_variation", "load_if_green"):
        parts = ["3", "1", "2", "1"]
    return replace(rx, tempo="-".join(parts[:4]), sets=sets)


DELOAD_MAIN_SETS_MIN = 2
"""A deload keeps at least two sets of each main lift (``PLAN-DELOAD-MAIN-SETS``)."""


def _deloaded(rx: Prescription, kind: BlockKind) -> Prescription:
    if kind not in ("main", "core"):
        return rx
    floor = min(DELOAD_MAIN_SETS_MIN, rx.sets) if kind == "main" else 1
    return replace(rx, sets=max(floor, rx.sets - 1), rpe_max=None if rx.rpe_max is None else max(rx.rpe_max - 1, 4))


# --- selection -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Slot:
    """A place in a block: which patterns fit, the typical gym lift it stands for
    (``canonical``), preferred ids, and what it is there for."""

    kind: BlockKind
    patterns: tuple[str, ...]
    purpose: str
    canonical: str | None = None
    prefer: tuple[str, ...] = ()
    prefer_unilateral: bool = False
    name_hint: tuple[str, ...] = ()
    hint_required: bool = False
    """When set, only exercises matching ``name_hint`` fill the slot (else it is skipped)."""
    ladder: bool = False
    """Filled from the hinge progression for the phase (``HINGE_LADDER``)."""
    avoid_prefix: tuple[str, ...] = ()
    """Exercises whose id starts with one of these do not fill the slot."""
    unilateral_only: bool = False


PULL_PREFERENCE: tuple[str, ...] = (
    "chest_supported_dumbbell_row", "seated_cable_row", "machine_chest_supported_row", "lat_pulldown",
    "inverted_row", "table_row", "band_row", "doorway_row")
"""Rows that support the trunk first, then bodyweight rows; the doorway row (no gear, no
band) last, as the option everyone has."""
WARMUP_SLOTS: tuple[Slot, ...] = (
    Slot("warmup", ("mobility",), "wakes up the spine through a comfortable range before loading",
         prefer=("cat_cow", "quadruped_rock_back", "thread_the_needle", "worlds_greatest_stretch")),
    Slot("warmup", ("hip_extension",), "switches on the glutes so they, not your lower back, drive the hips", prefer=("glute_bridge",)),
    Slot("warmup", ("mobility",), "loosens the hips dynamically", prefer=("hip_swing", "ninety_ninety_hip_switch"), name_hint=("hip",)),
    Slot("warmup", ("mobility",), "opens the upper back so the lower back does not have to move for it",
         prefer=("open_book", "foam_roll_thoracic", "thread_the_needle"), name_hint=("thoracic", "open_book", "t_spine")),
    Slot("warmup", ("anti_rotation", "anti_extension", "horizontal_pull", "hip_extension", "mobility"), "activates the shoulders and hips with a band", name_hint=("band",), hint_required=True),
    Slot("warmup", ("anti_extension", "anti_rotation"), "rehearses bracing before the first loaded set", prefer=("dead_bug", "bird_dog")),
)
MAIN_SLOTS: dict[str, tuple[Slot, ...]] = {
    "lower": (
        Slot("main", ("squat",), "trains the squat pattern, glutes and thighs", canonical="barbell_back_squat"),
        Slot("main", ("hinge",), "trains the hip hinge for your glutes and hamstrings with a neutral spine", canonical="conventional_deadlift", ladder=True),
        Slot("main", ("lunge", "squat"), "single-leg work for balance between your sides", prefer=("split_squat", "step_up"), prefer_unilateral=True),
        Slot("main", ("hip_extension",), "strengthens the glutes that take load off your lower back"),
        Slot("main", ("lunge", "squat", "hinge"), "more single-leg strength", prefer=("step_up",), prefer_unilateral=True),
    ),
    "upper": (
        Slot("main", ("horizontal_push",), "pushing strength with a neutral spine"),
        Slot("main", ("horizontal_pull",), "upper-back strength that supports posture", canonical="bent_over_barbell_row"),
        Slot("main", ("vertical_pull",), "lats, which help stiffen the trunk"),
        Slot("main", ("vertical_push",), "overhead strength without arching", canonical="barbell_overhead_press"),
        Slot("main", ("carry",), "whole-body stability under load", prefer=("farmers_carry",)),
    ),
    "full_body": (
        Slot("main", ("squat", "lunge"), "the squat pattern", canonical="barbell_back_squat"),
        Slot("main", ("horizontal_pull", "vertical_pull"), "upper-back strength", prefer=PULL_PREFERENCE),
        Slot("main", ("hinge",), "the hip hinge, step by step", canonical="conventional_deadlift", ladder=True),
        Slot("main", ("horizontal_push", "vertical_push"), "pushing strength"),
        Slot("main", ("carry",), "whole-body stability under load", prefer=("farmers_carry",)),
    ),
}
CORE_SLOTS: tuple[Slot, ...] = (
    Slot("core", ("anti_extension", "anti_rotation"), "trains the deep stabilisers with the spine still (one of McGill's Big 3)", prefer=("bird_dog",)),
    Slot("core", ("anti_lateral_flexion",), "trains the side of the trunk to resist bending (one of McGill's Big 3)", prefer=("side_plank",)),
    Slot("core", ("anti_extension",), "trains the front of the trunk without bending the spine (one of McGill's Big 3)", canonical="sit_up", prefer=("mcgill_curl_up", "dead_bug")),
    Slot("core", ("anti_extension",), "the front plank, building towards the 90-second hold the belt rule asks for", prefer=("plank", "kneeling_plank")),
    Slot("core", ("anti_rotation",), "teaches the trunk to resist twisting", prefer=("pallof_press", "band_pallof_press", "half_kneeling_pallof_press", "pallof_hold"), avoid_prefix=("bird_dog",)),
    Slot("core", ("carry", "anti_lateral_flexion"), "carries build real-world trunk stiffness", prefer=("suitcase_carry", "farmers_carry", "kettlebell_farmers_carry", "bag_carry")),
    Slot("core", ("anti_extension",), "builds deep core tension", prefer=("hollow_hold",), name_hint=("hollow",), hint_required=True),
)
NERVE_SLIDER_SLOT = Slot("warmup", ("mobility",), "a gentle nerve slider: moves the sensitive nerve without stretching it",
                         prefer=("sciatic_nerve_glide",), name_hint=("nerve",), hint_required=True)
ACTIVE_RECOVERY_SLOTS: tuple[Slot, ...] = (
    Slot("cooldown", ("mobility",), "a gentle yoga-style flow: the spine through an easy range", prefer=("cat_cow", "quadruped_rock_back")),
    Slot("cooldown", ("mobility",), "a gentle yoga-style flow: the hips", prefer=("ninety_ninety_hip_switch", "supine_figure_four_stretch", "half_kneeling_hip_flexor_stretch")),
    Slot("cooldown", ("mobility",), "a gentle yoga-style flow: the upper back", prefer=("thread_the_needle", "open_book")),
    Slot("cooldown", ("mobility",), "a gentle yoga-style flow: a resting pose", prefer=("legs_up_the_wall", "childs_pose", "supine_hamstring_stretch")),
    Slot("cooldown", ("mobility",), "slow breathing to finish", name_hint=("breath",)),
)
BALANCE_SLOTS: dict[str, Slot] = {
    "pull": Slot("main", ("horizontal_pull", "vertical_pull"), "a pull every week for the upper back", prefer=PULL_PREFERENCE),
    "hinge": Slot("main", ("hinge",), "the week's hip hinge, step by step", canonical="conventional_deadlift", ladder=True),
    "squat_or_lunge": Slot("main", ("squat", "lunge"), "the week's squat pattern", canonical="barbell_back_squat"),
    "carry_or_anti_rotation": Slot("core", ("carry", "anti_rotation"), "a carry or anti-rotation exercise: the trunk resisting sideways and twisting loads",
                                   prefer=("pallof_press", "band_pallof_press", "farmers_carry", "kettlebell_farmers_carry", "bag_carry", "suitcase_carry"),
                                   avoid_prefix=("bird_dog",)),
    "unilateral": Slot("main", ("lunge", "squat", "hinge"), "single-leg work for balance between your sides",
                       prefer=("split_squat", "step_up"), prefer_unilateral=True, unilateral_only=True),
}
"""What every week must hold (``PLAN-WEEK-BALANCE``), and the slot that adds it when
the week's sessions left it out."""
COOLDOWN_SLOTS: tuple[Slot, ...] = (
    Slot("cooldown", ("mobility",), "calms the system down with slow breathing", name_hint=("breath",)),
    Slot("cooldown", ("mobility",), "eases the hips and legs after training", name_hint=("stretch", "hip", "hamstring")),
    Slot("cooldown", ("mobility", "conditioning"), "gentle movement to finish", name_hint=("walk", "foam", "pose")),
)
CONDITIONING_SLOT = Slot("conditioning", ("conditioning",), "light cardio for circulation and recovery",
                         prefer=("treadmill_walk", "bike_easy", "walking", "elliptical"))
NERVE_SLIDER_PHASES = frozenset({"foundation", "patterning"})
"""The early weeks in which a nerve-related plan warms up with a slider (``PLAN-NERVE-SLIDERS``)."""
CARDIO_GEAR = frozenset({"bike", "treadmill", "machines"})
"""A bike, a treadmill, or gym machines (rower, cross-trainer)."""


def gets_conditioning(profile: Profile) -> bool:
    """General fitness with cardio gear: lifting days end with easy conditioning (``PLAN-CONDITIONING``)."""
    return "general_fitness" in profile.goals and bool(profile.equipment & CARDIO_GEAR)


def _main_count(minutes: int) -> int:
    """Lifts planned before the time estimate trims (``PLAN-SESSION-TIME``)."""
    return 2 if minutes <= 25 else 3 if minutes <= 35 else 4 if minutes <= 50 else 5


def _core_count(minutes: int, focus: str) -> int:
    if focus == "mobility_core":
        return 7 if minutes > 45 else 6
    return 2 if minutes <= 25 else 3 if minutes <= 40 else 4


@dataclass(slots=True)
class Choice:
    exercise: Exercise
    replaces: str | None
    note: str


def _static_rank(e: Exercise) -> tuple[int, int, int]:
    """Article favourites first, then the gentlest on the spine, then the simplest."""
    s = e.spine
    return (_FAVOURITE_RANK.get(e.id, len(ARTICLE_FAVOURITES)), s.axial + s.flexion + s.extension + s.rotation, e.skill)


RECOVERY_KINDS: frozenset[str] = frozenset({"conditioning", "cooldown"})
"""Blocks meant to leave the back calmer: nothing that aggravates the person."""


class Selector:
    """Picks exercises for slots; remembers what the week already uses for variety."""

    def __init__(self, catalog: Catalog, profile: Profile, phase: str,
                 base: dict[str, Exclusion | None] | None = None) -> None:
        self.catalog = catalog
        self.profile = profile
        self.phase = phase
        self._base = base if base is not None else {e.id: exclusion(e, profile) for e in catalog}
        self.allowed: list[Exercise] = [e for e in catalog if self.why_not(e.id) is None]
        self._ok: frozenset[str] = frozenset(e.id for e in self.allowed)
        self._by_role_pattern: dict[tuple[str, str], list[Exercise]] = {}
        for e in self.allowed:
            for role in e.roles:
                self._by_role_pattern.setdefault((role, e.pattern), []).append(e)
        self.used_in_week: dict[str, int] = {}
        self._static: dict[str, tuple[int, int, int]] = {e.id: _static_rank(e) for e in self.allowed}
        self._order_cache: dict[Slot, tuple[list[tuple[int, Exercise]], list[tuple[int, Exercise]]]] = {}

    def is_allowed(self, exercise_id: str) -> bool:
        return exercise_id in self._ok

    def why_not(self, exercise_id: str) -> Exclusion | None:
        """The person-level exclusion (cached for the whole plan), then the phase's."""
        exercise = self.catalog[exercise_id]
        return (self._base[exercise_id] or phase_exclusion(exercise, self.phase)
                or pathway_exclusion(exercise, self.profile, self.phase))

    def pick(self, slot: Slot, used_in_session: set[str]) -> Choice | None:
        if slot.ladder:
            climbed = self._ladder_pick(slot, used_in_session)
            if climbed is not None:
                return climbed
        if slot.canonical and slot.canonical in self.catalog:
            canonical = self.catalog[slot.canonical]
            if self.is_allowed(canonical.id) and slot.canonical not in used_in_session and self.phase == "strength":
                return Choice(canonical, None, "")
            sub = _SUB_BY_ORIGINAL.get(slot.canonical)
            if sub:
                for target in sub.replacements:
                    if target in self.catalog and self.is_allowed(target) and target not in used_in_session \
                            and slot.kind in self.catalog[target].roles:
                        return Choice(self.catalog[target], slot.canonical, f"Replaces {sub.original.replace('_', ' ')}: {sub.reason}.")
        hinted, everyone = self._ordered(slot)
        best = self._first_fresh(hinted, used_in_session)
        if best is None and not slot.hint_required:
            best = self._first_fresh(everyone, used_in_session)
        if best is None:
            return None
        note = ""
        if slot.canonical and best.id != slot.canonical and slot.canonical in self.catalog:
            why_not = self.why_not(slot.canonical)
            if why_not:
                note = f"Instead of {slot.canonical.replace('_', ' ')}, because {why_not.reason}."
                sub = _SUB_BY_ORIGINAL.get(slot.canonical)
                first = next((t for t in sub.replacements if t in self.catalog), None) if sub else None
                why_sub = self.why_not(first) if first else None
                if first and why_sub:
                    note += f" Its usual substitute, {first.replace('_', ' ')}, is left out too: {why_sub.reason}."
        for preferred in slot.prefer:
            if preferred in self.catalog and best.id != preferred and preferred not in used_in_session:
                why_not = self.why_not(preferred)
                if why_not and why_not.rule != "PLAN-EXCLUDE-EQUIPMENT":
                    note = f"Instead of {preferred.replace('_', ' ')}, because {why_not.reason}."
                break
        if slot.kind in RECOVERY_KINDS:
            note = " ".join(filter(None, [note, self._aggravation_note(slot, best)]))
        return Choice(best, None, note)

    def _ladder_pick(self, slot: Slot, used_in_session: set[str]) -> Choice | None:
        """The hinge progression's rung for this phase (``PLAN-HINGE-PROGRESSION``)."""
        if slot.canonical and self.phase == "strength" and self.is_allowed(slot.canonical) \
                and slot.canonical not in used_in_session:
            return Choice(self.catalog[slot.canonical], None, "")
        sub = _SUB_BY_ORIGINAL.get(slot.canonical or "")
        for rung, ident in enumerate(HINGE_LADDER[self.phase]):
            if ident not in self.catalog or not self.is_allowed(ident) or ident in used_in_session:
                continue
            exercise = self.catalog[ident]
            if sub and ident in sub.replacements:
                return Choice(exercise, sub.original, f"Replaces {sub.original.replace('_', ' ')}: {sub.reason}.")
            note = "Your hinge progression: " + {
                "foundation": "learn the movement without load first.",
                "patterning": "first load, from a raised start, now that you own the pattern.",
                "strength": "the next step when your back answered well."}[self.phase]
            if rung > 0 and exercise.loaded is False and self.phase != "foundation":
                note = "Your hinge progression stays unloaded for now: the loaded steps need gear you did not list or are not right for your back yet."
            if "flexion" in self.profile.intolerances and ident in HINGE_WITH_CARE:
                note += " " + _RULES["PLAN-HINGE-FLEXION-CARE"].message
            return Choice(exercise, None, note)
        return None

    def _aggravation_note(self, slot: Slot, chosen: Exercise) -> str:
        """Say which obvious options were left out because they aggravate the person."""
        skipped = []
        for ident in slot.prefer:
            e = self.catalog.get(ident)
            if e is None or e.id == chosen.id or self._base.get(ident) is not None:
                continue
            words = aggravation(e, self.profile)
            if words and words not in skipped:
                skipped.append(words)
        if not skipped:
            return ""
        return (f"Not {' or '.join(skipped)}: you told us it makes your pain worse, so the plan never uses it "
                "for conditioning or recovery.")

    def _ordered(self, slot: Slot) -> tuple[list[tuple[int, Exercise]], list[tuple[int, Exercise]]]:
        """The slot's candidates, best first by everything but this week's use (cached):
        the slot's preferred ids, then single-leg work where wanted, the phase's own
        exercises, the article's favourites, the gentlest on the spine, the simplest."""
        cached = self._order_cache.get(slot)
        if cached is None:
            candidates = [e for pattern in slot.patterns for e in self._by_role_pattern.get((slot.kind, pattern), ())
                          if not e.id.startswith(slot.avoid_prefix)
                          and (e.unilateral or not slot.unilateral_only)
                          and (slot.kind not in RECOVERY_KINDS or aggravation(e, self.profile) is None)]
            main = slot.kind == "main"
            phase_index = PHASES.index(self.phase)

            static = self._static
            decorated = sorted(
                ((slot.prefer.index(e.id) if e.id in slot.prefer else len(slot.prefer),
                  0 if (e.unilateral or not slot.prefer_unilateral) else 1,
                  phase_index - e.phase_index if main else 0,
                  static[e.id],
                  1 if main and e.equipment == ("bodyweight",) else 0,
                  index, e)
                 for index, e in enumerate(candidates)),
                key=lambda row: row[:6])
            everyone = [(row[0], row[6]) for row in decorated]
            hinted = [(p, e) for p, e in everyone if any(h in e.id for h in slot.name_hint)] if slot.name_hint else []
            cached = (hinted, everyone)
            self._order_cache[slot] = cached
        return cached

    def _first_fresh(self, ordered: list[tuple[int, Exercise]], used_in_session: set[str]) -> Exercise | None:
        """The best candidate not yet in this session, preferring ones less used this week."""
        best: Exercise | None = None
        best_key = (0, 0)
        for preferred, e in ordered:
            if e.id in used_in_session:
                continue
            key = (preferred, self.used_in_week.get(e.id, 0))
            if best is None or key < best_key:
                best, best_key = e, key
        return best


# --- building sessions ----------------------------------------------------------

def _why(choice: Choice, slot: Slot, kind: BlockKind, phase: str) -> str:
    """Plain words: why this exercise, here, now (substitution or exclusion first)."""
    e = choice.exercise
    parts = []
    if choice.note:
        parts.append(choice.note)
    if not choice.replaces:
        parts.append(f"{e.purpose.rstrip('.')}.")
    parts.append(f"Its job here: {slot.purpose}.")
    if kind == "main" and e.loaded:
        parts.append({"foundation": "Light and slow: learn to brace and move well.",
                      "patterning": "Light load, strict tempo: own the pattern.",
                      "strength": "Build strength; add load only after a green pain response."}[phase])
    if e.unilateral and kind == "main" and not slot.prefer_unilateral:
        parts.append("One side at a time builds balance between your sides.")
    if kind == "main" and e.pattern in STANCE_PATTERNS and e.loaded:
        parts.append(STANCE_CUE)
    return " ".join(parts)


STANCE_PATTERNS = frozenset({"squat", "hinge"})
STANCE_CUE = ("Stance: feet hip- to shoulder-width, toes turned out a little (10-30 degrees), knees following "
              "the toes; small changes of width and foot angle can take discomfort away, so keep what feels best.")
"""The article's stance and foot-angle tweak, on every loaded squat and hinge (``PLAN-STANCE-CUES``)."""


def _belt_note(e: Exercise, kind: BlockKind, phase: str, profile: Profile) -> str | None:
    if kind != "main" or not e.loaded or e.spine.axial < 2 or e.pattern not in ("squat", "hinge"):
        return None
    if phase != "strength":
        return _RULES["PLAN-BELT-NOT-YET"].message
    if "belt" in profile.equipment:
        return _RULES["PLAN-BELT-OPTIONAL"].message
    return None


@dataclass(slots=True)
class _Template:
    """One session's choices for a phase, before week-to-week overload."""

    focus: Focus
    blocks: list[tuple[BlockKind, list[PlanItem]]]


def _session_template(focus: Focus, selector: Selector, phase: str, profile: Profile) -> _Template:
    used: set[str] = set()
    minutes = profile.session_minutes
    blocks: list[tuple[BlockKind, list[PlanItem]]] = []

    def items(slots: Sequence[Slot], count: int, kind: BlockKind) -> list[PlanItem]:
        result = []
        slot_by_choice = _fill_with_slots(selector, slots, count, used)
        for slot, choice in slot_by_choice:
            e = choice.exercise
            rx = prescribe(e, kind, phase, profile, focus)
            result.append(PlanItem(e.id, rx, _why(choice, slot, kind, phase),
                                   replaces=choice.replaces, belt=_belt_note(e, kind, phase, profile)))
        return result

    sliders = profile.pattern == "nerve_related" and phase in NERVE_SLIDER_PHASES
    warmup_slots = ((NERVE_SLIDER_SLOT,) if sliders else ()) + WARMUP_SLOTS
    extra = 1 if sliders else 0
    if focus in LIFTING_FOCI:
        blocks.append(("warmup", items(warmup_slots, (5 if minutes > 30 else 4) + extra, "warmup")))
        blocks.append(("main", items(MAIN_SLOTS[focus], _main_count(minutes), "main")))
        blocks.append(("core", items(CORE_SLOTS, _core_count(minutes, focus), "core")))
        if gets_conditioning(profile):
            blocks.append(("conditioning", items((CONDITIONING_SLOT,), 1, "conditioning")))
        blocks.append(("cooldown", items(COOLDOWN_SLOTS, 2, "cooldown")))
    elif focus == "mobility_core":
        blocks.append(("warmup", items(warmup_slots, 4 + extra, "warmup")))
        blocks.append(("core", items(CORE_SLOTS, _core_count(minutes, focus), "core")))
        blocks.append(("conditioning", items((CONDITIONING_SLOT,), 1, "conditioning")))
        blocks.append(("cooldown", items(COOLDOWN_SLOTS, 2, "cooldown")))
    else:  # active recovery: gentle cardio if it suits the back, then a yoga-style flow
        blocks.append(("conditioning", items((CONDITIONING_SLOT,), 1, "conditioning")))
        blocks.append(("cooldown", items(ACTIVE_RECOVERY_SLOTS, 5, "cooldown")))
    return _Template(focus, [(k, v) for k, v in blocks if v])


def _fill_with_slots(selector: Selector, slots: Sequence[Slot], count: int, used: set[str]) -> list[tuple[Slot, Choice]]:
    out: list[tuple[Slot, Choice]] = []
    for slot in slots:
        if len(out) >= count:
            break
        choice = selector.pick(slot, used)
        if choice is None:
            continue
        used.add(choice.exercise.id)
        selector.used_in_week[choice.exercise.id] = selector.used_in_week.get(choice.exercise.id, 0) + 1
        out.append((slot, choice))
    return out


def _phase_templates(catalog: Catalog, profile: Profile, phase: str,
                     base: dict[str, Exclusion | None]) -> list[_Template]:
    selector = Selector(catalog, profile, phase, base)
    templates = [_session_template(focus, selector, phase, profile) for focus in WEEK_STRUCTURES[profile.days_per_week]]
    _balance(templates, selector, phase, profile, catalog)
    return templates


# --- a balanced week (PLAN-WEEK-BALANCE) -------------------------------------------

WEEK_NEEDS: tuple[str, ...] = ("pull", "hinge", "squat_or_lunge", "carry_or_anti_rotation", "unilateral")
"""What every week holds, in main or core work."""
TRAINING_BLOCKS = frozenset({"main", "core"})


def meets_need(need: str, exercise: Exercise, block: str) -> bool:
    """Whether this exercise, in this block, gives the week what ``need`` names.
    Bird-dogs (one of the Big 3) do not count as the week's anti-rotation work."""
    if block not in TRAINING_BLOCKS:
        return False
    p = exercise.pattern
    if need == "pull":
        return p in ("horizontal_pull", "vertical_pull")
    if need == "hinge":
        return p == "hinge"
    if need == "squat_or_lunge":
        return p in ("squat", "lunge")
    if need == "carry_or_anti_rotation":
        return p == "carry" or (p == "anti_rotation" and not exercise.id.startswith("bird_dog"))
    if need == "unilateral":
        return exercise.unilateral
    raise ValueError(f"unknown weekly need {need!r}")


def _needs_met(pairs: Iterable[tuple[str, str]], catalog: Catalog) -> set[str]:
    """The weekly needs met by ``(block kind, exercise id)`` pairs (plus the nerve
    slider and lifting-day conditioning, which trimming must also keep)."""
    met: set[str] = set()
    for kind, ident in pairs:
        exercise = catalog.get(ident)
        if exercise is None:
            continue
        met.update(n for n in WEEK_NEEDS if meets_need(n, exercise, kind))
        if kind == "warmup" and ident == "sciatic_nerve_glide":
            met.add("nerve_slider")
        if kind == "conditioning":
            met.add("conditioning")
    return met


def _template_seconds(template: _Template) -> int:
    return session_seconds((kind, item.rx) for kind, items in template.blocks for item in items)


def _balance(templates: list[_Template], selector: Selector, phase: str, profile: Profile, catalog: Catalog) -> None:
    """Add what the week is missing to its lightest lifting session."""
    lifting = [t for t in templates if t.focus in LIFTING_FOCI]
    if not lifting:
        return
    for need in WEEK_NEEDS:
        pairs = [(kind, item.exercise) for t in templates for kind, items in t.blocks for item in items]
        if need in _needs_met(pairs, catalog):
            continue
        target = min(lifting, key=_template_seconds)
        used = {item.exercise for _, items in target.blocks for item in items}
        slot = BALANCE_SLOTS[need]
        choice = selector.pick(slot, used)
        if choice is None or not meets_need(need, choice.exercise, slot.kind):
            continue
        e = choice.exercise
        item = PlanItem(e.id, prescribe(e, slot.kind, phase, profile, target.focus),
                        _why(choice, slot, slot.kind, phase) + " Added so that the week is balanced.",
                        replaces=choice.replaces, belt=_belt_note(e, slot.kind, phase, profile))
        selector.used_in_week[e.id] = selector.used_in_week.get(e.id, 0) + 1
        for kind, items in target.blocks:
            if kind == slot.kind:
                items.append(item)
                break
        else:
            at = next((i for i, (k, _) in enumerate(target.blocks) if k in ("conditioning", "cooldown")), len(target.blocks))
            target.blocks.insert(at, (slot.kind, [item]))


# --- fitting the session length (PLAN-SESSION-TIME) -------------------------------

def _fewer_core_sets(kind: str, rx: Prescription) -> Prescription:
    return replace(rx, sets=min(rx.sets, 2)) if kind == "core" else rx


def _main_sets_three(kind: str, rx: Prescription) -> Prescription:
    return replace(rx, sets=min(rx.sets, 3)) if kind == "main" else rx


def _fewer_main_sets(kind: str, rx: Prescription) -> Prescription:
    return replace(rx, sets=min(rx.sets, 2)) if kind == "main" else rx


def _shorter_rests(kind: str, rx: Prescription) -> Prescription:
    cap = {"main": 60, "core": 30}.get(kind)
    return replace(rx, rest_seconds=min(rx.rest_seconds, cap)) if cap else rx


def _shorter_conditioning(kind: str, rx: Prescription) -> Prescription:
    return replace(rx, seconds=min(rx.seconds or 0, 300)) if kind == "conditioning" else rx


TRIM_ORDER: tuple[tuple[BlockKind, int] | Callable[[str, Prescription], Prescription], ...] = (
    ("cooldown", 1), ("warmup", 3), ("conditioning", 0), _shorter_conditioning, ("core", 3),
    _fewer_core_sets, ("main", 3), _main_sets_three, ("core", 2), ("main", 2), _fewer_main_sets,
    _shorter_rests, ("core", 1), ("main", 1), ("warmup", 2), ("cooldown", 0),
)
"""What goes first when a session runs over, in order: drop items of a block down to
the number it keeps (last item first), or shorten every item's dose. Extras and
accessories go before the main work; the Big 3 stay before extra main sets do;
main work never drops below two sets."""


def session_minutes_estimate(session: Session) -> int:
    """A planned session's estimated length in whole minutes (rounded up)."""
    return session.minutes


def _week_pairs(sessions: Sequence[Session], skip: PlanItem | None = None) -> list[tuple[str, str]]:
    return [(b.kind, i.exercise) for s in sessions for b in s.blocks for i in b.items if i is not skip]


def _fit_week(sessions: list[Session], catalog: Catalog, minutes: int) -> None:
    """Trim each session to ``minutes``, never removing the last item that meets a
    weekly need; then shorten doses (never main work below two sets)."""
    limit = minutes * 60
    needs = _needs_met(_week_pairs(sessions), catalog)

    def seconds(session: Session) -> int:
        return session_seconds((b.kind, i.rx) for b in session.blocks for i in b.items)

    for session in sessions:
        for step in TRIM_ORDER:
            if seconds(session) <= limit:
                break
            if callable(step):
                for block in session.blocks:
                    block.items[:] = [PlanItem(i.exercise, step(block.kind, i.rx), i.why, i.replaces, i.belt)
                                      for i in block.items]
                continue
            kind, keep = step
            trimmed = next((b for b in session.blocks if b.kind == kind), None)
            if trimmed is None:
                continue
            for item in list(reversed(trimmed.items)):
                if seconds(session) <= limit or len(trimmed.items) <= keep:
                    break
                if needs <= _needs_met(_week_pairs(sessions, skip=item), catalog):
                    trimmed.items.remove(item)
        session.blocks[:] = [b for b in session.blocks if b.items]


def _sessions_for(templates: list[_Template], step: str, deload: bool, phase: str,
                  swaps: dict[str, tuple[str, str]] | None = None) -> list[Session]:
    """The week's sessions for one overload step (weeks with the same step share them).
    ``swaps`` replaces an exercise for this week only: id -> (new id, why)."""
    sessions = []
    for day, template in enumerate(templates, start=1):
        blocks = []
        for kind, items in template.blocks:
            new_items = []
            for item in items:
                rx = _deloaded(item.rx, kind) if deload else _overloaded(item.rx, step, kind, HOLD_CAP_SECONDS,
                                                                         item.exercise, phase)
                ident, why = swaps.get(item.exercise, (item.exercise, item.why)) if swaps else (item.exercise, item.why)
                new_items.append(PlanItem(ident, rx, why, item.replaces, item.belt))
            blocks.append(Block(kind, new_items))
        sessions.append(Session(day, template.focus, blocks))
    return sessions


HOLD_CAP_SECONDS = 60
"""Longest isometric hold the plan prescribes (McGill favours repeated short holds),
except the front plank's climb to the belt rule's 90 s (``PLAN-PLANK-TOWARDS-90``)."""


def _first_week_swaps(catalog: Catalog, selector_ok: dict[str, Exclusion | None]) -> dict[str, tuple[str, str]]:
    dowel, wall = FIRST_WEEK_HINGE
    if wall not in catalog or selector_ok.get(wall) is not None:
        return {}
    e = catalog[wall]
    return {dowel: (wall, f"Your hinge progression, week 1: {e.purpose.rstrip('.')}. Next week the dowel version. "
                          "Its job here: learn to bend at the hips while the spine stays still.")}


def build_plan_for(intake: Intake, screening: Screening, catalog: Catalog, weeks: int = 12) -> PlanResult:
    """The phased plan for a screened intake; no weeks when the level forbids training."""
    if weeks < 1 or weeks > 52:
        raise ValueError("weeks must be from 1 to 52")
    if not screening.may_train:
        return PlanResult(screening)
    profile = Profile.of(intake, screening)
    lengths = phase_lengths(profile, weeks)
    base = {e.id: exclusion(e, profile) for e in catalog}
    plan_weeks: list[Week] = []
    spans: list[PhaseSpan] = []
    start = 1
    for phase, length in zip(PHASES, lengths, strict=True):
        if length <= 0:
            continue
        templates = _phase_templates(catalog, profile, phase, base)
        spans.append(PhaseSpan(phase, start, start + length - 1, PHASE_GOALS[phase], ENTRY_CRITERIA[phase]))
        climbed = 0
        shared: dict[tuple[str, bool, bool], list[Session]] = {}
        top = len(OVERLOAD_STEPS) - 1 if phase != "foundation" else 1
        for offset in range(length):
            number = start + offset
            deload = phase != "foundation" and (offset + 1) % DELOAD_EVERY == 0
            step, message = OVERLOAD_STEPS[min(climbed, top)]
            first = number == 1
            key = (step, deload, first)
            if key not in shared:
                sessions = _sessions_for(templates, step, deload, phase,
                                         _first_week_swaps(catalog, base) if first else None)
                _fit_week(sessions, catalog, profile.session_minutes)
                shared[key] = sessions
            overload = _RULES["PLAN-DELOAD"].message if deload else message
            plan_weeks.append(Week(number, phase, shared[key], deload=deload, overload=overload))
            if not deload:
                climbed += 1
        start += length
    return PlanResult(screening, plan_weeks, spans, _guidance(profile, lengths, plan_weeks, catalog))


def _guidance(profile: Profile, lengths: tuple[int, int, int], weeks: list[Week], catalog: Catalog) -> list[Guidance]:
    """The plan's guidance sections: how to read it, pain and flare-ups, how it is
    built for this person, and the article's advice outside the gym."""
    used = {item.exercise for _, _, _, item in iter_items(weeks)}
    foci = {s.focus for w in weeks for s in w.sessions}
    nerve = profile.pattern == "nerve_related"
    flexion = "flexion" in profile.intolerances or "morning" in profile.aggravating
    conditioning = any(b.kind == "conditioning" for w in weeks for s in w.sessions if s.focus in LIFTING_FOCI
                       for b in s.blocks)
    aggravating = any(a in profile.aggravating for a in (*AGGRAVATING_ACTIVITIES, "arching_back", "bending_forward"))
    hard_pulls = any("eccentric" in i or i in ("pull_up", "chin_up", "neutral_grip_pullup") for i in used)
    candidates: list[tuple[str, bool]] = [
        ("PLAN-READ-TEMPO", True), ("PLAN-READ-RPE", True), ("PLAN-EACH-SIDE", True),
        ("PLAN-BREATHING", True), ("PLAN-WARMUP", True),
        ("PLAN-PAIN-RULES", True), ("PLAN-FLARE-UP", True), ("PLAN-NERVE-LEG-SYMPTOMS", nerve),
        ("PLAN-OVERLOAD", True), ("PLAN-HINGE-PROGRESSION", True),
        ("PLAN-HINGE-FLEXION-CARE", "flexion" in profile.intolerances),
        ("PLAN-NERVE-SLIDERS", nerve), ("PLAN-NERVE-AXIAL-LATER", nerve), ("PLAN-NERVE-NO-STANDING-PRESS", nerve),
        ("PLAN-CORE-NO-TRUNK-BENDING", True), ("PLAN-PLANK-TOWARDS-90", lengths[2] > 0 and FRONT_PLANK in used),
        ("PLAN-WEEK-BALANCE", True), ("PLAN-SESSION-TIME", True), ("PLAN-CONDITIONING", conditioning),
        ("PLAN-NOT-AGGRAVATING", aggravating), ("PLAN-REPS-ECCENTRIC", hard_pulls),
        ("PLAN-DELOAD-MAIN-SETS", any(w.deload for w in weeks)),
        ("PLAN-REDUCED-VOLUME", "full_body" in foci and profile.days_per_week >= 3),
        ("PLAN-FULL-VOLUME-TWO-DAYS", profile.days_per_week == 2),
        ("PLAN-BELT-NOT-YET", True), ("PLAN-BELT-OPTIONAL", lengths[2] > 0 and "belt" in profile.equipment),
        ("PLAN-PSY-EDUCATION", profile.psychosocial_risk in ("medium", "high")),
        ("PLAN-PSY-CHECKIN", profile.psychosocial_risk == "not_assessed"),
        ("PLAN-STANCE-CUES", True), ("PLAN-FOAM-ROLLING", True), ("PLAN-GYM-HOURS", True),
        ("PLAN-MORNING-BENDING", flexion), ("PLAN-SLEEP", True),
        ("PLAN-ACTIVE-RECOVERY-YOGA", "active_recovery" in foci),
    ]
    yours = [words for key, words in AGGRAVATING_WORDS.items() if key in profile.aggravating]
    personal = {"PLAN-NOT-AGGRAVATING": f" For you: {', '.join(yours)}." if yours else ""}
    chosen = [Guidance(i, _RULES[i].title, _RULES[i].message + personal.get(i, ""), GUIDANCE_SECTION_OF.get(i, "plan"))
              for i, wanted in candidates if wanted]
    order = list(GUIDANCE_SECTIONS)
    return sorted(chosen, key=lambda g: order.index(g.section))


GUIDANCE_SECTION_OF: dict[str, GuidanceSection] = {
    **dict.fromkeys(("PLAN-READ-TEMPO", "PLAN-READ-RPE", "PLAN-EACH-SIDE", "PLAN-BREATHING", "PLAN-WARMUP"), "reading"),
    **dict.fromkeys(("PLAN-PAIN-RULES", "PLAN-FLARE-UP", "PLAN-NERVE-LEG-SYMPTOMS", "PLAN-PSY-EDUCATION"), "pain"),
    **dict.fromkeys(("PLAN-STANCE-CUES", "PLAN-FOAM-ROLLING", "PLAN-GYM-HOURS", "PLAN-MORNING-BENDING", "PLAN-SLEEP",
                     "PLAN-ACTIVE-RECOVERY-YOGA"), "daily"),
}
"""Each guidance rule's section; the rest explain how the plan is built."""


# --- explain -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Explanation:
    exercise: str
    status: Literal["allowed", "substituted", "excluded"]
    rule: str | None
    reason: str
    substitute: str | None
    phase: str | None

    def to_json(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "status": self.status, "rule": self.rule,
                "reason": self.reason, "substitute": self.substitute, "phase": self.phase}


def explain_exercise(exercise: Exercise, intake: Intake, screening: Screening, catalog: Catalog) -> Explanation:
    """Is this exercise allowed, substituted or excluded for this person, and why."""
    if not screening.may_train:
        return Explanation(exercise.id, "excluded", screening.reasons[0].rule if screening.reasons else None,
                           f"No training until you have followed the screening's advice ({screening.level}).", None, None)
    profile = Profile.of(intake, screening)
    why_not = exclusion(exercise, profile)
    if why_not is None:
        first = next((p for p in PHASES if exclusion(exercise, profile, p) is None), exercise.phase_min)
        return Explanation(exercise.id, "allowed", None,
                           f"It fits your back and your gear, from the {first} phase on. {exercise.purpose}", None, first)
    sub = _SUB_BY_ORIGINAL.get(exercise.id)
    if sub:
        for target in sub.replacements:
            if target in catalog and exclusion(catalog[target], profile) is None:
                return Explanation(exercise.id, "substituted", sub.rule,
                                   f"Not for you now because {why_not.reason}. Use {catalog[target].name} instead: {sub.reason}.",
                                   target, None)
    alternative = _closest_allowed(exercise, profile, catalog)
    tail = f" Try {alternative.name} instead." if alternative else ""
    return Explanation(exercise.id, "substituted" if alternative else "excluded", why_not.rule,
                       f"Not for you now because {why_not.reason}.{tail}",
                       alternative.id if alternative else None, None)


def _closest_allowed(exercise: Exercise, profile: Profile, catalog: Catalog) -> Exercise | None:
    chain: list[str] = list(exercise.regressions)
    seen: set[str] = set()
    while chain:
        ident = chain.pop(0)
        if ident in seen or ident not in catalog:
            continue
        seen.add(ident)
        candidate = catalog[ident]
        if exclusion(candidate, profile) is None:
            return candidate
        chain.extend(candidate.regressions)
    same = [e for e in catalog if e.pattern == exercise.pattern and e.id != exercise.id
            and exclusion(e, profile) is None and set(e.roles) & set(exercise.roles)]
    return min(same, key=lambda e: (sum(e.spine.as_dict().values()), e.skill, e.id)) if same else None


def iter_items(weeks: Iterable[Week]) -> Iterable[tuple[Week, Session, Block, PlanItem]]:
    """Every item of a plan with its week, session and block."""
    for week in weeks:
        for session in week.sessions:
            for block in session.blocks:
                for item in block.items:
                    yield week, session, block, item

