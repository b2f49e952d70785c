"""Accounts: who may log in, and what is theirs (``service``); Argon2id passwords
(``passwords``); the log-in throttle (``throttle``)."""

from spinewise.accounts.errors import CsrfRefused, NotAuthenticated, TooManyAttempts
from spinewise.accounts.service import (
    ROLES,
    WRONG_LOGIN,
    authenticate,
    checked_password,
    create_account,
    delete_account,
    digest,
    end_session,
    export_account,
    export_person,
    find_account,
    get_account,
    has_accounts,
    issue_token,
    list_accounts,
    normalised_email,
    owns_person,
    person_of,
    revoke_token,
    save_draft,
    session_of,
    set_password,
    start_session,
    token_account,
)

__all__ = [
    "ROLES", "WRONG_LOGIN", "CsrfRefused", "NotAuthenticated", "TooManyAttempts", "authenticate",
    "checked_password", "create_account", "delete_account", "digest", "end_session", "export_account", "export_person",
    "find_account", "get_account", "has_accounts", "issue_token", "list_accounts", "normalised_email",
    "owns_person", "person_of", "revoke_token", "save_draft", "session_of", "set_password",
    "start_session", "token_account",
]
