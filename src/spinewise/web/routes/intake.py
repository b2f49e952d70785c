"""The intake wizard: one step per page, answers kept in the draft between steps.

Works without JavaScript (plain forms, 303 redirects); with htmx each field is
checked as soon as it changes.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from spinewise.domain.errors import InputError, NotFoundError
from spinewise.web import wizard
from spinewise.web.deps import clear_draft, get_draft, save_draft
from spinewise.web.draft import Draft

router = APIRouter(include_in_schema=False)


async def _form(request: Request) -> dict[str, list[str]]:
    form = await request.form()
    out: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            out.setdefault(key, []).append(value)
    return out


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


@router.get("/intake")
def intake_start(request: Request) -> RedirectResponse:
    found = get_draft(request)
    step = wizard.STEPS[min(found.reached, len(wizard.STEPS) - 1)] if not found.is_empty else wizard.STEPS[0]
    return RedirectResponse(f"/intake/{step.slug}", status_code=303)


@router.get("/intake/{slug}", response_class=HTMLResponse)
def intake_step(slug: str, request: Request) -> HTMLResponse:
    step = _step_or_404(slug)
    found = get_draft(request)
    return _render(request, step, found.doc, found.reached)


@router.post("/intake/{slug}")
async def intake_answer(slug: str, request: Request) -> Response:
    """Save a step's answers; go on, go back, or show what needs fixing."""
    step = _step_or_404(slug)
    form = await _form(request)
    action = (form.get("action") or ["next"])[-1]
    found = get_draft(request)
    answers = wizard.read_step(step, form)
    doc = wizard.apply_answers(found.doc, answers.values)
    index = wizard.step_index(step)
    if action == "next" and answers.errors:
        return _render(request, step, doc, found.reached, errors=answers.errors, raw=answers.raw, status=422)
    if action == "back":
        target = wizard.STEPS[max(index - 1, 0)]
    elif action.startswith("goto:") and wizard.step_by_slug(action[5:]) is not None:
        target = _step_or_404(action[5:])
    elif index + 1 < len(wizard.STEPS):
        target = wizard.STEPS[index + 1]
    else:
        return _finish(request, doc, max(found.reached, index))
    reached = max(found.reached, index + 1 if action == "next" else index)
    response = RedirectResponse(f"/intake/{target.slug}", status_code=303)
    save_draft(response, request, Draft(doc=doc, reached=min(reached, len(wizard.STEPS) - 1)))
    return response


def _finish(request: Request, doc: dict[str, Any], reached: int) -> Response:
    try:
        wizard.complete_intake(doc)
    except InputError as exc:
        step = wizard.step_of_field(exc.field)
        return _render(request, step, doc, reached, errors={exc.field: wizard.plain(exc.message)}, status=422)
    response = RedirectResponse("/result", status_code=303)
    save_draft(response, request, Draft(doc=doc, reached=len(wizard.STEPS) - 1))
    return response


@router.post("/intake/{slug}/check", response_class=HTMLResponse)
async def intake_check(slug: str, request: Request, field: str) -> HTMLResponse:
    """One field's verdict as a fragment (htmx swaps it in beside the field)."""
    step = _step_or_404(slug)
    question = next((q for q in step.questions if q.path == field), None)
    if question is None:
        raise NotFoundError("question", field)
    form = await _form(request)
    try:
        message = wizard.check_answer(question, wizard.read_answer(question, form))
    except InputError as exc:
        message = wizard.plain(exc.message)
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "intake/_error.html", {"q": question, "error": message})
    return response


@router.post("/intake-reset")
def intake_reset() -> RedirectResponse:
    """Forget every answer and start again."""
    response = RedirectResponse("/intake", status_code=303)
    clear_draft(response)
    return response
