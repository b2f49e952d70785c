"""Accounts as use cases: create one, log in (a browser session or an access token),
change the password, export everything stored, erase it all.

Secrets (session ids, tokens) are random and handed out once; only their SHA-256 is
stored, so a copy of the database lets nobody in. Passwords are Argon2id hashes
(``passwords``).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, text

from spinewise.accounts.errors import NotAuthenticated
from spinewise.accounts.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    STANDARD,
    Argon2Cost,
    dummy_hash,
    hash_password,
    password_matches,
)
from spinewise.domain.errors import InputError
from spinewise.store.accounts import Account, LoginSession
from spinewise.store.tables import (
    assessments,
    checkins,
    client_activity,
    coach_alerts,
    gym_settings,
    habits,
    intakes,
    people,
    plan_adjustments,
    plans,
    screenings,
    sets,
    symptom_reports,
    workout_sessions,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from spinewise.store.unit_of_work import Store, Transaction

ROLES = ("lifter", "coach")
TOKEN_LIFETIME = timedelta(days=30)
"""A personal access token works for 30 days (or until revoked)."""
SESSION_LIFETIME = timedelta(days=14)
"""A browser stays logged in for two weeks."""
TOKEN_PREFIX = "sw_"
WRONG_LOGIN = "wrong email or password"
"""The one answer for an unknown email and a wrong password."""

_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def digest(secret: str) -> str:
    """What is stored of a session id or a token: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def normalised_email(email: object) -> str:
    """The email as stored (trimmed, lower case); ``InputError`` naming ``email``."""
    if not isinstance(email, str) or not email.strip():
        raise InputError("email", "is needed")
    clean = email.strip().lower()
    if len(clean) > 254 or _EMAIL.fullmatch(clean) is None:
        raise InputError("email", f"is not an email address: {clean[:80]!r}")
    return clean


def checked_password(password: object, field: str = "password") -> str:
    if not isinstance(password, str):
        raise InputError(field, "is needed")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(field, f"must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InputError(field, f"must be at most {MAX_PASSWORD_LENGTH} characters")
    return password


def create_account(*, store: Store, email: str, password: str, role: str = "lifter", name: str | None = None,
                   cost: Argon2Cost = STANDARD, also: Callable[[Transaction], None] | None = None) -> Account:
    """A new account. ``InputError`` naming the field for a bad email, a short password,
    an unknown role or an email already taken. The first account takes the people
    already stored (a database from before accounts). ``also`` runs in the same
    transaction once the account is added; what it raises undoes the account."""
    clean = normalised_email(email)
    checked_password(password)
    if role not in ROLES:
        raise InputError("role", f"must be lifter or coach, got {role!r}")
    if name is not None and not 1 <= len(name.strip()) <= 120:
        raise InputError("name", "must be 1 to 120 characters")
    hashed = hash_password(password, cost)
    with store.transaction() as tx:
        if tx.accounts.by_email(clean) is not None:
            raise InputError("email", f"{clean} is already taken")
        account = tx.accounts.add(email=clean, password_hash=hashed, role=role,
                                  name=name.strip() if name else None, now=_now())
        if also is not None:
            also(tx)
        return account


def has_accounts(*, store: Store) -> bool:
    with store.reading() as tx:
        return tx.accounts.count() > 0


def list_accounts(*, store: Store) -> list[Account]:
    with store.reading() as tx:
        return tx.accounts.all()


def find_account(*, store: Store, email: str) -> Account:
    clean = normalised_email(email)
    with store.reading() as tx:
        found = tx.accounts.by_email(clean)
    if found is None:
        raise InputError("email", f"no account for {clean}")
    return found


def get_account(*, store: Store, account_id: int) -> Account | None:
    with store.reading() as tx:
        return tx.accounts.get(account_id)


def authenticate(*, store: Store, email: object, password: object, cost: Argon2Cost = STANDARD) -> Account:
    """The account with this email and password, else ``NotAuthenticated`` with one
    message for both cases. An unknown email is checked against a dummy hash, so the
    answer takes as long as for a wrong password."""
    try:
        clean = normalised_email(email)
    except InputError:
        clean = ""
    given = password if isinstance(password, str) and len(password) <= MAX_PASSWORD_LENGTH else ""
    found: Account | None = None
    if clean:
        with store.reading() as tx:
            found = tx.accounts.by_email(clean)
    if found is None:
        password_matches(dummy_hash(cost), given, cost)
        raise NotAuthenticated(WRONG_LOGIN)
    if not given or not password_matches(found.password_hash, given, cost):
        raise NotAuthenticated(WRONG_LOGIN)
    return found


def set_password(*, store: Store, account_id: int, password: str, keep_session: str | None = None,
                 cost: Argon2Cost = STANDARD) -> None:
    """A new password; every other browser session of the account is logged out."""
    checked_password(password)
    hashed = hash_password(password, cost)
    with store.transaction() as tx:
        tx.accounts.set_password(account_id, hashed, _now())
        tx.accounts.remove_other_sessions(account_id, keep_session)


# --- tokens and sessions --------------------------------------------------------------------

def issue_token(*, store: Store, account_id: int, lifetime: timedelta = TOKEN_LIFETIME) -> tuple[str, datetime]:
    """A new personal access token (shown once) and when it expires (UTC, naive)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = _now()
    expires = (now + lifetime).replace(microsecond=0)
    with store.transaction() as tx:
        tx.accounts.remove_expired(now)
        tx.accounts.add_token(token_hash=digest(token), account_id=account_id, now=now, expires_at=expires)
    return token, expires


def token_account(*, store: Store, token_hash: str) -> tuple[Account, datetime] | None:
    """The account of a live token and the token's expiry, or ``None``."""
    with store.reading() as tx:
        found = tx.accounts.token(token_hash)
        if found is None or found[1] <= _now():
            return None
        account = tx.accounts.get(found[0])
    return None if account is None else (account, found[1])


def revoke_token(*, store: Store, token_hash: str) -> None:
    with store.transaction() as tx:
        tx.accounts.remove_token(token_hash)


def start_session(*, store: Store, account_id: int, lifetime: timedelta = SESSION_LIFETIME) -> str:
    """A new browser session; the secret for its cookie (stored only as a digest)."""
    secret = secrets.token_urlsafe(32)
    now = _now()
    with store.transaction() as tx:
        tx.accounts.add_session(id_hash=digest(secret), account_id=account_id,
                                csrf_token=secrets.token_urlsafe(32), now=now, expires_at=now + lifetime)
    return secret


def session_of(*, store: Store, secret: str) -> tuple[LoginSession, Account] | None:
    """The live session behind a cookie and its account, or ``None``."""
    with store.reading() as tx:
        found = tx.accounts.session(digest(secret))
        if found is None or found.expires_at <= _now():
            return None
        account = tx.accounts.get(found.account_id)
    return None if account is None else (found, account)


def end_session(*, store: Store, secret: str) -> None:
    with store.transaction() as tx:
        tx.accounts.remove_session(digest(secret))


def save_draft(*, store: Store, id_hash: str, draft: dict[str, Any] | None) -> None:
    with store.transaction() as tx:
        tx.accounts.save_draft(id_hash, draft)


def person_of(*, store: Store, account_id: int) -> int | None:
    """The account's person (the oldest, for a database whose people all went to its
    first account), or ``None`` before the intake."""
    with store.reading() as tx:
        found = tx.accounts.person_ids(account_id)
    return found[0] if found else None


def owns_person(*, store: Store, account_id: int, person_id: int) -> bool:
    with store.reading() as tx:
        return person_id in tx.accounts.person_ids(account_id)


# --- your data ---------------------------------------------------------------------------

_PERSON_TABLES = (("intakes", intakes), ("screenings", screenings), ("plans", plans),
                  ("sessions", workout_sessions), ("sets", sets), ("checkins", checkins),
                  ("habits", habits), ("assessments", assessments), ("plan_adjustments", plan_adjustments))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat() + ("Z" if value.tzinfo is None else "")
    if isinstance(value, date):
        return value.isoformat()
    return value


def export_account(*, store: Store, account_id: int) -> dict[str, Any]:
    """Everything stored about the account and its person, as one JSON document (the
    contract's ``GET /api/v1/me/export``): no password hash, no session or token."""
    return _export(store=store, account_id=account_id, person_id=None)


def export_person(*, store: Store, person_id: int) -> dict[str, Any]:
    """The same document for one person (the command line's ``spinewise export``): with
    their account when they have one, else ``"account": null``."""
    with store.reading() as tx:
        owner = tx.conn.execute(select(people.c.account_id).where(people.c.id == person_id)).scalar_one_or_none()
    if owner is not None:
        return _export(store=store, account_id=int(owner), person_id=None)
    return _export(store=store, account_id=None, person_id=person_id)


def _export(*, store: Store, account_id: int | None, person_id: int | None) -> dict[str, Any]:
    with store.reading() as tx:
        account = tx.accounts.get(account_id) if account_id is not None else None
        if account_id is not None and account is None:
            raise NotAuthenticated()
        person_ids = tx.accounts.person_ids(account_id) if account_id is not None else [person_id or 0]
        conn = tx.conn

        def rows(table: Any, where: Any) -> list[dict[str, Any]]:
            found = conn.execute(select(table).where(where).order_by(table.c.id)).mappings()
            return [{str(k): _plain(v) for k, v in row.items()} for row in found]

        person = rows(people, people.c.id.in_(person_ids))
        document: dict[str, Any] = {
            "account": None if account is None else {k: _plain(v) for k, v in account.to_json().items()},
            "person": person[0] if person else None,
        }
        if len(person) > 1:
            document["other_people"] = person[1:]
        for name, table in _PERSON_TABLES:
            document[name] = rows(table, table.c.person_id.in_(person_ids))
        session_ids = [s["id"] for s in document["sessions"]]
        document["symptom_reports"] = rows(symptom_reports, symptom_reports.c.session_id.in_(session_ids))
        document["gym_settings"] = [{str(k): _plain(v) for k, v in row.items()} for row in conn.execute(
            select(gym_settings).where(gym_settings.c.person_id.in_(person_ids))).mappings()]
        coaches = tx.coaching.links_of_client(account_id) if account_id is not None else []
        log = tx.coaching.access_log(account_id) if account_id is not None else []
        alerts = rows(coach_alerts, coach_alerts.c.person_id.in_(person_ids))
    document["coaches"] = [{"coach_id": c.coach_id, "email": c.coach_email, "name": c.coach_name,
                            "accepted_at": _plain(c.accepted_at), "revoked_at": _plain(c.revoked_at)}
                           for c in coaches]
    document["coach_access_log"] = [{"coach_id": e.coach_id, "coach": e.coach_name, "action": e.action,
                                     "what": e.what, "at": _plain(e.at)} for e in log]
    document["coach_alerts"] = alerts
    document["exported_at"] = _plain(_now().replace(microsecond=0))
    return document


def erase_person_rows(conn: Any, person_ids: list[int]) -> None:
    """Delete (not flag) every row about these people, children first."""
    if not person_ids:
        return
    session_ids = select(workout_sessions.c.id).where(workout_sessions.c.person_id.in_(person_ids))
    conn.execute(delete(symptom_reports).where(symptom_reports.c.session_id.in_(session_ids)))
    conn.execute(delete(coach_alerts).where(coach_alerts.c.person_id.in_(person_ids)))
    conn.execute(delete(client_activity).where(client_activity.c.person_id.in_(person_ids)))
    conn.execute(delete(plan_adjustments).where(plan_adjustments.c.person_id.in_(person_ids)))
    for table in (sets, workout_sessions, checkins, habits, assessments, plans, screenings, intakes, gym_settings):
        conn.execute(delete(table).where(table.c.person_id.in_(person_ids)))
    conn.execute(delete(people).where(people.c.id.in_(person_ids)))


def delete_account(*, store: Store, account_id: int, password: str | None,
                   cost: Argon2Cost = STANDARD) -> None:
    """Erase the account and everything about its person. ``password`` must be the
    account's (``None`` only from the command line, the database owner's own tool).
    On SQLite the write-ahead log is then checkpointed and truncated, so the erased
    rows (zeroed in the file by ``secure_delete``) leave no copy in the log either."""
    with store.reading() as tx:
        account = tx.accounts.get(account_id)
    if account is None:
        raise NotAuthenticated()
    if password is not None and not password_matches(account.password_hash, password, cost):
        raise InputError("password", "is not this account's password")
    with store.transaction() as tx:
        erase_person_rows(tx.conn, tx.accounts.person_ids(account_id))
        tx.coaching.remove_for_clients([account_id])  # their consent and the log of coaches' access
        tx.coaching.remove_coach(account_id)  # a coach's invitations and links
        tx.accounts.remove(account_id)
    _compact(store)


def _compact(store: Store) -> None:
    engine = store.engine
    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    except Exception:
        pass
