"""The account pages over HTTP: sign-up on a fresh install, the session cookie's flags,
CSRF on every form, changing the password, and deleting the account from Settings."""

from __future__ import annotations

import dataclasses
from typing import Any

from spinewise.config import load_settings
from spinewise.web import create_app
from tests.accounts import PASSWORD, AccountClient, csrf_of, fast_settings, sign_up
from tests.conftest import LOCAL


def test_a_fresh_install_sends_every_page_to_create_the_first_account(anonymous) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/today", "/login", "/settings"):
        answer = anonymous.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/signup"), path
    assert "Create the first account" in anonymous.get("/signup").text


def test_the_session_cookie_is_httponly_lax_and_secure_only_behind_a_trusted_https_proxy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for trust, expect_secure in ((False, False), (True, True)):
        settings = dataclasses.replace(fast_settings(load_settings(db=f"sqlite:///{tmp_path / f'{trust}.sqlite3'}")),
                                       trust_proxy=trust)
        with AccountClient(create_app(settings), base_url=LOCAL) as client:
            form = client.get("/signup").text
            token = form.split('name="csrf_token" value="')[1].split('"')[0]
            answer = client.post("/signup", data={"email": "a@example.com", "password": PASSWORD, "csrf_token": token},
                                 headers={"x-forwarded-proto": "https"}, follow_redirects=False)
            cookie = answer.headers["set-cookie"]
            assert "HttpOnly" in cookie and "SameSite=lax" in cookie
            assert ("Secure" in cookie) is expect_secure, (trust, cookie)


def test_a_form_without_the_sessions_csrf_token_is_a_403(client) -> None:  # type: ignore[no-untyped-def]
    refused = client.post("/settings/password", data={"current_password": PASSWORD, "new_password": "x" * 12,
                                                      "csrf_token": "forged"})
    assert refused.status_code == 403
    other_session = client.post("/logout", data={"csrf_token": ""})
    assert other_session.status_code == 403
    assert client.get("/settings").status_code == 200  # still logged in


def test_changing_the_password_logs_out_other_browsers(app, client) -> None:  # type: ignore[no-untyped-def]
    with AccountClient(app, base_url=LOCAL) as laptop:
        from tests.accounts import log_in

        log_in(laptop, client.email)
        wrong = client.post("/settings/password", data={"current_password": "not it at all", "new_password": "y" * 12})
        assert wrong.status_code == 422
        changed = client.post("/settings/password", data={"current_password": PASSWORD,
                                                          "new_password": "a brand new pass"})
        assert changed.status_code == 200 and "Your password was changed" in changed.text
        assert laptop.get("/settings", follow_redirects=False).status_code == 303
    assert client.get("/settings").status_code == 200


def test_logging_out_ends_the_session_for_good(client) -> None:  # type: ignore[no-untyped-def]
    cookie = client.cookies.get("spinewise_session")
    assert client.post("/logout", follow_redirects=False).headers["location"] == "/login"
    client.cookies.set("spinewise_session", cookie)  # the old cookie, replayed
    assert client.get("/settings", follow_redirects=False).status_code == 303


def test_settings_download_and_delete(app, client, desk_worker: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    client.post("/api/v1/people", json={"name": "Quentin Exportable", "intake": desk_worker})
    download = client.get("/settings/export")
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    assert download.json()["person"]["name"] == "Quentin Exportable"
    kept = client.post("/settings/delete", data={"password": "not my password"})
    assert kept.status_code == 422 and "nothing was deleted" in kept.text
    gone = client.post("/settings/delete", data={"password": PASSWORD}, follow_redirects=False)
    assert gone.status_code == 303
    assert client.get("/api/v1/me").status_code == 401
    with AccountClient(app, base_url=LOCAL) as fresh:  # the email is free again
        sign_up(fresh, client.email)
        assert fresh.get("/api/v1/me").json()["person_id"] is None


def test_the_openapi_document_declares_the_bearer_scheme(client) -> None:  # type: ignore[no-untyped-def]
    document = client.get("/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme", "").lower() == "bearer" for s in schemes.values())
    assert document["paths"]["/api/v1/people/{person_id}"]["get"].get("security")
    assert not document["paths"]["/api/v1/screenings"]["post"].get("security")
    assert csrf_of(client)  # the settings page carries the token


def test_the_clock_is_a_dependency_tests_can_pin(app, client, desk_worker: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from spinewise.web.auth import FixedClock, get_clock

    person = client.post("/api/v1/people", json={"name": "Pia", "intake": desk_worker, "start": "2026-03-02"}).json()
    app.dependency_overrides[get_clock] = lambda: FixedClock(date(2026, 3, 4))
    try:
        session = client.post(f"/api/v1/people/{person['id']}/sessions", json={"baseline_pain": 2, "free": True})
        assert session.status_code == 201, session.text
        assert session.json()["date"] == "2026-03-04"
    finally:
        app.dependency_overrides.clear()


def test_no_route_reads_the_system_clock_itself() -> None:
    from pathlib import Path

    routes = Path(__file__).resolve().parents[2] / "src" / "spinewise" / "web" / "routes"
    for module in routes.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "date.today()" not in text and "datetime.now(" not in text, module.name
