"""The pages that read the intake: home, screening result, plan, exercise library."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from spinewise import services, training
from spinewise.domain.catalog import EQUIPMENT, PATTERNS
from spinewise.domain.intake import Intake
from spinewise.domain.planner import NO_PLAN_ADVICE
from spinewise.library import load_catalog
from spinewise.web import wizard
from spinewise.web.deps import current_intake
from spinewise.web.state import current_person, get_store

router = APIRouter(include_in_schema=False)

PLAN_WEEKS = 12
"""The web plan's length: the CLI's default."""


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status)
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, intake: Intake | None = Depends(current_intake)) -> HTMLResponse:
    screening = services.screen(intake=intake) if intake else None
    return render(request, "home.html", {"screening": screening})


@router.get("/result", response_class=HTMLResponse)
def result(request: Request, intake: Intake | None = Depends(current_intake)) -> Response:
    """The screening: one clear message for an emergency; who to see for urgent and refer."""
    if intake is None:
        return RedirectResponse("/intake", status_code=303)
    screening = services.screen(intake=intake)
    return render(request, "result.html", {
        "s": screening, "next_step": screening.to_json()["next_step"],
        "advice": NO_PLAN_ADVICE.get(screening.level, ""),
        "answers": wizard.summary(intake.to_document()), "intake": intake,
        "today": date.today().isoformat(),
    })


def _this_week(request: Request) -> int:
    """The plan week today falls in (1 when nothing is stored or the plan has not started)."""
    store = get_store(request)
    person = current_person(request, store)
    plan = training.get_person(store=store, person_id=person.id).plan if person else None
    if plan is None:
        return 1
    return max(1, (date.today() - plan.start_date).days // 7 + 1)


@router.get("/plan", response_class=HTMLResponse)
def plan(request: Request, week: int | None = Query(None, ge=1, le=52),
         intake: Intake | None = Depends(current_intake)) -> Response:
    """Weeks and phases at a glance, then one week's sessions, item by item."""
    if intake is None:
        return RedirectResponse("/intake", status_code=303)
    result = services.build_plan(intake=intake, weeks=PLAN_WEEKS)
    if not result.has_plan:
        return RedirectResponse("/result", status_code=303)
    week = week or _this_week(request)
    shown = result.weeks[min(week, len(result.weeks)) - 1]
    return render(request, "plan.html", {"plan": result, "week": shown, "exercise": load_catalog().get,
                                         "units": intake.units})


@router.get("/exercises", response_class=HTMLResponse)
def exercises(request: Request, pattern: str = "", equipment: list[str] = Query(default=[]),
              fits: bool = False, intake: Intake | None = Depends(current_intake)) -> HTMLResponse:
    """The library, filtered by movement, gear and (with answers given) what suits this back."""
    use_intake = intake if fits and intake is not None else None
    found = services.list_exercises(pattern=pattern or None, equipment=equipment or None, intake=use_intake)
    context = {"exercises": found, "pattern": pattern, "equipment": equipment, "fits": fits,
               "has_intake": intake is not None, "patterns": PATTERNS, "gear": EQUIPMENT,
               "total": len(load_catalog())}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "exercises/_results.html", context)
    return render(request, "exercises/list.html", context)


@router.get("/exercises/{ident}", response_class=HTMLResponse)
def exercise_detail(ident: str, request: Request, intake: Intake | None = Depends(current_intake)) -> HTMLResponse:
    found = services.find_exercise(ident)
    verdict = services.explain(exercise=found.id, intake=intake) if intake is not None else None
    return render(request, "exercises/detail.html", {"e": found, "verdict": verdict,
                                                     "exercise": load_catalog().get})
