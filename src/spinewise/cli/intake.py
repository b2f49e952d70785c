"""Intake commands: ``init`` (the intake question by question, or from a file, then
screening and plan), ``rescreen`` and ``people``.
"""

from __future__ import annotations

import json
from typing import Any

import typer

from spinewise.cli.common import (
    _db_option,
    _for_person,
    _json_option,
    _open,
    _parse_date,
    _person_option,
    _run,
    console,
    emit_json,
    guarded,
    read_document,
)

_BASE_INTAKE: dict[str, Any] = {"age": 35, "pain": {"now": 0}}


def _set_path(doc: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        doc = doc.setdefault(part, {})
    doc[parts[-1]] = value


def _merged(answers: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(json.dumps(_BASE_INTAKE))
    for key, value in answers.items():
        if isinstance(value, dict):
            doc.setdefault(key, {}).update(value)
        else:
            doc[key] = value
    return doc


def _ask_intake(out: Any) -> dict[str, Any]:
    """Ask the intake question by question, checking each answer as it is given."""
    from rich.prompt import Prompt

    from spinewise.domain.errors import InputError
    from spinewise.domain.intake import (
        Aggravating,
        Easing,
        Psychosocial,
        RedFlags,
        Symptoms,
        parse_intake,
    )

    answers: dict[str, Any] = {}

    def check(path: str, value: Any) -> str | None:
        trial = json.loads(json.dumps(answers))
        _set_path(trial, path, value)
        try:
            parse_intake(_merged(trial))
        except InputError as exc:
            return str(exc)
        _set_path(answers, path, value)
        return None

    def ask(path: str, question: str, kind: str, default: str | None = None,
            choices: list[str] | None = None) -> None:
        while True:
            hint = f" ({'/'.join(choices)})" if choices and len(choices) <= 6 else ""
            raw = Prompt.ask(f"{question}{hint}", console=out, default=default, show_default=default is not None)
            raw = (raw or "").strip()
            if raw == "" and default is None and kind.endswith("?"):
                return
            value: Any = raw
            try:
                if kind.startswith("int"):
                    value = int(raw)
                elif kind.startswith("float"):
                    value = float(raw)
                elif kind == "bool":
                    if raw.lower() not in ("y", "yes", "n", "no"):
                        raise ValueError
                    value = raw.lower() in ("y", "yes")
            except ValueError:
                out.print(f"  {path}: please answer with {'a whole number' if kind.startswith('int') else 'a number' if kind.startswith('float') else 'yes or no'}", markup=False)
                continue
            problem = check(path, value)
            if problem is None:
                return
            out.print(f"  {problem}", markup=False)

    def ask_many(path: str, question: str, options: list[str], *, lists: bool = False,
                 default: str = "") -> None:
        out.print(question, markup=False)
        for number, option in enumerate(options, 1):
            out.print(f"  {number:2}. {option.replace('_', ' ')}", markup=False)
        while True:
            raw = Prompt.ask("Numbers that apply, separated by commas (blank for none)",
                             console=out, default=default, show_default=bool(default))
            try:
                picked = [options[int(p) - 1] for p in raw.replace(" ", "").split(",") if p]
                if any(int(p) < 1 for p in raw.replace(" ", "").split(",") if p):
                    raise IndexError
            except (ValueError, IndexError):
                out.print(f"  please give numbers from 1 to {len(options)}", markup=False)
                continue
            if lists:
                problem = check(path, picked)
            else:
                problem = None
                for name in picked:
                    problem = problem or check(f"{path}.{name}", True)
            if problem is None:
                return
            out.print(f"  {problem}", markup=False)

    out.print("[bold]Your intake[/bold]: a few questions about your back and your training. "
              "Not a diagnosis: when something needs a clinician, spinewise says so.")
    ask("age", "Your age", "int")
    ask("units", "Units for weights", "str", "kg", ["kg", "lb"])
    ask("pain.now", "Back pain right now, 0 (none) to 10 (worst imaginable)", "int")
    ask("pain.average_week", "Average pain over the past week, 0-10 (blank to skip)", "int?")
    ask("pain.worst_week", "Worst pain over the past week, 0-10 (blank to skip)", "int?")
    ask("pain.duration_weeks", "How many weeks have you had this pain? (blank to skip)", "float?")
    ask("pain.settles_within_hours", "After something flares it, hours until it settles (blank to skip)", "float?")
    ask("onset", "How did it start", "str", "unknown",
        ["gradual", "lifting_or_strain", "minor_trauma", "major_trauma", "unknown"])
    ask_many("red_flags", "Do any of these apply to you now?", list(RedFlags.model_fields))
    ask_many("symptoms", "Symptoms you have:", list(Symptoms.model_fields))
    ask_many("aggravating", "What makes it worse?", list(Aggravating.model_fields))
    ask_many("easing", "What eases it?", list(Easing.model_fields))
    ask_many("psychosocial", "Which of these have been true over the past two weeks?",
             [f for f in Psychosocial.model_fields if f != "bothersomeness"])
    ask("psychosocial.bothersomeness", "Overall, how bothersome has your back been (blank to skip)",
        "str?", None, ["not_at_all", "slightly", "moderately", "very_much", "extremely"])
    ask("clinician_cleared", "Has a clinician cleared you to train? (y/n)", "bool", "n")
    ask("training.experience", "Lifting experience", "str", "beginner",
        ["none", "beginner", "intermediate", "advanced"])
    ask("training.days_per_week", "Training days per week (2-6)", "int", "3")
    ask("training.session_minutes", "Minutes per session (20-150)", "int", "60")
    from typing import get_args

    from spinewise.domain.intake import Equipment, Goal

    ask_many("training.equipment", "Equipment you have:", list(get_args(Equipment)), lists=True, default="1")
    ask_many("training.goals", "Your goals:", list(get_args(Goal)), lists=True, default="1,2")
    return _merged(answers)


def _show_overview(out: Any, overview: Any) -> None:
    screening = overview.screening.result if overview.screening else {}
    out.print(f"[bold]{overview.person.name}[/bold] (id {overview.person.id}): screening level "
              f"[bold]{screening.get('level', '?')}[/bold]")
    for reason in screening.get("reasons", []):
        out.print(f"  {reason['rule']}: {reason['message']}", markup=False)
    if overview.plan is not None:
        out.print(f"Plan saved: {overview.plan.weeks} weeks, {overview.plan.days_per_week} sessions a week, "
                  f"from {overview.plan.start_date.isoformat()}. Run `spinewise today`.", markup=False)
    else:
        out.print("No plan: training is not advised yet. Follow the advice above, then re-screen.")


def init(from_file: str = typer.Option(None, "--from", help="Intake JSON file (or -) instead of the questions."),
         name: str = typer.Option(None, "--name", help="Your name (asked when missing)."),
         start: str = typer.Option(None, "--start", help="First day of the plan, YYYY-MM-DD (default: next Monday)."),
         weeks: int = typer.Option(12, "--weeks", min=1, max=52, help="Plan length in weeks."),
         db: str = _db_option(), as_json: bool = _json_option()) -> None:
    """Take your intake (question by question, or --from a file), screen it, and save you and your plan."""
    from spinewise import training
    from spinewise.training.people import _checked_intake

    start_date = _parse_date(start, "start") if start else None
    out = console()
    if from_file is not None:
        doc = read_document(from_file)
        guarded(lambda: _checked_intake(doc))
    else:
        doc = _ask_intake(out)
    if name is None:
        if from_file is not None:
            name = "me"
        else:
            from rich.prompt import Prompt

            name = Prompt.ask("Your name", console=out, default="me")
    store = _open(db)
    with store:
        overview = _run(lambda: training.create_person(store=store, name=name, intake=doc,
                                                       start=start_date, weeks=weeks))
    if as_json:
        emit_json(overview.to_json())
        return
    _show_overview(out, overview)


def rescreen(from_file: str = typer.Option(..., "--from", help="The new intake JSON file (or -)."),
             person: str = _person_option(),
             start: str = typer.Option(None, "--start", help="First day of the new plan (default: next Monday)."),
             weeks: int = typer.Option(12, "--weeks", min=1, max=52, help="Plan length in weeks."),
             db: str = _db_option(), as_json: bool = _json_option()) -> None:
    """Screen a new intake; earlier screenings, plans and logs are kept."""
    from spinewise import training

    doc = read_document(from_file)
    start_date = _parse_date(start, "start") if start else None
    overview = _for_person(db, person, lambda store, pid: training.rescreen(
        store=store, person_id=pid, intake=doc, start=start_date, weeks=weeks))
    if as_json:
        emit_json(overview.to_json())
        return
    _show_overview(console(), overview)


def people(db: str = _db_option(), as_json: bool = _json_option()) -> None:
    """List the people stored."""
    from spinewise import training

    with _open(db) as store:
        found = _run(lambda: training.list_people(store=store))
    if as_json:
        emit_json([p.to_json() for p in found])
        return
    out = console()
    for p in found:
        out.print(f"{p.id}: {p.name} ({p.units})", markup=False)
    if not found:
        out.print("Nobody yet: run `spinewise init`.")
