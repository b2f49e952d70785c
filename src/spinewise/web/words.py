"""Plain words for the codes spinewise uses inside (levels, patterns, gear, phases...).

The pages never show a raw code such as ``flexion_sensitive`` or ``trap_bar``: they
look it up here, and fall back to the code with spaces when a new one appears.
"""

from __future__ import annotations

import re
from typing import Final

from spinewise import intake_questions
from spinewise.symptom_words import SYMPTOM_WORDS
from spinewise.training.sessions import STOP_WORDS

LEVEL_TITLES: Final = {
    "emergency": "Get emergency care now",
    "urgent": "See a doctor before you train",
    "refer": "Get checked before you lift",
    "modify": "You can train, with changes that fit your back",
    "clear": "You can train",
}

REASON_TAGS: Final = {
    "emergency": "Emergency",
    "urgent": "Urgent",
    "refer": "Get checked",
}
"""Tags shown beside the serious reasons on the result page (the others need none)."""

WHO_TO_SEE: Final = {
    "urgent": "A doctor: your family doctor (GP), an urgent-care clinic or an out-of-hours doctor. "
              "Only a doctor can arrange the tests you may need (such as blood tests or a scan).",
    "refer": "A physiotherapist, a doctor or a sports chiropractor, at a routine appointment.",
}

PATTERNS: Final = {
    "flexion_sensitive": "Bending-sensitive: sitting, bending forward or lifting make it worse",
    "extension_sensitive": "Arching-sensitive: standing long, arching back or overhead work make it worse",
    "nerve_related": "Nerve-related: pain, tingling or numbness travels into the leg",
    "muscular_nonspecific": "Muscular: sore, tender muscles without a clear direction that hurts",
    "mixed": "Mixed: more than one direction makes it worse",
    "none": "No clear pattern",
}

INTOLERANCES: Final = {
    "flexion": "bending forward under load",
    "extension": "arching back under load",
    "rotation": "twisting under load",
    "axial_load": "heavy loads pressing down through the spine",
    "asymmetric_load": "heavy loads on one side",
}

IRRITABILITY: Final = {
    "low": "Low: it settles quickly after it flares",
    "moderate": "Moderate: it takes an hour or two to settle",
    "high": "High: it flares easily and takes hours to settle",
}

RISK: Final = {
    "low": "Low: worries about your back are not holding you back much",
    "medium": "Medium: your back is getting in the way of daily life",
    "high": "High: worry and low mood around your back are weighing on you",
    "not_assessed": "Not asked yet: you skipped these questions, so spinewise has not judged this. "
                    "They come at your first check-in",
}

PHASES: Final = {
    "foundation": "Foundation",
    "patterning": "Patterning",
    "strength": "Strength",
}

PHASE_GOALS: Final = {
    "foundation": "Mobility and core control: calm the back down and learn to brace.",
    "patterning": "Movement patterns with light loads: squat, hinge, carry, push, pull.",
    "strength": "Progressive overload: a little more each week while pain stays settled.",
}

FOCUS: Final = {
    "lower": "Lower body",
    "upper": "Upper body",
    "full_body": "Full body",
    "mobility_core": "Mobility and core",
    "active_recovery": "Active recovery",
}

BLOCKS: Final = {
    "warmup": "Warm-up",
    "main": "Main lifts",
    "core": "Core",
    "conditioning": "Conditioning",
    "cooldown": "Cool-down",
}

MOVEMENT_PATTERNS: Final = {
    "squat": "Squat",
    "hinge": "Hinge (hip bend)",
    "lunge": "Lunge and step",
    "horizontal_push": "Push (forward)",
    "vertical_push": "Push (overhead)",
    "horizontal_pull": "Pull (row)",
    "vertical_pull": "Pull (down)",
    "carry": "Carry",
    "anti_extension": "Core: resist arching",
    "anti_rotation": "Core: resist twisting",
    "anti_lateral_flexion": "Core: resist side-bending",
    "hip_extension": "Hips and glutes",
    "mobility": "Mobility",
    "conditioning": "Conditioning (cardio)",
}

EQUIPMENT: Final = intake_questions.EQUIPMENT
"""Gear in plain words: the same words the intake asks with."""

SPINE_AXES: Final = {
    "axial": "Pressing down (compression)",
    "flexion": "Bending forward",
    "extension": "Arching back",
    "rotation": "Twisting",
}

DEMAND: Final = ("none", "low", "moderate", "high")

EXPLAIN_STATUS: Final = {
    "allowed": "Fits you",
    "substituted": "Swap it",
    "excluded": "Not for now",
}


def say(table: dict[str, str], code: str | None) -> str:
    """The plain words for a code, or the code with spaces when it is new."""
    if code is None:
        return ""
    return table.get(code, code.replace("_", " "))

SYMPTOMS: Final = SYMPTOM_WORDS
"""The monitor's symptom names in plain words, the most serious first."""

ACTIONS: Final = {
    "continue": "Keep going",
    "adjust": "Adjust the next set",
    "skip_exercise": "Skip this exercise",
    "end_session": "Stop the session here",
    "seek_care": "Stop now and get care",
}

CHECKIN_ACTIONS: Final = {
    "continue": "Train as planned",
    "adjust": "Train lighter next time",
    "skip_exercise": "Train lighter next time",
    "end_session": "Rest before the next session",
    "seek_care": "No training: get checked first",
}

STOP_REASONS: Final = STOP_WORDS
"""Why a session stopped (``WorkoutSession.stop_reason``), as history shows it."""

TODAY_STATUS: Final = {
    "training": "Today's session",
    "rest": "Rest day",
    "no_plan": "No plan yet",
    "not_started": "Your plan starts soon",
    "plan_finished": "Plan finished",
    "seek_care": "No training today",
    "see_clinician": "See a clinician before your next session",
    "stopped": "Today's session was stopped",
}

SLEEP_QUALITY: Final = (("1", "Very poor"), ("2", "Poor"), ("3", "OK"), ("4", "Good"), ("5", "Very good"))

EVIDENCE_KINDS: Final = {
    "M": "measured in a study",
    "Q": "quoted by a review of studies",
    "R": "recalled from a study (to be checked)",
    "E": "estimated by spinewise from similar exercises",
}
"""What each evidence mark of a spine rating means (``spine_evidence`` in the library)."""


LOAD_ARITHMETIC = re.compile(
    r"\d\s?N\b|N\.m\b|\b(?:axial|flexion|extension|rotation|compression)[ -]\d|"
    r"\b(?:axial|flexion) as \d|\b(?:rated|rating|rate|estimate)\b")
"""A library note about how the load was rated (newtons, moments, the rating's levels): shown
in an exercise's Evidence section, not among the lifter's tips."""


def is_load_arithmetic(note: str) -> bool:
    """Whether a library note is about the rating's arithmetic or its studies
    (``LOAD_ARITHMETIC``) rather than a tip for the lifter."""
    return bool(LOAD_ARITHMETIC.search(note))
