"""Set logging over HTTP under concurrency: the fast lane and the group-commit
writer behind it give the same answers, rows and error shapes as the declared route."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from spinewise.web.state import close_store
from tests.accounts import AccountClient, fast_settings, sign_up
from tests.conftest import LOCAL
from tests.e2e.test_api import assert_error
from tests.e2e.test_training_api import START, a_set
from tests.integration.test_group_commit import _run


@pytest.fixture
def session_id(client: Any, desk_worker: dict[str, Any]) -> int:
    person = client.post("/api/v1/people", json={"name": "Sam", "intake": desk_worker,
                                                 "start": START.isoformat()}).json()
    session = client.post(f"/api/v1/people/{person['id']}/sessions",
                          json={"date": START.isoformat(), "baseline_pain": 3}).json()
    return int(session["id"])


def test_concurrent_posts_store_each_client_id_once(app, client, session_id) -> None:  # type: ignore[no-untyped-def]
    ids = [f"c{n}" for n in range(40)] + [f"c{n}" for n in range(0, 40, 4)]

    async def post_all() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL,
                                     headers={"authorization": f"Bearer {client.token}"}) as http:
            return await asyncio.gather(*(http.post(f"/api/v1/sessions/{session_id}/sets",
                                                    json=a_set(client_id=i)) for i in ids))

    answers = _run(post_all())
    close_store(app)  # the writer was used from another event loop: start afresh
    assert sorted(a.status_code for a in answers) == [200] * 10 + [201] * 40
    by_id: dict[str, list[dict[str, Any]]] = {}
    for answer in answers:
        by_id.setdefault(answer.json()["set"]["client_id"], []).append(answer.json())
    for same in by_id.values():  # a retry answers with the first set and decision
        assert len({s["set"]["id"] for s in same}) == 1 and len({str(s["decision"]) for s in same}) == 1
    sessions = client.get("/api/v1/people/1/sessions").json()
    stored = [s for h in sessions for s in h["sets"]]
    assert len(stored) == 40
    assert sorted(s["number"] for s in stored) == list(range(1, 41))


@pytest.mark.parametrize(("path", "field"), [
    ("/api/v1/sessions/0/sets", "session_id"),
    ("/api/v1/sessions/99999999999999999999/sets", "session_id"),
    ("/api/v1/sessions/-3/sets", "session_id"),
    ("/api/v1/sessions/abc/sets", "session_id"),
])
def test_bad_session_ids_are_422(client, path, field) -> None:  # type: ignore[no-untyped-def]
    assert_error(client.post(path, json=a_set()), 422, "invalid_input", field)


def test_a_body_that_is_not_json_is_400(client, session_id) -> None:  # type: ignore[no-untyped-def]
    answer = client.post(f"/api/v1/sessions/{session_id}/sets", content=b"{not json",
                         headers={"content-type": "application/json"})
    assert_error(answer, 400, "malformed_json", "body")


def test_other_methods_on_the_sets_path_are_405(client, session_id) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"/api/v1/sessions/{session_id}/sets").status_code == 405


def test_the_endpoint_is_still_documented(client) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/sessions/{session_id}/sets"]


def test_an_id_beyond_the_database_range_is_a_422_not_a_server_error(client):
    for path in ("/api/v1/sessions/2147483648/sets", "/api/v1/people/99999999999/today"):
        response = client.post(path, json={}) if path.endswith("sets") else client.get(path)
        assert response.status_code == 422, (path, response.text)
        assert response.json()["error"]["field"]


def test_a_body_too_big_for_a_set_is_413_and_stores_nothing(client, session_id) -> None:  # type: ignore[no-untyped-def]
    from spinewise.web.routes.training_api import MAX_SET_BODY

    big = a_set(client_id="huge", notes="x" * (MAX_SET_BODY + 10))
    assert_error(client.post(f"/api/v1/sessions/{session_id}/sets", json=big), 413, "too_large", "body")
    assert client.get(f"/api/v1/sessions/{session_id}").json()["sets"] == []


@pytest.mark.parametrize(("content", "message"), [
    (b"", "body: is empty; send a JSON object"),
    (b"\xff\xfe", "body: is not UTF-8 text"),
    (b'{"pain": NaN', "body: is not valid JSON"),
])
def test_the_fast_lane_words_bad_bodies_like_every_other_route(client, session_id, content, message) -> None:  # type: ignore[no-untyped-def]
    """orjson reads the body first; what it refuses is judged by the one shared parser."""
    fast = client.post(f"/api/v1/sessions/{session_id}/sets", content=content,
                       headers={"content-type": "application/json"})
    other = client.post(f"/api/v1/sessions/{session_id}/end", content=content,
                        headers={"content-type": "application/json"})
    assert_error(fast, 400, "malformed_json", "body")
    assert fast.json()["error"]["message"].startswith(message)
    assert fast.json() == other.json()


def test_nan_in_a_set_is_refused_by_name_not_stored(client, session_id) -> None:  # type: ignore[no-untyped-def]
    body = b'{"client_id": "n1", "exercise": "goblet_squat", "reps": 8, "pain": NaN}'
    answer = client.post(f"/api/v1/sessions/{session_id}/sets", content=body,
                         headers={"content-type": "application/json"})
    assert_error(answer, 422, "invalid_input", "pain")
    assert client.get(f"/api/v1/sessions/{session_id}").json()["sets"] == []


def test_a_bug_in_the_fast_lane_is_a_500_in_the_api_shape(client, session_id, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from spinewise import training

    def broken(**_kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(training, "prepare_set", broken)
    answer = client.post(f"/api/v1/sessions/{session_id}/sets", json=a_set(client_id="b1"))
    assert_error(answer, 500, "internal_error", None)


@pytest.mark.parametrize("field", ["client_id", "exercise", "pain"])
def test_a_required_field_sent_as_null_is_a_422_naming_it(client, session_id, field) -> None:  # type: ignore[no-untyped-def]
    """Found by schemathesis: ``"pain": null`` reached the service as a missing argument (a 500)."""
    answer = client.post(f"/api/v1/sessions/{session_id}/sets", json=a_set(**{field: None}))
    assert_error(answer, 422, "invalid_input", field)
    assert "cannot be null" in answer.json()["error"]["message"]


def test_under_full_an_answered_set_has_had_its_log_synced(tmp_path, desk_worker) -> None:  # type: ignore[no-untyped-def]

    from spinewise.config import load_settings
    from spinewise.web import create_app
    from spinewise.web.state import get_set_writer

    settings = load_settings(db=f"sqlite:///{tmp_path / 'full.sqlite3'}",
                             environ={"SPINEWISE_SQLITE_SYNCHRONOUS": "FULL"})
    app = create_app(fast_settings(settings))
    with AccountClient(app, base_url=LOCAL) as client:
        sign_up(client)
        person = client.post("/api/v1/people", json={"name": "Sam", "intake": desk_worker,
                                                     "start": START.isoformat()}).json()
        session = client.post(f"/api/v1/people/{person['id']}/sessions", json={"baseline_pain": 3}).json()
        answers = [client.post(f"/api/v1/sessions/{session['id']}/sets", json=a_set(client_id=f"f{n}"))
                   for n in range(3)]
        writer = get_set_writer(app)
        assert [a.status_code for a in answers] == [201, 201, 201]
        assert writer.durable_log == str(tmp_path / "full.sqlite3") + "-wal"  # type: ignore[attr-defined]
        assert writer.syncs >= 3  # type: ignore[attr-defined]  # one per answer here: they came one by one
