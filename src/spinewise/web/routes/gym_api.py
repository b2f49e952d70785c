"""The JSON API of gym mode's extras: correct or delete a logged set, delete a session,
the summary after a session, "last time" for its exercises, and the bar and plates a
person owns. Every route decides whose data from the caller (``OwnedSessionId``,
``OwnedPersonId``): another account's session or person is a 404 like a missing one,
and a set is found only inside its own session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response

from spinewise import training
from spinewise.commands import EditSet, GymSettings, changes
from spinewise.training.set_edits import EDITABLE
from spinewise.web.auth import OwnedPersonId, OwnedSessionId, api_account
from spinewise.web.bodies import PARSE_FIRST, RowId, command, command_body, known_query_only
from spinewise.web.errors import error_responses
from spinewise.web.state import get_store

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store

router = APIRouter(prefix="/api/v1", tags=["gym"], dependencies=[Depends(api_account), Depends(known_query_only)])

assert set(EditSet.model_fields) == set(EDITABLE)


@router.patch("/sessions/{session_id}/sets/{set_id}", summary="Correct a logged set", response_model=None,
              responses=error_responses(400, 404, 422),
              dependencies=PARSE_FIRST, openapi_extra=command_body(EditSet))
def edit_set(*, session_id: OwnedSessionId, set_id: RowId, body: Annotated[EditSet, Depends(command(EditSet))],
             store: Store = Depends(get_store)) -> JSONResponse:
    """The set is marked edited (`edited_at`) and the monitor answers its new numbers
    again (`decision`). An answer that stops the session stops it (`stopped_now`); an
    edit never un-stops a stopped session, and the answers to later sets stay as given."""
    edited = training.edit_set(store=store, session_id=session_id, set_id=set_id, changes=changes(body))
    return JSONResponse(edited.to_json())


@router.delete("/sessions/{session_id}/sets/{set_id}", summary="Delete a logged set", status_code=204,
               response_class=Response, responses=error_responses(404, 422))
def delete_set(*, session_id: OwnedSessionId, set_id: RowId, store: Store = Depends(get_store)) -> Response:
    """A stop the set caused stays on the session. Gym mode's undo waits a few seconds
    before it sends this (the set stays until then), so an undo never re-creates a set."""
    training.delete_set(store=store, session_id=session_id, set_id=set_id)
    return Response(status_code=204)


@router.delete("/sessions/{session_id}", summary="Delete a session with its sets", status_code=204,
               response_class=Response, responses=error_responses(404, 409, 422))
def delete_session(*, session_id: OwnedSessionId, store: Store = Depends(get_store)) -> Response:
    """A session that was stopped (by the monitor or the person) is kept: 409."""
    training.delete_session(store=store, session_id=session_id)
    return Response(status_code=204)


@router.get("/sessions/{session_id}/summary", summary="A session's summary and what changes next time",
            response_model=None, responses=error_responses(404, 422))
def session_summary(session_id: OwnedSessionId, store: Store = Depends(get_store)) -> JSONResponse:
    """Sets, volume (reps x load, in the person's unit), pain during and after, how often
    the monitor gave each answer, and the progression's next prescription for each
    planned exercise with its reason."""
    person_id = training.get_session(store=store, session_id=session_id).session.person_id
    return JSONResponse(training.session_summary(store=store, person_id=person_id, session_id=session_id).to_json())


@router.get("/sessions/{session_id}/last-time", summary="Last time, for each exercise of a session",
            response_model=None, responses=error_responses(404, 422))
def last_time(session_id: OwnedSessionId, store: Store = Depends(get_store)) -> JSONResponse:
    """For each exercise the session prescribes or holds: the most recent earlier session
    with it (date, sets in words, worst pain); exercises never done before are left out."""
    detail = training.get_session(store=store, session_id=session_id)
    session = detail.session
    exercises = [*session.prescriptions, *(s.exercise for s in detail.sets)]
    found = training.last_time(store=store, person_id=session.person_id, session_id=session.id,
                               on=session.on_date, exercises=exercises)
    return JSONResponse({exercise: entry.to_json() for exercise, entry in found.items()})


@router.get("/people/{person_id}/gym-settings", summary="The bar and plates a person owns", response_model=None,
            responses=error_responses(404, 422))
def get_gym_settings(person_id: OwnedPersonId, store: Store = Depends(get_store)) -> JSONResponse:
    """In the person's unit; `saved` false: the defaults, until the person sets theirs."""
    return JSONResponse(training.gym_settings(store=store, person_id=person_id).to_json())


@router.put("/people/{person_id}/gym-settings", summary="Save the bar and plates a person owns",
            response_model=None, responses=error_responses(400, 404, 422),
            dependencies=PARSE_FIRST, openapi_extra=command_body(GymSettings))
def put_gym_settings(*, person_id: OwnedPersonId, body: Annotated[GymSettings, Depends(command(GymSettings))],
                     store: Store = Depends(get_store)) -> JSONResponse:
    saved = training.save_gym_settings(store=store, person_id=person_id, bar=body.bar,
                                       trap_bar=body.trap_bar, plates=body.plates)
    return JSONResponse(saved.to_json())
