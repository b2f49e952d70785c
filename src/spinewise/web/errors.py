"""One error shape for the JSON API, and friendly pages for the HTML side.

Every error the API returns is ``{"error": {"code", "message", "field"}}`` with a 4xx
status: 422 for input that breaks the rules, 400 for a body that is not JSON, 404 for
an unknown id, 409 for a conflict with stored state. A 500 is only ever a bug.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from spinewise.accounts.errors import CsrfRefused, NotAuthenticated, TooManyAttempts
from spinewise.domain.errors import ConflictError, InputError, NotFoundError, SpinewiseError
from spinewise.printouts.pdf import PdfUnavailable
from spinewise.store.unit_of_work import NewerDatabase, StorageError

log = logging.getLogger("spinewise.web")

API_PREFIX = "/api/"

STATUS_CODES: dict[int, str] = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "too_large",
    415: "unsupported_media_type", 422: "invalid_input", 429: "too_many_requests",
    503: "storage_unavailable",
}


class MalformedBody(SpinewiseError):
    """The request body is not JSON at all."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BodyTooLarge(SpinewiseError):
    """The request body is bigger than the route accepts (a 413)."""

    def __init__(self, limit: int) -> None:
        self.message = f"body: must be at most {limit} bytes"
        super().__init__(self.message)


def printable(text: str) -> str:
    """Text that can be sent as UTF-8: a lone surrogate (which a JSON ``\\ud800`` escape
    can carry into a message) is written as its escape instead of breaking the answer."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    """The API's one error shape."""
    return {"error": {"code": code, "message": printable(message),
                      "field": None if field is None else printable(field)}}


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message", "field"],
        "properties": {
            "code": {"type": "string", "examples": ["invalid_input"]},
            "message": {"type": "string", "examples": ["pain.now: must be an integer from 0 to 10, got 11"]},
            "field": {"type": ["string", "null"], "examples": ["pain.now"]},
        },
    }},
}
"""OpenAPI schema of the error shape, for the routes' documented responses."""


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entries documenting the error shape for these statuses."""
    return {status: {"description": STATUS_CODES.get(status, "error").replace("_", " "),
                     "content": {"application/json": {"schema": ERROR_SCHEMA}}}
            for status in statuses}


def _json_error(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, field), status_code=status)


def api_error_response(exc: Exception) -> JSONResponse | None:
    """The API's answer to one of spinewise's typed errors; ``None`` for anything else.
    The exception handlers below and the set-logging fast lane (``training_api.log_set_fast``) share it."""
    if isinstance(exc, NotAuthenticated):
        response = _json_error(401, "unauthorized", exc.message, "authorization")
        response.headers["www-authenticate"] = "Bearer"
        return response
    if isinstance(exc, TooManyAttempts):
        response = _json_error(429, "too_many_requests", exc.message, None)
        response.headers["retry-after"] = str(exc.retry_after)
        return response
    if isinstance(exc, CsrfRefused):
        return _json_error(403, "forbidden", exc.message, "csrf_token")
    if isinstance(exc, InputError):
        return _json_error(422, "invalid_input", str(exc), exc.field or None)
    if isinstance(exc, NotFoundError):
        return _json_error(404, "not_found", str(exc), exc.kind)
    if isinstance(exc, ConflictError):
        return _json_error(409, "conflict", exc.message, exc.field)
    if isinstance(exc, MalformedBody):
        return _json_error(400, "malformed_json", exc.message, "body")
    if isinstance(exc, BodyTooLarge):
        return _json_error(413, "too_large", exc.message, "body")
    if isinstance(exc, StorageError):
        return _json_error(503, "storage_unavailable", str(exc))
    if isinstance(exc, PdfUnavailable):
        return _json_error(503, "pdf_unavailable", exc.message)
    if isinstance(exc, SpinewiseError):
        return _json_error(422, "invalid_input", str(exc))
    return None


def internal_error_response() -> JSONResponse:
    """The API's answer to a bug (the only 500 there is)."""
    return _json_error(500, "internal_error", "Something went wrong on our side.")


def _api_error(exc: Exception) -> Response:
    response = api_error_response(exc)
    assert response is not None
    return response


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _page_error(request: Request, status: int, title: str, message: str,
                headers: dict[str, str] | None = None) -> Response:
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(request, "error.html",
                                                    {"title": title, "message": printable(message),
                                                     "status": status},
                                                    status_code=status, headers=headers)
    return response


def _field_of(loc: tuple[Any, ...] | list[Any]) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or None


def install_error_handlers(app: FastAPI) -> None:
    """Turn spinewise's typed errors and FastAPI's own into the one shape (API) or a page."""

    from spinewise.web.auth import LoginRequired

    @app.exception_handler(LoginRequired)
    async def on_login_required(request: Request, exc: LoginRequired) -> Response:
        from fastapi.responses import RedirectResponse

        if request.method == "GET" and request.url.path not in ("/", exc.target):
            target = f"{exc.target}?next={quote(request.url.path, safe='/')}"
        else:
            target = exc.target
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(NotAuthenticated)
    async def on_not_authenticated(request: Request, exc: NotAuthenticated) -> Response:
        return _api_error(exc)

    @app.exception_handler(TooManyAttempts)
    async def on_too_many(request: Request, exc: TooManyAttempts) -> Response:
        if _is_api(request):
            return _api_error(exc)
        return _page_error(request, 429, "Too many tries", exc.message, {"retry-after": str(exc.retry_after)})

    @app.exception_handler(CsrfRefused)
    async def on_csrf(request: Request, exc: CsrfRefused) -> Response:
        if _is_api(request):
            return _api_error(exc)
        return _page_error(request, 403, "That form could not be accepted", exc.message)

    @app.exception_handler(InputError)
    async def on_input_error(request: Request, exc: InputError) -> Response:
        if _is_api(request):
            return _api_error(exc)
        return _page_error(request, 422, "That did not look right", str(exc))

    @app.exception_handler(NotFoundError)
    async def on_not_found(request: Request, exc: NotFoundError) -> Response:
        if _is_api(request):
            return _api_error(exc)
        return _page_error(request, 404, "Not found", f"There is no {exc.kind} called {exc.ident!r}.")

    @app.exception_handler(ConflictError)
    async def on_conflict(request: Request, exc: ConflictError) -> Response:
        if _is_api(request):
            return _api_error(exc)
        return _page_error(request, 409, "That clashes with what is saved", exc.message)

    @app.exception_handler(BodyTooLarge)
    async def on_too_large(request: Request, exc: BodyTooLarge) -> Response:
        if _is_api(request):
            return _api_error(exc)
        return _page_error(request, 413, "That was too much to send", exc.message)

    @app.exception_handler(MalformedBody)
    async def on_malformed(request: Request, exc: MalformedBody) -> Response:
        return _api_error(exc)

    @app.exception_handler(StorageError)
    async def on_storage_error(request: Request, exc: StorageError) -> Response:
        log.error("storage error on %s %s: %s", request.method, request.url.path, exc)
        if _is_api(request):
            return _api_error(exc)
        if isinstance(exc, NewerDatabase):
            return _page_error(request, 503, "This database is from a newer spinewise", str(exc))
        return _page_error(request, 503, "Nothing was saved", "The database could not be reached. Please try again.")

    @app.exception_handler(PdfUnavailable)
    async def on_pdf_unavailable(request: Request, exc: PdfUnavailable) -> Response:
        if _is_api(request):
            return _api_error(exc)
        return _page_error(request, 503, "PDFs cannot be made here", exc.message)

    @app.exception_handler(SpinewiseError)
    async def on_spinewise_error(request: Request, exc: SpinewiseError) -> Response:
        if _is_api(request):
            return _api_error(exc)
        return _page_error(request, 422, "That did not work", str(exc))

    @app.exception_handler(RequestValidationError)
    async def on_request_validation(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        first = errors[0] if errors else {}
        if first.get("type") == "json_invalid":
            return _json_error(400, "malformed_json", "body: is not valid JSON", "body")
        field = _field_of(first.get("loc", ()))
        message = str(first.get("msg", "is not valid"))
        text = f"{field}: {message}" if field else message
        if _is_api(request):
            return _json_error(422, "invalid_input", text, field)
        return _page_error(request, 422, "That did not look right", text)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = STATUS_CODES.get(exc.status_code, "error")
        message = str(exc.detail) if exc.detail else code.replace("_", " ")
        headers = dict(exc.headers) if exc.headers else None  # a 405's Allow
        if _is_api(request):
            response = _json_error(exc.status_code, code, message, None)
            if headers:
                response.headers.update(headers)
            return response
        if exc.status_code == 404:
            return _page_error(request, 404, "Page not found",
                               "There is no page here. Try the links above.")
        return _page_error(request, exc.status_code, "Something went wrong", message, headers)

    @app.exception_handler(ClientDisconnect)
    async def on_client_gone(request: Request, exc: ClientDisconnect) -> Response:
        # the client closed the connection before its body arrived (a load generator
        # stopping, a phone losing signal): nobody hears an answer, and it is no bug
        return Response(status_code=400)

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception) -> Response:  # pragma: no cover - bugs only
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        if _is_api(request):
            return internal_error_response()
        return _page_error(request, 500, "Something went wrong on our side",
                           "This is a bug in spinewise, not something you did.")
