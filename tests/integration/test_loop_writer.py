"""The event-loop set writer (``LoopSetWriter``, SQLite with ``synchronous=NORMAL``): sets
of one turn of the loop share one commit; a write lock held elsewhere makes the batch
wait without blocking the loop, and past the busy timeout each set hears a 503-kind
error with nothing stored; checkpoints run on their own thread; the writer's
connection settings never leak into the pool. Plus which writer an app gets."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from spinewise import training
from spinewise.config import load_settings
from spinewise.store.unit_of_work import DatabaseBusy
from spinewise.training.set_writer import (
    LoopSetWriter,
    SessionShardedWriter,
    ThreadSetWriter,
    make_set_writer,
)

from .conftest import MONDAY
from .test_group_commit import _pending, _rows, _run


@pytest.fixture
def sqlite_file(tmp_path: Path) -> str:
    return str(tmp_path / "loop.sqlite3")


@pytest.fixture
def store(sqlite_file: str) -> Any:
    opened = training.open_store(load_settings(f"sqlite:///{sqlite_file}"))
    yield opened
    opened.close()


@pytest.fixture
def session(store: Any, desk_worker: dict[str, Any]) -> Any:
    person = training.create_person(store=store, name="Ana", intake=desk_worker, start=MONDAY)
    return training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2)


def _hold_write_lock(path: str) -> sqlite3.Connection:
    """Another connection (another process, in effect) that holds the write lock."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_sets_of_one_turn_share_one_commit_in_order(store, session) -> None:  # type: ignore[no-untyped-def]
    writer = LoopSetWriter(lambda: store)
    ids = [f"s{n}" for n in range(12)] + ["s2"]

    async def scenario() -> list[Any]:
        return await asyncio.gather(*(writer.log(_pending(session.id, i)) for i in ids))

    try:
        outcomes = _run(scenario())
    finally:
        writer.close()
    assert writer.batches == 1
    assert [o.logged.client_id for o in outcomes] == ids
    assert [o.replayed for o in outcomes] == [False] * 12 + [True]
    assert [(r.client_id, r.number) for r in _rows(store, session.id)] == [(f"s{n}", n + 1) for n in range(12)]


def test_a_held_write_lock_delays_the_batch_without_blocking_the_loop(store, session, sqlite_file) -> None:  # type: ignore[no-untyped-def]
    writer = LoopSetWriter(lambda: store)
    other = _hold_write_lock(sqlite_file)

    async def scenario() -> tuple[list[Any], int]:
        logged = [asyncio.ensure_future(writer.log(_pending(session.id, f"w{n}"))) for n in range(3)]
        ticks = 0
        for _ in range(20):  # the loop keeps turning while the batch waits for the lock
            await asyncio.sleep(0.005)
            ticks += 1
        assert not any(f.done() for f in logged)  # nobody hears back before the commit
        other.execute("ROLLBACK")
        return await asyncio.gather(*logged), ticks

    try:
        outcomes, ticks = _run(scenario())
    finally:
        other.close()
        writer.close()
    assert ticks == 20 and writer.lock_retries > 0
    assert [o.logged.number for o in outcomes] == [1, 2, 3]
    assert [r.client_id for r in _rows(store, session.id)] == ["w0", "w1", "w2"]


def test_a_write_lock_held_past_the_timeout_fails_each_set_and_stores_none(store, session, sqlite_file) -> None:  # type: ignore[no-untyped-def]
    writer = LoopSetWriter(lambda: store, lock_timeout=0.05)
    other = _hold_write_lock(sqlite_file)

    async def scenario() -> list[Any]:
        return await asyncio.gather(*(writer.log(_pending(session.id, f"b{n}")) for n in range(4)),
                                    return_exceptions=True)

    try:
        started = time.monotonic()
        results = _run(scenario())
        waited = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert all(isinstance(r, DatabaseBusy) for r in results)
    assert waited < 2  # it gave up after its own timeout, not after the pool's 5 s
    assert _rows(store, session.id) == []
    # the lock is free again: the same writer goes on, and counts from the stored sets
    later = _run(writer.log(_pending(session.id, "after")))
    writer.close()
    assert later.logged.number == 1


def test_the_writer_connection_keeps_its_settings_to_itself(store, session) -> None:  # type: ignore[no-untyped-def]
    writer = LoopSetWriter(lambda: store)
    _run(writer.log(_pending(session.id, "one")))
    mine = writer._tallies.connection.connection.dbapi_connection
    assert mine.execute("PRAGMA busy_timeout").fetchone()[0] == 0
    assert mine.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    with store.engine.connect() as pooled:  # everybody else still waits for the lock
        raw = pooled.connection.dbapi_connection
        assert raw is not mine
        assert raw.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    writer.close()


def test_checkpoints_run_on_their_own_thread(store, session, sqlite_file) -> None:  # type: ignore[no-untyped-def]
    writer = LoopSetWriter(lambda: store, checkpoint_every=5)

    async def scenario() -> None:
        for n in range(4):
            await asyncio.gather(*(writer.log(_pending(session.id, f"c{n}-{k}")) for k in range(3)))

    _run(scenario())
    checkpointer = writer._checkpointer
    assert checkpointer is not None
    deadline = time.monotonic() + 10
    while checkpointer.checkpoints == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    writer.close()
    assert checkpointer.checkpoints >= 1
    assert len(_rows(store, session.id)) == 12


@pytest.mark.parametrize(("url", "synchronous", "kind"), [
    ("sqlite:///{tmp}/a.sqlite3", "NORMAL", LoopSetWriter),
    ("sqlite:///{tmp}/a.sqlite3", "FULL", LoopSetWriter),
    ("postgresql://u:p@127.0.0.1:1/db", "NORMAL", ThreadSetWriter),
    ("postgresql://u:p@127.0.0.1:1/db?writers=4", "NORMAL", SessionShardedWriter),
])
def test_each_database_gets_the_writer_that_suits_it(tmp_path, url, synchronous, kind) -> None:  # type: ignore[no-untyped-def]
    url, _, writers = url.partition("?writers=")
    environ = {"SPINEWISE_SQLITE_SYNCHRONOUS": synchronous, **({"SPINEWISE_POSTGRES_WRITERS": writers} if writers else {})}
    settings = load_settings(url.format(tmp=tmp_path), environ=environ)
    writer = make_set_writer(lambda: None, settings)  # type: ignore[arg-type, return-value]
    assert isinstance(writer, kind)
    if isinstance(writer, LoopSetWriter):  # FULL: the log is synced before each answer
        assert (writer.durable_log is not None) == (synchronous == "FULL")
        if writer.durable_log:
            assert writer.durable_log == str(tmp_path / "a.sqlite3") + "-wal"
    writer.close()


# --- synchronous=FULL: answered only once the log is on the disk ------------------------------


def test_under_full_each_answer_waits_for_a_sync_of_the_log(store, session, sqlite_file, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A batch committed while the last sync runs waits for the next one: nobody hears
    back before a sync that began after their commit has returned."""
    import threading

    from spinewise.training import set_writer

    real_sync = set_writer.sync_log
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def held_sync(path: str) -> None:
        calls.append(len(_rows(store, session.id)))  # what is committed when this sync starts
        started.set()
        assert release.wait(10)
        real_sync(path)

    monkeypatch.setattr(set_writer, "sync_log", held_sync)
    writer = LoopSetWriter(lambda: store, durable_log=sqlite_file + "-wal")

    async def scenario() -> list[Any]:
        first = asyncio.ensure_future(writer.log(_pending(session.id, "f1")))
        assert await asyncio.to_thread(started.wait, 10)  # batch 1 committed, its sync held
        later = [asyncio.ensure_future(writer.log(_pending(session.id, f"f{n}"))) for n in (2, 3)]
        await asyncio.sleep(0.05)
        assert writer.batches == 2  # batch 2 is committed too ...
        assert not first.done() and not any(f.done() for f in later)  # ... and nobody has heard back
        release.set()
        return await asyncio.gather(first, *later)

    try:
        outcomes = _run(scenario())
    finally:
        release.set()
        writer.close()
    assert [o.logged.number for o in outcomes] == [1, 2, 3]
    assert writer.syncs == 2 and calls == [1, 3]  # the second sync covered batch 2


def test_the_writer_connection_leaves_the_syncing_to_the_writer(store, session, sqlite_file) -> None:  # type: ignore[no-untyped-def]
    full = training.open_store(load_settings(f"sqlite:///{sqlite_file}", environ={"SPINEWISE_SQLITE_SYNCHRONOUS": "FULL"}))
    writer = LoopSetWriter(lambda: full, durable_log=sqlite_file + "-wal")
    try:
        assert _run(writer.log(_pending(session.id, "d1"))).logged.number == 1
        mine = writer._tallies.connection.connection.dbapi_connection
        assert mine.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: no sync inside the commit
        with full.engine.connect() as pooled:
            assert pooled.connection.dbapi_connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert writer.syncs == 1
    finally:
        writer.close()
        full.close()


def test_a_failed_sync_is_a_storage_error_and_sending_again_replays(store, session, sqlite_file, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from spinewise.store.unit_of_work import StorageError
    from spinewise.training import set_writer

    def broken_sync(_path: str) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(set_writer, "sync_log", broken_sync)
    writer = LoopSetWriter(lambda: store, durable_log=sqlite_file + "-wal")
    async def once() -> list[Any]:
        return await asyncio.gather(writer.log(_pending(session.id, "e1")), return_exceptions=True)

    results = _run(once())
    assert isinstance(results[0], StorageError) and "send it again" in str(results[0])
    monkeypatch.undo()
    again = _run(writer.log(_pending(session.id, "e1")))
    writer.close()
    assert again.replayed is True and again.logged.number == 1


@pytest.mark.parametrize("durable", [False, True])
def test_closing_writes_what_is_still_waiting(store, session, sqlite_file, durable) -> None:  # type: ignore[no-untyped-def]
    writer = LoopSetWriter(lambda: store, durable_log=sqlite_file + "-wal" if durable else None)

    async def scenario() -> list[Any]:
        logged = [asyncio.ensure_future(writer.log(_pending(session.id, f"z{n}"))) for n in range(2)]
        await asyncio.sleep(0)  # both are waiting; the turn's batch has not run yet
        assert len(writer._waiting) == 2
        writer.close()  # e.g. the app stopping: they are written (and synced) and answered
        return await asyncio.gather(*logged)

    outcomes = _run(scenario())
    assert [o.logged.number for o in outcomes] == [1, 2]
    assert [r.client_id for r in _rows(store, session.id)] == ["z0", "z1"]
