"""A tiny exercise library for the monitor and progression unit tests, so that they do
not depend on ``data/exercises.toml``."""

from __future__ import annotations

from functools import cache

from spinewise.domain.catalog import Catalog, parse_catalog


def exercise_toml(ident: str, *, equipment: str, dose: str = "reps", loaded: bool = True,
                  tempo: str | None = "3-1-2", regressions: tuple[str, ...] = (),
                  progressions: tuple[str, ...] = (), asymmetric: bool = False,
                  unilateral: bool = False) -> str:
    """One ``[[exercise]]`` table with test spine ratings and only the fields given."""

    def ids(values: tuple[str, ...]) -> str:
        return "[" + ", ".join(f'"{v}"' for v in values) + "]"

    lines = [
        "[[exercise]]", f'id = "{ident}"', f'name = "{ident.replace("_", " ").capitalize()}"',
        'pattern = "squat"', 'roles = ["main"]', f'equipment = ["{equipment}"]',
        "spine = {axial = 1, flexion = 1, extension = 0, rotation = 0}",
        'spine_evidence = {axial = "E", flexion = "E", extension = "E", rotation = "E"}',
        'spine_sources = ["test"]', 'spine_basis = "test data"',
        f"asymmetric = {str(asymmetric).lower()}", f"unilateral = {str(unilateral).lower()}",
        'impact = "none"', "skill = 1", f"loaded = {str(loaded).lower()}",
        'phase_min = "foundation"', f'dose = "{dose}"', f"regressions = {ids(regressions)}",
        f"progressions = {ids(progressions)}",
        'cues = ["Inhale and brace; exhale with control."]', 'purpose = "test"',
    ]
    if tempo is not None:
        lines.append(f'default_tempo = "{tempo}"')
    return "\n".join(lines) + "\n"


@cache
def tiny_catalog() -> Catalog:
    """Loaded and unloaded, rep- and hold-dosed exercises on every kind of load step
    (dumbbells, a trap bar, a barbell, kettlebells, a cable stack, bodyweight), with one
    regression/progression chain and one-sided movements."""
    return parse_catalog("\n".join([
        '[sources.test]\ncitation = "Test source"\n',
        exercise_toml("goblet_squat", equipment="dumbbells", regressions=("box_squat",),
                      progressions=("front_squat",)),
        exercise_toml("front_squat", equipment="barbell"),
        exercise_toml("box_squat", equipment="bodyweight", loaded=False, tempo=None),
        exercise_toml("trap_bar_deadlift", equipment="trap_bar", tempo="2-0-1"),
        exercise_toml("kettlebell_deadlift", equipment="kettlebells", tempo="2-0-1"),
        exercise_toml("cable_row", equipment="cable", tempo="2-1-2"),
        exercise_toml("suitcase_carry", equipment="kettlebells", dose="seconds", tempo=None,
                      asymmetric=True),
        exercise_toml("split_squat", equipment="dumbbells", unilateral=True,
                      regressions=("box_squat",)),
        exercise_toml("cat_cow", equipment="bodyweight", loaded=False, tempo=None),
        exercise_toml("plank", equipment="bodyweight", dose="seconds", loaded=False, tempo=None),
        exercise_toml("farmers_carry", equipment="dumbbells", dose="seconds", tempo=None),
    ]))
