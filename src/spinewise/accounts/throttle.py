"""Log-in throttling: after ``MAX_PER_EMAIL`` failures for one email, or
``MAX_PER_ADDRESS`` from one address, within ``WINDOW_SECONDS``, further attempts are
refused (429, ``Retry-After``) until the oldest failure leaves the window. Kept in the
process (each app process counts its own; with ``--workers N`` an attacker gets at most
N times as many guesses, still a handful per quarter hour). A success clears the email's
count."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from spinewise.accounts.errors import TooManyAttempts

WINDOW_SECONDS = 15 * 60
MAX_PER_EMAIL = 5
MAX_PER_ADDRESS = 30
MAX_KEYS = 10_000
"""Failures kept for at most this many emails and addresses (the oldest dropped)."""


class LoginThrottle:
    def __init__(self, *, clock: Callable[[], float] = time.monotonic, window: float = WINDOW_SECONDS,
                 per_email: int = MAX_PER_EMAIL, per_address: int = MAX_PER_ADDRESS) -> None:
        self.clock = clock
        self.window = window
        self.limits = {"email": per_email, "address": per_address}
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        found = self._failures.get(key)
        if found is None:
            return deque()
        while found and found[0] <= now - self.window:
            found.popleft()
        return found

    def check(self, email: str, address: str) -> None:
        """Raise ``TooManyAttempts`` when either count is at its limit."""
        now = self.clock()
        with self._lock:
            for key in (("email", email), ("address", address)):
                recent = self._recent(key, now)
                if len(recent) >= self.limits[key[0]]:
                    raise TooManyAttempts(int(recent[0] + self.window - now) + 1)

    def failed(self, email: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in (("email", email), ("address", address)):
                if key not in self._failures and len(self._failures) >= MAX_KEYS:
                    del self._failures[next(iter(self._failures))]
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, email: str) -> None:
        with self._lock:
            self._failures.pop(("email", email), None)
