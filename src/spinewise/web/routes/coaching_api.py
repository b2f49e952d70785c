"""The JSON API of coaching (the coaching part of the access contract).

A coach: ``POST /coach/invitations`` (a one-time code), ``GET /coach/clients`` (the
dashboard, most urgent first), ``POST /coach/alerts/{alert_id}/handled``. A lifter:
``POST /coach/invitations/{code}/accept`` or ``/decline``, ``GET /me/coaches``,
``DELETE /me/coaches/{coach_id}``, ``GET /me/access-log``.

Routes of the other role: the coach-only routes do not exist for a lifter (404, as an
unknown path); a coach accepting an invitation gets the same 404 as an unknown code
(coaches do not become clients); ``/me/coaches`` and ``/me/access-log`` are empty for a coach.
Reads of a client's data go through the lifter's own routes (``web.auth.OwnedPersonId``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import orjson
from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse, Response

from spinewise import coaching
from spinewise.commands import (
    AdjustPlan,
    AnswerInvitation,
    HandleAlert,
    InviteClient,
    RecordClearance,
    arguments,
)
from spinewise.library import load_catalog
from spinewise.web.auth import (
    CallerDep,
    ClientPersonId,
    ClockDep,
    CoachDep,
    OwnedPersonId,
    api_account,
)
from spinewise.web.bodies import (
    PARSE_FIRST,
    RowId,
    command,
    command_body,
    known_query_only,
    optional_command,
)
from spinewise.web.errors import error_responses
from spinewise.web.state import get_dashboard_cache, get_store

if TYPE_CHECKING:
    from spinewise.coaching import ClientSummary, DashboardCache
    from spinewise.store.unit_of_work import Store

router = APIRouter(prefix="/api/v1", tags=["coaching"], dependencies=[Depends(api_account), Depends(known_query_only)])

CODE_PATH = {"pattern": "^[A-Za-z0-9-]{1,64}$"}
Code = Annotated[str, Path(max_length=64, json_schema_extra=CODE_PATH,
                           description="The invitation's code, as the coach passed it on (dashes optional).")]


def _utc(moment: datetime | None) -> str | None:
    return None if moment is None else moment.replace(microsecond=0).isoformat() + "Z"


@router.post("/coach/invitations", summary="Invite a client (coach)", status_code=201, response_model=None,
             responses=error_responses(400, 404, 422), openapi_extra=command_body(InviteClient, required=False))
def create_invitation(coach: CoachDep, _body: Annotated[InviteClient, Depends(optional_command(InviteClient))],
                      store: Store = Depends(get_store)) -> JSONResponse:
    """A one-time code for one client, and the link `/invite/{code}` that opens it. It
    expires after 7 days and works once (accepted or declined). Only shown now."""
    code, expires = coaching.create_invitation(store=store, coach=coach)
    return JSONResponse({"code": code, "expires_at": _utc(expires), "link": f"/invite/{code}"}, status_code=201)


@router.post("/coach/invitations/{code}/accept", summary="Accept a coach's invitation (lifter)", status_code=201,
             response_model=None, responses=error_responses(400, 404, 422),
             openapi_extra=command_body(AnswerInvitation, required=False))
def accept_invitation(code: Code, caller: CallerDep,
                      _body: Annotated[AnswerInvitation, Depends(optional_command(AnswerInvitation))],
                      store: Store = Depends(get_store)) -> JSONResponse:
    """The coach may read your data from now on (person, plan, sessions, check-ins,
    habits, progress), each read written to your access log, until you revoke it.
    An unknown, used or expired code is a 404."""
    coach = coaching.accept_invitation(store=store, code=code, lifter=caller.account)
    return JSONResponse({"coach": {"id": coach.id, "email": coach.email, "name": coach.name}}, status_code=201)


@router.post("/coach/invitations/{code}/decline", summary="Decline a coach's invitation (lifter)",
             status_code=204, response_model=None, responses=error_responses(400, 404, 422),
             openapi_extra=command_body(AnswerInvitation, required=False))
def decline_invitation(code: Code, caller: CallerDep,
                       _body: Annotated[AnswerInvitation, Depends(optional_command(AnswerInvitation))],
                       store: Store = Depends(get_store)) -> Response:
    """Nothing is shared and the code stops working."""
    coaching.decline_invitation(store=store, code=code, lifter=caller.account)
    return Response(status_code=204)


@router.get("/coach/clients", summary="My clients, most urgent first (coach)", response_model=None,
            responses=error_responses(404))
def clients(coach: CoachDep, clock: ClockDep, store: Store = Depends(get_store),
            cache: DashboardCache | None = Depends(get_dashboard_cache)) -> Response:
    """Each live client (who has answered the questions) with the last session day and
    the alerts not yet handled, most urgent first: `high` (seek care, flare-up), `medium`
    (session stopped by the monitor, pain rising), `low` (missed sessions, check-in not
    done), then the newest. Clients without alerts follow, by name. `id` is null for the
    alerts read from the activity days (missed sessions, check-in not done)."""
    # orjson: 200 clients make about 60 KB (the summaries and the standard encoder took 1.65 ms);
    # written once per kept dashboard, then sent again as it is
    kept = coaching.kept_dashboard(store=store, coach=coach, today=clock.today(), cache=cache)
    return Response(kept.answer(_clients_json), media_type="application/json")


def _clients_json(clients: list[ClientSummary]) -> bytes:
    return orjson.dumps([c.to_json() for c in clients])


@router.post("/coach/alerts/{alert_id}/handled", summary="Mark an alert handled (coach)", response_model=None,
             responses=error_responses(400, 404, 422), openapi_extra=command_body(HandleAlert))
def handle_alert(alert_id: RowId, coach: CoachDep, body: Annotated[HandleAlert, Depends(command(HandleAlert))],
                 store: Store = Depends(get_store)) -> JSONResponse:
    """The alert leaves the dashboard; the client's page keeps it with the note. An alert
    of anyone but your live clients is a 404."""
    handled = coaching.handle_alert(store=store, coach=coach, alert_id=alert_id, note=body.note)
    return JSONResponse(handled.to_json())


@router.get("/me/coaches", summary="My coaches", response_model=None, responses=error_responses(401))
def my_coaches(caller: CallerDep, store: Store = Depends(get_store)) -> JSONResponse:
    """The coaches you accepted: those who can read your data now (`active`), then former ones."""
    return JSONResponse([{"coach_id": c.coach_id, "email": c.coach_email, "name": c.coach_name,
                          "accepted_at": _utc(c.accepted_at), "revoked_at": _utc(c.revoked_at),
                          "active": c.revoked_at is None}
                         for c in coaching.coaches_of(store=store, client_id=caller.account.id)])


@router.delete("/me/coaches/{coach_id}", summary="Revoke a coach", status_code=204, response_model=None,
               responses=error_responses(404, 422))
def revoke_coach(coach_id: RowId, caller: CallerDep, store: Store = Depends(get_store)) -> Response:
    """From the next request on, the coach gets 404 for your data and you leave their
    clients. A coach who cannot read your data now is a 404."""
    coaching.revoke_coach(store=store, client_id=caller.account.id, coach_id=coach_id)
    return Response(status_code=204)


@router.get("/me/access-log", summary="What coaches read and changed of my data", response_model=None,
            responses=error_responses(401))
def my_access_log(caller: CallerDep, store: Store = Depends(get_store)) -> JSONResponse:
    """Newest first: `action` is `read` or `change`, `what` a short noun for what was
    seen (`person`, `sessions`, `progress`...), `coach` the coach's name or email."""
    return JSONResponse([{"coach_id": e.coach_id, "coach": e.coach_name, "action": e.action, "what": e.what,
                          "at": _utc(e.at)}
                         for e in coaching.access_log(store=store, client_id=caller.account.id)])


# --- the coach adjusts the plan (a layer over the generated plan) -------------------------

@router.post("/coach/clients/{person_id}/plan-adjustments", summary="Adjust a client's plan (coach)",
             status_code=201, response_model=None, responses=error_responses(400, 404, 409, 422),
             dependencies=PARSE_FIRST, openapi_extra=command_body(AdjustPlan))
def adjust_plan(person_id: ClientPersonId, coach: CoachDep, body: Annotated[AdjustPlan, Depends(command(AdjustPlan))],
                store: Store = Depends(get_store)) -> JSONResponse:
    """Swap an exercise, change its dose, hold or regress its progression, or leave a
    note for Today. The safety gates stay on: a client whose screening says emergency,
    urgent or refer has no plan to adjust (409: record a clinician's clearance); a new
    exercise the screening rules out needs `override_reason` (422 naming it without one),
    which the client sees and the access log records. A rebuilt plan (a re-screen) starts
    again from the planner. Not your live client: 404."""
    from spinewise import training

    made = training.adjust_plan(store=store, person_id=person_id, coach=coach, body=arguments(body),
                                catalog=load_catalog())
    return JSONResponse(made.to_json(), status_code=201)


@router.post("/coach/clients/{person_id}/clearance", summary="Record a clinician's clearance (coach)",
             status_code=201, response_model=None, responses=error_responses(400, 404, 409, 422),
             dependencies=PARSE_FIRST, openapi_extra=command_body(RecordClearance))
def record_clearance(person_id: ClientPersonId, coach: CoachDep, clock: ClockDep,
                     body: Annotated[RecordClearance, Depends(command(RecordClearance))],
                     store: Store = Depends(get_store)) -> JSONResponse:
    """Re-screens the client's latest answers as cleared by a clinician: a *refer* becomes
    *modify* with a new plan; emergency and urgent stay (no plan). Logged as a change."""
    from spinewise import training

    record, overview = training.record_clearance(store=store, person_id=person_id, coach=coach,
                                                 clinician=body.clinician, seen_on=body.seen_on,
                                                 today=clock.today())
    return JSONResponse({"clearance": record.to_json(), "screening_level":
                         overview.screening.level if overview.screening else None,
                         "has_plan": overview.plan is not None}, status_code=201)


@router.get("/people/{person_id}/plan-adjustments", summary="The changes a coach made to my plan",
            response_model=None, responses=error_responses(404))
def plan_adjustments(person_id: OwnedPersonId, store: Store = Depends(get_store)) -> JSONResponse:
    """Every change, oldest first, with who, when and why; `plan_id` says which plan it
    belongs to (an earlier plan's changes no longer apply). `override_rule` marks an
    exercise the screening rules out that the coach chose anyway."""
    from spinewise import training

    return JSONResponse([a.to_json() for a in training.plan_adjustments(store=store, person_id=person_id)])
