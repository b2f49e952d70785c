"""The days spinewise computes with: 1900-01-01 to 2200-12-31.

A plan runs weeks past its start and the progress series reach months back from a
day; Python's dates end at the year 9999, so a start such as 9999-12-20 made every
later page about that person fail. Nobody trains, checks in or starts a plan outside
these years, so days outside them are refused where they come in, naming the field.
"""

from __future__ import annotations

from datetime import date

from spinewise.domain.errors import InputError

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)


def out_of_range(day: date) -> str | None:
    """Why this day cannot be used, or ``None`` when it is within the range."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"must be a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}, got {day.isoformat()}"


def calendar_day(day: date, field: str) -> date:
    """``day`` when it is within the range, else ``InputError`` naming ``field``."""
    problem = out_of_range(day)
    if problem is not None:
        raise InputError(field, problem)
    return day


def optional_day(day: date | None, field: str) -> date | None:
    """``calendar_day`` for a day that may be absent."""
    return None if day is None else calendar_day(day, field)
