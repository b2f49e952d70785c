"""Several set-writer threads (``SessionShardedWriter``, on PostgreSQL when
``SPINEWISE_POSTGRES_WRITERS`` asks): each
session's sets go to one thread, so they are stored once each, numbered in the order
they came and decided with the sets before them, while different sessions' sets are
stored side by side; two processes writing the same session still count each other's."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from spinewise import training
from spinewise.config import load_settings
from spinewise.training.set_writer import SessionShardedWriter, ThreadSetWriter
from tests.conftest import run_async

from .conftest import MONDAY


def _pending(session_id: int, client_id: str, pain: int = 2) -> training.PendingSet:
    return training.prepare_set(session_id=session_id, client_id=client_id, exercise="goblet_squat",
                                reps=8, load=12, pain=pain)


def _rows(store: Any, session_id: int) -> list[Any]:
    with store.reading() as tx:
        return tx.workouts.sets_of([session_id])


def test_each_session_keeps_its_order_while_sessions_are_stored_side_by_side(store, person) -> None:  # type: ignore[no-untyped-def]
    sessions = [training.start_session(store=store, person_id=person.person.id, on=MONDAY + timedelta(days=n),
                                       baseline_pain=2, free=True).id for n in range(6)]
    writer = SessionShardedWriter(lambda: store, writers=3)
    # per session: two calm sets, a red one, a retry of the first, another red (which ends it), one more
    plan = [("a", 2), ("b", 2), ("c", 6), ("a", 2), ("d", 6), ("e", 2)]

    async def scenario() -> list[list[Any]]:
        async def one_session(session_id: int) -> list[Any]:
            answers = []
            for client_id, pain in plan:  # one phone: each set after the last was answered
                try:
                    answers.append(await writer.log(_pending(session_id, client_id, pain)))
                except Exception as exc:  # the set after the session was stopped
                    answers.append(exc)
            return answers
        return list(await asyncio.gather(*(one_session(s) for s in sessions)))

    try:
        results = run_async(scenario())
    finally:
        writer.close()
    assert writer.batches >= 1
    for session_id, answers in zip(sessions, results, strict=True):
        assert [getattr(a, "replayed", None) for a in answers[:5]] == [False, False, False, True, False]
        assert answers[4].decision["action"] == "end_session"  # the second red set, seen after the first
        assert getattr(answers[5], "field", None) == "session_id"  # stopped: the last set is refused
        rows = _rows(store, session_id)
        assert [(r.client_id, r.number) for r in rows] == [("a", 1), ("b", 2), ("c", 3), ("d", 4)]


def test_postgres_gets_one_writer_unless_told_more(monkeypatch: pytest.MonkeyPatch) -> None:
    from spinewise.training.set_writer import make_set_writer

    url = "postgresql://u:p@127.0.0.1:1/db"
    assert isinstance(make_set_writer(lambda: None, load_settings(url, environ={})),  # type: ignore[arg-type, return-value]
                      ThreadSetWriter)
    four = load_settings(url, environ={"SPINEWISE_POSTGRES_WRITERS": "4"})
    assert isinstance(make_set_writer(lambda: None, four), SessionShardedWriter)  # type: ignore[arg-type, return-value]
    from spinewise.domain.errors import InputError

    with pytest.raises(InputError) as caught:
        load_settings(url, environ={"SPINEWISE_POSTGRES_WRITERS": "0"})
    assert caught.value.field == "SPINEWISE_POSTGRES_WRITERS"


def test_a_writer_recounts_a_session_another_process_wrote_to(store, db_url, person) -> None:  # type: ignore[no-untyped-def]
    """The tally kept from the writer's last set is counted again (not read whole) when
    another process stored sets since: numbers follow on, and red sets from there count."""
    session = training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2, free=True)
    tallies = training.SetTallies()
    first = training.record_sets(store=store, tallies=tallies, pending=[_pending(session.id, "w1")])[0]
    assert first.logged.number == 1  # type: ignore[union-attr]
    other = training.open_store(load_settings(db_url))
    try:
        training.log_set(store=other, session_id=session.id, client_id="o1", exercise="goblet_squat",
                         reps=8, load=12, pain=6)
    finally:
        other.close()
    second = training.record_sets(store=store, tallies=tallies, pending=[_pending(session.id, "w2", pain=6)])[0]
    assert second.logged.number == 3  # type: ignore[union-attr]
    assert second.decision["action"] == "end_session"  # type: ignore[union-attr]  # the other's red set counted
    tallies.close()
