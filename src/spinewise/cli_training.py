"""Training-loop commands: the contract's pure ``monitor`` and ``next``, and the stateful
commands over the logged history (init, today, log, checkin, history, progress, assess,
habits, calendar, people, rescreen).

Nothing heavy is imported here at module level: the database layer (SQLAlchemy) is
imported inside the commands that use it, so ``spinewise --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import Any, NoReturn

import typer

from spinewise.cli import EXIT_BAD_INPUT, console, emit_json, fail, guarded, read_document

EXIT_STORAGE = 1

DB_HELP = ("Database URL (sqlite:///file, postgresql://...) or a SQLite file path. "
           "Default: $SPINEWISE_DATABASE_URL, else spinewise.sqlite3 in your data folder.")


def _db_option() -> Any:
    return typer.Option(None, "--db", help=DB_HELP, show_default=False)


def _person_option() -> Any:
    return typer.Option(None, "--person", "-p", help="Person id or name (default: the only person stored).")


def _date_option(what: str = "The date") -> Any:
    return typer.Option(None, "--date", help=f"{what}, YYYY-MM-DD (default: today).", show_default=False)


def _json_option() -> Any:
    return typer.Option(False, "--json", help="Print JSON instead of a readable view.")


# --- helpers ----------------------------------------------------------------------------


def _run(action: Any) -> Any:
    """Run a service call: bad input exits 2 with one line, a database failure exits 1."""
    from spinewise.store.unit_of_work import StorageError

    def storage_guarded() -> Any:
        try:
            return action()
        except StorageError as exc:
            _fail_storage(str(exc))

    return guarded(storage_guarded)


def _fail_storage(message: str) -> NoReturn:
    fail(message, EXIT_STORAGE)


def _open(db: str | None) -> Any:
    from spinewise.config import load_settings
    from spinewise.training import open_store

    return _run(lambda: open_store(load_settings(db)))


def _parse_date(value: str | None, name: str = "date") -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{name}: must be a date like 2026-01-05, got {value!r}")


def _parse_time(value: str, name: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        fail(f"{name}: must be a time of day like 10:00, got {value!r}")


def _resolve_person(store: Any, person: str | None) -> int:
    from spinewise import training

    people = _run(lambda: training.list_people(store=store))
    if person is not None:
        if person.isdigit() and any(p.id == int(person) for p in people):
            return int(person)
        named = [p for p in people if p.name.lower() == person.lower()]
        if len(named) == 1:
            return int(named[0].id)
        if len(named) > 1:
            fail(f"person: several people are called {person!r}; use the id ({', '.join(str(p.id) for p in named)})")
        fail(f"person: no person with id or name {person!r}")
    if not people:
        fail("person: nobody is stored yet; run `spinewise init` first")
    if len(people) > 1:
        listing = ", ".join(f"{p.id} ({p.name})" for p in people)
        fail(f"person: several people are stored, choose one with --person: {listing}")
    return int(people[0].id)


def _for_person(db: str | None, person: str | None, use_case: Callable[[Any, int], Any]) -> Any:
    """Open the database, find the person, and run one use case for them:
    ``use_case(store, person_id)`` (errors end the command with one clear line)."""
    with _open(db) as store:
        person_id = _resolve_person(store, person)
        return _run(lambda: use_case(store, person_id))


def _show_decision(out: Any, decision: dict[str, Any]) -> None:
    colour = {"continue": "green", "adjust": "yellow", "skip_exercise": "yellow",
              "end_session": "red", "seek_care": "bold red"}.get(decision["action"], "white")
    out.print(f"[{colour}]{decision['action'].replace('_', ' ').upper()}[/{colour}]")
    for rule in decision.get("rules", []):
        out.print(f"  {rule['rule']}: {rule['message']}", markup=False)
    adjustment = decision.get("adjustment")
    if adjustment:
        out.print(f"  -> {adjustment['message']}", markup=False)


# --- the contract's pure decisions ----------------------------------------------------------


def monitor(input_doc: str = typer.Argument(..., metavar="INPUT", help="Monitor input JSON file, or - for standard input."),
            as_json: bool = typer.Option(False, "--json", help="Print the contract's JSON answer.")) -> None:
    """What to do after a set (continue, adjust, skip the exercise, end the session, seek care)."""
    from spinewise.training import monitor_decision

    doc = read_document(input_doc, what="input")
    answer = guarded(lambda: monitor_decision(document=doc))
    if as_json:
        emit_json(answer)
        return
    _show_decision(console(), answer)


def next_(input_doc: str = typer.Argument(..., metavar="INPUT", help="Next-prescription input JSON file, or - for standard input."),
          as_json: bool = typer.Option(False, "--json", help="Print the contract's JSON answer.")) -> None:
    """The next prescription for one exercise from its history (the pain-monitored overload ladder)."""
    from spinewise.training import next_decision

    doc = read_document(input_doc, what="input")
    answer = guarded(lambda: next_decision(document=doc))
    if as_json:
        emit_json(answer)
        return
    out = console()
    dose = f"{answer['reps']} reps" if answer["reps"] is not None else f"{answer['seconds']} s"
    load = f" at {answer['load']}" if answer["load"] is not None else ""
    out.print(f"{answer['sets']} x {dose}{load}, tempo {answer['tempo'] or '-'} "
              f"(change: {answer['change']}, {answer['rule']})", markup=False)
    out.print(answer["why"], markup=False)


# --- init: the intake question by question ----------------------------------------------------

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

    start_date = _parse_date(start, "start") if start else None
    out = console()
    if from_file is not None:
        doc = read_document(from_file)
        guarded(lambda: training._checked_intake(doc))
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


# --- today -------------------------------------------------------------------------------------


def _show_today(out: Any, result: Any) -> None:
    from rich.table import Table

    out.print(f"[bold]{result.on.isoformat()}[/bold]: {result.message}")
    if result.checkin:
        out.print(f"Check-in: {result.checkin['action']} - " +
                  "; ".join(r["message"] for r in result.checkin.get("rules", [])), markup=False)
    if not result.items:
        if result.next_session:
            out.print(f"Next session: {result.next_session.isoformat()}")
        return
    table = Table(show_lines=False)
    for column in ("block", "exercise", "sets x dose", "tempo", "load", "RPE cap", "change"):
        table.add_column(column)
    for item in result.items:
        dose = f"{item.reps} reps" if item.reps is not None else f"{item.seconds} s"
        load = f"{item.load:g} {item.unit}" if item.load is not None else "-"
        table.add_row(item.block, item.name, f"{item.sets} x {dose}", item.tempo or "-", load,
                      f"{item.rpe_max:g}" if item.rpe_max is not None else "-", item.change)
    out.print(table)
    for item in result.items:
        if item.block in ("main", "core") and item.rule != "PROG-HOLD-NEW":
            out.print(f"{item.name} ({item.rule}): {item.why}", markup=False)


def today(person: str = _person_option(), on: str = _date_option(), db: str = _db_option(),
          as_json: bool = _json_option()) -> None:
    """Today's planned session with today's prescriptions (from your logged history)."""
    from spinewise import training

    day = _parse_date(on)
    result = _for_person(db, person, lambda store, pid: training.today(
        store=store, person_id=pid, on=day))
    if as_json:
        emit_json(result.to_json())
        return
    _show_today(console(), result)


# --- log -------------------------------------------------------------------------------------


def _log_one(store: Any, session_id: int, entry: dict[str, Any]) -> Any:
    from spinewise import training

    known = {"client_id", "exercise", "reps", "seconds", "load", "unit", "tempo", "rpe",
             "reps_in_reserve", "belt", "pain", "symptoms", "notes", "pain_one_sided"}
    for key in entry:
        if key not in known:
            fail(f"sets: {key!r} is not a set field (one of {', '.join(sorted(known))})")
    if "pain" not in entry:
        fail("pain: is required for every set (0-10)")
    if "exercise" not in entry:
        fail("exercise: is required for every set")
    args = dict(entry)
    args.setdefault("client_id", uuid.uuid4().hex)
    return _run(lambda: training.log_set(store=store, session_id=session_id, **args))


def _interactive_log(store: Any, session: Any, plan_today: Any, out: Any) -> None:
    from rich.prompt import Prompt

    from spinewise import training

    items = [i for i in plan_today.items if i.block in ("main", "core")] if plan_today else []
    suggested = items[0].exercise if items else ""
    out.print("Log each set; leave the exercise blank when you are done.")
    while True:
        exercise = Prompt.ask("Exercise", console=out, default=suggested,
                              show_default=bool(suggested)) or ""
        exercise = exercise.strip()
        if not exercise or exercise.lower() in ("done", "q", "quit"):
            break
        rx = next((i for i in items if i.exercise == exercise), None)
        entry: dict[str, Any] = {"exercise": exercise, "client_id": uuid.uuid4().hex}
        try:
            if rx is not None and rx.reps is None:
                entry["seconds"] = int(Prompt.ask("Seconds held", console=out, default=str(rx.seconds)))
            else:
                reps_default: dict[str, Any] = {"default": str(rx.reps)} if rx and rx.reps else {}
                entry["reps"] = int(Prompt.ask("Reps", console=out, **reps_default))
            load = Prompt.ask("Load (blank for none)", console=out,
                              default=f"{rx.load:g}" if rx and rx.load is not None else "")
            entry["load"] = float(load) if load.strip() else None
            rpe = Prompt.ask("RPE 1-10 (blank to skip)", console=out, default="")
            entry["rpe"] = float(rpe) if rpe.strip() else None
            entry["pain"] = int(Prompt.ask("Pain during the set, 0-10", console=out))
        except ValueError:
            out.print("  please answer with numbers; that set was not saved")
            continue
        symptoms = Prompt.ask("Any of sharp_pain, tingling, numbness, burning, leg_pain_spreading, "
                              "one_sided_weakness, saddle_numbness, bladder_change, bowel_change? "
                              "(comma-separated, blank for none)", console=out, default="")
        entry["symptoms"] = [s.strip() for s in symptoms.split(",") if s.strip()]
        from spinewise.domain.errors import SpinewiseError

        try:
            outcome = training.log_set(store=store, session_id=session.id, **entry)
        except SpinewiseError as exc:
            out.print(f"  {exc} (not saved)", markup=False)
            continue
        _show_decision(out, outcome.decision)
        action = outcome.decision["action"]
        if action in ("end_session", "seek_care"):
            out.print("[bold]Stop here.[/bold] Finish the session below.")
            break
        if action == "skip_exercise":
            remaining = [i for i in items if i.exercise != exercise]
            items = remaining
            suggested = remaining[0].exercise if remaining else ""
        elif action == "adjust" and outcome.decision.get("adjustment", {}).get("kind") == "regression":
            suggested = outcome.decision["adjustment"]["exercise"]
        else:
            suggested = exercise
    try:
        pain_after = int(Prompt.ask("Pain now, after the session, 0-10", console=out))
        session_rpe = float(Prompt.ask("How hard was the whole session, RPE 0-10", console=out))
        minutes = int(Prompt.ask("How many minutes did it take", console=out))
    except ValueError:
        fail("end of session: please answer with numbers; run `spinewise log --finish ...` to end it")
    _run(lambda: training.end_session(store=store, session_id=session.id, pain_after=pain_after,
                                      session_rpe=session_rpe, duration_minutes=minutes))
    out.print("Session saved. Check in tomorrow morning: `spinewise checkin`.")


def log(exercise: str = typer.Option(None, "--exercise", "-e", help="Exercise id (from `spinewise exercises`)."),
        reps: int = typer.Option(None, "--reps", help="Reps done."),
        seconds: int = typer.Option(None, "--seconds", help="Seconds held (holds and carries)."),
        load: float = typer.Option(None, "--load", help="Load used."),
        unit: str = typer.Option(None, "--unit", help="kg or lb (default: your intake's units)."),
        tempo: str = typer.Option(None, "--tempo", help="Tempo done, e.g. 3-1-2."),
        rpe: float = typer.Option(None, "--rpe", help="Effort, RPE 0-10."),
        rir: int = typer.Option(None, "--rir", help="Reps in reserve (instead of RPE)."),
        pain: int = typer.Option(None, "--pain", help="Pain during the set, 0-10."),
        belt: bool = typer.Option(False, "--belt", help="A belt was used."),
        symptom: list[str] = typer.Option(None, "--symptom", help="A symptom during the set (repeat)."),
        notes: str = typer.Option(None, "--notes", help="Notes for the set."),
        client_id: str = typer.Option(None, "--client-id", help="Your id for this set: sending it again never makes two sets."),
        file: str = typer.Option(None, "--file", help="JSON file (or -): {\"sets\": [...], \"end\": {...}} for scripts."),
        session_id: int = typer.Option(None, "--session", help="Session id (default: today's open session, started if needed)."),
        baseline_pain: int = typer.Option(None, "--baseline-pain", help="Your usual pain today, when starting a session."),
        free: bool = typer.Option(False, "--free", help="Start an unplanned session."),
        finish: bool = typer.Option(False, "--finish", help="End the session (with --pain-after, --session-rpe, --minutes)."),
        pain_after: int = typer.Option(None, "--pain-after", help="Pain after the session, 0-10."),
        session_rpe: float = typer.Option(None, "--session-rpe", help="Session RPE 0-10 (about 30 minutes after)."),
        minutes: int = typer.Option(None, "--minutes", help="Session length in minutes."),
        person: str = _person_option(), on: str = _date_option("The session date"),
        db: str = _db_option(), as_json: bool = _json_option()) -> None:
    """Log sets: interactively set by set with the monitor's answer after each, or with flags / --file."""
    from spinewise import training

    day = _parse_date(on)
    doc = read_document(file, what="file") if file else None
    if doc is not None and not isinstance(doc, dict):
        fail("file: must be a JSON object with \"sets\" (a list) and optionally \"end\"")
    out = console()
    with _open(db) as store:
        pid = _resolve_person(store, person)
        if doc is not None:
            baseline_pain = doc.get("baseline_pain", baseline_pain)
            if "date" in doc:
                day = _parse_date(doc["date"])
        if session_id is None:
            session = _run(lambda: training.start_session(store=store, person_id=pid, on=day,
                                                          baseline_pain=baseline_pain, free=free))
        else:
            session = _run(lambda: _session_of(store, session_id, pid))
        results: list[dict[str, Any]] = []
        entry: dict[str, Any]
        if doc is not None:
            sets = doc.get("sets", [])
            if not isinstance(sets, list):
                fail("sets: must be a list of sets")
            for index, entry in enumerate(sets):
                if not isinstance(entry, dict):
                    fail(f"sets.{index}: must be an object")
                results.append(_log_one(store, session.id, entry).to_json())
            end = doc.get("end")
            if end is not None:
                if not isinstance(end, dict):
                    fail("end: must be an object with pain_after, session_rpe, duration_minutes")
                _run(lambda: training.end_session(store=store, session_id=session.id, **end))
        elif exercise is not None:
            entry = {"exercise": exercise, "reps": reps, "seconds": seconds, "load": load,
                                     "unit": unit, "tempo": tempo, "rpe": rpe, "reps_in_reserve": rir,
                                     "pain": pain, "belt": belt, "symptoms": symptom or [], "notes": notes}
            if client_id:
                entry["client_id"] = client_id
            if pain is None:
                fail("pain: give --pain (0-10) for the set")
            results.append(_log_one(store, session.id, entry).to_json())
        elif not finish:
            if not sys.stdin.isatty() and as_json:
                fail("exercise: give --exercise (or --file) when not in a terminal")
            plan_today = _run(lambda: training.today(store=store, person_id=pid, on=day))
            _show_today(out, plan_today)
            _interactive_log(store, session, plan_today, out)
            return
        if finish:
            if pain_after is None or session_rpe is None or minutes is None:
                fail("finish: give --pain-after, --session-rpe and --minutes")
            _run(lambda: training.end_session(store=store, session_id=session.id, pain_after=pain_after,
                                              session_rpe=session_rpe, duration_minutes=minutes))
    if as_json:
        emit_json({"session_id": session.id, "sets": results, "ended": finish or bool(doc and doc.get("end"))})
        return
    for result in results:
        s = result["set"]
        dose = f"{s['reps']} reps" if s["reps"] is not None else f"{s['seconds']} s"
        load_text = f" at {s['load']:g} {s['unit']}" if s["load"] is not None else ""
        out.print(f"Set {s['number']}: {s['exercise']} {dose}{load_text}, pain {s['pain']}"
                  f"{' (already logged)' if result['replayed'] else ''}", markup=False)
        _show_decision(out, result["decision"])
    if finish:
        out.print("Session ended. Check in tomorrow morning: `spinewise checkin`.")


def _session_of(store: Any, session_id: int, person_id: int) -> Any:
    from spinewise.domain.errors import NotFoundError

    with store.reading() as tx:
        session = tx.workouts.get_session(session_id)
    if session is None or session.person_id != person_id:
        raise NotFoundError("session", str(session_id))
    return session


# --- check-in -------------------------------------------------------------------------------


def checkin(pain: int = typer.Option(None, "--pain", help="Back pain this morning, 0-10."),
            stiffness: int = typer.Option(None, "--stiffness", help="Stiffness this morning, 0-10."),
            stiff_hours: float = typer.Option(0.0, "--stiff-hours", help="Hours you have felt stiff."),
            sleep_hours: float = typer.Option(None, "--sleep-hours", help="Hours slept."),
            sleep_quality: int = typer.Option(None, "--sleep-quality", help="Sleep quality 1 (poor) to 5 (great)."),
            locked_up: bool = typer.Option(False, "--locked-up", help="You feel locked up."),
            symptom: list[str] = typer.Option(None, "--symptom", help="A symptom this morning (repeat)."),
            person: str = _person_option(), on: str = _date_option("The morning"),
            db: str = _db_option(), as_json: bool = _json_option()) -> None:
    """The next-morning check-in: pain, stiffness, sleep. Says what the next session may be."""
    from spinewise import training

    day = _parse_date(on)
    out = console()
    if pain is None:
        from rich.prompt import Prompt

        try:
            pain = int(Prompt.ask("Back pain this morning, 0-10", console=out))
            stiffness = int(Prompt.ask("Stiffness, 0-10", console=out, default="0"))
            stiff_hours = float(Prompt.ask("Hours stiff", console=out, default="0"))
            sleep = Prompt.ask("Hours slept (blank to skip)", console=out, default="")
            sleep_hours = float(sleep) if sleep.strip() else None
            quality = Prompt.ask("Sleep quality 1-5 (blank to skip)", console=out, default="")
            sleep_quality = int(quality) if quality.strip() else None
            locked_up = Prompt.ask("Feel locked up? (y/n)", console=out, default="n").lower().startswith("y")
        except ValueError:
            fail("checkin: please answer with numbers")
    result = _for_person(db, person, lambda store, pid: training.checkin(
        store=store, person_id=pid, on=day, pain=pain, stiffness=stiffness or 0,
        sleep_hours=sleep_hours, sleep_quality=sleep_quality, locked_up=locked_up,
        stiff_hours=stiff_hours, symptoms=symptom or []))
    if as_json:
        emit_json(result.to_json())
        return
    _show_decision(out, result.decision)


# --- history and progress -----------------------------------------------------------------------


def history(limit: int = typer.Option(20, "--limit", min=1, help="How many sessions, newest first."),
            person: str = _person_option(), db: str = _db_option(), as_json: bool = _json_option()) -> None:
    """Your logged sessions with their sets and next-morning check-ins."""
    from spinewise import training

    found = _for_person(db, person, lambda store, pid: training.history(
        store=store, person_id=pid, limit=limit))
    if as_json:
        emit_json([h.to_json() for h in found])
        return
    out = console()
    if not found:
        out.print("No sessions logged yet.")
    for item in found:
        s = item.session
        morning = f", next morning {item.next_morning.pain}/10" if item.next_morning else ""
        out.print(f"[bold]{s.on_date.isoformat()}[/bold] {s.focus or 'free session'}: "
                  f"{len(item.sets)} sets, pain after {s.pain_after if s.pain_after is not None else '-'}"
                  f"{morning}, load {s.training_load if s.training_load is not None else '-'}")
        for logged in item.sets:
            dose = f"{logged.reps} reps" if logged.reps is not None else f"{logged.seconds} s"
            load = f" at {logged.load_entered:g} {logged.unit}" if logged.load_entered is not None else ""
            out.print(f"   {logged.exercise} {dose}{load}, pain {logged.pain} -> {logged.action}", markup=False)


def progress(person: str = _person_option(), on: str = _date_option(), db: str = _db_option(),
             as_json: bool = _json_option()) -> None:
    """Pain, training load, volume by pattern, adherence, outcomes, pain trend and phase readiness."""
    from spinewise import training

    day = _parse_date(on)
    result = _for_person(db, person, lambda store, pid: training.progress(
        store=store, person_id=pid, on=day))
    if as_json:
        emit_json(result.to_json())
        return
    out = console()
    data = result.to_json()
    adherence = data["adherence"]
    out.print(f"Sessions done: {adherence['done']} of {adherence['planned']} planned")
    out.print(f"Pain trend: {data['pain_trend']['message']}", markup=False)
    recent = data["pain"][-8:]
    for point in recent:
        out.print(f"  {point['date']}: during {point['during']}, after {point['after']}, "
                  f"next morning {point['next_morning']}", markup=False)
    for change in data["outcome_changes"]:
        out.print(f"{change['measure'].upper()}: {change['message']}", markup=False)
    readiness = data["phase_readiness"]
    if readiness:
        out.print(f"Phase {readiness['phase']}: {readiness['decision']}")
        for criterion in readiness["criteria"]:
            out.print(f"  [{'x' if criterion['met'] else ' '}] {criterion['message']}", markup=False)


# --- assessments -------------------------------------------------------------------------------


def assess(kind: str = typer.Argument(..., help="endurance (McGill torso tests), psfs or nprs."),
           flexor: float = typer.Option(None, "--flexor", help="Trunk flexor hold, seconds."),
           extensor: float = typer.Option(None, "--extensor", help="Biering-Sorensen extensor hold, seconds."),
           side_right: float = typer.Option(None, "--side-right", help="Right side bridge, seconds."),
           side_left: float = typer.Option(None, "--side-left", help="Left side bridge, seconds."),
           activity: list[str] = typer.Option(None, "--activity", help="PSFS activity as 'name=score' (0-10); 3 to 5 of them."),
           pain: int = typer.Option(None, "--pain", help="NPRS: pain 0-10."),
           file: str = typer.Option(None, "--file", help="The values as a JSON file (or -)."),
           person: str = _person_option(), on: str = _date_option(), db: str = _db_option(),
           as_json: bool = _json_option()) -> None:
    """Log an assessment: McGill endurance tests (with ratio flags), PSFS or NPRS."""
    from spinewise import training

    day = _parse_date(on)
    values: Any
    if file:
        values = read_document(file, what="values")
    elif kind == "endurance":
        values = {k: v for k, v in (("flexor", flexor), ("extensor", extensor),
                                    ("side_bridge_right", side_right), ("side_bridge_left", side_left))
                  if v is not None}
    elif kind == "psfs":
        values = {"activities": []}
        for item in activity or []:
            name, _, score = item.rpartition("=")
            try:
                values["activities"].append({"activity": name.strip(), "score": int(score)})
            except ValueError:
                fail(f"activity: must be like 'carry shopping=6', got {item!r}")
    else:
        values = {"pain": pain}
    result = _for_person(db, person, lambda store, pid: training.record_assessment(
        store=store, person_id=pid, on=day, kind=kind, values=values))
    if as_json:
        emit_json(result.to_json())
        return
    out = console()
    out.print(f"Saved {kind} on {day.isoformat()}" + (f": score {result.score:g}" if result.score is not None else ""))
    for finding in result.result.get("findings", []):
        out.print(f"  {finding['rule']}: {finding['message']}", markup=False)
    if "change" in result.result:
        out.print(f"  {result.result['change']['message']}", markup=False)


# --- habits -------------------------------------------------------------------------------------


def habits(movement_breaks: int = typer.Option(None, "--movement-breaks", help="Movement breaks taken at the desk today."),
           sleep_hours: float = typer.Option(None, "--sleep-hours", help="Hours slept last night."),
           hydration: bool = typer.Option(None, "--hydration/--no-hydration", help="Stayed hydrated."),
           heat_or_bath: bool = typer.Option(None, "--heat/--no-heat", help="Heat or a bath after lifting."),
           foam_rolling: bool = typer.Option(None, "--foam-rolling/--no-foam-rolling", help="Foam rolled."),
           posture_checks: int = typer.Option(None, "--posture-checks", help="Posture checks done today."),
           footwear: bool = typer.Option(None, "--footwear/--no-footwear", help="Supportive footwear when lifting."),
           days: int = typer.Option(28, "--days", min=1, max=366, help="Days in the summary."),
           person: str = _person_option(), on: str = _date_option(), db: str = _db_option(),
           as_json: bool = _json_option()) -> None:
    """Record today's recovery habits and see streaks beside next-morning pain (a correlation, not a cause)."""
    from spinewise import training

    day = _parse_date(on)
    given = {k: v for k, v in (("movement_breaks", movement_breaks), ("sleep_hours", sleep_hours),
                               ("hydration", hydration), ("heat_or_bath", heat_or_bath),
                               ("foam_rolling", foam_rolling), ("posture_checks", posture_checks),
                               ("footwear", footwear)) if v is not None}
    with _open(db) as store:
        pid = _resolve_person(store, person)
        if given:
            _run(lambda: training.record_habits(store=store, person_id=pid, on=day, habits=given))
        summary = _run(lambda: training.habit_summary(store=store, person_id=pid, on=day, days=days))
    if as_json:
        emit_json(summary.to_json())
        return
    out = console()
    for s in summary.streaks:
        out.print(f"{s.to_json()['label']}: streak {s.current} (best {s.longest}), "
                  f"done {s.days_done} of {s.days_recorded} days recorded", markup=False)
    for b in summary.beside_pain:
        out.print(f"  {b.message}", markup=False)
    out.print(summary.note, markup=False)


# --- calendar ----------------------------------------------------------------------------------


def calendar(out_file: str = typer.Option("spinewise.ics", "--out", "-o", help="Where to write the .ics file."),
             start: str = typer.Option(None, "--start", help="First day, YYYY-MM-DD (default: today)."),
             weeks: int = typer.Option(4, "--weeks", min=1, max=52, help="Weeks to include."),
             at: str = typer.Option("18:00", "--at", help="Session time of day, HH:MM."),
             movement_break: list[str] = typer.Option(None, "--movement-break", help="Daily movement-break reminder time, HH:MM (repeat)."),
             posture_check: list[str] = typer.Option(None, "--posture-check", help="Daily posture-check reminder time, HH:MM (repeat)."),
             every_day: bool = typer.Option(False, "--every-day", help="Reminders every day (default: Monday to Friday)."),
             alarm_minutes: int = typer.Option(30, "--alarm-minutes", min=0, max=1440, help="Session alarm, minutes before."),
             person: str = _person_option(), db: str = _db_option()) -> None:
    """Write an iCalendar file of your planned sessions (with alarms) and the reminders you choose."""
    from spinewise import training

    first = _parse_date(start, "start")
    session_time = _parse_time(at, "at")
    breaks = [_parse_time(t, "movement_break") for t in movement_break or []]
    posture = [_parse_time(t, "posture_check") for t in posture_check or []]
    payload = _for_person(db, person, lambda store, pid: training.calendar_ics(
        store=store, person_id=pid, start=first, weeks=weeks, session_time=session_time,
        movement_breaks=breaks, posture_checks=posture, weekdays_only=not every_day,
        alarm_minutes=alarm_minutes))
    target = Path(out_file)
    try:
        target.write_bytes(payload)
    except OSError as exc:
        fail(f"out: cannot write {out_file}: {exc.strerror}", EXIT_BAD_INPUT)
    console().print(f"Wrote {target} ({payload.count(b'BEGIN:VEVENT')} events). Import it in your calendar app.",
                    markup=False)


def register(app: typer.Typer) -> None:
    """Add the training commands to the main app (kept separate to keep cli.py small)."""
    app.command("monitor")(monitor)
    app.command("next")(next_)
    app.command("init")(init)
    app.command("rescreen")(rescreen)
    app.command("people")(people)
    app.command("today")(today)
    app.command("log")(log)
    app.command("checkin")(checkin)
    app.command("history")(history)
    app.command("progress")(progress)
    app.command("assess")(assess)
    app.command("habits")(habits)
    app.command("calendar")(calendar)
