"""Reading commands: ``history``, ``progress``, ``calendar`` (the plan as an .ics
file), and the printouts ``report`` (the client report) and ``handout`` (the exercise
handout), as PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from spinewise.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_STORAGE,
    _date_option,
    _db_option,
    _for_person,
    _json_option,
    _parse_date,
    _parse_time,
    _person_option,
    console,
    emit_json,
    fail,
)


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
        what = f"{s.title or 'workout'} (imported from {s.source})" if s.source else s.focus or "free session"
        out.print(f"[bold]{s.on_date.isoformat()}[/bold] {what}: "
                  f"{len(item.sets)} sets, pain after {s.pain_after if s.pain_after is not None else '-'}"
                  f"{morning}, load {s.training_load if s.training_load is not None else '-'}")
        for logged in item.sets:
            dose = f"{logged.reps} reps" if logged.reps is not None else f"{logged.seconds} s"
            load = f" at {logged.load_entered:g} {logged.unit}" if logged.load_entered is not None else ""
            if logged.pain is None:  # imported: the other app recorded no pain
                warmup = " (warm-up)" if logged.warmup else ""
                out.print(f"   {logged.exercise} {dose}{load}{warmup}, pain not recorded", markup=False)
            else:
                out.print(f"   {logged.exercise} {dose}{load}, pain {logged.pain} -> {logged.action}", markup=False)


def progress(person: str = _person_option(), on: str = _date_option(), db: str = _db_option(),
             since: str = typer.Option(None, "--since", help="First day of the series, YYYY-MM-DD (default: 26 weeks back)."),
             weeks: int = typer.Option(None, "--weeks", min=1, max=520, help="Series over this many weeks (instead of --since)."),
             as_json: bool = _json_option()) -> None:
    """Pain, training load, volume by pattern, adherence, outcomes, pain trend and phase readiness.

    The series cover the last 26 weeks unless --since or --weeks says otherwise; the
    decisions and outcome measures always weigh the whole history."""
    from datetime import timedelta

    from spinewise import training

    day = _parse_date(on)
    if since is not None and weeks is not None:
        fail("since: give --since or --weeks, not both")
    start = _parse_date(since, "since") if since is not None else (
        day - timedelta(weeks=weeks) if weeks is not None else None)
    result = _for_person(db, person, lambda store, pid: training.progress(
        store=store, person_id=pid, on=day, since=start))
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
    target = _out_target(out_file, "spinewise.ics")
    payload = _for_person(db, person, lambda store, pid: training.calendar_ics(
        store=store, person_id=pid, start=first, weeks=weeks, session_time=session_time,
        movement_breaks=breaks, posture_checks=posture, weekdays_only=not every_day,
        alarm_minutes=alarm_minutes))
    _write(target, payload)
    console().print(f"Wrote {target} ({payload.count(b'BEGIN:VEVENT')} events). Import it in your calendar app.",
                    markup=False)


def report(out_file: str = typer.Option(..., "--out", "-o", help="Where to write the PDF."),
           person: str = _person_option(), on: str = _date_option("The report's day"),
           db: str = _db_option()) -> None:
    """Write the printable client report (PDF): screening, plan, adherence, pain and load
    charts, check-ins and habits, outcome measures over time, and alerts."""
    from spinewise.printouts import client_report_pdf

    day = _parse_date(on)
    target = _out_target(out_file, "report.pdf")
    payload = _for_person(db, person, lambda store, pid: _pdf(lambda: client_report_pdf(
        store=store, person_id=pid, on=day)))
    _write(target, payload)
    console().print(f"Wrote {target} (the client report as of {day.isoformat()}).", markup=False)


def handout(out_file: str = typer.Option(..., "--out", "-o", help="Where to write the PDF."),
            weeks: int = typer.Option(2, "--weeks", min=1, max=52, help="Weeks of the plan, from this week."),
            person: str = _person_option(), on: str = _date_option("The first week's day"),
            db: str = _db_option()) -> None:
    """Write the exercise handout of the current plan (PDF): each session by week and day,
    every exercise with sets, reps, tempo, effort and "each side", then its cues."""
    from spinewise.printouts import handout_pdf

    day = _parse_date(on)
    target = _out_target(out_file, "handout.pdf")
    payload = _for_person(db, person, lambda store, pid: _pdf(lambda: handout_pdf(
        store=store, person_id=pid, on=day, weeks=weeks)))
    _write(target, payload)
    console().print(f"Wrote {target} ({weeks} week{'s' if weeks > 1 else ''} of the plan).", markup=False)


def _pdf(make: Callable[[], bytes]) -> bytes:
    """A PDF, or one line and exit 1 when PDFs cannot be made here (WeasyPrint or Pango
    missing: the surroundings, not the input)."""
    from spinewise.printouts import PdfUnavailable

    try:
        return make()
    except PdfUnavailable as exc:
        fail(exc.message, EXIT_STORAGE)


def _out_target(out_file: str, example: str) -> Path:
    target = Path(out_file)
    if target.is_dir():
        fail(f"out: {out_file} is a folder; give a file name such as {target / example}")
    if target.is_fifo():  # opening a FIFO to write waits for a reader: refuse before
        fail(f"out: {out_file} is a named pipe (FIFO), not a file")
    return target


def _write(target: Path, payload: bytes) -> None:
    try:
        target.write_bytes(payload)
    except OSError as exc:
        fail(f"out: cannot write {target}: {exc.strerror}", EXIT_BAD_INPUT)
