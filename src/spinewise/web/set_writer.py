"""Group commit for logged sets: one writer thread, one transaction per batch.

Sets logged while a transaction is being committed wait in a queue; the writer
takes everything waiting (up to ``MAX_BATCH``) and stores it with
``training.record_sets`` in one transaction, so a commit (and, with
``synchronous=FULL``, its fsync) is shared by every set in the batch instead of paid
by each. There is no timer: a lone set is written at once, and batches grow only
when sets arrive faster than commits finish.

Every request waits for its own result, which is handed back only after the commit
has returned: an answered set is a stored set. A set that fails (an unknown or ended
session) gets its own error and does not affect the others; if the database refuses
a batch, ``record_sets`` retries its sets one by one (see there). The writer also
owns the sessions' running tallies (``training.SetTallies``), which no other thread
touches.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from spinewise import training

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store

log = logging.getLogger("spinewise.web")

MAX_BATCH = 256
"""At most this many sets per transaction (a batch is bounded by what is waiting)."""

_Job = tuple[training.PendingSet, "asyncio.Future[training.SetOutcome]", asyncio.AbstractEventLoop]


def _settle(done: list[tuple[asyncio.Future[training.SetOutcome], Any]]) -> None:
    for future, result in done:
        if future.done():  # the request went away (the set is stored all the same)
            continue
        if isinstance(result, BaseException):
            future.set_exception(result)
        else:
            future.set_result(result)


class SetWriter:
    """The app's one set writer (a daemon thread started on first use)."""

    def __init__(self, open_store: Callable[[], Store], *, max_batch: int = MAX_BATCH) -> None:
        self._open_store = open_store
        self.max_batch = max_batch
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._tallies = training.SetTallies(own_connection=True)
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._closed = False
        self.batches = 0
        """Transactions committed so far (for tests and benchmarks)."""

    async def log(self, pending: training.PendingSet) -> training.SetOutcome:
        """Store a checked set with whatever else is waiting; its outcome once committed.
        Raises what ``record_sets`` gave for this set (``NotFoundError``, ``InputError``,
        ``StorageError``)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[training.SetOutcome] = loop.create_future()
        if self._thread is None:
            self._start()
        self._jobs.put((pending, future, loop))
        return await future

    def _start(self) -> None:
        with self._start_lock:
            if self._closed:
                raise RuntimeError("the set writer is closed")
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="spinewise-set-writer", daemon=True)
                self._thread.start()

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued, then stop the thread."""
        with self._start_lock:
            self._closed = True
            thread = self._thread
        if thread is not None:
            self._jobs.put(None)
            thread.join(timeout)
        self._tallies.close()

    def _run(self) -> None:
        jobs = self._jobs
        running = True
        while running:
            first = jobs.get()
            if first is None:
                break
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    job = jobs.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    running = False
                    break
                batch.append(job)
            self._write(batch)

    def _write(self, batch: Sequence[_Job]) -> None:
        results: list[Any]
        try:
            results = list(training.record_sets(store=self._open_store(), pending=[j[0] for j in batch],
                                                tallies=self._tallies))
            self.batches += 1
        except BaseException as exc:  # a bug or a store that cannot open: every waiter hears it
            log.exception("set writer: a batch of %d sets failed", len(batch))
            results = [exc] * len(batch)
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[training.SetOutcome], Any]]] = {}
        for (_pending, future, loop), result in zip(batch, results, strict=True):
            by_loop.setdefault(loop, []).append((future, result))
        for loop, done in by_loop.items():
            with contextlib.suppress(RuntimeError):  # a closed event loop: nobody is waiting
                loop.call_soon_threadsafe(_settle, done)  # one wake-up per batch, not per set
