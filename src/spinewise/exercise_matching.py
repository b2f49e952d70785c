"""Matching the exercise names of another app's log (Strong, Hevy) to the library, with
how sure the match is.

In order: the alias table below (names those apps use, each checked against the library by a
test); the library's own ids, names and aliases (``exercise_lookup.find_exercise``); the
name with its equipment in brackets moved to the front (``Squat (Barbell)`` -> ``barbell
squat``); then the closest library name (``difflib``'s ratio), taken only when it is at
least ``SURE_ENOUGH`` alike. A name that matches nothing is kept as the person's own
exercise, never dropped. Pure: reads only the ``Catalog`` it is given.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from spinewise.domain.catalog import Catalog
from spinewise.exercise_lookup import find_exercise

How = Literal["alias", "library", "equipment", "close", "mapped", "own"]

SURE_ENOUGH = 0.85
"""How alike (0-1) a name and a library name must be for a fuzzy match to be taken
without asking; below it the name is kept as the person's own (the import page offers
the closest as a suggestion)."""
SUGGESTION_AT_LEAST = 0.6
"""A library exercise at least this alike is offered as a suggestion for an unmatched name."""

ALIASES: dict[str, str] = {
    # squats and legs
    "squat (barbell)": "barbell_back_squat", "back squat (barbell)": "barbell_back_squat",
    "full squat": "barbell_back_squat", "squat (smith machine)": "barbell_back_squat",
    "front squat (barbell)": "front_squat", "front squat": "front_squat",
    "goblet squat (kettlebell)": "kettlebell_goblet_squat", "goblet squat (dumbbell)": "goblet_squat",
    "goblet squat": "goblet_squat", "box squat (barbell)": "barbell_back_squat",
    "air squats": "bodyweight_squat", "squat (bodyweight)": "bodyweight_squat", "bodyweight squat": "bodyweight_squat",
    "leg press": "leg_press", "leg press (machine)": "leg_press", "leg press horizontal (machine)": "leg_press",
    "bulgarian split squat": "rear_foot_elevated_split_squat",
    "bulgarian split squat (dumbbell)": "rear_foot_elevated_split_squat",
    "split squat (dumbbell)": "dumbbell_split_squat", "lunge (dumbbell)": "dumbbell_reverse_lunge",
    "reverse lunge (dumbbell)": "dumbbell_reverse_lunge", "reverse lunge": "reverse_lunge",
    "walking lunge": "walking_lunge", "lunge": "reverse_lunge", "lateral lunge": "lateral_lunge",
    "step up": "step_up", "step-up": "step_up", "step up (dumbbell)": "dumbbell_step_up",
    "seated leg curl (machine)": "seated_leg_curl", "lying leg curl (machine)": "seated_leg_curl",
    # hinges
    "deadlift (barbell)": "conventional_deadlift", "deadlift": "conventional_deadlift",
    "deadlift (trap bar)": "trap_bar_deadlift", "trap bar deadlift": "trap_bar_deadlift",
    "sumo deadlift (barbell)": "sumo_deadlift", "romanian deadlift (barbell)": "romanian_deadlift",
    "romanian deadlift (dumbbell)": "dumbbell_romanian_deadlift",
    "stiff leg deadlift (barbell)": "romanian_deadlift", "rack pull (barbell)": "block_pull",
    "good morning (barbell)": "good_morning", "kettlebell swing": "kettlebell_swing",
    "hip thrust (barbell)": "hip_thrust", "hip thrust (dumbbell)": "dumbbell_hip_thrust",
    "glute bridge": "glute_bridge", "single leg glute bridge": "single_leg_glute_bridge",
    "back extension": "back_extension", "back extension (hyperextension)": "back_extension",
    "hyperextension": "back_extension", "cable pull through": "cable_pull_through",
    "single leg romanian deadlift (dumbbell)": "dumbbell_single_leg_rdl",
    # pushes
    "bench press (barbell)": "barbell_bench_press", "bench press (dumbbell)": "dumbbell_bench_press",
    "floor press (dumbbell)": "dumbbell_floor_press", "chest press (machine)": "machine_chest_press",
    "push up": "push_up", "push-up": "push_up", "push up (knees)": "knee_push_up",
    "incline push up": "incline_push_up", "pike push up": "pike_push_up",
    "overhead press (barbell)": "standing_overhead_press", "strict military press (barbell)": "standing_overhead_press",
    "overhead press (dumbbell)": "standing_dumbbell_press",
    "seated overhead press (dumbbell)": "seated_dumbbell_shoulder_press",
    "shoulder press (dumbbell)": "seated_dumbbell_shoulder_press",
    "shoulder press (machine)": "machine_shoulder_press", "landmine press": "standing_landmine_press",
    # pulls
    "bent over row (barbell)": "bent_over_barbell_row", "bent over one arm row (dumbbell)": "one_arm_dumbbell_row",
    "dumbbell row": "one_arm_dumbbell_row", "seated row (cable)": "seated_cable_row",
    "seated cable row - v grip (cable)": "seated_cable_row", "seated cable row - bar grip": "seated_cable_row",
    "chest supported incline row (dumbbell)": "chest_supported_dumbbell_row",
    "lat pulldown (cable)": "lat_pulldown", "lat pulldown (machine)": "lat_pulldown",
    "pull up": "pull_up", "pull up (assisted)": "band_assisted_pull_up", "pull up (band)": "band_assisted_pull_up",
    "chin up": "chin_up", "inverted row": "inverted_row", "face pull (cable)": "face_pull", "face pull": "face_pull",
    "straight arm pulldown (cable)": "straight_arm_pulldown", "dead hang": "dead_hang",
    # carries and trunk
    "farmers walk": "farmers_carry", "farmer's walk": "farmers_carry", "suitcase carry": "suitcase_carry",
    "plank": "plank", "side plank": "side_plank", "dead bug": "dead_bug", "bird dog": "bird_dog",
    "hanging leg raise": "hanging_leg_raise", "hanging knee raise": "hanging_knee_raise",
    "crunch": "crunch", "sit up": "sit_up", "russian twist": "russian_twist",
    "pallof press": "pallof_press", "pallof press (cable)": "pallof_press", "hollow hold": "hollow_hold",
    "cable crunch": "crunch", "wood chop (cable)": "cable_wood_chop",
    # conditioning
    "rowing (machine)": "rowing_machine", "cycling (indoor)": "bike_easy", "walking": "walking",
    "treadmill": "treadmill_walk", "elliptical trainer": "elliptical", "elliptical": "elliptical",
}
"""Names that Strong and Hevy use (as those apps spell them, compared in lower case with
spacing ignored) and the library exercise each is."""


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9()'\-]+", " ", text.lower()).split())


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


_ALIASES = {_plain(k): v for k, v in ALIASES.items()}
_BRACKETED = re.compile(r"^(?P<base>.+?)\s*\((?P<gear>[^()]+)\)\s*$")


@dataclass(frozen=True, slots=True)
class NameMatch:
    """What an imported exercise name is in the library. ``exercise_id`` is ``None`` for
    an unmatched name (kept as the person's own exercise); ``confidence`` is 1.0 for a
    name found in the alias table or the library, the likeness otherwise; ``suggestion``
    is the closest library exercise for an unmatched name, if any is close."""

    name: str
    exercise_id: str | None
    how: How
    confidence: float
    suggestion: str | None = None

    @property
    def matched(self) -> bool:
        return self.exercise_id is not None

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "exercise": self.exercise_id, "how": self.how,
                "confidence": round(self.confidence, 2), "suggestion": self.suggestion}


def _labels(catalog: Catalog) -> list[tuple[str, str]]:
    """(plain words of each id, name and alias; its exercise id), in library order."""
    return [(_words(label), exercise.id) for exercise in catalog
            for label in (exercise.id, exercise.name, *exercise.aliases)]


def _closest(name: str, catalog: Catalog) -> tuple[str | None, float]:
    best: tuple[str | None, float] = (None, 0.0)
    candidates = [name]
    bracketed = _BRACKETED.match(name)
    if bracketed:
        candidates.append(f"{bracketed['gear']} {bracketed['base']}")
    labels = _labels(catalog)
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(_words(candidate))  # difflib caches what it learns about the second text
        for label, ident in labels:
            matcher.set_seq1(label)
            floor = max(best[1], SUGGESTION_AT_LEAST)
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue  # upper bounds: this label cannot beat the best so far
            ratio = matcher.ratio()
            if ratio > best[1] or (ratio == best[1] and best[0] is not None and ident < best[0]):
                best = (ident, ratio)
    return best


def match_name(name: str, catalog: Catalog) -> NameMatch:
    """The library exercise an imported name is, and how sure that is."""
    alias = _ALIASES.get(_plain(name))
    if alias is not None and alias in catalog:
        return NameMatch(name, alias, "alias", 1.0)
    found = find_exercise(name, catalog)
    if found is not None:
        return NameMatch(name, found.id, "library", 1.0)
    bracketed = _BRACKETED.match(name)
    if bracketed:
        for text in (f"{bracketed['gear']} {bracketed['base']}", bracketed["base"]):
            found = find_exercise(text, catalog)
            if found is not None:
                return NameMatch(name, found.id, "equipment", 0.95 if text != bracketed["base"] else 0.8)
    closest, likeness = _closest(name, catalog)
    if closest is not None and likeness >= SURE_ENOUGH:
        return NameMatch(name, closest, "close", likeness)
    suggestion = closest if closest is not None and likeness >= SUGGESTION_AT_LEAST else None
    return NameMatch(name, None, "own", likeness, suggestion)


def match_names(names: Iterable[str], catalog: Catalog,
                mapping: Mapping[str, str | None] | None = None) -> dict[str, NameMatch]:
    """Every name matched; ``mapping`` (name -> library id, or ``None`` to keep it as the
    person's own) overrides the matcher for the names it holds (what the person chose)."""
    mapping = mapping or {}
    out: dict[str, NameMatch] = {}
    for name in names:
        if name in mapping:
            chosen = mapping[name]
            out[name] = (NameMatch(name, chosen, "mapped", 1.0) if chosen is not None
                         else NameMatch(name, None, "own", 1.0))
        else:
            out[name] = match_name(name, catalog)
    return out
