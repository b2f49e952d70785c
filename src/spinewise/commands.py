"""Every command a person gives spinewise, declared once: log a set, start and end a
session, report symptoms, check in, habits, assessments, people and intakes, and the
account commands (sign up, log in, change the password, delete the account, a token).

Each command is one pydantic model. The JSON API reads its body into the model (and
the OpenAPI document shows the model's JSON Schema: nothing is written by hand), the web
forms build the same model from their fields, and the command line from its options.
``read_command`` turns the first problem into one ``InputError`` naming the field
(``pain: must be an integer from 0 to 10, got 11``): a 422 on the web, exit 2 on the
command line.

The ranges and kinds live here, beside the validators that say them in words; the
services still check what they are given (they are also called from Python).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, model_validator

from spinewise.domain.catalog import EQUIPMENT, PATTERNS, ROLES, TEMPO_PATTERN
from spinewise.domain.contract_input import parse_model
from spinewise.domain.errors import InputError
from spinewise.domain.monitor import SYMPTOMS
from spinewise.domain.validation import (
    integer_between,
    iso_date,
    nullable,
    number_between,
    tempo_or_none,
)
from spinewise.training.sets import CLIENT_ID_PATTERN, CLIENT_ID_RE

_M = TypeVar("_M", bound=BaseModel)


def read_command(model: type[_M], doc: object) -> _M:
    """``doc`` (a JSON body, a form's or the command line's values) as the command
    ``model``; the first problem is an ``InputError`` naming the field."""
    if not isinstance(doc, dict):
        raise InputError("body", "must be a JSON object")
    for name, info in model.model_fields.items():
        key = info.alias or name
        if info.is_required() and key in doc and doc[key] is None:
            raise InputError(key, "is required and cannot be null")
    return parse_model(model, doc)


def arguments(command: BaseModel) -> dict[str, Any]:
    """The command's values as keyword arguments of its use case (by field name, so
    ``date`` arrives as ``on``); values not given are left out (the use case's defaults)."""
    return {name: value for name, value in command if value is not None}


class Command(BaseModel):
    """A command's body: unknown fields are errors; values are frozen once read."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- JSON Schema helpers ---------------------------------------------------------------

_LEAP_YEARS = "19(0[48]|[2468][048]|[13579][26])|20([02468][048]|[13579][26])|21(0[48]|[2468][048]|[13579][26])"
DATE_SCHEMA: dict[str, Any] = {
    "type": "string", "format": "date", "examples": ["2026-03-02"],
    "pattern": ("^(((19[0-9]{2}|2[01][0-9]{2}|2200)-((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"
                "|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31))"
                f"|({_LEAP_YEARS})-02-29)$"),
}
"""A ``YYYY-MM-DD`` day spinewise computes with (1900-01-01 to 2200-12-31, see
``domain.calendar_days``): exactly what the day fields accept, so the document says it."""


def inline_refs(schema: Any, defs: dict[str, Any]) -> Any:
    """The schema with ``#/$defs/...`` references replaced by their definitions.

    Inside an OpenAPI document ``#`` means the document's root, so a schema's local
    references must be resolved before it is embedded.
    """
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            merged = {**defs[ref.removeprefix("#/$defs/")], **{k: v for k, v in schema.items() if k != "$ref"}}
            return inline_refs(merged, defs)
        return {k: inline_refs(v, defs) for k, v in schema.items() if k not in ("$defs", "$schema", "$id")}
    if isinstance(schema, list):
        return [inline_refs(v, defs) for v in schema]
    return schema


def intake_body_schema() -> dict[str, Any]:
    """The contract's intake JSON Schema, ready to embed in the OpenAPI document."""
    from spinewise.library import intake_schema

    schema = copy.deepcopy(intake_schema())
    result: dict[str, Any] = inline_refs(schema, schema.get("$defs", {}))
    return result


def command_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The command's JSON Schema with its references resolved (for the OpenAPI document)."""
    schema = model.model_json_schema()
    result: dict[str, Any] = inline_refs(schema, schema.get("$defs", {}))
    return result


def _documented(make: Callable[[], dict[str, Any]]) -> Callable[[dict[str, Any]], None]:
    """A ``json_schema_extra`` that replaces a field's generated schema by ``make()``
    (computed when the document is built, never at import), keeping ``null`` allowed
    when the field allows it (an optional field)."""
    def extra(schema: dict[str, Any]) -> None:
        kept: dict[str, Any] = {k: schema[k] for k in ("title", "default") if k in schema}
        allows_null = any(branch == {"type": "null"} for branch in schema.get("anyOf", []))
        schema.clear()
        schema.update({"anyOf": [make(), {"type": "null"}]} if allows_null else make())
        schema.update(kept)
    return extra


def _intake_doc() -> dict[str, Any]:
    return intake_body_schema()


def _psychosocial_doc() -> dict[str, Any]:
    result: dict[str, Any] = intake_body_schema()["properties"]["psychosocial"]
    return result


def _exercise_enum() -> dict[str, Any]:
    """What ``exercise`` may be: an exercise id of the library."""
    from spinewise.library import load_catalog

    return {"enum": sorted(exercise.id for exercise in load_catalog())}


def _day_doc() -> dict[str, Any]:
    return dict(DATE_SCHEMA)


# --- value types (the range is said once, for the check and for the document) -------------

Pain = Annotated[int, Field(ge=0, le=10), BeforeValidator(integer_between(0, 10))]
"""A 0-10 numeric pain rating."""
PainOrNone = Annotated[int | None, Field(ge=0, le=10), BeforeValidator(nullable(integer_between(0, 10)))]
Effort = Annotated[float, Field(ge=0, le=10), BeforeValidator(number_between(0, 10))]
"""Effort, RPE 0-10."""
EffortOrNone = Annotated[float | None, Field(ge=0, le=10), BeforeValidator(nullable(number_between(0, 10)))]
Day = Annotated[date | None, Field(json_schema_extra=_documented(_day_doc)), BeforeValidator(nullable(iso_date))]
"""A ``YYYY-MM-DD`` day (1900-2200); absent for today."""
Weeks = Annotated[int, Field(ge=1, le=52), BeforeValidator(integer_between(1, 52))]
Flag = StrictBool
FlagOrNone = StrictBool | None
def _object(value: object) -> object:
    if value is not None and not isinstance(value, dict):
        raise ValueError("must be an object")
    return value


JsonObject = Annotated[dict[str, Any], BeforeValidator(_object)]
"""A JSON object, read further by the use case (an intake, a kind's values)."""
IntakeDoc = Annotated[JsonObject, Field(json_schema_extra=_documented(_intake_doc))]
"""An intake (the contract's ``intake.schema.json``), read by ``services.as_intake``."""


def _text_up_to(limit: int, *, at_least: int = 0) -> Callable[[object], object]:
    def check(value: object) -> object:
        if value is None:
            return None
        if not isinstance(value, str) or not at_least <= len(value) <= limit:
            shortest = "non-empty " if at_least else ""
            raise ValueError(f"must be {shortest}text of at most {limit} characters")
        return value
    return check


def _symptom_list(value: object) -> object:
    """The symptoms noticed, each one of ``SYMPTOMS`` (repeats are dropped)."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise ValueError(f"must be a list of symptoms from {', '.join(SYMPTOMS)}")
    out: list[str] = []
    for item in value:
        if item not in SYMPTOMS:
            raise ValueError(f"must be from {', '.join(SYMPTOMS)}, got {item!r}")
        if item not in out:
            out.append(str(item))
    return out


def _known_exercise(value: object) -> object:
    from spinewise.library import load_catalog

    if value is None:
        return None
    if not isinstance(value, str) or load_catalog().get(value) is None:
        raise ValueError(f"{value!r} is not an exercise in the library")
    return value


Symptoms = Annotated[list[str], Field(json_schema_extra={"items": {"enum": list(SYMPTOMS)}}),
                     BeforeValidator(_symptom_list)]
ExerciseId = Annotated[str, Field(json_schema_extra=_documented(_exercise_enum)), BeforeValidator(_known_exercise)]
"""An exercise id of the library (``GET /exercises``)."""


# --- people and intakes ---------------------------------------------------------------------

def _person_name(value: object) -> object:
    """A name as ``training.create_person`` keeps it: 1 to 120 characters, not only spaces."""
    if not isinstance(value, str) or not value.strip() or len(value) > 120:
        raise ValueError("must be 1 to 120 characters")
    return value


class CreatePerson(Command):
    """The person's name and intake; the plan starts on ``start`` (default: next Monday)."""

    name: Annotated[str, Field(min_length=1, max_length=120, pattern=r"\S"), BeforeValidator(_person_name)]
    intake: IntakeDoc
    start: Day = None
    weeks: Weeks = 12


class Rescreen(Command):
    """A new intake; a new plan (if any) becomes the active one."""

    intake: IntakeDoc
    start: Day = None
    weeks: Weeks = 12


class RecordClinicianVisit(Command):
    """Nothing to send: the visit is recorded now."""


# --- sessions and sets ------------------------------------------------------------------------

class StartSession(Command):
    """The day (default today), your usual pain today, and ``free`` for an unplanned session."""

    on: Day = Field(None, alias="date")
    baseline_pain: PainOrNone = None
    free: FlagOrNone = None


def _client_id(value: object) -> object:
    if not isinstance(value, str) or not CLIENT_ID_RE.match(value):
        raise ValueError(f"must be 1-64 letters, digits or . _ : - (a UUID is ideal), got {value!r}")
    return value


class LogSet(Command):
    """One set, with pain during it (0-10); reps or seconds."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": ["reps"], "properties": {"reps": {"type": "integer"}}},
        {"required": ["seconds"], "properties": {"seconds": {"type": "integer"}}}]})
    """Reps or seconds, given (not null): the check ``_reps_or_seconds`` makes."""

    client_id: Annotated[str, Field(pattern=CLIENT_ID_PATTERN), BeforeValidator(_client_id)]
    exercise: ExerciseId
    pain: Pain
    reps: Annotated[int | None, Field(ge=0, le=100), BeforeValidator(nullable(integer_between(0, 100)))] = None
    seconds: Annotated[int | None, Field(ge=0, le=600), BeforeValidator(nullable(integer_between(0, 600)))] = None
    load: Annotated[float | None, Field(ge=0, le=1000), BeforeValidator(nullable(number_between(0, 1000)))] = None
    unit: Literal["kg", "lb"] | None = None
    tempo: Annotated[str | None, Field(pattern=TEMPO_PATTERN), BeforeValidator(tempo_or_none)] = None
    rpe: EffortOrNone = None
    reps_in_reserve: Annotated[int | None, Field(ge=0, le=10), BeforeValidator(nullable(integer_between(0, 10)))] = None
    belt: FlagOrNone = None
    symptoms: Symptoms | None = None
    notes: Annotated[str | None, Field(max_length=500), BeforeValidator(_text_up_to(500))] = None
    pain_one_sided: FlagOrNone = None

    @model_validator(mode="after")
    def _reps_or_seconds(self) -> LogSet:
        if self.reps is None and self.seconds is None:
            raise InputError("reps", "give reps or seconds for the set")
        return self


class EditSet(Command):
    """Any of the set's reps, seconds, load, unit, effort, pain and notes; the rest stay
    as logged (``training.edit_set``; ``null`` clears what may be empty, such as the load)."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    reps: Annotated[int | None, Field(ge=0, le=100), BeforeValidator(nullable(integer_between(0, 100)))] = None
    seconds: Annotated[int | None, Field(ge=0, le=600), BeforeValidator(nullable(integer_between(0, 600)))] = None
    load: Annotated[float | None, Field(ge=0, le=1000), BeforeValidator(nullable(number_between(0, 1000)))] = None
    unit: Literal["kg", "lb"] | None = None
    rpe: EffortOrNone = None
    pain: PainOrNone = None
    notes: Annotated[str | None, Field(max_length=500), BeforeValidator(_text_up_to(500))] = None


def changes(command: BaseModel) -> dict[str, Any]:
    """The fields the command gave, ``null`` included (an edit: what is left out stays)."""
    return command.model_dump(exclude_unset=True)


PLATE_WEIGHT = r"^(?:[1-9][0-9]?(?:\.[0-9]{1,2})?|100|0\.(?:[1-9][0-9]?|0[1-9]))$"
"""A plate's weight as an object key: more than 0, at most 100, to 0.01."""


def _plates_doc() -> dict[str, Any]:
    return {"type": "object", "maxProperties": 20, "propertyNames": {"pattern": PLATE_WEIGHT},
            "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 40}}


class GymSettings(Command):
    """The bar and trap bar weights and the plates owned (weight -> how many), in the
    person's unit (``training.save_gym_settings`` checks the plates)."""

    bar: Annotated[float, Field(ge=0, le=100), BeforeValidator(number_between(0, 100))]
    trap_bar: Annotated[float, Field(ge=0, le=100), BeforeValidator(number_between(0, 100))]
    plates: Annotated[JsonObject, Field(json_schema_extra=_documented(_plates_doc))]


class ReportSymptoms(Command):
    """The symptoms noticed, the exercise when it happened during one, and ``stop`` when
    the person chooses to stop the session whatever the answer."""

    symptoms: Symptoms
    exercise: Annotated[str | None, Field(json_schema_extra=_documented(_exercise_enum)), BeforeValidator(_known_exercise)] = None
    pain_one_sided: FlagOrNone = None
    stop: FlagOrNone = None


class EndSession(Command):
    """Pain after, the whole session's effort (0-10) and its length."""

    pain_after: Pain
    session_rpe: Effort
    duration_minutes: Annotated[int, Field(ge=1, le=600), BeforeValidator(integer_between(1, 600))]
    notes: Annotated[str | None, Field(max_length=1000), BeforeValidator(_text_up_to(1000))] = None


# --- recovery: check-ins, habits, assessments ------------------------------------------------------

class CheckIn(Command):
    """This morning's pain, stiffness, sleep and any symptoms. While the person's
    psychosocial questions are unanswered, ``psychosocial`` may carry them (the intake's
    fields): they are saved into the intake."""

    on: Day = Field(None, alias="date")
    pain: Pain
    stiffness: PainOrNone = None
    stiff_hours: Annotated[float | None, Field(ge=0, le=168), BeforeValidator(nullable(number_between(0, 168)))] = None
    sleep_hours: Annotated[float | None, Field(ge=0, le=24), BeforeValidator(nullable(number_between(0, 24)))] = None
    sleep_quality: Annotated[int | None, Field(ge=1, le=5), BeforeValidator(nullable(integer_between(1, 5)))] = None
    locked_up: FlagOrNone = None
    symptoms: Symptoms | None = None
    psychosocial: Annotated[JsonObject | None, Field(json_schema_extra=_documented(_psychosocial_doc))] = None


class DayHabits(Command):
    """Any of the day's habits."""

    movement_breaks: Annotated[int | None, Field(ge=0, le=24), BeforeValidator(nullable(integer_between(0, 24)))] = None
    sleep_hours: Annotated[float | None, Field(ge=0, le=24), BeforeValidator(nullable(number_between(0, 24)))] = None
    hydration: FlagOrNone = None
    heat_or_bath: FlagOrNone = None
    foam_rolling: FlagOrNone = None
    posture_checks: Annotated[int | None, Field(ge=0, le=50), BeforeValidator(nullable(integer_between(0, 50)))] = None
    footwear: FlagOrNone = None


class NprsValues(Command):
    """A numeric pain rating scale: pain 0-10."""

    pain: Pain


def _odi_sections_doc() -> dict[str, Any]:
    from spinewise.domain.odi import ODI_MIN_ANSWERED, ODI_SECTION_MAX, ODI_SECTIONS

    return {"type": "object", "minProperties": ODI_MIN_ANSWERED, "additionalProperties": False,
            "description": "Oswestry Disability Index: section number (1-10, the form's order) to the score "
                           f"chosen (0-{ODI_SECTION_MAX}); leave out a section left blank. "
                           f"At least {ODI_MIN_ANSWERED} sections.",
            "properties": {str(n): {"type": "integer", "minimum": 0, "maximum": ODI_SECTION_MAX}
                           for n, _ in ODI_SECTIONS}}


class OdiValues(Command):
    """The Oswestry Disability Index as section scores only (``domain.odi`` checks and scores them)."""

    sections: Annotated[JsonObject, Field(json_schema_extra=_documented(_odi_sections_doc))]


def _assessment_values() -> dict[str, type[BaseModel]]:
    """Each kind's ``values``, as ``domain.assessments``, ``domain.odi`` and
    ``training.assessment_log`` check them."""
    from spinewise.domain.assessments import EnduranceTest, PsfsAssessment

    return {"endurance": EnduranceTest, "psfs": PsfsAssessment, "nprs": NprsValues, "odi": OdiValues}


def _assessment_one_of(schema: dict[str, Any]) -> None:
    """The body's document: one alternative per kind, each with that kind's ``values``."""
    alternatives = []
    for kind, values in _assessment_values().items():
        alternatives.append({
            "type": "object", "additionalProperties": False, "required": ["kind", "values"],
            "properties": {"date": {"anyOf": [_day_doc(), {"type": "null"}]}, "kind": {"const": kind}, "values": command_schema(values)}})
    schema.clear()
    schema["oneOf"] = alternatives


class LogAssessment(Command):
    """A McGill endurance test (``flexor``, ``extensor``, ``side_bridge_right``,
    ``side_bridge_left`` in seconds), a PSFS, an NPRS or an ODI (section scores)."""

    model_config = ConfigDict(json_schema_extra=_assessment_one_of)

    on: Day = Field(None, alias="date")
    kind: Literal["endurance", "psfs", "nprs", "odi"]
    values: JsonObject


# --- the library ------------------------------------------------------------------------------

class PlanRequest(Command):
    """The intake and the plan's length in weeks."""

    intake: IntakeDoc
    weeks: Weeks = 12


class ExerciseSearch(Command):
    """Filters; with an intake, only what its back and gear allow."""

    intake: Annotated[JsonObject | None, Field(json_schema_extra=_documented(_intake_doc))] = None
    pattern: Literal[PATTERNS] | None = None  # type: ignore[valid-type]
    role: Literal[ROLES] | None = None  # type: ignore[valid-type]
    equipment: list[Literal[EQUIPMENT]] | None = None  # type: ignore[valid-type]


class Explain(Command):
    """The exercise (id or name) and the intake."""

    exercise: Annotated[str, Field(examples=["barbell_back_squat"])]
    intake: IntakeDoc


# --- accounts ---------------------------------------------------------------------------------

Email = Annotated[str, Field(max_length=254, json_schema_extra={"format": "email"})]
Password = Annotated[str, Field(min_length=1, max_length=1024)]


class Credentials(Command):
    """The account's email and password (a token, or logging in)."""

    email: Email
    password: Password


class SignUp(Command):
    """A new account: email, password (10 characters or more, checked by
    ``accounts.create_account``) and, when sign-up needs one, the invitation code."""

    email: str
    password: str
    invitation: str | None = None


class ChangePassword(Command):
    """The current password, to confirm, and the new one."""

    current_password: str
    new_password: str


class DeleteAccount(Command):
    """The account's password, to confirm."""

    password: Annotated[str, Field(max_length=1024)]


# --- coaching ---------------------------------------------------------------------------------

class InviteClient(Command):
    """Nothing to send: a new one-time code for one client."""


class AnswerInvitation(Command):
    """Nothing to send: the code in the path is accepted or declined."""


def _handling_note(value: object) -> object:
    """What was done, as ``coaching.handle_alert`` keeps it: 1 to 1000 characters, not only spaces."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("is needed: say what was done")
    if len(value) > 1000:
        raise ValueError("must be at most 1000 characters")
    return value


class HandleAlert(Command):
    """What was done about the alert ("called her, rest two days")."""

    note: Annotated[str, Field(min_length=1, max_length=1000, pattern=r"\S"), BeforeValidator(_handling_note)]


# --- the coach adjusts a client's plan ---------------------------------------------------------

def _plain_text(limit: int) -> Callable[[object], object]:
    """Text of 1 to ``limit`` characters with at least one that is not a space (or absent)."""
    def check(value: object) -> object:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise ValueError("must be text with at least one non-space character")
        if len(value) > limit:
            raise ValueError(f"must be at most {limit} characters")
        return value
    return check


CoachText = Annotated[str | None, Field(min_length=1, max_length=500, pattern=r"\S"),
                      BeforeValidator(_plain_text(500))]
"""A reason, a note or an override's reason: what the client reads (1-500 characters)."""
PlanExercise = Annotated[str | None, Field(min_length=1, max_length=80), BeforeValidator(_text_up_to(80, at_least=1))]


class AdjustPlan(Command):
    """One change to a client's plan (``training.adjust_plan``): ``swap`` ``exercise`` for
    ``to_exercise``, ``regress`` it to its easier version, set its ``dose`` (any of sets,
    reps, seconds, tempo, load, rpe_max), ``hold`` its progression (each with a
    ``reason``), or a ``note`` for Today. ``override_reason`` is needed when the new
    exercise is one the client's screening rules out."""

    kind: Literal["swap", "regress", "dose", "hold", "note"]
    exercise: PlanExercise = None
    to_exercise: PlanExercise = None
    sets: Annotated[int | None, Field(ge=1, le=10), BeforeValidator(nullable(integer_between(1, 10)))] = None
    reps: Annotated[int | None, Field(ge=1, le=50), BeforeValidator(nullable(integer_between(1, 50)))] = None
    seconds: Annotated[int | None, Field(ge=1, le=600), BeforeValidator(nullable(integer_between(1, 600)))] = None
    tempo: Annotated[str | None, Field(pattern=TEMPO_PATTERN), BeforeValidator(tempo_or_none)] = None
    load: Annotated[float | None, Field(ge=0, le=1000), BeforeValidator(nullable(number_between(0, 1000)))] = None
    rpe_max: Annotated[int | None, Field(ge=1, le=10), BeforeValidator(nullable(integer_between(1, 10)))] = None
    note: CoachText = None
    reason: CoachText = None
    override_reason: CoachText = None


class RecordClearance(Command):
    """Who (a clinician) assessed and cleared the client, and when (not in the future):
    the client's answers are re-screened as cleared."""

    clinician: Annotated[str, Field(min_length=1, max_length=120, pattern=r"\S"), BeforeValidator(_plain_text(120))]
    seen_on: Annotated[date, Field(json_schema_extra=_documented(_day_doc)), BeforeValidator(iso_date)]
