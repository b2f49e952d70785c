"""What the commands share: exit codes, one-line errors, reading a JSON document, printing
JSON or Rich; for the training commands the ``--db``/``--person``/``--date``/``--json``
options, opening the store, parsing dates and times, resolving the person, turning
storage errors into one line, and printing a monitor decision.

Every command module imports from here, never from the entry point (``spinewise.cli``),
so the package has no import loop (a test walks the imports to keep it so).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any, NoReturn, TypeVar

import typer

from spinewise.domain.calendar_days import out_of_range

EXIT_STORAGE = 1
"""The database could not be opened or written."""
EXIT_BAD_INPUT = 2
"""Input was rejected: one line on stderr names the field."""
EXIT_NO_PLAN = 3
"""Training is not advised (emergency, urgent or refer): no plan."""

JsonOpt = typer.Option(False, "--json", help="Print JSON (the contract's shape) instead of a readable view.")
IntakeArg = typer.Argument(..., help="Intake JSON file, or - to read standard input.", show_default=False)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """One clear line on stderr, nothing on stdout, and the exit code."""
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(code)


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
"""The biggest JSON document read (10 MiB): the longest a command takes (a ``next``
history of 500 sessions) is well under a megabyte."""


def _file_bytes(source: str, what: str, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of a regular file. A folder, a FIFO or a device is refused before it
    is read: a FIFO is opened without waiting for a writer, so nothing blocks."""
    try:
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (FileNotFoundError, NotADirectoryError):
        fail(f"{what}: file not found: {source}")
    except IsADirectoryError:  # where a folder cannot be opened for reading
        fail(f"{what}: {source} is a folder, not a file")
    except OSError as exc:
        fail(f"{what}: cannot read {source}: {exc.strerror}")
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            fail(f"{what}: {source} is a folder, not a file")
        if not stat.S_ISREG(mode):
            kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket"
            fail(f"{what}: {source} is {kind}, not a file; give a file, or - and pipe the document in")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        fail(f"{what}: cannot read {source}: {exc.strerror}")
    finally:
        os.close(fd)


def _document_text(data: bytes, what: str, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """UTF-8 text (a leading byte order mark is dropped), or one line saying where not."""
    if len(data) > limit:
        fail(f"{what}: is larger than {limit // (1024 * 1024)} MiB, too big for a spinewise document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        fail(f"{what}: is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save it as UTF-8")


def read_document(source: str, *, what: str = "intake") -> Any:
    """The JSON document in a file, or on standard input for ``-``; any problem
    (missing, a folder or a FIFO, not UTF-8, not JSON) ends with one line naming ``what``."""
    from spinewise.services import parse_json_text

    if source == "-":
        try:
            data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            fail(f"{what}: cannot read standard input: {exc.strerror}")
    else:
        data = _file_bytes(source, what)
    text = _document_text(data, what)
    if not text.strip():
        fail(f"{what}: is empty, not a JSON document")
    return guarded(lambda: parse_json_text(text, what=what))


def read_object(source: str, *, what: str) -> dict[str, Any]:
    """``read_document`` for a document that must be a JSON object."""
    from spinewise.domain.json_values import shown

    doc = read_document(source, what=what)
    if not isinstance(doc, dict):
        fail(f"{what}: must be a JSON object, got {shown(doc)}")
    return doc


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


DB_HELP = ("Database URL (sqlite:///file, postgresql://...) or a SQLite file path. "
           "Default: $SPINEWISE_DATABASE_URL, else spinewise.sqlite3 in your data folder.")


T = TypeVar("T")


def ask(out: Any, question: str, read: Callable[[str], T], *, again: str,
        default: str | None = None) -> T:
    """Ask until ``read`` accepts the answer (it raises ``ValueError`` when it cannot);
    after a wrong answer say ``again`` and ask once more. The input ending is one clear line."""
    from rich.prompt import Prompt

    while True:
        try:
            raw = Prompt.ask(question, console=out, default=default, show_default=bool(default))
        except EOFError:  # Ctrl-C is left to the edge: "interrupted", exit 130
            out.print()
            fail(f"input ended before an answer to {question!r}")
        try:
            return read((raw or "").strip())
        except ValueError:
            out.print(f"  {again}", markup=False)


def optional(read: Callable[[str], T]) -> Callable[[str], T | None]:
    """``read`` for an answer that may be left blank (blank gives ``None``)."""
    return lambda text: read(text) if text else None


def yes_no(text: str) -> bool:
    """``y``/``yes`` or ``n``/``no`` (any case); anything else is a wrong answer."""
    if text.lower() in ("y", "yes"):
        return True
    if text.lower() in ("n", "no"):
        return False
    raise ValueError(text)


@dataclass(frozen=True, slots=True)
class Asked:
    """One question for the terminal: its words, how to read the answer, what to say
    after an answer that cannot be read, and the answer taken on Enter."""

    question: str
    read: Callable[[str], Any]
    again: str
    default: str | None = None

    def ask(self, out: Any) -> Any:
        return ask(out, self.question, self.read, again=self.again, default=self.default)


def ask_each(out: Any, questions: Mapping[str, Asked]) -> dict[str, Any]:
    """Every question's answer, by field, each asked again until it can be read."""
    return {field: asked.ask(out) for field, asked in questions.items()}


def until_accepted(out: Any, questions: Mapping[str, Asked], answers: dict[str, Any],
                   action: Callable[[dict[str, Any]], T]) -> T:
    """Run ``action(answers)``; while it rejects one of these answers (an ``InputError``
    naming its field), say why, ask that question again and retry. The use case decides
    what is allowed, so the terminal accepts exactly what the other doors accept."""
    from spinewise.domain.errors import InputError

    while True:
        try:
            return action(answers)
        except InputError as exc:
            if exc.field not in questions:
                raise
            out.print(f"  {exc}", markup=False)
            answers[exc.field] = questions[exc.field].ask(out)


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
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        fail(f"{name}: must be a date like 2026-01-05, got {value!r}")
    problem = out_of_range(day)
    if problem is not None:
        fail(f"{name}: {problem}")
    return day


def _parse_time(value: str, name: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        fail(f"{name}: must be a time of day like 10:00, got {value!r}")


def _resolve_person(store: Any, person: str | None) -> int:
    from spinewise import training

    people = _run(lambda: training.list_people(store=store))
    if person is not None:
        if person.isascii() and person.isdigit() and len(person) <= 18 and any(p.id == int(person) for p in people):
            return int(person)
        named = [p for p in people if p.name.lower() == person.lower()]
        if len(named) == 1:
            return int(named[0].id)
        if len(named) > 1:
            fail(f"person: several people are called {person!r}; use the id ({', '.join(str(p.id) for p in named)})")
        shown = person if len(person) <= 60 else f"{person[:57]}..."
        fail(f"person: no person with id or name {shown!r}")
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


def typed_numbers(text: str, count: int) -> list[int]:
    """Positions picked from a numbered list: ``1, 3`` -> [0, 2] (blank: none)."""
    picked = [int(part) - 1 for part in text.replace(" ", "").split(",") if part]
    if any(not 0 <= index < count for index in picked):
        raise ValueError(text)
    return list(dict.fromkeys(picked))


def print_options(out: Any, options: Sequence[tuple[str, str]]) -> None:
    for number, (_, words) in enumerate(options, 1):
        out.print(f"  {number:2}. {words}", markup=False)
