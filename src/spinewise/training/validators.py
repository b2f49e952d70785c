"""Small input validators shared by the training use cases: numbers, pain scores, units,
symptoms and free text, each bad value raising one ``InputError`` that names the field.
"""

from __future__ import annotations

from collections.abc import Iterable

from spinewise.domain.errors import InputError
from spinewise.domain.monitor import SYMPTOMS
from spinewise.domain.validation import whole_number


def _number(name: str, value: object, low: float, high: float, *, optional: bool = False) -> float | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise InputError(name, f"must be a number from {low:g} to {high:g}, got {value!r}")
    return float(value)


def _pain(name: str, value: object) -> int:
    result = whole_number(name, value, 0, 10)
    assert result is not None
    return result


def _unit(value: object) -> str:
    if value not in ("kg", "lb"):
        raise InputError("unit", f"must be kg or lb, got {value!r}")
    return str(value)


def _symptoms(values: Iterable[object]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value not in SYMPTOMS:
            raise InputError("symptoms", f"must be from {', '.join(SYMPTOMS)}, got {value!r}")
        if value not in out:
            out.append(str(value))
    return out


def _text(name: str, value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise InputError(name, f"must be text of at most {limit} characters")
    return value.strip() or None
