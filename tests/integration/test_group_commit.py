"""Group commit of logged sets (``training.record_sets`` and the web app's ``SetWriter``),
on SQLite and PostgreSQL: many sets in one transaction give exactly the rows and the
decisions one-by-one logging gives; a set that fails alone fails alone; nobody hears
back before the commit."""

from __future__ import annotations

import asyncio
import threading
import time
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from spinewise import training
from spinewise.config import load_settings
from spinewise.domain.errors import ConflictError, NotFoundError
from spinewise.store.unit_of_work import StorageError
from spinewise.training.set_writer import ThreadSetWriter as SetWriter
from tests.conftest import run_async

from .conftest import MONDAY


def _pending(session_id: int, client_id: str, pain: int = 2, **extra: Any) -> training.PendingSet:
    return training.prepare_set(session_id=session_id, client_id=client_id, exercise="goblet_squat",
                                reps=8, load=12, pain=pain, **extra)


def _rows(store: Any, session_id: int) -> list[Any]:
    with store.reading() as tx:
        return tx.workouts.sets_of([session_id])


@pytest.fixture
def session(store: Any, person: Any) -> Any:
    return training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2)


def test_a_batch_stores_distinct_sets_once_and_replays_duplicates(store, session) -> None:  # type: ignore[no-untyped-def]
    ids = ["a", "b", "a", "c", "b", "d"]
    results = training.record_sets(store=store, pending=[_pending(session.id, i) for i in ids])
    assert all(isinstance(r, training.SetOutcome) for r in results), results
    assert [r.replayed for r in results] == [False, False, True, False, True, False]
    assert [r.logged.client_id for r in results] == ids
    assert results[2].logged.id == results[0].logged.id and results[2].decision == results[0].decision
    rows = _rows(store, session.id)
    assert [(r.client_id, r.number) for r in rows] == [("a", 1), ("b", 2), ("c", 3), ("d", 4)]
    again = training.record_sets(store=store, pending=[_pending(session.id, "d"), _pending(session.id, "e")])
    assert [r.replayed for r in again] == [True, False]  # type: ignore[union-attr]
    assert [r.number for r in _rows(store, session.id)] == [1, 2, 3, 4, 5]


def test_a_batch_decides_each_set_with_the_sets_before_it(store, session) -> None:  # type: ignore[no-untyped-def]
    """Two red sets in one batch: the second sees the first (a repeat ends the session),
    exactly as when they are logged one at a time."""
    results = training.record_sets(store=store, pending=[_pending(session.id, "r1", pain=6),
                                                         _pending(session.id, "r2", pain=6)])
    first, second = (r.decision for r in results)  # type: ignore[union-attr]
    assert first["action"] == "skip_exercise"
    assert second["action"] == "end_session"
    assert [f["rule"] for f in second["rules"]] == ["MON-PAIN-RED-REPEAT"]


def test_a_failing_set_does_not_lose_the_others(store, person, session) -> None:  # type: ignore[no-untyped-def]
    ended = training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2,
                                   free=True)
    training.end_session(store=store, session_id=ended.id, pain_after=2, session_rpe=5, duration_minutes=30)
    results = training.record_sets(store=store, pending=[
        _pending(session.id, "ok-1"), _pending(999_999, "lost"), _pending(ended.id, "late"),
        _pending(session.id, "ok-2")])
    assert isinstance(results[0], training.SetOutcome) and isinstance(results[3], training.SetOutcome)
    assert isinstance(results[1], NotFoundError)
    assert isinstance(results[2], ConflictError) and results[2].field == "session_id"
    assert [r.client_id for r in _rows(store, session.id)] == ["ok-1", "ok-2"]
    assert _rows(store, ended.id) == []


def test_a_set_the_database_refuses_fails_alone(store, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The batch's transaction is rolled back and each set is tried again on its own."""
    from spinewise.store.workouts import WorkoutRepository

    real = WorkoutRepository.insert_set

    def refusing(self: Any, values: dict[str, Any]) -> int | None:
        if values["client_id"] == "bad":
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real(self, values)

    real_many = WorkoutRepository.insert_sets

    def refusing_many(self: Any, rows: list[dict[str, Any]]) -> list[int]:  # PostgreSQL's batch insert
        if any(values["client_id"] == "bad" for values in rows):
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real_many(self, rows)

    monkeypatch.setattr(WorkoutRepository, "insert_set", refusing)
    monkeypatch.setattr(WorkoutRepository, "insert_sets", refusing_many)
    tallies = training.SetTallies()
    results = training.record_sets(store=store, tallies=tallies, pending=[
        _pending(session.id, "x"), _pending(session.id, "bad"), _pending(session.id, "y", pain=6)])
    assert isinstance(results[1], StorageError)
    assert [r.replayed for r in (results[0], results[2])] == [False, False]  # type: ignore[union-attr]
    rows = _rows(store, session.id)
    assert [(r.client_id, r.number) for r in rows] == [("x", 1), ("y", 2)]
    # the tallies were dropped with the rolled-back transaction: still right afterwards
    later = training.record_sets(store=store, tallies=tallies, pending=[_pending(session.id, "z", pain=6)])[0]
    assert later.logged.number == 3  # type: ignore[union-attr]
    assert later.decision["action"] == "end_session"  # type: ignore[union-attr]


@pytest.mark.parametrize("own_connection", [False, True])
def test_cached_tallies_notice_sets_and_ends_from_elsewhere(store, db_url, session, own_connection) -> None:  # type: ignore[no-untyped-def]
    """A writer's tallies are checked against the database (each session's set count,
    or on SQLite with its own connection, ``data_version``): another process logging a
    red set or ending the session is seen by the next batch."""
    tallies = training.SetTallies(own_connection=own_connection)
    training.record_sets(store=store, tallies=tallies, pending=[_pending(session.id, "w1")])
    other = training.open_store(load_settings(db_url))  # another process, in effect
    try:
        training.log_set(store=other, session_id=session.id, client_id="o1", exercise="goblet_squat",
                         reps=8, load=12, pain=6)
        outcome = training.record_sets(store=store, tallies=tallies,
                                       pending=[_pending(session.id, "w2", pain=6)])[0]
        assert outcome.logged.number == 3  # type: ignore[union-attr]
        assert outcome.decision["action"] == "end_session"  # type: ignore[union-attr]  # the repeat red
        training.end_session(store=other, session_id=session.id, pain_after=3, session_rpe=6,
                             duration_minutes=40)
    finally:
        other.close()
    late = training.record_sets(store=store, tallies=tallies, pending=[_pending(session.id, "w3")])[0]
    assert isinstance(late, ConflictError) and late.field == "session_id"
    replay = training.record_sets(store=store, tallies=tallies, pending=[_pending(session.id, "w2")])[0]
    assert replay.replayed is True  # type: ignore[union-attr]  # a retry of a stored set still answers
    tallies.close()


def test_a_writer_with_its_own_connection_reads_nothing_while_nobody_else_writes(store, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from spinewise.store.workouts import WorkoutRepository

    tallies = training.SetTallies(own_connection=True)
    training.record_sets(store=store, tallies=tallies, pending=[_pending(session.id, "first")])
    guards: list[int] = []
    real = WorkoutRepository.set_guard
    monkeypatch.setattr(WorkoutRepository, "set_guard", lambda self, sid: guards.append(sid) or real(self, sid))
    outcomes = training.record_sets(store=store, tallies=tallies,
                                    pending=[_pending(session.id, f"n{k}", pain=6) for k in range(3)])
    tallies.close()
    assert [o.logged.number for o in outcomes[:2]] == [2, 3]  # type: ignore[union-attr]
    assert [o.decision["action"] for o in outcomes[:2]] == ["skip_exercise", "end_session"]  # type: ignore[union-attr]
    assert isinstance(outcomes[2], ConflictError)  # the session stopped with the set before, in this batch
    # PostgreSQL reads the batch's sessions at once (``batch_guards``) and, holding their
    # locks, trusts the tallies for the rest of the transaction
    assert guards == []


# --- the writer thread -----------------------------------------------------------------------


class _HeldStore:
    """The real store, but each transaction waits for ``release`` before it commits,
    and notes what happened."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.release = threading.Event()
        self.entered = threading.Event()
        self.done_writing = threading.Event()
        self.open_tx: Any = None
        self.commits = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    @contextmanager
    def transaction(self, connection: Any = None) -> Any:
        with self.store.transaction(connection) as tx:
            self.entered.set()
            self.open_tx = tx
            yield tx
            self.done_writing.set()
            assert self.release.wait(10)
        self.commits += 1


_run = run_async


def test_the_writer_commits_concurrent_sets_together_and_answers_after_the_commit(store, session) -> None:  # type: ignore[no-untyped-def]
    held = _HeldStore(store)
    writer = SetWriter(lambda: held)  # type: ignore[arg-type, return-value]
    ids = [f"s{n}" for n in range(20)] + ["s3", "s7"]

    async def scenario() -> list[Any]:
        first = asyncio.ensure_future(writer.log(_pending(session.id, "s0")))
        assert await asyncio.to_thread(held.entered.wait, 10)  # the writer holds batch 1 open
        rest = [asyncio.ensure_future(writer.log(_pending(session.id, i))) for i in ids[1:]]
        await asyncio.sleep(0.05)
        assert not first.done() and not any(t.done() for t in rest)  # nothing answered yet
        assert _rows(store, session.id) == []  # and nothing committed
        held.release.set()
        return await asyncio.gather(first, *rest)

    try:
        outcomes = _run(scenario())
    finally:
        held.release.set()
        writer.close()
    assert held.commits == 2 and writer.batches == 2  # one lone set, then the 21 that queued behind it
    assert [o.replayed for o in outcomes].count(True) == 2
    rows = _rows(store, session.id)
    assert sorted(r.client_id for r in rows) == sorted(set(ids))
    assert [r.number for r in rows] == list(range(1, 21))


def test_a_batch_that_cannot_commit_answers_every_set_with_the_error(store, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A commit that fails: each waiter hears a storage error (a 503), none hears success."""
    def failing_commit(_dbapi_connection: Any) -> None:
        raise OperationalError("COMMIT", {}, Exception("disk full"))

    monkeypatch.setattr(store.engine.dialect, "do_commit", failing_commit)
    writer = SetWriter(lambda: store)

    async def scenario() -> list[Any]:
        return await asyncio.gather(*(writer.log(_pending(session.id, f"f{n}")) for n in range(5)),
                                    return_exceptions=True)

    try:
        results = _run(scenario())
    finally:
        writer.close()
    monkeypatch.undo()
    assert all(isinstance(r, StorageError) for r in results)
    assert _rows(store, session.id) == []


def test_a_writer_that_waited_for_another_numbers_after_its_sets(store, db_url, session) -> None:  # type: ignore[no-untyped-def]
    """Two writers (two app processes, in effect) on one session, the second with its
    tallies warm: it waits for the first one's lock and, once it has it, counts the
    first one's set. (On PostgreSQL a count read in the locking statement saw the
    database as it was before the wait, so the cached tally looked current and two
    sets got the same number.)"""
    held = _HeldStore(store)
    other = training.open_store(load_settings(db_url))
    tallies = training.SetTallies(own_connection=True)
    results: dict[str, Any] = {}

    def first() -> None:
        results["a"] = training.record_sets(store=held, pending=[_pending(session.id, "a1")])[0]  # type: ignore[arg-type]

    def second() -> None:
        results["b"] = training.record_sets(store=other, pending=[_pending(session.id, "b1")], tallies=tallies)[0]

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    try:
        warm = training.record_sets(store=other, pending=[_pending(session.id, "b0")], tallies=tallies)[0]
        assert warm.logged.number == 1  # type: ignore[union-attr]
        threads[0].start()
        assert held.done_writing.wait(10)  # the first writer's set is inserted, its commit held back
        threads[1].start()
        time.sleep(0.3)  # the second writer is now waiting for the first one's lock
        assert "b" not in results
        held.release.set()
        for thread in threads:
            thread.join(20)
    finally:
        held.release.set()
        tallies.close()
        other.close()
    assert results["a"].logged.number == 2
    assert results["b"].logged.number == 3
    assert [(r.client_id, r.number) for r in _rows(store, session.id)] == [("b0", 1), ("a1", 2), ("b1", 3)]


def test_two_starts_of_one_day_at_once_open_one_session(store, db_url, person) -> None:  # type: ignore[no-untyped-def]
    """The second start waits for the first one's commit and resumes its session."""
    held = _HeldStore(store)
    other = training.open_store(load_settings(db_url))
    started: dict[str, Any] = {}

    def start(name: str, where: Any) -> None:
        started[name] = training.start_session(store=where, person_id=person.person.id, on=MONDAY,
                                               baseline_pain=2, free=True)

    first = threading.Thread(target=start, args=("a", held))
    second = threading.Thread(target=start, args=("b", other))
    try:
        first.start()
        assert held.done_writing.wait(10)  # the first session is inserted, its commit held back
        second.start()
        time.sleep(0.3)
        assert "b" not in started  # waiting for the first start
        held.release.set()
        first.join(20)
        second.join(20)
    finally:
        held.release.set()
        other.close()
    assert started["a"].id == started["b"].id
    assert len(training.history(store=store, person_id=person.person.id, limit=10)) == 1


def test_the_batch_reading_decides_exactly_as_one_session_at_a_time(store, person, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL reads every session of a batch in two statements (``batch_guards``):
    two writers (two app processes, in effect) taking turns on three sessions, with red
    sets (and a 5, which is not red, before one), a rising pain on one exercise and a
    stop, give the same numbers and answers as
    the statement-per-set path (``batch_guards`` switched off). On SQLite both runs take
    the same path, and must agree too."""
    from spinewise.store.workouts import BatchReading, WorkoutRepository

    plan = [  # (writer, session, exercise, pain) per batch
        [(0, 0, "goblet_squat", 2), (0, 1, "goblet_squat", 3), (0, 2, "bird_dog", 2)],
        [(1, 0, "goblet_squat", 4), (1, 1, "bird_dog", 6), (1, 2, "bird_dog", 5)],
        [(0, 0, "goblet_squat", 6), (0, 1, "goblet_squat", 5), (0, 0, "bird_dog", 2), (0, 2, "goblet_squat", 6)],
        [(1, 1, "bird_dog", 6), (1, 0, "goblet_squat", 6), (1, 2, "goblet_squat", 2)],
        [(0, 1, "goblet_squat", 2), (0, 2, "bird_dog", 2), (0, 0, "bird_dog", 3)],
    ]

    def run(day_offset: int) -> list[Any]:
        from datetime import timedelta

        sessions = [training.start_session(store=store, person_id=person.person.id,
                                           on=MONDAY + timedelta(days=day_offset + k), baseline_pain=2).id
                    for k in range(3)]
        writers = [training.SetTallies(), training.SetTallies()]
        seen: list[Any] = []
        for number, batch in enumerate(plan):
            pending = [training.prepare_set(session_id=sessions[s], client_id=f"{number}-{k}", exercise=ex,
                                            reps=8, load=12, pain=pain)
                       for k, (_w, s, ex, pain) in enumerate(batch)]
            outcomes = training.record_sets(store=store, tallies=writers[batch[0][0]], pending=pending)
            seen.extend((o.logged.number, o.decision["action"], [r.get("rule") for r in o.decision["rules"]])
                        if isinstance(o, training.SetOutcome) else type(o).__name__ for o in outcomes)
        return seen

    batched = run(0)
    monkeypatch.setattr(WorkoutRepository, "batch_guards", lambda self, ids, pairs: BatchReading({}, set()))
    one_by_one = run(7)
    assert batched == one_by_one
    assert "ConflictError" in batched  # a session stopped, and a later set refused
    assert any(action != "continue" for *_n, action, _r in (s for s in batched if isinstance(s, tuple)))
