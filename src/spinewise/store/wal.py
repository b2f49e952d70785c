"""Checkpoints of SQLite's write-ahead log, on a thread of their own.

Under WAL, commits append to ``<db>-wal``; a checkpoint copies those pages back into
the database file and, with ``synchronous=NORMAL``, syncs both to the disk. SQLite
runs one inside whichever commit finds the log past 1,000 pages. The web app's set
writer commits in the event loop (``training.set_writer.LoopSetWriter``), where a disk
sync would stall every request, so its connection never checkpoints and asks this
thread instead. A ``PASSIVE`` checkpoint takes no write lock: writers carry on meanwhile.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from sqlalchemy import Engine

log = logging.getLogger("spinewise.store")

CHECKPOINT_PAUSE_S = 0.25
"""At most about four checkpoints a second, however fast sets arrive."""


def log_path(database_url: str) -> str | None:
    """The write-ahead log of a SQLite file database (``<file>-wal``); ``None`` for
    anything else (PostgreSQL, in-memory databases)."""
    from spinewise.store.engine import normalise_url, sqlite_file

    file = sqlite_file(normalise_url(database_url))
    return None if file is None else f"{file}-wal"


def sync_log(path: str) -> None:
    """Make everything written to the write-ahead log so far durable (``fsync``): what
    ``synchronous=FULL`` does inside each commit, done once for a whole group of
    commits. The log file keeps its inode while any connection is open (a restart of
    the log overwrites it from the start), so syncing the file covers every frame and
    header written before the call."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class Checkpointer:
    """Runs ``PRAGMA wal_checkpoint(PASSIVE)`` on a daemon thread when asked."""

    def __init__(self, engine: Engine, *, pause: float = CHECKPOINT_PAUSE_S) -> None:
        self._engine = engine
        self._pause = pause
        self._wanted = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.checkpoints = 0
        """Checkpoints run so far (for tests)."""

    def request(self) -> None:
        """Ask for a checkpoint soon (cheap: it only sets an event)."""
        if self._thread is None:
            with self._lock:
                if self._stop.is_set():
                    return
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="spinewise-wal-checkpoint",
                                                    daemon=True)
                    self._thread.start()
        self._wanted.set()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            if self._stop.is_set():
                return
            self._wanted.clear()
            self.checkpoint()
            if self._stop.wait(self._pause):  # a pause between checkpoints; stopping cuts it short
                return

    def checkpoint(self) -> None:
        """One passive checkpoint now (errors are logged, never raised: the log simply
        grows until the next one succeeds)."""
        try:
            with self._engine.connect() as conn:
                raw: Any = conn.connection.driver_connection  # sqlite3's own connection (untyped)
                raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            self.checkpoints += 1
        except Exception:
            log.exception("WAL checkpoint failed")

    def close(self, timeout: float = 10.0) -> None:
        """Stop the thread (a checkpoint under way finishes first)."""
        with self._lock:
            self._stop.set()
            thread = self._thread
        self._wanted.set()
        if thread is not None:
            thread.join(timeout)
