"""The pages that read the intake: home, screening result, plan, exercise library."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from spinewise import services, training
from spinewise.domain.catalog import EQUIPMENT, PATTERNS
from spinewise.domain.errors import InputError
from spinewise.domain.intake import Intake
from spinewise.domain.planner import NO_PLAN_ADVICE
from spinewise.exercise_lookup import search_exercises
from spinewise.library import load_catalog
from spinewise.web import wizard
from spinewise.web.auth import ClockDep, page_caller, page_person
from spinewise.web.deps import current_intake
from spinewise.web.state import get_store

if TYPE_CHECKING:
    from spinewise.store.records import Person
    from spinewise.store.unit_of_work import Store

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_caller)])

def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status)
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, intake: Intake | None = Depends(current_intake)) -> HTMLResponse:
    screening = services.screen(intake=intake) if intake else None
    return render(request, "home.html", {"screening": screening})


@router.get("/result", response_class=HTMLResponse)
def result(request: Request, clock: ClockDep, intake: Intake | None = Depends(current_intake)) -> Response:
    """The screening: one clear message for an emergency; who to see for urgent and refer."""
    if intake is None:
        return RedirectResponse("/intake", status_code=303)
    screening = services.screen(intake=intake)
    return render(request, "result.html", {
        "s": screening, "next_step": screening.to_json()["next_step"],
        "advice": NO_PLAN_ADVICE.get(screening.level, ""),
        "answers": wizard.summary(intake.to_document()), "intake": intake,
        "today": clock.today().isoformat(),
    })


@router.get("/plan", response_class=HTMLResponse)
def plan(request: Request, clock: ClockDep, week: int | None = Query(None, ge=1, le=52),
         store: Store = Depends(get_store), person: Person | None = Depends(page_person)) -> Response:
    """The plan as it was prescribed and saved when the answers were screened (never
    rebuilt from them): weeks and phases at a glance, then one week's sessions, item by
    item. The week today falls in is shown first."""
    saved = training.active_plan(store=store, person_id=person.id) if person is not None else None
    if saved is None:  # no answers yet, or the screening advises against training
        return RedirectResponse("/result" if person is not None else "/intake", status_code=303)
    document = saved.document
    weeks = document.get("weeks", [])
    if not weeks:
        return RedirectResponse("/result", status_code=303)
    week = week or max(1, (clock.today() - saved.start_date).days // 7 + 1)
    shown = weeks[min(week, len(weeks)) - 1]
    care = training.follow_up(store=store, person_id=person.id) if person is not None else None
    return render(request, "plan.html", {"plan": document, "week": shown, "exercise": load_catalog().get,
                                         "units": person.units if person is not None else "kg",
                                         "person_id": person.id if person is not None else None,
                                         "care": care.to_json() if care is not None else None,
                                         "overrides": {e: saved.plan.coach.override_words(e)
                                                       for e in saved.plan.coach.overrides}})


LIBRARY_PAGE = 12
"""Exercises shown at a time: the list stays short on a phone, "Show more" adds as many."""
MAX_SEARCH_CHARS = 100


@router.get("/exercises", response_class=HTMLResponse)
def exercises(request: Request, q: str = "", pattern: str = "", equipment: list[str] = Query(default=[]),
              fits: bool = False, shown: int = Query(LIBRARY_PAGE, ge=1, le=1000),
              intake: Intake | None = Depends(current_intake)) -> HTMLResponse:
    """The library: searched by words, filtered by movement, gear and (with answers given)
    what suits this back; ``shown`` at a time. A plain GET form without JavaScript; with it,
    the results are swapped in place as the person types or ticks."""
    if len(q) > MAX_SEARCH_CHARS:
        raise InputError("q", f"must be at most {MAX_SEARCH_CHARS} characters, got {len(q)}")
    use_intake = intake if fits and intake is not None else None
    found = search_exercises(q, services.list_exercises(pattern=pattern or None, equipment=equipment or None,
                                                        intake=use_intake))
    visible = found[:shown]
    query = [("q", q), ("pattern", pattern), *(("equipment", g) for g in equipment),
             *([("fits", "true")] if fits else [])]
    more_url = None
    if len(found) > len(visible):
        kept = [(k, v) for k, v in query if v]
        more_url = f"/exercises?{urlencode([*kept, ('shown', str(len(visible) + LIBRARY_PAGE))])}#card-{len(visible)}"
    context = {"exercises": visible, "matching": len(found), "more_url": more_url,
               "more_count": min(LIBRARY_PAGE, len(found) - len(visible)),
               "q": q, "pattern": pattern, "equipment": equipment, "fits": fits,
               "has_intake": intake is not None, "patterns": PATTERNS, "gear": EQUIPMENT,
               "total": len(load_catalog())}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "exercises/_results.html", context)
    return render(request, "exercises/list.html", context)


@router.get("/exercises/{ident}", response_class=HTMLResponse)
def exercise_detail(ident: str, request: Request, intake: Intake | None = Depends(current_intake)) -> HTMLResponse:
    found = services.find_exercise(ident)
    verdict = services.explain(exercise=found.id, intake=intake) if intake is not None else None
    catalog = load_catalog()
    sources = [catalog.sources[k] for k in found.provenance.sources if k in catalog.sources]
    return render(request, "exercises/detail.html", {"e": found, "verdict": verdict, "sources": sources,
                                                     "exercise": catalog.get})
