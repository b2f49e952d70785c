"""Corrections to the log: edit a set, delete a set, delete a session.

What an edit re-runs: the monitor's answer to the edited set, from the set's new
numbers and what came before it in the session (the pain of the set before of the same
exercise, the red sets before it), exactly as if it had been logged so. The new answer
is stored with the set and the set is marked edited (``edited_at``), so a coach sees
the numbers are not the ones first logged. The answers given to later sets are left as
they were: they are what the person was told at the time.

An imported set (from Strong or Hevy: no pain recorded) can be corrected too, its
numbers and notes: it is history, so the monitor gives no answer to it (there is no
pain and no usual pain to read), its answer stays "imported", and its pain stays not
recorded (giving one is refused, naming ``pain``: a pain typed in later, for a workout
done elsewhere, would be made up). An imported session can be deleted like any other.

What an edit or a deletion never does: un-stop a session. A stop (the monitor's or the
person's own) is kept on the session, whatever happens to the set that caused it; an
edit whose new answer would stop the session stops it (the corrected pain calls for
it). A stopped session cannot be deleted (409): it holds the answer behind a
clinician follow-up and today's "no more training". Every edit and deletion bumps the
session's ``sets_revision``, so the set writer reads its tallies again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spinewise.coaching.alerts import alert_on_answer
from spinewise.domain.catalog import Catalog
from spinewise.domain.errors import ConflictError, InputError, NotFoundError
from spinewise.domain.monitor import MonitorInput, SetReport, decide_after_set
from spinewise.domain.pain import is_red_pain
from spinewise.domain.validation import whole_number
from spinewise.library import load_catalog
from spinewise.store.gym import GymRepository
from spinewise.store.records import LoggedSet, to_kg
from spinewise.training.sets import STOPPING_ACTIONS
from spinewise.training.store_access import _now, _session_or_fail
from spinewise.training.validators import _number, _pain, _text, _unit

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store, Transaction

EDITABLE = ("reps", "seconds", "load", "unit", "rpe", "pain", "notes")
"""What a correction may change; the exercise and the client id stay."""


@dataclass(frozen=True, slots=True)
class EditedSet:
    """The corrected set, the monitor's answer to its new numbers, and whether that
    answer stopped the session now (``stopped_now``; a session already stopped stays so)."""

    logged: LoggedSet
    decision: dict[str, Any]
    stopped_now: bool

    def to_json(self) -> dict[str, Any]:
        return {"set": self.logged.to_json() | {"decision": self.decision}, "decision": self.decision,
                "stopped_now": self.stopped_now}


def _set_in(tx: Transaction, session_id: int, set_id: int) -> LoggedSet:
    """The set ``set_id`` of session ``session_id``; one of another session is "not found"."""
    found = next((s for s in tx.workouts.sets_of([session_id]) if s.id == set_id), None)
    if found is None:
        raise NotFoundError("set", str(set_id))
    return found


def checked_changes(changes: dict[str, object]) -> dict[str, Any]:
    """The fields a correction changes, checked; ``InputError`` names a bad one."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InputError(unknown[0], f"cannot be changed (only {', '.join(EDITABLE)})")
    if not changes:
        raise InputError("body", f"give at least one of {', '.join(EDITABLE)}")
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "reps":
            out[name] = whole_number("reps", value, 0, 100, optional=True)
        elif name == "seconds":
            out[name] = whole_number("seconds", value, 0, 600, optional=True)
        elif name == "load":
            out[name] = _number("load", value, 0, 1000, optional=True)
        elif name == "unit":
            out[name] = _unit(value)
        elif name == "rpe":
            out[name] = _number("rpe", value, 0, 10, optional=True)
        elif name == "pain":
            out[name] = _pain("pain", value)
        else:
            out[name] = _text("notes", value if value is None or isinstance(value, str) else str(value), 500)
    return out


def edit_set(*, store: Store, session_id: int, set_id: int, changes: dict[str, object],
             catalog: Catalog | None = None) -> EditedSet:
    """Correct a logged set (any of ``EDITABLE``) and give the monitor's answer to it again."""
    catalog = catalog or load_catalog()
    given = checked_changes(changes)
    with store.transaction() as tx:
        session = _session_or_fail(tx, session_id)
        old = _set_in(tx, session_id, set_id)
        reps = given.get("reps", old.reps)
        seconds = given.get("seconds", old.seconds)
        if reps is None and seconds is None:
            raise InputError("reps", "a set needs reps or seconds")
        unit = given.get("unit", old.unit)
        load = given.get("load", old.load_entered)
        if "unit" in given and "load" not in given and old.load_kg is not None:
            load = round(old.load_kg / to_kg(1, unit), 2)  # the same weight, said in the new unit
        rpe = given.get("rpe", old.rpe)
        if old.pain is None or session.baseline_pain is None:
            if "pain" in given:
                raise InputError("pain", "an imported set has no pain recorded, and none can be added "
                                 "afterwards; correct its numbers or notes")
            return _edit_imported(tx, session_id, old, {
                "reps": reps, "seconds": seconds, "load_entered": load, "unit": unit,
                "load_kg": None if load is None else to_kg(load, unit), "rpe": rpe,
                "notes": given.get("notes", old.notes), "edited_at": _now()})
        pain = given.get("pain", old.pain)
        before = GymRepository(tx.conn).earlier_sets(session_id, set_id)
        previous = next((s.pain for s in reversed(before) if s.exercise == old.exercise), None)
        red = sum(s.pain is not None and is_red_pain(s.pain, session.baseline_pain) for s in before)
        rx: dict[str, Any] = dict(session.prescriptions.get(old.exercise) or {})
        report = MonitorInput(exercise=old.exercise,
                              set_report=SetReport(reps=reps, seconds=seconds, load=load, unit=unit, rpe=rpe,
                                                   pain=pain),
                              baseline_pain=session.baseline_pain, symptoms=list(old.symptoms),
                              rpe_max=rx.get("rpe_max"), previous_pain=previous, earlier_red_sets=red)
        decision = decide_after_set(report, catalog=catalog).to_json()
        now = _now()
        values = {"reps": reps, "seconds": seconds, "load_entered": load, "unit": unit,
                  "load_kg": None if load is None else to_kg(load, unit), "rpe": rpe, "pain": pain,
                  "notes": given.get("notes", old.notes), "action": decision["action"],
                  "decision": decision, "edited_at": now}
        gym = GymRepository(tx.conn)
        gym.update_set(set_id, values)
        gym.sets_changed(session_id)
        stopped_now = decision["action"] in STOPPING_ACTIONS and session.stopped_at is None
        if decision["action"] in STOPPING_ACTIONS:
            tx.workouts.stop_session(session_id, stopped_at=now, reason=decision["action"], decision=decision)
            if old.action != decision["action"]:  # the corrected set now calls for care: tell the coach
                alert_on_answer(tx, person_id=old.person_id, session_id=session_id, decision=decision, at=now,
                                what=f"Set of {old.exercise.replace('_', ' ')} corrected to pain {pain}/10")
        updated = _set_in(tx, session_id, set_id)
    return EditedSet(updated, decision, stopped_now)


def _edit_imported(tx: Transaction, session_id: int, old: LoggedSet, values: dict[str, Any]) -> EditedSet:
    """An imported set's corrected numbers; its pain, answer and warm-up mark stay."""
    gym = GymRepository(tx.conn)
    gym.update_set(old.id, values)
    gym.sets_changed(session_id)
    return EditedSet(_set_in(tx, session_id, old.id), old.decision, stopped_now=False)


def delete_set(*, store: Store, session_id: int, set_id: int) -> LoggedSet:
    """Delete a logged set (the session keeps any stop); returns the set as it was."""
    with store.transaction() as tx:
        _session_or_fail(tx, session_id)
        old = _set_in(tx, session_id, set_id)
        gym = GymRepository(tx.conn)
        gym.delete_set(set_id)
        gym.sets_changed(session_id)
    return old


def delete_session(*, store: Store, session_id: int) -> None:
    """Delete a session with its sets and reports. A stopped one stays (``ConflictError``)."""
    with store.transaction() as tx:
        session = _session_or_fail(tx, session_id)
        if session.stopped_at is not None:
            raise ConflictError(f"session {session_id} was stopped ({session.stop_reason}); a stopped session "
                                "stays in the log, so the stop and what to do next are not lost", "session_id")
        GymRepository(tx.conn).delete_session(session_id)
