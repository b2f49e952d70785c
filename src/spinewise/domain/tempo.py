"""Tempo: seconds of lowering, bottom pause, lifting (and top pause), as ``3-1-2``.

``X`` means fast (counted as 0 s); no tempo counts as 0 s everywhere.
"""

from __future__ import annotations

LOWERING = 0
BOTTOM_PAUSE = 1
"""Positions in a tempo string."""


def tempo_parts(tempo: str) -> list[str]:
    """``"3-1-2"`` -> ``["3", "1", "2"]`` (lowering, bottom pause, lifting[, top pause])."""
    return tempo.split("-")


def eccentric_seconds(tempo: str | None) -> int:
    """Seconds of lowering (``X``, fast, counts as 0; no tempo counts as 0)."""
    return seconds_at(tempo, LOWERING)


def pause_seconds(tempo: str | None) -> int:
    """Seconds of the bottom pause (0 when there is no tempo)."""
    return seconds_at(tempo, BOTTOM_PAUSE)


def seconds_at(tempo: str | None, index: int) -> int:
    """Seconds at one position of the tempo."""
    if tempo is None:
        return 0
    part = tempo_parts(tempo)[index]
    return 0 if part == "X" else int(part)


def with_seconds(tempo: str, index: int, seconds: int) -> str:
    """``tempo`` with one position set to ``seconds``."""
    parts = tempo_parts(tempo)
    parts[index] = str(seconds)
    return "-".join(parts)
