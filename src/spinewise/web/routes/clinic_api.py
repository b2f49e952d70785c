"""What a clinician reads about a client, over the JSON API: the summary, the printable
client report and the exercise handout (PDF). Guarded by ``OwnedPersonId``: the person's
own account now, and whoever ``web.auth`` lets read that person."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from spinewise import training
from spinewise.web.auth import ClockDep, OwnedPersonId, api_account
from spinewise.web.bodies import iso_date, known_query_only
from spinewise.web.errors import error_responses
from spinewise.web.routes.training_api import DAY_IN_QUERY
from spinewise.web.state import get_store

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store

router = APIRouter(prefix="/api/v1", tags=["clinic"], dependencies=[Depends(api_account), Depends(known_query_only)])

PDF_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The PDF (a download: Content-Disposition attachment, not cached)",
          "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
    **error_responses(404, 422, 503),
}
"""A PDF route's answers: the file, or the error shape (503 when PDFs cannot be made here)."""


def pdf_response(payload: bytes, file_name: str) -> Response:
    return Response(payload, media_type="application/pdf", headers={
        "content-disposition": f'attachment; filename="{file_name}"', "cache-control": "no-store"})


@router.get("/people/{person_id}/summary", summary="A client's summary for a clinician", response_model=None,
            responses=error_responses(404, 422))
def get_summary(clock: ClockDep, person_id: OwnedPersonId,
                on: str | None = Query(None, alias="date", description="YYYY-MM-DD; default today.",
                                       json_schema_extra=DAY_IN_QUERY),
                store: Store = Depends(get_store)) -> JSONResponse:
    """Screening and its reasons, the current plan, adherence over 2 and 6 weeks (planned
    sessions done), days with data in the last 30, pain against training load by week,
    check-ins and habits, outcome measures (NPRS, PSFS, ODI) over time against the smallest
    change that matters, and the coaching alerts (an empty list before alerts exist)."""
    day = iso_date(on, default=clock.today())
    return JSONResponse(training.client_summary(store=store, person_id=person_id, on=day).to_json())


@router.get("/people/{person_id}/report.pdf", summary="The printable client report (PDF)",
            response_class=Response, responses=PDF_RESPONSES)
def get_report(clock: ClockDep, person_id: OwnedPersonId,
               on: str | None = Query(None, alias="date", description="YYYY-MM-DD; default today.",
                                      json_schema_extra=DAY_IN_QUERY),
               store: Store = Depends(get_store)) -> Response:
    """The summary as a printable report, with pain and load charts and the outcome measures
    over time."""
    from spinewise.printouts import client_report_pdf, pdf_file_name

    day = iso_date(on, default=clock.today())
    return pdf_response(client_report_pdf(store=store, person_id=person_id, on=day),
                        pdf_file_name("report", person_id, day))


@router.get("/people/{person_id}/handout.pdf", summary="The exercise handout of the current plan (PDF)",
            response_class=Response, responses=PDF_RESPONSES)
def get_handout(clock: ClockDep, person_id: OwnedPersonId,
                on: str | None = Query(None, alias="date", description="YYYY-MM-DD; default today.",
                                       json_schema_extra=DAY_IN_QUERY),
                weeks: int = Query(2, ge=1, le=52, description="Weeks of the plan, from the week of `date`."),
                store: Store = Depends(get_store)) -> Response:
    """Each session by week and day with every exercise's sets, reps or hold, tempo, effort
    cap, rest and "each side", then each exercise's cues. 404 when there is no current plan."""
    from spinewise.printouts import handout_pdf, pdf_file_name

    day = iso_date(on, default=clock.today())
    return pdf_response(handout_pdf(store=store, person_id=person_id, on=day, weeks=weeks),
                        pdf_file_name("handout", person_id, day))
