"""Typed errors raised by the domain; the edges turn them into one clear line or a 4xx."""

from __future__ import annotations


class SpinewiseError(Exception):
    """Base of every error spinewise raises on purpose."""


class InputError(SpinewiseError):
    """Input that breaks the contract: names the field and what was wrong.

    ``field`` is a dotted path such as ``pain.now``; ``message`` says what was wrong
    in plain words (``must be an integer from 0 to 10, got 11``).
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


class CatalogError(SpinewiseError):
    """The exercise library data is inconsistent (found when it is loaded)."""


class NotFoundError(SpinewiseError):
    """A thing asked for by id does not exist."""

    def __init__(self, kind: str, ident: str) -> None:
        super().__init__(f"no {kind} with id {ident!r}")
        self.kind = kind
        self.ident = ident


class ConflictError(SpinewiseError):
    """The request clashes with what is stored (a duplicate, a stopped or finished
    session...): a 409 on the web, one line on the command line."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
