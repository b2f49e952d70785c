"""Bringing a training history in from Strong or Hevy, and taking it out as a Strong CSV.

``import_history`` stores a parsed export (``domain.imported_history``) as past sessions:
each workout on its date, each set with its weight (converted to the person's unit; kept
in kilograms as every load is), reps, seconds, RPE, notes and whether it was a warm-up.
Imported sets carry no pain (``None``): they count as history for the progress charts and
"last time", never as pain data, and they never move the plan (the progression reads only
sessions logged here). One file is one transaction: all of it is stored or none. A workout
already stored (the same key: the same app, start and name) is skipped, so a second import
of the same file adds nothing.

``strong_csv`` writes the person's log in Strong's comma layout, one row per set, weights
in the person's unit: ``import_history`` reads it back to the same sessions, sets, loads,
reps and RPE.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spinewise.domain.catalog import Catalog
from spinewise.domain.errors import InputError
from spinewise.domain.imported_history import STRONG_COMMA, ImportedHistory, ImportedSet, ended_at
from spinewise.exercise_matching import NameMatch, match_names
from spinewise.library import load_catalog
from spinewise.store.records import from_kg, to_kg
from spinewise.training.store_access import _person_or_fail

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store

IMPORTED_ACTION = "imported"
"""The ``action`` stored with an imported set: no monitor decision was made on it."""


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What a file holds and what importing it did (the contract's ``--json`` object,
    with ``added_workouts`` / ``added_sets`` beside it)."""

    workouts: int
    sets: int
    warmup_sets: int
    skipped_rows: int
    matches: dict[str, NameMatch]
    duplicates: int
    """Workouts of the file already stored (nothing is added for them)."""
    added_workouts: int
    added_sets: int
    stored: bool
    """False for a dry run."""

    def to_json(self) -> dict[str, Any]:
        matched = {name: m.exercise_id for name, m in self.matches.items() if m.exercise_id is not None}
        unmatched = [name for name, m in self.matches.items() if m.exercise_id is None]
        return {"workouts": self.workouts, "sets": self.sets, "warmup_sets": self.warmup_sets,
                "skipped_rows": self.skipped_rows,
                "exercises": {"matched": matched, "unmatched": unmatched},
                "duplicates": self.duplicates, "added_workouts": self.added_workouts,
                "added_sets": self.added_sets, "dry_run": not self.stored}


def check_mapping(mapping: Mapping[str, str | None], catalog: Catalog) -> None:
    """Every chosen exercise is in the library (``None``: keep as the person's own)."""
    for name, chosen in mapping.items():
        if chosen is not None and chosen not in catalog:
            raise InputError(f"mapping.{name}", f"no exercise {chosen!r} in the library")


def _notes(done: ImportedSet) -> str | None:
    parts = [done.notes] if done.notes else []
    if done.distance_m is not None:
        parts.append(f"distance {round(done.distance_m, 1):g} m")
    return "; ".join(parts) or None


def import_history(*, store: Store, person_id: int, history: ImportedHistory,
                   mapping: Mapping[str, str | None] | None = None, dry_run: bool = False,
                   catalog: Catalog | None = None,
                   progress: Callable[[int], None] | None = None) -> ImportSummary:
    """Store ``history`` as the person's past sessions (nothing when ``dry_run``).
    ``mapping`` overrides the name matcher (name -> library id, or ``None`` to keep the
    name as the person's own exercise). ``progress`` is told how many sets were stored
    so far (for a progress bar)."""
    catalog = catalog or load_catalog()
    mapping = dict(mapping or {})
    check_mapping(mapping, catalog)
    matches = match_names(history.exercise_names, catalog, mapping)
    exercise_of = {name: m.exercise_id or name for name, m in matches.items()}
    with store.transaction() as tx:
        person = _person_or_fail(tx, person_id)
        if not dry_run:
            tx.workouts.lock_person(person_id)  # two imports of one file take turns
        known = tx.workouts.imported_keys(person_id)
        unit = person.units
        sessions_rows: list[dict[str, Any]] = []
        sets_by_key: dict[str, list[dict[str, Any]]] = {}
        duplicates = 0
        for workout in history.workouts:
            if workout.key in known:
                duplicates += 1
                continue
            known.add(workout.key)
            minutes = None if workout.duration_seconds is None else round(workout.duration_seconds / 60)
            sessions_rows.append(dict(
                person_id=person_id, plan_id=None, plan_week=None, plan_day=None, focus=None,
                on_date=workout.started_at.date(), started_at=workout.started_at, ended_at=ended_at(workout),
                baseline_pain=None, pain_after=None, session_rpe=None, duration_minutes=minutes,
                notes=workout.notes, prescriptions={}, source=history.source, source_key=workout.key,
                title=workout.title[:120] or None))
            rows = sets_by_key[workout.key] = []
            for number, done in enumerate(workout.sets, start=1):
                load_kg = load_entered = None
                if done.weight is not None:
                    written_in = done.weight_unit or unit
                    load_kg = to_kg(done.weight, written_in)
                    load_entered = done.weight if written_in == unit else from_kg(load_kg, unit)
                rows.append(dict(
                    person_id=person_id, client_id=f"imported:{number}", number=number,
                    exercise=exercise_of[done.exercise_name], reps=done.reps, seconds=done.seconds,
                    load_kg=load_kg, load_entered=load_entered, unit=unit, tempo=None, rpe=done.rpe,
                    reps_in_reserve=None, belt=False, pain=None, symptoms=[], notes=_notes(done),
                    logged_at=workout.started_at, action=IMPORTED_ACTION, decision={}, warmup=done.warmup))
        if not dry_run:
            tx.workouts.add_imported(sessions_rows, sets_by_key, progress)
            if sessions_rows:
                # the coach's missed-sessions check reads the latest session day: imported
                # history counts as sessions done (it moves forward only, never back), and
                # raises no alert (no pain was recorded, nothing arrived live), nor asks for
                # the check-in after it (that other app never asked for one)
                tx.coaching.saw_session(person_id, max(r["on_date"] for r in sessions_rows), imported=True)
    return ImportSummary(
        workouts=len(history.workouts), sets=history.set_count, warmup_sets=history.warmup_sets,
        skipped_rows=history.skipped_rows, matches=matches, duplicates=duplicates,
        added_workouts=0 if dry_run else len(sessions_rows),
        added_sets=0 if dry_run else sum(len(r) for r in sets_by_key.values()), stored=not dry_run)


# --- export -----------------------------------------------------------------------------


def _number(value: float | None) -> str:
    if value is None:
        return "0"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _duration(minutes: int | None) -> str:
    if not minutes:
        return "0m"
    hours, rest = divmod(minutes, 60)
    return f"{hours}h {rest}m" if hours else f"{rest}m"


def strong_csv(*, store: Store, person_id: int, catalog: Catalog | None = None) -> str:
    """The person's log in Strong's comma layout, one row per set, oldest first."""
    catalog = catalog or load_catalog()
    with store.reading() as tx:
        person = _person_or_fail(tx, person_id)
        sessions = tx.workouts.sessions(person_id)
        logged = tx.workouts.sets_of([s.id for s in sessions])
    by_session: dict[int, list[Any]] = {}
    for done in logged:
        by_session.setdefault(done.session_id, []).append(done)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STRONG_COMMA)
    for session in sessions:
        done_sets = by_session.get(session.id)
        if not done_sets:
            continue
        title = session.title or (session.focus or "spinewise session").replace("_", " ")
        started = session.started_at.strftime("%Y-%m-%d %H:%M:%S")
        minutes = session.duration_minutes
        if minutes is None and session.ended_at is not None:
            minutes = round((session.ended_at - session.started_at).total_seconds() / 60)
        working: dict[str, int] = {}
        for done in done_sets:
            exercise = catalog.get(done.exercise)
            if done.warmup:
                order = "W"
            else:
                order = str(working.get(done.exercise, 0) + 1)
                working[done.exercise] = int(order)
            writer.writerow([started, title, _duration(minutes), exercise.name if exercise else done.exercise,
                             order, _number(done.load_in(person.units)), done.reps or 0, 0,
                             done.seconds or 0, done.notes or "", session.notes or "",
                             "" if done.rpe is None else _number(done.rpe)])
    return out.getvalue()
