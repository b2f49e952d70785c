"""The account pages: sign up (the first account on a fresh install), log in, log out,
settings (password, download my data, delete my account)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from spinewise import accounts
from spinewise.accounts.calendar_link import (
    calendar_link_made,
    end_calendar_link,
    make_calendar_link,
)
from spinewise.accounts.errors import NotAuthenticated, TooManyAttempts
from spinewise.accounts.passwords import password_matches
from spinewise.accounts.signup import (
    SignUpClosed,
    invitation_page,
    sign_up,
)
from spinewise.coaching.consent import invitation_is_live
from spinewise.commands import ChangePassword, Credentials, DeleteAccount, SignUp, read_command
from spinewise.domain.errors import InputError
from spinewise.web.auth import (
    PageCallerDep,
    clear_session_cookie,
    credential_cache,
    csrf_token,
    is_https,
    page_caller_or_none,
    password_cost,
    remember_pre_session_token,
    set_session_cookie,
)
from spinewise.web.routes.account_api import log_in
from spinewise.web.routes.forms import form_data
from spinewise.web.state import get_store

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store

router = APIRouter(include_in_schema=False)


INVITATION_NEXT = re.compile(r"/invite/([A-Za-z0-9-]{1,64})")
"""A ``next`` that is an invitation's page: its code fills the sign-up's invitation field."""


def _safe_next(target: str | None) -> str:
    """Where to go after logging in: a path on this site only (never ``//elsewhere``)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _render(request: Request, template: str, context: dict[str, Any], status: int = 200,
            headers: dict[str, str] | None = None) -> HTMLResponse:
    csrf_token(request)  # made now, so its cookie goes out with this page
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, template, {"errors": {}, "notice": None, "signup_mode": _signup_mode(request), **context},
        status_code=status, headers=headers)
    remember_pre_session_token(response, request)
    return response


def _first(form: dict[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[-1]


def _logged_in(request: Request, account_id: int, target: str) -> Response:
    store = get_store(request)
    secret = accounts.start_session(store=store, account_id=account_id)
    response = RedirectResponse(_safe_next(target), status_code=303)
    set_session_cookie(response, request, secret)
    return response


def _signup_mode(request: Request) -> str:
    mode: str = request.app.state.settings.signup
    return mode


def _signup_context(request: Request, store: Store, **context: Any) -> dict[str, Any]:
    """What the sign-up page shows: the first account's welcome, the form (with an
    invitation field in ``invite`` mode), or that sign-up is closed."""
    first = not accounts.has_accounts(store=store)
    mode = _signup_mode(request)
    return {"first": first, "mode": "open" if first else mode,
            "email": "", "invitation": "", **context}


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request, next: str = "/", invitation: str = "") -> Response:
    if page_caller_or_none(request) is not None:
        return RedirectResponse("/", status_code=303)
    if not invitation and (sent_from := INVITATION_NEXT.fullmatch(_safe_next(next))):
        invitation = sent_from[1]  # came from an invitation's link: its code is the one to bring
    context = _signup_context(request, get_store(request), next=_safe_next(next), invitation=invitation[:200])
    return _render(request, "account/signup.html", context)


@router.post("/signup")
async def signup(request: Request, store: Store = Depends(get_store)) -> Response:
    form = await form_data(request)
    email, target = _first(form, "email"), _first(form, "next")
    invitation = _first(form, "invitation").strip()
    try:
        given = read_command(SignUp, {"email": email, "password": _first(form, "password"),
                                      "invitation": invitation or None})
        account = sign_up(store=store, mode=_signup_mode(request), email=given.email, password=given.password,
                          invitation=given.invitation, cost=password_cost(request.app))
    except SignUpClosed as exc:
        field = "invitation" if exc.mode == "invite" else "signup"
        message = ("That invitation code is not valid (or has been used)." if exc.mode == "invite" and invitation
                   else exc.message.capitalize() + ".")
        return _render(request, "account/signup.html", _signup_context(
            request, store, email=email, next=_safe_next(target), invitation=invitation[:200],
            errors={field: message}), status=403)
    except InputError as exc:
        return _render(request, "account/signup.html", _signup_context(
            request, store, email=email, next=_safe_next(target), invitation=invitation[:200],
            errors={exc.field: exc.message}), status=422)
    if invitation and invitation_is_live(store=store, code=invitation):
        target = invitation_page(invitation)  # the invitation's page: accepting stays the lifter's choice
    return _logged_in(request, account.id, target if target not in ("", "/") else "/intake")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    if page_caller_or_none(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    if not accounts.has_accounts(store=get_store(request)):
        return RedirectResponse("/signup", status_code=303)
    return _render(request, "account/login.html", {"email": "", "next": _safe_next(next)})


@router.post("/login")
async def login(request: Request, store: Store = Depends(get_store)) -> Response:
    form = await form_data(request)
    email, target = _first(form, "email"), _first(form, "next")
    try:
        given = read_command(Credentials, {"email": email, "password": _first(form, "password")})
        account = log_in(request, store, given.email, given.password)
    except InputError as exc:
        return _render(request, "account/login.html", {"email": email, "next": _safe_next(target),
                                                        "errors": {"login": f"{exc}."}}, status=422)
    except TooManyAttempts as exc:
        return _render(request, "account/login.html", {"email": email, "next": _safe_next(target),
                                                        "errors": {"login": exc.message}},
                       status=429, headers={"retry-after": str(exc.retry_after)})
    except NotAuthenticated as exc:
        return _render(request, "account/login.html", {"email": email, "next": _safe_next(target),
                                                        "errors": {"login": exc.message.capitalize() + "."}},
                       status=401)
    return _logged_in(request, account.id, target)


@router.post("/logout")
async def logout(request: Request, caller: PageCallerDep, store: Store = Depends(get_store)) -> Response:
    await form_data(request)  # checks the CSRF token
    secret = request.cookies.get("spinewise_session", "")
    accounts.end_session(store=store, secret=secret)
    if caller.session_hash:
        credential_cache(request.app).forget("s:" + caller.session_hash)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response)
    return response


ACCESS_LOG_SHOWN = 50
"""Access-log entries on the settings page (the API and the export hold them all)."""


def _settings(request: Request, caller: PageCallerDep, **more: Any) -> dict[str, Any]:
    """What the settings page shows about the account (its calendar link's date, never its
    secret), the coaches it accepted and the coaches' access log."""
    from spinewise import coaching

    store = get_store(request)
    made = calendar_link_made(store=store, account_id=caller.account.id)
    return {"nav": "settings", "account": caller.account, "calendar_made": made, "calendar_url": None,
            "coaches": coaching.coaches_of(store=store, client_id=caller.account.id),
            "access_log": coaching.access_log(store=store, client_id=caller.account.id, limit=ACCESS_LOG_SHOWN),
            **more}


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, caller: PageCallerDep) -> Response:
    return _render(request, "account/settings.html", _settings(request, caller))


def _calendar_url(request: Request, secret: str) -> str:
    """The subscription address under the name this browser reached us by (checked by the guard)."""
    base = str(request.base_url).rstrip("/")
    if is_https(request) and base.startswith("http://"):
        base = "https://" + base.removeprefix("http://")
    return f"{base}/calendar/{secret}.ics"


@router.post("/settings/calendar", response_class=HTMLResponse)
async def make_calendar(request: Request, caller: PageCallerDep, store: Store = Depends(get_store)) -> Response:
    """A new calendar subscription link (the old one, if any, stops working); shown once."""
    await form_data(request)
    secret = make_calendar_link(store=store, account_id=caller.account.id)
    return _render(request, "account/settings.html", _settings(
        request, caller, calendar_url=_calendar_url(request, secret),
        notice="Your calendar link is below. Copy it now: it is shown only this once."))


@router.post("/settings/calendar/end", response_class=HTMLResponse)
async def end_calendar(request: Request, caller: PageCallerDep, store: Store = Depends(get_store)) -> Response:
    await form_data(request)
    end_calendar_link(store=store, account_id=caller.account.id)
    return _render(request, "account/settings.html", _settings(
        request, caller, notice="Your calendar link no longer works. Calendars subscribed to it stop updating."))


@router.post("/settings/password", response_class=HTMLResponse)
async def change_password(request: Request, caller: PageCallerDep, store: Store = Depends(get_store)) -> Response:
    form = await form_data(request)
    context = _settings(request, caller)
    cost = password_cost(request.app)
    change = read_command(ChangePassword, {"current_password": _first(form, "current_password"),
                                           "new_password": _first(form, "new_password")})
    if not password_matches(caller.account.password_hash, change.current_password, cost):
        return _render(request, "account/settings.html",
                       {**context, "errors": {"current_password": "That is not your current password."}}, status=422)
    try:
        accounts.set_password(store=store, account_id=caller.account.id, password=change.new_password,
                              keep_session=caller.session_hash, cost=cost)
    except InputError as exc:
        return _render(request, "account/settings.html",
                       {**context, "errors": {"new_password": f"New password {exc.message}."}}, status=422)
    credential_cache(request.app).forget_account(caller.account.id)
    return _render(request, "account/settings.html", {**context, "notice": "Your password was changed."})


@router.get("/settings/export")
def export_page(caller: PageCallerDep, store: Store = Depends(get_store)) -> Response:
    """Download my data: the same document as ``GET /api/v1/me/export``."""
    document = accounts.export_account(store=store, account_id=caller.account.id)
    return JSONResponse(document, headers={"content-disposition": 'attachment; filename="spinewise-export.json"'})


@router.post("/settings/delete", response_class=HTMLResponse)
async def delete_account(request: Request, caller: PageCallerDep, store: Store = Depends(get_store)) -> Response:
    form = await form_data(request)
    try:
        confirm = read_command(DeleteAccount, {"password": _first(form, "password")})
        accounts.delete_account(store=store, account_id=caller.account.id, password=confirm.password,
                                cost=password_cost(request.app))
    except InputError:
        return _render(request, "account/settings.html", _settings(
            request, caller, errors={"password": "That is not your password; nothing was deleted."}), status=422)
    credential_cache(request.app).forget_account(caller.account.id)
    request.state.caller = None
    response = RedirectResponse("/login" if accounts.has_accounts(store=store) else "/signup", status_code=303)
    clear_session_cookie(response)
    return response
