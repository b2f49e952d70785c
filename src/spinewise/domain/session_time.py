"""How long a planned session takes: estimated from what the plan prescribes.

Each item costs its working time (sets x reps x the tempo's seconds per rep, or sets x
the hold), doubled when it is done on each side, plus the rest between sets and a
short changeover to set up the next exercise. The figures are a trainer's estimates,
rounded up rather than down, so that a session that fits on paper fits in the gym.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

SECONDS_PER_REP_NO_TEMPO = 3
"""A rep of a mobility or warm-up drill done at an easy, unhurried pace."""
FAST_PHASE_SECONDS = 1
"""A tempo's ``X`` (as fast as control allows) still takes about a second."""
SIDE_SWITCH_SECONDS = 5
"""Changing sides within a set."""
CHANGEOVER_SECONDS = {"warmup": 10, "cooldown": 10, "conditioning": 30, "main": 45, "core": 20}
"""Setting up each exercise: fetching a weight, adjusting a bench, lying down."""


class Dose(Protocol):
    """What the estimate reads from a prescription."""

    @property
    def sets(self) -> int: ...
    @property
    def reps(self) -> int | None: ...
    @property
    def seconds(self) -> int | None: ...
    @property
    def tempo(self) -> str | None: ...
    @property
    def rest_seconds(self) -> int: ...
    @property
    def per_side(self) -> bool: ...


def seconds_per_rep(tempo: str | None) -> int:
    """``3-1-2`` takes 6 s a rep; ``X`` counts as one second; no tempo, an easy 3 s."""
    if not tempo:
        return SECONDS_PER_REP_NO_TEMPO
    total = 0
    for part in tempo.split("-"):
        total += FAST_PHASE_SECONDS if part.upper() == "X" else int(part)
    return max(total, 1)


def item_seconds(rx: Dose, block: str) -> int:
    """One item's estimated time in seconds, changeover included."""
    sides = 2 if rx.per_side else 1
    if rx.seconds is not None:
        work_per_set = rx.seconds
    else:
        work_per_set = (rx.reps or 0) * seconds_per_rep(rx.tempo)
    work = rx.sets * sides * work_per_set
    switches = rx.sets * (sides - 1) * SIDE_SWITCH_SECONDS
    rest = max(rx.sets - 1, 0) * rx.rest_seconds
    return work + switches + rest + CHANGEOVER_SECONDS.get(block, 20)


def session_seconds(items: Iterable[tuple[str, Dose]]) -> int:
    """A session's estimated length in seconds from ``(block kind, prescription)`` pairs."""
    return sum(item_seconds(rx, block) for block, rx in items)


def as_minutes(seconds: int) -> int:
    """Whole minutes, rounded up."""
    return -(-seconds // 60)
