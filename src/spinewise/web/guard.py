"""The checks every HTTP request passes before anything reads it, and the headers every
answer carries. ``SpinewiseApp`` runs them around everything, so the set-logging fast
lane (which skips the middleware and the router) gets exactly the same checks.

- **Host**: only the names in ``Settings.allowed_hosts`` (a 400 otherwise), so a page
  on another site cannot reach the app through a name it controls (DNS rebinding).
- **Cross-site writes**: a POST, PUT, PATCH or DELETE that a browser says comes from
  another site (``Sec-Fetch-Site``, else an ``Origin`` that is not this host) is a 403.
  Without accounts there is no session to tie a CSRF token to; the per-session token
  comes with accounts (issue 9), and this check stays under it.
- **JSON only** on the API: a body that is not ``application/json`` is a 415, which
  also keeps out the "simple" cross-site posts a browser sends without asking
  (``text/plain``, forms).
- **Body size**: a declared ``Content-Length`` over ``Settings.max_body_bytes`` is a
  413 before anything is read; a body without one (chunked) is counted as it arrives
  and refused (``BodyTooLarge``) the moment it passes the limit.
- **Headers** on every answer: a Content-Security-Policy that allows no inline script
  or style and no framing, ``nosniff``, ``Referrer-Policy: same-origin`` and, unless
  the answer says how it may be cached (the static files do), ``no-store``: pages and
  API answers carry personal health data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import orjson
from starlette.types import Message, Receive, Scope, Send

from spinewise.config import host_name
from spinewise.web.errors import API_PREFIX, BodyTooLarge, error_body

if TYPE_CHECKING:
    from spinewise.config import Settings

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""Scripts, styles, images and requests from this app only; no inline script or style
(data for scripts travels in ``<script type="application/json">`` blocks and data
attributes); never shown inside another site's frame. The service worker (``/sw.js``) and
the web app manifest come from this app only."""

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),  # frame-ancestors for browsers that predate it
)
NO_STORE = (b"cache-control", b"no-store")

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SAME_SITE_FETCHES = frozenset({b"same-origin", b"none"})
"""``Sec-Fetch-Site`` values a write is accepted with: from this app's own pages, or
typed by the user (``none``). ``same-site`` is a sibling subdomain: another origin."""

JSON_MEDIA_TYPE = "application/json"

App = Callable[[Scope, Receive, Send], Awaitable[None]]


class _RequestHeaders:
    """The few request headers the checks read, found in one pass."""

    __slots__ = ("content_length", "content_type", "host", "origin", "sec_fetch_site")

    def __init__(self, scope: Scope) -> None:
        self.host: bytes | None = None
        self.content_type: bytes | None = None
        self.content_length: bytes | None = None
        self.origin: bytes | None = None
        self.sec_fetch_site: bytes | None = None
        for name, value in scope["headers"]:
            if name == b"host":
                self.host = value
            elif name == b"content-type":
                self.content_type = value
            elif name == b"content-length":
                self.content_length = value
            elif name == b"origin":
                self.origin = value
            elif name == b"sec-fetch-site":
                self.sec_fetch_site = value


def request_host(header: bytes | None) -> str | None:
    """The host name of a ``Host`` header (``[::1]:8000`` -> ``::1``); ``None`` when it
    is missing or not a host at all."""
    if not header:
        return None
    try:
        text = header.decode("ascii")
    except UnicodeDecodeError:
        return None
    if text.startswith("["):
        end = text.find("]")
        if end < 0 or (text[end + 1:] and not text[end + 1:].startswith(":")):
            return None
        return host_name(text[: end + 1])
    name, _, port = text.partition(":")
    if ":" in port or (port and not port.isdigit()):
        return None
    return host_name(name)


class RequestGuard:
    """The checks and headers of the module docstring, for one app's settings."""

    def __init__(self, settings: Settings) -> None:
        self.allowed_hosts = frozenset(host_name(h) for h in settings.allowed_hosts)
        self.max_body_bytes = settings.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send, app: App) -> None:
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", ()))
                names = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in names)
                if b"cache-control" not in names:
                    headers.append(NO_STORE)
                message = {**message, "headers": headers}
            await send(message)

        headers = _RequestHeaders(scope)
        refusal = self.refusal(scope, headers)
        if refusal is not None:
            await _answer(scope, send_with_headers, *refusal)
            return
        if scope["method"] != "GET" and headers.content_length != b"0":
            receive = self._counted(receive)
        try:
            await app(scope, receive, send_with_headers)
        except BodyTooLarge as exc:  # read outside a route's error handling
            if started:
                raise
            await _answer(scope, send_with_headers, 413, "too_large", exc.message, "body")

    def refusal(self, scope: Scope, headers: _RequestHeaders) -> tuple[int, str, str, str | None] | None:
        """Why this request is refused before it is read (status, code, message, field), or None."""
        host = request_host(headers.host)
        if host is None or host not in self.allowed_hosts:
            shown = (headers.host or b"").decode("latin-1")[:100]
            return (400, "bad_request", f"Host {shown!r} is not one this app answers to; add it to "
                    "SPINEWISE_ALLOWED_HOSTS to serve it under that name", "host")
        if headers.content_length is not None:
            length = headers.content_length.strip()
            if not length.isdigit():
                return 400, "bad_request", "Content-Length must be a number of bytes", "content-length"
            if int(length) > self.max_body_bytes:
                return 413, "too_large", BodyTooLarge(self.max_body_bytes).message, "body"
        if scope["method"] not in WRITE_METHODS:
            return None
        if _cross_site(headers):
            return (403, "forbidden", "cross-site request refused: spinewise accepts changes only "
                    "from its own pages", "origin")
        if scope["path"].startswith(API_PREFIX):
            return _not_json(headers)
        return None

    def _counted(self, receive: Receive) -> Receive:
        """``receive`` that counts the body as it arrives and stops past the limit."""
        limit = self.max_body_bytes
        size = 0

        async def counted() -> Message:
            nonlocal size
            message = await receive()
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > limit:
                    raise BodyTooLarge(limit)
            return message

        return counted


def _cross_site(headers: _RequestHeaders) -> bool:
    """Whether a browser says this write comes from another site. Clients that are not
    browsers send neither header and are not refused here (the API's JSON-only rule and,
    later, its tokens stand for them)."""
    if headers.sec_fetch_site is not None:
        return headers.sec_fetch_site.strip().lower() not in SAME_SITE_FETCHES
    if headers.origin is None:
        return False
    origin = headers.origin.decode("latin-1").strip().lower()
    if origin == "null":  # a sandboxed frame, a file:// page, a redirect across sites
        return True
    return urlsplit(origin).netloc != (headers.host or b"").decode("latin-1").strip().lower()


def _not_json(headers: _RequestHeaders) -> tuple[int, str, str, str | None] | None:
    if headers.content_type is None:
        if headers.content_length in (None, b"0"):
            return None  # no body at all: the route says what it needs
        return 415, "unsupported_media_type", "Content-Type: send the body as application/json", "content-type"
    media_type = headers.content_type.decode("latin-1").split(";", 1)[0].strip().lower()
    if media_type == JSON_MEDIA_TYPE:
        return None
    return (415, "unsupported_media_type",
            f"Content-Type: must be application/json, got {media_type[:80]!r}", "content-type")


async def _answer(scope: Scope, send: Send, status: int, code: str, message: str, field: str | None) -> None:
    """A refusal: the API's error shape under ``/api/``, one line of text elsewhere."""
    if scope["path"].startswith(API_PREFIX):
        body = orjson.dumps(error_body(code, message, field))
        media_type = b"application/json"
    else:
        body = f"{message}\n".encode()
        media_type = b"text/plain; charset=utf-8"
    headers = [(b"content-type", media_type), (b"content-length", b"%d" % len(body))]
    if status == 413:  # the rest of the body is not read: the connection cannot be reused
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

