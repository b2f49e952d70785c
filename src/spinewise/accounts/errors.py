"""The errors of logging in; the web app turns them into 401, 403 and 429."""

from __future__ import annotations

from spinewise.domain.errors import SpinewiseError


class NotAuthenticated(SpinewiseError):
    """No valid credentials: a missing, unknown, expired or revoked token or session,
    or a wrong email or password (one message for all, so none tells which)."""

    def __init__(self, message: str = "log in first: send Authorization: Bearer TOKEN") -> None:
        super().__init__(message)
        self.message = message


class TooManyAttempts(SpinewiseError):
    """Too many failed log-ins for this email or from this address; try again after
    ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = max(1, retry_after)
        self.message = f"too many failed log-ins; try again in {self.retry_after} seconds"
        super().__init__(self.message)


class CsrfRefused(SpinewiseError):
    """A form post without this session's CSRF token (a 403)."""

    def __init__(self) -> None:
        self.message = "this form has expired or did not come from spinewise's own page; reload it and try again"
        super().__init__(self.message)
