"""``SPINEWISE_FAST_LANE``: on (the default) a logged set skips FastAPI's middleware and
router; off, it goes through the declared route. The answers and rows are the same
either way (the switch exists to measure the lane, docs/benchmarks.md)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from spinewise.config import load_settings
from spinewise.domain.errors import InputError
from spinewise.web import create_app
from tests.accounts import AccountClient, fast_settings, sign_up
from tests.conftest import LOCAL, run_async
from tests.e2e.test_training_api import START, a_set


@pytest.mark.parametrize(("value", "expected"), [(None, True), ("", True), ("1", True), ("on", True),
                                                 ("0", False), ("off", False), ("false", False)])
def test_the_fast_lane_is_on_unless_the_environment_turns_it_off(tmp_path: Path, value: str | None,
                                                                 expected: bool) -> None:
    environ = {} if value is None else {"SPINEWISE_FAST_LANE": value}
    assert load_settings(db=f"sqlite:///{tmp_path / 'x.sqlite3'}", environ=environ).fast_lane is expected


def test_a_fast_lane_setting_that_is_not_a_flag_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_settings(db=f"sqlite:///{tmp_path / 'x.sqlite3'}", environ={"SPINEWISE_FAST_LANE": "maybe"})
    assert caught.value.field == "SPINEWISE_FAST_LANE"


def _log_two_sets(tmp_path: Path, desk_worker: dict[str, Any], *, fast_lane: bool) -> list[Any]:
    settings = load_settings(db=f"sqlite:///{tmp_path / f'lane-{fast_lane}.sqlite3'}")
    app = create_app(fast_settings(dataclasses.replace(settings, fast_lane=fast_lane)))
    with AccountClient(app, base_url=LOCAL) as client:
        sign_up(client)
        person = client.post("/api/v1/people", json={"name": "Sam", "intake": desk_worker,
                                                     "start": START.isoformat()}).json()
        session = client.post(f"/api/v1/people/{person['id']}/sessions",
                              json={"date": START.isoformat(), "baseline_pain": 3}).json()
        path = f"/api/v1/sessions/{session['id']}/sets"
        answers = [client.post(path, json=a_set(client_id="s1")), client.post(path, json=a_set(client_id="s1")),
                   client.post(path, json=a_set(client_id="s2", pain=11)),
                   client.post(path, json=a_set(client_id="s3", exercise="no_such_lift"))]
        stored = client.get(f"/api/v1/sessions/{session['id']}").json()["sets"]
    return [(a.status_code, a.json()) for a in answers] + [len(stored)]


def _without_times(found: list[Any]) -> list[Any]:
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k != "logged_at"}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value
    return clean(found)  # type: ignore[no-any-return]


def test_off_the_declared_route_answers_exactly_as_the_fast_lane(tmp_path: Path, desk_worker: dict[str, Any]) -> None:
    fast = _log_two_sets(tmp_path, desk_worker, fast_lane=True)
    routed = _log_two_sets(tmp_path, desk_worker, fast_lane=False)
    assert [status for status, _ in fast[:4]] == [201, 200, 422, 422]
    assert fast[4] == 1
    assert _without_times(routed) == _without_times(fast)


def test_off_a_set_never_reaches_the_fast_lane(tmp_path: Path, desk_worker: dict[str, Any],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The switch really switches: with the lane broken, only the lane's app fails."""
    import spinewise.web.app as web_app

    async def broken(*_args: Any) -> None:
        raise RuntimeError("the fast lane was taken")

    monkeypatch.setattr(web_app, "log_set_fast", broken)
    routed = _log_two_sets(tmp_path, desk_worker, fast_lane=False)
    assert routed[0][0] == 201
    with pytest.raises(RuntimeError, match="the fast lane was taken"):
        _log_two_sets(tmp_path, desk_worker, fast_lane=True)


def test_a_client_that_hangs_up_before_its_body_is_not_logged_as_a_bug(
        tmp_path: Path, desk_worker: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    """Found measuring the declared route: wrk stopping mid-request logged a traceback
    and an "unhandled error" for every set in flight."""
    settings = load_settings(db=f"sqlite:///{tmp_path / 'gone.sqlite3'}")
    app = create_app(fast_settings(dataclasses.replace(settings, fast_lane=False)))
    with AccountClient(app, base_url=LOCAL) as client:
        sign_up(client)
        token = client.token
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/api/v1/sessions/1/sets", "raw_path": b"/api/v1/sessions/1/sets",
             "query_string": b"", "root_path": "", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 5000),
             "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                         (b"content-length", b"90"), (b"authorization", f"Bearer {token}".encode())]}
    with caplog.at_level("ERROR"):
        run_async(app(scope, receive, send))
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert sent[0]["status"] == 400
