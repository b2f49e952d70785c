"""The JSON API, ``/api/v1``: screening, plans, the exercise library, explanations.

Bodies are read as plain JSON and handed to the services, which validate them exactly
as the CLI does; responses are the domain's ``to_json()`` documents.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from spinewise import services
from spinewise.commands import ExerciseSearch, Explain, PlanRequest, intake_body_schema
from spinewise.domain.catalog import EQUIPMENT, PATTERNS, ROLES
from spinewise.web.api_models import (
    ExerciseOut,
    ExplanationOut,
    PlanOut,
    ScreeningOut,
    json_body,
)
from spinewise.web.bodies import command, command_body, known_query_only, nested, read_json
from spinewise.web.errors import error_responses

router = APIRouter(prefix="/api/v1", tags=["spinewise"], dependencies=[Depends(known_query_only)])

_INTAKE = intake_body_schema()


@router.post("/screenings", summary="Screen an intake", response_model=None,
             responses={200: {"model": ScreeningOut}, **error_responses(400, 422)},
             openapi_extra=json_body(_INTAKE, "An intake (the contract's intake.schema.json)."))
def create_screening(doc: Any = Depends(read_json)) -> JSONResponse:
    """Red flags, the pattern of the pain, irritability and psychosocial risk: `spinewise screen --json`."""
    return JSONResponse(services.screen(intake=doc).to_json())


@router.post("/plans", summary="Build a plan", response_model=None,
             responses={200: {"model": PlanOut}, **error_responses(400, 422)},
             openapi_extra=command_body(PlanRequest))
def create_plan(body: Annotated[PlanRequest, Depends(command(PlanRequest))]) -> JSONResponse:
    """The phased plan (`spinewise plan --json`). When training is not advised the answer is
    still 200, with `weeks` empty and `next_step` saying what to do."""
    model = nested("intake", lambda: services.as_intake(body.intake))
    return JSONResponse(services.build_plan(intake=model, weeks=body.weeks).to_json())


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
             openapi_extra=command_body(ExerciseSearch))
def search_exercises(body: Annotated[ExerciseSearch, Depends(command(ExerciseSearch))]) -> JSONResponse:
    """What can I do with my back and my gear: the library filtered by an intake."""
    intake = body.intake
    model = nested("intake", lambda: services.as_intake(intake)) if intake is not None else None
    found = services.list_exercises(pattern=body.pattern, equipment=body.equipment, role=body.role, intake=model)
    return JSONResponse([e.as_contract() for e in found])


@router.get("/exercises/{exercise_id}", summary="One exercise", response_model=None,
            responses={200: {"model": ExerciseOut}, **error_responses(404)})
def get_exercise(exercise_id: str) -> JSONResponse:
    """An exercise by id, name or alias."""
    return JSONResponse(services.find_exercise(exercise_id).as_contract())


@router.post("/explain", summary="Explain an exercise for an intake", response_model=None,
             responses={200: {"model": ExplanationOut}, **error_responses(400, 404, 422)},
             openapi_extra=command_body(Explain))
def explain(body: Annotated[Explain, Depends(command(Explain))]) -> JSONResponse:
    """Is this exercise allowed, substituted or excluded for this person, and why (`spinewise explain`)."""
    model = nested("intake", lambda: services.as_intake(body.intake))
    return JSONResponse(services.explain(exercise=body.exercise, intake=model).to_json())


@router.get("/assessments/endurance", summary="How to do McGill's endurance tests", response_model=None)
def endurance_guide() -> JSONResponse:
    """Each test's set-up, hold and end point in plain words, the published mean holds of
    young healthy adults (McGill, Childs & Liebenson 1999) and the ratio flags."""
    from spinewise.domain.assessments import endurance_guide_json

    return JSONResponse(endurance_guide_json())
