"""Intake commands: ``init`` (the intake question by question, or from a file, then
screening and plan), ``rescreen`` and ``people``.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from spinewise.cli.common import (
    EXIT_NO_PLAN,
    _db_option,
    _for_person,
    _json_option,
    _open,
    _parse_date,
    _person_option,
    _run,
    ask,
    console,
    emit_json,
    guarded,
    print_options,
    read_document,
    typed_numbers,
    yes_no,
)

if TYPE_CHECKING:
    from spinewise.domain.screening import Screening
    from spinewise.intake_questions import Group, Question


def _typed_choice(q: Question, text: str) -> str:
    """A choice typed as its number in the list (or its words, or its stored value)."""
    if text.isdigit() and 1 <= int(text) <= len(q.options):
        return q.options[int(text) - 1][0]
    for value, words in q.options:
        if text.lower() in (value.lower(), words.lower()):
            return value
    raise ValueError(text)


def _ask_one(out: Any, q: Question) -> Any:
    """One question of the bank, asked until the intake accepts the answer."""
    from spinewise.domain.errors import InputError
    from spinewise.intake_answers import check_answer, plain, read_answer

    skip = "" if q.required else ", blank to skip"
    if q.hint:
        out.print(f"  {q.hint}", style="dim", markup=False)
    if q.kind == "check":
        return ask(out, f"{q.label}: true for you? (y/n)", yes_no, again="please answer y or n", default="n")
    if q.kind in ("choice", "checks"):
        out.print(q.label, markup=False)
        print_options(out, q.options)
    while True:
        if q.kind == "choice":
            text = ask(out, f"Your answer (a number from the list{skip})", str, again="")
            try:
                form = {q.path: [_typed_choice(q, text)] if text else []}
            except ValueError:
                out.print(f"  please give a number from 1 to {len(q.options)}", markup=False)
                continue
        elif q.kind == "checks":
            picked = ask(out, "Numbers that apply, separated by commas (blank to skip)",
                         lambda text: typed_numbers(text, len(q.options)),
                         again=f"please give numbers from 1 to {len(q.options)}")
            form = {q.path: [q.options[i][0] for i in picked]}
        else:
            notes = ["0-10" if q.kind == "scale" else q.unit, "" if q.required else "blank to skip"]
            shown = ", ".join(n for n in notes if n)
            form = {q.path: [ask(out, f"{q.label} ({shown})" if shown else q.label, str, again="")]}
        try:
            value = read_answer(q, form)
        except InputError as exc:
            out.print(f"  {q.title}: {plain(exc.message)}", markup=False)
            continue
        problem = check_answer(q, value)
        if problem is None:
            return value
        out.print(f"  {q.title}: {problem}", markup=False)


def _ask_ticks(out: Any, group: Group) -> dict[str, bool]:
    """A group of ticks (warning signs, symptoms...) as one numbered list."""
    out.print(group.legend, markup=False)
    if group.hint:
        out.print(f"  {group.hint}", style="dim", markup=False)
    print_options(out, [(q.path, q.label) for q in group.questions])
    picked = ask(out, "Numbers that apply, separated by commas (blank for none)",
                 lambda text: typed_numbers(text, len(group.questions)),
                 again=f"please give numbers from 1 to {len(group.questions)}")
    return {q.path: index in picked for index, q in enumerate(group.questions)}


def _ask_intake(out: Any) -> tuple[dict[str, Any], Screening | None]:
    """Ask the question bank step by step, as the web wizard does, checking each answer
    as it is given. After each answer the known answers are screened: when they already
    mean emergency or urgent care the questions stop, and that screening is returned."""
    from spinewise.intake_answers import apply_answers, early_stop
    from spinewise.intake_questions import STEPS, all_questions

    order = all_questions()
    doc: dict[str, Any] = {}
    out.print("[bold]Your intake[/bold]: a few questions about your back and your training. "
              "Not a diagnosis: when something needs a clinician, spinewise says so.")
    for step in STEPS:
        out.print()
        out.print(step.title, style="bold", markup=False)
        out.print(step.intro, markup=False)
        for group in step.groups:
            if all(q.kind == "check" for q in group.questions):
                answers: dict[str, Any] = _ask_ticks(out, group)
            else:
                answers = {}
                for q in group.questions:
                    answers[q.path] = _ask_one(out, q)
            doc = apply_answers(doc, answers)
            asked = max(order.index(q) for q in group.questions)
            stopped = early_stop(doc, order[asked + 1:])
            if stopped is not None:
                return doc, stopped
    return doc, None


STOP_HEADINGS = {
    "emergency": "Stop here: your answers need emergency care now.",
    "urgent": "Stop here: your answers need a doctor before any training.",
}
"""What the questions say when they stop early (the screening levels that stop them)."""


def _show_stop(out: Any, screening: Screening) -> None:
    """The result in words when the questions stop early."""
    from spinewise.intake_answers import EMERGENCY_NUMBERS

    out.print()
    out.print(STOP_HEADINGS[screening.level], style="bold red", markup=False)
    out.print(screening.to_json()["next_step"], markup=False)
    if screening.level == "emergency":
        listed = [f"{number} ({where})" for number, where in EMERGENCY_NUMBERS]
        numbers = ", ".join(listed[:-1]) + " or " + listed[-1]
        out.print(f"Can't get there? Call {numbers}.", markup=False)
    out.print("Why:")
    for reason in screening.reasons:
        if reason.level in STOP_HEADINGS:
            out.print(f"  - {reason.message}", markup=False)


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


def _today() -> date:
    """Today's date (one place, so tests can set the clock)."""
    return date.today()


def _at_terminal() -> bool:
    """Someone is typing the answers (standard input is a terminal, not a pipe or file)."""
    return sys.stdin.isatty()


def _starts_on(day: date) -> str:
    return f"Your plan starts on {day.strftime('%A')} {day.isoformat()}"


def _offer_today(out: Any, doc: dict[str, Any]) -> date | None:
    """After the questions: say when the plan starts (the next Monday) and, when that is
    not today and someone is at the terminal, offer to start today instead. Returns the
    start chosen (``None``: the default). Nothing is said when no plan will be made."""
    from spinewise.domain.screening import screen_intake
    from spinewise.training.people import _checked_intake, next_monday

    if not screen_intake(_checked_intake(doc)).may_train:
        return None
    today = _today()
    monday = next_monday(today)
    if monday == today:
        return None
    out.print(f"{_starts_on(monday)}.", markup=False)
    if not _at_terminal():
        return None
    if ask(out, "Start today instead? (y/n)", yes_no, again="please answer y or n", default="n"):
        return today
    return None


def init(from_file: str = typer.Option(None, "--from", help="Intake JSON file (or -) instead of the questions."),
         name: str = typer.Option(None, "--name", help="Your name (asked when missing)."),
         start: str = typer.Option(None, "--start", help="First day of the plan, YYYY-MM-DD (default: next Monday)."),
         weeks: int = typer.Option(12, "--weeks", min=1, max=52, help="Plan length in weeks."),
         db: str = _db_option(), as_json: bool = _json_option()) -> None:
    """Take your intake (question by question, or --from a file), screen it, and save you and your plan.

    The questions are the web wizard's. They stop as soon as your answers mean emergency or
    urgent care, and say what to do. Exit 3 when training is not advised and no plan is
    saved (emergency, urgent, refer), as for `spinewise plan`.
    """
    from spinewise import training
    from spinewise.training.people import _checked_intake

    start_date = _parse_date(start, "start") if start else None
    out = console()
    stopped: Screening | None = None
    if from_file is not None:
        doc = read_document(from_file)
        guarded(lambda: _checked_intake(doc))
    else:
        doc, stopped = _ask_intake(out)
    if name is None:
        if from_file is not None or stopped is not None:
            name = "me"  # after a stop, nothing more is asked
        else:
            name = ask(out, "Your name", str, again="", default="me") or "me"
    if start_date is None and from_file is None and stopped is None and not as_json:
        start_date = guarded(lambda: _offer_today(out, doc))
    store = _open(db)
    with store:
        overview = _run(lambda: training.create_person(store=store, name=name, intake=doc,
                                                       start=start_date, weeks=weeks))
    if as_json:
        emit_json(overview.to_json())
    elif stopped is not None:
        _show_stop(out, stopped)
        out.print(f"Your answers are saved as {overview.person.name} (id {overview.person.id}); "
                  "no plan is made until a clinician has seen you.", markup=False)
    else:
        _show_overview(out, overview)
        if overview.plan is not None:
            out.print(f"{_starts_on(overview.plan.start_date)}.", markup=False)
    if overview.plan is None:
        raise typer.Exit(EXIT_NO_PLAN)


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
