"""The set route's fast JSON parsing (orjson, falling back to the shared parser) reads
every body exactly as every other route does: the same document, or the same error."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from spinewise.domain.errors import InputError
from spinewise.web.bodies import parse_body
from spinewise.web.errors import MalformedBody
from spinewise.web.routes.training_api import _parse_json

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _outcome(parse: Any, raw: bytes) -> tuple[str, Any]:
    try:
        return "ok", _comparable(parse(raw))
    except MalformedBody as exc:
        return "malformed", str(exc)
    except InputError as exc:  # JSON holding what cannot be stored (a lone surrogate)
        return "invalid", str(exc)


def _comparable(value: Any) -> Any:
    """NaN is not equal to itself; compare it by name."""
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    return value


@settings(max_examples=400, deadline=None)
@given(_json_values)
def test_documents_written_by_any_client_read_the_same(value: Any) -> None:
    raw = json.dumps(value).encode()  # NaN, Infinity and huge integers included
    assert _outcome(_parse_json, raw) == _outcome(parse_body, raw)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=64) | st.text(max_size=40).map(str.encode))
def test_any_bytes_read_the_same(raw: bytes) -> None:
    assert _outcome(_parse_json, raw) == _outcome(parse_body, raw)


def test_a_byte_order_mark_and_duplicate_keys_read_the_same() -> None:
    for raw in (b'\xef\xbb\xbf{"pain": 2}', b'{"pain": 2, "pain": 3}', b' {"pain": 2} ', b'{"a": 1e400}',
                b'{"a": -0}', b'{"a": 1.0}', b'"\\ud800"', b"[1,]", b"{} {}"):
        assert _outcome(_parse_json, raw) == _outcome(parse_body, raw), raw


def test_deeply_nested_json_is_a_400_not_a_server_error(client) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.test_api import assert_error

    deep = b"[" * 5000 + b"]" * 5000
    for path in ("/api/v1/people", "/api/v1/sessions/1/sets", "/api/v1/people/1/checkins"):
        answer = client.post(path, content=deep, headers={"content-type": "application/json"})
        assert_error(answer, 400, "malformed_json", "body")
        assert "nested too deeply" in answer.json()["error"]["message"]
