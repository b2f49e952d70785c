"""Accounts, browser sessions and access tokens (the stored side; the rules about them,
hashing and expiry, live in ``spinewise.accounts``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, func, select, update

from spinewise.store.tables import access_tokens, accounts, calendar_feeds, login_sessions, people


@dataclass(frozen=True, slots=True)
class Account:
    """Who can log in. ``role`` is ``lifter`` or ``coach``."""

    id: int
    email: str
    role: str
    name: str | None
    created_at: datetime
    password_hash: str

    def to_json(self) -> dict[str, Any]:
        """The account as shown to its owner (never the password hash)."""
        return {"id": self.id, "email": self.email, "role": self.role, "name": self.name,
                "created_at": self.created_at.isoformat()}


@dataclass(frozen=True, slots=True)
class LoginSession:
    """A logged-in browser: its account, its CSRF token and the intake draft it keeps."""

    id_hash: str
    account_id: int
    csrf_token: str
    expires_at: datetime
    draft: dict[str, Any] | None


def _account(row: Row[Any]) -> Account:
    return Account(id=row.id, email=row.email, role=row.role, name=row.name, created_at=row.created_at,
                   password_hash=row.password_hash)


class AccountRepository:
    """Accounts, their browser sessions and their access tokens."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # --- accounts ---------------------------------------------------------------------

    def count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(accounts)).scalar_one())

    def add(self, *, email: str, password_hash: str, role: str, name: str | None, now: datetime) -> Account:
        """A new account. The first account of a database takes every person stored
        without an owner (a database from before accounts, or people the command line
        made): it becomes their owner."""
        first = self.count() == 0
        ident: int = self.conn.execute(accounts.insert().values(
            email=email, password_hash=password_hash, role=role, name=name, created_at=now,
            password_changed_at=now).returning(accounts.c.id)).scalar_one()
        if first:
            self.conn.execute(update(people).where(people.c.account_id.is_(None)).values(account_id=ident))
        return Account(id=ident, email=email, role=role, name=name, created_at=now, password_hash=password_hash)

    def by_email(self, email: str) -> Account | None:
        row = self.conn.execute(select(accounts).where(accounts.c.email == email)).fetchone()
        return None if row is None else _account(row)

    def get(self, account_id: int) -> Account | None:
        row = self.conn.execute(select(accounts).where(accounts.c.id == account_id)).fetchone()
        return None if row is None else _account(row)

    def all(self) -> list[Account]:
        return [_account(r) for r in self.conn.execute(select(accounts).order_by(accounts.c.id))]

    def set_password(self, account_id: int, password_hash: str, now: datetime) -> None:
        self.conn.execute(update(accounts).where(accounts.c.id == account_id)
                          .values(password_hash=password_hash, password_changed_at=now))

    def remove(self, account_id: int) -> None:
        """The account, its sessions and tokens (its people are removed by the caller)."""
        self.conn.execute(delete(login_sessions).where(login_sessions.c.account_id == account_id))
        self.conn.execute(delete(access_tokens).where(access_tokens.c.account_id == account_id))
        self.conn.execute(delete(calendar_feeds).where(calendar_feeds.c.account_id == account_id))
        self.conn.execute(delete(accounts).where(accounts.c.id == account_id))

    def person_ids(self, account_id: int) -> list[int]:
        """The people the account owns, oldest first (one, except for a database from
        before accounts whose several people all went to the first account)."""
        return [int(i) for i in self.conn.execute(
            select(people.c.id).where(people.c.account_id == account_id).order_by(people.c.id)).scalars()]

    def set_owner(self, person_id: int, account_id: int) -> None:
        self.conn.execute(update(people).where(people.c.id == person_id).values(account_id=account_id))

    # --- browser sessions ---------------------------------------------------------------

    def add_session(self, *, id_hash: str, account_id: int, csrf_token: str, now: datetime,
                    expires_at: datetime) -> None:
        self.conn.execute(login_sessions.insert().values(
            id_hash=id_hash, account_id=account_id, csrf_token=csrf_token, created_at=now,
            expires_at=expires_at, draft=None))

    def session(self, id_hash: str) -> LoginSession | None:
        row = self.conn.execute(select(login_sessions).where(login_sessions.c.id_hash == id_hash)).fetchone()
        if row is None:
            return None
        return LoginSession(id_hash=row.id_hash, account_id=row.account_id, csrf_token=row.csrf_token,
                            expires_at=row.expires_at, draft=row.draft)

    def save_draft(self, id_hash: str, draft: dict[str, Any] | None) -> None:
        self.conn.execute(update(login_sessions).where(login_sessions.c.id_hash == id_hash).values(draft=draft))

    def remove_session(self, id_hash: str) -> None:
        self.conn.execute(delete(login_sessions).where(login_sessions.c.id_hash == id_hash))

    def remove_other_sessions(self, account_id: int, keep: str | None) -> None:
        """Every session of the account but ``keep`` (after a password change)."""
        query = delete(login_sessions).where(login_sessions.c.account_id == account_id)
        if keep is not None:
            query = query.where(login_sessions.c.id_hash != keep)
        self.conn.execute(query)

    def remove_expired(self, now: datetime) -> None:
        self.conn.execute(delete(login_sessions).where(login_sessions.c.expires_at <= now))
        self.conn.execute(delete(access_tokens).where(access_tokens.c.expires_at <= now))

    # --- access tokens ----------------------------------------------------------------------

    def add_token(self, *, token_hash: str, account_id: int, now: datetime, expires_at: datetime) -> None:
        self.conn.execute(access_tokens.insert().values(token_hash=token_hash, account_id=account_id,
                                                        created_at=now, expires_at=expires_at))

    def token(self, token_hash: str) -> tuple[int, datetime] | None:
        """(account id, expiry) of a token, or ``None`` when it is unknown or revoked."""
        row = self.conn.execute(select(access_tokens.c.account_id, access_tokens.c.expires_at)
                                .where(access_tokens.c.token_hash == token_hash)).fetchone()
        return None if row is None else (int(row[0]), row[1])

    def remove_token(self, token_hash: str) -> None:
        self.conn.execute(delete(access_tokens).where(access_tokens.c.token_hash == token_hash))

    def remove_tokens(self, account_id: int) -> None:
        self.conn.execute(delete(access_tokens).where(access_tokens.c.account_id == account_id))

    # --- the calendar subscription link ---------------------------------------------------

    def set_calendar_feed(self, *, account_id: int, token_hash: str, now: datetime) -> None:
        """The account's one calendar link, replacing any earlier one."""
        self.conn.execute(delete(calendar_feeds).where(calendar_feeds.c.account_id == account_id))
        self.conn.execute(calendar_feeds.insert().values(account_id=account_id, token_hash=token_hash,
                                                         created_at=now))

    def calendar_feed_made(self, account_id: int) -> datetime | None:
        """When the account's calendar link was made, or ``None`` without one."""
        made: datetime | None = self.conn.execute(
            select(calendar_feeds.c.created_at).where(calendar_feeds.c.account_id == account_id)).scalar_one_or_none()
        return made

    def calendar_feed_account(self, token_hash: str) -> int | None:
        """The account whose calendar link has this secret's hash, or ``None``."""
        found = self.conn.execute(select(calendar_feeds.c.account_id)
                                  .where(calendar_feeds.c.token_hash == token_hash)).scalar_one_or_none()
        return None if found is None else int(found)

    def remove_calendar_feed(self, account_id: int) -> None:
        self.conn.execute(delete(calendar_feeds).where(calendar_feeds.c.account_id == account_id))
