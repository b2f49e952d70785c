"""The JSON API for training: people, intakes, today, sessions, sets, check-ins, habits,
assessments, history and progress, over ``spinewise.training``.

Logging a set is idempotent: the client makes up an id (a UUID) for each set and may
send it again after a dropped connection; the same id never makes a second set, and
the answer is the decision given the first time (``replayed`` true, status 200
instead of 201).
"""

from __future__ import annotations

import contextlib
import re
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any

import anyio
import orjson
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from spinewise import services, training
from spinewise.commands import (
    CheckIn,
    CreatePerson,
    DayHabits,
    EndSession,
    LogAssessment,
    LogSet,
    RecordClinicianVisit,
    ReportSymptoms,
    Rescreen,
    StartSession,
    arguments,
    read_command,
)
from spinewise.domain.errors import ConflictError, InputError, SpinewiseError
from spinewise.store.unit_of_work import StorageError
from spinewise.web.auth import (
    SESSION_COOKIE,
    Caller,
    CallerDep,
    ClockDep,
    OwnedPersonId,
    OwnedSessionId,
    api_account,
    api_caller_from,
    cached_api_caller,
)
from spinewise.web.bodies import (
    DATE_SCHEMA,
    MAX_ROW_ID,
    PARSE_FIRST,
    RowId,
    command,
    command_body,
    iso_date,
    known_query_only,
    nested,
    no_query,
    parse_body,
    read_json,
)
from spinewise.web.errors import (
    BodyTooLarge,
    api_error_response,
    error_responses,
    internal_error_response,
    log,
)
from spinewise.web.state import get_set_writer, get_store

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store

router = APIRouter(prefix="/api/v1", tags=["training"], dependencies=[Depends(api_account), Depends(known_query_only)])
"""Every route here reads or writes stored data: all of them need a caller (``api_account``)."""

DAY_IN_QUERY = {k: v for k, v in DATE_SCHEMA.items() if k in ("format", "pattern")}
"""A day in a query or the path: only ``YYYY-MM-DD`` days ``iso_date`` takes."""
_ERRORS = error_responses(400, 404, 422)
_ERRORS_409 = error_responses(400, 404, 409, 422)


def created(payload: dict[str, Any]) -> JSONResponse:
    return JSONResponse(payload, status_code=201)


# --- people and intakes --------------------------------------------------------------

@router.post("/people", summary="Create a person from an intake", status_code=201, response_model=None,
             responses=_ERRORS_409, openapi_extra=command_body(CreatePerson))
def create_person(caller: CallerDep, body: Annotated[CreatePerson, Depends(command(CreatePerson))],
                  store: Store = Depends(get_store)) -> JSONResponse:
    """Screen the intake and store the caller's own person, the screening and (when training is
    allowed) the plan. One person per account: a second is a 409."""
    intake = nested("intake", lambda: services.as_intake(body.intake))
    try:
        overview = training.create_person(store=store, name=body.name, intake=intake, start=body.start,
                                          weeks=body.weeks, account_id=caller.account.id)
    except training.PersonExists as exc:
        raise ConflictError(exc.message, "person") from None
    return created(overview.to_json())


@router.get("/people/{person_id}", summary="A person with their screening and plan", response_model=None,
            responses=error_responses(404))
def get_person(person_id: OwnedPersonId, store: Store = Depends(get_store)) -> JSONResponse:
    """`follow_up` is the clinician follow-up still open after a seek-care answer (what to
    tell the clinician), or null: a coach looking after the person sees it too."""
    care = training.follow_up(store=store, person_id=person_id)
    return JSONResponse({**training.get_person(store=store, person_id=person_id).to_json(),
                         "follow_up": care.to_json() if care is not None else None})


@router.post("/people/{person_id}/intakes", summary="Re-screen with a new intake", status_code=201,
             response_model=None, responses=_ERRORS, dependencies=PARSE_FIRST, openapi_extra=command_body(Rescreen))
def add_intake(*, person_id: OwnedPersonId, body: Annotated[Rescreen, Depends(command(Rescreen))],
               store: Store = Depends(get_store)) -> JSONResponse:
    intake = nested("intake", lambda: services.as_intake(body.intake))
    overview = training.rescreen(store=store, person_id=person_id, intake=intake, start=body.start,
                                 weeks=body.weeks)
    return created(overview.to_json())


# --- today, sessions and sets -----------------------------------------------------------

@router.get("/people/{person_id}/today", summary="Today's session with today's prescriptions",
            response_model=None, responses=error_responses(404, 422))
def get_today(clock: ClockDep, person_id: OwnedPersonId, on: str | None = Query(None, alias="date", description="YYYY-MM-DD; default today.", json_schema_extra=DAY_IN_QUERY),
              store: Store = Depends(get_store)) -> JSONResponse:
    return JSONResponse(training.today(store=store, person_id=person_id, on=iso_date(on, default=clock.today())).to_json())


@router.post("/people/{person_id}/sessions", summary="Start (or resume) a session", status_code=201,
             response_model=None, responses=_ERRORS_409, dependencies=PARSE_FIRST, openapi_extra=command_body(StartSession))
def start_session(*, clock: ClockDep, person_id: OwnedPersonId,
                  body: Annotated[StartSession, Depends(command(StartSession))],
                  store: Store = Depends(get_store)) -> JSONResponse:
    """A 409 when today's session was stopped, or while a clinician's visit is due after
    a seek-care answer (``today`` says which: ``stopped`` or ``see_clinician``)."""
    session = training.start_session(store=store, person_id=person_id, on=body.on or clock.today(),
                                     baseline_pain=body.baseline_pain, free=bool(body.free))
    return created(session.to_json())


@router.get("/people/{person_id}/sessions", summary="Logged sessions, newest first", response_model=None,
            responses=error_responses(404, 422))
def list_sessions(person_id: OwnedPersonId, since: str | None = Query(None, json_schema_extra=DAY_IN_QUERY), until: str | None = Query(None, json_schema_extra=DAY_IN_QUERY),
                  limit: int = Query(20, ge=1, le=10_000), store: Store = Depends(get_store)) -> JSONResponse:
    found = training.history(store=store, person_id=person_id,
                             since=iso_date(since, "since") if since else None,
                             until=iso_date(until, "until") if until else None, limit=limit)
    return JSONResponse([h.to_json() for h in found])


@router.get("/sessions/{session_id}", summary="A session with its sets, symptom reports and what stopped it",
            response_model=None, responses=error_responses(404, 422))
def get_session(session_id: OwnedSessionId, store: Store = Depends(get_store)) -> JSONResponse:
    """`stopped` is the monitor's answer that stopped the session (from a set or from "something's
    wrong"; seek care before end the session), or null: any device can show it."""
    return JSONResponse(training.get_session(store=store, session_id=session_id).to_json())


@router.post("/sessions/{session_id}/sets", summary="Log a set (idempotent by client_id)", status_code=201,
             response_model=None, responses={200: {"description": "The same client_id was sent before: "
                                                                  "the stored set and its decision"}, **_ERRORS_409},
             openapi_extra=command_body(LogSet))
async def log_set(session_id: RowId, request: Request, caller: CallerDep) -> Response:
    """Store the set and answer with the monitor's decision: continue, adjust (with the
    adjustment), skip_exercise, end_session or seek_care. The answer comes once the set
    is committed; sets arriving together share one transaction (group commit). An
    answer of end_session or seek_care stops the session: any later set is a 409
    (as is one for a session that was finished or stopped from "something's wrong")."""
    return await _log_set(request, session_id, caller.account.id)


async def _log_set(request: Request, session_id: int, account_id: int) -> Response:
    body = read_command(LogSet, await read_json(request))
    status, payload = await _store_set(request.app, session_id, body, account_id)
    return Response(payload, status_code=status, media_type="application/json")


async def _store_set(app: Any, session_id: int, body: LogSet, account_id: int) -> tuple[int, bytes]:
    """Store one set for ``account_id``: a session of another account's person is "not
    found" (checked in the writer, against the cached session tally: no extra read)."""
    pending = training.prepare_set(session_id=session_id, account_id=account_id, **arguments(body))
    outcome = await get_set_writer(app).log(pending)
    return 200 if outcome.replayed else 201, orjson.dumps(outcome.to_json())


SET_PATH = re.compile(r"/api/v1/sessions/([0-9]{1,19})/sets")
"""The set-logging path with a plain-digit id: the fast lane (``log_set_fast``)."""

MAX_SET_BODY = 16 * 1024
"""A set is well under 1 KB (notes stop at 500 characters); a bigger body is a 413."""

_JSON_HEADERS = [(b"content-type", b"application/json")]


async def log_set_fast(app: Any, scope: Scope, receive: Receive, send: Send, session_text: str) -> None:
    """``POST /api/v1/sessions/{id}/sets`` as a plain ASGI call, taken by the app before
    its middleware and router (``web.app.SpinewiseApp``): that stack (route matching
    over every route, dependency resolution, the error, size-limit and gzip
    middleware) cost more than storing the set. The same checks, answers and error
    shape as the declared route ``log_set`` (which documents it in OpenAPI and takes
    ids that are not plain digits); a bug still answers a 500 in the API's shape."""
    try:
        try:
            caller = await _fast_caller(app, scope)
            no_query(scope.get("query_string", b""))
            raw = await _read_body(receive)
            if raw is None:  # the client went away before sending the body
                return
            body = read_command(LogSet, _parse_json(raw))
            status, payload = await _store_set(app, _row_id(int(session_text)), body, caller.account.id)
        except SpinewiseError as exc:
            if isinstance(exc, StorageError):
                log.error("storage error on POST %s: %s", scope["path"], exc)
            error = api_error_response(exc)
            assert error is not None  # every SpinewiseError has an answer
            await error(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": status,
                    "headers": [*_JSON_HEADERS, (b"content-length", b"%d" % len(payload))]})
        await send({"type": "http.response.body", "body": payload})
    except Exception:
        log.exception("unhandled error on POST %s", scope["path"])
        with contextlib.suppress(Exception):  # the response may have started already
            await internal_error_response()(scope, receive, send)


async def _fast_caller(app: Any, scope: Scope) -> Caller:
    """The fast lane's caller, exactly as ``auth.api_account`` finds it: a cached token
    costs a dictionary lookup; otherwise the check runs on a thread."""
    authorization = cookie_header = csrf = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            authorization = value.decode("latin-1")
        elif name == b"cookie":
            cookie_header = value.decode("latin-1")
        elif name == b"x-csrf-token":
            csrf = value.decode("latin-1")
    cached = cached_api_caller(app, authorization)
    if cached is not None:
        return cached
    cookie = None
    if cookie_header and authorization is None:
        from http.cookies import SimpleCookie

        jar: SimpleCookie = SimpleCookie()
        with contextlib.suppress(Exception):
            jar.load(cookie_header)
        morsel = jar.get(SESSION_COOKIE)
        cookie = morsel.value if morsel is not None else None
    caller: Caller = await anyio.to_thread.run_sync(api_caller_from, app, authorization, cookie, csrf)
    return caller


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > MAX_SET_BODY:
            raise BodyTooLarge(MAX_SET_BODY)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


_LONG_DIGITS = re.compile(rb"[0-9]{19}")
"""orjson reads an integer beyond 64 bits as a float (rounded); the standard parser
keeps it exact, so bodies with such numbers go to the standard parser."""


def _parse_json(raw: bytes) -> Any:
    """orjson first; whatever it refuses (or could read differently) goes to
    ``bodies.parse_body``, which decides (and words the error) exactly as every other
    route does. A property test holds the two to the same answers."""
    if _LONG_DIGITS.search(raw) is None:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return parse_body(raw)


def _row_id(value: int) -> int:
    # as ``RowId`` says it on the declared route
    if value < 1:
        raise InputError("session_id", "Input should be greater than or equal to 1")
    if value > MAX_ROW_ID:
        raise InputError("session_id", f"must be an integer from 1 to {MAX_ROW_ID}, got {value}")
    return value


@router.post("/sessions/{session_id}/symptoms", summary="Something's wrong: report symptoms", response_model=None,
             responses=_ERRORS, dependencies=PARSE_FIRST, openapi_extra=command_body(ReportSymptoms))
def report_symptoms(*, session_id: OwnedSessionId, body: Annotated[ReportSymptoms, Depends(command(ReportSymptoms))],
                    store: Store = Depends(get_store)) -> JSONResponse:
    """The monitor's answer. An answer of end_session or seek_care, or `stop`, stops the
    session: it takes no more sets."""
    decision = training.report_symptoms(store=store, session_id=session_id, symptoms=body.symptoms,
                                        exercise=body.exercise, pain_one_sided=bool(body.pain_one_sided),
                                        stop=bool(body.stop))
    return JSONResponse(decision)


@router.post("/people/{person_id}/clinician-visits", summary="A clinician has seen me", status_code=201,
             response_model=None, responses=error_responses(400, 404, 422),
             dependencies=PARSE_FIRST, openapi_extra=command_body(RecordClinicianVisit))
def record_clinician_visit(*, person_id: OwnedPersonId,
                           body: Annotated[RecordClinicianVisit, Depends(command(RecordClinicianVisit))],
                           store: Store = Depends(get_store)) -> JSONResponse:
    """Closes the follow-up opened by a seek-care answer (Today's `see_clinician`):
    sessions can start again. Re-screen next with what the clinician found."""
    person = training.record_clinician_seen(store=store, person_id=person_id)
    return created(person.to_json())


@router.post("/sessions/{session_id}/end", summary="End a session", response_model=None, responses=_ERRORS,
             dependencies=PARSE_FIRST, openapi_extra=command_body(EndSession))
def end_session(*, session_id: OwnedSessionId, body: Annotated[EndSession, Depends(command(EndSession))],
                store: Store = Depends(get_store)) -> JSONResponse:
    session = training.end_session(store=store, session_id=session_id, **arguments(body))
    return JSONResponse(session.to_json())


# --- check-ins, habits, assessments, progress ---------------------------------------------

@router.post("/people/{person_id}/checkins", summary="The next-morning check-in", status_code=201,
             response_model=None, responses=_ERRORS, dependencies=PARSE_FIRST, openapi_extra=command_body(CheckIn,
                 "This morning's pain, stiffness, sleep and any symptoms. While the person's "
                 "psychosocial questions are unanswered (`psychosocial_pending` in the answer, "
                 "`psychosocial_risk` `not_assessed`), `psychosocial` may carry them (the intake's fields): "
                 "they are saved into the intake and the answer holds the new `screening`."))
def add_checkin(*, clock: ClockDep, person_id: OwnedPersonId, body: Annotated[CheckIn, Depends(command(CheckIn))],
                store: Store = Depends(get_store)) -> JSONResponse:
    given = arguments(body)
    on = given.pop("on", None) or clock.today()
    outcome = training.checkin(store=store, person_id=person_id, on=on, **given)
    return created(outcome.to_json())


@router.put("/people/{person_id}/habits/{day}", summary="Save a day's habits", response_model=None,
            responses=_ERRORS, dependencies=PARSE_FIRST, openapi_extra=command_body(DayHabits))
def put_habits(*, person_id: OwnedPersonId, day: Annotated[str, Path(json_schema_extra=DAY_IN_QUERY)],
               body: Annotated[DayHabits, Depends(command(DayHabits))],
               store: Store = Depends(get_store)) -> JSONResponse:
    saved = training.record_habits(store=store, person_id=person_id, on=iso_date(day, "day"),
                                   habits=arguments(body))
    return JSONResponse(saved.as_dict())


@router.get("/people/{person_id}/habits", summary="Habit streaks and habits beside pain", response_model=None,
            responses=error_responses(404, 422))
def get_habits(clock: ClockDep, person_id: OwnedPersonId, on: str | None = Query(None, alias="date", description="YYYY-MM-DD; default today.", json_schema_extra=DAY_IN_QUERY), days: int = Query(28, ge=1, le=366),
               store: Store = Depends(get_store)) -> JSONResponse:
    summary = training.habit_summary(store=store, person_id=person_id, on=iso_date(on, default=clock.today()), days=days)
    return JSONResponse(summary.to_json())


@router.post("/people/{person_id}/assessments", summary="Log an assessment", status_code=201, response_model=None,
             responses=_ERRORS, dependencies=PARSE_FIRST, openapi_extra=command_body(LogAssessment, "A McGill endurance test (`flexor`, `extensor`, "
                 "`side_bridge_right`, `side_bridge_left` in seconds; how to do them: `GET /assessments/endurance`), "
                 "a PSFS, an NPRS or an ODI (section scores only: at least 8 of the 10 sections, 0-5 each)."))
def add_assessment(*, clock: ClockDep, person_id: OwnedPersonId,
                   body: Annotated[LogAssessment, Depends(command(LogAssessment))],
                   store: Store = Depends(get_store)) -> JSONResponse:
    saved = training.record_assessment(store=store, person_id=person_id, on=body.on or clock.today(),
                                       kind=body.kind, values=body.values)
    return created(saved.to_json())


@router.get("/people/{person_id}/progress", summary="Progress series and decisions", response_model=None,
            responses=error_responses(404, 422))
def get_progress(clock: ClockDep, person_id: OwnedPersonId, on: str | None = Query(None, alias="date", description="YYYY-MM-DD; default today.", json_schema_extra=DAY_IN_QUERY),
                 since: str | None = Query(None, description="First day of the series (YYYY-MM-DD), on or before `date`.", json_schema_extra=DAY_IN_QUERY),
                 weeks: int | None = Query(None, ge=1, le=520, description="Series over this many weeks before `date` "
                                                                          "(instead of `since`); default 26."),
                 store: Store = Depends(get_store)) -> JSONResponse:
    """The series (pain, training load, volume by pattern) cover `since` to `date`, by default the last
    26 weeks; the decisions (pain trend, flare-ups, adherence, phase readiness) and the outcome measures
    (NPRS, PSFS) always weigh the whole history."""
    day = iso_date(on, default=clock.today())
    if since is not None and weeks is not None:
        raise InputError("since", "give since or weeks, not both")
    start = iso_date(since, "since") if since is not None else (
        day - timedelta(weeks=weeks) if weeks is not None else None)
    return JSONResponse(training.progress(store=store, person_id=person_id, on=day, since=start).to_json())
