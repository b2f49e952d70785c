"""Reading HTML form posts: text fields to numbers, with the field named when they are not."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar
from urllib.parse import unquote_to_bytes

from fastapi import HTTPException, Request

from spinewise.domain.errors import InputError

Form = Mapping[str, Sequence[str]]
T = TypeVar("T")


FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
"""What spinewise's pages post (none of them uploads a file)."""


async def form_data(request: Request) -> dict[str, list[str]]:
    """Every field of a posted form, each with all its values (see ``parse_form``),
    once its CSRF token has been checked (a 403 otherwise: ``auth.check_csrf``).
    A body of another kind (multipart, JSON) is a 415."""
    from spinewise.web.auth import check_csrf

    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type not in (FORM_MEDIA_TYPE, ""):
        raise HTTPException(415, f"Content-Type: forms are sent as {FORM_MEDIA_TYPE}, got {media_type[:80]!r}")
    form = parse_form(await request.body())
    check_csrf(request, form)
    return form


def parse_form(raw: bytes) -> dict[str, list[str]]:
    """The fields of a URL-encoded form. Names and values must be UTF-8 text: anything
    else (a stray byte, an encoded surrogate) is refused naming the field, where a
    lenient decoder would store replacement characters instead."""
    out: dict[str, list[str]] = {}
    for pair in raw.split(b"&"):
        if not pair:
            continue
        encoded_name, _, encoded_value = pair.partition(b"=")
        name = _decoded(encoded_name, "form", "a field name is not UTF-8 text")
        out.setdefault(name, []).append(_decoded(encoded_value, name, "is not UTF-8 text"))
    return out


def _decoded(encoded: bytes, field: str, problem: str) -> str:
    try:
        return unquote_to_bytes(encoded.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(field, problem) from None


def _text(form: Form, name: str) -> str:
    values = [v for v in form.get(name, ()) if v.strip()]
    return values[-1].strip().replace(",", ".") if values else ""


def number(form: Form, name: str) -> float | None:
    """A decimal field (``None`` when left empty)."""
    text = _text(form, name)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InputError(name, f"must be a number, got \"{text}\"") from None


def needed(value: T | None, name: str) -> T:
    """The value of a field that must be filled in."""
    if value is None:
        raise InputError(name, "is needed")
    return value


def whole(form: Form, name: str) -> int | None:
    """A whole-number field (``None`` when left empty)."""
    value = number(form, name)
    if value is None:
        return None
    if not value.is_integer():
        raise InputError(name, f"must be a whole number, got {value:g}")
    return int(value)
