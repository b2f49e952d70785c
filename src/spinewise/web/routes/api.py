"""The JSON API, ``/api/v1``: screening, plans, the exercise library, explanations.

Bodies are read as plain JSON and handed to the services, which validate them exactly
as the CLI does; responses are the domain's ``to_json()`` documents.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from spinewise import services
from spinewise.domain.catalog import EQUIPMENT, PATTERNS, ROLES
from spinewise.domain.errors import InputError
from spinewise.web.api_models import (
    ExerciseOut,
    ExplanationOut,
    PlanOut,
    ScreeningOut,
    envelope_schema,
    intake_body_schema,
    json_body,
)
from spinewise.web.errors import MalformedBody, error_responses

router = APIRouter(prefix="/api/v1", tags=["spinewise"])

_INTAKE = intake_body_schema()


async def read_json(request: Request) -> Any:
    """The request body as JSON; a body that is not JSON is a 400 ``malformed_json``."""
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedBody("body: is not UTF-8 text") from None
    if not text.strip():
        raise MalformedBody("body: is empty; send a JSON object")
    try:
        return services.parse_json_text(text, what="body")
    except InputError as exc:
        raise MalformedBody(str(exc)) from None


def fields(doc: Any, *, required: tuple[str, ...] = (), optional: dict[str, type | tuple[type, ...]] | None = None,
           ) -> dict[str, Any]:
    """Check a request envelope: a JSON object with these keys and nothing else."""
    optional = optional or {}
    if not isinstance(doc, dict):
        raise InputError("body", "must be a JSON object")
    known = (*required, *optional)
    for key in doc:
        if key not in known:
            raise InputError(str(key), f"is not a known field (known: {', '.join(known)})")
    for key in required:
        if key not in doc:
            raise InputError(key, "is required")
    for key, kinds in optional.items():
        value = doc.get(key)
        if value is not None and not isinstance(value, kinds):
            raise InputError(key, "has the wrong type")
    return doc


def nested(prefix: str, action: Any) -> Any:
    """Run a service call on a nested document; errors name the field from the body's root."""
    try:
        return action()
    except InputError as exc:
        if exc.field and exc.field != prefix:
            raise InputError(f"{prefix}.{exc.field}", exc.message) from None
        raise


@router.post("/screenings", summary="Screen an intake", response_model=None,
             responses={200: {"model": ScreeningOut}, **error_responses(400, 422)},
             openapi_extra=json_body(_INTAKE, "An intake (the contract's intake.schema.json)."))
def create_screening(doc: Any = Depends(read_json)) -> JSONResponse:
    """Red flags, the pattern of the pain, irritability and psychosocial risk: `spinewise screen --json`."""
    return JSONResponse(services.screen(intake=doc).to_json())


@router.post("/plans", summary="Build a plan", response_model=None,
             responses={200: {"model": PlanOut}, **error_responses(400, 422)},
             openapi_extra=json_body(envelope_schema(
                 {"intake": _INTAKE, "weeks": {"type": "integer", "minimum": 1, "maximum": 52, "default": 12}},
                 ["intake"]), "The intake and the plan's length in weeks."))
def create_plan(doc: Any = Depends(read_json)) -> JSONResponse:
    """The phased plan (`spinewise plan --json`). When training is not advised the answer is
    still 200, with `weeks` empty and `next_step` saying what to do."""
    body = fields(doc, required=("intake",), optional={"weeks": object})
    weeks = body.get("weeks", 12)
    model = nested("intake", lambda: services.as_intake(body["intake"]))
    return JSONResponse(services.build_plan(intake=model, weeks=weeks).to_json())


@router.get("/exercises", summary="List exercises", response_model=None,
            responses={200: {"model": list[ExerciseOut]}, **error_responses(422)})
def list_exercises(pattern: str | None = Query(None, description="Movement pattern.", json_schema_extra={"enum": [*PATTERNS, None]}),
                   equipment: list[str] = Query(default=[], description="Gear you have (repeat); bodyweight is always included.",
                                                json_schema_extra={"items": {"type": "string", "enum": list(EQUIPMENT)}}),
                   role: str | None = Query(None, description="Where in a session.", json_schema_extra={"enum": [*ROLES, None]}),
                   ) -> JSONResponse:
    """The library filtered by pattern, gear and role (`spinewise exercises --json`)."""
    found = services.list_exercises(pattern=pattern, equipment=equipment or None, role=role)
    return JSONResponse([e.as_contract() for e in found])


@router.post("/exercises/search", summary="Exercises that fit a back and its gear", response_model=None,
             responses={200: {"model": list[ExerciseOut]}, **error_responses(400, 422)},
             openapi_extra=json_body(envelope_schema({
                 "intake": _INTAKE,
                 "pattern": {"enum": list(PATTERNS)},
                 "role": {"enum": list(ROLES)},
                 "equipment": {"type": "array", "items": {"enum": list(EQUIPMENT)}},
             }, []), "Filters; with an intake, only what its back and gear allow."))
def search_exercises(doc: Any = Depends(read_json)) -> JSONResponse:
    """What can I do with my back and my gear: the library filtered by an intake."""
    body = fields(doc, optional={"intake": dict, "pattern": str, "role": str, "equipment": list})
    equipment = body.get("equipment")
    if equipment is not None and not all(isinstance(e, str) for e in equipment):
        raise InputError("equipment", "must be a list of gear names")
    intake = body.get("intake")
    model = nested("intake", lambda: services.as_intake(intake)) if intake is not None else None
    found = services.list_exercises(pattern=body.get("pattern"), equipment=equipment, role=body.get("role"),
                                    intake=model)
    return JSONResponse([e.as_contract() for e in found])


@router.get("/exercises/{exercise_id}", summary="One exercise", response_model=None,
            responses={200: {"model": ExerciseOut}, **error_responses(404)})
def get_exercise(exercise_id: str) -> JSONResponse:
    """An exercise by id, name or alias."""
    return JSONResponse(services.find_exercise(exercise_id).as_contract())


@router.post("/explain", summary="Explain an exercise for an intake", response_model=None,
             responses={200: {"model": ExplanationOut}, **error_responses(400, 404, 422)},
             openapi_extra=json_body(envelope_schema(
                 {"exercise": {"type": "string", "examples": ["barbell_back_squat"]}, "intake": _INTAKE},
                 ["exercise", "intake"]), "The exercise (id or name) and the intake."))
def explain(doc: Any = Depends(read_json)) -> JSONResponse:
    """Is this exercise allowed, substituted or excluded for this person, and why (`spinewise explain`)."""
    body = fields(doc, required=("exercise", "intake"))
    if not isinstance(body["exercise"], str):
        raise InputError("exercise", "must be an exercise id or name")
    model = nested("intake", lambda: services.as_intake(body["intake"]))
    return JSONResponse(services.explain(exercise=body["exercise"], intake=model).to_json())
