"""Reading HTML form posts: text fields to numbers, with the field named when they are not."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from fastapi import Request

from spinewise.domain.errors import InputError

Form = Mapping[str, Sequence[str]]
T = TypeVar("T")


async def form_data(request: Request) -> dict[str, list[str]]:
    """Every text field of a posted form, each with all its values."""
    form = await request.form()
    out: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            out.setdefault(key, []).append(value)
    return out


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
