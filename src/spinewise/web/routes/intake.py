"""The intake wizard: one step per page, answers kept in the draft between steps.

Works without JavaScript (plain forms, 303 redirects); with htmx each field is
checked as soon as it changes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from spinewise import training
from spinewise.domain.errors import InputError, NotFoundError
from spinewise.domain.planner import NO_PLAN_ADVICE
from spinewise.domain.screening import Screening
from spinewise.web import wizard
from spinewise.web.auth import ClockDep, page_caller, page_person
from spinewise.web.deps import get_draft, save_draft
from spinewise.web.draft import Draft
from spinewise.web.routes.forms import form_data
from spinewise.web.state import get_store, save_intake

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_caller)])


def _step_or_404(slug: str) -> wizard.Step:
    step = wizard.step_by_slug(slug)
    if step is None:
        raise NotFoundError("intake step", slug)
    return step


def _render(request: Request, step: wizard.Step, doc: dict[str, Any], reached: int, *,
            errors: dict[str, str] | None = None, raw: dict[str, str] | None = None,
            status: int = 200) -> HTMLResponse:
    index = wizard.step_index(step)
    values = {q.path: wizard.shown_value(q, doc) for q in step.questions}
    for path, text in (raw or {}).items():
        if errors and path in errors:
            values[path] = text
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "intake/step.html",
        {"step": step, "index": index, "steps": wizard.STEPS, "reached": max(reached, index),
         "values": values, "errors": errors or {}, "as_text": wizard.as_text,
         "is_last": index == len(wizard.STEPS) - 1},
        status_code=status)
    return response


def working_draft(request: Request) -> Draft:
    """This browser's draft, else the stored answers (a second browser, or after a restart)."""
    found = get_draft(request)
    if not found.is_empty or found.started_over:
        return found
    store = get_store(request)
    person = page_person(request.state.caller, store)
    stored = training.latest_intake(store=store, person_id=person.id) if person is not None else None
    return Draft(doc=stored, reached=len(wizard.STEPS) - 1) if stored else found


@router.get("/intake")
def intake_start(request: Request) -> RedirectResponse:
    found = working_draft(request)
    step = wizard.STEPS[min(found.reached, len(wizard.STEPS) - 1)] if not found.is_empty else wizard.STEPS[0]
    return RedirectResponse(f"/intake/{step.slug}", status_code=303)


@router.get("/intake/{slug}", response_class=HTMLResponse)
def intake_step(slug: str, request: Request) -> HTMLResponse:
    step = _step_or_404(slug)
    found = working_draft(request)
    return _render(request, step, found.doc, found.reached)


@router.post("/intake/{slug}")
async def intake_answer(slug: str, request: Request, clock: ClockDep) -> Response:
    """Save a step's answers; go on, go back, or show what needs fixing."""
    step = _step_or_404(slug)
    form = await form_data(request)
    action = (form.get("action") or ["next"])[-1]
    found = working_draft(request)
    answers = wizard.read_step(step, form)
    doc = wizard.apply_answers(found.doc, answers.values)
    index = wizard.step_index(step)
    if action == "next" and answers.errors:
        return _render(request, step, doc, found.reached, errors=answers.errors, raw=answers.raw, status=422)
    if action == "next" and (stop := wizard.stop_after(step, doc)) is not None:
        return _finish(request, doc, max(found.reached, index), clock.today(), stopped=stop)
    if action == "back":
        target = wizard.STEPS[max(index - 1, 0)]
    elif action.startswith("goto:") and wizard.step_by_slug(action[5:]) is not None:
        target = _step_or_404(action[5:])
    elif index + 1 < len(wizard.STEPS):
        target = wizard.STEPS[index + 1]
    else:
        return _finish(request, doc, max(found.reached, index), clock.today())
    reached = max(found.reached, index + 1 if action == "next" else index)
    response = RedirectResponse(f"/intake/{target.slug}", status_code=303)
    save_draft(response, request, Draft(doc=doc, reached=min(reached, len(wizard.STEPS) - 1),
                                        started_over=found.started_over and not doc))
    return response


def _finish(request: Request, doc: dict[str, Any], reached: int, today: date, *,
            stopped: Screening | None = None) -> Response:
    """The last step, or a step whose answers need emergency or urgent care (``stopped``):
    store the answers (a new person or a re-screen), then the result."""
    try:
        intake = wizard.complete_intake(doc)
    except InputError as exc:
        if stopped is not None:  # the first answers are missing: the result comes first
            return _stopped_result(request, stopped, doc, today)
        step = wizard.step_of_field(exc.field)
        return _render(request, step, doc, reached, errors={exc.field: wizard.plain(exc.message)}, status=422)
    store = get_store(request)
    caller = request.state.caller
    save_intake(store, page_person(caller, store), intake, on=today, account_id=caller.account.id)
    response = RedirectResponse("/result", status_code=303)
    save_draft(response, request, Draft(doc=doc, reached=len(wizard.STEPS) - 1))
    return response


def _stopped_result(request: Request, screening: Screening, doc: dict[str, Any], today: date) -> HTMLResponse:
    """The result of answers that stop the wizard before the draft is a whole intake
    (shown, not stored: nothing else may stand between the person and care)."""
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "result.html",
        {"s": screening, "next_step": screening.to_json()["next_step"],
         "advice": NO_PLAN_ADVICE.get(screening.level, ""), "answers": wizard.summary(doc),
         "intake": None, "today": today.isoformat()})
    return response


@router.post("/intake/{slug}/check", response_class=HTMLResponse)
async def intake_check(slug: str, request: Request, field: str) -> HTMLResponse:
    """One field's verdict as a fragment (htmx swaps it in beside the field)."""
    step = _step_or_404(slug)
    question = next((q for q in step.questions if q.path == field), None)
    if question is None:
        raise NotFoundError("question", field)
    form = await form_data(request)
    try:
        message = wizard.check_answer(question, wizard.read_answer(question, form))
    except InputError as exc:
        message = wizard.plain(exc.message)
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "intake/_error.html", {"q": question, "error": message})
    return response


@router.post("/intake-reset")
async def intake_reset(request: Request) -> RedirectResponse:
    """Forget every answer and start again: the wizard starts empty (the stored answers
    stay stored until new ones are sent, but are no longer shown)."""
    await form_data(request)  # checks the CSRF token
    response = RedirectResponse("/intake", status_code=303)
    save_draft(response, request, Draft(started_over=True))
    return response
