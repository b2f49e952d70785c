"""Reading JSON request bodies: parse them, read them as their command models
(``spinewise.commands``), name the field that is wrong."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Path, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from spinewise import services
from spinewise.commands import (
    DATE_SCHEMA as DATE_SCHEMA,  # the day pattern, for the query parameters
)
from spinewise.commands import command_schema, read_command
from spinewise.domain.calendar_days import calendar_day
from spinewise.domain.errors import InputError
from spinewise.domain.validation import DAY_TEXT
from spinewise.json_text import UnreadableValue
from spinewise.web.errors import MalformedBody

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

MAX_ROW_ID = 2**31 - 1
"""Ids are 32-bit integer columns in PostgreSQL (and fit SQLite's 64-bit rowids)."""
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="A stored id.")]
"""A database id in a path: bigger numbers cannot exist, so they are refused up front."""


PARSE_IN_THREAD_BYTES = 64 * 1024
"""Bodies bigger than this are parsed on a worker thread, so one big body does not
hold up every other request while it is read (the largest allowed is
``Settings.max_body_bytes``)."""


async def read_json(request: Request) -> Any:
    """The request body as JSON; a body that is not JSON is a 400 ``malformed_json``."""
    raw = await request.body()
    if len(raw) > PARSE_IN_THREAD_BYTES:
        return await run_in_threadpool(parse_body, raw)
    return parse_body(raw)


def command(model: type[M]) -> Callable[[Any], Awaitable[M]]:
    """A dependency reading the JSON body as the command ``model`` (``commands.read_command``):
    a 400 for a body that is not JSON, a 422 naming the first field that is wrong.

    A route whose path names a person or a session lists ``PARSE_FIRST`` in its
    ``dependencies``: the body is parsed (400) before the id is checked (404, also for
    another account's id), and read as the command (422) after."""
    async def read(doc: Any = Depends(read_json)) -> M:
        return read_command(model, doc)

    read.__name__ = f"read_{model.__name__}"
    return read


def optional_command(model: type[M]) -> Callable[[Request], Awaitable[M]]:
    """As ``command``, for a command with nothing to send: an absent (empty) body reads
    as ``{}``; anything else is parsed and read as the model (unknown fields are a 422)."""
    async def read(request: Request) -> M:
        raw = await request.body()
        return read_command(model, parse_body(raw) if raw.strip() else {})

    read.__name__ = f"read_{model.__name__}"
    return read


PARSE_FIRST = [Depends(read_json)]
"""Route dependencies: parse the JSON body before anything else (see ``command``)."""


def command_body(model: type[BaseModel], description: str | None = None, *, required: bool = True) -> dict[str, Any]:
    """``openapi_extra`` documenting a route's JSON body: the command model's own schema
    (``required=False`` for ``optional_command``: the body may be left out)."""
    doc = description or " ".join((model.__doc__ or "").split())
    return {"requestBody": {"required": required, "description": doc,
                            "content": {"application/json": {"schema": command_schema(model)}}}}


def parse_body(raw: bytes) -> Any:
    """A request body as JSON, or ``MalformedBody`` saying what is wrong with it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedBody("body: is not UTF-8 text") from None
    if not text.strip():
        raise MalformedBody("body: is empty; send a JSON object")
    try:
        return services.parse_json_text(text, what="body")
    except UnreadableValue:  # JSON, but a field holds what cannot be stored: a 422 naming it
        raise
    except InputError as exc:
        raise MalformedBody(str(exc)) from None


def nested(prefix: str, action: Callable[[], T]) -> T:
    """Run a service call on a nested document; errors name the field from the body's root."""
    try:
        return action()
    except InputError as exc:
        if exc.field and exc.field != prefix:
            raise InputError(f"{prefix}.{exc.field}", exc.message) from None
        raise


def iso_date(value: Any, field: str = "date", *, default: date | None = None) -> date:
    """A ``YYYY-MM-DD`` date (today's date when absent and no other default is given)."""
    if value is None:
        return default or date.today()
    if isinstance(value, date):
        return calendar_day(value, field)
    if not isinstance(value, str) or not DAY_TEXT.fullmatch(value):
        # Python 3.11 also reads 20260301 and 2026-W09-1: the API takes the one form it documents
        raise InputError(field, f"must be a date like 2026-03-01, got {value!r}")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InputError(field, f"must be a date like 2026-03-01, got {value!r}") from None
    return calendar_day(day, field)


def known_query_only(request: Request) -> None:
    """Refuse a query parameter the route does not take (a 422 naming it), as ``fields``
    refuses an unknown key in a body: a misspelt ``?sinse=`` must not be ignored silently."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known: set[str] = set()
    waiting = [dependant]
    while waiting:  # the route's own query parameters and its dependencies'
        current = waiting.pop()
        known.update(param.alias for param in current.query_params)
        waiting.extend(current.dependencies)
    for key in request.query_params:
        if key not in known:
            listed = ", ".join(sorted(known)) or "none"
            raise InputError(key or "query", f"is not a known query parameter (known: {listed})")


def no_query(query_string: bytes) -> None:
    """The same refusal for a route that takes no query parameters, from the raw query."""
    if query_string:
        key = query_string.split(b"&", 1)[0].split(b"=", 1)[0].decode("latin-1")
        raise InputError(key or "query", "is not a known query parameter (known: none)")
