"""How values are written back in the contract's JSON words (in messages and answers)."""

from __future__ import annotations

import json


def shown(value: object) -> str:
    """A value as it would appear in the JSON the person sent, on one line: strings
    quoted (``"3"``), ``true``/``false``/``null``, numbers as written; a list or an
    object is named (``a list``, ``an object``) rather than copied out."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def json_number(value: float | None) -> int | float | None:
    """A number for JSON: whole numbers without the trailing ``.0``."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)
