"""Equipment load steps: the next load up or down that the equipment really offers.

Plate-loaded bars step by the smallest plate pair, pin-loaded stacks by one pin,
dumbbells and kettlebells by the next fixed weight on the rack.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

Unit = Literal["kg", "lb"]

_PLATE_LOADED = ("barbell", "trap_bar", "landmine", "neutral_grip_bar")
_STACK_LOADED = ("machines", "cable")
_LOADABLE = (*_PLATE_LOADED, "dumbbells", "kettlebells", *_STACK_LOADED)

LINEAR_STEPS: dict[str, dict[str, float]] = {
    **{name: {"kg": 2.5, "lb": 5.0} for name in _PLATE_LOADED},
    **{name: {"kg": 5.0, "lb": 10.0} for name in _STACK_LOADED},
}
"""The smallest step on plate-loaded bars (a pair of 1.25 kg or 2.5 lb plates) and on
pin-loaded stacks (one pin)."""

_DUMBBELLS_KG = (2.0, 4.0, 6.0, 8.0, 10.0, *(10.0 + 2.5 * i for i in range(1, 21)))
_DUMBBELLS_LB = tuple(5.0 * i for i in range(1, 31))
_KETTLEBELLS_KG = (4.0, 6.0, 8.0, 12.0, 16.0, 20.0, 24.0, 28.0, 32.0, 36.0, 40.0, 44.0, 48.0)
_KETTLEBELLS_LB = (5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0, 40.0, 45.0, 50.0, 53.0, 62.0,
                   70.0, 80.0, 88.0, 97.0, 106.0)
FIXED_WEIGHTS: dict[str, dict[str, tuple[float, ...]]] = {
    "dumbbells": {"kg": _DUMBBELLS_KG, "lb": _DUMBBELLS_LB},
    "kettlebells": {"kg": _KETTLEBELLS_KG, "lb": _KETTLEBELLS_LB},
}
"""Common fixed weights: dumbbells in 2 kg steps to 10 kg then 2.5 kg (5 lb in lb);
kettlebells in the usual bell sizes."""

_GENERIC_STEP = {"kg": 2.5, "lb": 5.0}


def load_equipment(equipment: Iterable[str]) -> str | None:
    """The first piece of equipment in the list whose load can be stepped, if any."""
    for item in equipment:
        if item in _LOADABLE:
            return item
    return None


def load_step_up(load: float, *, unit: Unit, equipment: str | None) -> float | None:
    """The next load up that the equipment offers (``None`` when no step exists)."""
    if equipment is None:
        return None
    weights = FIXED_WEIGHTS.get(equipment, {}).get(unit)
    if weights is not None:
        heavier = [w for w in weights if w > load + 1e-9]
        return heavier[0] if heavier else _tidy(load + _GENERIC_STEP[unit])
    return _tidy(load + LINEAR_STEPS[equipment][unit])


def load_step_down(load: float, *, unit: Unit, equipment: str | None) -> float | None:
    """The next load down that the equipment offers (``None`` when there is none)."""
    return reduced_load(load, unit=unit, equipment=equipment, fraction=0.0)


def reduced_load(load: float, *, unit: Unit, equipment: str | None,
                 fraction: float) -> float | None:
    """About ``fraction`` less load, rounded down to what the equipment offers and
    always at least one step below ``load``; ``None`` when nothing lighter exists.
    With no known equipment the load is rounded to 2.5 kg / 5 lb."""
    target = load * (1.0 - fraction)
    weights = FIXED_WEIGHTS.get(equipment or "", {}).get(unit)
    if weights is not None:
        lighter = [w for w in weights if w < load - 1e-9]
        fitting = [w for w in lighter if w <= target + 1e-9]
        choice = fitting[-1] if fitting else (lighter[-1] if lighter else None)
        return choice
    step = LINEAR_STEPS.get(equipment or "", _GENERIC_STEP)[unit]
    lowered = math.floor(target / step + 1e-9) * step
    if lowered > load - step:
        lowered = load - step
    return _tidy(lowered) if lowered > 1e-9 else None


def _tidy(value: float) -> float:
    return round(value, 2)
