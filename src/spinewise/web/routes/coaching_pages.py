"""The coaching pages: the coach's dashboard (``/coach``: invite, clients most urgent
first, alerts to mark handled), a client's page (``/clients/{person_id}/progress``), the
invitation a lifter opens (``/invite/{code}``: who is asking and what will be shared,
accept or decline) and revoking a coach from Settings."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from spinewise import coaching, training
from spinewise.commands import AdjustPlan, HandleAlert, RecordClearance, arguments, read_command
from spinewise.domain.errors import ConflictError, InputError
from spinewise.library import load_catalog
from spinewise.web.auth import (
    ClockDep,
    PageCallerDep,
    PageClientPersonId,
    PageCoachDep,
    PagePersonId,
    page_caller,
)
from spinewise.web.bodies import RowId
from spinewise.web.routes.forms import form_data, number, whole
from spinewise.web.routes.pages import render
from spinewise.web.state import get_dashboard_cache, get_store

if TYPE_CHECKING:
    from spinewise.store.accounts import Account
    from spinewise.store.unit_of_work import Store

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_caller)])

Code = Annotated[str, Path(max_length=64, pattern="^[A-Za-z0-9-]{1,64}$")]
CLIENT_PAGE = re.compile(r"/clients/[0-9]{1,19}/progress")
"""Where the handled form may send the coach back to (else the dashboard)."""

SHARED = ("your answers to the questions and your screening", "your plan", "your sessions, sets and pain",
          "your check-ins and daily habits", "your progress and outcome measures")
"""What a coach can read once the lifter accepts (said on the invitation page)."""


def _dashboard(request: Request, coach: Account, store: Store, clock: ClockDep, status: int = 200,
               **extra: object) -> HTMLResponse:
    clients = coaching.kept_dashboard(store=store, coach=coach, today=clock.today(),
                                      cache=get_dashboard_cache(request)).clients
    return render(request, "coaching/dashboard.html", {"nav": "coach", "clients": clients, "invitation": None,
                                                        "errors": {}, **extra}, status=status)


@router.get("/coach", response_class=HTMLResponse)
def dashboard_page(request: Request, coach: PageCoachDep, clock: ClockDep,
                   store: Store = Depends(get_store)) -> Response:
    return _dashboard(request, coach, store, clock)


@router.post("/coach/invitations", response_class=HTMLResponse)
async def invite(request: Request, coach: PageCoachDep, clock: ClockDep, store: Store = Depends(get_store)) -> Response:
    """A new code, shown on the dashboard once, with its link to pass on."""
    await form_data(request)
    code, expires = coaching.create_invitation(store=store, coach=coach)
    link = str(request.base_url).rstrip("/") + f"/invite/{code}"
    return _dashboard(request, coach, store, clock, invitation={"code": code, "link": link, "expires": expires})


@router.post("/coach/alerts/{alert_id}/handled", response_class=HTMLResponse)
async def handle_alert(alert_id: RowId, request: Request, coach: PageCoachDep, clock: ClockDep,
                       store: Store = Depends(get_store)) -> Response:
    form = await form_data(request)
    note = (form.get("note") or [""])[-1]
    back = (form.get("back") or [""])[-1]
    if CLIENT_PAGE.fullmatch(back) is None:  # only ever back to a client's page on this site
        back = ""
    try:
        handled = read_command(HandleAlert, {"note": note})
        coaching.handle_alert(store=store, coach=coach, alert_id=alert_id, note=handled.note)
    except InputError as exc:
        if back:
            return RedirectResponse(back + "?missing_note=1", status_code=303)
        return _dashboard(request, coach, store, clock, status=422,
                          errors={f"note-{alert_id}": f"Note {exc.message}."})
    return RedirectResponse(back or "/coach", status_code=303)


@router.get("/clients/{person_id}/progress", response_class=HTMLResponse)
def client_page(person_id: PagePersonId, request: Request, clock: ClockDep, missing_note: int = 0,
                store: Store = Depends(get_store)) -> Response:
    """A client as their coach sees them (the read is in the client's access log): alerts
    with their handling, the screening, the plan with the coach's changes and the forms to
    adjust it, adherence, the pain trend and recent sessions."""
    return _client_page(request, person_id, store, clock, missing_note=bool(missing_note))


def _client_page(request: Request, person_id: int, store: Store, clock: ClockDep, *, status: int = 200,
                 missing_note: bool = False, problem: str | None = None) -> HTMLResponse:
    overview = training.get_person(store=store, person_id=person_id)
    on = clock.today()
    shown = training.progress(store=store, person_id=person_id, on=on, since=on).to_json()
    sessions = training.history(store=store, person_id=person_id, limit=8)
    alerts = coaching.client_alerts(store=store, person_id=person_id)
    catalog = load_catalog()
    plan = overview.plan
    in_plan = sorted({i.exercise for w in plan.plan.weeks for s in w.sessions for b in s.blocks for i in b.items}
                     ) if plan is not None else []
    return render(request, "coaching/client.html", {
        "nav": "coach", "person": overview.person, "overview": overview.to_json(), "p": shown,
        "sessions": sessions, "alerts": alerts, "exercise": catalog.get, "missing_note": missing_note,
        "in_plan": in_plan, "library": sorted(catalog, key=lambda e: e.name),
        "changes": [a.to_json() for a in training.plan_adjustments(store=store, person_id=person_id)],
        "problem": problem, "today": on.isoformat()}, status=status)


ADJUST_TEXT = ("kind", "exercise", "to_exercise", "tempo", "note", "reason", "override_reason")


@router.post("/clients/{person_id}/plan-adjustments", response_class=HTMLResponse)
async def adjust_plan(person_id: PageClientPersonId, request: Request, coach: PageCoachDep, clock: ClockDep,
                      store: Store = Depends(get_store)) -> Response:
    """The coach's form: one change to the client's plan, under the same gates as the API
    (a refusal is shown on the page, naming the field; nothing is stored)."""
    form = await form_data(request)
    try:
        body: dict[str, object] = {k: v for k in ADJUST_TEXT if (v := (form.get(k) or [""])[-1].strip())}
        for key in ("sets", "reps", "seconds", "rpe_max"):
            if (value := whole(form, key)) is not None:
                body[key] = value
        if (load := number(form, "load")) is not None:
            body["load"] = load
        training.adjust_plan(store=store, person_id=person_id, coach=coach,
                             body=arguments(read_command(AdjustPlan, body)), catalog=load_catalog())
    except (InputError, ConflictError) as exc:
        return _refused(request, person_id, store, clock, exc)
    return RedirectResponse(f"/clients/{person_id}/progress#plan-heading", status_code=303)


def _refused(request: Request, person_id: int, store: Store, clock: ClockDep,
             exc: InputError | ConflictError) -> HTMLResponse:
    """The client's page again, saying why a change was refused: bad input (422, naming
    the field) or a change the client's state does not allow (409)."""
    if isinstance(exc, InputError):
        return _client_page(request, person_id, store, clock, status=422,
                            problem=f"{exc.field.replace('_', ' ')}: {exc.message}")
    return _client_page(request, person_id, store, clock, status=409, problem=str(exc))


@router.post("/clients/{person_id}/clearance", response_class=HTMLResponse)
async def record_clearance(person_id: PageClientPersonId, request: Request, coach: PageCoachDep, clock: ClockDep,
                           store: Store = Depends(get_store)) -> Response:
    """A clinician's clearance (who, when): re-screens the client's answers."""
    form = await form_data(request)
    try:
        cleared = read_command(RecordClearance, {"clinician": (form.get("clinician") or [""])[-1],
                                                 "seen_on": (form.get("seen_on") or [""])[-1]})
        training.record_clearance(store=store, person_id=person_id, coach=coach, clinician=cleared.clinician,
                                  seen_on=cleared.seen_on, today=clock.today())
    except (InputError, ConflictError) as exc:
        return _refused(request, person_id, store, clock, exc)
    return RedirectResponse(f"/clients/{person_id}/progress#plan-heading", status_code=303)


# --- the lifter's side ------------------------------------------------------------------------

@router.get("/invite/{code}", response_class=HTMLResponse)
def invitation_page(code: Code, request: Request, caller: PageCallerDep, store: Store = Depends(get_store)) -> Response:
    """Who is asking and exactly what they will see; accept or decline. An unknown, used
    or expired code (or an account that is not a lifter's) is "not found"."""
    coach = coaching.invitation_coach(store=store, code=code, reader=caller.account)
    return render(request, "coaching/invitation.html", {"coach": coach, "code": code, "shared": SHARED})


@router.post("/invite/{code}/accept")
async def accept(code: Code, request: Request, caller: PageCallerDep, store: Store = Depends(get_store)) -> Response:
    await form_data(request)
    coaching.accept_invitation(store=store, code=code, lifter=caller.account)
    return RedirectResponse("/settings#coaches-heading", status_code=303)


@router.post("/invite/{code}/decline")
async def decline(code: Code, request: Request, caller: PageCallerDep, store: Store = Depends(get_store)) -> Response:
    await form_data(request)
    coaching.decline_invitation(store=store, code=code, lifter=caller.account)
    return RedirectResponse("/", status_code=303)


@router.post("/settings/coaches/{coach_id}/revoke")
async def revoke(coach_id: RowId, request: Request, caller: PageCallerDep, store: Store = Depends(get_store)) -> Response:
    """The coach's access ends now."""
    await form_data(request)
    coaching.revoke_coach(store=store, client_id=caller.account.id, coach_id=coach_id)
    return RedirectResponse("/settings#coaches-heading", status_code=303)
