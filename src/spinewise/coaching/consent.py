"""Consent: a coach's one-time invitation, the lifter's accept or decline, revoking a
coach, and what the lifter can see of it (their coaches and the access log).

An invitation's code is random (about 59 bits), shown once and stored only as its
SHA-256; it expires after ``INVITATION_LIFETIME`` and works once (accepted or declined).
An unknown, used or expired code is "not found" alike, so a code tells nothing.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from spinewise.accounts.service import digest
from spinewise.domain.errors import NotFoundError

if TYPE_CHECKING:
    from spinewise.store.accounts import Account
    from spinewise.store.coaching import AccessEntry, CoachLink
    from spinewise.store.unit_of_work import Store, Transaction

INVITATION_LIFETIME = timedelta(days=7)
"""How long an invitation code works (unless used first)."""

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be mistaken for one another when read aloud or typed."""
CODE_LENGTH = 12


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def normalised_code(code: str) -> str:
    """A code as typed (any case, with or without the dashes and spaces) as stored."""
    return "".join(c for c in code.upper() if c.isalnum())[:64]


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def create_invitation(*, store: Store, coach: Account) -> tuple[str, datetime]:
    """A new invitation of this coach: the code (shown once) and its expiry (naive UTC)."""
    if coach.role != "coach":
        raise NotFoundError("route", "coach/invitations")
    code = _new_code()
    now = _now()
    expires = (now + INVITATION_LIFETIME).replace(microsecond=0)
    with store.transaction() as tx:
        tx.coaching.add_invitation(code_hash=digest(normalised_code(code)), coach_id=coach.id, now=now,
                                   expires_at=expires)
    return code, expires


def _live_invitation(tx: Transaction, code: str) -> tuple[int, Account]:
    found = tx.coaching.invitation(digest(normalised_code(code)))
    if found is None or found.used_at is not None or found.expires_at <= _now():
        raise NotFoundError("invitation", code[:20])
    coach = tx.accounts.get(found.coach_id)
    if coach is None or coach.role != "coach":
        raise NotFoundError("invitation", code[:20])
    return found.id, coach


def invitation_coach(*, store: Store, code: str, reader: Account) -> Account:
    """Who is asking, for the page the invitation link opens (nothing is used up).
    ``NotFoundError`` for an unknown, used or expired code, or a reader who is not a lifter."""
    if reader.role != "lifter":
        raise NotFoundError("invitation", code[:20])
    with store.reading() as tx:
        return _live_invitation(tx, code)[1]


def invitation_is_live(*, store: Store, code: str) -> bool:
    """Whether ``code`` is an invitation that can still be answered (known, unused,
    unexpired, of a coach). Nothing is used up: consent is the lifter's accept."""
    with store.reading() as tx:
        try:
            _live_invitation(tx, code)
        except NotFoundError:
            return False
    return True


def invitation_opens_signup(*, store: Store, code: str) -> bool:
    """Whether ``code`` may still create an account where sign-up needs an invitation:
    live (``invitation_is_live``) and no account created with it yet."""
    with store.reading() as tx:
        try:
            _live_invitation(tx, code)
        except NotFoundError:
            return False
        found = tx.coaching.invitation(digest(normalised_code(code)))
    return found is not None and found.signed_up_at is None


def claim_signup(tx: Transaction, code: str) -> bool:
    """In the sign-up's own transaction: the invitation's one sign-up taken (``False``
    when it cannot be: see ``CoachingRepository.claim_signup``)."""
    return tx.coaching.claim_signup(digest(normalised_code(code)), _now())


def accept_invitation(*, store: Store, code: str, lifter: Account) -> Account:
    """The lifter consents: the coach reads the lifter's data from now on (until revoked).
    The code is used up. ``NotFoundError`` for an unknown, used or expired code, and for
    an account that is not a lifter's (coaches do not become clients)."""
    if lifter.role != "lifter":
        raise NotFoundError("invitation", code[:20])
    now = _now()
    with store.transaction() as tx:
        invitation_id, coach = _live_invitation(tx, code)
        if coach.id == lifter.id or not tx.coaching.use_invitation(invitation_id, now):
            raise NotFoundError("invitation", code[:20])
        if not tx.coaching.live_link(coach.id, lifter.id):
            tx.coaching.add_link(coach_id=coach.id, client_id=lifter.id, now=now)
    return coach


def decline_invitation(*, store: Store, code: str, lifter: Account) -> None:
    """The lifter says no: the code is used up and nothing is shared."""
    if lifter.role != "lifter":
        raise NotFoundError("invitation", code[:20])
    with store.transaction() as tx:
        invitation_id, _coach = _live_invitation(tx, code)
        if not tx.coaching.use_invitation(invitation_id, _now()):
            raise NotFoundError("invitation", code[:20])


def revoke_coach(*, store: Store, client_id: int, coach_id: int) -> None:
    """The lifter withdraws consent: from the next request on the coach gets "not found"
    for the lifter's data and the lifter leaves the coach's clients. ``NotFoundError``
    when this coach has no live link to the lifter."""
    with store.transaction() as tx:
        if not tx.coaching.revoke(coach_id=coach_id, client_id=client_id, now=_now()):
            raise NotFoundError("coach", str(coach_id))


def coaches_of(*, store: Store, client_id: int) -> list[CoachLink]:
    """The coaches the lifter has accepted: live ones first, then former ones."""
    with store.reading() as tx:
        return tx.coaching.links_of_client(client_id)


def access_log(*, store: Store, client_id: int, limit: int | None = None) -> list[AccessEntry]:
    """The coaches' reads and changes of the lifter's data, newest first."""
    with store.reading() as tx:
        return tx.coaching.access_log(client_id, limit)
