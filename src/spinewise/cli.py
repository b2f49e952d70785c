"""The command line: every command calls the services and prints with Rich or JSON.

Heavy modules (the web framework, the database) are imported inside the commands
that need them, so ``spinewise --help`` and ``spinewise plan --json`` stay fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import typer

app = typer.Typer(
    name="spinewise",
    help="Lift safely with back pain: screen, plan, train, recover. Not a diagnosis: see a clinician when it says so.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_BAD_INPUT = 2
EXIT_NO_PLAN = 3

JsonOpt = typer.Option(False, "--json", help="Print JSON (the contract's shape) instead of a readable view.")
IntakeArg = typer.Argument(..., help="Intake JSON file, or - to read standard input.", show_default=False)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """One clear line on stderr, nothing on stdout, and the exit code."""
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(code)


def read_document(source: str, *, what: str = "intake") -> Any:
    from spinewise.services import parse_json_text

    if source == "-":
        text = sys.stdin.read()
    else:
        path = Path(source)
        if not path.is_file():
            fail(f"{what}: file not found: {source}")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{what}: cannot read {source}: {exc}")
    return guarded(lambda: parse_json_text(text, what=what))


def guarded(action: Any) -> Any:
    """Run a service call; turn spinewise's own errors into one line and exit 2."""
    from spinewise.domain.errors import InputError, NotFoundError, SpinewiseError

    try:
        return action()
    except InputError as exc:
        fail(str(exc))
    except NotFoundError as exc:
        fail(str(exc))
    except SpinewiseError as exc:
        fail(str(exc))


def emit_json(payload: Any) -> None:
    from spinewise.jsonout import dumps

    sys.stdout.write(dumps(payload))


def console() -> Any:
    from rich.console import Console

    return Console()


@app.command()
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


@app.command()
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


@app.command()
def exercises(pattern: str = typer.Option(None, "--pattern", help="Movement pattern, e.g. squat, hinge, anti_rotation."),
              equipment: list[str] = typer.Option(None, "--equipment", "-e", help="Gear you have (repeat the option); bodyweight is always included."),
              intake: str = typer.Option(None, "--intake", help="Only what this intake's back tolerates."),
              role: str = typer.Option(None, "--role", help="warmup, main, accessory, core, conditioning or cooldown."),
              as_json: bool = JsonOpt) -> None:
    """List the exercise library, filtered by pattern, gear and what a given back tolerates."""
    from spinewise import services

    doc = read_document(intake) if intake else None
    found = guarded(lambda: services.list_exercises(pattern=pattern, equipment=equipment, intake=doc, role=role))
    if as_json:
        emit_json([e.as_contract() for e in found])
        return
    from spinewise.views import show_exercises

    show_exercises(console(), found)


@app.command()
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


@app.command()
def rules(area: str = typer.Option(None, "--area", help="screening, plan, monitor, progression or recovery."),
          as_json: bool = JsonOpt) -> None:
    """The rule registry: every rule with its level, message, rationale and source."""
    from spinewise import services

    registry = services.rules()
    chosen = [r for r in registry if area is None or r.area == area]
    if area is not None and not chosen:
        fail(f"area: must be one of screening, plan, monitor, progression, recovery, got {area!r}")
    if as_json:
        emit_json([{"id": r.id, "area": r.area, "level": r.level, "title": r.title, "message": r.message,
                    "rationale": r.rationale, "source": r.source} for r in chosen])
        return
    from spinewise.views import show_rules

    show_rules(console(), chosen)


_registered = False


def full_app() -> typer.Typer:
    """The app with every command registered (training and web commands included)."""
    global _registered
    if not _registered:
        from spinewise import cli_training, cli_web

        cli_training.register(app)
        cli_web.register(app)
        _registered = True
    return app


def main() -> None:
    """Console-script entry point."""
    full_app()()


if __name__ == "__main__":  # pragma: no cover
    main()
