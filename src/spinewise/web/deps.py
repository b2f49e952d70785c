"""Request-scoped things the routes depend on: settings, the draft, the current intake.

There is one person and no login while spinewise is bound to localhost; the
dependencies are where accounts will plug in later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import Depends, Request

from spinewise import training
from spinewise.domain.errors import InputError
from spinewise.domain.intake import Intake, parse_intake
from spinewise.web import draft as drafts
from spinewise.web.state import PERSON_COOKIE, current_person, get_store, signing_secret
from spinewise.web.wizard import complete_intake

if TYPE_CHECKING:
    from spinewise.store.records import Person
    from spinewise.store.unit_of_work import Store


def get_draft(request: Request) -> drafts.Draft:
    return drafts.decode(request.cookies.get(drafts.COOKIE), signing_secret(request.app))


def current_intake(request: Request, store: Store = Depends(get_store),
                   person: Person | None = Depends(current_person)) -> Intake | None:
    """The person's finished intake (stored, else this browser's finished draft), or
    ``None`` when they have not answered yet."""
    if person is not None:
        stored = training.latest_intake(store=store, person_id=person.id)
        if stored is not None:
            return parse_intake(stored)
    found = get_draft(request)
    if found.is_empty:
        return None
    try:
        return complete_intake(found.doc)
    except InputError:
        return None


def save_draft(response: Any, request: Request, value: drafts.Draft) -> None:
    response.set_cookie(drafts.COOKIE, drafts.encode(value, signing_secret(request.app)),
                        max_age=drafts.MAX_AGE_SECONDS, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")


def remember_person(response: Any, request: Request, person_id: int) -> None:
    """This browser is this person (until accounts exist)."""
    response.set_cookie(PERSON_COOKIE, str(person_id), max_age=drafts.MAX_AGE_SECONDS, httponly=True,
                        samesite="lax", secure=request.url.scheme == "https")
