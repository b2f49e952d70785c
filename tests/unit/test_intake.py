"""The intake model accepts and rejects exactly what the contract's schema does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinewise.domain.errors import InputError
from spinewise.domain.intake import parse_intake
from spinewise.library import intake_schema

SCHEMA = intake_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
SHARED = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "intake.schema.json"


def schema_accepts(doc: object) -> bool:
    return VALIDATOR.is_valid(doc)


def model_accepts(doc: object) -> bool:
    try:
        parse_intake(doc)
    except InputError:
        return False
    return True


def test_the_packaged_schema_is_the_contracts_schema_when_shared_is_present():
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout")
    assert json.loads(SHARED.read_text()) == SCHEMA


def test_every_example_intake_is_valid_under_schema_and_model(example):
    name, doc = example
    assert schema_accepts(doc), name
    assert model_accepts(doc), name


@pytest.mark.parametrize(("doc", "field", "words"), [
    ({"age": 40, "pain": {"now": 11}}, "pain.now", "must be an integer from 0 to 10, got 11"),
    ({"age": 40}, "pain", "is required"),
    ({"pain": {"now": 1}}, "age", "is required"),
    ({"age": 15, "pain": {"now": 1}}, "age", "from 16 to 100, got 15"),
    ({"age": 40, "pain": {"now": 1}, "colour": "red"}, "colour", "not a known field"),
    ({"age": 40, "pain": {"now": 1}, "onset": "slow"}, "onset", "one of"),
    ({"age": 40, "pain": {"now": 1}, "red_flags": {"saddle_numbness": "yes"}}, "red_flags.saddle_numbness", "true or false"),
    ({"age": 40, "pain": {"now": 1}, "training": {"equipment": ["dumbbells", "dumbbells"]}}, "training.equipment", "repeat"),
    ({"age": 40, "pain": {"now": 1}, "training": {"equipment": ["sled"]}}, "training.equipment[0]", "one of"),
    ({"age": 40, "pain": {"now": 1}, "training": {"days_per_week": 7}}, "training.days_per_week", "from 2 to 6"),
    ({"age": 40, "pain": {"now": 1, "settles_within_hours": 200}}, "pain.settles_within_hours", "from 0 to 168"),
    ({"age": 40, "pain": {"now": 1}, "schema_version": 2}, "schema_version", "must be 1"),
    ({"age": True, "pain": {"now": 1}}, "age", "got true"),
    ([], "intake", "must be a JSON object"),
])
def test_bad_input_names_the_field_and_what_was_wrong(doc, field, words):
    assert not schema_accepts(doc)
    with pytest.raises(InputError) as caught:
        parse_intake(doc)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_integral_floats_are_integers_as_in_json_schema():
    doc = {"age": 40.0, "pain": {"now": 2.0}}
    assert schema_accepts(doc) and model_accepts(doc)


# --- Hypothesis: model and schema agree on generated documents -----------------

def _values_for(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Mostly-valid values for a schema node, with some invalid ones mixed in."""
    if "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].split("/")[-1]]
    junk = st.sampled_from([None, "x", -1, 3.5, True, [], {}, 1e9, 1.0])
    if node.get("type") == "object":
        return _object(node)
    if "enum" in node:
        return st.one_of(st.sampled_from(node["enum"]), junk)
    if "const" in node:
        return st.one_of(st.just(node["const"]), junk)
    kind = node.get("type")
    if kind == "boolean":
        return st.one_of(st.booleans(), junk)
    if kind == "integer":
        lo, hi = node.get("minimum", -5), node.get("maximum", 200)
        return st.one_of(st.integers(lo - 2, hi + 2), st.integers(lo, hi).map(float), junk)
    if kind == "number":
        lo, hi = node.get("minimum", -5), node.get("maximum", 200)
        return st.one_of(st.floats(lo - 1, hi + 1, allow_nan=False), st.integers(lo - 1, hi + 1), junk)
    if kind == "array":
        items = node["items"]
        return st.one_of(st.lists(_values_for(items), max_size=5), junk)
    return junk


def _object(node: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    props = node.get("properties", {})
    required = set(node.get("required", []))
    optional = {k: _values_for(v) for k, v in props.items() if k not in required}
    needed = {k: _values_for(v) for k, v in props.items() if k in required}
    base = st.fixed_dictionaries(needed, optional=optional)
    extra = st.dictionaries(st.sampled_from(["extra", "Age", "notes"]), st.integers(), max_size=1)
    dropped = st.sets(st.sampled_from(sorted(required) or ["_"]), max_size=1)

    def build(parts: tuple[dict[str, Any], dict[str, Any], set[str], int]) -> dict[str, Any]:
        doc, more, drop, roll = parts
        doc = dict(doc)
        if roll == 0:
            doc.update(more)
        if roll == 1:
            for key in drop:
                doc.pop(key, None)
        return doc

    return st.tuples(base, extra, dropped, st.integers(0, 9)).map(build)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_object(SCHEMA))
def test_model_and_schema_accept_and_reject_the_same_documents(doc):
    assert model_accepts(doc) == schema_accepts(doc), json.dumps(doc)


@settings(max_examples=200, deadline=None)
@given(_object(SCHEMA))
def test_rejections_always_name_a_field_in_one_line(doc):
    try:
        parse_intake(doc)
    except InputError as exc:
        assert exc.field
        assert "\n" not in str(exc)
