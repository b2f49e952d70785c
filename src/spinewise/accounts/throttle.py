"""Log-in throttling: after ``MAX_PER_EMAIL`` failures for one email, or
``MAX_PER_ADDRESS`` from one address, within ``WINDOW_SECONDS``, further attempts are
refused (429, ``Retry-After``) until the oldest failure leaves the window. A success
clears the email's count.

The failures are kept in the database (``login_attempts``), so every app process
behind one database (``spinewise serve --workers N``, or several servers) counts the
same guesses: N processes do not give N times as many. Only a SHA-256 of the email and
of the address is stored, and rows older than the window are deleted as new failures
arrive.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from spinewise.accounts.errors import TooManyAttempts
from spinewise.store.login_attempts import LoginAttempts

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store

WINDOW_SECONDS = 15 * 60
MAX_PER_EMAIL = 5
MAX_PER_ADDRESS = 30


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _key_hash(kind: str, key: str) -> str:
    return hashlib.sha256(f"{kind}:{key}".encode("utf-8", "surrogatepass")).hexdigest()


class LoginThrottle:
    """The failed log-ins of one database, counted per email and per address.

    ``clock`` gives the current UTC time (naive), the same in every process that shares
    the database (a wall clock: a monotonic one is per process)."""

    def __init__(self, store: Store, *, clock: Callable[[], datetime] = _utc_now, window: float = WINDOW_SECONDS,
                 per_email: int = MAX_PER_EMAIL, per_address: int = MAX_PER_ADDRESS) -> None:
        self.store = store
        self.clock = clock
        self.window = timedelta(seconds=window)
        self.limits = {"email": per_email, "address": per_address}

    def check(self, email: str, address: str) -> None:
        """Raise ``TooManyAttempts`` when either count is at its limit."""
        now = self.clock()
        since = now - self.window
        with self.store.reading() as tx:
            attempts = LoginAttempts(tx.conn)
            for kind, key in (("email", email), ("address", address)):
                count, oldest = attempts.recent(kind=kind, key_hash=_key_hash(kind, key), since=since)
                if count >= self.limits[kind] and oldest is not None:
                    raise TooManyAttempts(int((oldest + self.window - now).total_seconds()) + 1)

    def failed(self, email: str, address: str) -> None:
        """Count a failure for the email and the address; forget failures past the window."""
        now = self.clock()
        with self.store.transaction() as tx:
            attempts = LoginAttempts(tx.conn)
            attempts.prune(before=now - self.window)
            attempts.add([(kind, _key_hash(kind, key)) for kind, key in (("email", email), ("address", address))],
                         at=now)

    def succeeded(self, email: str) -> None:
        with self.store.transaction() as tx:
            LoginAttempts(tx.conn).clear(kind="email", key_hash=_key_hash("email", email))
