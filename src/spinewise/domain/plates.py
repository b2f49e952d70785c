"""Plate maths: which plates go on each side of a bar to make a load, from the plates
the person owns.

Pure: no IO. Weights are in the person's unit (kg or lb) throughout; the arithmetic runs
in hundredths of that unit so that 1.25 kg and 2.5 lb plates add up exactly.

The breakdown loads each side the way a lifter does, heaviest plates first, using no
more of a plate than the person owns (a pair per side: one on each end). When the
heaviest-first choice misses, the next lighter mix is tried (a 10 + 10 when 15 + ...
cannot make 20), so a load that the inventory can make is always found. A load it
cannot make exactly is said plainly, with the nearest loads below and above that it can.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Unit = Literal["kg", "lb"]

DEFAULT_BAR: dict[str, float] = {"kg": 20.0, "lb": 45.0}
"""An Olympic men's bar: 20 kg, or 45 lb in a pound gym."""
DEFAULT_TRAP_BAR: dict[str, float] = {"kg": 25.0, "lb": 55.0}
"""A common trap (hex) bar; they vary from about 20 to 30 kg, so the person can set theirs."""
DEFAULT_PLATES: dict[str, dict[float, int]] = {
    "kg": {25.0: 2, 20.0: 2, 15.0: 2, 10.0: 2, 5.0: 2, 2.5: 2, 1.25: 2},
    "lb": {45.0: 4, 35.0: 2, 25.0: 2, 10.0: 2, 5.0: 2, 2.5: 2},
}
"""A small home or hotel-gym set of plates (weight -> how many), until the person says
what they own."""

_HUNDREDTHS = 100


def _units(weight: float) -> int:
    return round(weight * _HUNDREDTHS)


class PlateError(ValueError):
    """A bar or plate inventory that makes no sense (negative, zero or absurd weights)."""


@dataclass(frozen=True, slots=True)
class PlateLoad:
    """How to load a bar for ``target``.

    ``per_side``: the plates on each end, heaviest first (empty for the bar alone).
    ``exact``: whether bar + plates make ``target`` exactly; ``loaded`` is what they make.
    ``below`` / ``above``: when not exact, the nearest loads the inventory can make under
    and over the target (``None`` when there is none: below the bar, or beyond every plate).
    """

    target: float
    bar: float
    unit: Unit
    per_side: tuple[float, ...]
    loaded: float
    exact: bool
    below: float | None
    above: float | None

    def to_json(self) -> dict[str, object]:
        return {"target": self.target, "bar": self.bar, "unit": self.unit, "per_side": list(self.per_side),
                "loaded": self.loaded, "exact": self.exact, "below": self.below, "above": self.above}

    def words(self) -> str:
        """The breakdown in one line, as gym mode shows it."""
        each = " + ".join(f"{p:g}" for p in self.per_side) or "no plates"
        line = f"Bar {self.bar:g} {self.unit}, each side: {each}"
        if self.exact:
            return line
        nearest = " or ".join(f"{w:g} {self.unit}" for w in (self.below, self.above) if w is not None)
        return f"{self.target:g} {self.unit} cannot be made with your plates" + (
            f"; nearest: {nearest}" if nearest else "") + f". {line} ({self.loaded:g} {self.unit})"


def check_inventory(bar: float, plates: Mapping[float, int]) -> None:
    """Refuse a bar or plates that cannot be real (``PlateError`` naming what is wrong)."""
    if not 0 <= bar <= 100:
        raise PlateError(f"bar: must be from 0 to 100, got {bar:g}")
    for weight, count in plates.items():
        if not 0 < weight <= 100:
            raise PlateError(f"plates: a plate must weigh more than 0 and at most 100, got {weight:g}")
        if abs(weight * _HUNDREDTHS - _units(weight)) > 1e-6:
            raise PlateError(f"plates: weights go to 0.01 at most, got {weight}")
        if not 0 <= count <= MAX_PLATES:
            raise PlateError(f"plates: the count of {weight:g} plates must be from 0 to {MAX_PLATES}, got {count}")


MAX_PLATES = 1000
"""More of one plate than any gym holds: a typing slip."""


def plate_load(*, target: float, bar: float, plates: Mapping[float, int], unit: Unit) -> PlateLoad:
    """The plates for each side of ``bar`` to make ``target``, from the plates owned
    (``plates``: weight -> how many; a plate goes on only as a pair, one per side)."""
    check_inventory(bar, plates)
    pairs = tuple(sorted(((_units(w), c // 2) for w, c in plates.items() if c >= 2), reverse=True))
    side_goal = (_units(target) - _units(bar)) / 2
    if side_goal < 0:
        return PlateLoad(target, bar, unit, (), bar, False, None, bar)
    # the smallest load over the goal is at most one plate over it (take a plate off any bigger one)
    limit = int(side_goal) + 1 + (pairs[0][0] if pairs else 0)
    reachable = _reachable(pairs, limit)
    whole_goal = int(side_goal)
    if whole_goal == side_goal and reachable[0] >> whole_goal & 1:
        return PlateLoad(target, bar, unit, _weights(_side(pairs, reachable, whole_goal)), target, True, None, None)
    under = next((s for s in range(min(limit, math.ceil(side_goal) - 1), -1, -1) if reachable[0] >> s & 1), None)
    over = next((s for s in range(int(side_goal) + 1, limit + 1) if reachable[0] >> s & 1), None)
    nearest_side = under if under is not None else 0
    loaded = (_units(bar) + 2 * nearest_side) / _HUNDREDTHS

    def total(side: int | None) -> float | None:
        return None if side is None else (_units(bar) + 2 * side) / _HUNDREDTHS

    return PlateLoad(target, bar, unit, _weights(_side(pairs, reachable, nearest_side)), loaded, False,
                     total(under), total(over))


def _weights(side: tuple[int, ...]) -> tuple[float, ...]:
    return tuple(p / _HUNDREDTHS for p in side)


def _reachable(pairs: tuple[tuple[int, int], ...], limit: int) -> list[int]:
    """For each ``i``, the loads (hundredths, up to ``limit``) one side can take from
    ``pairs[i:]``, as a bit set: bit ``s`` is set when ``s`` can be made."""
    mask_all = (1 << (limit + 1)) - 1
    masks = [1]
    for weight, count in reversed(pairs):
        mask = masks[0]
        for _ in range(min(count, limit // weight)):
            grown = (mask | mask << weight) & mask_all
            if grown == mask:
                break
            mask = grown
        masks.insert(0, mask)
    return masks


def _side(pairs: tuple[tuple[int, int], ...], reachable: list[int], goal: int) -> tuple[int, ...]:
    """Plates (hundredths) making ``goal`` on one side (a reachable load), heaviest
    first: as many of the heaviest plate as still leave a rest the lighter ones can make
    (so 10 + 10 is found for 20 when a 15 leads nowhere)."""
    chosen: list[int] = []
    for i, (weight, count) in enumerate(pairs):
        for used in range(min(count, goal // weight), -1, -1):
            if reachable[i + 1] >> (goal - used * weight) & 1:
                chosen.extend([weight] * used)
                goal -= used * weight
                break
    return tuple(chosen)
