"""The JSON API of accounts: access tokens, who am I, my data (export, erase)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from spinewise import accounts
from spinewise.accounts.errors import NotAuthenticated
from spinewise.commands import Credentials, DeleteAccount
from spinewise.web.auth import (
    CallerDep,
    PersonDep,
    client_address,
    credential_cache,
    login_throttle,
    password_cost,
)
from spinewise.web.bodies import command, command_body, known_query_only
from spinewise.web.errors import error_responses
from spinewise.web.state import get_store

if TYPE_CHECKING:
    from spinewise.store.accounts import Account
    from spinewise.store.unit_of_work import Store

router = APIRouter(prefix="/api/v1", tags=["accounts"], dependencies=[Depends(known_query_only)])

def _utc(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def log_in(request: Request, store: Store, email: object, password: object) -> Account:
    """Check a log-in with the throttle around it (shared by the API and the log-in page):
    ``TooManyAttempts`` (429) while this email or address is over its limit,
    ``NotAuthenticated`` with one message for an unknown email or a wrong password."""
    throttle = login_throttle(request.app)
    key = email.strip().lower()[:254] if isinstance(email, str) else ""
    address = client_address(request)
    throttle.check(key, address)
    try:
        account = accounts.authenticate(store=store, email=email, password=password,
                                        cost=password_cost(request.app))
    except NotAuthenticated:
        throttle.failed(key, address)
        raise
    throttle.succeeded(key)
    return account


@router.post("/tokens", summary="Get a personal access token", status_code=201, response_model=None,
             responses=error_responses(400, 401, 422, 429),
             openapi_extra=command_body(Credentials))
async def create_token(request: Request, body: Annotated[Credentials, Depends(command(Credentials))],
                       store: Store = Depends(get_store)) -> JSONResponse:
    """A token for `Authorization: Bearer` on the data routes, valid for 30 days or until
    revoked. A wrong email or password is a 401 (the same answer for both); too many
    failures for one email or from one address is a 429 with `Retry-After`."""
    def issue() -> tuple[str, datetime]:
        account = log_in(request, store, body.email, body.password)
        return accounts.issue_token(store=store, account_id=account.id)

    token, expires = await anyio.to_thread.run_sync(issue)
    return JSONResponse({"token": token, "expires_at": _utc(expires)}, status_code=201)


@router.delete("/tokens/current", summary="Revoke the token of this request", status_code=204,
               response_model=None, responses=error_responses(401))
def revoke_current_token(request: Request, caller: CallerDep, store: Store = Depends(get_store)) -> Response:
    """The token sent with this request stops working at once (within seconds in other
    app processes)."""
    if caller.token_hash is None:
        raise NotAuthenticated("send the token to revoke as Authorization: Bearer TOKEN")
    accounts.revoke_token(store=store, token_hash=caller.token_hash)
    credential_cache(request.app).forget("t:" + caller.token_hash)
    return Response(status_code=204)


@router.get("/me", summary="The account of this token", response_model=None, responses=error_responses(401))
def me(caller: CallerDep, store: Store = Depends(get_store)) -> JSONResponse:
    """`person_id` is null until the lifter has done the intake."""
    account = caller.account
    return JSONResponse({"id": account.id, "email": account.email, "role": account.role,
                         "person_id": accounts.person_of(store=store, account_id=account.id)})


@router.get("/me/export", summary="Download my data", response_model=None, responses=error_responses(401))
def export_me(caller: CallerDep, store: Store = Depends(get_store)) -> JSONResponse:
    """Everything stored about the caller, as one JSON document: the account (no password
    hash), the person, intakes, screenings, plans, sessions, sets, symptom reports,
    check-ins, habits, assessments, coaches and the coach access log."""
    document = accounts.export_account(store=store, account_id=caller.account.id)
    return JSONResponse(document, headers={"content-disposition": 'attachment; filename="spinewise-export.json"'})


@router.get("/me/export/strong-csv", summary="Download my training log as a Strong CSV", response_model=None,
            responses={**error_responses(401, 404),
                       200: {"description": "One row per set, in Strong's comma layout",
                             "content": {"text/csv": {"schema": {"type": "string"}}}}})
def export_me_strong_csv(person: PersonDep, store: Store = Depends(get_store)) -> Response:
    """The caller's training log in Strong's comma-separated layout, one row per set,
    weights in the person's unit (``spinewise export --format strong-csv``): other apps
    that read Strong exports open it, and so does ``spinewise import strong``."""
    from spinewise.training.history_import import strong_csv

    return Response(strong_csv(store=store, person_id=person.id), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="spinewise-strong.csv"'})


@router.delete("/me", summary="Delete my account and all my data", status_code=204, response_model=None,
               responses=error_responses(400, 401, 422),
               openapi_extra=command_body(DeleteAccount))
async def delete_me(request: Request, caller: CallerDep, body: Annotated[DeleteAccount, Depends(command(DeleteAccount))],
                    store: Store = Depends(get_store)) -> Response:
    """Erases the account and every row about its person (not flagged: gone); its tokens and
    sessions stop working."""
    account_id = caller.account.id
    await anyio.to_thread.run_sync(lambda: accounts.delete_account(
        store=store, account_id=account_id, password=body.password, cost=password_cost(request.app)))
    credential_cache(request.app).forget_account(account_id)
    return Response(status_code=204)
