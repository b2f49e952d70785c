"""Gym mode's storage: the person's bar and plates, "last time" for a session's
exercises (one query), and corrections to the log (edit or delete a set, delete a
session). A repository over one connection, as ``WorkoutRepository`` is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, delete, func, or_, select, update

from spinewise.store.dialect import insert_for
from spinewise.store.records import LoggedSet
from spinewise.store.tables import gym_settings, sets, workout_sessions


class GymSettingsRow(NamedTuple):
    """The stored bar and plates (weights in ``unit``; ``plates``: weight -> count)."""

    unit: str
    bar: float
    trap_bar: float
    plates: dict[float, int]


class EarlierSet(NamedTuple):
    """A set of the most recent earlier session holding its exercise."""

    session_id: int
    on_date: date
    exercise: str
    reps: int | None
    seconds: int | None
    load_kg: float | None
    pain: int | None
    """``None`` for an imported set (the other app recorded no pain)."""


class GymRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # --- bar and plates ---

    def settings(self, person_id: int) -> GymSettingsRow | None:
        row = self.conn.execute(select(gym_settings).where(gym_settings.c.person_id == person_id)).first()
        if row is None:
            return None
        plates = {float(w): int(c) for w, c in (row.plates or {}).items()}
        return GymSettingsRow(row.unit, row.bar, row.trap_bar, plates)

    def save_settings(self, person_id: int, *, unit: str, bar: float, trap_bar: float,
                      plates: dict[float, int], updated_at: datetime) -> None:
        values = {"person_id": person_id, "unit": unit, "bar": bar, "trap_bar": trap_bar,
                  "plates": {f"{w:g}": c for w, c in plates.items()}, "updated_at": updated_at}
        statement = insert_for(self.conn, gym_settings).values(**values)
        self.conn.execute(statement.on_conflict_do_update(
            index_elements=["person_id"], set_={k: statement.excluded[k] for k in values if k != "person_id"}))

    # --- last time ---

    def last_time(self, person_id: int, *, before: tuple[date, int],
                  exercises: Sequence[str]) -> list[EarlierSet]:
        """For each exercise, the sets of the person's most recent session before
        ``before`` (its day and id: sessions on the same day count in the order they were
        started) that holds it, in the order they were logged. Imported sessions count
        (they are the person's history: load, reps, date; their pain is ``None``); warm-up
        sets do not (last time is about the working sets). One query: the sessions
        are ranked per exercise by a window function, and only the first rank is kept."""
        if not exercises:
            return []
        ws = workout_sessions
        on, ident = before
        earlier = or_(ws.c.on_date < on, and_(ws.c.on_date == on, ws.c.id < ident))
        rank = func.dense_rank().over(partition_by=sets.c.exercise,
                                      order_by=(ws.c.on_date.desc(), ws.c.id.desc())).label("rank")
        ranked = (select(sets.c.session_id, ws.c.on_date, sets.c.exercise, sets.c.reps, sets.c.seconds,
                         sets.c.load_kg, sets.c.pain, sets.c.id, rank)
                  .select_from(sets.join(ws, ws.c.id == sets.c.session_id))
                  .where(sets.c.person_id == person_id, sets.c.exercise.in_(list(exercises)),
                         sets.c.warmup.is_(False), earlier)
                  .subquery())
        query = (select(ranked.c.session_id, ranked.c.on_date, ranked.c.exercise, ranked.c.reps,
                        ranked.c.seconds, ranked.c.load_kg, ranked.c.pain)
                 .where(ranked.c.rank == 1).order_by(ranked.c.exercise, ranked.c.id))
        return [EarlierSet._make(r) for r in self.conn.execute(query)]

    # --- corrections ---

    def update_set(self, set_id: int, values: dict[str, Any]) -> None:
        self.conn.execute(update(sets).where(sets.c.id == set_id).values(**values))

    def delete_set(self, set_id: int) -> None:
        self.conn.execute(delete(sets).where(sets.c.id == set_id))

    def sets_changed(self, session_id: int) -> None:
        """Bump the session's ``sets_revision``: cached tallies of it are read again."""
        self.conn.execute(update(workout_sessions).where(workout_sessions.c.id == session_id)
                          .values(sets_revision=workout_sessions.c.sets_revision + 1))

    def delete_session(self, session_id: int) -> None:
        """The session with its sets and symptom reports (their foreign keys cascade;
        deleted here too, for SQLite connections without foreign keys switched on)."""
        from spinewise.store.coaching import touch_dashboard
        from spinewise.store.tables import symptom_reports

        touch_dashboard(self.conn, session_id=session_id)  # its alerts lose their link
        self.conn.execute(delete(sets).where(sets.c.session_id == session_id))
        self.conn.execute(delete(symptom_reports).where(symptom_reports.c.session_id == session_id))
        self.conn.execute(delete(workout_sessions).where(workout_sessions.c.id == session_id))

    def earlier_sets(self, session_id: int, set_id: int) -> list[LoggedSet]:
        """The session's sets logged before ``set_id`` (every exercise), oldest first."""
        from spinewise.store.workouts import _set

        rows = self.conn.execute(select(sets).where(sets.c.session_id == session_id, sets.c.id < set_id)
                                 .order_by(sets.c.id))
        return [_set(r) for r in rows]
