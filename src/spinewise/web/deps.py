"""Request-scoped things the routes depend on: settings, the draft, the current intake.

There is one person and no login while spinewise is bound to localhost; the
dependencies are where accounts will plug in later.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from spinewise.domain.errors import InputError
from spinewise.domain.intake import Intake
from spinewise.web import draft as drafts
from spinewise.web.wizard import complete_intake


def get_draft(request: Request) -> drafts.Draft:
    return drafts.decode(request.cookies.get(drafts.COOKIE), request.app.state.secret)


def current_intake(request: Request) -> Intake | None:
    """The person's finished intake, or ``None`` when they have not answered yet."""
    found = get_draft(request)
    if found.is_empty:
        return None
    try:
        return complete_intake(found.doc)
    except InputError:
        return None


def save_draft(response: Any, request: Request, value: drafts.Draft) -> None:
    response.set_cookie(drafts.COOKIE, drafts.encode(value, request.app.state.secret),
                        max_age=drafts.MAX_AGE_SECONDS, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")


def clear_draft(response: Any) -> None:
    response.delete_cookie(drafts.COOKIE)
