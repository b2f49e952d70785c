"""Request-scoped things the pages depend on: the intake draft and the current intake,
both for the logged-in account (``web.auth``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import Depends, Request

from spinewise import accounts, training
from spinewise.domain.errors import InputError
from spinewise.domain.intake import Intake, parse_intake
from spinewise.web.auth import PageCallerDep, page_person
from spinewise.web.draft import Draft
from spinewise.web.state import get_store
from spinewise.web.wizard import complete_intake

if TYPE_CHECKING:
    from spinewise.store.records import Person
    from spinewise.store.unit_of_work import Store


def get_draft(request: Request) -> Draft:
    """This browser session's draft (empty when none)."""
    caller = getattr(request.state, "caller", None)
    if caller is None or caller.session_hash is None:
        return Draft()
    with get_store(request).reading() as tx:
        found = tx.accounts.session(caller.session_hash)
    return Draft.from_stored(found.draft if found is not None else None)


def current_intake(request: Request, caller: PageCallerDep, store: Store = Depends(get_store),
                   person: Person | None = Depends(page_person)) -> Intake | None:
    """The person's finished intake (stored, else this session's finished draft), or
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


def save_draft(_response: Any, request: Request, value: Draft) -> None:
    caller = getattr(request.state, "caller", None)
    if caller is not None and caller.session_hash is not None:
        accounts.save_draft(store=get_store(request), id_hash=caller.session_hash, draft=value.to_stored())


def clear_draft(request: Request) -> None:
    caller = getattr(request.state, "caller", None)
    if caller is not None and caller.session_hash is not None:
        accounts.save_draft(store=get_store(request), id_hash=caller.session_hash, draft=None)
