"""Everyone sees only their own: every route of the API and every page, walked with the
owner's account, a second account and no account, on SQLite and PostgreSQL.

The routes are enumerated from the app itself, so a route added later is walked too (and
a route that is neither known as stateless nor needs a token fails the matrix)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute

from spinewise.config import load_settings
from spinewise.library import example_intake
from spinewise.web import create_app
from tests.accounts import AccountClient, fast_settings, sign_up
from tests.conftest import LOCAL

OPEN_API = {("POST", "/api/v1/screenings"), ("POST", "/api/v1/plans"), ("POST", "/api/v1/explain"),
            ("GET", "/api/v1/exercises"), ("POST", "/api/v1/exercises/search"),
            ("GET", "/api/v1/exercises/{exercise_id}"), ("GET", "/api/v1/assessments/endurance"),
            ("POST", "/api/v1/tokens")}
"""The stateless routes the contract keeps open (and getting a token)."""
OPEN_PAGES = {"/signup", "/login", "/docs", "/manifest.webmanifest", "/sw.js", "/offline"}
"""Pages with no personal data that need no log-in: the account forms, the API's docs, and
the installable app's manifest, service worker and offline page (a browser fetches the
manifest without cookies and the worker before any page asks for it)."""
PUBLIC_BY_SECRET = {"/calendar/{secret}.ics"}
"""The calendar subscription: a phone's calendar app fetches it without cookies or tokens,
so the secret in the address is the credential (32 random bytes, stored hashed, replaced
from Settings). Without the secret it is a 404 (checked below), never a log-in redirect."""
DAY = "2026-03-03"
MISSING = 987654


@pytest.fixture
def world(db_url: str) -> Iterator[dict[str, Any]]:
    """An app with two accounts: Ana (a person, a session with a set, a check-in, habits,
    an assessment) and Sam (a person of his own); and a browser with no account."""
    app = create_app(fast_settings(load_settings(db_url)))
    with AccountClient(app, base_url=LOCAL) as ana, AccountClient(app, base_url=LOCAL) as sam, \
            AccountClient(app, base_url=LOCAL) as nobody:
        sign_up(ana, "ana@example.com")
        sign_up(sam, "sam@example.com")
        intake = example_intake("desk-worker-flexion.json")
        person = ana.post("/api/v1/people", json={"name": "Ana Secretname", "intake": intake,
                                                  "start": "2026-03-02"}).json()
        assert sam.post("/api/v1/people", json={"name": "Sam", "intake": intake}).status_code == 201
        session = ana.post(f"/api/v1/people/{person['id']}/sessions",
                           json={"date": "2026-03-02", "baseline_pain": 2}).json()
        logged = ana.post(f"/api/v1/sessions/{session['id']}/sets",
                          json={"client_id": "s1", "exercise": "goblet_squat", "reps": 8, "pain": 2})
        assert logged.status_code == 201, logged.text
        assert ana.post(f"/api/v1/people/{person['id']}/checkins", json={"date": DAY, "pain": 2}).status_code == 201
        assert ana.put(f"/api/v1/people/{person['id']}/habits/{DAY}", json={"hydration": True}).status_code == 200
        yield {"app": app, "ana": ana, "sam": sam, "nobody": nobody, "person": person["id"],
               "session": session["id"], "set": logged.json()["set"]["id"]}


def every_route(routes: Any) -> Iterator[APIRoute]:
    """Every declared route, also inside included routers (FastAPI keeps those nested;
    spinewise includes its routers without a prefix, so their paths are whole)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif getattr(route, "original_router", None) is not None:
            yield from every_route(route.original_router.routes)


def api_routes(app: Any) -> list[tuple[str, str]]:
    return sorted({(method, route.path) for route in every_route(app.routes)
                   if route.path.startswith("/api/") for method in route.methods})


def page_routes(app: Any) -> list[tuple[str, str]]:
    return sorted({(method, route.path) for route in every_route(app.routes)
                   if not route.path.startswith("/api/") for method in route.methods})


def fill(path: str, ids: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m[1], "goblet_squat")), path)


def body_for(path: str) -> dict[str, Any] | None:
    if path.endswith("/sets"):
        return {"client_id": "probe", "exercise": "goblet_squat", "reps": 8, "pain": 2}
    return {}


def call(client: AccountClient, method: str, path: str, **kwargs: Any) -> Any:
    body = body_for(path)
    if method in ("POST", "PUT", "PATCH", "DELETE") and body is not None:
        kwargs.setdefault("json", body)
    return client.request(method, path, follow_redirects=False, **kwargs)


def test_the_matrix_knows_every_api_route(world) -> None:  # type: ignore[no-untyped-def]
    routes = api_routes(world["app"])
    assert ("POST", "/api/v1/sessions/{session_id}/sets") in routes
    assert ("GET", "/api/v1/me/export") in routes
    assert len(routes) >= 25


def test_without_a_token_every_data_route_is_a_401(world) -> None:  # type: ignore[no-untyped-def]
    ids = {"person_id": world["person"], "session_id": world["session"], "day": DAY, "set_id": world["set"]}
    for method, path in api_routes(world["app"]):
        if (method, path) in OPEN_API:
            continue
        answer = call(world["nobody"], method, fill(path, ids))
        assert answer.status_code == 401, (method, path, answer.text)
        assert answer.json()["error"]["code"] == "unauthorized"
        assert answer.headers["www-authenticate"] == "Bearer"
        wrong = call(world["nobody"], method, fill(path, ids), headers={"authorization": "Bearer sw_not-a-token"})
        assert wrong.status_code == 401, (method, path)


def test_the_cookie_alone_never_opens_the_api(world) -> None:  # type: ignore[no-untyped-def]
    ana = world["ana"]
    path = f"/api/v1/people/{world['person']}"
    assert ana.get(path, headers={"authorization": ""}).status_code == 401  # session cookie, no CSRF header
    with_csrf = ana.get(path, headers={"authorization": "", "x-csrf-token": ana.csrf or ""})
    assert with_csrf.status_code == 200  # gym mode's way: the cookie with this page's token
    assert ana.get(path, headers={"authorization": "", "x-csrf-token": "forged"}).status_code == 401


def test_another_accounts_data_is_404_exactly_like_a_missing_id(world) -> None:  # type: ignore[no-untyped-def]
    sam = world["sam"]
    own = {"person_id": world["person"], "session_id": world["session"], "day": DAY, "set_id": world["set"]}
    missing = {"person_id": MISSING, "session_id": MISSING, "day": DAY, "set_id": world["set"]}
    walked = 0
    for method, path in api_routes(world["app"]):
        if (method, path) in OPEN_API or not re.search(r"\{(person_id|session_id)\}", path):
            continue
        theirs = call(sam, method, fill(path, own))
        absent = call(sam, method, fill(path, missing))
        assert theirs.status_code == absent.status_code == 404, (method, path, theirs.text, absent.text)
        assert theirs.text == absent.text.replace(str(MISSING), str(world["person"] if "person_id" in path
                                                                      else world["session"])), (method, path)
        walked += 1
    assert walked >= 15
    ana = world["ana"].get(f"/api/v1/sessions/{world['session']}").json()
    assert [s["client_id"] for s in ana["sets"]] == ["s1"]  # Sam's probes stored, changed and deleted nothing
    assert ana["sets"][0]["pain"] == 2 and ana["sets"][0]["edited_at"] is None


def test_a_set_is_found_only_inside_its_own_session(world) -> None:  # type: ignore[no-untyped-def]
    """Ana's own second session does not reach her first session's set: 404, and the set stays."""
    ana = world["ana"]
    other = ana.post(f"/api/v1/people/{world['person']}/sessions", json={"date": "2026-03-04", "baseline_pain": 2})
    assert other.status_code == 201, other.text
    wrong = f"/api/v1/sessions/{other.json()['id']}/sets/{world['set']}"
    assert ana.patch(wrong, json={"pain": 3}).status_code == 404
    assert ana.delete(wrong).status_code == 404
    sets = ana.get(f"/api/v1/sessions/{world['session']}").json()["sets"]
    assert [(s["id"], s["pain"]) for s in sets] == [(world["set"], 2)]


def test_routes_about_me_answer_about_the_caller_only(world) -> None:  # type: ignore[no-untyped-def]
    sam = world["sam"]
    me = sam.get("/api/v1/me").json()
    assert me["email"] == "sam@example.com" and me["role"] == "lifter" and me["person_id"] != world["person"]
    export = sam.get("/api/v1/me/export")
    assert export.status_code == 200 and "Secretname" not in export.text
    second = sam.post("/api/v1/people", json={"name": "Again", "intake": example_intake("desk-worker-flexion.json")})
    assert second.status_code == 409


def test_pages_without_an_account_redirect_to_log_in(world) -> None:  # type: ignore[no-untyped-def]
    ids = {"session_id": world["session"], "slug": "about", "ident": "goblet_squat"}
    for method, path in page_routes(world["app"]):
        if path in OPEN_PAGES:
            continue
        if path in PUBLIC_BY_SECRET:
            assert call(world["nobody"], method, fill(path, {"secret": "guessed"})).status_code == 404
            continue
        answer = call(world["nobody"], method, fill(path, ids), data={"x": "1"}) if method == "POST" \
            else world["nobody"].get(fill(path, ids), follow_redirects=False)
        if method == "POST" and answer.status_code == 403:  # no CSRF token: refused before anything
            continue
        assert answer.status_code == 303, (method, path, answer.status_code)
        assert answer.headers["location"].startswith("/login"), (method, path)


def test_another_accounts_session_page_is_404_like_a_missing_one(world) -> None:  # type: ignore[no-untyped-def]
    sam = world["sam"]
    for method, path in page_routes(world["app"]):
        if "{session_id}" not in path:
            continue
        theirs = call(sam, method, fill(path, {"session_id": world["session"]}), data={"pain": "2"})
        absent = call(sam, method, fill(path, {"session_id": MISSING}), data={"pain": "2"})
        assert theirs.status_code == absent.status_code == 404, (method, path)
        assert theirs.text.replace(f"&#39;{world['session']}&#39;", "N") == absent.text.replace(f"&#39;{MISSING}&#39;", "N")
