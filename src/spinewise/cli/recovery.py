"""Recovery commands: the next-morning ``checkin``, ``assess`` (endurance tests, PSFS,
NPRS, ODI) and ``habits``.
"""

from __future__ import annotations

from typing import Any

import typer

from spinewise.cli.common import (
    Asked,
    _date_option,
    _db_option,
    _for_person,
    _json_option,
    _open,
    _parse_date,
    _person_option,
    _resolve_person,
    _run,
    _show_decision,
    ask_each,
    console,
    emit_json,
    fail,
    optional,
    read_document,
    until_accepted,
    yes_no,
)
from spinewise.cli.psychosocial import ask_psychosocial

CHECKIN_QUESTIONS = {
    "pain": Asked("Back pain this morning, 0-10", int, "please answer with a whole number from 0 to 10"),
    "stiffness": Asked("Stiffness, 0-10", int, "please answer with a whole number from 0 to 10", "0"),
    "stiff_hours": Asked("Hours stiff", float, "please answer with a number of hours", "0"),
    "sleep_hours": Asked("Hours slept (blank to skip)", optional(float), "please answer with a number of hours", ""),
    "sleep_quality": Asked("Sleep quality 1-5 (blank to skip)", optional(int), "please answer with a whole number from 1 to 5", ""),
    "locked_up": Asked("Feel locked up? (y/n)", yes_no, "please answer y or n", "n"),
}
"""The check-in asked on the terminal when ``--pain`` is not given, by the use case's field names."""


def checkin(pain: int = typer.Option(None, "--pain", help="Back pain this morning, 0-10."),
            stiffness: int = typer.Option(None, "--stiffness", help="Stiffness this morning, 0-10."),
            stiff_hours: float = typer.Option(0.0, "--stiff-hours", help="Hours you have felt stiff."),
            sleep_hours: float = typer.Option(None, "--sleep-hours", help="Hours slept."),
            sleep_quality: int = typer.Option(None, "--sleep-quality", help="Sleep quality 1 (poor) to 5 (great)."),
            locked_up: bool = typer.Option(False, "--locked-up", help="You feel locked up."),
            symptom: list[str] = typer.Option(None, "--symptom", help="A symptom this morning (repeat)."),
            psychosocial: str = typer.Option(
                None, "--psychosocial",
                help="While they are unanswered: the psychosocial answers as a JSON object with the "
                     "intake's fields, e.g. '{\"worrying_thoughts\": true, \"bothersomeness\": \"slightly\"}'."),
            person: str = _person_option(), on: str = _date_option("The morning"),
            db: str = _db_option(), as_json: bool = _json_option()) -> None:
    """The next-morning check-in: pain, stiffness, sleep. Says what the next session may be."""
    from spinewise import training

    day = _parse_date(on)
    out = console()
    given: dict[str, Any] = {"pain": pain, "stiffness": stiffness or 0, "stiff_hours": stiff_hours,
                             "sleep_hours": sleep_hours, "sleep_quality": sleep_quality, "locked_up": locked_up}
    asked: dict[str, Asked] = CHECKIN_QUESTIONS if pain is None else {}
    if asked:
        given = ask_each(out, asked)
    psychosocial_answers: Any = None
    if psychosocial is not None:
        psychosocial_answers = read_json_text(psychosocial, what="psychosocial")
    from spinewise.commands import CheckIn, arguments, read_command

    def check_in(store: Any, pid: int, answers: dict[str, Any]) -> Any:
        # the check-in as the API and the page read it (the ``CheckIn`` command)
        given = read_command(CheckIn, {**answers, "symptoms": symptom or [], "psychosocial": psychosocial_answers})
        return training.checkin(store=store, person_id=pid, on=day, **arguments(given))

    result = _for_person(db, person, lambda store, pid: until_accepted(
        out, asked, given, lambda answers: check_in(store, pid, answers)))
    doc = result.to_json()
    if asked and result.psychosocial_pending:  # asked on the terminal once the check-in is saved
        answers = ask_psychosocial(out)
        overview = None if answers is None else _for_person(db, person, lambda store, pid: (
            training.answer_psychosocial(store=store, person_id=pid, answers=answers, on=day)))
        if overview is not None and overview.screening is not None:
            doc["screening"], doc["psychosocial_pending"] = overview.screening.to_json(), False
    if as_json:
        emit_json(doc)
        return
    _show_decision(out, result.decision)
    if "screening" in doc:
        out.print(f"Saved your answers: psychosocial risk {doc['screening']['psychosocial_risk']}; "
                  "your plan has been updated to match.", markup=False)
    elif doc["psychosocial_pending"] and not asked:
        out.print("How your back affects you is still not asked: run `spinewise checkin` without "
                  "--pain to answer the questions, or pass --psychosocial.", markup=False)


def assess(kind: str = typer.Argument(..., help="endurance (McGill torso tests), psfs, nprs or odi."),
           flexor: float = typer.Option(None, "--flexor", help="Trunk flexor hold, seconds."),
           extensor: float = typer.Option(None, "--extensor", help="Biering-Sorensen extensor hold, seconds."),
           side_right: float = typer.Option(None, "--side-right", help="Right side bridge, seconds."),
           side_left: float = typer.Option(None, "--side-left", help="Left side bridge, seconds."),
           activity: list[str] = typer.Option(None, "--activity", help="PSFS activity as 'name=score' (0-10); 3 to 5 of them."),
           pain: int = typer.Option(None, "--pain", help="NPRS: pain 0-10."),
           section: list[str] = typer.Option(
               None, "--section",
               help="ODI: a section's score as 'number=score' (section 1-10 in the form's order, score "
                    "0-5); repeat for each answered section, at least 8, and leave out a blank one."),
           file: str = typer.Option(None, "--file", help="The values as a JSON file (or -)."),
           person: str = _person_option(), on: str = _date_option(), db: str = _db_option(),
           as_json: bool = _json_option()) -> None:
    """Log an assessment: McGill endurance tests (with ratio flags), PSFS, NPRS or the
    Oswestry Disability Index (section scores only). `assess endurance` with no times shows
    how to do each test and the reference values."""
    from spinewise import training

    day = _parse_date(on)
    if kind == "endurance" and not file and all(v is None for v in (flexor, extensor, side_right, side_left)):
        _show_endurance_guide(as_json)
        return
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
    elif kind == "odi":
        values = {"sections": {}}
        for item in section or []:
            number, _, score = item.partition("=")
            if number.strip() in values["sections"]:
                fail(f"section: section {number.strip()} is given twice")
            try:
                values["sections"][number.strip()] = int(score)
            except ValueError:
                fail(f"section: must be like '4=2' (section 4 scored 2), got {item!r}")
    else:
        values = {"pain": pain}
    from spinewise.commands import LogAssessment, read_command

    checked = _run(lambda: read_command(LogAssessment, {"kind": kind, "values": values}))
    result = _for_person(db, person, lambda store, pid: training.record_assessment(
        store=store, person_id=pid, on=day, kind=checked.kind, values=checked.values))
    if as_json:
        emit_json(result.to_json())
        return
    out = console()
    out.print(f"Saved {kind} on {day.isoformat()}" + (f": score {result.score:g}" if result.score is not None else ""))
    for finding in result.result.get("findings", []):
        out.print(f"  {finding['rule']}: {finding['message']}", markup=False)
    if result.result.get("reference"):
        out.print(f"  Your holds beside the published means of young healthy adults "
                  f"({result.result['reference_source']}):", markup=False)
        for test in result.result["reference"]:
            ref = test["reference_seconds"]
            out.print(f"    {test['name']}: {test['seconds']:g} s (men {ref['men']:g} s, women {ref['women']:g} s)",
                      markup=False)
        out.print("  How to do each test: spinewise assess endurance (with no times).", markup=False)
    if kind == "odi":
        odi = result.result
        blank = f"; blank sections: {', '.join(map(str, odi['unanswered']))}" if odi["unanswered"] else ""
        out.print(f"  Disability index {odi['percent']:g}% ({odi['total']} of {5 * odi['answered']}"
                  f"{blank}): {odi['band_text']}", markup=False)
    if "change" in result.result:
        out.print(f"  {result.result['change']['message']}", markup=False)


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
    from spinewise.commands import DayHabits, arguments, read_command

    day_habits = arguments(_run(lambda: read_command(DayHabits, given)))  # as the API and the page read them
    with _open(db) as store:
        pid = _resolve_person(store, person)
        if given:
            _run(lambda: training.record_habits(store=store, person_id=pid, on=day, habits=day_habits))
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


def clinician_seen(person: str = _person_option(), db: str = _db_option(),
                   as_json: bool = _json_option()) -> None:
    """Record that a clinician has seen you after spinewise said to get care: sessions
    can start again. Re-screen next (`spinewise rescreen --from` your updated intake)."""
    from spinewise import training

    seen = _for_person(db, person, lambda store, pid: training.record_clinician_seen(
        store=store, person_id=pid))
    if as_json:
        emit_json(seen.to_json())
        return
    console().print("Recorded: a clinician has seen you. Sessions can start again; re-screen "
                    "with what they found: `spinewise rescreen --from` your updated intake.", markup=False)


def read_json_text(text: str, *, what: str) -> Any:
    """A JSON value given on the command line (bad JSON ends the command with one line)."""
    from spinewise.services import parse_json_text

    return _run(lambda: parse_json_text(text, what=what))


def _show_endurance_guide(as_json: bool) -> None:
    """How to do McGill's endurance tests, the published reference values and the flags."""
    from spinewise.domain.assessments import endurance_guide_json

    guide = endurance_guide_json()
    if as_json:
        emit_json(guide)
        return
    out = console()
    out.print("McGill's torso endurance tests", markup=False)
    for line in guide["general"]:
        out.print(f"  - {line}", markup=False)
    for test in guide["tests"]:
        ref = test["reference_seconds"]
        out.print(f"\n{test['name']} (--{_OPTION[test['test']]})", markup=False)
        out.print(f"  Set-up: {test['setup']}", markup=False)
        out.print(f"  Hold: {test['hold']}", markup=False)
        out.print(f"  End: {test['stop_when']}", markup=False)
        out.print(f"  Published mean hold: men {ref['men']:g} s, women {ref['women']:g} s", markup=False)
    flags = guide["ratio_flags"]
    low, high = flags["side_balance_range"]
    out.print(f"\nFlags: flexion:extension above {flags['flexion_extension_max']:g}; "
              f"right:left side bridge outside {low:g}-{high:g}; side bridge:extension above "
              f"{flags['side_extension_max']:g} ({guide['source']}).", markup=False)
    out.print("Log your times: spinewise assess endurance --flexor S --extensor S --side-right S --side-left S",
              markup=False)


_OPTION = {"flexor": "flexor", "extensor": "extensor", "side_bridge_right": "side-right",
           "side_bridge_left": "side-left"}
