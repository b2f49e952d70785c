"""The calendar subscription link: a secret per-account address
(``/calendar/{secret}.ics``) that a phone's calendar fetches on its own, without logging
in, to keep the planned sessions up to date.

The secret is the only key, so it is long (32 random bytes), stored only as its SHA-256
(a copy of the database does not give the link away), shown to its owner once when it is
made, and replaced at will: making a new link ends the old one at once.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from spinewise.accounts.service import digest

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store

SECRET_BYTES = 32
MAX_SECRET_CHARS = 100
"""Longer text in the address is not a secret we made: refused without a database read."""


def make_calendar_link(*, store: Store, account_id: int) -> str:
    """A new secret for the account's calendar link (the old link stops working)."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    with store.transaction() as tx:
        tx.accounts.set_calendar_feed(account_id=account_id, token_hash=digest(secret),
                                      now=datetime.now(UTC).replace(tzinfo=None))
    return secret


def calendar_link_made(*, store: Store, account_id: int) -> datetime | None:
    """When the account's current calendar link was made; ``None`` without one."""
    with store.reading() as tx:
        return tx.accounts.calendar_feed_made(account_id)


def end_calendar_link(*, store: Store, account_id: int) -> None:
    with store.transaction() as tx:
        tx.accounts.remove_calendar_feed(account_id)


def calendar_link_person(*, store: Store, secret: str) -> int | None:
    """The person whose calendar this secret opens, or ``None`` for a secret that is not
    a current link (or an account with no person yet): the caller answers both alike."""
    if not secret or len(secret) > MAX_SECRET_CHARS:
        return None
    with store.reading() as tx:
        account_id = tx.accounts.calendar_feed_account(digest(secret))
        if account_id is None:
            return None
        people = tx.accounts.person_ids(account_id)
    return people[0] if people else None
