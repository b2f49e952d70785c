"""The engine commands over one intake file: ``screen``, ``plan``, ``exercises``,
``explain`` and ``rules`` (no database; the contract's JSON with ``--json``).
"""

from __future__ import annotations

import typer

from spinewise.cli.common import (
    EXIT_NO_PLAN,
    IntakeArg,
    JsonOpt,
    console,
    emit_json,
    fail,
    guarded,
    read_document,
    read_object,
)


def screen(intake: str = IntakeArg, as_json: bool = JsonOpt) -> None:
    """Screen an intake: red flags, the pattern of the pain, irritability and psychosocial risk."""
    from spinewise import services

    doc = read_document(intake)
    result = guarded(lambda: services.screen(intake=doc))
    if as_json:
        emit_json(result.to_json())
        return
    from spinewise.views import show_screening

    show_screening(console(), result)


def plan(intake: str = IntakeArg,
         weeks: int = typer.Option(12, "--weeks", min=1, max=52, help="Plan length in weeks (1-52)."),
         as_json: bool = JsonOpt,
         week: int = typer.Option(0, "--week", help="Readable view: show only this week (0 = first week and the overview).")) -> None:
    """Build the phased plan (foundation, patterning, strength). Exit 3 when training is not advised."""
    from spinewise import services

    doc = read_document(intake)
    result = guarded(lambda: services.build_plan(intake=doc, weeks=weeks))
    if as_json:
        emit_json(result.to_json())
    else:
        from spinewise.views import show_plan

        show_plan(console(), result, week=week)
    if not result.has_plan:
        raise typer.Exit(EXIT_NO_PLAN)


def exercises(pattern: str = typer.Option(None, "--pattern", help="Movement pattern, e.g. squat, hinge, anti_rotation."),
              equipment: list[str] = typer.Option(None, "--equipment", "-e", help="Gear you have (repeat the option); bodyweight is always included."),
              intake: str = typer.Option(None, "--intake", help="Only what this intake's back tolerates."),
              role: str = typer.Option(None, "--role", help="warmup, main, accessory, core, conditioning or cooldown."),
              as_json: bool = JsonOpt) -> None:
    """List the exercise library, filtered by pattern, gear and what a given back tolerates."""
    from spinewise import services

    doc = read_object(intake, what="intake") if intake is not None else None
    found = guarded(lambda: services.list_exercises(pattern=pattern, equipment=equipment, intake=doc, role=role))
    if as_json:
        emit_json([e.as_contract() for e in found])
        return
    from spinewise.views import show_exercises

    show_exercises(console(), found)


def explain(exercise: str = typer.Argument(..., help="Exercise id or name, e.g. barbell_back_squat."),
            intake: str = typer.Option(..., "--intake", help="Intake JSON file, or - for standard input."),
            as_json: bool = JsonOpt) -> None:
    """Say whether an exercise is allowed, substituted or excluded for this person, and why."""
    from spinewise import services

    doc = read_document(intake)
    result = guarded(lambda: services.explain(exercise=exercise, intake=doc))
    if as_json:
        emit_json(result.to_json())
        return
    from spinewise.views import show_explanation

    show_explanation(console(), result)


def rules(area: str = typer.Option(None, "--area", help="screening, plan, monitor, progression, recovery or coaching."),
          as_json: bool = JsonOpt) -> None:
    """The rule registry: every rule with its level, message, rationale and source."""
    from spinewise import services

    registry = services.rules()
    chosen = [r for r in registry if area is None or r.area == area]
    if area is not None and not chosen:
        fail(f"area: must be one of screening, plan, monitor, progression, recovery, coaching, got {area!r}")
    if as_json:
        emit_json([{"id": r.id, "area": r.area, "level": r.level, "title": r.title, "message": r.message,
                    "rationale": r.rationale, "source": r.source} for r in chosen])
        return
    from spinewise.views import show_rules

    show_rules(console(), chosen)
