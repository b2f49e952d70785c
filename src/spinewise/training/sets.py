"""Set logging: check a set, store it and ask the monitor (``log_set``), and the two halves
used by the web app's group-commit writer: ``prepare_set`` (validation, outside any
transaction) and ``record_sets`` (many sets in one transaction, with the ``SetTallies``
kept between transactions).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spinewise.coaching.alerts import alert_on_answer
from spinewise.domain.catalog import TEMPO_RE, Catalog
from spinewise.domain.errors import ConflictError, InputError, NotFoundError, SpinewiseError
from spinewise.domain.monitor import MonitorInput, SetReport, decide_after_set
from spinewise.domain.pain import acceptable_pain_max, is_red_pain
from spinewise.domain.validation import whole_number
from spinewise.library import load_catalog
from spinewise.store.records import LoggedSet, to_kg
from spinewise.training.store_access import _now
from spinewise.training.validators import _number, _pain, _symptoms, _text, _unit

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from spinewise.store.unit_of_work import Store, Transaction
    from spinewise.store.workouts import BatchReading, PainGroup, SetGuard


CLIENT_ID_PATTERN = "^[A-Za-z0-9._:-]{1,64}$"
"""A client's id for a set, as the OpenAPI document states it."""
CLIENT_ID_RE = re.compile(CLIENT_ID_PATTERN.removesuffix("$") + r"\Z")
"""``\\Z``, not ``$``: Python's ``$`` also matches before a final newline."""


@dataclass(frozen=True, slots=True)
class SetOutcome:
    """The stored set, the monitor's answer (the contract's ``monitor`` JSON), and
    whether this call was a replay of an id already stored."""

    logged: LoggedSet
    decision: dict[str, Any]
    replayed: bool
    not_suited: dict[str, Any] | None = None
    """When the exercise is not in the session's plan and the library marks it as not
    suited to this back (``spinewise explain``): ``rule``, ``message`` and ``instead``
    (an exercise that suits, if any). Said with the first answer to the set."""

    def to_json(self) -> dict[str, Any]:
        return {"set": self.logged.to_json(), "decision": self.decision, "replayed": self.replayed,
                "not_suited": self.not_suited}


@dataclass(frozen=True, slots=True)
class _SetInput:
    client_id: str
    exercise: str
    reps: int | None
    seconds: int | None
    load: float | None
    unit: str | None
    tempo: str | None
    rpe: float | None
    reps_in_reserve: int | None
    belt: bool
    pain: int
    symptoms: list[str]
    notes: str | None
    pain_one_sided: bool


def _checked_set(*, client_id: object, exercise: object, reps: object, seconds: object,
                 load: object, unit: object, tempo: object, rpe: object, reps_in_reserve: object,
                 belt: object, pain: object, symptoms: Iterable[object], notes: object,
                 pain_one_sided: object, catalog: Catalog) -> _SetInput:
    if not isinstance(client_id, str) or not CLIENT_ID_RE.match(client_id):
        raise InputError("client_id", "must be 1-64 letters, digits or . _ : - "
                                      f"(a UUID is ideal), got {client_id!r}")
    if not isinstance(exercise, str) or catalog.get(exercise) is None:
        raise InputError("exercise", f"{exercise!r} is not an exercise in the library")
    reps_i = whole_number("reps", reps, 0, 100, optional=True)
    seconds_i = whole_number("seconds", seconds, 0, 600, optional=True)
    if reps_i is None and seconds_i is None:
        raise InputError("reps", "give reps or seconds for the set")
    load_f = _number("load", load, 0, 1000, optional=True)
    unit_s = None if unit is None else _unit(unit)
    if tempo is not None and (not isinstance(tempo, str) or not TEMPO_RE.match(tempo)):
        raise InputError("tempo", f"must be like 3-1-2 (lower-pause-lift seconds, X for fast), got {tempo!r}")
    rpe_f = _number("rpe", rpe, 0, 10, optional=True)
    rir = whole_number("reps_in_reserve", reps_in_reserve, 0, 10, optional=True)
    if rpe_f is None and rir is not None:
        rpe_f = float(max(1, 10 - rir))  # REFERENCE §8: RPE 10 = no reps left, 9 = 1 left ...
    if not isinstance(belt, bool):
        raise InputError("belt", f"must be true or false, got {belt!r}")
    if not isinstance(pain_one_sided, bool):
        raise InputError("pain_one_sided", f"must be true or false, got {pain_one_sided!r}")
    if isinstance(symptoms, str):
        symptoms = [symptoms]
    return _SetInput(client_id, exercise, reps_i, seconds_i, load_f, unit_s, tempo, rpe_f, rir,
                     belt, _pain("pain", pain), _symptoms(symptoms),
                     _text("notes", notes if notes is None or isinstance(notes, str) else str(notes), 500),
                     pain_one_sided)


def log_set(*, store: Store, session_id: int, client_id: str, exercise: str, pain: int,
            reps: int | None = None, seconds: int | None = None, load: float | None = None,
            unit: str | None = None, tempo: str | None = None, rpe: float | None = None,
            reps_in_reserve: int | None = None, belt: bool = False,
            symptoms: Iterable[str] = (), notes: str | None = None,
            pain_one_sided: bool = False, catalog: Catalog | None = None) -> SetOutcome:
    """Log one set in its own transaction and return it with the monitor's decision.

    ``client_id`` is generated by the client (a UUID): the same id sent twice for a
    session never makes two sets; the second call returns the stored set and the
    decision given the first time (``replayed`` true). ``unit`` defaults to the
    person's unit; the load is stored in kg with the entered number and unit kept.
    """
    pending = prepare_set(session_id=session_id, client_id=client_id, exercise=exercise, pain=pain,
                          reps=reps, seconds=seconds, load=load, unit=unit, tempo=tempo, rpe=rpe,
                          reps_in_reserve=reps_in_reserve, belt=belt, symptoms=symptoms,
                          notes=notes, pain_one_sided=pain_one_sided, catalog=catalog)
    outcome = record_sets(store=store, pending=[pending], catalog=catalog)[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


@dataclass(frozen=True, slots=True)
class PendingSet:
    """A set that passed validation (``prepare_set``) and waits to be stored."""

    session_id: int
    given: _SetInput
    account_id: int | None = None
    """The account logging it (the web app): a session whose person that account does
    not own is "not found", exactly like a missing one. ``None``: the command line,
    the owner's own tool on its own database."""


def prepare_set(*, session_id: int, client_id: str, exercise: str, pain: int,
                reps: int | None = None, seconds: int | None = None, load: float | None = None,
                unit: str | None = None, tempo: str | None = None, rpe: float | None = None,
                reps_in_reserve: int | None = None, belt: bool = False,
                symptoms: Iterable[str] = (), notes: str | None = None,
                pain_one_sided: bool = False, catalog: Catalog | None = None,
                account_id: int | None = None) -> PendingSet:
    """Check one set (as ``log_set`` takes it) without touching the database: bad input
    raises ``InputError`` naming the field."""
    given = _checked_set(client_id=client_id, exercise=exercise, reps=reps, seconds=seconds,
                         load=load, unit=unit, tempo=tempo, rpe=rpe, reps_in_reserve=reps_in_reserve,
                         belt=belt, pain=pain, symptoms=symptoms, notes=notes,
                         pain_one_sided=pain_one_sided, catalog=catalog or load_catalog())
    return PendingSet(session_id, given, account_id)


_UNREAD = -1
"""``SessionTally.last_pain`` value of an exercise not read from the database yet."""


@dataclass(slots=True)
class SessionTally:
    """What the monitor and the set numbering need to know about a session: its fixed
    part (person, usual pain, prescriptions), why it takes no more sets (``closed``:
    ``None`` while it does; see ``WorkoutRepository.set_guard``), the person's unit,
    and its running part (sets stored, red sets, the last pain per exercise)."""

    person_id: int
    baseline_pain: int
    prescriptions: dict[str, Any]
    closed: str | None
    units: str
    count: int
    red: int
    owner: int | None = None
    """The account that owns the session's person (checked against each set's)."""
    revision: int = 0
    """The session's ``sets_revision`` when the tally was read: an edit or a deletion of
    a set bumps it, so red sets and last pains are read again."""
    last_pain: dict[str, int | None] = field(default_factory=dict)
    pains_known: bool = False
    """``last_pain`` holds every exercise of the session (read whole from the batch's
    ``PainGroup``s): one missing from it has no set yet, and is not looked up."""
    not_suited: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    """Per exercise off the session's plan: what ``_not_suited`` said (read once)."""


class SetTallies:
    """Session tallies kept between the transactions of one writer (not thread-safe:
    one owner, such as the web app's set writer). At most ``limit`` sessions.

    A tally is trusted only while nobody else can have changed its session. By
    default each use checks the session against the database (``set_guard``: stopped
    or finished?
    the person's unit, and the set count, which any set stored elsewhere changes).
    With ``own_connection`` (SQLite) the writer keeps one connection and asks it, once
    per transaction and under the write lock, whether any other connection committed
    since its last transaction (``PRAGMA data_version``): if not, every tally is
    current and a set costs no read at all; if so, they are all dropped."""

    def __init__(self, limit: int = 4096, *, own_connection: bool = False,
                 wait_for_lock: bool = True) -> None:
        self.limit = limit
        self.own_connection = own_connection
        self.wait_for_lock = wait_for_lock
        """False for a writer in the event loop: its connection never waits for SQLite's
        write lock (``Store.writer_connection``); ``record_sets`` raises ``DatabaseBusy``
        and the writer tries again a moment later."""
        self.connection: Connection | None = None
        self.version: int | None = None
        self.current = False
        """True inside a transaction that found the tallies still true (see above)."""
        self._by_session: dict[int, SessionTally] = {}

    def get(self, session_id: int) -> SessionTally | None:
        return self._by_session.get(session_id)

    def put(self, session_id: int, tally: SessionTally) -> None:
        self._by_session.pop(session_id, None)
        if len(self._by_session) >= self.limit:
            del self._by_session[next(iter(self._by_session))]
        self._by_session[session_id] = tally

    def clear(self) -> None:
        self._by_session.clear()
        self.version = None
        self.current = False

    def check(self, version: int | None) -> None:
        """At the start of a transaction: trust the tallies if the database's
        ``data_version`` is the one seen by this connection's last transaction
        (``None``, on PostgreSQL: check each session as it comes)."""
        if version is None:
            self.current = False
            return
        if version != self.version:
            self._by_session.clear()
        self.current = version == self.version
        self.version = version

    def close(self) -> None:
        """Forget everything and close the connection kept (if any)."""
        self.clear()
        if self.connection is not None:
            connection, self.connection = self.connection, None
            with contextlib.suppress(Exception):  # it may be broken already
                connection.close()


def record_sets(*, store: Store, pending: Sequence[PendingSet], catalog: Catalog | None = None,
                tallies: SetTallies | None = None) -> list[SetOutcome | Exception]:
    """Store checked sets together, in one transaction (a group commit), in order; one
    result per set: its ``SetOutcome``, or the error it alone met (``NotFoundError``
    for a missing session, ``ConflictError`` for one that was stopped or finished,
    ``session_closed``). A set whose answer stops the session (``end_session``,
    ``seek_care``) marks it stopped in the same transaction, so no later set (in this
    batch or from another writer, which waits for the session's lock) is stored. A set
    that fails this way does not stop the others. If the database (or its driver)
    refuses the transaction, each set is tried again in its own transaction, so only a
    set that fails by itself fails: with a ``StorageError``, or, for a row no check
    foresaw (a bug), the exception itself, which its request alone hears as a 500.
    Nothing is answered before the commit has returned.

    A database whose write lock another connection keeps past the busy timeout gives
    every set ``DatabaseBusy`` (nothing was stored). ``tallies`` keeps sessions' running
    counts between calls (see ``SetTallies``); with ``tallies.wait_for_lock`` false,
    a held write lock raises ``DatabaseBusy`` at once for the whole batch, and the same
    sets can be recorded again later.
    """
    from spinewise.store.unit_of_work import DatabaseBusy, StorageError

    catalog = catalog or load_catalog()
    tallies = tallies if tallies is not None else SetTallies()
    try:
        if tallies.own_connection and tallies.connection is None:
            tallies.connection = store.writer_connection(wait_for_lock=tallies.wait_for_lock)
        with store.transaction(tallies.connection) as tx:
            tx.workouts.lock_for_sets()
            if tallies.own_connection:
                tallies.check(tx.workouts.data_version())
            # PostgreSQL: every session of the batch locked and read at once
            reading = None if tallies.current else tx.workouts.batch_guards(
                sorted({p.session_id for p in pending}), sorted({(p.session_id, p.given.client_id) for p in pending}))
            results: list[SetOutcome | Exception]
            if reading is not None and reading.guards:
                results = _record_batch(tx, pending, catalog, tallies, reading)
            else:
                results = []
                for item in pending:
                    found = _record_one(tx, item, catalog, tallies, None)
                    assert not isinstance(found, _Decided | _Replay)  # stored at once without a batch
                    results.append(found)
    except DatabaseBusy as exc:
        if tallies.wait_for_lock:  # waited the whole busy timeout: each set hears it (no retries)
            tallies.close()
            return [exc for _ in pending]
        tallies.clear()  # the connection is fine; a tally may count a set that was rolled back
        raise
    except StorageError as exc:
        tallies.close()  # they may count sets that were rolled back; the connection may be broken
        if len(pending) == 1:
            return [exc]
        return _one_by_one(store=store, pending=pending, catalog=catalog, tallies=tallies)
    except Exception as exc:  # a row the driver cannot take, past every check (a bug): only its set fails
        tallies.close()
        if len(pending) == 1:
            return [exc]
        return _one_by_one(store=store, pending=pending, catalog=catalog, tallies=tallies)
    except BaseException:
        tallies.close()
        raise
    return results


def _one_by_one(*, store: Store, pending: Sequence[PendingSet], catalog: Catalog,
                tallies: SetTallies) -> list[SetOutcome | Exception]:
    """Each set in its own transaction, after a batch failed: the set that made it fail
    gets its error, and every other set is stored and answered as if alone."""
    return [record_sets(store=store, pending=[item], catalog=catalog, tallies=tallies)[0] for item in pending]


STOPPING_ACTIONS = ("seek_care", "end_session")
"""The monitor's answers that stop a session, the most serious first."""

_CLOSED_WORDS = {
    "seek_care": "it was stopped because the answer was to get care",
    "end_session": "it was stopped because the answer was to end the session",
    "person": "you chose to stop it",
}


def session_closed(session_id: int, closed: str) -> ConflictError:
    """The refusal of a set for a session that takes no more (a 409 on the web)."""
    why = _CLOSED_WORDS.get(closed)
    if why is None:  # finished with the end form
        return ConflictError(f"session {session_id} has ended; start a new one", "session_id")
    return ConflictError(f"session {session_id} takes no more sets: {why}. "
                         "Rest today; the next session is on Today.", "session_id")


def _counted(groups: list[PainGroup], red_above: int) -> tuple[int, int]:
    """(sets stored, red sets) from a session's ``PainGroup``s (``set_tally``'s answer)."""
    return (sum(group[2] for group in groups),
            sum(group[2] for group in groups if group[1] is not None and group[1] > red_above))


def _last_pains(groups: list[PainGroup]) -> dict[str, int | None]:
    """Each exercise's pain in its newest set, from a session's ``PainGroup``s."""
    newest: dict[str, tuple[int, int | None]] = {}
    for exercise, pain, _count, last_id in groups:
        if exercise not in newest or last_id > newest[exercise][0]:
            newest[exercise] = (last_id, pain)
    return {exercise: pain for exercise, (_id, pain) in newest.items()}


@dataclass(slots=True)
class _Batch:
    """What a PostgreSQL batch knows before its sets are decided: each session's guard
    and sets, the (session, client id) pairs already stored (replays; both from
    ``batch_guards``), and the sessions checked in this transaction
    (their rows locked until the commit: their tallies hold for the rest of it)."""

    guards: dict[int, tuple[SetGuard, list[PainGroup]]]
    stored: set[tuple[int, str]]
    seen: set[int] = field(default_factory=set)


@dataclass(slots=True)
class _Decided:
    """A new set decided, waiting for the batch's one insert."""

    item: PendingSet
    tally: SessionTally
    values: dict[str, Any]
    decision: dict[str, Any]


@dataclass(slots=True)
class _Replay:
    """A set whose client id is stored already (or earlier in this batch): its first answer."""

    session_id: int
    client_id: str


def _record_batch(tx: Transaction, pending: Sequence[PendingSet], catalog: Catalog, tallies: SetTallies,
                  reading: BatchReading) -> list[SetOutcome | Exception]:
    """PostgreSQL: a batch in a fixed handful of round trips, whatever its size: the
    sessions locked and read with the replays among the batch (``batch_guards``, done),
    every set decided in order in Python, then one pipelined insert of the new sets and,
    for the rare set that stops its session, the stop and the coach's alert."""
    batch = _Batch(reading.guards, set(reading.stored))
    decided = [_record_one(tx, item, catalog, tallies, batch) for item in pending]
    new = [d for d in decided if isinstance(d, _Decided)]
    ids = iter(tx.workouts.insert_sets([d.values for d in new]))
    results: list[SetOutcome | Exception] = []
    for found in decided:
        if isinstance(found, _Decided):
            results.append(_stored(tx, found.item, found.tally, found.values, found.decision, next(ids), catalog))
        elif isinstance(found, _Replay):
            stored = tx.workouts.set_by_client_id(found.session_id, found.client_id)
            assert stored is not None
            results.append(SetOutcome(stored, stored.decision, replayed=True))
        else:
            results.append(found)
    return results


def _record_one(tx: Transaction, item: PendingSet, catalog: Catalog, tallies: SetTallies,
                batch: _Batch | None) -> SetOutcome | SpinewiseError | _Decided | _Replay:
    """One set: checked against its session's tally (read or checked again as needed),
    decided by the monitor, then stored at once; or, in a PostgreSQL ``batch``, decided
    only (``_Decided``), its insert left to the batch."""
    session_id, given = item.session_id, item.given
    tally = tallies.get(session_id)
    checked = batch is not None and session_id in batch.seen
    if checked and tally is None:
        return NotFoundError("session", str(session_id))
    if not checked and (tally is None or not tallies.current):
        # the batch's reading serves the session's first set in it; without a batch each
        # set checks its session again
        found = batch.guards.pop(session_id, None) if batch is not None else None
        guard, groups = found if found is not None else (tx.workouts.set_guard(session_id), None)
        if batch is not None:
            batch.seen.add(session_id)
        if guard is None:
            return NotFoundError("session", str(session_id))
        closed, units, stored_count, owner, revision = guard
        if tally is None or tally.revision != revision:  # new to this writer, or a set edited or deleted
            session = tx.workouts.get_session(session_id)
            assert session is not None
            # an imported session (no usual pain recorded) is finished: it takes no set, and
            # the tally only carries that answer
            usual = session.baseline_pain if session.baseline_pain is not None else 0
            if groups is None:
                count, red = tx.workouts.set_tally(session_id, red_above=acceptable_pain_max(usual))
            else:
                count, red = _counted(groups, acceptable_pain_max(usual))
            tally = SessionTally(session.person_id, usual, session.prescriptions,
                                 closed, units, count, red, revision=revision)
            if groups is not None:
                tally.last_pain, tally.pains_known = _last_pains(groups), True
            tallies.put(session_id, tally)
        elif tally.count != stored_count:
            # another writer (a second app process) stored sets since: count again and
            # read the last pains again; what a session holds from its start (person, usual
            # pain, prescriptions) and what the library said of off-plan exercises stay
            if groups is None:
                tally.count, tally.red = tx.workouts.set_tally(
                    session_id, red_above=acceptable_pain_max(tally.baseline_pain))
                tally.last_pain.clear()
                tally.pains_known = False
            else:
                tally.count, tally.red = _counted(groups, acceptable_pain_max(tally.baseline_pain))
                tally.last_pain, tally.pains_known = _last_pains(groups), True
        tally.closed, tally.units, tally.owner = closed, units, owner
    assert tally is not None
    if item.account_id is not None and tally.owner != item.account_id:
        return NotFoundError("session", str(session_id))  # someone else's: as if missing
    if batch is not None and (session_id, given.client_id) in batch.stored:
        return _Replay(session_id, given.client_id)
    if tally.closed is not None:
        if batch is None:
            stored = tx.workouts.set_by_client_id(session_id, given.client_id)
            if stored is not None:
                return SetOutcome(stored, stored.decision, replayed=True)
        return session_closed(session_id, tally.closed)
    person_units = tally.units
    previous = tally.last_pain.get(given.exercise, None if tally.pains_known else _UNREAD)
    if previous == _UNREAD:
        previous = tx.workouts.last_pain(tally.person_id, session_id, given.exercise)
    set_unit = given.unit or person_units
    rx = tally.prescriptions.get(given.exercise) or {}
    report = MonitorInput(
        exercise=given.exercise,
        set_report=SetReport(reps=given.reps, seconds=given.seconds, load=given.load,
                             unit=set_unit, rpe=given.rpe, pain=given.pain),
        baseline_pain=tally.baseline_pain, symptoms=given.symptoms,
        rpe_max=rx.get("rpe_max"), previous_pain=previous,
        earlier_red_sets=tally.red, pain_one_sided=given.pain_one_sided)
    decision = decide_after_set(report, catalog=catalog).to_json()
    values = dict(
        session_id=session_id, person_id=tally.person_id, client_id=given.client_id,
        number=tally.count + 1, exercise=given.exercise, reps=given.reps,
        seconds=given.seconds,
        load_kg=None if given.load is None else to_kg(given.load, set_unit),
        load_entered=given.load, unit=set_unit, tempo=given.tempo, rpe=given.rpe,
        reps_in_reserve=given.reps_in_reserve, belt=given.belt, pain=given.pain,
        symptoms=given.symptoms, notes=given.notes, logged_at=_now(),
        action=decision["action"], decision=decision)
    if batch is not None:
        batch.stored.add((session_id, given.client_id))  # a second copy in this batch replays this one
        _count_in(tally, given, decision)
        return _Decided(item, tally, values, decision)
    new_id = tx.workouts.insert_set(values)
    if new_id is None:  # the same client id was stored before (a retry): its first answer
        stored = tx.workouts.set_by_client_id(session_id, given.client_id)
        assert stored is not None
        return SetOutcome(stored, stored.decision, replayed=True)
    _count_in(tally, given, decision)
    return _stored(tx, item, tally, values, decision, new_id, catalog)


def _count_in(tally: SessionTally, given: _SetInput, decision: dict[str, Any]) -> None:
    """The tally after a new set: one more, red or not, its pain the exercise's last; a
    set whose answer stops the session closes it (no later set is stored)."""
    tally.count += 1
    tally.red += is_red_pain(given.pain, tally.baseline_pain)
    tally.last_pain[given.exercise] = given.pain
    if decision["action"] in STOPPING_ACTIONS:
        tally.closed = decision["action"]


def _stored(tx: Transaction, item: PendingSet, tally: SessionTally, values: dict[str, Any],
            decision: dict[str, Any], new_id: int, catalog: Catalog) -> SetOutcome:
    """A new set's outcome once inserted; a set that stops its session stops it now, with
    the coach's alert, in the same transaction (a set that does not stop costs nothing here)."""
    session_id, given = item.session_id, item.given
    if decision["action"] in STOPPING_ACTIONS:
        tx.workouts.stop_session(session_id, stopped_at=values["logged_at"], reason=decision["action"],
                                 decision=decision)
        alert_on_answer(tx, person_id=tally.person_id, session_id=session_id, decision=decision,
                        at=values["logged_at"],
                        what=f"Set {values['number']} of {given.exercise.replace('_', ' ')}")
    values["symptoms"] = tuple(given.symptoms)
    note = None
    if given.exercise not in tally.prescriptions:  # the plan chose its own exercises for this back
        if given.exercise not in tally.not_suited:
            tally.not_suited[given.exercise] = _not_suited(tx, tally.person_id, given.exercise, catalog)
        note = tally.not_suited[given.exercise]
    return SetOutcome(LoggedSet(id=new_id, **values), decision, replayed=False, not_suited=note)


def _not_suited(tx: Transaction, person_id: int, exercise: str, catalog: Catalog) -> dict[str, Any] | None:
    """What the library says of an exercise off the plan for this person's back (their
    latest intake), when it does not suit it; ``None`` when it suits or there is no intake."""
    from spinewise.services import explain

    intake = tx.people.latest_intake(person_id)
    found_exercise = catalog.get(exercise)
    if not intake or found_exercise is None:
        return None
    # the gear it needs is at hand (it was just used): only what it asks of the back counts
    training = dict(intake.get("training") or {})
    training["equipment"] = sorted({*training.get("equipment", []), *found_exercise.equipment})
    try:
        found = explain(exercise=exercise, intake={**intake, "training": training}, catalog=catalog)
    except SpinewiseError:  # an intake stored under older rules: say nothing rather than fail the set
        return None
    if found.status == "allowed":
        return None
    return {"rule": found.rule, "message": found.reason, "instead": found.substitute}
