"""The ``today`` command: today's planned session and prescriptions.
"""

from __future__ import annotations

from typing import Any

from spinewise.cli.common import (
    _date_option,
    _db_option,
    _for_person,
    _json_option,
    _parse_date,
    _person_option,
    console,
    emit_json,
)

ID_WIDTH = 20
"""On a narrow terminal the exercise column is at most this wide: a longer id folds onto
the next line, never cut short, and the table still fits 80 columns."""
WIDE = 110
"""A terminal this wide (columns) fits the table with whole names and ids."""


def _show_today(out: Any, result: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    out.print(f"[bold]{result.on.isoformat()}[/bold]: {result.message}")
    if result.checkin:
        out.print(f"Check-in: {result.checkin['action']} - " +
                  "; ".join(r["message"] for r in result.checkin.get("rules", [])), markup=False)
    if result.follow_up:
        care = result.follow_up
        out.print(f"[bold]{care['message']}[/bold]")
        for line in care.get("answer", []):
            out.print(f"  spinewise said: {line}", markup=False)
        if care.get("tell_them"):
            out.print("What to tell them:")
            for line in care["tell_them"]:
                out.print(f"  - {line}", markup=False)
        out.print("When a clinician has seen you: `spinewise clinician-seen`, then "
                  "`spinewise rescreen --from` your updated intake.", markup=False)
    if result.status == "see_clinician":
        return  # no session starts until the visit is recorded: nothing to list
    if not result.items:
        if result.next_session:
            out.print(f"Next session: {result.next_session.isoformat()}")
        return
    table = Table(show_lines=False)
    narrow = out.width < WIDE
    for column in ("block", "exercise", "sets x dose", "tempo", "load", "RPE cap", "change"):
        # the exercise column keeps room for whole ids: they are what `log -e` takes
        table.add_column(column, max_width=ID_WIDTH if column == "exercise" and narrow else None,
                         overflow="fold" if column == "exercise" else "ellipsis")
    for item in result.items:
        dose = f"{item.reps} reps" if item.reps is not None else f"{item.seconds} s"
        if item.per_side:
            dose += " each side"
        load = f"{item.load:g} {item.unit}" if item.load is not None else "-"
        # the id (what `log -e` takes) dimmed under the name
        named = Text.assemble(item.name, ("\n" + item.exercise, "dim")) if item.exercise != item.name \
            else Text(item.name)
        table.add_row(item.block, named, f"{item.sets} x {dose}", item.tempo or "-", load,
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
