"""The clinician's pages: outcome measures (NPRS, PSFS and the ODI's section scores) with
their change over time, a client's summary, and the printouts to download.

The summary and the downloads take a person id and decide who may read it exactly as the
JSON API does (``web.auth.owned_person_id``, with the browser's session as the caller).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from spinewise import training
from spinewise.commands import LogAssessment, read_command
from spinewise.domain.errors import InputError
from spinewise.domain.odi import ODI_MIN_ANSWERED, ODI_SECTIONS
from spinewise.library import load_catalog
from spinewise.web.auth import (
    ClockDep,
    PageCallerDep,
    StoreDep,
    owned_person_id,
    page_caller,
    page_person,
)
from spinewise.web.bodies import RowId
from spinewise.web.routes.clinic_api import pdf_response
from spinewise.web.routes.forms import form_data, needed, whole
from spinewise.web.routes.pages import render

if TYPE_CHECKING:
    from spinewise.store.records import Person

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_caller)])

PSFS_ROWS = 5
"""Activity rows on the PSFS form (3 to 5 are filled in)."""


def page_owned_person_id(person_id: RowId, request: Request, caller: PageCallerDep, store: StoreDep) -> int:
    """A person id from the path that this browser's account may read (else a 404 page,
    exactly like an id that does not exist): the API's own check (a consenting coach
    reads too, logged in the client's access log)."""
    return owned_person_id(person_id, request, caller, store)


PageOwnedPersonId = Annotated[int, Depends(page_owned_person_id)]


# --- outcome measures -------------------------------------------------------------------

def _outcomes_page(request: Request, store: StoreDep, person: Person, on: Any, *, errors: dict[str, str],
                   form: str | None = None, values: dict[str, str] | None = None, saved: str | None = None,
                   status: int = 200) -> Response:
    tracks = training.outcome_tracks(store=store, person_id=person.id, on=on)
    return render(request, "training/outcomes.html", {
        "nav": "progress", "person": person, "tracks": tracks, "errors": errors, "failed": form,
        "values": values or {}, "saved": saved, "sections": ODI_SECTIONS, "psfs_rows": PSFS_ROWS,
        "odi_min": ODI_MIN_ANSWERED}, status=status)


@router.get("/outcomes", response_class=HTMLResponse)
def outcomes_page(request: Request, clock: ClockDep, store: StoreDep, saved: str | None = Query(None),
                  person: Person | None = Depends(page_person)) -> Response:
    if person is None:
        return RedirectResponse("/intake", status_code=303)
    shown = saved if saved in training.ASSESSMENT_KINDS else None
    return _outcomes_page(request, store, person, clock.today(), errors={}, saved=shown)


def _odi_values(form: dict[str, list[str]]) -> dict[str, Any]:
    scores = {}
    for number, _ in ODI_SECTIONS:
        score = whole(form, f"section_{number}")
        if score is not None:
            scores[str(number)] = score
    return {"sections": scores}


def _psfs_values(form: dict[str, list[str]]) -> dict[str, Any]:
    rows = []
    for n in range(1, PSFS_ROWS + 1):
        activity = (form.get(f"activity_{n}") or [""])[-1].strip()
        score = whole(form, f"score_{n}")
        if activity or score is not None:
            rows.append({"activity": activity, "score": needed(score, f"score_{n}")})
    return {"activities": rows}


def _nprs_values(form: dict[str, list[str]]) -> dict[str, Any]:
    return {"pain": needed(whole(form, "pain"), "pain")}


READERS: dict[str, Callable[[dict[str, list[str]]], dict[str, Any]]] = {
    "odi": _odi_values, "psfs": _psfs_values, "nprs": _nprs_values}
"""How each outcome form is read into the values ``training.record_assessment`` checks."""


@router.post("/outcomes/{kind}", response_class=HTMLResponse)
async def outcome_submit(kind: str, request: Request, clock: ClockDep, store: StoreDep,
                         person: Person | None = Depends(page_person)) -> Response:
    form = await form_data(request)
    if person is None:
        return RedirectResponse("/intake", status_code=303)
    reader = READERS.get(kind)
    if reader is None:
        raise InputError("kind", f"must be one of {', '.join(READERS)}, got {kind!r}")
    try:
        given = read_command(LogAssessment, {"kind": kind, "values": reader(form)})  # as the API reads it
        training.record_assessment(store=store, person_id=person.id, on=clock.today(), kind=given.kind,
                                   values=given.values)
    except InputError as exc:
        values = {k: v[-1] for k, v in form.items() if v}
        return _outcomes_page(request, store, person, clock.today(), errors={exc.field: exc.message},
                              form=kind, values=values, status=422)
    return RedirectResponse(f"/outcomes?saved={kind}", status_code=303)


# --- a client's summary and printouts --------------------------------------------------------

@router.get("/people/{person_id}/summary", response_class=HTMLResponse)
def summary_page(request: Request, clock: ClockDep, person_id: PageOwnedPersonId, store: StoreDep) -> Response:
    summary = training.client_summary(store=store, person_id=person_id, on=clock.today()).to_json()
    return render(request, "training/summary.html", {"nav": "progress", "s": summary,
                                                      "exercise": load_catalog().get})


@router.get("/people/{person_id}/report.pdf")
def report_download(clock: ClockDep, person_id: PageOwnedPersonId, store: StoreDep) -> Response:
    from spinewise.printouts import client_report_pdf, pdf_file_name

    day = clock.today()
    return pdf_response(client_report_pdf(store=store, person_id=person_id, on=day),
                        pdf_file_name("report", person_id, day))


@router.get("/people/{person_id}/handout.pdf")
def handout_download(clock: ClockDep, person_id: PageOwnedPersonId, store: StoreDep,
                     weeks: int = Query(2, ge=1, le=52)) -> Response:
    from spinewise.printouts import handout_pdf, pdf_file_name

    day = clock.today()
    return pdf_response(handout_pdf(store=store, person_id=person_id, on=day, weeks=weeks),
                        pdf_file_name("handout", person_id, day))
