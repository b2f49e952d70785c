"""The intake: what a lifter tells spinewise before screening and planning.

The model follows the contract's ``intake.schema.json`` exactly: every document the
schema accepts is accepted here, every one it rejects is rejected with an
``InputError`` naming the field (``pain.now: must be an integer from 0 to 10, got 11``).
Every boolean defaults to false and every optional object to empty.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from spinewise.domain.errors import InputError

Equipment = Literal[
    "bodyweight", "barbell", "trap_bar", "dumbbells", "kettlebells", "cable", "bands",
    "bench", "pullup_bar", "machines", "lifting_blocks", "slant_board", "neutral_grip_bar",
    "landmine", "treadmill", "bike", "foam_roller", "belt",
]
Goal = Literal["pain_relief", "strength", "muscle", "sport", "general_fitness"]
Experience = Literal["none", "beginner", "intermediate", "advanced"]
Onset = Literal["gradual", "lifting_or_strain", "minor_trauma", "major_trauma", "unknown"]
Bothersomeness = Literal["not_at_all", "slightly", "moderately", "very_much", "extremely"]


def _json_integer(value: Any) -> Any:
    """JSON Schema's ``integer`` accepts 3.0 as well as 3, but never ``true``."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def _json_number(value: Any) -> Any:
    if isinstance(value, bool):
        return value  # rejected by strict float
    if isinstance(value, int):
        return float(value)
    return value


def _unique(value: Any) -> Any:
    if isinstance(value, list):
        seen: list[Any] = []
        for item in value:
            if item in seen:
                raise ValueError(f"must not repeat items, {item!r} appears twice")
            seen.append(item)
    return value


Nrs = Annotated[int, BeforeValidator(_json_integer), Field(ge=0, le=10, strict=True)]
Flag = Annotated[bool, Field(strict=True)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nulls(cls, value: Any) -> Any:
        """The contract has no nullable field: a JSON ``null`` is never a valid answer."""
        if value is None:
            raise PydanticCustomError("null_not_allowed", "must not be null")
        return value


class Pain(_Section):
    now: Nrs = Field(description="Pain right now, 0-10 numeric rating scale.")
    average_week: Nrs | None = None
    worst_week: Nrs | None = None
    duration_weeks: Annotated[float, BeforeValidator(_json_number), Field(ge=0, le=5200)] | None = None
    settles_within_hours: Annotated[float, BeforeValidator(_json_number), Field(ge=0, le=168)] | None = Field(
        default=None,
        description="After something flares it, how many hours until it settles back to usual.")


class RedFlags(_Section):
    saddle_numbness: Flag = False
    bladder_change: Flag = False
    bowel_incontinence: Flag = False
    sexual_dysfunction: Flag = False
    bilateral_leg_symptoms: Flag = False
    progressive_weakness: Flag = False
    pulsating_abdomen: Flag = False
    cancer_history: Flag = False
    unexplained_weight_loss: Flag = False
    fever_or_chills: Flag = False
    immunosuppressed: Flag = False
    iv_drug_use: Flag = False
    recent_infection: Flag = False
    osteoporosis: Flag = False
    long_term_steroids: Flag = False
    night_pain_unrelieved: Flag = False
    constant_progressive_pain: Flag = False
    morning_stiffness_over_30min: Flag = False
    systemically_unwell: Flag = False


class Symptoms(_Section):
    leg_pain: Flag = False
    pain_below_knee: Flag = False
    sharp_shooting_leg_pain: Flag = False
    numbness_or_tingling: Flag = False
    numbness_explained: Flag = False
    one_sided_weakness: Flag = False
    worse_with_light_activity: Flag = False
    neck_or_shoulder_pain: Flag = False
    localized_tender_muscle: Flag = False


class Aggravating(_Section):
    sitting: Flag = False
    bending_forward: Flag = False
    lifting: Flag = False
    cough_sneeze: Flag = False
    morning: Flag = False
    standing_long: Flag = False
    walking: Flag = False
    arching_back: Flag = False
    overhead: Flag = False
    twisting: Flag = False
    lying_flat: Flag = False


class Easing(_Section):
    sitting: Flag = False
    bending_forward: Flag = False
    walking: Flag = False
    standing: Flag = False
    lying_down: Flag = False
    movement: Flag = False
    rest: Flag = False


class Psychosocial(_Section):
    """The topics of the Keele STarT Back tool's items 3-9, asked in spinewise's own words."""

    walked_only_short_distances: Flag = False
    dressed_more_slowly: Flag = False
    unsafe_to_be_active: Flag = False
    worrying_thoughts: Flag = False
    never_get_better: Flag = False
    lost_enjoyment: Flag = False
    bothersomeness: Bothersomeness | None = None


class Training(_Section):
    experience: Experience = "beginner"
    days_per_week: Annotated[int, BeforeValidator(_json_integer), Field(ge=2, le=6, strict=True)] = 3
    session_minutes: Annotated[int, BeforeValidator(_json_integer), Field(ge=20, le=150, strict=True)] = 60
    equipment: Annotated[list[Equipment], BeforeValidator(_unique)] = ["bodyweight"]
    goals: Annotated[list[Goal], BeforeValidator(_unique)] = ["pain_relief", "strength"]


class Intake(_Section):
    """One intake document (contract v1)."""

    schema_version: Literal[1] | None = None
    age: Annotated[int, BeforeValidator(_json_integer), Field(ge=16, le=100, strict=True)]
    units: Literal["kg", "lb"] = "kg"
    pain: Pain
    onset: Onset = "unknown"
    clinician_cleared: Flag = False
    red_flags: RedFlags = RedFlags()
    symptoms: Symptoms = Symptoms()
    aggravating: Aggravating = Aggravating()
    easing: Easing = Easing()
    psychosocial: Psychosocial = Psychosocial()
    training: Training = Training()

    def to_document(self) -> dict[str, Any]:
        """The intake as a JSON document, without defaults the person did not give."""
        return self.model_dump(mode="json", exclude_none=True)


# --- turning validation errors into one clear line ------------------------------

def parse_intake(document: object) -> Intake:
    """Validate a parsed JSON document against the contract.

    Raises ``InputError`` with the dotted field path and a plain description of what
    was expected and what was given.
    """
    if not isinstance(document, dict):
        raise InputError("intake", f"must be a JSON object, got {_json_kind(document)}")
    if document.get("schema_version", 1) == 1 and not isinstance(document.get("schema_version", 1), bool):
        doc = dict(document)
        if "schema_version" in doc:
            doc["schema_version"] = 1
    else:
        raise InputError("schema_version", f"must be 1, got {_show(document.get('schema_version'))}")
    try:
        return Intake.model_validate(doc)
    except ValidationError as exc:
        raise validation_to_input_error(exc, Intake, doc) from None


def validation_to_input_error(exc: ValidationError, model: type[BaseModel], document: object) -> InputError:
    """The first pydantic error as an ``InputError`` naming the field in plain words."""
    error = exc.errors(include_url=False)[0]
    loc = [str(p) for p in error["loc"] if not str(p).startswith(("function-", "tagged-union"))]
    # pydantic adds the chosen type to the location for unions and literals; drop those
    loc = [p for p in loc if not (p.startswith("literal[") or p in {"int", "float", "bool", "str", "none"} or p.startswith("list["))]
    path = _dotted(loc)
    kind = error["type"]
    given = error.get("input")
    if kind == "missing":
        return InputError(path, "is required")
    if kind == "extra_forbidden":
        parent = _field_info_for(model, loc[:-1])
        allowed = ", ".join(parent.model_fields) if isinstance(parent, type) and issubclass(parent, BaseModel) else ""
        return InputError(path, f"is not a known field{f' (known: {allowed})' if allowed else ''}")
    if kind == "null_not_allowed":
        return InputError(path, f"must be {describe_expected(model, loc)}, got null")
    if kind == "value_error":
        return InputError(path, str(error["msg"]).removeprefix("Value error, "))
    expected = describe_expected(model, loc)
    return InputError(path, f"must be {expected}, got {_show(given)}")


def _dotted(loc: list[str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or "intake"


def _field_info_for(model: type[BaseModel], loc: list[str]) -> Any:
    """Follow a location through nested models; returns the annotation at the end."""
    current: Any = model
    for part in loc:
        if part.isdigit():
            current = _item_type(current)
            continue
        if isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            info = current.model_fields[part]
            current = _AnnotatedField(_strip(info.annotation), info)
        else:
            return None
        if isinstance(current, _AnnotatedField) and isinstance(current.annotation, type) and issubclass(current.annotation, BaseModel):
            current = current.annotation
    return current


class _AnnotatedField:
    def __init__(self, annotation: Any, info: Any) -> None:
        self.annotation = annotation
        self.info = info


def _strip(annotation: Any) -> Any:
    """Remove ``X | None`` and ``Annotated`` wrappers."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is not None and type(None) in get_args(annotation):
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _item_type(current: Any) -> Any:
    annotation = current.annotation if isinstance(current, _AnnotatedField) else current
    args = get_args(_strip(annotation))
    return _AnnotatedField(_strip(args[0]), None) if args else None


def describe_expected(model: type[BaseModel], loc: list[str]) -> str:
    """Plain words for what a field accepts (``an integer from 0 to 10``)."""
    target = _field_info_for(model, loc)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return "an object"
    if not isinstance(target, _AnnotatedField):
        return "a valid value"
    annotation = target.annotation
    lower, upper = _bounds(target.info)
    span = f" from {_num(lower)} to {_num(upper)}" if lower is not None and upper is not None else ""
    if annotation is bool:
        return "true or false"
    if annotation is int:
        return f"an integer{span}"
    if annotation is float:
        return f"a number{span}"
    if get_origin(annotation) is Literal:
        values = get_args(annotation)
        if len(values) == 1:
            return _show(values[0])
        return "one of " + ", ".join(_show(v) for v in values)
    if get_origin(annotation) is list:
        item = get_args(annotation)[0]
        if get_origin(item) is Literal:
            return "a list of distinct values from " + ", ".join(_show(v) for v in get_args(item))
        return "a list"
    return "a valid value"


def _bounds(info: Any) -> tuple[Any, Any]:
    """The ``ge``/``le`` bounds of a field, wherever pydantic keeps them (field metadata,
    or ``Annotated`` constraints nested inside ``X | None``)."""
    if info is None:
        return None, None
    found: dict[str, Any] = {}

    def visit(meta: Any) -> None:
        for name in ("ge", "le"):
            if getattr(meta, name, None) is not None:
                found[name] = getattr(meta, name)
        for inner in getattr(meta, "metadata", ()):
            visit(inner)

    def walk(annotation: Any) -> None:
        if get_origin(annotation) is Annotated:
            for meta in get_args(annotation)[1:]:
                visit(meta)
        for arg in get_args(annotation):
            walk(arg)

    for meta in info.metadata:
        visit(meta)
    walk(info.annotation)
    return found.get("ge"), found.get("le")


def _num(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _json_kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")
