"""Each input declared once (``spinewise.commands``): the API documents each body as its
command model's own schema, the set-logging fast lane reads a set exactly as the
declared route does, and the API, the form and the command line answer bad input with
the same words."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinewise import commands
from spinewise.commands import LogSet, command_schema, intake_body_schema
from tests.e2e.test_set_logging import session_id  # noqa: F401 (a fixture)
from tests.e2e.test_training_api import a_set
from tests.integration.test_isolation import every_route


def _body_models(app: Any) -> dict[tuple[str, str], type[Any]]:
    """Each API route's command model, found from the dependency that reads its body."""
    found: dict[tuple[str, str], type[Any]] = {}
    for route in every_route(app.routes):
        if not route.path.startswith("/api/"):
            continue
        waiting = [route.dependant]
        while waiting:
            current = waiting.pop()
            name = getattr(current.call, "__name__", "")
            if name.startswith("read_") and hasattr(commands, name.removeprefix("read_")):
                for method in route.methods:
                    found[(route.path, method.lower())] = getattr(commands, name.removeprefix("read_"))
            waiting.extend(current.dependencies)
    return found


def _no_defaults(schema: Any) -> Any:
    """The schema without ``default`` keys (the document leaves out ``"default": null``)."""
    if isinstance(schema, dict):
        return {k: _no_defaults(v) for k, v in schema.items() if k != "default"}
    if isinstance(schema, list):
        return [_no_defaults(v) for v in schema]
    return schema


def test_every_json_body_is_documented_by_its_command_model(app) -> None:  # type: ignore[no-untyped-def]
    spec = app.openapi()
    models = _body_models(app)
    # the set route reads its body itself (as the fast lane does): ``read_command(LogSet, ...)``
    models[("/api/v1/sessions/{session_id}/sets", "post")] = LogSet
    bodies = {(path, method): operation["requestBody"]["content"]["application/json"]["schema"]
              for path, item in spec["paths"].items() for method, operation in item.items()
              if "requestBody" in operation}
    assert len(models) >= 14
    for (path, method), schema in bodies.items():
        if (path, method) == ("/api/v1/screenings", "post"):
            assert schema == intake_body_schema()  # the body is an intake, as the contract says
            continue
        assert (path, method) in models, f"{method} {path} reads its body without a command model"
        expected = command_schema(models[(path, method)])
        assert _no_defaults(schema) == _no_defaults(expected), f"{method} {path}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(
    st.sampled_from(["client_id", "exercise", "pain", "reps", "seconds", "load", "unit", "tempo", "rpe",
                     "reps_in_reserve", "belt", "symptoms", "notes", "pain_one_sided", "extra"]),
    st.one_of(st.none(), st.booleans(), st.integers(-5, 1200), st.floats(allow_nan=False, allow_infinity=False),
              st.text(max_size=8), st.lists(st.sampled_from(["tingling", "burning", "nope"]), max_size=3)),
    max_size=4))
def test_the_fast_lane_reads_a_set_exactly_as_the_declared_route(app, client, session_id, monkeypatch,  # noqa: F811
                                                                 changes: dict[str, Any]) -> None:
    import spinewise.web.app as app_module

    body = {**a_set(client_id="h-" + str(abs(hash(repr(sorted(changes.items(), key=str)))))), **changes}
    fast = client.post(f"/api/v1/sessions/{session_id}/sets", json=body)
    with monkeypatch.context() as patched:  # no fast lane: the router and the declared route
        patched.setattr(app_module, "SET_PATH", re.compile(r"(?!)"))
        declared = client.post(f"/api/v1/sessions/{session_id}/sets", json=body)
    if fast.status_code in (200, 201):
        assert declared.status_code == 200  # the same set again: a replay
    else:
        assert (declared.status_code, declared.json()) == (fast.status_code, fast.json())


def test_bad_input_gets_the_same_words_from_the_api_the_form_and_the_command_line(
        client, session_id, tmp_path: Path) -> None:  # noqa: F811
    api = client.post(f"/api/v1/sessions/{session_id}/sets", json=a_set(pain=11))
    assert api.status_code == 422
    message = api.json()["error"]["message"]
    assert message == "pain: must be an integer from 0 to 10, got 11"
    form = client.post(f"/sessions/{session_id}/sets", data={"client_id": "form-1", "exercise": "goblet_squat",
                                                             "reps": "8", "pain": "11"})
    assert form.status_code == 422 and "must be an integer from 0 to 10, got 11" in form.text
    cli = subprocess.run([sys.executable, "-m", "spinewise", "log", "--db", str(tmp_path / "cli.sqlite3"),
                          "-e", "goblet_squat", "--reps", "8", "--pain", "11"],
                         capture_output=True, text=True, timeout=60)
    assert (cli.returncode, cli.stderr.strip()) == (2, f"error: {message}")


def test_a_command_names_the_unknown_field_and_lists_the_known_ones() -> None:
    from spinewise.domain.errors import InputError

    with pytest.raises(InputError) as refused:
        commands.read_command(commands.EndSession, {"pain_after": 2, "session_rpe": 5, "duration_minutes": 30,
                                                    "mood": "fine"})
    assert refused.value.field == "mood"
    assert refused.value.message == "is not a known field (known: pain_after, session_rpe, duration_minutes, notes)"
    with pytest.raises(InputError, match="pain: is required and cannot be null"):
        commands.read_command(LogSet, {**a_set(), "pain": None})
