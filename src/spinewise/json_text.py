"""Reading JSON text into values spinewise can store, naming the field when it cannot.

JSON can carry two things that parse but cannot be kept: a lone surrogate (``"\\ud800"``
is valid JSON, yet no UTF-8 text, so the database refuses it) and an integer longer
than Python converts (``int`` stops at ``sys.get_int_max_str_digits()`` digits). Both
are refused here with the path of the field (``notes``, ``values.trunk_flexor``), so
nothing downstream meets them.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from spinewise.domain.errors import InputError

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
"""A ``\\uD800``-``\\uDFFF`` escape: the only way a surrogate gets into parsed JSON
(the text itself was decoded from UTF-8, which cannot hold one)."""


class UnreadableValue(InputError):
    """Valid JSON holding a value spinewise cannot store (a 422 naming the field)."""


class _LongInteger:
    """Stands in for an integer too long to convert, until its field is found."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


def loads(text: str) -> Any:
    """``json.loads``, refusing lone surrogates and over-long integers with
    ``UnreadableValue`` naming the field (other errors as ``json.loads`` raises them)."""
    long_found = False
    limit = sys.get_int_max_str_digits() or sys.maxsize

    def parse_int(digits: str) -> Any:
        nonlocal long_found
        if len(digits) > limit:
            long_found = True
            return _LongInteger(len(digits))
        return int(digits)

    doc = json.loads(text, parse_int=parse_int)
    if long_found or _SURROGATE_ESCAPE.search(text):
        check_storable(doc)
    return doc


def text_problem(text: str) -> str | None:
    """Why a string cannot be stored as text, or ``None``."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return (f"contains {text[exc.start]!r}".encode("ascii", "backslashreplace").decode()
                + ", a lone surrogate, which is not text")
    return None


def check_storable(doc: Any, path: str = "") -> None:
    """Raise ``UnreadableValue`` for the first lone surrogate or over-long integer in
    ``doc`` (keys included), naming its path from the root (``body`` for the root)."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            field = f"{path}.{key}" if path else str(key)
            problem = text_problem(key)
            if problem is not None:
                raise UnreadableValue(path or "body", f"a field name {problem}")
            check_storable(value, field)
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            check_storable(value, f"{path}[{index}]")
    elif isinstance(doc, str):
        problem = text_problem(doc)
        if problem is not None:
            raise UnreadableValue(path or "body", problem)
    elif isinstance(doc, _LongInteger):
        raise UnreadableValue(path or "body", f"is a number {doc.digits} digits long; no field takes one that long")
