"""Who is asking: the typed dependencies every route declares, and the credential checks
behind them.

- The JSON API takes ``Authorization: Bearer TOKEN`` (a personal access token), or the
  browser's session cookie *together with* its ``X-CSRF-Token`` header (gym mode's
  script): never the cookie alone, which any site could make a browser send.
- Pages take the session cookie; without one they redirect to log in (or, on a fresh
  install with no account yet, to create the first one).
- Forms carry the session's CSRF token (``csrf_token``), checked on every post
  (``forms.form_data``); the log-in and sign-up forms, before there is a session, use a
  random token in a cookie of their own (double submit).

Token and session checks are cached in the process (``CredentialCache``) for
``CACHE_TTL_SECONDS``: logging a set costs no database round trip for its token. A
token revoked, a log-out or an account deleted in this process is dropped from the
cache at once; other processes stop accepting it within the TTL.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from spinewise import accounts
from spinewise.accounts.errors import CsrfRefused, NotAuthenticated
from spinewise.accounts.passwords import COSTS, Argon2Cost
from spinewise.accounts.throttle import LoginThrottle
from spinewise.domain.errors import NotFoundError
from spinewise.store.accounts import Account
from spinewise.store.records import Person
from spinewise.store.unit_of_work import Store
from spinewise.web.bodies import RowId
from spinewise.web.state import get_store

SESSION_COOKIE = "spinewise_session"
PRE_SESSION_COOKIE = "spinewise_csrf"
"""The log-in and sign-up forms' CSRF token, before there is a session."""
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
CACHE_TTL_SECONDS = 10.0
"""How long a checked token or session is trusted without asking the database again:
short, so a revocation in another app process takes effect within seconds."""
CACHE_SIZE = 4096

StoreDep = Annotated[Store, Depends(get_store)]


# --- the clock ---------------------------------------------------------------------------

class Clock:
    """Today and now, as routes see them (tests pin them through ``get_clock``)."""

    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock(Clock):
    def __init__(self, day: date) -> None:
        self.day = day

    def today(self) -> date:
        return self.day


_CLOCK = Clock()


def get_clock() -> Clock:
    return _CLOCK


ClockDep = Annotated[Clock, Depends(get_clock)]


# --- the credential cache ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated request: the account, and how it proved it."""

    account: Account
    token_hash: str | None = None
    session_hash: str | None = None
    csrf_token: str | None = None


class CredentialCache:
    """Checked tokens and sessions by their digest, each for ``ttl`` seconds."""

    def __init__(self, ttl: float = CACHE_TTL_SECONDS, size: int = CACHE_SIZE) -> None:
        self.ttl = ttl
        self.size = size
        self._found: dict[str, tuple[float, Caller]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Caller | None:
        found = self._found.get(key)
        if found is None:
            return None
        if found[0] < time.monotonic():
            with self._lock:
                self._found.pop(key, None)
            return None
        return found[1]

    def put(self, key: str, caller: Caller) -> None:
        with self._lock:
            if len(self._found) >= self.size:
                self._found.pop(next(iter(self._found)), None)
            self._found[key] = (time.monotonic() + self.ttl, caller)

    def forget(self, key: str) -> None:
        with self._lock:
            self._found.pop(key, None)

    def forget_account(self, account_id: int) -> None:
        with self._lock:
            for key in [k for k, (_, c) in self._found.items() if c.account.id == account_id]:
                del self._found[key]


def credential_cache(app: Any) -> CredentialCache:
    cache: CredentialCache | None = getattr(app.state, "credentials", None)
    if cache is None:
        cache = app.state.credentials = CredentialCache()
    return cache


def login_throttle(app: Any) -> LoginThrottle:
    throttle: LoginThrottle | None = getattr(app.state, "login_throttle", None)
    if throttle is None:
        throttle = app.state.login_throttle = LoginThrottle(get_store_of(app))
    return throttle


def password_cost(app: Any) -> Argon2Cost:
    return COSTS.get(app.state.settings.password_cost, COSTS["standard"])


def _cached_caller(app: Any, key: str, look_up: Callable[[], Caller | None]) -> Caller | None:
    """The caller cached under ``key``, else ``look_up()`` (a database read), cached when found."""
    cache = credential_cache(app)
    found = cache.get(key)
    if found is not None:
        return found
    caller = look_up()
    if caller is not None:
        cache.put(key, caller)
    return caller


def _token_caller(app: Any, store: Store, token: str) -> Caller | None:
    token_hash = accounts.digest(token)

    def look_up() -> Caller | None:
        looked = accounts.token_account(store=store, token_hash=token_hash)
        return None if looked is None else Caller(looked[0], token_hash=token_hash)

    return _cached_caller(app, "t:" + token_hash, look_up)


def _session_caller(app: Any, store: Store, secret: str) -> Caller | None:
    def look_up() -> Caller | None:
        looked = accounts.session_of(store=store, secret=secret)
        if looked is None:
            return None
        session, account = looked
        return Caller(account, session_hash=session.id_hash, csrf_token=session.csrf_token)

    return _cached_caller(app, "s:" + accounts.digest(secret), look_up)


def _bearer(value: str | None) -> str | None:
    if not value:
        return None
    scheme, _, token = value.strip().partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else ""


def api_caller_from(app: Any, authorization: str | None, cookie: str | None, csrf_header: str | None) -> Caller:
    """The caller of an API request (see the module docstring), else ``NotAuthenticated``.
    Blocking (a database read on a cache miss): call it off the event loop."""
    store = get_store_of(app)
    token = _bearer(authorization)
    if token is not None:
        caller = _token_caller(app, store, token) if token else None
        if caller is None:
            raise NotAuthenticated("the access token is unknown, expired or revoked; get a new one "
                                   "with POST /api/v1/tokens")
        return caller
    if cookie and csrf_header:
        caller = _session_caller(app, store, cookie)
        if caller is not None and caller.csrf_token is not None \
                and hmac.compare_digest(caller.csrf_token.encode(), csrf_header.encode("utf-8", "replace")):
            return caller
    raise NotAuthenticated()


def get_store_of(app: Any) -> Store:
    from spinewise.web.state import app_store

    return app_store(app)


def cached_api_caller(app: Any, authorization: str | None) -> Caller | None:
    """The caller of a bearer token already in the cache (no blocking), else ``None``."""
    token = _bearer(authorization)
    if not token:
        return None
    return credential_cache(app).get("t:" + accounts.digest(token))


async def api_account(request: Request,
                      _scheme: HTTPAuthorizationCredentials | None = Depends(HTTPBearer(auto_error=False))) -> Caller:
    """The API's caller; 401 without a valid token (the ``HTTPBearer`` dependency puts
    the security scheme in the OpenAPI document)."""
    headers = request.headers
    authorization = headers.get("authorization")
    cached = cached_api_caller(request.app, authorization)
    if cached is not None:
        request.state.caller = cached
        return cached
    caller = await anyio.to_thread.run_sync(api_caller_from, request.app, authorization,
                                            request.cookies.get(SESSION_COOKIE), headers.get(CSRF_HEADER))
    request.state.caller = caller
    return caller


CallerDep = Annotated[Caller, Depends(api_account)]


def account_of(caller: CallerDep) -> Account:
    return caller.account


AccountDep = Annotated[Account, Depends(account_of)]


def own_person(caller: CallerDep, store: StoreDep) -> Person:
    """The caller's person; 404 before the intake."""
    from spinewise import training

    person_id = accounts.person_of(store=store, account_id=caller.account.id)
    if person_id is None:
        raise NotFoundError("person", "me")
    return training.get_person(store=store, person_id=person_id).person


PersonDep = Annotated[Person, Depends(own_person)]


# --- whose data: the one place that decides ---------------------------------------------
#
# A person's data is served to its owner, and, for reading only, to a coach the person's
# account has accepted (``spinewise.coaching``), each such read written to the access log
# ("read" of a short noun for the route: "person", "sessions", "progress"). A coach's
# writes on a client go through ``ClientPersonId`` only (logged as "change"); the
# lifter's own write routes take ``OwnedPersonId``/``OwnedSessionId`` and refuse a coach
# with a 404 exactly like anyone else's id. Consent is checked against the database on
# every request (never the credential cache): a revoked coach is refused at once.

READ_METHODS = frozenset({"GET", "HEAD"})
"""Requests that only read: the only ones a consenting coach may make on a lifter's routes."""


def _what(request: Request) -> str:
    """What the route shows, as the access log names it (``domain.coaching.what_of``)."""
    from spinewise.domain.coaching import what_of

    route = request.scope.get("route")
    return what_of(getattr(route, "path", None) or request.url.path)


def may_use_person(request: Request, account: Account, person_id: int, store: Store) -> bool:
    """Whether ``account`` may use ``person_id`` on this request: its owner always; a
    coach with the person's live consent on a reading request (logged)."""
    from spinewise import coaching

    if accounts.owns_person(store=store, account_id=account.id, person_id=person_id):
        return True
    if request.method not in READ_METHODS:
        return False
    return coaching.coach_access(store=store, account=account, person_id=person_id, action=coaching.READ,
                                 what=_what(request))


def owned_person_id(person_id: RowId, request: Request, caller: CallerDep, store: StoreDep) -> int:
    """A person id from the path that the caller may use: their own, or (reading only)
    a consenting client's; anyone else's is "not found", exactly like an id that does
    not exist."""
    if not may_use_person(request, caller.account, person_id, store):
        raise NotFoundError("person", str(person_id))
    return person_id


OwnedPersonId = Annotated[int, Depends(owned_person_id)]


def owned_session_id(session_id: RowId, request: Request, caller: CallerDep, store: StoreDep) -> int:
    """A session id from the path whose person the caller may use (as ``owned_person_id``);
    else "not found"."""
    from spinewise import coaching

    person_id = coaching.person_of_session(store=store, session_id=session_id)
    if person_id is None or not may_use_person(request, caller.account, person_id, store):
        raise NotFoundError("session", str(session_id))
    return session_id


OwnedSessionId = Annotated[int, Depends(owned_session_id)]


def client_person_id(person_id: RowId, request: Request, caller: CallerDep, store: StoreDep) -> int:
    """For coach-only routes that change a client's data (plan adjustments): a person
    whose account has a live link to the calling coach, the change logged as "change"
    of the route's noun. Anyone else (the lifter themself included) gets "not found".

    Use it as ``person_id: ClientPersonId`` on a route under ``/api/v1/coach/``; the
    route then does the change. The log entry is written before the route runs, so a
    change that then fails its own checks is still logged as attempted."""
    from spinewise import coaching

    if not coaching.coach_access(store=store, account=caller.account, person_id=person_id,
                                 action=coaching.CHANGE, what=_what(request)):
        raise NotFoundError("person", str(person_id))
    return person_id


ClientPersonId = Annotated[int, Depends(client_person_id)]


def coach_account(caller: CallerDep) -> Account:
    """The caller, who must be a coach: for a lifter the coach routes do not exist (404,
    the same answer as an unknown path)."""
    if caller.account.role != "coach":
        from starlette.exceptions import HTTPException

        raise HTTPException(404)
    return caller.account


CoachDep = Annotated[Account, Depends(coach_account)]


# --- pages ----------------------------------------------------------------------------------

class LoginRequired(Exception):
    """A page asked for without a session: answered with a redirect to log in."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


def page_caller_or_none(request: Request) -> Caller | None:
    secret = request.cookies.get(SESSION_COOKIE)
    caller = _session_caller(request.app, get_store(request), secret) if secret else None
    request.state.caller = caller
    return caller


def page_caller(request: Request) -> Caller:
    """The logged-in browser's caller; else a redirect to log in (to create the first
    account on a fresh install)."""
    caller = page_caller_or_none(request)
    if caller is None:
        first = not accounts.has_accounts(store=get_store(request))
        raise LoginRequired("/signup" if first else "/login")
    return caller


PageCallerDep = Annotated[Caller, Depends(page_caller)]


def page_person(caller: PageCallerDep, store: StoreDep) -> Person | None:
    """The logged-in account's person (``None`` before the intake)."""
    from spinewise import training

    person_id = accounts.person_of(store=store, account_id=caller.account.id)
    return None if person_id is None else training.get_person(store=store, person_id=person_id).person


PagePersonDep = Annotated[Person | None, Depends(page_person)]


def require_page_person(person: PagePersonDep) -> Person:
    if person is None:
        raise NotFoundError("person", "me")
    return person


RequiredPagePersonDep = Annotated[Person, Depends(require_page_person)]


def page_person_id(person_id: RowId, request: Request, caller: PageCallerDep, store: StoreDep) -> int:
    """A person id in a page's path that the logged-in account may read (``may_use_person``):
    the coach's client pages. Anyone else's is "not found"."""
    return owned_person_id(person_id, request, caller, store)


PagePersonId = Annotated[int, Depends(page_person_id)]


def page_client_person_id(person_id: RowId, request: Request, caller: PageCallerDep, store: StoreDep) -> int:
    """``client_person_id`` for the coach's pages (forms that change a client's plan):
    only a coach with a live link, logged as a change; anyone else "not found"."""
    return client_person_id(person_id, request, caller, store)


PageClientPersonId = Annotated[int, Depends(page_client_person_id)]


def page_coach(caller: PageCallerDep) -> Account:
    """The logged-in account, which must be a coach: the coach's pages do not exist for a lifter (404)."""
    return coach_account(caller)


PageCoachDep = Annotated[Account, Depends(page_coach)]


# --- cookies and CSRF -----------------------------------------------------------------------

def is_https(request: Request) -> bool:
    """Whether the browser reached us over https (the proxy's word only when trusted)."""
    if request.app.state.settings.trust_proxy:
        forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
        if forwarded:
            return forwarded == "https"
    return request.scope.get("scheme") == "https"


def client_address(request: Request) -> str:
    if request.app.state.settings.trust_proxy:
        forwarded = request.headers.get("x-forwarded-for", "").split(",")[0].strip()
        if forwarded:
            return forwarded[:64]
    client = request.scope.get("client")
    return str(client[0]) if client else "unknown"


def set_session_cookie(response: Any, request: Request, secret: str) -> None:
    response.set_cookie(SESSION_COOKIE, secret, max_age=int(accounts.service.SESSION_LIFETIME.total_seconds()),
                        httponly=True, samesite="lax", secure=is_https(request), path="/")


def clear_session_cookie(response: Any) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def csrf_token(request: Request) -> str:
    """The token this page's forms carry: the session's, else the pre-session one (made
    here when missing; ``remember_pre_session_token`` sets its cookie)."""
    caller: Caller | None = getattr(request.state, "caller", None)
    if caller is None and request.cookies.get(SESSION_COOKIE):
        caller = page_caller_or_none(request)
    if caller is not None and caller.csrf_token:
        return caller.csrf_token
    token = request.cookies.get(PRE_SESSION_COOKIE) or getattr(request.state, "new_pre_session", None)
    if not token:
        token = request.state.new_pre_session = secrets.token_urlsafe(24)
    return token


def remember_pre_session_token(response: Any, request: Request) -> None:
    token = getattr(request.state, "new_pre_session", None)
    if token:
        response.set_cookie(PRE_SESSION_COOKIE, token, httponly=True, samesite="strict",
                            secure=is_https(request), path="/")


def check_csrf(request: Request, form: dict[str, list[str]]) -> None:
    """403 (``CsrfRefused``) unless the form (or the ``X-CSRF-Token`` header, for htmx)
    carries this browser's token."""
    given = (form.get(CSRF_FIELD) or [""])[-1] or request.headers.get(CSRF_HEADER, "")
    caller: Caller | None = getattr(request.state, "caller", None)
    if caller is None and request.cookies.get(SESSION_COOKIE):
        caller = page_caller_or_none(request)
    expected = caller.csrf_token if caller is not None else request.cookies.get(PRE_SESSION_COOKIE)
    if not expected or not given or not hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace")):
        raise CsrfRefused()
