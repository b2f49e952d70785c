"""Password hashing: Argon2id (argon2-cffi).

``STANDARD`` is RFC 9106's second recommended profile (and argon2-cffi's default):
3 passes over 64 MiB with 4 lanes. Measured on the development machine (2 shared
cores, 2026-12-02): about 280 ms per hash, inside the 50-500 ms a log-in may take by
design (docs/accounts.md). It costs an attacker holding a stolen database as much
per guess, and 64 MiB of memory per guess rules out cheap GPU farms; the log-in
throttle keeps the server from being asked for many at once.

``FAST`` is for the test suite only (settings built in code; no environment variable
selects it): every hash still names its own parameters, so a password hashed either
way is checked correctly either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
"""Longer than any pass phrase; stops a megabyte "password" from costing a megabyte hash."""


@dataclass(frozen=True, slots=True)
class Argon2Cost:
    time_cost: int
    memory_kib: int
    parallelism: int


STANDARD = Argon2Cost(time_cost=3, memory_kib=64 * 1024, parallelism=4)
FAST = Argon2Cost(time_cost=1, memory_kib=8 * 1024, parallelism=1)
COSTS = {"standard": STANDARD, "fast": FAST}


@cache
def hasher(cost: Argon2Cost = STANDARD) -> PasswordHasher:
    return PasswordHasher(time_cost=cost.time_cost, memory_cost=cost.memory_kib,
                          parallelism=cost.parallelism, type=Type.ID)


def hash_password(password: str, cost: Argon2Cost = STANDARD) -> str:
    return hasher(cost).hash(password)


def password_matches(stored_hash: str, password: str, cost: Argon2Cost = STANDARD) -> bool:
    """Whether ``password`` is the one hashed (any Argon2 parameters)."""
    try:
        return hasher(cost).verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@cache
def dummy_hash(cost: Argon2Cost = STANDARD) -> str:
    """A hash to check a password against when the email is unknown, so that answer
    takes as long as a wrong password for a known email."""
    return hash_password("not the password of anyone at all", cost)
