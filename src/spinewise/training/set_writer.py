"""Group commit for logged sets: one transaction per batch of the sets waiting.

This is about the database (SQLite and PostgreSQL), not HTTP: it lives with the use
case it batches (``training.sets.record_sets``) and imports no web framework. The web
app only creates one writer for itself and closes it when it stops
(``web.state.get_set_writer``, ``web.state.close_store``).

Sets that arrive while a batch is being stored wait; the next transaction takes
everything waiting (up to ``MAX_BATCH``) and stores it with ``training.record_sets``,
so a commit (and, with ``synchronous=FULL``, its fsync) is shared by every set in the
batch instead of paid by each. There is no timer: a lone set is written at once, and
batches grow only when sets arrive faster than commits finish.

Every request waits for its own result, which is handed back only after the commit
has returned: an answered set is a stored set. A set that fails (an unknown or ended
session) gets its own error and does not affect the others; if the database refuses
a batch, ``record_sets`` retries its sets one by one (see there). The writer also
owns the sessions' running tallies (``training.SetTallies``), which nothing else
touches.

Two writers, chosen by ``make_set_writer``:

- ``LoopSetWriter``, for SQLite (a file): the batch is
  written in the event loop itself, once per turn of the loop, on a connection that
  never waits for the write lock, never checkpoints and never syncs the disk itself
  (``synchronous=NORMAL`` on that connection). A commit there only appends
  to the write-ahead log in the operating system's cache (tens of microseconds), so
  handing it to a thread cost more than it saved: the wake-ups and the two threads
  taking turns with Python's GIL were most of a set's latency (docs/benchmarks.md).
  When another connection holds the lock (a page saving a check-in, a second
  process), the batch is tried again a moment later while the loop serves others;
  checkpoints (which do sync the disk) run on a thread (``store.wal.Checkpointer``).
  With ``synchronous=FULL`` the same writer also makes every answer survive a power
  cut: after each commit, the log is synced (``store.wal.sync_log``) on a thread, and
  the batch is answered once that sync has returned. Batches committed meanwhile wait
  for the next sync, so one fsync covers every commit made while the last one ran.
  (Other connections can read a set in the moment between its commit and that sync,
  as under ``NORMAL``; its sender hears back only once it is on the disk.)
- ``ThreadSetWriter``, for PostgreSQL (a network round trip per statement): a writer
  thread, so the loop never waits on the network; ``SessionShardedWriter`` runs
  several when ``SPINEWISE_POSTGRES_WRITERS`` asks (1 by default), each session's sets
  on the same one, so the round trips of different sessions overlap.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol

from spinewise.store.unit_of_work import DatabaseBusy, StorageError
from spinewise.store.wal import sync_log
from spinewise.training.sets import PendingSet, SetOutcome, SetTallies, record_sets

if TYPE_CHECKING:
    from spinewise.config import Settings
    from spinewise.store.unit_of_work import Store
    from spinewise.store.wal import Checkpointer

log = logging.getLogger("spinewise.training")

MAX_BATCH = 256
"""At most this many sets per transaction (a batch is bounded by what is waiting)."""

_Job = tuple[PendingSet, "asyncio.Future[SetOutcome]", asyncio.AbstractEventLoop]


class SetWriter(Protocol):
    """What the set-logging route needs of a writer."""

    @property
    def batches(self) -> int: ...

    async def log(self, pending: PendingSet) -> SetOutcome: ...

    def close(self, timeout: float = 10.0) -> None: ...


def make_set_writer(open_store: Callable[[], Store], settings: Settings) -> SetWriter:
    """The writer for this database (see the module docstring for why two): the loop
    writer for a SQLite file, syncing the log before each answer under ``FULL``; the
    thread writer for PostgreSQL (and a SQLite database that is not a plain file)."""
    from spinewise.store.engine import normalise_url
    from spinewise.store.wal import log_path

    if normalise_url(settings.database_url).get_backend_name() != "sqlite":
        shards = settings.postgres_writers
        return SessionShardedWriter(open_store, writers=shards) if shards > 1 else ThreadSetWriter(open_store)
    if settings.sqlite_synchronous == "NORMAL":
        return LoopSetWriter(open_store)
    wal = log_path(settings.database_url)
    return LoopSetWriter(open_store, durable_log=wal) if wal else ThreadSetWriter(open_store)


_Answer = tuple["asyncio.Future[SetOutcome]", Any]
"""A waiting request and what it will hear: its outcome or its error."""


def _settle(done: Iterable[_Answer]) -> None:
    for future, result in done:
        if future.done():  # the request went away (the set is stored all the same)
            continue
        if isinstance(result, BaseException):
            future.set_exception(result)
        else:
            future.set_result(result)


class ThreadSetWriter:
    """A set writer on a daemon thread of its own (started on first use)."""

    def __init__(self, open_store: Callable[[], Store], *, max_batch: int = MAX_BATCH) -> None:
        self._open_store = open_store
        self.max_batch = max_batch
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._tallies = SetTallies(own_connection=True)
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._closed = False
        self.batches = 0
        """Transactions committed so far (for tests and benchmarks)."""

    async def log(self, pending: PendingSet) -> SetOutcome:
        """Store a checked set with whatever else is waiting; its outcome once committed.
        Raises what ``record_sets`` gave for this set (``NotFoundError``, ``ConflictError``,
        ``StorageError``)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[SetOutcome] = loop.create_future()
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
            results = list(record_sets(store=self._open_store(), pending=[j[0] for j in batch],
                                                tallies=self._tallies))
            self.batches += 1
        except BaseException as exc:  # a bug or a store that cannot open: every waiter hears it
            log.exception("set writer: a batch of %d sets failed", len(batch))
            results = [exc] * len(batch)
        by_loop: dict[asyncio.AbstractEventLoop, list[_Answer]] = {}
        for (_pending, future, loop), result in zip(batch, results, strict=True):
            by_loop.setdefault(loop, []).append((future, result))
        for loop, done in by_loop.items():
            with contextlib.suppress(RuntimeError):  # a closed event loop: nobody is waiting
                loop.call_soon_threadsafe(_settle, done)  # one wake-up per batch, not per set


class SessionShardedWriter:
    """Several ``ThreadSetWriter`` threads, for PostgreSQL: each set goes to the thread
    of its session (``session_id % len``), so a session's sets are still stored in order
    by one writer with its own tallies, while sets of different sessions are stored side
    by side. On PostgreSQL a set costs a few network round trips (the session's row
    locked, its count, the insert) that one thread could only make one after another;
    the database takes concurrent writers of different sessions without waiting (each
    locks only its own session's row)."""

    def __init__(self, open_store: Callable[[], Store], *, writers: int = 4,
                 max_batch: int = MAX_BATCH) -> None:
        self._writers = [ThreadSetWriter(open_store, max_batch=max_batch) for _ in range(writers)]

    @property
    def batches(self) -> int:
        """Transactions committed so far by all the threads (for tests and benchmarks)."""
        return sum(w.batches for w in self._writers)

    async def log(self, pending: PendingSet) -> SetOutcome:
        return await self._writers[pending.session_id % len(self._writers)].log(pending)

    def close(self, timeout: float = 10.0) -> None:
        for writer in self._writers:
            writer.close(timeout)


def _answers(batch: Sequence[tuple[PendingSet, asyncio.Future[SetOutcome]]],
             results: Sequence[Any]) -> list[_Answer]:
    return [(future, result) for (_pending, future), result in zip(batch, results, strict=True)]


def _not_on_disk(waiting: list[_Answer], failure: BaseException) -> list[_Answer]:
    """Stored, but perhaps not on the disk (the sync failed): a 503 for each; sending the
    set again replays it, and syncs again."""
    error = StorageError(f"the set may not be on the disk yet ({failure}); send it again")
    return [(future, error) for future, _result in waiting]


LOCK_RETRY_S = 0.002
"""How soon ``LoopSetWriter`` tries again when another connection holds the write lock."""


class LoopSetWriter:
    """A set writer that commits in the event loop (SQLite; see the module docstring).

    Sets logged during one turn of the loop are stored together right after it, in
    the order they came. If another connection holds SQLite's write lock, the batch
    waits (the loop does not) and is tried again every ``LOCK_RETRY_S``, for up to
    ``lock_timeout`` seconds, the same patience as every other connection's busy
    timeout; then its sets hear ``DatabaseBusy`` (a 503, nothing stored). Use it
    from one event loop at a time.
    """

    def __init__(self, open_store: Callable[[], Store], *, max_batch: int = MAX_BATCH,
                 lock_timeout: float | None = None, checkpoint_every: int = 1000,
                 durable_log: str | None = None) -> None:
        from spinewise.store.engine import SQLITE_BUSY_TIMEOUT_MS

        self._open_store = open_store
        self.max_batch = max_batch
        self.lock_timeout = SQLITE_BUSY_TIMEOUT_MS / 1000 if lock_timeout is None else lock_timeout
        self.checkpoint_every = checkpoint_every
        """Ask for a checkpoint after this many sets (about as often as SQLite's own
        1,000-page threshold would run one)."""
        self._tallies = SetTallies(own_connection=True, wait_for_lock=False)
        self._waiting: deque[tuple[PendingSet, asyncio.Future[SetOutcome]]] = deque()
        self._scheduled = False
        self._busy_since: float | None = None
        self._checkpointer: Checkpointer | None = None
        self._since_checkpoint = 0
        self._closed = False
        self.durable_log = durable_log
        """The write-ahead log to sync before answering (``synchronous=FULL``), or None."""
        self._unsynced: list[_Answer] = []
        self._syncing = False
        self._sync_pool: ThreadPoolExecutor | None = None
        self.syncs = 0
        """Syncs of the log so far (for tests)."""
        self.batches = 0
        """Transactions committed so far (for tests and benchmarks)."""
        self.lock_retries = 0
        """Times a batch found the write lock taken and waited (for tests)."""

    async def log(self, pending: PendingSet) -> SetOutcome:
        """Store a checked set with the others of this turn of the loop; its outcome once
        committed. Raises what ``record_sets`` gave for this set (``NotFoundError``,
        ``ConflictError``, ``StorageError``)."""
        if self._closed:
            raise StorageError("the app is shutting down; nothing was saved, send the set again")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[SetOutcome] = loop.create_future()
        self._waiting.append((pending, future))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._flush, loop)
        return await future

    def _flush(self, loop: asyncio.AbstractEventLoop) -> None:
        self._scheduled = False
        waiting = self._waiting
        while waiting:
            batch = [waiting.popleft() for _ in range(min(self.max_batch, len(waiting)))]
            results: list[Any]
            try:
                results = list(record_sets(store=self._open_store(), pending=[p for p, _ in batch],
                                                    tallies=self._tallies))
            except DatabaseBusy as exc:
                now = loop.time()
                self._busy_since = self._busy_since if self._busy_since is not None else now
                if now - self._busy_since < self.lock_timeout and not self._closed:
                    waiting.extendleft(reversed(batch))  # first in line, in the same order
                    self.lock_retries += 1
                    self._scheduled = True
                    loop.call_later(LOCK_RETRY_S, self._flush, loop)
                    return
                self._busy_since = None
                results = [exc] * len(batch)
            except BaseException as exc:  # a bug or a store that cannot open: every waiter hears it
                log.exception("set writer: a batch of %d sets failed", len(batch))
                results = [exc] * len(batch)
            else:
                self._busy_since = None
                self.batches += 1
                self._after_commit(len(batch))
                if self.durable_log is not None:  # answered once the log is on the disk
                    self._unsynced.extend(_answers(batch, results))
                    self._sync(loop)
                    continue
            _settle(_answers(batch, results))

    def _sync(self, loop: asyncio.AbstractEventLoop) -> None:
        """Sync the log on the sync thread for every commit not yet synced; one at a time."""
        if self._syncing or not self._unsynced or self.durable_log is None:
            return
        self._syncing = True
        waiting, self._unsynced = self._unsynced, []
        if self._sync_pool is None:
            self._sync_pool = ThreadPoolExecutor(1, thread_name_prefix="spinewise-log-sync")
        done = loop.run_in_executor(self._sync_pool, sync_log, self.durable_log)
        done.add_done_callback(lambda finished: self._synced(loop, waiting, finished))

    def _synced(self, loop: asyncio.AbstractEventLoop,
                waiting: list[_Answer],
                finished: asyncio.Future[None]) -> None:
        self._syncing = False
        self.syncs += 1
        failed = finished.exception()
        if failed is not None:
            log.error("set writer: syncing the log failed: %s", failed)
            waiting = _not_on_disk(waiting, failed)
        _settle(waiting)
        self._sync(loop)

    def _after_commit(self, sets: int) -> None:
        self._since_checkpoint += sets
        if self._since_checkpoint >= self.checkpoint_every:
            self._since_checkpoint = 0
            if self._checkpointer is None:
                from spinewise.store.wal import Checkpointer

                self._checkpointer = Checkpointer(self._open_store().engine)
            self._checkpointer.request()

    def close(self, timeout: float = 10.0) -> None:
        """Store what is still waiting (one try; under ``FULL``, synced before it is
        answered), then let go of the connection and stop the threads."""
        self._closed = True
        answers: list[_Answer] = []
        if self._waiting:
            pending = list(self._waiting)
            self._waiting.clear()
            try:
                results: list[Any] = list(record_sets(
                    store=self._open_store(), pending=[p for p, _ in pending], tallies=self._tallies))
            except BaseException as exc:
                results = [exc] * len(pending)
            (self._unsynced if self.durable_log is not None else answers).extend(_answers(pending, results))
        if self._unsynced and self.durable_log is not None:
            waiting, self._unsynced = self._unsynced, []
            try:
                sync_log(self.durable_log)
            except OSError as exc:
                waiting = _not_on_disk(waiting, exc)
            answers.extend(waiting)
        for future, result in answers:
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody is waiting
                future.get_loop().call_soon_threadsafe(_settle, [(future, result)])
        if self._sync_pool is not None:
            self._sync_pool.shutdown(wait=True)
        self._tallies.close()
        if self._checkpointer is not None:
            self._checkpointer.close(timeout)
