"""The ``log`` command: start a session, log sets (interactively with the monitor's answer
after each, from flags or from --file) and finish it.
"""

from __future__ import annotations

import sys
import uuid
from typing import Any

import typer

from spinewise.cli.common import (
    Asked,
    _date_option,
    _db_option,
    _json_option,
    _open,
    _parse_date,
    _person_option,
    _resolve_person,
    _run,
    _show_decision,
    ask,
    ask_each,
    console,
    emit_json,
    fail,
    optional,
    print_options,
    read_document,
    typed_numbers,
    until_accepted,
)
from spinewise.cli.today import _show_today
from spinewise.symptom_words import SYMPTOM_WORDS

SET_SYMPTOMS = tuple(SYMPTOM_WORDS.items())
"""The symptoms a set can bring, asked in plain words as a numbered list."""

LARGEST_ID = 2**63 - 1
"""The largest row id a database holds (a signed 64-bit integer)."""


def _checked_set(entry: dict[str, Any]) -> dict[str, Any]:
    """One set's arguments for ``training.log_set``, read as the API reads a set (the
    ``LogSet`` command) before any session is started: bad input exits 2 naming the
    field, and nothing is stored. The exercise may be typed by name."""
    from spinewise import training
    from spinewise.commands import LogSet, arguments, read_command

    args = dict(entry)
    if isinstance(args.get("exercise"), str):
        args["exercise"] = _exercise_id(args["exercise"])
    args.setdefault("client_id", uuid.uuid4().hex)
    checked = arguments(_run(lambda: read_command(LogSet, args)))
    # the use case's own checks too (validation only: the session is started once every set has passed)
    _run(lambda: training.prepare_set(session_id=0, **checked))
    return checked


def _exercise_id(text: str) -> str:
    """The library id of the exercise typed (its id or its name, any case); exits 2 with
    the closest ones when it names none."""
    from spinewise.exercise_lookup import find_exercise, no_exercise_message
    from spinewise.library import load_catalog

    found = find_exercise(text, load_catalog())
    if found is None:
        fail(f"exercise: {no_exercise_message(text, load_catalog())}")
    return found.id


def _checked_end(end: object) -> dict[str, Any]:
    """The end of the session (``--file``'s ``end`` or the flags), read as the API reads
    it (the ``EndSession`` command) before any session is started."""
    from spinewise.commands import EndSession, arguments, read_command

    if not isinstance(end, dict):
        fail("end: must be an object with pain_after, session_rpe, duration_minutes")
    return arguments(_run(lambda: read_command(EndSession, end)))


END_QUESTIONS = {
    "pain_after": Asked("Pain now, after the session, 0-10", int, "please answer with a whole number from 0 to 10"),
    "session_rpe": Asked("How hard was the whole session, RPE 0-10", float, "please answer with a number from 0 to 10"),
    "duration_minutes": Asked("How many minutes did it take", int, "please answer with a whole number of minutes"),
}


def _ask_end(store: Any, session: Any, out: Any) -> None:
    """The end-of-session questions, each asked again until the answer is accepted."""
    from spinewise import training

    answers = ask_each(out, END_QUESTIONS)
    values = until_accepted(out, END_QUESTIONS, answers, lambda given: training.checked_end(**given))
    _run(lambda: training.end_session(store=store, session_id=session.id, **values))


def _interactive_log(store: Any, session: Any, plan_today: Any, out: Any) -> None:

    from spinewise import training
    from spinewise.exercise_lookup import find_exercise, no_exercise_message
    from spinewise.library import load_catalog

    catalog = load_catalog()
    items = [i for i in plan_today.items if i.block in ("main", "core")] if plan_today else []
    suggested = items[0].exercise if items else ""
    out.print("Log each set; leave the exercise blank when you are done "
              "(+ takes the suggested exercise).")
    while True:
        hint = f" (+ for {suggested}, blank when done)" if suggested else " (blank when done)"
        exercise = ask(out, f"Exercise{hint}", str, again="")
        if exercise == "+" and suggested:
            exercise = suggested
        if not exercise or exercise.lower() in ("done", "q", "quit"):
            break
        found = find_exercise(exercise, catalog)
        if found is None:
            out.print(f"  exercise: {no_exercise_message(exercise, catalog)}", markup=False)
            continue
        exercise = found.id
        rx = next((i for i in items if i.exercise == exercise), None)
        entry: dict[str, Any] = {"exercise": exercise, "client_id": uuid.uuid4().hex}
        sides = " each side" if rx is not None and rx.per_side else ""
        if rx is not None and rx.reps is None:
            entry["seconds"] = ask(out, f"Seconds held{sides}", int, again="please answer with a whole number of seconds",
                                   default=str(rx.seconds))
        else:
            entry["reps"] = ask(out, f"Reps{sides}", int, again="please answer with a whole number of reps",
                                default=str(rx.reps) if rx and rx.reps else None)
        entry["load"] = ask(out, "Load (blank for none)", optional(float),
                            again="please answer with a number, or leave it blank",
                            default=f"{rx.load:g}" if rx and rx.load is not None else None)
        entry["rpe"] = ask(out, "RPE 1-10 (blank to skip)", optional(float),
                           again="please answer with a number from 1 to 10, or leave it blank")
        entry["pain"] = ask(out, "Pain during the set, 0-10", int,
                            again="please answer with a whole number from 0 to 10")
        out.print("Anything like this during the set?", markup=False)
        print_options(out, SET_SYMPTOMS)
        picked = ask(out, "Numbers that apply, separated by commas (blank for none)",
                     lambda text: typed_numbers(text, len(SET_SYMPTOMS)),
                     again=f"please give numbers from 1 to {len(SET_SYMPTOMS)}", default="")
        entry["symptoms"] = [SET_SYMPTOMS[index][0] for index in picked]
        from spinewise.domain.errors import SpinewiseError

        try:
            from spinewise.commands import LogSet, arguments, read_command

            outcome = training.log_set(store=store, session_id=session.id,
                                       **arguments(read_command(LogSet, entry)))
        except SpinewiseError as exc:
            out.print(f"  {exc} (not saved)", markup=False)
            continue
        _show_decision(out, outcome.decision)
        if outcome.not_suited:
            out.print(f"  Not suited to your back: {outcome.not_suited['message']}", markup=False)
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
    _ask_end(store, session, out)
    out.print("Session saved. Check in tomorrow morning: `spinewise checkin`.")


def log(exercise: str = typer.Option(None, "--exercise", "-e", help="Exercise id or name (from `spinewise exercises`), any case."),
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
    doc = read_document(file, what="file") if file is not None else None
    if file is not None and not isinstance(doc, dict):
        fail("file: must be a JSON object with \"sets\" (a list) and optionally \"end\"")
    # everything given is checked before a session is started, so rejected input leaves none
    planned: list[dict[str, Any]] = []
    endings: list[dict[str, Any]] = []
    if doc is not None:
        baseline_pain = doc.get("baseline_pain", baseline_pain)
        if "date" in doc:
            day = _parse_date(doc["date"])
        sets = doc.get("sets", [])
        if not isinstance(sets, list):
            fail("sets: must be a list of sets")
        for index, entry in enumerate(sets):
            if not isinstance(entry, dict):
                fail(f"sets.{index}: must be an object")
            planned.append(_checked_set(entry))
        if doc.get("end") is not None:
            endings.append(_checked_end(doc["end"]))
    elif exercise is not None:
        if pain is None:
            fail("pain: give --pain (0-10) for the set")
        flags: dict[str, Any] = {"exercise": exercise, "reps": reps, "seconds": seconds, "load": load,
                                 "unit": unit, "tempo": tempo, "rpe": rpe, "reps_in_reserve": rir,
                                 "pain": pain, "belt": belt, "symptoms": symptom or [], "notes": notes}
        if client_id:
            flags["client_id"] = client_id
        planned.append(_checked_set(flags))
    if finish:
        if pain_after is None or session_rpe is None or minutes is None:
            fail("finish: give --pain-after, --session-rpe and --minutes")
        endings.append(_checked_end({"pain_after": pain_after, "session_rpe": session_rpe,
                                     "duration_minutes": minutes}))
    from spinewise.commands import StartSession, read_command

    start = _run(lambda: read_command(StartSession, {"baseline_pain": baseline_pain, "free": free}))
    interactive = doc is None and exercise is None and not finish
    if interactive and not sys.stdin.isatty() and as_json:
        fail("exercise: give --exercise (or --file) when not in a terminal")
    out = console()
    with _open(db) as store:
        pid = _resolve_person(store, person)
        if session_id is None:
            session = _run(lambda: training.start_session(store=store, person_id=pid, on=day,
                                                          baseline_pain=start.baseline_pain, free=bool(start.free)))
        else:
            session = _run(lambda: _session_of(store, session_id, pid))
        if interactive:
            plan_today = _run(lambda: training.today(store=store, person_id=pid, on=day))
            _show_today(out, plan_today)
            _interactive_log(store, session, plan_today, out)
            return
        results = [_run(lambda args=args: training.log_set(store=store, session_id=session.id, **args)).to_json()
                   for args in planned]
        for values in endings:
            _run(lambda values=values: training.end_session(store=store, session_id=session.id, **values))
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
        if result.get("not_suited"):
            out.print(f"  Not suited to your back: {result['not_suited']['message']}", markup=False)
    if finish:
        out.print("Session ended. Check in tomorrow morning: `spinewise checkin`.")


def _session_of(store: Any, session_id: int, person_id: int) -> Any:
    from spinewise.domain.errors import NotFoundError

    if not 1 <= session_id <= LARGEST_ID:  # no such row, and the database cannot take the number
        raise NotFoundError("session", str(session_id))
    with store.reading() as tx:
        session = tx.workouts.get_session(session_id)
    if session is None or session.person_id != person_id:
        raise NotFoundError("session", str(session_id))
    return session
