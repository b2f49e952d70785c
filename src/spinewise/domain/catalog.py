"""The exercise library: its model and the validation applied when it is loaded.

The library itself is data (``spinewise/data/exercises.toml``). Every exercise
carries its lumbar-spine demand on four axes (0 none, 1 low, 2 moderate, 3 high),
rated by the method in ``docs/spine-ratings.md`` with the evidence behind each
value, so that the planner's exclusions can be defended.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from spinewise.domain.errors import CatalogError

EQUIPMENT: tuple[str, ...] = (
    "bodyweight", "barbell", "trap_bar", "dumbbells", "kettlebells", "cable", "bands",
    "bench", "pullup_bar", "machines", "lifting_blocks", "slant_board", "neutral_grip_bar",
    "landmine", "treadmill", "bike", "foam_roller", "belt",
)
"""Equipment names, exactly the intake contract's ``training.equipment`` values."""

PATTERNS: tuple[str, ...] = (
    "squat", "hinge", "lunge", "horizontal_push", "vertical_push", "horizontal_pull",
    "vertical_pull", "carry", "anti_extension", "anti_rotation", "anti_lateral_flexion",
    "hip_extension", "mobility", "conditioning",
)
"""Movement patterns, in the trainer's words."""

ROLES: tuple[str, ...] = ("warmup", "main", "accessory", "core", "conditioning", "cooldown")
"""Where in a session an exercise may be used."""

Phase = Literal["foundation", "patterning", "strength"]
PHASES: tuple[Phase, ...] = ("foundation", "patterning", "strength")
"""The program's phases in order: foundation (mobility, core control), patterning
(movement patterns, light load), strength (progressive overload)."""

SPINE_AXES: tuple[str, ...] = ("axial", "flexion", "extension", "rotation")
EVIDENCE: tuple[str, ...] = ("M", "Q", "R", "E")
"""Evidence marks from SPINE-LOADS: M measured, Q quoted by a secondary source,
R recalled from the paper, E estimated from similar exercises."""

Impact = Literal["none", "low", "high"]
Dose = Literal["reps", "seconds"]
TEMPO_PATTERN = "^([0-9]|X)-([0-9]|X)-([0-9]|X)(-([0-9]|X))?$"
"""A tempo, lower-pause-lift(-pause) seconds or X for fast, as the OpenAPI document states it."""
TEMPO_RE = re.compile(TEMPO_PATTERN.removesuffix("$") + r"\Z")
"""ASCII digits only, and ``\\Z`` (Python's ``$`` also matches before a final newline)."""
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class SpineDemand:
    """Lumbar demand on each axis, 0 (none) to 3 (high)."""

    axial: int
    flexion: int
    extension: int
    rotation: int

    def as_dict(self) -> dict[str, int]:
        return {"axial": self.axial, "flexion": self.flexion,
                "extension": self.extension, "rotation": self.rotation}


@dataclass(frozen=True, slots=True)
class SpineProvenance:
    """Where each spine value comes from: an evidence mark per axis, the source keys
    (resolved in the library's ``sources`` table) and the reasoning in words."""

    evidence: Mapping[str, str]
    sources: tuple[str, ...]
    basis: str


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    pattern: str
    roles: tuple[str, ...]
    equipment: tuple[str, ...]
    spine: SpineDemand
    provenance: SpineProvenance
    asymmetric: bool
    """The load sits off the body's midline (suitcase carry, one-arm row)."""
    unilateral: bool
    """One limb works at a time (split squat, step-up): trains left-right balance."""
    impact: Impact
    skill: int
    """1 easy to learn, 2 needs coaching, 3 technical."""
    loaded: bool
    """Takes external load (so it gets a breathing and bracing cue)."""
    phase_min: str
    """The earliest phase in which it is used."""
    dose: Dose
    default_tempo: str | None
    regressions: tuple[str, ...]
    progressions: tuple[str, ...]
    cues: tuple[str, ...]
    purpose: str
    """What it is for, in plain words: used in every plan item's ``why``."""
    notes: str = ""
    aliases: tuple[str, ...] = field(default=())
    feel: str = ""
    """For the lifter, in plain words: where the work should be felt and what it should
    feel like (shown on the exercise's page)."""
    mistakes: str = ""
    """For the lifter: the common mistakes to avoid."""
    sided: bool | None = None
    """The library's ``per_side`` value when given; see ``per_side``."""

    @property
    def per_side(self) -> bool:
        """Done on each side in turn, so a set counts both sides: one limb at a time,
        an off-centre load, or a hold or reach done left then right (side plank,
        bird-dog, Pallof press). Defaults to ``unilateral or asymmetric``."""
        return self.sided if self.sided is not None else (self.unilateral or self.asymmetric)

    @property
    def phase_index(self) -> int:
        return PHASES.index(self.phase_min)

    def as_contract(self) -> dict[str, Any]:
        """The exercise as ``spinewise exercises --json`` prints it."""
        return {
            "id": self.id,
            "name": self.name,
            "pattern": self.pattern,
            "roles": list(self.roles),
            "equipment": list(self.equipment),
            "spine": self.spine.as_dict(),
            "spine_evidence": dict(self.provenance.evidence),
            "spine_sources": list(self.provenance.sources),
            "spine_basis": self.provenance.basis,
            "asymmetric": self.asymmetric,
            "unilateral": self.unilateral,
            "per_side": self.per_side,
            "impact": self.impact,
            "skill": self.skill,
            "loaded": self.loaded,
            "phase_min": self.phase_min,
            "dose": self.dose,
            "default_tempo": self.default_tempo,
            "regressions": list(self.regressions),
            "progressions": list(self.progressions),
            "cues": list(self.cues),
            "purpose": self.purpose,
            "notes": self.notes,
        }


@dataclass(frozen=True, slots=True)
class Gear:
    """A piece of gear and what spinewise says about it."""

    id: str
    name: str
    in_intake: bool
    advice: str
    source: str


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    citation: str


class Catalog:
    """The validated library: exercises by id, gear, and the sources cited."""

    def __init__(self, exercises: Iterable[Exercise], gear: Iterable[Gear],
                 sources: Iterable[Source]) -> None:
        self._by_id: dict[str, Exercise] = {}
        for exercise in exercises:
            self._by_id[exercise.id] = exercise
        self.gear: dict[str, Gear] = {g.id: g for g in gear}
        self.sources: dict[str, Source] = {s.key: s for s in sources}

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self._by_id[exercise_id]

    def get(self, exercise_id: str) -> Exercise | None:
        return self._by_id.get(exercise_id)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def find(self, text: str) -> Exercise | None:
        """An exercise by id, name or alias, case and punctuation insensitive."""
        wanted = _normalise(text)
        for exercise in self._by_id.values():
            if wanted in (_normalise(exercise.id), _normalise(exercise.name),
                          *(_normalise(a) for a in exercise.aliases)):
                return exercise
        return None


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


# --- loading and validation ---------------------------------------------------

_EXERCISE_KEYS = {
    "id", "name", "pattern", "roles", "equipment", "spine", "spine_evidence",
    "spine_sources", "spine_basis", "asymmetric", "unilateral", "impact", "skill",
    "loaded", "phase_min", "dose", "default_tempo", "regressions", "progressions", "cues",
    "purpose", "notes", "aliases", "per_side", "feel", "mistakes",
}
_REQUIRED = _EXERCISE_KEYS - {"notes", "aliases", "default_tempo", "per_side", "feel", "mistakes"}
BREATHING_WORDS = ("inhale", "exhale", "breathe", "breath")


def parse_catalog(text: str) -> Catalog:
    """Parse and validate the library's TOML text; raise ``CatalogError`` listing
    every problem found."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"exercise library is not valid TOML: {exc}") from exc
    problems: list[str] = []
    sources = [Source(key=k, citation=str(v.get("citation", "")))
               for k, v in raw.get("sources", {}).items()]
    source_keys = {s.key for s in sources}
    for s in sources:
        if not s.citation.strip():
            problems.append(f"source {s.key}: empty citation")
    gear = []
    for entry in raw.get("gear", []):
        try:
            gear.append(Gear(id=entry["id"], name=entry["name"],
                             in_intake=entry["id"] in EQUIPMENT,
                             advice=entry["advice"], source=entry.get("source", "")))
        except KeyError as exc:
            problems.append(f"gear {entry.get('id', '?')}: missing {exc.args[0]}")
    exercises: list[Exercise] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw.get("exercise", [])):
        ident = str(entry.get("id", f"#{index}"))
        exercise = _parse_exercise(ident, entry, source_keys, problems)
        if exercise is None:
            continue
        if exercise.id in seen:
            problems.append(f"{ident}: duplicate id")
        seen.add(exercise.id)
        exercises.append(exercise)
    _check_links(exercises, problems)
    if problems:
        shown = "\n  ".join(problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise CatalogError(f"exercise library has {len(problems)} problem(s):\n  {shown}{more}")
    return Catalog(exercises, gear, sources)


def _parse_exercise(ident: str, entry: Mapping[str, Any], source_keys: set[str],
                    problems: list[str]) -> Exercise | None:
    before = len(problems)
    unknown = set(entry) - _EXERCISE_KEYS
    if unknown:
        problems.append(f"{ident}: unknown field(s) {sorted(unknown)}")
    missing = _REQUIRED - set(entry)
    if missing:
        problems.append(f"{ident}: missing field(s) {sorted(missing)}")
        return None
    if not ID_RE.match(ident):
        problems.append(f"{ident}: id must be lower_snake_case")

    def one_of(name: str, allowed: Iterable[str]) -> None:
        if entry[name] not in tuple(allowed):
            problems.append(f"{ident}: {name} {entry[name]!r} is not one of {list(allowed)}")

    one_of("pattern", PATTERNS)
    one_of("impact", ("none", "low", "high"))
    one_of("phase_min", PHASES)
    one_of("dose", ("reps", "seconds"))
    for name in ("roles", "equipment", "regressions", "progressions", "cues", "spine_sources"):
        if not isinstance(entry[name], list) or not all(isinstance(v, str) for v in entry[name]):
            problems.append(f"{ident}: {name} must be a list of strings")
            return None
    if not entry["roles"]:
        problems.append(f"{ident}: roles is empty")
    for role in entry["roles"]:
        if role not in ROLES:
            problems.append(f"{ident}: role {role!r} is not one of {list(ROLES)}")
    if not entry["equipment"]:
        problems.append(f"{ident}: equipment is empty (use [\"bodyweight\"])")
    for item in entry["equipment"]:
        if item not in EQUIPMENT:
            problems.append(f"{ident}: equipment {item!r} is not an intake equipment name")
    spine = entry["spine"]
    evidence = entry["spine_evidence"]
    if not isinstance(spine, dict) or set(spine) != set(SPINE_AXES):
        problems.append(f"{ident}: spine must have exactly {list(SPINE_AXES)}")
        return None
    for axis in SPINE_AXES:
        value = spine[axis]
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 3:
            problems.append(f"{ident}: spine.{axis} must be an integer 0-3, got {value!r}")
    if not isinstance(evidence, dict) or set(evidence) != set(SPINE_AXES):
        problems.append(f"{ident}: spine_evidence must have exactly {list(SPINE_AXES)}")
    else:
        for axis, mark in evidence.items():
            if mark not in EVIDENCE:
                problems.append(f"{ident}: spine_evidence.{axis} {mark!r} is not one of {list(EVIDENCE)}")
    if not entry["spine_sources"]:
        problems.append(f"{ident}: spine_sources is empty")
    for key in entry["spine_sources"]:
        if key not in source_keys:
            problems.append(f"{ident}: spine source {key!r} is not in [sources]")
    if not str(entry["spine_basis"]).strip():
        problems.append(f"{ident}: spine_basis is empty")
    skill = entry["skill"]
    if not isinstance(skill, int) or isinstance(skill, bool) or not 1 <= skill <= 3:
        problems.append(f"{ident}: skill must be 1-3, got {skill!r}")
    for flag in ("asymmetric", "unilateral", "loaded"):
        if not isinstance(entry[flag], bool):
            problems.append(f"{ident}: {flag} must be true or false")
    if "per_side" in entry and not isinstance(entry["per_side"], bool):
        problems.append(f"{ident}: per_side must be true or false")
    tempo = entry.get("default_tempo")
    if tempo is not None and not TEMPO_RE.match(str(tempo)):
        problems.append(f"{ident}: default_tempo {tempo!r} is not like 3-1-2")
    if entry["dose"] == "reps" and entry["loaded"] and tempo is None:
        problems.append(f"{ident}: a loaded exercise dosed in reps needs default_tempo")
    if not entry["cues"]:
        problems.append(f"{ident}: cues is empty")
    if entry["loaded"] and not any(w in cue.lower() for cue in entry["cues"] for w in BREATHING_WORDS):
        problems.append(f"{ident}: a loaded exercise needs a breathing cue (inhale and brace, exhale with control)")
    if not str(entry["purpose"]).strip():
        problems.append(f"{ident}: purpose is empty")
    if len(problems) > before:
        return None
    return Exercise(
        id=ident, name=entry["name"], pattern=entry["pattern"], roles=tuple(entry["roles"]),
        equipment=tuple(entry["equipment"]),
        spine=SpineDemand(**{axis: int(spine[axis]) for axis in SPINE_AXES}),
        provenance=SpineProvenance(evidence=dict(evidence), sources=tuple(entry["spine_sources"]),
                                   basis=str(entry["spine_basis"])),
        asymmetric=entry["asymmetric"], unilateral=entry["unilateral"], impact=entry["impact"],
        skill=skill, loaded=entry["loaded"], phase_min=entry["phase_min"], dose=entry["dose"],
        default_tempo=tempo, regressions=tuple(entry["regressions"]),
        progressions=tuple(entry["progressions"]), cues=tuple(entry["cues"]),
        purpose=str(entry["purpose"]), notes=str(entry.get("notes", "")),
        aliases=tuple(entry.get("aliases", ())), sided=entry.get("per_side"),
        feel=str(entry.get("feel", "")), mistakes=str(entry.get("mistakes", "")),
    )


def _check_links(exercises: list[Exercise], problems: list[str]) -> None:
    ids = {e.id for e in exercises}
    for e in exercises:
        for kind in ("regressions", "progressions"):
            for target in getattr(e, kind):
                if target not in ids:
                    problems.append(f"{e.id}: {kind[:-1]} {target!r} does not exist")
        if e.id in e.progressions:
            problems.append(f"{e.id}: is its own progression")
        if e.id in e.regressions:
            problems.append(f"{e.id}: is its own regression")
        both = set(e.regressions) & set(e.progressions)
        if both:
            problems.append(f"{e.id}: {sorted(both)} both a regression and a progression")
