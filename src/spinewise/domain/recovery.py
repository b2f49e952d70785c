"""Recovery, the article's "other 23 hours": daily habits, streaks, and the habits
shown beside next-morning pain.

Pure: no IO, no clock (``on`` is always a parameter). What links a habit to pain here
is a correlation over the person's own days, never a cause: the wording says so
(``CORRELATION_NOTE``) and nothing is compared on fewer than ``MIN_DAYS_TO_COMPARE``
days in each group.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any, Literal

from spinewise.domain.errors import InputError
from spinewise.domain.rule import Rule
from spinewise.domain.validation import whole_number

HabitName = Literal["movement_breaks", "sleep_hours", "hydration", "heat_or_bath",
                    "foam_rolling", "posture_checks", "footwear"]
HABITS: tuple[HabitName, ...] = ("movement_breaks", "sleep_hours", "hydration", "heat_or_bath",
                                 "foam_rolling", "posture_checks", "footwear")

MOVEMENT_BREAKS_TARGET = 6
"""Breaks to count a desk day as done: the article's hourly movement breaks, across a
working day of about six to eight hours at a desk."""

SLEEP_HOURS_MIN = 7.0
"""Adults need 7 hours or more (AASM/SRS consensus, Watson et al. 2015); the article:
"how you sleep ... affects how your back responds to training"."""

POSTURE_CHECKS_TARGET = 3
"""The article's "consistent posture checks: set reminders during the day"."""

LIFTING_DAY_ONLY: frozenset[HabitName] = frozenset({"heat_or_bath", "footwear"})
"""Heat or a bath "post-lift" and supportive footwear ("no squatting in soft sneakers")
only count on days with a session; other days neither keep nor break their streak."""

MIN_DAYS_TO_COMPARE = 5
"""Fewer days than this with (or without) a habit: too few to set beside pain."""

CORRELATION_NOTE = ("These are your own days set side by side: a correlation, not a cause. "
                    "A habit that goes with better mornings may not be what made them better.")

LABELS: dict[HabitName, str] = {
    "movement_breaks": "Movement breaks at the desk (hourly)",
    "sleep_hours": f"Sleep ({SLEEP_HOURS_MIN:g} hours or more)",
    "hydration": "Stayed hydrated",
    "heat_or_bath": "Heat or a bath after lifting",
    "foam_rolling": "Foam rolling (glutes, upper back)",
    "posture_checks": "Posture checks",
    "footwear": "Supportive footwear when lifting",
}

RULES: tuple[Rule, ...] = (
    Rule("REC-HABITS-CORRELATION", "recovery", "info", "Habits beside pain are a correlation",
         CORRELATION_NOTE,
         "Days with and without a habit differ in many other ways (sleep, stress, the session "
         "itself); the comparison is shown to help the person notice patterns, not to claim "
         "an effect.", "Source article: Make Recovery a Priority; basic epidemiology."),
    Rule("REC-MOVEMENT-BREAKS", "recovery", "info", "Hourly movement breaks",
         "Take a movement break every hour when working at a desk.",
         "Long unbroken sitting is a common aggravator of flexion-sensitive back pain.",
         "Source article: Daily Habits That Support Pain-Free Training."),
    Rule("REC-SLEEP", "recovery", "info", "Sleep",
         f"Aim for {SLEEP_HOURS_MIN:g} hours of sleep or more.",
         "Short or poor sleep goes with more pain and worse recovery from training.",
         "Watson et al. 2015 (AASM/SRS consensus); source article: lifestyle and recovery."),
)


@dataclass(frozen=True, slots=True)
class HabitDay:
    """One day's habits; ``None`` means not recorded (or not a desk/lifting day)."""

    on: date
    movement_breaks: int | None = None
    sleep_hours: float | None = None
    hydration: bool | None = None
    heat_or_bath: bool | None = None
    foam_rolling: bool | None = None
    posture_checks: int | None = None
    footwear: bool | None = None

    def value(self, habit: HabitName) -> int | float | bool | None:
        result: int | float | bool | None = getattr(self, habit)
        return result

    def as_dict(self) -> dict[str, Any]:
        return {f.name: (getattr(self, f.name).isoformat() if f.name == "on" else getattr(self, f.name))
                for f in fields(self)}


# --- validation at the edge ----------------------------------------------------------


def _hours(field: str, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            math.isfinite(value) and 0 <= value <= 24):
        raise InputError(field, f"must be a number of hours from 0 to 24, got {value!r}")
    return float(value)


def _flag(field: str, value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InputError(field, f"must be true or false, got {value!r}")


def parse_habits(on: date, document: Mapping[str, object]) -> HabitDay:
    """Validate one day's habits (any subset of ``HABITS``); ``InputError`` names the field."""
    if not isinstance(document, Mapping):
        raise InputError("habits", "must be an object of habit names to values")
    for key in document:
        if key not in HABITS:
            raise InputError(str(key), f"is not a habit (one of {', '.join(HABITS)})")
    return HabitDay(
        on=on,
        movement_breaks=whole_number("movement_breaks", document.get("movement_breaks"), 0, 24, optional=True),
        sleep_hours=_hours("sleep_hours", document.get("sleep_hours")),
        hydration=_flag("hydration", document.get("hydration")),
        heat_or_bath=_flag("heat_or_bath", document.get("heat_or_bath")),
        foam_rolling=_flag("foam_rolling", document.get("foam_rolling")),
        posture_checks=whole_number("posture_checks", document.get("posture_checks"), 0, 50, optional=True),
        footwear=_flag("footwear", document.get("footwear")),
    )


# --- done or not -----------------------------------------------------------------------


def habit_done(day: HabitDay, habit: HabitName) -> bool | None:
    """Whether the day meets the habit's target; ``None`` when it was not recorded."""
    value = day.value(habit)
    if value is None:
        return None
    if habit == "movement_breaks":
        return int(value) >= MOVEMENT_BREAKS_TARGET
    if habit == "sleep_hours":
        return float(value) >= SLEEP_HOURS_MIN
    if habit == "posture_checks":
        return int(value) >= POSTURE_CHECKS_TARGET
    return bool(value)


@dataclass(frozen=True, slots=True)
class Streak:
    """Days in a row the habit was done (current, ending today or yesterday) and the best run."""

    habit: HabitName
    current: int
    longest: int
    days_done: int
    days_recorded: int

    def to_json(self) -> dict[str, Any]:
        return {"habit": self.habit, "label": LABELS[self.habit], "current": self.current,
                "longest": self.longest, "days_done": self.days_done,
                "days_recorded": self.days_recorded}


def streak(days: Iterable[HabitDay], habit: HabitName, *, on: date,
           lifting_days: frozenset[date] = frozenset()) -> Streak:
    """The habit's streak up to ``on``. A day not recorded breaks the run (except ``on``
    itself, which may not be filled in yet); lifting-day-only habits skip other days."""
    by_day = {d.on: d for d in days if d.on <= on}
    if not by_day:
        return Streak(habit, 0, 0, 0, 0)
    first = min(by_day)
    longest = run = 0
    done_count = recorded = 0
    current = 0
    cursor = first
    while cursor <= on:
        if habit in LIFTING_DAY_ONLY and cursor not in lifting_days:
            cursor += timedelta(days=1)
            continue
        record = by_day.get(cursor)
        done = habit_done(record, habit) if record is not None else None
        if done is not None:
            recorded += 1
        if done:
            done_count += 1
            run += 1
            longest = max(longest, run)
        elif not (cursor == on and done is None):
            run = 0
        cursor += timedelta(days=1)
    current = run
    return Streak(habit, current, longest, done_count, recorded)


# --- habits beside next-morning pain -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HabitBesidePain:
    """Mean next-morning pain after days with and without the habit (a correlation)."""

    habit: HabitName
    days_with: int
    days_without: int
    pain_with: float | None
    pain_without: float | None
    message: str

    @property
    def difference(self) -> float | None:
        if self.pain_with is None or self.pain_without is None:
            return None
        return round(self.pain_with - self.pain_without, 2)

    def to_json(self) -> dict[str, Any]:
        return {"habit": self.habit, "label": LABELS[self.habit], "days_with": self.days_with,
                "days_without": self.days_without, "next_morning_pain_with": self.pain_with,
                "next_morning_pain_without": self.pain_without, "difference": self.difference,
                "message": self.message, "kind": "correlation"}


def habit_beside_pain(days: Iterable[HabitDay], morning_pain: Mapping[date, int],
                      habit: HabitName) -> HabitBesidePain:
    """Each day's habit set beside the pain reported the next morning (day + 1)."""
    with_habit: list[int] = []
    without: list[int] = []
    for day in days:
        done = habit_done(day, habit)
        pain = morning_pain.get(day.on + timedelta(days=1))
        if done is None or pain is None:
            continue
        (with_habit if done else without).append(pain)
    label = LABELS[habit].lower()
    if len(with_habit) < MIN_DAYS_TO_COMPARE or len(without) < MIN_DAYS_TO_COMPARE:
        return HabitBesidePain(habit, len(with_habit), len(without),
                               _mean(with_habit), _mean(without),
                               f"Too few days yet to set {label} beside next-morning pain "
                               f"(at least {MIN_DAYS_TO_COMPARE} days with and without).")
    pain_with, pain_without = _mean(with_habit), _mean(without)
    assert pain_with is not None and pain_without is not None
    if abs(pain_with - pain_without) < 0.5:
        wording = "about the same"
    elif pain_with < pain_without:
        wording = "lower"
    else:
        wording = "higher"
    return HabitBesidePain(habit, len(with_habit), len(without), pain_with, pain_without,
                           f"After days with {label}, next-morning pain was {wording} "
                           f"({pain_with:.1f} vs {pain_without:.1f}/10). Correlation, not cause.")


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


@dataclass(frozen=True, slots=True)
class HabitSummary:
    """Streaks and habits beside next-morning pain over a window ending ``on``."""

    on: date
    days: int
    streaks: tuple[Streak, ...]
    beside_pain: tuple[HabitBesidePain, ...]
    note: str = CORRELATION_NOTE

    def to_json(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "days": self.days,
                "streaks": [s.to_json() for s in self.streaks],
                "beside_next_morning_pain": [b.to_json() for b in self.beside_pain],
                "note": self.note, "rule": "REC-HABITS-CORRELATION"}


def summarise_habits(days: Iterable[HabitDay], morning_pain: Mapping[date, int], *, on: date,
                     window_days: int, lifting_days: frozenset[date] = frozenset()) -> HabitSummary:
    """Every habit's streak and its place beside next-morning pain in the window."""
    if window_days < 1:
        raise InputError("days", f"must be 1 or more, got {window_days}")
    start = on - timedelta(days=window_days - 1)
    in_window = [d for d in days if start <= d.on <= on]
    return HabitSummary(
        on=on, days=window_days,
        streaks=tuple(streak(in_window, h, on=on, lifting_days=lifting_days) for h in HABITS),
        beside_pain=tuple(habit_beside_pain(in_window, morning_pain, h) for h in HABITS),
    )
