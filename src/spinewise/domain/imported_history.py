"""Reading another app's training log: the exports of Strong and Hevy, as typed workouts
and sets (pure: text in, records out; no files, no database).

Strong has written three layouts over its versions (``STRONG_LAYOUTS``): comma-separated
with ``Duration`` and weights in the lifter's unit; semicolon-separated with ``Weight
Unit`` and ``Distance Unit`` columns; and semicolon-separated with ``Workout #``,
``Duration (sec)``, ``Weight (kg)`` and ``Distance (meters)``. Dates come as Strong
writes them, 24-hour (``2024-03-05 18:03:12``) or 12-hour with a narrow no-break space
(U+202F) before AM/PM. ``Set Order`` is a number, ``W`` (a warm-up set), ``D`` (a drop
set), ``F`` (a set to failure), or ``Rest Timer`` / ``Note`` for rows that are not sets: a
note's text belongs to that exercise. Hevy writes one layout, weights in kilograms or in
pounds (``weight_kg`` or ``weight_lbs``) and ``set_type`` warmup / normal / dropset /
failure.

A row that cannot be read raises ``UnreadableExport`` naming the file, the row (the
header is row 1, as a spreadsheet numbers them) and the column; nothing is half-read.
Each workout gets a ``key``: the same workout in the same kind of export always gets the
same key, so importing a file twice adds nothing the second time.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal

from spinewise.domain.errors import InputError

Source = Literal["strong", "hevy"]
WeightUnit = Literal["kg", "lb"]
SetKind = Literal["warmup", "normal", "dropset", "failure"]

METRES_PER_MILE = 1609.344
MAX_REPS = 1000
MAX_SECONDS = 24 * 3600
MAX_WEIGHT = 2000.0
"""Bigger than any lift in either unit: a larger number is a misread column, not a set."""

STRONG_COMMA = ("Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps",
                "Distance", "Seconds", "Notes", "Workout Notes", "RPE")
STRONG_UNITS = ("Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps",
                "RPE", "Distance", "Distance Unit", "Seconds", "Notes", "Workout Notes")
STRONG_NUMBERED = ("Workout #", "Date", "Workout Name", "Duration (sec)", "Exercise Name", "Set Order",
                   "Weight (kg)", "Reps", "RPE", "Distance (meters)", "Seconds", "Notes", "Workout Notes")
STRONG_LAYOUTS: dict[str, tuple[str, ...]] = {
    "strong-comma": STRONG_COMMA, "strong-units": STRONG_UNITS, "strong-numbered": STRONG_NUMBERED}
"""The columns each Strong layout must have (others, such as ``Workout Duration``, are read
when present and otherwise ignored)."""
HEVY_COLUMNS = ("title", "start_time", "end_time", "description", "exercise_title", "superset_id",
                "exercise_notes", "set_index", "set_type", "reps", "duration_seconds", "rpe")
"""Hevy's columns, besides one of ``weight_kg``/``weight_lbs`` and ``distance_km``/``distance_miles``."""

_SKIPPED_ORDERS = {"rest timer", "note"}
PROGRESS_EVERY = 1000
"""Rows between two calls of a parser's ``progress`` callback."""


class UnreadableExport(InputError):
    """A file that is not such an export, or a row of it that cannot be read: the
    message names the file, the row number and the column."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str) -> None:
        where = file
        if row is not None:
            where += f": row {row}"
        if column is not None:
            where += f", column {column!r}" if row is not None else f": column {column!r}"
        super().__init__(where, message)
        self.file = file
        self.row = row
        self.column = column


@dataclass(frozen=True, slots=True)
class ImportedSet:
    """One set as the other app wrote it. ``weight`` is in ``weight_unit`` (``None``:
    the lifter's own unit, as Strong's comma layout writes it); ``None`` fields were
    empty (or 0, which both apps write for "not used")."""

    exercise_name: str
    kind: SetKind
    reps: int | None
    seconds: int | None
    weight: float | None
    weight_unit: WeightUnit | None
    distance_m: float | None
    rpe: float | None
    notes: str | None
    row: int

    @property
    def warmup(self) -> bool:
        return self.kind == "warmup"


@dataclass(frozen=True, slots=True)
class ImportedWorkout:
    """One workout: a past session on the day it started."""

    key: str
    started_at: datetime
    title: str
    duration_seconds: int | None
    notes: str | None
    sets: tuple[ImportedSet, ...]


@dataclass(frozen=True, slots=True)
class ImportedHistory:
    """Everything read from one file, in the order it was written (oldest workout first)."""

    source: Source
    layout: str
    workouts: tuple[ImportedWorkout, ...]
    rows: int
    skipped_rows: int
    """Rows that are not sets (rest timers, notes)."""
    exercise_names: tuple[str, ...] = field(default=())
    """Each exercise name once, in the order first seen."""

    @property
    def set_count(self) -> int:
        return sum(len(w.sets) for w in self.workouts)

    @property
    def warmup_sets(self) -> int:
        return sum(1 for w in self.workouts for s in w.sets if s.warmup)


def workout_key(source: Source, started_at: datetime, title: str) -> str:
    """The stable key of a workout: its app, its start (to the second) and its name."""
    text = f"{source}|{started_at.isoformat(timespec='seconds')}|{title.strip()}"
    return f"{source}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:40]}"


# --- reading cells ----------------------------------------------------------------------


class _Row:
    """One record of the file with its row number, read cell by cell with errors that
    name the row and the column."""

    def __init__(self, file: str, number: int, cells: dict[str, str], decimal_comma: bool) -> None:
        self.file, self.number, self.cells, self.decimal_comma = file, number, cells, decimal_comma

    def fail(self, column: str, message: str) -> UnreadableExport:
        return UnreadableExport(self.file, self.number, column, message)

    def text(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def number_or_none(self, column: str, *, most: float) -> float | None:
        raw = self.cells.get(column)
        if not raw or raw == "0":  # both apps write 0 for "not used"
            return None
        if raw.isdigit():  # the usual case, read without the checks below
            whole = int(raw)
            if whole <= most:
                return whole or None
        raw = raw.strip()
        if not raw:
            return None
        cleaned = raw.replace(",", ".") if self.decimal_comma and raw.count(",") == 1 and "." not in raw else raw
        try:
            value = float(cleaned)
        except ValueError:
            raise self.fail(column, f"must be a number, got {raw!r}") from None
        if value != value or value < 0 or value > most:
            raise self.fail(column, f"must be a number from 0 to {most:g}, got {raw!r}")
        return value or None  # both apps write 0 for "not used"

    def whole_or_none(self, column: str, *, most: int) -> int | None:
        value = self.number_or_none(column, most=most)
        if value is None:
            return None
        if value != int(value):
            raise self.fail(column, f"must be a whole number, got {self.text(column)!r}")
        return int(value)

    def rpe(self, column: str = "RPE") -> float | None:
        value = self.number_or_none(column, most=10)
        if value is not None and value < 1:
            raise self.fail(column, f"must be from 1 to 10, got {self.text(column)!r}")
        return value

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            raise self.fail(column, "is empty")
        return value


_SPACES = re.compile(r"[\u202f\u00a0\u2009 ]+")
_STRONG_TIMES = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %H:%M", "%Y-%m-%d %I:%M %p")
_HEVY_TIMES = ("%d %b %Y, %H:%M", "%d %b %Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
               "%Y-%m-%d %H:%M", "%d %b %Y, %I:%M %p")


def _moment(row: _Row, column: str, formats: Sequence[str]) -> datetime:
    raw = row.required(column)
    text = _SPACES.sub(" ", raw).strip().upper().replace("A.M.", "AM").replace("P.M.", "PM")
    text = re.sub(r"(?<=\d)(AM|PM)$", r" \1", text)
    for layout in formats:
        try:
            moment = datetime.strptime(text.title() if "%b" in layout else text, layout)
        except ValueError:
            continue
        if not 1900 <= moment.year <= 2200:
            raise row.fail(column, f"must be a date from 1900 to 2200, got {raw!r}")
        return moment
    raise row.fail(column, f"must be a date and time such as 2024-03-05 18:03:12, got {raw!r}")


_DURATION_PART = re.compile(r"(\d+)\s*([hms])")


def _duration(row: _Row, column: str) -> int | None:
    """Seconds, from ``3900``, ``1h 5m``, ``45m`` or ``30s`` (Strong has written each)."""
    raw = row.text(column)
    if not raw:
        return None
    if raw.replace(".", "", 1).isdigit():
        return row.whole_or_none(column, most=7 * 24 * 3600) if "." not in raw else int(float(raw))
    parts = _DURATION_PART.findall(raw.lower())
    if not parts or _DURATION_PART.sub("", raw.lower()).strip():
        raise row.fail(column, f"must be a duration such as 1h 5m or 3900 (seconds), got {raw!r}")
    scale = {"h": 3600, "m": 60, "s": 1}
    return sum(int(n) * scale[unit] for n, unit in parts) or None


# --- the file as records ----------------------------------------------------------------


def _records(text: str, file: str, first_column: str,
             app: str) -> tuple[list[str], Iterator[tuple[int, list[str]]], str]:
    """The header, the records (numbered from 2: the header is row 1) and the separator."""
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise UnreadableExport(file, 1, first_column, f"is missing: the file is empty (expected a {app} export)")
    separator = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"', strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
    except csv.Error as exc:
        raise UnreadableExport(file, 1, None, f"is not CSV: {exc}") from None

    def numbered() -> Iterator[tuple[int, list[str]]]:
        number = 1
        try:
            for cells in reader:
                number += 1
                yield number, cells
        except csv.Error as exc:
            raise UnreadableExport(file, number + 1, None, f"is not CSV: {exc}") from None

    return header, numbered(), separator


def _cells(file: str, number: int, header: list[str], cells: list[str]) -> dict[str, str] | None:
    if not "".join(cells).strip():
        return None  # a blank line
    if len(cells) > len(header) and "".join(cells[len(header):]).strip():
        raise UnreadableExport(file, number, header[-1],
                               f"has {len(cells)} cells where the header has {len(header)} columns")
    return dict(zip(header, cells, strict=False))


def _missing(header: Sequence[str], needed: Sequence[str]) -> list[str]:
    present = set(header)
    return [c for c in needed if c not in present]


def strong_layout(header: Sequence[str]) -> str | None:
    """Which Strong layout a header is, or ``None``."""
    for name, columns in sorted(STRONG_LAYOUTS.items(), key=lambda kv: -len(kv[1])):
        if not _missing(header, columns):
            return name
    return None


MAX_NAME = 80
"""The longest exercise name kept (an own exercise is stored under its name)."""


def _exercise_name(row: _Row, column: str, seen: dict[str, str]) -> str:
    raw = row.cells.get(column) or ""
    name = seen.get(raw)
    if name is None:
        name = " ".join(row.required(column).split())
        if len(name) > MAX_NAME:
            raise row.fail(column, f"is longer than {MAX_NAME} characters ({len(name)})")
        seen[raw] = name
    return name


# --- Strong -----------------------------------------------------------------------------


def _strong_order(row: _Row) -> SetKind | None:
    """The kind of set a ``Set Order`` cell means, or ``None`` for a row that is not a set."""
    raw = row.required("Set Order")
    low = raw.lower()
    if low in _SKIPPED_ORDERS:
        return None
    if low == "w":
        return "warmup"
    if low == "d":
        return "dropset"
    if low == "f":
        return "failure"
    if raw.isdigit() and int(raw) >= 0:
        return "normal"
    raise row.fail("Set Order", f"must be a set number, W (warm-up), D (drop set), F (failure), "
                                f"Rest Timer or Note, got {raw!r}")


def _strong_weight(row: _Row, layout: str) -> tuple[float | None, WeightUnit | None]:
    if layout == "strong-numbered":
        return row.number_or_none("Weight (kg)", most=MAX_WEIGHT), "kg"
    weight = row.number_or_none("Weight", most=MAX_WEIGHT)
    if layout == "strong-comma":
        return weight, None
    unit_text = row.text("Weight Unit").lower()
    if unit_text in ("kg", "kgs"):
        return weight, "kg"
    if unit_text in ("lb", "lbs"):
        return weight, "lb"
    if not unit_text and weight is None:
        return None, None
    raise row.fail("Weight Unit", f"must be kg or lbs, got {row.text('Weight Unit')!r}")


def _strong_distance(row: _Row, layout: str) -> float | None:
    if layout == "strong-numbered":
        return row.number_or_none("Distance (meters)", most=1e6)
    distance = row.number_or_none("Distance", most=1e6)
    if distance is None or layout == "strong-comma":
        return distance  # Strong's comma layout: metres or miles as set in the app; kept as written
    unit = row.text("Distance Unit").lower()
    factor = {"m": 1.0, "km": 1000.0, "mi": METRES_PER_MILE, "miles": METRES_PER_MILE,
              "ft": 0.3048, "yd": 0.9144, "": 1.0}.get(unit)
    if factor is None:
        raise row.fail("Distance Unit", f"must be m, km, mi, ft or yd, got {row.text('Distance Unit')!r}")
    return distance * factor


def parse_strong(text: str, *, file: str, progress: Callable[[int], None] | None = None) -> ImportedHistory:
    """A Strong export (any of its layouts) as workouts and sets; ``progress`` is told
    every ``PROGRESS_EVERY`` rows how many were read."""
    header, records, separator = _records(text, file, "Date", "Strong")
    layout = strong_layout(header)
    if layout is None:
        if _missing(header, ("title", "exercise_title", "set_type")) == []:
            raise UnreadableExport(file, 1, None, "is a Hevy export; use `spinewise import hevy`")
        wanted = min(STRONG_LAYOUTS.values(), key=lambda cols: len(_missing(header, cols)))
        gone = _missing(header, wanted)
        raise UnreadableExport(file, 1, gone[0], "is missing: this is not a Strong export (expected "
                               + ", ".join(wanted) + ")")
    builder = _Builder("strong", layout)
    duration_column = {"strong-comma": "Duration", "strong-numbered": "Duration (sec)",
                       "strong-units": "Workout Duration"}[layout]
    for number, cells in records:
        found = _cells(file, number, header, cells)
        if found is None:
            continue
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
        row = _Row(file, number, found, decimal_comma=separator == ";")
        # the rows of one workout repeat its date and name: read them once per workout
        workout = builder.seen(found.get("Date"), found.get("Workout Name"))
        if workout is None:
            started = _moment(row, "Date", _STRONG_TIMES)
            workout = builder.workout((found.get("Date"), found.get("Workout Name")), started,
                                      row.text("Workout Name"), _duration(row, duration_column),
                                      row.text("Workout Notes") or None)
        name = _exercise_name(row, "Exercise Name", builder.raw_names)
        kind = _strong_order(row)
        if kind is None:
            builder.skipped += 1
            if row.text("Set Order").lower() == "note" and row.text("Notes"):
                workout.note_for(name, row.text("Notes"))
            continue
        weight, unit = _strong_weight(row, layout)
        workout.add(ImportedSet(
            exercise_name=name, kind=kind, reps=row.whole_or_none("Reps", most=MAX_REPS),
            seconds=row.whole_or_none("Seconds", most=MAX_SECONDS), weight=weight, weight_unit=unit,
            distance_m=_strong_distance(row, layout), rpe=row.rpe(), notes=row.text("Notes") or None,
            row=number))
    return builder.history()


# --- Hevy -------------------------------------------------------------------------------

_HEVY_KINDS: dict[str, SetKind] = {"warmup": "warmup", "normal": "normal", "dropset": "dropset",
                                   "failure": "failure", "": "normal"}


def parse_hevy(text: str, *, file: str, progress: Callable[[int], None] | None = None) -> ImportedHistory:
    """A Hevy export as workouts and sets (``progress`` as for ``parse_strong``)."""
    header, records, _ = _records(text, file, "title", "Hevy")
    if strong_layout(header) is not None:
        raise UnreadableExport(file, 1, None, "is a Strong export; use `spinewise import strong`")
    gone = _missing(header, HEVY_COLUMNS)
    if gone:
        raise UnreadableExport(file, 1, gone[0], "is missing: this is not a Hevy export (expected "
                               + ", ".join(HEVY_COLUMNS) + ")")
    weight_column = next((c for c in ("weight_kg", "weight_lbs") if c in header), None)
    if weight_column is None:
        raise UnreadableExport(file, 1, "weight_kg", "is missing (or weight_lbs): this is not a Hevy export")
    unit: WeightUnit = "kg" if weight_column == "weight_kg" else "lb"
    distance_column = next((c for c in ("distance_km", "distance_miles") if c in header), None)
    per_unit = 1000.0 if distance_column == "distance_km" else METRES_PER_MILE
    builder = _Builder("hevy", "hevy")
    for number, cells in records:
        found = _cells(file, number, header, cells)
        if found is None:
            continue
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
        row = _Row(file, number, found, decimal_comma=False)
        workout = builder.seen(found.get("start_time"), found.get("end_time"), found.get("title"))
        if workout is None:
            started = _moment(row, "start_time", _HEVY_TIMES)
            duration = None
            if row.text("end_time"):
                ended = _moment(row, "end_time", _HEVY_TIMES)
                if ended < started:
                    raise row.fail("end_time", f"is before start_time ({row.text('start_time')!r})")
                duration = int((ended - started).total_seconds()) or None
            workout = builder.workout((found.get("start_time"), found.get("end_time"), found.get("title")),
                                      started, row.text("title"), duration, row.text("description") or None)
        name = _exercise_name(row, "exercise_title", builder.raw_names)
        kind_text = row.text("set_type").lower()
        kind = _HEVY_KINDS.get(kind_text)
        if kind is None:
            raise row.fail("set_type", f"must be warmup, normal, dropset or failure, got {row.text('set_type')!r}")
        if row.text("exercise_notes"):
            workout.note_for(name, row.text("exercise_notes"))
        distance = row.number_or_none(distance_column, most=1e4) if distance_column else None
        workout.add(ImportedSet(
            exercise_name=name, kind=kind, reps=row.whole_or_none("reps", most=MAX_REPS),
            seconds=row.whole_or_none("duration_seconds", most=MAX_SECONDS),
            weight=row.number_or_none(weight_column, most=MAX_WEIGHT), weight_unit=unit,
            distance_m=None if distance is None else distance * per_unit, rpe=row.rpe("rpe"),
            notes=None, row=number))
    return builder.history()


# --- putting rows together --------------------------------------------------------------


class _OpenWorkout:
    def __init__(self, key: str, started_at: datetime, title: str, duration: int | None,
                 notes: str | None) -> None:
        self.key, self.started_at, self.title, self.duration, self.notes = key, started_at, title, duration, notes
        self.sets: list[ImportedSet] = []
        self.exercise_notes: dict[str, list[str]] = {}

    def note_for(self, exercise: str, text: str) -> None:
        notes = self.exercise_notes.setdefault(exercise, [])
        if text not in notes:
            notes.append(text)

    def add(self, done: ImportedSet) -> None:
        self.sets.append(done)

    def finished(self) -> ImportedWorkout:
        sets = list(self.sets)
        for exercise, notes in self.exercise_notes.items():
            first = next((i for i, s in enumerate(sets) if s.exercise_name == exercise), None)
            if first is None:
                continue  # a note on an exercise with no set: nothing to hang it on
            current = sets[first]
            sets[first] = replace(current, notes="; ".join(n for n in (current.notes, *notes) if n))
        return ImportedWorkout(key=self.key, started_at=self.started_at, title=self.title,
                               duration_seconds=self.duration, notes=self.notes, sets=tuple(sets))


class _Builder:
    def __init__(self, source: Source, layout: str) -> None:
        self.source, self.layout = source, layout
        self.open: dict[str, _OpenWorkout] = {}
        self.by_cells: dict[tuple[str | None, ...], _OpenWorkout] = {}
        self.names: dict[str, None] = {}
        self.raw_names: dict[str, str] = {}
        self.rows = 0
        self.skipped = 0

    def seen(self, *cells: str | None) -> _OpenWorkout | None:
        """The workout whose rows carry exactly these cells (its start, its name...), if
        one was read already; counts the row."""
        self.rows += 1
        return self.by_cells.get(cells)

    def workout(self, cells: tuple[str | None, ...], started_at: datetime, title: str, duration: int | None,
                notes: str | None) -> _OpenWorkout:
        key = workout_key(self.source, started_at, title)
        found = self.open.get(key)
        if found is None:
            found = self.open[key] = _OpenWorkout(key, started_at, title, duration, notes)
        self.by_cells[cells] = found
        return found

    def history(self) -> ImportedHistory:
        workouts = sorted((w.finished() for w in self.open.values()), key=lambda w: (w.started_at, w.key))
        for workout in workouts:
            for done in workout.sets:
                self.names.setdefault(done.exercise_name, None)
        return ImportedHistory(source=self.source, layout=self.layout, workouts=tuple(workouts),
                               rows=self.rows, skipped_rows=self.skipped, exercise_names=tuple(self.names))


def parse_export(source: Source, text: str, *, file: str,
                 progress: Callable[[int], None] | None = None) -> ImportedHistory:
    """``parse_strong`` or ``parse_hevy``."""
    parse = parse_strong if source == "strong" else parse_hevy
    return parse(text, file=file, progress=progress)


def ended_at(workout: ImportedWorkout) -> datetime:
    """When the workout ended (its start when the export gives no duration)."""
    return workout.started_at + timedelta(seconds=workout.duration_seconds or 0)
