"""Workout sessions, their sets (idempotent by client id), symptom reports and check-ins."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Connection, Row, Select, and_, bindparam, case, exists, func, select, update
from sqlalchemy.sql.dml import ReturningInsert

from spinewise.store.dialect import day_after, insert_for
from spinewise.store.prepared import Prepared, driver_cursor
from spinewise.store.records import (
    Checkin,
    ExerciseTotal,
    LoggedSet,
    SessionSummary,
    SetDose,
    SymptomReport,
    WorkoutSession,
)
from spinewise.store.tables import checkins, people, sets, symptom_reports, workout_sessions

IMPORT_CHUNK = 5000
"""Imported sets per ``executemany`` (all in the one transaction)."""

RED_PAIN_ABOVE = 5
"""Pain above 5/10 in a set is red (REFERENCE §3) for a usual pain of 5 or less; the
set tally takes the session's own limit (``domain.pain.acceptable_pain_max``)."""


# Statements on the path of every logged set are built once and reused with bound
# parameters: building a statement costs more than running it on SQLite.

@cache
def _session_with_units() -> Select[Any]:
    return (select(workout_sessions, people.c.units.label("person_units"))
            .join(people, people.c.id == workout_sessions.c.person_id)
            .where(workout_sessions.c.id == bindparam("session_id")))


@cache
def _set_context() -> Select[Any]:
    last_pain = (select(sets.c.pain).where(sets.c.session_id == bindparam("session_id"),
                                           sets.c.exercise == bindparam("exercise"))
                 .order_by(sets.c.id.desc()).limit(1).scalar_subquery())
    return select(
        func.count().label("set_count"),
        func.coalesce(func.sum(case((sets.c.pain > RED_PAIN_ABOVE, 1), else_=0)), 0).label("red_sets"),
        func.max(case((sets.c.client_id == bindparam("client_id"), sets.c.id), else_=None)).label("replayed_id"),
        last_pain.label("previous_pain"),
    ).where(sets.c.session_id == bindparam("session_id"))


@cache
def _insert_set(dialect: str) -> ReturningInsert[Any]:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return (pg_insert(sets).on_conflict_do_nothing(index_elements=["session_id", "client_id"])
                .returning(sets.c.id))
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return (sqlite_insert(sets).on_conflict_do_nothing(index_elements=["session_id", "client_id"])
            .returning(sets.c.id))


_SET_COLUMNS = ("session_id", "person_id", "client_id", "number", "exercise", "reps", "seconds",
                "load_kg", "load_entered", "unit", "tempo", "rpe", "reps_in_reserve", "belt", "pain",
                "symptoms", "notes", "logged_at", "action", "decision")


def _set_guard() -> Select[Any]:
    return (select(workout_sessions.c.ended_at, people.c.units, workout_sessions.c.stop_reason, people.c.account_id,
                   workout_sessions.c.sets_revision)
            .join(people, people.c.id == workout_sessions.c.person_id)
            .where(workout_sessions.c.id == bindparam("session_id"))
            .with_for_update(of=workout_sessions))


def _set_count() -> Select[Any]:
    return select(func.count()).select_from(sets).where(sets.c.session_id == bindparam("session_id"))


def _set_tally() -> Select[Any]:
    return select(
        func.count(),
        func.coalesce(func.sum(case((sets.c.pain > bindparam("red_above"), 1), else_=0)), 0),
    ).where(sets.c.session_id == bindparam("session_id"))


def _last_pain() -> Select[Any]:
    # served by ix_sets_person_exercise_session, newest row first: no scan of the session
    return (select(sets.c.pain).where(sets.c.person_id == bindparam("person_id"),
                                      sets.c.exercise == bindparam("exercise"),
                                      sets.c.session_id == bindparam("session_id"))
            .order_by(sets.c.id.desc()).limit(1))


def _batch_guards() -> Select[Any]:
    """PostgreSQL: ``_set_guard`` for every session of a batch at once, locked in id
    order (two writers locking overlapping batches take the rows in the same order)."""
    from sqlalchemy import Integer, any_
    from sqlalchemy.dialects.postgresql import ARRAY

    return (select(workout_sessions.c.id, workout_sessions.c.ended_at, people.c.units,
                   workout_sessions.c.stop_reason, people.c.account_id, workout_sessions.c.sets_revision)
            .join(people, people.c.id == workout_sessions.c.person_id)
            .where(workout_sessions.c.id == any_(bindparam("ids", type_=ARRAY(Integer))))
            .order_by(workout_sessions.c.id)
            .with_for_update(of=workout_sessions))


def _batch_pains() -> Any:
    """PostgreSQL: the sets of a batch's sessions summed by (session, exercise, pain):
    how many and the newest id (enough for the count, the red sets at any threshold and
    each exercise's last pain, in one short result: a session holds a few dozen sets in
    a handful of such groups); then, as rows without an exercise, which of the batch's
    (session, client id) pairs are stored already (replays: one probe of the unique
    index each)."""
    from sqlalchemy import Integer, String, and_, literal, null, union_all
    from sqlalchemy.dialects.postgresql import ARRAY

    groups = (select(sets.c.session_id, sets.c.exercise, sets.c.pain, func.count().label("n"),
                     func.max(sets.c.id).label("newest"), null().label("client_id"))
              .where(sets.c.session_id == func.any(bindparam("ids", type_=ARRAY(Integer))))
              .group_by(sets.c.session_id, sets.c.exercise, sets.c.pain))
    pairs = func.unnest(bindparam("pair_ids", type_=ARRAY(Integer)),
                        bindparam("pair_client_ids", type_=ARRAY(String))).table_valued("sid", "cid").render_derived(name="pairs")
    replays = (select(sets.c.session_id, null(), null(), literal(0), literal(0), sets.c.client_id)
               .select_from(pairs.join(sets, and_(sets.c.session_id == pairs.c.sid,
                                                  sets.c.client_id == pairs.c.cid))))
    return union_all(groups, replays)


PainGroup = tuple[str, int | None, int, int]
"""(exercise, pain, how many sets, the newest set's id) of one session."""

SetGuard = tuple[str | None, str, int, int | None, int]
"""What ``WorkoutRepository.set_guard`` answers: (closed, the person's unit, sets stored,
the person's account, the sets' revision)."""


@dataclass(frozen=True, slots=True)
class BatchReading:
    """``WorkoutRepository.batch_guards``' answer: each session's guard and
    ``PainGroup``s, and the (session, client id) pairs already stored."""

    guards: dict[int, tuple[SetGuard, list[PainGroup]]]
    stored: set[tuple[int, str]]


_PREPARED: dict[tuple[str, str], Prepared] = {}


def _prepared(conn: Connection, name: str) -> Prepared:
    """The hot-path statement ``name`` compiled for ``conn``'s dialect (once)."""
    key = (conn.dialect.name, name)
    found = _PREPARED.get(key)
    if found is None:
        if name == "insert_set":
            found = Prepared(_insert_set(conn.dialect.name), conn.dialect, _SET_COLUMNS)
        elif name == "insert_sets":  # no ON CONFLICT: the batch found its replays first
            found = Prepared(sets.insert().returning(sets.c.id), conn.dialect, _SET_COLUMNS)
        elif name == "insert_imported_set":
            found = Prepared(sets.insert(), conn.dialect, (*_SET_COLUMNS, "warmup"))
        else:
            found = Prepared({"set_guard": _set_guard, "set_count": _set_count, "set_tally": _set_tally,
                              "last_pain": _last_pain, "batch_guards": _batch_guards,
                              "batch_pains": _batch_pains}[name](), conn.dialect)
        _PREPARED[key] = found
    return found


def _session(row: Row[Any]) -> WorkoutSession:
    return WorkoutSession(
        id=row.id, person_id=row.person_id, plan_id=row.plan_id, plan_week=row.plan_week,
        plan_day=row.plan_day, focus=row.focus, on_date=row.on_date, started_at=row.started_at,
        ended_at=row.ended_at, baseline_pain=row.baseline_pain, pain_after=row.pain_after,
        session_rpe=row.session_rpe, duration_minutes=row.duration_minutes, notes=row.notes,
        prescriptions=row.prescriptions or {}, stopped_at=row.stopped_at, stop_reason=row.stop_reason,
        stop_decision=row.stop_decision, source=row.source, title=row.title)


def _set(row: Row[Any]) -> LoggedSet:
    # by position (``select(sets)``: the table's columns are LoggedSet's fields, in
    # order; a unit test holds them together): reading 21 fields of a Row by name cost
    # more than the query itself when a page shows hundreds of sets
    values: tuple[Any, ...] = tuple(row)
    (ident, session_id, person_id, client_id, number, exercise, reps, seconds, load_kg, load_entered,
     unit, tempo, rpe, reps_in_reserve, belt, pain, symptoms, notes, logged_at, action, decision,
     edited_at, warmup) = values
    return LoggedSet(ident, session_id, person_id, client_id, number, exercise, reps, seconds, load_kg,
                     load_entered, unit, tempo, rpe, reps_in_reserve, bool(belt), pain,
                     tuple(symptoms or ()), notes, logged_at, action, decision, edited_at, bool(warmup))


def _checkin(row: Row[Any]) -> Checkin:
    return Checkin(
        id=row.id, person_id=row.person_id, on_date=row.on_date, pain=row.pain,
        stiffness=row.stiffness, stiff_hours=row.stiff_hours, sleep_hours=row.sleep_hours,
        sleep_quality=row.sleep_quality, locked_up=bool(row.locked_up),
        symptoms=tuple(row.symptoms or ()), baseline_pain=row.baseline_pain, action=row.action,
        decision=row.decision)


class WorkoutRepository:
    """Sessions and sets of one database connection (one transaction per use case)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # --- sessions ---

    def add_session(self, **values: Any) -> WorkoutSession:
        ident = self.conn.execute(workout_sessions.insert().values(**values)
                                  .returning(workout_sessions.c.id)).scalar_one()
        defaults = dict(ended_at=None, pain_after=None, session_rpe=None, duration_minutes=None,
                        notes=None)
        return WorkoutSession(id=ident, **{**defaults, **values})

    def get_session(self, session_id: int) -> WorkoutSession | None:
        row = self.conn.execute(select(workout_sessions).where(workout_sessions.c.id == session_id)).first()
        return _session(row) if row else None

    def lock_person(self, person_id: int) -> None:
        """Make one person's session starts take turns (two app processes, two taps on
        Start): the write lock now on SQLite (``BEGIN IMMEDIATE``, so what is read next is
        current), the person's row ``FOR UPDATE`` on PostgreSQL (statements after it see
        what the writer it waited for committed)."""
        if self.conn.dialect.name == "sqlite":
            self.lock_for_sets()
        else:
            self.conn.execute(select(people.c.id).where(people.c.id == person_id).with_for_update())

    def open_session(self, person_id: int, on: date) -> WorkoutSession | None:
        """The latest session of that day not yet ended."""
        row = self.conn.execute(
            select(workout_sessions).where(workout_sessions.c.person_id == person_id,
                                           workout_sessions.c.on_date == on,
                                           workout_sessions.c.ended_at.is_(None))
            .order_by(workout_sessions.c.id.desc()).limit(1)).first()
        return _session(row) if row else None

    def stopped_session(self, person_id: int, on: date) -> WorkoutSession | None:
        """The first session of that day that was stopped (by the monitor or the person)."""
        row = self.conn.execute(
            select(workout_sessions).where(workout_sessions.c.person_id == person_id,
                                           workout_sessions.c.on_date == on,
                                           workout_sessions.c.stopped_at.is_not(None))
            .order_by(workout_sessions.c.id).limit(1)).first()
        return _session(row) if row else None

    def last_seek_care_stop(self, person_id: int) -> WorkoutSession | None:
        """The latest session stopped with a seek-care answer."""
        row = self.conn.execute(
            select(workout_sessions).where(workout_sessions.c.person_id == person_id,
                                           workout_sessions.c.stop_reason == "seek_care")
            .order_by(workout_sessions.c.stopped_at.desc()).limit(1)).first()
        return _session(row) if row else None

    def stop_session(self, session_id: int, *, stopped_at: Any, reason: str,
                     decision: dict[str, Any] | None) -> None:
        """Mark the session stopped; the first stop stands, except that a seek-care
        answer replaces a lesser one (the follow-up needs it). Runs in the transaction
        that stored the stopping set or report, so no set slips in after it."""
        ws = workout_sessions
        open_or_lesser: Any = ws.c.stopped_at.is_(None)
        if reason == "seek_care":
            open_or_lesser = open_or_lesser | (ws.c.stop_reason != "seek_care")
        self.conn.execute(update(ws).where(ws.c.id == session_id, open_or_lesser)
                          .values(stopped_at=stopped_at, stop_reason=reason, stop_decision=decision))

    def end_session(self, session_id: int, **values: Any) -> None:
        self.conn.execute(update(workout_sessions).where(workout_sessions.c.id == session_id)
                          .values(**values))

    def sessions(self, person_id: int, *, since: date | None = None, until: date | None = None,
                 limit: int | None = None, newest_first: bool = False,
                 logged_here: bool = False) -> list[WorkoutSession]:
        """The person's sessions, oldest first (or newest first); ``logged_here``: only
        those logged in spinewise, not imported from another app."""
        query = select(workout_sessions).where(workout_sessions.c.person_id == person_id)
        if logged_here:
            query = query.where(workout_sessions.c.source.is_(None))
        if since is not None:
            query = query.where(workout_sessions.c.on_date >= since)
        if until is not None:
            query = query.where(workout_sessions.c.on_date <= until)
        order = (workout_sessions.c.on_date, workout_sessions.c.id)
        query = query.order_by(*(c.desc() for c in order) if newest_first else order)
        if limit is not None:
            query = query.limit(limit)
        return [_session(r) for r in self.conn.execute(query)]

    def sessions_by_id(self, session_ids: Sequence[int]) -> dict[int, WorkoutSession]:
        if not session_ids:
            return {}
        rows = self.conn.execute(select(workout_sessions).where(workout_sessions.c.id.in_(session_ids)))
        return {r.id: _session(r) for r in rows}

    # --- sets ---

    def session_and_units(self, session_id: int) -> tuple[WorkoutSession, str] | None:
        """The session and its person's unit (kg or lb), in one query."""
        row = self.conn.execute(_session_with_units(), {"session_id": session_id}).first()
        return (_session(row), str(row.person_units)) if row else None

    def set_context(self, session_id: int, exercise: str, client_id: str) -> Row[Any]:
        """What a new set needs to know about its session, in one query: ``set_count``,
        ``red_sets`` (pain above 5), ``previous_pain`` (the last set of the same
        exercise) and ``replayed_id`` (the stored set with this client id, if any)."""
        return self.conn.execute(_set_context(), {"session_id": session_id, "exercise": exercise,
                                                  "client_id": client_id}).one()

    def insert_set(self, values: dict[str, Any]) -> int | None:
        """Insert a set unless (session_id, client_id) is already stored: the new id, or
        ``None`` when it was a replay. (A prepared statement: see ``store.prepared``.)"""
        row = _prepared(self.conn, "insert_set").run(self.conn, values).fetchone()
        return None if row is None else int(row[0])

    # the set-logging hot path (``training.record_sets``): small prepared statements

    def lock_for_sets(self) -> None:
        """Take the write lock now, so what is read next stays true until the commit:
        ``BEGIN IMMEDIATE`` on SQLite (PostgreSQL locks each session row in
        ``set_guard`` instead)."""
        if self.conn.dialect.name == "sqlite":
            raw: Any = self.conn.connection.dbapi_connection  # sqlite3's (untyped): in_transaction
            if not raw.in_transaction:
                driver_cursor(self.conn).execute("BEGIN IMMEDIATE")

    def data_version(self) -> int | None:
        """SQLite's ``PRAGMA data_version``: it changes on this connection when any other
        connection (in this process or another) commits a change to the database.
        ``None`` on PostgreSQL, which has no such thing."""
        if self.conn.dialect.name != "sqlite":
            return None
        version: int = driver_cursor(self.conn).execute("PRAGMA data_version").fetchone()[0]
        return version

    def set_guard(self, session_id: int) -> tuple[str | None, str, int, int | None, int] | None:
        """(closed, the person's unit, sets stored, the person's account, its sets'
        revision: bumped by every edit or deletion of a set) of a session, or
        ``None`` when there is no such session. ``closed`` is ``None`` while the session
        takes sets, else why it does not: its stop reason (``seek_care``, ``end_session``,
        ``person``) or ``finished``. The count (an index-only scan of the session's few sets) tells
        whether sets were stored since a cached tally was read. On PostgreSQL the
        session row stays locked until the commit: concurrent writers of one session
        (other app processes) take turns.

        The count is a second statement, read once the lock is held: under PostgreSQL's
        READ COMMITTED each statement sees what was committed when it began, so a count
        inside the locking statement would miss the sets of the writer it waited for
        (two processes then gave two sets the same number)."""
        params = {"session_id": session_id}
        row = _prepared(self.conn, "set_guard").run(self.conn, params).fetchone()
        if row is None:
            return None
        closed = str(row[2]) if row[2] is not None else ("finished" if row[0] is not None else None)
        units, owner = str(row[1]), row[3]
        count = _prepared(self.conn, "set_count").run(self.conn, params).fetchone()[0]
        return closed, units, int(count), None if owner is None else int(owner), int(row[4] or 0)

    def batch_guards(self, session_ids: Sequence[int], pairs_given: Sequence[tuple[int, str]]) -> BatchReading:
        """PostgreSQL only (empty elsewhere): ``set_guard`` for every session of a batch,
        with each one's ``PainGroup``s and which of the batch's (session, client id)
        pairs are stored already (replays), in two round trips whatever the batch's
        size (one set at a time, a batch took three per set: the lock, the count, the
        insert). The rows stay locked until the commit, so no other writer adds a set
        to them before it. The sets are read in a second statement, once every lock is
        held (see ``set_guard`` on READ COMMITTED)."""
        if self.conn.dialect.name != "postgresql" or not session_ids:
            return BatchReading({}, set())
        ids = list(session_ids)
        guards = _prepared(self.conn, "batch_guards").run(self.conn, {"ids": ids}).fetchall()
        if not guards:
            return BatchReading({}, set())
        groups: dict[int, list[PainGroup]] = {}
        stored: set[tuple[int, str]] = set()
        pairs = list(pairs_given)
        rows = _prepared(self.conn, "batch_pains").run(self.conn, {
            "ids": ids, "pair_ids": [p[0] for p in pairs], "pair_client_ids": [p[1] for p in pairs]}).fetchall()
        for session_id, exercise, pain, count, newest, client_id in rows:
            if exercise is None:  # a replay
                stored.add((int(session_id), str(client_id)))
            else:
                groups.setdefault(int(session_id), []).append((str(exercise), pain, int(count), int(newest)))
        out: dict[int, tuple[SetGuard, list[PainGroup]]] = {}
        for session_id, ended_at, units, stop_reason, owner, revision in guards:
            of_session = groups.get(int(session_id), [])
            closed = str(stop_reason) if stop_reason is not None else ("finished" if ended_at is not None else None)
            count = sum(group[2] for group in of_session)
            out[int(session_id)] = ((closed, str(units), count, None if owner is None else int(owner),
                                     int(revision or 0)), of_session)
        return BatchReading(out, stored)

    def insert_sets(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        """PostgreSQL: insert new sets (none of them a replay: see ``batch_guards``)
        in one pipelined round trip, whatever their number; their ids, in order. A
        conflict nobody foresaw raises (the caller's transaction is rolled back)."""
        if not rows:
            return []
        prepared = _prepared(self.conn, "insert_sets")
        cursor = driver_cursor(self.conn)
        cursor.executemany(prepared.sql, [prepared.params(values) for values in rows], returning=True)
        ids: list[int] = []
        while True:
            ids.append(int(cursor.fetchone()[0]))
            if not cursor.nextset():
                break
        if len(ids) != len(rows):
            raise RuntimeError(f"{len(rows)} sets sent, {len(ids)} ids back")
        return ids

    def set_tally(self, session_id: int, *, red_above: int = RED_PAIN_ABOVE) -> tuple[int, int]:
        """(sets stored, red sets: pain above ``red_above``) of a session."""
        row = _prepared(self.conn, "set_tally").run(
            self.conn, {"session_id": session_id, "red_above": red_above}).fetchone()
        return int(row[0]), int(row[1])

    def last_pain(self, person_id: int, session_id: int, exercise: str) -> int | None:
        """Pain during the last set of ``exercise`` in the session, if any."""
        row = _prepared(self.conn, "last_pain").run(
            self.conn, {"person_id": person_id, "session_id": session_id,
                        "exercise": exercise}).fetchone()
        return None if row is None else int(row[0])

    def set_by_client_id(self, session_id: int, client_id: str) -> LoggedSet | None:
        row = self.conn.execute(select(sets).where(sets.c.session_id == session_id,
                                                   sets.c.client_id == client_id)).first()
        return _set(row) if row else None

    def sets_of(self, session_ids: Sequence[int], exercises: Sequence[str] | None = None) -> list[LoggedSet]:
        if not session_ids:
            return []
        query = select(sets).where(sets.c.session_id.in_(session_ids))
        if exercises is not None:
            query = query.where(sets.c.exercise.in_(exercises))
        return [_set(r) for r in self.conn.execute(query.order_by(sets.c.session_id, sets.c.id))]

    def set_doses(self, session_ids: Sequence[int], exercises: Sequence[str]) -> list[SetDose]:
        """The doses and pain of these sessions' sets of these exercises, in the order
        they were logged: ``sets_of`` without the columns the progression never reads."""
        if not session_ids:
            return []
        query = (select(sets.c.id, sets.c.session_id, sets.c.exercise, sets.c.reps, sets.c.seconds,
                        sets.c.load_kg, sets.c.tempo, sets.c.rpe, sets.c.pain)
                 .where(sets.c.session_id.in_(session_ids), sets.c.exercise.in_(exercises))
                 .order_by(sets.c.session_id, sets.c.id))
        return [SetDose._make(r) for r in self.conn.execute(query)]

    def count_sets(self, person_id: int) -> int:
        return int(self.conn.execute(select(func.count()).select_from(sets)
                                     .where(sets.c.person_id == person_id)).scalar_one())

    def recent_session_ids(self, person_id: int, exercise: str, *, before: date | None,
                           limit: int) -> list[int]:
        """The last ``limit`` sessions (newest first) in which the exercise was logged.
        Uses the (person_id, exercise, session_id) index: sessions are numbered in
        the order they were started."""
        # pain IS NOT NULL: imported sets (no pain recorded) never move the plan, and a
        # long imported history must not push the plan's own sessions out of the window
        query = (select(sets.c.session_id).where(sets.c.person_id == person_id,
                                                 sets.c.exercise == exercise, sets.c.pain.is_not(None))
                 .group_by(sets.c.session_id).order_by(sets.c.session_id.desc()).limit(limit))
        ids = [r.session_id for r in self.conn.execute(query)]
        if before is not None and ids:
            dated = self.conn.execute(select(workout_sessions.c.id).where(
                workout_sessions.c.id.in_(ids), workout_sessions.c.on_date < before))
            keep = {r.id for r in dated}
            ids = [i for i in ids if i in keep]
        return ids

    def session_summaries(self, person_id: int, *, until: date) -> list[SessionSummary]:
        """Every session up to ``until``, oldest first, as light rows with the next
        morning's pain joined in. Whether a session holds sets is read from the
        (session_id, client_id) index, never from the sets themselves."""
        ws = workout_sessions
        has_sets = exists().where(sets.c.session_id == ws.c.id)
        morning = and_(checkins.c.person_id == ws.c.person_id, checkins.c.on_date == day_after(ws.c.on_date))
        query = (select(ws.c.id, ws.c.on_date, ws.c.plan_id, ws.c.plan_week, ws.c.plan_day,
                        ws.c.baseline_pain, ws.c.pain_after, ws.c.session_rpe, ws.c.duration_minutes,
                        has_sets.label("has_sets"), checkins.c.pain.label("next_morning"))
                 .select_from(ws.outerjoin(checkins, morning))
                 .where(ws.c.person_id == person_id, ws.c.on_date <= until)
                 .order_by(ws.c.on_date, ws.c.id))
        return [SessionSummary._make(r) for r in self.conn.execute(query)]

    def exercise_totals(self, person_id: int, *, since: date, until: date) -> list[ExerciseTotal]:
        """Per session from ``since`` to ``until`` and exercise, summed in the database."""
        ws = workout_sessions
        query = (select(sets.c.session_id, sets.c.exercise, func.count().label("sets"),
                        func.max(sets.c.pain).label("worst_pain"),
                        func.coalesce(func.sum(sets.c.reps), 0).label("reps"),
                        func.coalesce(func.sum(sets.c.seconds), 0).label("seconds"),
                        func.coalesce(func.sum(sets.c.reps * sets.c.load_kg), 0.0).label("tonnage_kg"))
                 # from the person's sessions in the window to their sets, by session
                 .select_from(ws.join(sets, sets.c.session_id == ws.c.id))
                 .where(ws.c.person_id == person_id, ws.c.on_date >= since, ws.c.on_date <= until)
                 .group_by(sets.c.session_id, sets.c.exercise))
        return [ExerciseTotal._make(r) for r in self.conn.execute(query)]

    def worst_pain(self, session_ids: Sequence[int]) -> dict[int, int]:
        """The worst pain during any set, by session (a session whose sets carry no pain,
        an imported one, is left out)."""
        if not session_ids:
            return {}
        rows = self.conn.execute(select(sets.c.session_id, func.max(sets.c.pain).label("pain"))
                                 .where(sets.c.session_id.in_(list(session_ids)))
                                 .group_by(sets.c.session_id))
        return {r.session_id: r.pain for r in rows if r.pain is not None}

    # --- history imported from another app ---

    def imported_keys(self, person_id: int) -> set[str]:
        """The keys of the workouts already imported for the person."""
        rows = self.conn.execute(select(workout_sessions.c.source_key).where(
            workout_sessions.c.person_id == person_id, workout_sessions.c.source_key.is_not(None)))
        return {str(r[0]) for r in rows}

    def add_imported(self, sessions_rows: Sequence[dict[str, Any]],
                     sets_by_key: Mapping[str, Sequence[dict[str, Any]]],
                     progress: Callable[[int], None] | None = None) -> None:
        """Insert imported sessions and their sets in two bulk statements (one
        ``executemany`` each): the sessions' new ids are read back by their keys."""
        if not sessions_rows:
            return
        ws = workout_sessions
        self.conn.execute(ws.insert(), list(sessions_rows))
        person_ids = {row["person_id"] for row in sessions_rows}
        keys = [row["source_key"] for row in sessions_rows]
        ids: dict[str, int] = {}
        for start in range(0, len(keys), 500):  # bound the IN list
            chunk = keys[start:start + 500]
            for row in self.conn.execute(select(ws.c.id, ws.c.source_key).where(
                    ws.c.person_id.in_(person_ids), ws.c.source_key.in_(chunk))):
                ids[str(row.source_key)] = int(row.id)
        groups = [(ids[key], group) for key, group in sets_by_key.items() if group]
        if not groups:
            return
        # straight on the driver (``executemany``): SQLAlchemy's per-row parameter
        # handling cost more than the inserts. Imported sets carry no symptoms and no
        # monitor decision, so those two JSON values are encoded once; the other
        # converted values (datetimes, booleans on SQLite) repeat, and are converted once each.
        statement = _prepared(self.conn, "insert_imported_set")
        first = groups[0][1][0]
        fixed = {name: statement.processors[name](first[name]) for name in ("symptoms", "decision")
                 if name in statement.processors}
        procs = {n: p for n, p in statement.processors.items() if n not in fixed}
        memo: dict[str, dict[Any, Any]] = {n: {} for n in procs}
        names = statement.names
        params: list[Any] = []
        for session_id, group in groups:
            for done in group:
                cells: list[Any] = []
                for name in names:
                    if name == "session_id":
                        cells.append(session_id)
                    elif name in fixed:
                        cells.append(fixed[name])
                    elif name in procs:
                        seen, value = memo[name], done[name]
                        if value not in seen:
                            seen[value] = procs[name](value)
                        cells.append(seen[value])
                    else:
                        cells.append(done[name])
                params.append(cells if statement.positional else dict(zip(names, cells, strict=True)))
        cursor = driver_cursor(self.conn)
        for start in range(0, len(params), IMPORT_CHUNK):  # in chunks, to tell a progress bar
            cursor.executemany(statement.sql, params[start:start + IMPORT_CHUNK])
            if progress is not None:
                progress(min(start + IMPORT_CHUNK, len(params)))

    # --- symptom reports ---

    def add_symptom_report(self, **values: Any) -> int:
        ident: int = self.conn.execute(symptom_reports.insert().values(**values)
                                       .returning(symptom_reports.c.id)).scalar_one()
        return ident

    def symptom_reports(self, session_id: int) -> list[SymptomReport]:
        """The session's "something's wrong" reports, oldest first."""
        rows = self.conn.execute(select(symptom_reports).where(symptom_reports.c.session_id == session_id)
                                 .order_by(symptom_reports.c.id))
        return [SymptomReport(id=r.id, session_id=r.session_id, reported_at=r.reported_at, exercise=r.exercise,
                              symptoms=tuple(r.symptoms or ()), action=r.action, decision=r.decision)
                for r in rows]

    # --- check-ins (one per person and morning; a second one that morning replaces it) ---

    def upsert_checkin(self, values: dict[str, Any]) -> Checkin:
        statement = insert_for(self.conn, checkins).values(**values)
        changes = {k: statement.excluded[k] for k in values if k not in ("person_id", "on_date")}
        self.conn.execute(statement.on_conflict_do_update(index_elements=["person_id", "on_date"],
                                                          set_=changes))
        row = self.conn.execute(select(checkins).where(checkins.c.person_id == values["person_id"],
                                                       checkins.c.on_date == values["on_date"])).one()
        return _checkin(row)

    def checkins(self, person_id: int, *, since: date | None = None,
                 until: date | None = None) -> list[Checkin]:
        query = select(checkins).where(checkins.c.person_id == person_id)
        if since is not None:
            query = query.where(checkins.c.on_date >= since)
        if until is not None:
            query = query.where(checkins.c.on_date <= until)
        return [_checkin(r) for r in self.conn.execute(query.order_by(checkins.c.on_date))]

    def morning_pain(self, person_id: int, dates: Sequence[date]) -> dict[date, int]:
        if not dates:
            return {}
        rows = self.conn.execute(select(checkins.c.on_date, checkins.c.pain).where(
            checkins.c.person_id == person_id, checkins.c.on_date.in_(list(dates))))
        return {r.on_date: r.pain for r in rows}

    def last_seek_care_checkin(self, person_id: int) -> tuple[Checkin, Any] | None:
        """The latest check-in whose answer was seek care, with when it was made."""
        row = self.conn.execute(select(checkins).where(checkins.c.person_id == person_id,
                                                       checkins.c.action == "seek_care")
                                .order_by(checkins.c.created_at.desc()).limit(1)).first()
        return (_checkin(row), row.created_at) if row else None

    def latest_checkin(self, person_id: int, *, until: date) -> Checkin | None:
        row = self.conn.execute(select(checkins).where(checkins.c.person_id == person_id,
                                                       checkins.c.on_date <= until)
                                .order_by(checkins.c.on_date.desc()).limit(1)).first()
        return _checkin(row) if row else None
