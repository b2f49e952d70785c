"""Who may create an account on the sign-up page (``Settings.signup``).

- ``open``: anyone who reaches the page.
- ``closed``: nobody; the owner adds accounts with ``spinewise users add``.
- ``invite``: whoever brings an invitation code that ``invitation_accepted`` accepts.

Whatever the setting, the first account of a fresh install can always be created (the
first visit goes straight to it), so ``make run`` stays a one-step start. The command
line (``spinewise users add``) is the owner's tool and is never refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinewise.accounts.passwords import STANDARD, Argon2Cost
from spinewise.accounts.service import create_account, has_accounts
from spinewise.domain.errors import SpinewiseError

if TYPE_CHECKING:
    from spinewise.store.accounts import Account
    from spinewise.store.unit_of_work import Store, Transaction


class SignUpClosed(SpinewiseError):
    """Sign-up is closed (or needs an invitation this request did not bring)."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.message = ("sign-up needs an invitation code" if mode == "invite"
                        else "sign-up is closed; ask the owner to add your account (spinewise users add)")
        super().__init__(self.message)


def invitation_accepted(*, store: Store, code: str) -> bool:
    """Whether ``code`` is an invitation that lets its holder create an account: a
    coach's invitation that is live (known, not yet accepted or declined, not expired;
    ``coaching.consent``: codes are compared by their SHA-256, typed in any case, with
    or without dashes) and with which no account was created yet. Signing up takes the
    code's one sign-up (``sign_up``) but does not answer it: the new lifter is sent to
    the invitation's page, where consent stays an explicit accept (or decline)."""
    from spinewise.coaching.consent import invitation_opens_signup  # coaching builds on accounts

    return invitation_opens_signup(store=store, code=code)


def claim_invitation(tx: Transaction, code: str) -> bool:
    """In the sign-up's own transaction, take ``code``'s one sign-up (a coach's
    invitation: ``coaching.consent.claim_signup``); ``False`` when it is taken already
    or no longer live. With ``invitation_accepted``, the two places that say what an
    invitation code is."""
    from spinewise.coaching.consent import claim_signup

    return claim_signup(tx, code)


def invitation_page(code: str) -> str:
    """Where the sign-up page sends a new account that came with invitation ``code``."""
    from spinewise.coaching.consent import normalised_code

    return f"/invite/{normalised_code(code)}"


def sign_up_allowed(*, store: Store, mode: str, invitation: str | None = None) -> bool:
    """Whether the sign-up page may create an account now: always for the first account,
    else as ``mode`` says (``invite``: with an accepted ``invitation``)."""
    if not has_accounts(store=store) or mode == "open":
        return True
    if mode == "invite" and invitation:
        return invitation_accepted(store=store, code=invitation)
    return False


def check_sign_up(*, store: Store, mode: str, invitation: str | None = None) -> None:
    """``SignUpClosed`` unless ``sign_up_allowed``."""
    if not sign_up_allowed(store=store, mode=mode, invitation=invitation):
        raise SignUpClosed(mode)


def sign_up(*, store: Store, mode: str, email: str, password: str, invitation: str | None = None,
            cost: Argon2Cost = STANDARD) -> Account:
    """The sign-up page's account, if ``mode`` allows it (``SignUpClosed`` otherwise;
    ``InputError`` naming the field for a bad email or password). Where sign-up needs an
    invitation, the account and the invitation's one sign-up are taken in one
    transaction: a code passed around creates one account, and two sign-ups with it at
    the same moment cannot both succeed."""
    check_sign_up(store=store, mode=mode, invitation=invitation)
    also = None
    if mode == "invite" and invitation and has_accounts(store=store):

        def take_the_invitation(tx: Transaction) -> None:
            if not claim_invitation(tx, invitation):
                raise SignUpClosed(mode)

        also = take_the_invitation
    return create_account(store=store, email=email, password=password, cost=cost, also=also)
