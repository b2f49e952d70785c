"""The pain-monitored overload ladder: the next prescription for one exercise.

The ladder follows the source article's smart overload techniques, one variable at a
time, in this order:

1. slower lowering (eccentric +1 s, up to ``ECCENTRIC_MAX_SECONDS``);
2. a bottom pause (+1 s, up to ``BOTTOM_PAUSE_MAX_SECONDS``);
3. one more set (up to ``SETS_MAX``);
4. more reps (+``REPS_STEP`` up to ``REPS_MAX``), or for holds +``HOLD_SECONDS_STEP`` s
   up to ``HOLD_SECONDS_MAX``;
5. the smallest load step the equipment allows; at the new load the tempo, sets and
   reps go back to the base prescription (``NextInput.start`` or the defaults), so
   only the load rose and the ladder is climbed again from there.

A rung is climbed only when the latest session's pain response was green by the
pain-monitoring model (REFERENCE §3), every planned rep was done at the planned load,
effort stayed within ``rpe_max`` and pain is not rising week to week. Amber holds; red
regresses one step; a flare-up deloads.

This module also holds what the in-session monitor shares with it: the pain-zone
thresholds, the equipment load steps and the input-field validators.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from spinewise.domain.catalog import EQUIPMENT, TEMPO_RE, Catalog, Exercise
from spinewise.domain.errors import InputError
from spinewise.domain.progression_rules import RULES
from spinewise.domain.rules import Rule

# --- the pain-monitoring model (REFERENCE §3) ------------------------------------

PAIN_SAFE_MAX = 2
"""Pain 0-2/10 is the model's safe zone."""

PAIN_ACCEPTABLE_MAX = 5
"""Pain during (and after) exercise may reach 5/10; above 5 is high risk (red)."""

PAIN_RISE_ALLOWANCE = 2
"""Pain more than this many points above the person's usual (baseline) pain, during or
after exercise, is amber: the dose is enough for now. Pain 3-5 within this allowance is
still acceptable."""

NEXT_MORNING_RED_RISE = 2
"""Next-morning pain this many points (or more) above baseline is red: pain must settle
to the usual level by the next morning. One point above baseline is amber."""

TREND_CHANGE_POINTS = 1.0
"""A change of the weekly average pain by this much (0-10 scale) is a trend: pain must
not rise week to week."""

# --- the ladder -------------------------------------------------------------------

ECCENTRIC_MAX_SECONDS = 4
"""The slowest lowering the ladder asks for (the article's slow eccentric)."""

BOTTOM_PAUSE_MAX_SECONDS = 2
"""The article's 2-second pause at the bottom of the lift."""

SETS_MAX = 4
"""More sets stop here: beyond 4 the session gets long for a sensitive back."""

REPS_STEP = 2
REPS_MAX = 12
"""Reps rise 2 at a time up to 12; above that it is endurance work, not strength."""

HOLD_SECONDS_STEP = 5
HOLD_SECONDS_MAX = 60
"""Holds rise 5 s at a time up to 60 s (McGill favours repeated short holds)."""

BASE_SETS = 3
BASE_REPS = 8
BASE_HOLD_SECONDS = 30
"""After a load step, sets, reps and hold time go back to these (or to the current
value when it is lower) unless the input names its own ``start``."""

FLARE_UP_RISE = 2
FLARE_UP_HOURS = 48
"""A flare-up: pain at least 2 points above usual lasting 48 hours or more (or a red
next-morning response twice in a row, or new nerve symptoms)."""

LOAD_CUT_AMBER = 0.20
"""Amber in a session, a red morning or a flare-up: take about a fifth off the load."""

# --- phases and tests -------------------------------------------------------------

MIN_WEEKS_IN_PHASE = 3
"""Weeks in a phase before it may be left."""

FLARE_UP_CLEAR_WEEKS = 2
"""Weeks without a flare-up before moving to the next phase."""

ADHERENCE_MIN = 0.75
"""Share of planned sessions done before the next phase."""

FLEXION_EXTENSION_MAX = 1.0
SIDE_BALANCE_LOW = 0.95
SIDE_BALANCE_HIGH = 1.05
SIDE_EXTENSION_MAX = 0.75
"""McGill's endurance ratio flags (McGill, Childs & Liebenson 1999)."""

NPRS_MEANINGFUL_POINTS = 2
NPRS_MEANINGFUL_FRACTION = 0.30
"""A change of 2 points or 30% on the 0-10 pain scale is meaningful."""

PSFS_MEANINGFUL_POINTS = 2.0
"""A change of 2 points in the PSFS mean is meaningful (Stratford 1995)."""

Change = Literal["tempo", "pause", "sets", "reps", "load", "hold", "regress"]
Zone = Literal["green", "amber", "red", "unknown"]
Trend = Literal["rising", "stable", "falling"]
Irritability = Literal["low", "moderate", "high"]
Phase = Literal["foundation", "patterning", "strength"]
Unit = Literal["kg", "lb"]

_PHASE_ORDER: tuple[Phase, ...] = ("foundation", "patterning", "strength")
"""The catalog's PHASES, typed."""

_RULES: dict[str, Rule] = {rule.id: rule for rule in RULES}


# --- input fields: one clear message per bad value ---------------------------------

_M = TypeVar("_M", bound=BaseModel)
_T = TypeVar("_T")


def shown(value: object) -> str:
    """A value as it would appear in the JSON the user sent."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def integer_between(low: int, high: int) -> Callable[[object], int]:
    """A pydantic before-validator: a true integer (not a bool or 3.0) within range."""

    def check(value: object) -> int:
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


def _iso_date(value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"must be a date like 2026-11-02, got {shown(value)}")


def _tempo(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not TEMPO_RE.match(value):
        raise ValueError(f"must be a tempo like 3-1-2 (lower-pause-lift seconds, X for fast), "
                         f"got {shown(value)}")
    return value


Pain = Annotated[int, BeforeValidator(integer_between(0, 10))]
"""A 0-10 numeric pain rating."""
Rpe = Annotated[float, BeforeValidator(number_between(0, 10))]
RpeCap = Annotated[float, BeforeValidator(number_between(1, 10))]
SetCount = Annotated[int, BeforeValidator(integer_between(1, 10))]
RepCount = Annotated[int, BeforeValidator(integer_between(0, 100))]
Seconds = Annotated[int, BeforeValidator(integer_between(0, 600))]
Load = Annotated[float, BeforeValidator(number_between(0, 1000))]
Tempo = Annotated[str | None, BeforeValidator(_tempo)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]



def input_error(exc: ValidationError) -> InputError:
    """The first pydantic error as an ``InputError`` naming the dotted field path."""
    error = exc.errors()[0]
    return InputError(field=field_path(error["loc"]), message=_plain(error))


def field_path(loc: Iterable[int | str]) -> str:
    """``("history", 0, "pain_during")`` -> ``history[0].pain_during`` (as the intake
    errors name fields)."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def _plain(error: ErrorDetails) -> str:
    kind = error["type"]
    got = shown(error.get("input"))
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind == "literal_error":
        return f"must be one of {error.get('ctx', {}).get('expected', '?')}, got {got}"
    if kind in ("model_type", "model_attributes_type", "dataclass_type"):
        return f"must be an object, got {got}"
    if kind == "list_type":
        return f"must be a list, got {got}"
    if kind in ("string_type", "string_too_short"):
        return f"must be a non-empty string, got {got}"
    if kind == "bool_type":
        return f"must be true or false, got {got}"
    if kind == "too_long":
        return f"must have at most {error.get('ctx', {}).get('max_length', '?')} items"
    if kind == "too_short":
        return f"must have at least {error.get('ctx', {}).get('min_length', '?')} items"
    return f"{error['msg'][:1].lower()}{error['msg'][1:]}, got {got}"


def parse_model(model: type[_M], doc: object) -> _M:
    """Validate ``doc`` as ``model``; raise ``InputError`` for the first problem."""
    if not isinstance(doc, dict):
        raise InputError(field="", message=f"the input must be a JSON object, got {shown(doc)}")
    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        raise input_error(exc) from None


# --- equipment load steps ----------------------------------------------------------

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


def json_number(value: float | None) -> int | float | None:
    """A number for JSON: whole numbers without the trailing ``.0``."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


# --- tempo -------------------------------------------------------------------------


def tempo_parts(tempo: str) -> list[str]:
    """``"3-1-2"`` -> ``["3", "1", "2"]`` (lowering, bottom pause, lifting[, top pause])."""
    return tempo.split("-")


def eccentric_seconds(tempo: str | None) -> int:
    """Seconds of lowering (``X``, fast, counts as 0; no tempo counts as 0)."""
    return _seconds(tempo, 0)


def pause_seconds(tempo: str | None) -> int:
    """Seconds of the bottom pause (0 when there is no tempo)."""
    return _seconds(tempo, 1)


def _seconds(tempo: str | None, index: int) -> int:
    if tempo is None:
        return 0
    part = tempo_parts(tempo)[index]
    return 0 if part == "X" else int(part)


def _with(tempo: str, index: int, seconds: int) -> str:
    parts = tempo_parts(tempo)
    parts[index] = str(seconds)
    return "-".join(parts)


# --- the input -----------------------------------------------------------------------


class ContractModel(BaseModel):
    """An input model of the contract: unknown fields are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class CurrentPrescription(ContractModel):
    """The prescription now in use: ``reps`` or ``seconds`` (or both) set."""

    sets: SetCount
    reps: Annotated[int | None, BeforeValidator(nullable(integer_between(1, 100)))] = None
    seconds: Annotated[int | None, BeforeValidator(nullable(integer_between(1, 600)))] = None
    tempo: Tempo = None
    load: Annotated[float | None, BeforeValidator(nullable(number_between(0, 1000)))] = None
    rpe_max: Annotated[float | None, BeforeValidator(nullable(number_between(1, 10)))] = None

    @model_validator(mode="after")
    def _dose_is_set(self) -> CurrentPrescription:
        if self.reps is None and self.seconds is None:
            raise ValueError("needs reps or seconds")
        return self


class StartPrescription(ContractModel):
    """Optional: the prescription this ladder started from. After a load step tempo,
    sets, reps and seconds go back to these (never above the current values)."""

    sets: SetCount
    reps: Annotated[int | None, BeforeValidator(nullable(integer_between(1, 100)))] = None
    seconds: Annotated[int | None, BeforeValidator(nullable(integer_between(1, 600)))] = None
    tempo: Tempo = None


class SessionRecord(ContractModel):
    """One logged session at this prescription."""

    date: IsoDate
    sets: Annotated[int, BeforeValidator(integer_between(0, 10))]
    reps: list[RepCount] = Field(default_factory=list, max_length=10)
    seconds: list[Seconds] = Field(default_factory=list, max_length=10)
    """Optional: seconds held in each set (for holds)."""
    load: Annotated[float | None, BeforeValidator(nullable(number_between(0, 1000)))] = None
    rpe: Annotated[float | None, BeforeValidator(nullable(number_between(0, 10)))] = None
    pain_during: Pain
    pain_after: Pain
    pain_next_morning: Annotated[int | None,
                                 BeforeValidator(nullable(integer_between(0, 10)))] = None
    baseline_pain: Pain


class NextInput(ContractModel):
    """The contract's ``spinewise next`` input."""

    exercise: str = Field(min_length=1, max_length=80)
    unit: Unit = "kg"
    equipment: list[str] = Field(default_factory=list, max_length=len(EQUIPMENT))
    current: CurrentPrescription
    history: list[SessionRecord] = Field(default_factory=list, max_length=500)
    start: StartPrescription | None = None

    @field_validator("equipment")
    @classmethod
    def _known_equipment(cls, value: list[str]) -> list[str]:
        for item in value:
            if item not in EQUIPMENT:
                raise ValueError(f"{shown(item)} is not an equipment name "
                                 f"(one of {', '.join(EQUIPMENT)})")
        return value


def parse_next_input(doc: object) -> NextInput:
    """Validate a ``spinewise next`` document; ``InputError`` names the first bad field
    (``history[0].pain_during: must be an integer from 0 to 10, got 11``)."""
    return parse_model(NextInput, doc)


def known_exercise(exercise_id: str, catalog: Catalog) -> Exercise:
    """The catalog's exercise, or ``InputError`` naming the field ``exercise``."""
    exercise = catalog.get(exercise_id)
    if exercise is None:
        raise InputError(field="exercise",
                         message=f"{shown(exercise_id)} is not an exercise in the library")
    return exercise


# --- the output -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prescription:
    """Sets, dose, tempo, load and effort cap of one exercise."""

    sets: int
    reps: int | None
    seconds: int | None
    tempo: str | None
    load: float | None
    rpe_max: float | None

    @classmethod
    def of(cls, current: CurrentPrescription) -> Prescription:
        return cls(sets=current.sets, reps=current.reps, seconds=current.seconds,
                   tempo=current.tempo, load=current.load, rpe_max=current.rpe_max)

    @property
    def holds(self) -> bool:
        """Dosed in seconds (a hold or carry) rather than reps."""
        return self.reps is None


@dataclass(frozen=True, slots=True)
class NextPrescription:
    """The next prescription, what changed, the rule and the reason."""

    prescription: Prescription
    change: Change
    rule: str
    why: str

    def to_json(self) -> dict[str, Any]:
        """Exactly the contract's ``spinewise next`` answer."""
        p = self.prescription
        return {"sets": p.sets, "reps": p.reps, "seconds": p.seconds, "tempo": p.tempo,
                "load": json_number(p.load), "rpe_max": json_number(p.rpe_max), "change": self.change,
                "rule": self.rule, "why": self.why}


# --- pain response -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PainResponse:
    """A session's zone by the pain-monitoring model and the facts behind it."""

    zone: Zone
    reasons: tuple[str, ...]


def pain_response(session: SessionRecord) -> PainResponse:
    """Classify one session (REFERENCE §3).

    Red: pain during or after above ``PAIN_ACCEPTABLE_MAX`` (5), or next morning at
    least ``NEXT_MORNING_RED_RISE`` (2) above baseline. Amber: pain during or after
    more than ``PAIN_RISE_ALLOWANCE`` (2) above baseline, or next morning 1 above
    baseline. Unknown: otherwise fine but the next morning is not yet known. Green:
    the rest (during and after at most 5 and within 2 of baseline, next morning back
    to baseline or better).
    """
    base = session.baseline_pain
    red: list[str] = []
    amber: list[str] = []
    for label, pain in (("during", session.pain_during), ("after", session.pain_after)):
        if pain > PAIN_ACCEPTABLE_MAX:
            red.append(f"pain {label} {pain}/10 is above {PAIN_ACCEPTABLE_MAX}")
        elif pain - base > PAIN_RISE_ALLOWANCE:
            amber.append(f"pain {label} {pain}/10 is {pain - base} above your usual {base}")
    morning = session.pain_next_morning
    if morning is not None and morning - base >= NEXT_MORNING_RED_RISE:
        red.append(f"next morning {morning}/10 is {morning - base} above your usual {base}")
    elif morning is not None and morning > base:
        amber.append(f"next morning {morning}/10 had not settled to your usual {base}")
    if red:
        return PainResponse("red", tuple(red))
    if amber:
        return PainResponse("amber", tuple(amber))
    if morning is None:
        return PainResponse("unknown", ("next-morning pain not logged yet",))
    return PainResponse("green", ())


# --- week-to-week trend ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PainTrend:
    """Rising, stable or falling weekly pain, with the rule that says so and the
    numbers behind it (``detail``)."""

    trend: Trend
    rule: str
    detail: str

    @property
    def message(self) -> str:
        return _why(self.rule, self.detail)


def pain_trend(weekly_pains: Sequence[float]) -> PainTrend:
    """Compare the latest week's average pain with the mean of the (up to) two weeks
    before it: ``TREND_CHANGE_POINTS`` (1 point) or more higher is rising, as much
    lower is falling. Fewer than two weeks is stable (too little to tell)."""
    if len(weekly_pains) < 2:
        return PainTrend("stable", "PROG-TREND-STABLE", "too few weeks logged to tell")
    latest = weekly_pains[-1]
    before = list(weekly_pains[-3:-1])
    reference = sum(before) / len(before)
    difference = latest - reference
    detail = f"this week's average {latest:.1f}/10 against {reference:.1f}/10 before"
    if difference >= TREND_CHANGE_POINTS:
        return PainTrend("rising", "PROG-TREND-RISING", detail)
    if difference <= -TREND_CHANGE_POINTS:
        return PainTrend("falling", "PROG-TREND-FALLING", detail)
    return PainTrend("stable", "PROG-TREND-STABLE", detail)


def weekly_pains(history: Sequence[SessionRecord]) -> list[float]:
    """Weekly averages of each session's worst pain (during or after), oldest first;
    weeks are counted back in 7-day blocks from the latest session."""
    if not history:
        return []
    latest = max(s.date for s in history)
    weeks: dict[int, list[int]] = {}
    for session in history:
        weeks.setdefault((latest - session.date).days // 7, []).append(
            max(session.pain_during, session.pain_after))
    return [sum(p) / len(p) for _, p in sorted(weeks.items(), reverse=True)]


# --- flare-ups ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlareUpCheck:
    """Whether this is a flare-up, and which criteria said so."""

    flare_up: bool
    rule: str
    reasons: tuple[str, ...]


def is_flare_up(history: Sequence[SessionRecord], *, hours_above_usual: float | None = None,
                new_neuro_symptoms: bool = False) -> FlareUpCheck:
    """A flare-up is any of: new nerve symptoms (numbness, tingling, weakness, pain
    spreading down the leg); pain at least ``FLARE_UP_RISE`` (2) above usual for
    ``FLARE_UP_HOURS`` (48) hours or more (``hours_above_usual``, as the person
    reports it); or a red next-morning response (2+ above baseline) in each of the
    last two sessions."""
    reasons: list[str] = []
    if new_neuro_symptoms:
        reasons.append("new nerve symptoms")
    if hours_above_usual is not None and hours_above_usual >= FLARE_UP_HOURS:
        reasons.append(f"pain {FLARE_UP_RISE}+ above usual for {hours_above_usual:g} hours")
    ordered = sorted(history, key=lambda s: s.date)
    last_two = ordered[-2:]
    if len(last_two) == 2 and all(
            s.pain_next_morning is not None
            and s.pain_next_morning - s.baseline_pain >= NEXT_MORNING_RED_RISE
            for s in last_two):
        reasons.append("pain 2+ above usual the next morning after each of the last two sessions")
    return FlareUpCheck(bool(reasons), "PROG-FLARE-UP", tuple(reasons))


@dataclass(frozen=True, slots=True)
class FlareUpPlan:
    """The deload and the way back after a flare-up."""

    exercise: str
    prescription: Prescription
    phase: Phase
    weeks_back: int
    steps: tuple[str, ...]
    rules: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        p = self.prescription
        return {"exercise": self.exercise,
                "prescription": {"sets": p.sets, "reps": p.reps, "seconds": p.seconds,
                                 "tempo": p.tempo, "load": json_number(p.load),
                                 "rpe_max": json_number(p.rpe_max)},
                "phase": self.phase, "weeks_back": self.weeks_back,
                "steps": list(self.steps), "rules": list(self.rules)}


def _deload(current: Prescription, *, unit: Unit, equipment: str | None) -> Prescription:
    """Halve the sets (at least 1) and take about a fifth off the load; without load,
    take a third off the reps or hold time instead."""
    sets = max(1, current.sets // 2)
    load = current.load
    reps, seconds = current.reps, current.seconds
    lighter = (reduced_load(load, unit=unit, equipment=equipment, fraction=LOAD_CUT_AMBER)
               if load is not None else None)
    if lighter is not None:
        load = lighter
    elif current.holds and seconds is not None:
        seconds = max(5, (seconds * 2 // 3) // 5 * 5)
    elif reps is not None:
        reps = max(1, reps * 2 // 3)
    return replace(current, sets=sets, load=load, reps=reps, seconds=seconds)


def flare_up_plan(data: NextInput, *, catalog: Catalog, phase: Phase) -> FlareUpPlan:
    """The flare-up protocol: deload (sets halved, about a fifth off the load), swap
    to the exercise's first regression when it has one (start it light: load left
    open), step back one phase, and return over 1-2 weeks by re-climbing the ladder
    one rung per green session."""
    exercise = known_exercise(data.exercise, catalog)
    current = Prescription.of(data.current)
    kind = load_equipment(data.equipment or exercise.equipment)
    deloaded = _deload(current, unit=data.unit, equipment=kind)
    target = exercise.id
    if exercise.regressions:
        easier = catalog.get(exercise.regressions[0])
        target = exercise.regressions[0]
        deloaded = replace(deloaded, load=None,
                           tempo=easier.default_tempo if easier is not None else deloaded.tempo)
    back = _PHASE_ORDER[max(0, _PHASE_ORDER.index(phase) - 1)]
    steps = (
        f"This week: {_describe(deloaded)} of {target}, effort easy, plus daily walking.",
        "Each session that is green (pain during and after 5 or less, back to usual the "
        "next morning): climb one step back towards the pre-flare-up prescription.",
        f"Within 1-2 weeks: back to {_describe(current)} of {exercise.id}; "
        "if the flare-up returns, see a clinician.",
    )
    return FlareUpPlan(exercise=target, prescription=deloaded, phase=back,
                       weeks_back=2, steps=steps,
                       rules=("PROG-FLARE-UP", "PROG-FLARE-UP-RETURN"))


def _describe(p: Prescription) -> str:
    dose = f"{p.reps} reps" if p.reps is not None else f"{p.seconds} s"
    load = f" at {json_number(p.load)}" if p.load is not None else ""
    return f"{p.sets} x {dose}{load}"


# --- the next prescription -------------------------------------------------------------


def next_prescription(data: NextInput, *, catalog: Catalog) -> NextPrescription:
    """The next prescription for one exercise from its history at this prescription.

    In order: a flare-up deloads (``PROG-FLARE-UP``); a red latest session regresses
    one step (``PROG-REGRESS-RED``); amber holds; unknown next-morning pain, reps not
    all done or done lighter than planned hold (``PROG-HOLD-INCOMPLETE``); effort above
    ``rpe_max`` holds; pain rising week to week holds; otherwise one rung of the ladder
    is climbed (see the module docstring). No history: ``PROG-HOLD-NEW``. When nothing
    is left to lower (one set, no load, the shortest dose) a red or flare-up answer is
    ``hold`` and its ``why`` points to the easier exercise.
    """
    exercise = known_exercise(data.exercise, catalog)
    current = Prescription.of(data.current)
    kind = load_equipment(data.equipment or exercise.equipment)
    history = sorted(data.history, key=lambda s: s.date)
    if not history:
        return _hold(current, "PROG-HOLD-NEW", "")
    latest = history[-1]
    flare = is_flare_up(history)
    if flare.flare_up:
        deloaded = _deload(current, unit=data.unit, equipment=kind)
        easier = (f" Consider {exercise.regressions[0]} until it settles."
                  if exercise.regressions else "")
        # At the floor already (1 set, nothing to take off): nothing lowers, so it holds.
        change: Change = "regress" if deloaded != current else "hold"
        return NextPrescription(deloaded, change, "PROG-FLARE-UP",
                                _why("PROG-FLARE-UP", "; ".join(flare.reasons)) + easier)
    response = pain_response(latest)
    if response.zone == "red":
        return _regress(current, _base(data, exercise), unit=data.unit, equipment=kind,
                        reasons=response.reasons)
    if response.zone == "amber":
        return _hold(current, "PROG-HOLD-AMBER", "; ".join(response.reasons))
    incomplete = _incomplete(latest, current)
    if response.zone == "unknown":
        incomplete.insert(0, "next-morning pain not logged yet")
    if incomplete:
        return _hold(current, "PROG-HOLD-INCOMPLETE", "; ".join(incomplete))
    if current.rpe_max is not None and latest.rpe is not None and latest.rpe > current.rpe_max:
        return _hold(current, "PROG-HOLD-EFFORT", f"effort {json_number(latest.rpe)} "
                     f"against a cap of {json_number(current.rpe_max)}")
    trend = pain_trend(weekly_pains(history))
    if trend.trend == "rising":
        return _hold(current, "PROG-TREND-RISING", trend.detail)
    return _climb(current, _base(data, exercise), unit=data.unit, equipment=kind,
                  exercise=exercise)


def _why(rule_id: str, detail: str) -> str:
    message = _RULES[rule_id].message
    return f"{message.rstrip('.')} ({detail})." if detail else message


def _hold(current: Prescription, rule_id: str, detail: str) -> NextPrescription:
    return NextPrescription(current, "hold", rule_id, _why(rule_id, detail))


def _incomplete(session: SessionRecord, current: Prescription) -> list[str]:
    problems: list[str] = []
    if session.sets < current.sets:
        problems.append(f"{session.sets} of {current.sets} sets done")
    if current.reps is not None:
        done = session.reps[:current.sets]
        if len(done) < current.sets or any(r < current.reps for r in done):
            shown_reps = ", ".join(str(r) for r in session.reps) or "none logged"
            problems.append(f"reps done {shown_reps}, planned {current.reps} per set")
    elif current.seconds is not None and any(
            s < current.seconds for s in session.seconds[:current.sets]):
        problems.append(f"holds shorter than the planned {current.seconds} s")
    if (current.load is not None and session.load is not None
            and session.load < current.load - 1e-9):
        problems.append(f"done at {json_number(session.load)} instead of {json_number(current.load)}")
    if current.rpe_max is not None and session.rpe is None:
        problems.append("effort (RPE) not logged")
    return problems


def _base(data: NextInput, exercise: Exercise) -> Prescription:
    """The prescription the ladder resets to after a load step (never above current)."""
    cur = data.current
    start = data.start
    sets = start.sets if start else BASE_SETS
    reps = (start.reps if start and start.reps is not None else BASE_REPS)
    seconds = (start.seconds if start and start.seconds is not None else BASE_HOLD_SECONDS)
    tempo = start.tempo if start and start.tempo else exercise.default_tempo
    return Prescription(
        sets=min(sets, cur.sets),
        reps=min(reps, cur.reps) if cur.reps is not None else None,
        seconds=min(seconds, cur.seconds) if cur.seconds is not None else None,
        tempo=_reset_tempo(cur.tempo, tempo), load=cur.load, rpe_max=cur.rpe_max)


def _reset_tempo(current: str | None, base: str | None) -> str | None:
    """``current`` with its lowering and bottom pause brought back down to ``base``
    (never up: a base slower than the current tempo leaves it as it is)."""
    if current is None or base is None:
        return current
    parts = tempo_parts(current)
    for index in (0, 1):
        if _seconds(base, index) < _seconds(current, index):
            parts[index] = tempo_parts(base)[index]
    return "-".join(parts)


def _climb(current: Prescription, base: Prescription, *, unit: Unit, equipment: str | None,
           exercise: Exercise) -> NextPrescription:
    """One rung up: the first variable on the ladder that still has room."""
    tempo = current.tempo
    if tempo is not None and not current.holds:
        eccentric = eccentric_seconds(tempo)
        if eccentric < ECCENTRIC_MAX_SECONDS:
            slower = max(eccentric + 1, 2)
            return _rung(replace(current, tempo=_with(tempo, 0, slower)), "tempo",
                         "PROG-LADDER-TEMPO", f"lowering {eccentric} -> {slower} s")
        pause = pause_seconds(tempo)
        if pause < BOTTOM_PAUSE_MAX_SECONDS:
            return _rung(replace(current, tempo=_with(tempo, 1, pause + 1)), "pause",
                         "PROG-LADDER-PAUSE", f"bottom pause {pause} -> {pause + 1} s")
    if current.sets < SETS_MAX:
        return _rung(replace(current, sets=current.sets + 1), "sets", "PROG-LADDER-SETS",
                     f"{current.sets} -> {current.sets + 1} sets")
    if current.reps is not None and current.reps < REPS_MAX:
        more = min(REPS_MAX, current.reps + REPS_STEP)
        return _rung(replace(current, reps=more), "reps", "PROG-LADDER-REPS",
                     f"{current.reps} -> {more} reps")
    if current.holds and current.seconds is not None and current.seconds < HOLD_SECONDS_MAX:
        longer = min(HOLD_SECONDS_MAX, current.seconds + HOLD_SECONDS_STEP)
        return _rung(replace(current, seconds=longer), "reps", "PROG-LADDER-HOLD-TIME",
                     f"{current.seconds} -> {longer} s")
    heavier = (load_step_up(current.load, unit=unit, equipment=equipment)
               if current.load is not None else None)
    if heavier is not None and current.load is not None:
        reset = replace(base, load=heavier, rpe_max=current.rpe_max)
        return _rung(reset, "load", "PROG-LADDER-LOAD",
                     f"{json_number(current.load)} -> {json_number(heavier)} {unit}; back to "
                     f"{_describe(replace(reset, load=None))}"
                     + (f", tempo {reset.tempo}" if reset.tempo else ""))
    harder = (f"next: {exercise.progressions[0]}" if exercise.progressions
              else "no harder version in the library")
    return _hold(current, "PROG-LADDER-TOP", harder)


def _rung(after: Prescription, change: Change, rule_id: str, detail: str) -> NextPrescription:
    return NextPrescription(after, change, rule_id, _why(rule_id, detail))


def _regress(current: Prescription, base: Prescription, *, unit: Unit, equipment: str | None,
             reasons: Sequence[str]) -> NextPrescription:
    """One step back: the load down one step when there is load; otherwise the last
    ladder rung above the base comes off (reps or hold time, sets, pause, lowering);
    at the base, one set (or 2 reps, or 5 s) less."""
    detail = "; ".join(reasons)

    def back(after: Prescription, what: str) -> NextPrescription:
        return NextPrescription(after, "regress", "PROG-REGRESS-RED",
                                _why("PROG-REGRESS-RED", f"{detail}; {what}"))

    if current.load is not None:
        lighter = load_step_down(current.load, unit=unit, equipment=equipment)
        if lighter is not None:
            return back(replace(current, load=lighter),
                        f"load {json_number(current.load)} -> {json_number(lighter)} {unit}")
    if current.reps is not None and base.reps is not None and current.reps > base.reps:
        fewer = max(base.reps, current.reps - REPS_STEP)
        return back(replace(current, reps=fewer), f"{current.reps} -> {fewer} reps")
    if (current.holds and current.seconds is not None and base.seconds is not None
            and current.seconds > base.seconds):
        shorter = max(base.seconds, current.seconds - HOLD_SECONDS_STEP)
        return back(replace(current, seconds=shorter), f"{current.seconds} -> {shorter} s")
    if current.sets > base.sets:
        return back(replace(current, sets=current.sets - 1),
                    f"{current.sets} -> {current.sets - 1} sets")
    tempo = current.tempo
    if tempo is not None and pause_seconds(tempo) > pause_seconds(base.tempo):
        pause = pause_seconds(tempo)
        return back(replace(current, tempo=_with(tempo, 1, pause - 1)),
                    f"bottom pause {pause} -> {pause - 1} s")
    if tempo is not None and eccentric_seconds(tempo) > max(eccentric_seconds(base.tempo), 1):
        eccentric = eccentric_seconds(tempo)
        return back(replace(current, tempo=_with(tempo, 0, eccentric - 1)),
                    f"lowering {eccentric} -> {eccentric - 1} s")
    if current.sets > 1:
        return back(replace(current, sets=current.sets - 1),
                    f"{current.sets} -> {current.sets - 1} sets")
    if current.reps is not None and current.reps > 1:
        fewer = max(1, current.reps - REPS_STEP)
        return back(replace(current, reps=fewer), f"{current.reps} -> {fewer} reps")
    if current.seconds is not None and current.seconds > HOLD_SECONDS_STEP:
        shorter = current.seconds - HOLD_SECONDS_STEP
        return back(replace(current, seconds=shorter), f"{current.seconds} -> {shorter} s")
    return NextPrescription(current, "hold", "PROG-REGRESS-RED",
                            _why("PROG-REGRESS-RED",
                                 f"{detail}; nothing left to lower: switch to an easier "
                                 "exercise"))


def raised_variables(before: Prescription, after: Prescription) -> list[str]:
    """Which ladder variables rose from ``before`` to ``after`` (lowering seconds,
    bottom pause, sets, reps, hold seconds, load)."""
    raised: list[str] = []
    if eccentric_seconds(after.tempo) > eccentric_seconds(before.tempo):
        raised.append("tempo")
    if pause_seconds(after.tempo) > pause_seconds(before.tempo):
        raised.append("pause")
    if after.sets > before.sets:
        raised.append("sets")
    if (after.reps or 0) > (before.reps or 0):
        raised.append("reps")
    if (after.seconds or 0) > (before.seconds or 0):
        raised.append("seconds")
    if (after.load or 0.0) > (before.load or 0.0):
        raised.append("load")
    return raised


# --- phase readiness ---------------------------------------------------------------------


class EnduranceTest(ContractModel):
    """McGill's trunk endurance tests: hold times in seconds."""

    flexor: Annotated[float, BeforeValidator(number_between(1, 600))]
    extensor: Annotated[float, BeforeValidator(number_between(1, 600))]
    side_bridge_right: Annotated[float, BeforeValidator(number_between(1, 600))]
    side_bridge_left: Annotated[float, BeforeValidator(number_between(1, 600))]


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule that applies, with its message for this person."""

    rule: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message}


@dataclass(frozen=True, slots=True)
class McGillEnduranceResult:
    """The endurance ratios and their flags. ``usable`` is false (and there are no
    ratios) when irritability is not low: the maximal holds are then not done."""

    usable: bool
    ratios: dict[str, float]
    findings: tuple[Finding, ...]

    @property
    def balanced(self) -> bool:
        return self.usable and all(f.rule == "PROG-ENDURANCE-RATIOS" for f in self.findings)


def assess_endurance(test: EnduranceTest, *, irritability: Irritability) -> McGillEnduranceResult:
    """McGill's ratio flags: flexion:extension above ``FLEXION_EXTENSION_MAX`` (1.0),
    right:left side bridge outside ``SIDE_BALANCE_LOW``-``SIDE_BALANCE_HIGH``
    (0.95-1.05), either side bridge:extension above ``SIDE_EXTENSION_MAX`` (0.75).
    Used only when irritability is low."""
    if irritability != "low":
        return McGillEnduranceResult(False, {}, (
            Finding("PROG-ENDURANCE-NOT-NOW", _RULES["PROG-ENDURANCE-NOT-NOW"].message),))
    ratios = {
        "flexion_extension": round(test.flexor / test.extensor, 2),
        "right_left": round(test.side_bridge_right / test.side_bridge_left, 2),
        "side_right_extension": round(test.side_bridge_right / test.extensor, 2),
        "side_left_extension": round(test.side_bridge_left / test.extensor, 2),
    }
    findings: list[Finding] = []
    if ratios["flexion_extension"] > FLEXION_EXTENSION_MAX:
        findings.append(_finding("PROG-ENDURANCE-FLEX-EXT",
                                 f"flexion:extension {ratios['flexion_extension']}"))
    if not SIDE_BALANCE_LOW <= ratios["right_left"] <= SIDE_BALANCE_HIGH:
        weaker = ("left" if test.side_bridge_left < test.side_bridge_right else "right")
        findings.append(_finding("PROG-ENDURANCE-SIDE-BALANCE",
                                 f"right:left {ratios['right_left']}, weaker side {weaker}"))
    worst = max(ratios["side_right_extension"], ratios["side_left_extension"])
    if worst > SIDE_EXTENSION_MAX:
        findings.append(_finding("PROG-ENDURANCE-SIDE-EXT", f"side bridge:extension {worst}"))
    if not findings:
        findings.append(_finding("PROG-ENDURANCE-RATIOS", ""))
    return McGillEnduranceResult(True, ratios, tuple(findings))


def _finding(rule_id: str, detail: str) -> Finding:
    return Finding(rule_id, _why(rule_id, detail))


@dataclass(frozen=True, slots=True)
class Criterion:
    """One check for moving to the next phase: met or missed, and why."""

    rule: str
    met: bool
    message: str


@dataclass(frozen=True, slots=True)
class PhaseReadiness:
    """Advance or stay, the next phase, and every criterion met or missed."""

    phase: Phase
    decision: Literal["advance", "stay"]
    next_phase: Phase | None
    rule: str
    criteria: tuple[Criterion, ...]

    def to_json(self) -> dict[str, Any]:
        return {"phase": self.phase, "decision": self.decision, "next_phase": self.next_phase,
                "rule": self.rule,
                "criteria": [{"rule": c.rule, "met": c.met, "message": c.message}
                             for c in self.criteria]}


def phase_readiness(phase: Phase, *, weeks_in_phase: int, weeks_since_flare_up: int | None,
                    adherence: float, pain_trend: Trend,
                    endurance: McGillEnduranceResult | None,
                    irritability: Irritability) -> PhaseReadiness:
    """Whether to move from ``phase`` to the next one. Every criterion must be met:
    at least ``MIN_WEEKS_IN_PHASE`` (3) weeks in the phase; no flare-up in the last
    ``FLARE_UP_CLEAR_WEEKS`` (2) weeks (``None``: never had one); adherence at least
    ``ADHERENCE_MIN`` (75%); pain not rising week to week; irritability not high (to
    patterning) or low (to strength); and, to strength only, McGill's endurance
    ratios tested (at low irritability) and in range. The strength phase is the last."""
    if weeks_in_phase < 0:
        raise InputError("weeks_in_phase", f"must be 0 or more, got {weeks_in_phase}")
    if not 0.0 <= adherence <= 1.0:
        raise InputError("adherence", f"must be a number from 0 to 1, got {adherence}")
    if phase == "strength":
        return PhaseReadiness(phase, "stay", None, "PROG-PHASE-TOP", ())
    target: Phase = "patterning" if phase == "foundation" else "strength"
    criteria = [
        Criterion("PROG-PHASE-MIN-WEEKS", weeks_in_phase >= MIN_WEEKS_IN_PHASE,
                  f"{weeks_in_phase} of at least {MIN_WEEKS_IN_PHASE} weeks in {phase}"),
        Criterion("PROG-PHASE-NO-FLARE-UP",
                  weeks_since_flare_up is None or weeks_since_flare_up >= FLARE_UP_CLEAR_WEEKS,
                  "no flare-up so far" if weeks_since_flare_up is None else
                  f"last flare-up {weeks_since_flare_up} week(s) ago "
                  f"(at least {FLARE_UP_CLEAR_WEEKS} needed)"),
        Criterion("PROG-PHASE-ADHERENCE", adherence >= ADHERENCE_MIN,
                  f"{adherence:.0%} of planned sessions done "
                  f"(at least {ADHERENCE_MIN:.0%} needed)"),
        Criterion("PROG-PHASE-PAIN-TREND", pain_trend != "rising",
                  f"pain trend week to week: {pain_trend}"),
        Criterion("PROG-PHASE-IRRITABILITY",
                  irritability != "high" if target == "patterning" else irritability == "low",
                  f"irritability {irritability} "
                  f"({'not high' if target == 'patterning' else 'low'} needed for {target})"),
    ]
    if target == "strength":
        if endurance is None or not endurance.usable:
            criteria.append(Criterion("PROG-PHASE-ENDURANCE", False,
                                      "McGill endurance tests not done yet "
                                      "(they are done when irritability is low)"))
        else:
            flags = [f.message for f in endurance.findings if f.rule != "PROG-ENDURANCE-RATIOS"]
            criteria.append(Criterion("PROG-PHASE-ENDURANCE", not flags,
                                      "; ".join(flags) if flags else "endurance ratios in range"))
    ready = all(c.met for c in criteria)
    return PhaseReadiness(phase, "advance" if ready else "stay", target if ready else None,
                          "PROG-PHASE-ADVANCE" if ready else "PROG-PHASE-STAY", tuple(criteria))


# --- outcome measures ---------------------------------------------------------------------


class PsfsActivity(ContractModel):
    """One activity the person names, rated 0 (cannot do) to 10 (as before)."""

    activity: str = Field(min_length=1, max_length=120)
    score: Annotated[int, BeforeValidator(integer_between(0, 10))]


class PsfsAssessment(ContractModel):
    """The Patient-Specific Functional Scale: 3-5 activities, each 0-10."""

    activities: list[PsfsActivity] = Field(min_length=3, max_length=5)

    @property
    def mean(self) -> float:
        return sum(a.score for a in self.activities) / len(self.activities)


@dataclass(frozen=True, slots=True)
class OutcomeChange:
    """A change in an outcome measure and whether it is meaningful."""

    measure: Literal["nprs", "psfs"]
    before: float
    after: float
    direction: Literal["better", "worse", "no_change"]
    meaningful: bool
    rule: str
    message: str


def nprs_change(before: int, after: int) -> OutcomeChange:
    """Pain (0-10, lower is better): a change of ``NPRS_MEANINGFUL_POINTS`` (2) points
    or ``NPRS_MEANINGFUL_FRACTION`` (30%) of the starting score is meaningful."""
    for name, value in (("before", before), ("after", after)):
        if not 0 <= value <= 10:
            raise InputError(name, f"must be an integer from 0 to 10, got {value}")
    change = after - before
    meaningful = abs(change) >= NPRS_MEANINGFUL_POINTS or (
        before > 0 and abs(change) / before >= NPRS_MEANINGFUL_FRACTION)
    direction: Literal["better", "worse", "no_change"] = (
        "better" if change < 0 else "worse" if change > 0 else "no_change")
    return OutcomeChange("nprs", before, after, direction, meaningful, "PROG-OUTCOME-NPRS",
                         f"pain {before} -> {after}/10: "
                         f"{'a meaningful' if meaningful else 'not yet a meaningful'} change")


def psfs_change(before: PsfsAssessment, after: PsfsAssessment) -> OutcomeChange:
    """Function (PSFS mean, higher is better): ``PSFS_MEANINGFUL_POINTS`` (2) or more
    is a meaningful change."""
    change = after.mean - before.mean
    meaningful = abs(change) >= PSFS_MEANINGFUL_POINTS
    direction: Literal["better", "worse", "no_change"] = (
        "better" if change > 0 else "worse" if change < 0 else "no_change")
    return OutcomeChange("psfs", round(before.mean, 2), round(after.mean, 2), direction,
                         meaningful, "PROG-OUTCOME-PSFS",
                         f"activities score {before.mean:.1f} -> {after.mean:.1f}/10: "
                         f"{'a meaningful' if meaningful else 'not yet a meaningful'} change")
