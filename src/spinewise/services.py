"""Use cases: the one service layer behind the CLI, the web pages and the JSON API.

Services take plain documents (parsed JSON) or domain objects, validate at the edge,
and return domain results. Storage-backed use cases live in ``spinewise.training``.
"""

from __future__ import annotations

import json
from typing import Any

from spinewise.domain.catalog import Catalog, Exercise
from spinewise.domain.errors import InputError, NotFoundError
from spinewise.domain.intake import Intake, parse_intake
from spinewise.domain.planner import (
    Explanation,
    PlanResult,
    Profile,
    build_plan_for,
    exclusion,
    explain_exercise,
)
from spinewise.domain.rules import RuleRegistry, all_rules
from spinewise.domain.screening import Screening, screen_intake
from spinewise.domain.validation import whole_number
from spinewise.library import load_catalog


def parse_json_text(text: str, *, what: str = "intake") -> object:
    """Parse JSON text, or raise ``InputError`` saying where it is broken
    (``json_text.UnreadableValue`` naming the field for a lone surrogate or an integer
    too long to read)."""
    from spinewise import json_text

    try:
        return json_text.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(what, f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:  # the parser recurses once per level of nesting
        raise InputError(what, "is nested too deeply to be a spinewise document") from None


def as_intake(intake: dict[str, Any] | Intake) -> Intake:
    return intake if isinstance(intake, Intake) else parse_intake(intake)


def screen(*, intake: dict[str, Any] | Intake) -> Screening:
    """Screen an intake document."""
    return screen_intake(as_intake(intake))


def build_plan(*, intake: dict[str, Any] | Intake, weeks: int = 12, catalog: Catalog | None = None) -> PlanResult:
    """Screen, then build the phased plan when the level allows training."""
    length = whole_number("weeks", weeks, 1, 52)  # 12.0 is 12, as JSON Schema's integer
    assert length is not None
    model = as_intake(intake)
    return build_plan_for(model, screen_intake(model), catalog or load_catalog(), length)


def find_exercise(ident: str, *, catalog: Catalog | None = None) -> Exercise:
    catalog = catalog or load_catalog()
    found = catalog.get(ident) or catalog.find(ident)
    if found is None:
        raise NotFoundError("exercise", ident)
    return found


def list_exercises(*, pattern: str | None = None, equipment: list[str] | None = None,
                   intake: dict[str, Any] | Intake | None = None, role: str | None = None,
                   catalog: Catalog | None = None) -> list[Exercise]:
    """Exercises filtered by pattern, role, available gear and what an intake tolerates."""
    from spinewise.domain.catalog import EQUIPMENT, PATTERNS, ROLES

    catalog = catalog or load_catalog()
    if pattern is not None and pattern not in PATTERNS:
        raise InputError("pattern", f"must be one of {', '.join(PATTERNS)}, got {pattern!r}")
    if role is not None and role not in ROLES:
        raise InputError("role", f"must be one of {', '.join(ROLES)}, got {role!r}")
    for item in equipment or []:
        if item not in EQUIPMENT:
            raise InputError("equipment", f"must be from {', '.join(EQUIPMENT)}, got {item!r}")
    profile = None
    if intake is not None:
        model = as_intake(intake)
        screening = screen_intake(model)
        if not screening.may_train:
            return []
        profile = Profile.of(model, screening)
    gear = set(equipment or []) | {"bodyweight"} if equipment else None
    out = []
    for e in catalog:
        if pattern and e.pattern != pattern:
            continue
        if role and role not in e.roles:
            continue
        if gear is not None and not set(e.equipment) <= gear:
            continue
        if profile is not None and exclusion(e, profile) is not None:
            continue
        out.append(e)
    return out


def explain(*, exercise: str, intake: dict[str, Any] | Intake, catalog: Catalog | None = None) -> Explanation:
    catalog = catalog or load_catalog()
    model = as_intake(intake)
    return explain_exercise(find_exercise(exercise, catalog=catalog), model, screen_intake(model), catalog)


def rules() -> RuleRegistry:
    return all_rules()
