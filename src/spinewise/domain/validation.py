"""The contract's value rules: field validators, field types and the input base model.

Each validator refuses a bad value with a message in the contract's words (``must be
an integer from 0 to 10, got 11``); ``contract_input`` adds the field path.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict

from spinewise.domain.calendar_days import out_of_range
from spinewise.domain.catalog import TEMPO_RE, Catalog, Exercise
from spinewise.domain.errors import InputError
from spinewise.domain.json_values import json_number, shown

_T = TypeVar("_T")


class ContractModel(BaseModel):
    """An input model of the contract: unknown fields are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- validators -----------------------------------------------------------------------


def integer_between(low: int, high: int) -> Callable[[object], int]:
    """A pydantic before-validator: an integer within range. ``3.0`` counts as 3 (JSON
    Schema's ``integer``, as the intake and ``whole_number`` read it); ``true`` does not."""

    def check(value: object) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be an integer from {low} to {high}, got {shown(value)}")
        return value

    return check


def number_between(low: float, high: float) -> Callable[[object], float]:
    """A pydantic before-validator: a finite number within range."""

    def check(value: object) -> float:
        if (isinstance(value, bool) or not isinstance(value, int | float)
                or not math.isfinite(value) or not low <= value <= high):
            raise ValueError(f"must be a number from {json_number(low)} to {json_number(high)}, "
                             f"got {shown(value)}")
        return float(value)

    return check


def nullable(check: Callable[[object], _T]) -> Callable[[object], _T | None]:
    """Allow ``null`` before ``check``."""

    def maybe(value: object) -> _T | None:
        return None if value is None else check(value)

    return maybe


def distinct_items(value: Any) -> Any:
    """A pydantic before-validator: a list must not repeat an item (JSON Schema's
    ``uniqueItems``)."""
    if isinstance(value, list):
        seen: list[Any] = []
        for item in value:
            if item in seen:
                raise ValueError(f"must not repeat items, {item!r} appears twice")
            seen.append(item)
    return value


DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""The one way a day is written (Python 3.11's ``fromisoformat`` also reads ``20261102``
and ``2026-W45-1``, which the contracts do not allow)."""


def iso_date(value: object) -> date:
    """A pydantic before-validator: a date written as ``2026-11-02``."""
    day: date | None = None
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and DAY_TEXT.fullmatch(value):
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(value)
    if day is None:
        raise ValueError(f"must be a date like 2026-11-02, got {shown(value)}")
    problem = out_of_range(day)
    if problem is not None:
        raise ValueError(problem)
    return day


def tempo_or_none(value: object) -> str | None:
    """A pydantic before-validator: a tempo such as ``3-1-2``, or ``null``."""
    if value is None:
        return None
    if not isinstance(value, str) or not TEMPO_RE.match(value):
        raise ValueError(f"must be a tempo like 3-1-2 (lower-pause-lift seconds, X for fast), "
                         f"got {shown(value)}")
    return value


def known_exercise(exercise_id: str, catalog: Catalog) -> Exercise:
    """The catalog's exercise, or ``InputError`` naming the field ``exercise``."""
    exercise = catalog.get(exercise_id)
    if exercise is None:
        raise InputError(field="exercise",
                         message=f"{shown(exercise_id)} is not an exercise in the library")
    return exercise


# --- hand-typed values (forms, CLI options, stored habits) ---------------------------------


def whole_number(field: str, value: object, low: int, high: int, *,
                 optional: bool = False) -> int | None:
    """A count as a person types it: an integer within range (``3.0`` counts as 3,
    ``true`` does not); ``None`` only when ``optional``. ``InputError`` names ``field``."""
    if value is None and optional:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(field, f"must be an integer from {low} to {high}, got {value!r}")
    return value


# --- field types ------------------------------------------------------------------------

Pain = Annotated[int, BeforeValidator(integer_between(0, 10))]
"""A 0-10 numeric pain rating."""
PainOrNone = Annotated[int | None, BeforeValidator(nullable(integer_between(0, 10)))]
SetCount = Annotated[int, BeforeValidator(integer_between(1, 10))]
RepCount = Annotated[int, BeforeValidator(integer_between(0, 100))]
Seconds = Annotated[int, BeforeValidator(integer_between(0, 600))]
Tempo = Annotated[str | None, BeforeValidator(tempo_or_none)]
IsoDate = Annotated[date, BeforeValidator(iso_date)]
PlannedReps = Annotated[int | None, BeforeValidator(nullable(integer_between(1, 100)))]
PlannedSeconds = Annotated[int | None, BeforeValidator(nullable(integer_between(1, 600)))]
"""A prescription's reps or hold time: at least 1 when set."""
LoadOrNone = Annotated[float | None, BeforeValidator(nullable(number_between(0, 1000)))]
"""A load in the person's unit; ``null`` for bodyweight."""
RpeOrNone = Annotated[float | None, BeforeValidator(nullable(number_between(0, 10)))]
"""Effort as done, 0-10 (RPE)."""
RpeCapOrNone = Annotated[float | None, BeforeValidator(nullable(number_between(1, 10)))]
"""An effort cap, RPE 1-10."""
