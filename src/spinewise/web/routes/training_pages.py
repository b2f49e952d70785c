"""The training pages: today, gym mode, the check-in, habits, history and progress.

They read and write through ``spinewise.training`` only. Gym mode logs sets through
the JSON API from the page (so a dropped connection can queue them); the plain form
posts here are the fallback without JavaScript.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from spinewise import psychosocial_questions, training
from spinewise.commands import (
    CheckIn,
    DayHabits,
    EndSession,
    LogSet,
    StartSession,
    arguments,
    read_command,
)
from spinewise.domain.errors import InputError
from spinewise.library import load_catalog
from spinewise.web import words
from spinewise.web.auth import ClockDep, page_caller, page_person, require_page_person
from spinewise.web.bodies import RowId, iso_date
from spinewise.web.routes.forms import form_data, needed, number, whole
from spinewise.web.routes.pages import render
from spinewise.web.state import get_store

if TYPE_CHECKING:
    from spinewise.domain.catalog import Exercise
    from spinewise.store.records import LoggedSet, Person, WorkoutSession
    from spinewise.store.unit_of_work import Store

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_caller)])

DEFAULT_REST = {"main": 90, "core": 45}
"""Rest between sets when the plan does not say (seconds), by block."""


def script_json(payload: Any) -> str:
    """JSON safe inside a ``<script type="application/json">`` element."""
    return json.dumps(payload).replace("<", "\\u003c")


def _no_person() -> RedirectResponse:
    return RedirectResponse("/intake", status_code=303)


@router.get("/today", response_class=HTMLResponse)
def today_page(request: Request, clock: ClockDep, store: Store = Depends(get_store),
               person: Person | None = Depends(page_person)) -> Response:
    if person is None:
        return _no_person()
    on = clock.today()
    today = training.today(store=store, person_id=person.id, on=on)
    return render(request, "training/today.html", {"nav": "today", "t": today, "on": on})


@router.post("/today/start")
async def start_today(request: Request, clock: ClockDep, store: Store = Depends(get_store),
                      person: Person = Depends(require_page_person)) -> Response:
    form = await form_data(request)
    start = read_command(StartSession, {"baseline_pain": whole(form, "baseline_pain"), "free": "free" in form})
    session = training.start_session(store=store, person_id=person.id, on=clock.today(),
                                     baseline_pain=start.baseline_pain, free=bool(start.free))
    return RedirectResponse(f"/sessions/{session.id}", status_code=303)


@router.post("/follow-up/seen")
async def clinician_seen(request: Request, store: Store = Depends(get_store),
                         person: Person = Depends(require_page_person)) -> Response:
    """The person records that a clinician has seen them: the follow-up closes, and the
    next step is to answer the questions again (re-screen) with what the clinician found."""
    await form_data(request)
    training.record_clinician_seen(store=store, person_id=person.id)
    return RedirectResponse("/intake", status_code=303)


def _session_of(store: Store, person: Person, session_id: int) -> training.SessionDetail:
    """The person's session with its sets (404 when it is someone else's or unknown)."""
    return training.get_session(store=store, session_id=session_id, person_id=person.id)


def _rest_by_exercise(store: Store, person: Person, session: WorkoutSession) -> dict[str, int]:
    """Rest between sets for each exercise, as the plan prescribes it for that day."""
    plan = training.active_plan(store=store, person_id=person.id)
    if plan is None:
        return {}
    planned = training.planned_session_on(plan, session.on_date)
    if planned is None:
        return {}
    return {item.exercise: item.rx.rest_seconds or DEFAULT_REST.get(block.kind, 30)
            for block in planned.session.blocks for item in block.items}


def _free_items(store: Store, person: Person, sets: tuple[LoggedSet, ...],
                added: list[str]) -> tuple[list[training.TodayItem], list[Exercise], list[str]]:
    """A free session's exercises: those already logged, then those picked (``added``,
    each one the person's back and gear allow), with the choices left to pick from."""
    catalog = load_catalog()
    choices = training.exercise_choices(store=store, person_id=person.id, catalog=catalog)
    allowed = {e.id for e in choices}
    for ident in added:
        if ident not in allowed:
            raise InputError("add", f"{ident!r} is not an exercise your back and gear allow today")
    logged = list(dict.fromkeys(s.exercise for s in sets))
    picked = [i for i in dict.fromkeys(added) if i not in logged]
    items = [training.free_item(e, unit=person.units) for e in (catalog.get(i) for i in logged + picked)
             if e is not None]
    shown = {i.exercise for i in items}
    return items, [e for e in choices if e.id not in shown], picked


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
def gym_mode(session_id: RowId, request: Request, clock: ClockDep, add: list[str] = Query(default=[]),
             store: Store = Depends(get_store), person: Person = Depends(require_page_person)) -> Response:
    """One exercise at a time, big steppers, the monitor's answer after every set. A free
    session starts empty: the person picks exercises from what their back and gear allow."""
    detail = _session_of(store, person, session_id)
    session, sets = detail.session, detail.sets
    if session.imported:  # a past workout from another app: shown in the history, not gym mode
        return RedirectResponse("/history", status_code=303)
    catalog = load_catalog()
    free = session.plan_week is None
    choices: list[Exercise] = []
    picked: list[str] = []
    if free:
        planned, choices, picked = _free_items(store, person, sets, add)
        rest: dict[str, int] = {}
    else:
        planned = list(training.today(store=store, person_id=person.id, on=session.on_date).items)
        rest = _rest_by_exercise(store, person, session)
    gear = training.gym_settings(store=store, person_id=person.id)
    before = training.last_time(store=store, person_id=person.id, session_id=session.id, on=session.on_date,
                                exercises=[item.exercise for item in planned])
    items = []
    for item in planned:
        exercise = catalog.get(item.exercise)
        plates = gear.plates_for(exercise, item.load) if exercise else None
        last = before.get(item.exercise)
        items.append({**item.to_json(), "rest_seconds": rest.get(item.exercise, DEFAULT_REST.get(item.block, 30)),
                      "loaded": bool(exercise and exercise.loaded),
                      "cues": list(exercise.cues) if exercise else [],
                      "regressions": list(exercise.regressions) if exercise else [],
                      "plates": plates.words() if plates else None,
                      "on_bar": bool(exercise and gear.bar_for(exercise) is not None),
                      "last": last.to_json() if last else None})
    logged = [s.to_json() | {"decision": s.decision} for s in sets]
    stopped = detail.stopped
    data = {"session_id": session.id, "unit": person.units, "ended": session.ended_at is not None,
            "started_at": session.started_at.isoformat() + "Z", "items": items, "logged": logged,
            "stopped": stopped, "actions": words.ACTIONS,
            "show": len(items) - 1 if picked else None}  # a just-picked exercise comes up first
    now = clock.now().astimezone(UTC).replace(tzinfo=None)  # stored times are naive UTC
    minutes = max(1, round((now - session.started_at).total_seconds() / 60))
    return render(request, "training/session.html", {
        "nav": "today", "session": session, "items": items, "logged": logged, "stopped": stopped,
        "data_json": script_json(data), "minutes": min(minutes, 600), "symptoms": words.SYMPTOMS,
        "new_id": lambda: uuid.uuid4().hex, "unit": person.units, "exercise": catalog.get,
        "free": free, "choices": choices, "picked": picked, "patterns": words.MOVEMENT_PATTERNS})


@router.post("/sessions/{session_id}/sets")
async def log_set_form(session_id: RowId, request: Request, store: Store = Depends(get_store),
                       person: Person = Depends(require_page_person)) -> Response:
    """The no-JavaScript way to log a set: a form post, then back to gym mode."""
    _session_of(store, person, session_id)
    form = await form_data(request)
    logged = read_command(LogSet, {
        "client_id": (form.get("client_id") or [""])[-1], "exercise": (form.get("exercise") or [""])[-1],
        "pain": needed(whole(form, "pain"), "pain"), "reps": whole(form, "reps"), "seconds": whole(form, "seconds"),
        "load": number(form, "load"), "rpe": number(form, "rpe")})
    training.log_set(store=store, session_id=session_id, **arguments(logged))
    return RedirectResponse(f"/sessions/{session_id}", status_code=303)


@router.post("/sessions/{session_id}/end")
async def end_session_form(session_id: RowId, request: Request, store: Store = Depends(get_store),
                           person: Person = Depends(require_page_person)) -> Response:
    _session_of(store, person, session_id)
    form = await form_data(request)
    end = read_command(EndSession, {
        "pain_after": needed(whole(form, "pain_after"), "pain_after"),
        "session_rpe": needed(number(form, "session_rpe"), "session_rpe"),
        "duration_minutes": needed(whole(form, "duration_minutes"), "duration_minutes"),
        "notes": (form.get("notes") or [""])[-1].strip() or None})
    training.end_session(store=store, session_id=session_id, **arguments(end))
    return RedirectResponse(f"/sessions/{session_id}/summary", status_code=303)


# --- check-in and habits ----------------------------------------------------------------

PSYCHOSOCIAL_FIELD = "psychosocial."
"""Form fields of the psychosocial questions on the check-in page (``psychosocial.<field>``)."""


def _psychosocial_answers(form: dict[str, list[str]]) -> dict[str, Any] | None:
    """The check-in's psychosocial answers as the intake's ``psychosocial`` object, or
    ``None`` when the person left the section untouched (asked again next time). Once
    anything is answered, an unticked statement is an answer: "no"."""
    ticked = {key for key, _ in psychosocial_questions.TOPICS if form.get(PSYCHOSOCIAL_FIELD + key)}
    bother = [v for v in form.get(PSYCHOSOCIAL_FIELD + "bothersomeness", []) if v]
    if not ticked and not bother:
        return None
    answers: dict[str, Any] = {key: key in ticked for key, _ in psychosocial_questions.TOPICS}
    if bother:
        answers["bothersomeness"] = bother[-1]
    return answers


def _checkin_context(pending: bool, **values: Any) -> dict[str, Any]:
    return {"nav": "checkin", "symptoms": words.SYMPTOMS, "psychosocial_pending": pending,
            "questions": psychosocial_questions, **values}


@router.get("/checkin", response_class=HTMLResponse)
def checkin_page(request: Request, store: Store = Depends(get_store),
                 person: Person | None = Depends(page_person)) -> Response:
    if person is None:
        return _no_person()
    pending = training.psychosocial_pending(store=store, person_id=person.id)
    return render(request, "training/checkin.html", _checkin_context(pending, outcome=None, errors={}, values={}))


@router.post("/checkin", response_class=HTMLResponse)
async def checkin_submit(request: Request, clock: ClockDep, store: Store = Depends(get_store),
                         person: Person = Depends(require_page_person)) -> Response:
    form = await form_data(request)
    values = {k: v[-1] for k, v in form.items() if v}
    try:
        given = read_command(CheckIn, {
            "pain": needed(whole(form, "pain"), "pain"), "stiffness": whole(form, "stiffness") or 0,
            "stiff_hours": number(form, "stiff_hours") or 0.0, "sleep_hours": number(form, "sleep_hours"),
            "sleep_quality": whole(form, "sleep_quality"), "locked_up": "locked_up" in form,
            "symptoms": form.get("symptoms", []), "psychosocial": _psychosocial_answers(form)})
        outcome = training.checkin(store=store, person_id=person.id, on=clock.today(), **arguments(given))
    except InputError as exc:
        pending = training.psychosocial_pending(store=store, person_id=person.id)
        return render(request, "training/checkin.html", _checkin_context(
            pending, outcome=None, errors={exc.field: exc.message}, values=values,
            checked=form.get("symptoms", [])), status=422)
    return render(request, "training/checkin.html", _checkin_context(
        outcome.psychosocial_pending, outcome=outcome, errors={}, values=values))


HABIT_FIELDS = {"movement_breaks": whole, "sleep_hours": number, "posture_checks": whole}
HABIT_FLAGS = ("hydration", "heat_or_bath", "foam_rolling", "footwear")


@router.get("/habits", response_class=HTMLResponse)
def habits_page(request: Request, clock: ClockDep, store: Store = Depends(get_store),
                person: Person | None = Depends(page_person)) -> Response:
    if person is None:
        return _no_person()
    summary = training.habit_summary(store=store, person_id=person.id, on=clock.today())
    saved = training.habits_on(store=store, person_id=person.id, on=clock.today())
    return render(request, "training/habits.html", {"nav": "habits", "summary": summary, "saved": False,
                                                     "errors": {}, "day": saved})


@router.post("/habits", response_class=HTMLResponse)
async def habits_submit(request: Request, clock: ClockDep, store: Store = Depends(get_store),
                        person: Person = Depends(require_page_person)) -> Response:
    form = await form_data(request)
    errors: dict[str, str] = {}
    habits: dict[str, object] = {}
    try:
        for name, read in HABIT_FIELDS.items():
            value = read(form, name)
            if value is not None:
                habits[name] = value
        habits.update({name: name in form for name in HABIT_FLAGS})
        day = read_command(DayHabits, habits)
        training.record_habits(store=store, person_id=person.id, on=clock.today(), habits=arguments(day))
    except InputError as exc:
        errors[exc.field] = exc.message
    summary = training.habit_summary(store=store, person_id=person.id, on=clock.today())
    saved = training.habits_on(store=store, person_id=person.id, on=clock.today())
    return render(request, "training/habits.html", {"nav": "habits", "summary": summary, "saved": not errors,
                                                     "errors": errors, "day": saved}, status=422 if errors else 200)


# --- history and progress ---------------------------------------------------------------

HISTORY_PAGE = 8
"""Sessions per history page (about two and a half weeks); older ones are a link away."""


@router.get("/history", response_class=HTMLResponse)
def history_page(request: Request, before: str | None = None, store: Store = Depends(get_store),
                 person: Person | None = Depends(page_person)) -> Response:
    if person is None:
        return _no_person()
    until = iso_date(before, "before") - timedelta(days=1) if before else None
    found = training.history(store=store, person_id=person.id, until=until, limit=HISTORY_PAGE)
    older = found[-1].session.on_date.isoformat() if len(found) == HISTORY_PAGE else None
    return render(request, "training/history.html", {"nav": "history", "sessions": found, "older": older,
                                                      "exercise": load_catalog().get})


@router.get("/progress", response_class=HTMLResponse)
def progress_page(request: Request, clock: ClockDep, store: Store = Depends(get_store),
                  span: Literal["month", "half-year", "all"] = "half-year",
                  person: Person | None = Depends(page_person)) -> Response:
    """The charts over the last month, half year (the default) or everything logged
    (imported years included)."""
    if person is None:
        return _no_person()
    on = clock.today()
    since = on - CHART_SPANS[span] if span != "all" else EVERYTHING_SINCE
    shown = training.progress(store=store, person_id=person.id, on=on, since=since).to_json()
    return render(request, "training/progress.html", {"nav": "progress", "p": shown, "span": span,
                                                       "spans": SPAN_WORDS, "data_json": script_json(shown)})


CHART_SPAN = timedelta(weeks=training.PROGRESS_WEEKS)
"""The charts show the last half year unless asked: readable on a phone, and light to send."""
CHART_SPANS = {"month": timedelta(days=31), "half-year": CHART_SPAN}
EVERYTHING_SINCE = date(1900, 1, 1)
SPAN_WORDS = {"month": "Last month", "half-year": f"Last {training.PROGRESS_WEEKS} weeks", "all": "Everything"}
