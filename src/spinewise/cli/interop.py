"""``spinewise import strong|hevy FILE`` (another app's log brought in) and ``spinewise
export --format strong-csv|json --out FILE`` (the log taken out), as the contract
``INTEROP.md`` sets them out.

A file that is not such an export, or a row that cannot be read, exits 2 with one line
naming the file, the row and the column; nothing of that file is stored. Above
``PROGRESS_ABOVE_ROWS`` rows a Rich progress bar runs on stderr (not with ``--json``, and
not when stdout is not a terminal).
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from spinewise.cli.common import (
    _db_option,
    _document_text,
    _file_bytes,
    _open,
    _person_option,
    _resolve_person,
    _run,
    emit_json,
    fail,
)

PROGRESS_ABOVE_ROWS = 1000
"""Imports of more rows than this show a progress bar."""
MAX_IMPORT_BYTES = 200 * 1024 * 1024
"""The biggest export read (200 MiB: ten years of daily training is under 20 MiB)."""


class ImportSource(StrEnum):
    strong = "strong"
    hevy = "hevy"


class ExportFormat(StrEnum):
    strong_csv = "strong-csv"
    json = "json"


def _export_text(path: str) -> str:
    return _document_text(_file_bytes(path, path, MAX_IMPORT_BYTES), Path(path).name, MAX_IMPORT_BYTES)


def _summary_lines(summary: Any) -> list[str]:
    data = summary.to_json()
    verb = "would add" if not summary.stored else "added"
    lines = [f"{data['workouts']} workouts, {data['sets']} sets ({data['warmup_sets']} warm-up), "
             f"{data['skipped_rows']} rows that are not sets skipped",
             f"{verb} {summary.added_workouts if summary.stored else data['workouts'] - data['duplicates']} workouts"
             + (f"; {data['duplicates']} already stored, left as they were" if data["duplicates"] else "")]
    for name, match in summary.matches.items():
        if match.exercise_id is not None:
            lines.append(f"  {name} -> {match.exercise_id} ({match.how}, {round(match.confidence * 100)}% sure)")
    unmatched = [name for name, match in summary.matches.items() if match.exercise_id is None]
    if unmatched:
        lines.append("kept as your own exercises (no library match): " + ", ".join(unmatched))
    return lines


def import_(source: ImportSource = typer.Argument(..., help="The app the file comes from: strong or hevy.",
                                                  show_default=False),
            file: str = typer.Argument(..., help="The app's CSV export.", show_default=False),
            person: str | None = _person_option(), db: str | None = _db_option(),
            dry_run: bool = typer.Option(False, "--dry-run", help="Print the summary and store nothing."),
            as_json: bool = typer.Option(False, "--json", help="Print the summary as one JSON object.")) -> None:
    """Bring in a Strong or Hevy export: each workout becomes a past session, each set keeps
    its weight (in your unit), reps, seconds, RPE, notes and warm-up mark; no pain is made up.
    Exercise names are matched to the library; the others are kept as your own exercises.
    Importing the same file again adds nothing."""
    from spinewise.domain.imported_history import parse_export
    from spinewise.training.history_import import import_history

    text = _export_text(file)
    lines = text.count("\n")
    show_bar = (not as_json and lines > PROGRESS_ABOVE_ROWS and sys.stdout.isatty()
                and not os.environ.get("SPINEWISE_NO_PROGRESS"))
    with _open(db) as store:
        person_id = _resolve_person(store, person)
        if not show_bar:
            history = _run(lambda: parse_export(source.value, text, file=Path(file).name))
            summary = _run(lambda: import_history(store=store, person_id=person_id, history=history,
                                                  dry_run=dry_run))
        else:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            columns = (TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
                       TimeElapsedColumn())
            with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
                reading = bar.add_task("reading rows", total=lines)
                history = _run(lambda: parse_export(source.value, text, file=Path(file).name,
                                                    progress=lambda n: bar.update(reading, completed=n)))
                bar.update(reading, completed=lines)
                storing = bar.add_task("storing sets", total=history.set_count)
                summary = _run(lambda: import_history(
                    store=store, person_id=person_id, history=history, dry_run=dry_run,
                    progress=lambda n: bar.update(storing, completed=n)))
                bar.update(storing, completed=history.set_count)
    if as_json:
        emit_json(summary.to_json())
        return
    for line in _summary_lines(summary):
        print(line)


def _write_out(out: str, text: str) -> None:
    try:
        Path(out).write_text(text, encoding="utf-8")
    except IsADirectoryError:
        fail(f"out: {out} is a folder, not a file")
    except OSError as exc:
        fail(f"out: cannot write {out}: {exc.strerror}")


def _person_ids(store: Any, account_id: int) -> list[int]:
    with store.reading() as tx:
        return list(tx.accounts.person_ids(account_id))


def export(email: str | None = typer.Option(None, "--email", help="The account to export (default: the person).",
                                            show_default=False),
           person: str | None = _person_option(), db: str | None = _db_option(),
           export_format: ExportFormat = typer.Option(ExportFormat.json, "--format",
                                                      help="json: everything stored (as GET /api/v1/me/export); "
                                                           "strong-csv: the training log in Strong's comma layout."),
           out: str | None = typer.Option(None, "--out", help="Write to this file (default: print it).",
                                          show_default=False),
           as_json: bool = typer.Option(True, "--json", help="Accepted for compatibility: json is the default format.",
                                        hidden=True)) -> None:
    """Everything stored about a person (and their account) as one JSON document (the same as "Download my data"
    in the web app and ``GET /api/v1/me/export``), or the training log as a Strong CSV that
    Strong-reading tools, and ``spinewise import strong``, open."""
    from spinewise import accounts
    from spinewise.jsonout import dumps
    from spinewise.training.history_import import strong_csv

    with _open(db) as store:
        if email is not None:
            account = _run(lambda: accounts.find_account(store=store, email=email))
            if export_format is ExportFormat.json:
                document: Any = _run(lambda: accounts.export_account(store=store, account_id=account.id))
            else:
                ids = _run(lambda: _person_ids(store, account.id))
                if not ids:
                    fail(f"email: {account.email} has no training log yet")
                person_id = ids[0]
        else:
            person_id = _resolve_person(store, person)
            if export_format is ExportFormat.json:
                document = _run(lambda: accounts.export_person(store=store, person_id=person_id))
        if export_format is ExportFormat.strong_csv:
            text = _run(lambda: strong_csv(store=store, person_id=person_id))
        else:
            text = dumps(document)
    if out is None:
        sys.stdout.write(text)
    else:
        _write_out(out, text)
