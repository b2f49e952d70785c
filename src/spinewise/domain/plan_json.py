"""A saved plan read back: ``PlanResult.to_json()`` -> the planner's own types.

The store keeps each plan exactly as it was prescribed, as the JSON of
``PlanResult.to_json()``. The training loop reads it back here, once, into ``Week``,
``Session``, ``Block``, ``PlanItem`` (with its ``Prescription``), ``PhaseSpan`` and
``Guidance``, checking every value on the way, so that use cases work on typed objects
and never walk the JSON.

Tolerant by design, because saved plans outlive the code that wrote them: keys this
reader does not know are ignored (newer sections of a plan), and optional keys that
are missing take the planner's defaults (``per_side`` false, ``deload`` false, no
``overload`` note, no ``replaces`` or ``belt``, ``rest_seconds`` 0, which the planner
itself writes for warm-ups and cool-downs). A value of the wrong kind raises
``InputError`` naming its place in the plan (``weeks[2].sessions[0].focus``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar, get_args

from spinewise.domain.adjustments import Adjustment, CoachLayer, Shape, apply_adjustments
from spinewise.domain.catalog import PHASES, TEMPO_RE, Phase
from spinewise.domain.contract_input import Location, field_path
from spinewise.domain.errors import InputError
from spinewise.domain.json_values import shown
from spinewise.domain.planner import (
    Block,
    BlockKind,
    Focus,
    Guidance,
    GuidanceSection,
    PhaseSpan,
    PlanItem,
    PlanResult,
    Prescription,
    Session,
    Week,
)
from spinewise.domain.screening import LEVELS, Level, Reason

_T = TypeVar("_T")

BLOCK_KINDS: tuple[BlockKind, ...] = get_args(BlockKind)
FOCI: tuple[Focus, ...] = get_args(Focus)
"""Read from the planner's own literals, so a kind or focus it learns is read too."""


@dataclass(frozen=True, slots=True)
class SavedPlan:
    """What a saved plan holds for the training loop: its level and reasons, its weeks
    (sessions, blocks and prescriptions), its phases and its guidance. The screening's
    other details are kept in the screening record, not here."""

    level: Level
    reasons: list[Reason] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)
    phases: list[PhaseSpan] = field(default_factory=list)
    guidance: list[Guidance] = field(default_factory=list)
    coach: CoachLayer = field(default_factory=CoachLayer)
    """A coach's adjustments, already applied to ``weeks`` (``domain.adjustments``)."""

    def adjusted(self, adjustments: list[Adjustment], shapes: Mapping[str, Shape] | None = None) -> SavedPlan:
        """This plan with a coach's adjustments applied (the generated plan unchanged)."""
        if not adjustments:
            return self
        weeks, layer = apply_adjustments(self.weeks, adjustments, shapes)
        return SavedPlan(self.level, self.reasons, weeks, self.phases, self.guidance, layer)

    @property
    def has_plan(self) -> bool:
        return bool(self.weeks)

    def phase_span(self, phase: Phase) -> PhaseSpan | None:
        """The weeks ``phase`` was planned to run (``None`` when the plan has no such phase)."""
        return next((span for span in self.phases if span.phase == phase), None)

    @staticmethod
    def of(result: PlanResult) -> SavedPlan:
        """The saved form of a freshly built plan (what ``plan_from_json`` reads back)."""
        return SavedPlan(result.screening.level, list(result.screening.reasons), result.weeks,
                         result.phases, result.guidance)


def plan_from_json(document: object) -> SavedPlan:
    """Read a saved plan (``PlanResult.to_json()``) back into the planner's types."""
    plan = _object(document, ())
    return SavedPlan(
        level=_choice(plan, "level", LEVELS, ()),
        reasons=[_reason(r, at) for r, at in _objects(plan, "reasons", (), required=False)],
        weeks=[_week(w, at) for w, at in _objects(plan, "weeks", ())],
        phases=[_phase_span(p, at) for p, at in _objects(plan, "phases", (), required=False)],
        guidance=[_guidance(g, at) for g, at in _objects(plan, "guidance", (), required=False)],
    )


def _reason(doc: Mapping[str, object], at: Location) -> Reason:
    return Reason(_text(doc, "rule", at), _text(doc, "level", at), _text(doc, "message", at))


def _week(doc: Mapping[str, object], at: Location) -> Week:
    return Week(week=_integer(doc, "week", at, low=1), phase=_choice(doc, "phase", PHASES, at),
                sessions=[_session(s, where) for s, where in _objects(doc, "sessions", at)],
                deload=_flag(doc, "deload", at), overload=_text(doc, "overload", at, default=""))


def _session(doc: Mapping[str, object], at: Location) -> Session:
    return Session(day=_integer(doc, "day", at, low=1), focus=_choice(doc, "focus", FOCI, at),
                   blocks=[_block(b, where) for b, where in _objects(doc, "blocks", at)])


def _block(doc: Mapping[str, object], at: Location) -> Block:
    return Block(kind=_choice(doc, "kind", BLOCK_KINDS, at),
                 items=[_item(i, where) for i, where in _objects(doc, "items", at)])


def _item(doc: Mapping[str, object], at: Location) -> PlanItem:
    """One item: checked in one pass (a plan holds about a thousand), and read again
    field by field only when something is wrong, to name the first wrong value."""
    get = doc.get
    exercise, why, sets, reps, seconds = get("exercise"), get("why"), get("sets"), get("reps"), get("seconds")
    tempo, rpe_max, rest = get("tempo"), get("rpe_max"), get("rest_seconds", 0)
    per_side, replaces, belt = get("per_side", False), get("replaces"), get("belt")
    if (type(exercise) is str and type(why) is str and type(sets) is int and sets >= 1
            and (reps is None or (type(reps) is int and reps >= 1))
            and (seconds is None or (type(seconds) is int and seconds >= 1))
            and (tempo is None or (type(tempo) is str and TEMPO_RE.match(tempo) is not None))
            and (rpe_max is None or (type(rpe_max) is int and 1 <= rpe_max <= 10))
            and type(rest) is int and rest >= 0 and type(per_side) is bool
            and (replaces is None or type(replaces) is str) and (belt is None or type(belt) is str)):
        return PlanItem(exercise, Prescription(sets, reps, seconds, tempo, rpe_max, rest, per_side),
                        why, replaces, belt)
    return _item_checked(doc, at)


def _item_checked(doc: Mapping[str, object], at: Location) -> PlanItem:
    """``_item`` field by field: the first wrong value raises ``InputError``."""
    tempo = _optional_text(doc, "tempo", at)
    if tempo is not None and not TEMPO_RE.match(tempo):
        raise InputError(field_path((*at, "tempo")), f"must be a tempo like 3-1-2, got {shown(tempo)}")
    rx = Prescription(sets=_integer(doc, "sets", at, low=1),
                      reps=_optional_integer(doc, "reps", at, low=1),
                      seconds=_optional_integer(doc, "seconds", at, low=1), tempo=tempo,
                      rpe_max=_optional_integer(doc, "rpe_max", at, low=1, high=10),
                      rest_seconds=_integer(doc, "rest_seconds", at, low=0, default=0),
                      per_side=_flag(doc, "per_side", at))
    return PlanItem(exercise=_text(doc, "exercise", at), rx=rx, why=_text(doc, "why", at),
                    replaces=_optional_text(doc, "replaces", at),
                    belt=_optional_text(doc, "belt", at))


def _phase_span(doc: Mapping[str, object], at: Location) -> PhaseSpan:
    weeks = _list(doc, "weeks", at)
    if len(weeks) != 2:
        raise InputError(field_path((*at, "weeks")), f"must be [first week, last week], got {shown(weeks)}")
    first, last = (_whole(w, (*at, "weeks", i), low=1) for i, w in enumerate(weeks))
    criteria = _list(doc, "entry_criteria", at, required=False)
    return PhaseSpan(phase=_choice(doc, "phase", PHASES, at), first_week=first, last_week=last,
                     goal=_text(doc, "goal", at, default=""),
                     entry_criteria=tuple(_string(c, (*at, "entry_criteria", i))
                                          for i, c in enumerate(criteria)))


_GUIDANCE_SECTIONS: tuple[GuidanceSection, ...] = ("reading", "pain", "plan", "daily")


def _guidance(doc: Mapping[str, object], at: Location) -> Guidance:
    """A guidance entry; plans saved before guidance had sections read as ``plan``."""
    section = _choice(doc, "section", _GUIDANCE_SECTIONS, at) if "section" in doc else "plan"
    return Guidance(rule=_text(doc, "rule", at), topic=_text(doc, "topic", at),
                    message=_text(doc, "message", at), section=section)


# --- reading one value -------------------------------------------------------------
# Plain functions over the decoded JSON: a saved plan holds about a thousand items and
# is read on every request that needs it, so the place of a value in the plan is kept
# as a tuple and only written out (``weeks[0].sessions[1]``) when a value is wrong.

_MISSING = object()


def _value(doc: Mapping[str, object], key: str, at: Location, default: object) -> object:
    value = doc.get(key, _MISSING)
    if value is _MISSING:
        if default is _MISSING:
            raise InputError(field_path((*at, key)), "is missing")
        return default
    return value


def _object(value: object, at: Location) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise InputError(field_path(at), f"must be an object, got {shown(value)}")
    return value


def _whole(value: object, at: Location, *, low: int, high: int | None = None) -> int:
    """A true integer (not a bool, not 3.0) from ``low`` up (to ``high``)."""
    if type(value) is not int or value < low or (high is not None and value > high):
        within = f"from {low} to {high}" if high is not None else f"of {low} or more"
        raise InputError(field_path(at), f"must be an integer {within}, got {shown(value)}")
    return value


def _string(value: object, at: Location) -> str:
    if not isinstance(value, str):
        raise InputError(field_path(at), f"must be text, got {shown(value)}")
    return value


def _integer(doc: Mapping[str, object], key: str, at: Location, *, low: int,
             high: int | None = None, default: int | None = None) -> int:
    value = _value(doc, key, at, _MISSING if default is None else default)
    if type(value) is int and value >= low and (high is None or value <= high):
        return value
    return _whole(value, (*at, key), low=low, high=high)


def _optional_integer(doc: Mapping[str, object], key: str, at: Location, *, low: int,
                      high: int | None = None) -> int | None:
    value = doc.get(key)
    return None if value is None else _whole(value, (*at, key), low=low, high=high)


def _text(doc: Mapping[str, object], key: str, at: Location, *, default: str | None = None) -> str:
    value = _value(doc, key, at, _MISSING if default is None else default)
    return value if isinstance(value, str) else _string(value, (*at, key))


def _optional_text(doc: Mapping[str, object], key: str, at: Location) -> str | None:
    value = doc.get(key)
    if value is None or isinstance(value, str):
        return value
    return _string(value, (*at, key))


def _flag(doc: Mapping[str, object], key: str, at: Location) -> bool:
    """A true/false value; missing means false."""
    value = doc.get(key, False)
    if not isinstance(value, bool):
        raise InputError(field_path((*at, key)), f"must be true or false, got {shown(value)}")
    return value


def _choice(doc: Mapping[str, object], key: str, choices: tuple[_T, ...], at: Location) -> _T:
    value = _value(doc, key, at, _MISSING)
    for known in choices:
        if value == known:
            return known
    raise InputError(field_path((*at, key)), f"must be one of {', '.join(map(str, choices))}, "
                                             f"got {shown(value)}")


def _list(doc: Mapping[str, object], key: str, at: Location, *, required: bool = True) -> list[object]:
    value = _value(doc, key, at, _MISSING if required else [])
    if not isinstance(value, list):
        raise InputError(field_path((*at, key)), f"must be a list, got {shown(value)}")
    return value


def _objects(doc: Mapping[str, object], key: str, at: Location, *,
             required: bool = True) -> list[tuple[Mapping[str, object], Location]]:
    """The list at ``key``, each entry an object, with its place in the plan."""
    out: list[tuple[Mapping[str, object], Location]] = []
    for i, entry in enumerate(_list(doc, key, at, required=required)):
        where = (*at, key, i)
        out.append((_object(entry, where), where))
    return out
