"""Gym mode's own pages: the summary after a session (and deleting a session), the bar
and plates a person owns, and the plate breakdown fragment gym mode asks for when
the load changes. Whose data: always the logged-in person's (``require_page_person``);
another's session is a 404 like a missing one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from spinewise import training
from spinewise.domain.errors import InputError
from spinewise.library import load_catalog
from spinewise.web import words
from spinewise.web.auth import page_caller, require_page_person
from spinewise.web.bodies import RowId
from spinewise.web.routes.forms import form_data
from spinewise.web.routes.pages import render
from spinewise.web.state import get_store

if TYPE_CHECKING:
    from spinewise.store.records import Person
    from spinewise.store.unit_of_work import Store

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_caller)])


@router.get("/sessions/{session_id}/summary", response_class=HTMLResponse)
def summary_page(session_id: RowId, request: Request, store: Store = Depends(get_store),
                 person: Person = Depends(require_page_person)) -> Response:
    """What was done, pain during and after, the monitor's answers, and what changes next time."""
    summary = training.session_summary(store=store, person_id=person.id, session_id=session_id)
    return render(request, "training/session_summary.html", {"nav": "today", "s": summary, "actions": words.ACTIONS})


@router.post("/sessions/{session_id}/delete")
async def delete_session_form(session_id: RowId, request: Request, store: Store = Depends(get_store),
                              person: Person = Depends(require_page_person)) -> Response:
    """Delete one of the person's sessions (a stopped one stays: the 409 page says why)."""
    training.get_session(store=store, session_id=session_id, person_id=person.id)
    await form_data(request)
    training.delete_session(store=store, session_id=session_id)
    return RedirectResponse("/history", status_code=303)


@router.get("/gym/settings", response_class=HTMLResponse)
def gym_settings_page(request: Request, store: Store = Depends(get_store),
                      person: Person = Depends(require_page_person)) -> Response:
    gear = training.gym_settings(store=store, person_id=person.id)
    return render(request, "training/gym_settings.html", {"nav": "settings", "gear": gear, "errors": {},
                                                          "values": None, "saved": False})


@router.post("/gym/settings", response_class=HTMLResponse)
async def gym_settings_submit(request: Request, store: Store = Depends(get_store),
                              person: Person = Depends(require_page_person)) -> Response:
    form = await form_data(request)
    values = {k: (form.get(k) or [""])[-1].strip() for k in ("bar", "trap_bar", "plates")}
    try:
        gear = training.save_gym_settings(store=store, person_id=person.id, bar=values["bar"],
                                          trap_bar=values["trap_bar"], plates=values["plates"])
    except InputError as exc:
        gear = training.gym_settings(store=store, person_id=person.id)
        return render(request, "training/gym_settings.html", {
            "nav": "settings", "gear": gear, "errors": {exc.field: exc.message}, "values": values,
            "saved": False}, status=422)
    return render(request, "training/gym_settings.html", {"nav": "settings", "gear": gear, "errors": {},
                                                          "values": None, "saved": True})


@router.get("/gym/plates", response_class=HTMLResponse)
def plates_fragment(request: Request, exercise: str = Query(..., max_length=80),
                    load: str = Query("", max_length=20), store: Store = Depends(get_store),
                    person: Person = Depends(require_page_person)) -> Response:
    """The plate breakdown line for ``exercise`` at ``load`` (gym mode swaps it in when
    the load changes); empty when the exercise takes no plates or the load is unreadable."""
    found = load_catalog().get(exercise)
    if found is None:
        raise InputError("exercise", f"{exercise!r} is not an exercise in the library")
    try:
        weight = float(load.replace(",", "."))
    except ValueError:
        weight = None
    gear = training.gym_settings(store=store, person_id=person.id)
    plates = gear.plates_for(found, weight) if weight is not None and 0 <= weight <= 1000 else None
    return HTMLResponse(render_plates(plates.words() if plates else ""))


def render_plates(text: str) -> str:
    from markupsafe import escape

    return f"{escape(text)}"
