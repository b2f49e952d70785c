"""A set that cannot be stored never takes the sets committed beside it down: with one
row the database driver refuses (a lone surrogate in its notes, slipped past the checks
at the edge) in a batch of good ones, the good ones are stored and answered as usual,
and only the bad one's request hears an error. On SQLite and PostgreSQL, through
``record_sets`` and through both set writers."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest

from spinewise import training
from spinewise.training.set_writer import LoopSetWriter, ThreadSetWriter

from .test_group_commit import _pending, _rows, _run

BAD_NOTES = "sore \ud800"
"""Valid in a Python string, but not UTF-8: no database driver can send it."""


def _unstorable(session_id: int, client_id: str) -> training.PendingSet:
    """A set past ``prepare_set`` whose notes no database takes (the web edge refuses
    lone surrogates, so only a bug could bring one here)."""
    good = _pending(session_id, client_id)
    return dataclasses.replace(good, given=dataclasses.replace(good.given, notes=BAD_NOTES))


@pytest.fixture
def session(store: Any, person: Any) -> Any:
    from .conftest import MONDAY

    return training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2)


def test_a_row_the_driver_refuses_fails_alone_in_a_batch(store, session) -> None:  # type: ignore[no-untyped-def]
    results = training.record_sets(store=store, pending=[
        _pending(session.id, "good-1"), _unstorable(session.id, "bad"), _pending(session.id, "good-2")])
    assert isinstance(results[0], training.SetOutcome) and isinstance(results[2], training.SetOutcome)
    assert isinstance(results[1], Exception) and not isinstance(results[1], training.SetOutcome)
    assert [(r.client_id, r.number) for r in _rows(store, session.id)] == [("good-1", 1), ("good-2", 2)]


@pytest.mark.parametrize("writer_kind", ["thread", "loop"])
def test_a_writer_answers_each_request_of_a_batch_for_itself(store, db_url, session, writer_kind) -> None:  # type: ignore[no-untyped-def]
    if writer_kind == "loop" and not db_url.startswith("sqlite"):
        pytest.skip("the loop writer is for SQLite files")
    writer: Any = ThreadSetWriter(lambda: store) if writer_kind == "thread" else LoopSetWriter(lambda: store)
    pending = [_pending(session.id, "w1"), _pending(session.id, "w2"), _unstorable(session.id, "w-bad"),
               _pending(session.id, "w3"), _pending(session.id, "w4")]

    async def scenario() -> list[Any]:
        # logged in one turn of the loop: the writer takes them as one batch
        return await asyncio.gather(*(writer.log(p) for p in pending), return_exceptions=True)

    try:
        answers = _run(scenario())
    finally:
        writer.close()
    good = [a for i, a in enumerate(answers) if i != 2]
    assert all(isinstance(a, training.SetOutcome) and not a.replayed for a in good), answers
    assert isinstance(answers[2], Exception) and not isinstance(answers[2], training.SetOutcome)
    assert [r.client_id for r in _rows(store, session.id)] == ["w1", "w2", "w3", "w4"]
    assert [r.number for r in _rows(store, session.id)] == [1, 2, 3, 4]
