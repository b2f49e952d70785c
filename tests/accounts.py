"""Test helpers for accounts: sign up through the pages, get a token through the API,
and a test client that sends both (the session cookie with each form's CSRF token, and
``Authorization: Bearer`` on the API)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from fastapi.testclient import TestClient

from spinewise.config import Settings

PASSWORD = "correct horse battery"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def fast_settings(settings: Settings) -> Settings:
    """Settings whose passwords hash with cheap Argon2 parameters (tests only)."""
    return dataclasses.replace(settings, password_cost="fast")


def csrf_of(client: TestClient, path: str = "/settings") -> str:
    found = CSRF_FIELD.search(client.get(path).text)
    assert found is not None, f"no CSRF field on {path}"
    return found[1]


class AccountClient(TestClient):
    """A test client logged in as one account: page forms get its CSRF token added,
    API requests its bearer token (unless the test sends its own headers)."""

    csrf: str | None = None
    token: str | None = None
    email: str = ""

    def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        path = str(url)
        is_api = "/api/" in path
        if is_api and self.token:
            headers = dict(kwargs.get("headers") or {})
            if not any(k.lower() == "authorization" for k in headers):
                headers["Authorization"] = f"Bearer {self.token}"
            kwargs["headers"] = headers
        elif method.upper() == "POST" and self.csrf and not is_api:
            data = kwargs.get("data")
            if data is None and kwargs.get("content") is None:
                kwargs["data"] = {"csrf_token": self.csrf}
            elif isinstance(data, dict) and "csrf_token" not in data:
                kwargs["data"] = {**data, "csrf_token": self.csrf}
            elif isinstance(data, list | tuple) and not any(k == "csrf_token" for k, _ in data):
                kwargs["data"] = [*data, ("csrf_token", self.csrf)]
        return super().request(method, url, *args, **kwargs)


def _through_form(client: AccountClient, path: str, email: str, password: str) -> AccountClient:
    """Post the sign-up or log-in form (``path``) with its CSRF token, then get an API token."""
    token = CSRF_FIELD.search(client.get(path).text)
    assert token is not None
    answer = client.post(path, data={"email": email, "password": password, "csrf_token": token[1]},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    client.csrf = csrf_of(client)
    issued = client.post("/api/v1/tokens", json={"email": email, "password": password})
    assert issued.status_code == 201, issued.text
    client.token = issued.json()["token"]
    client.email = email
    return client


def sign_up(client: AccountClient, email: str = "ana@example.com", password: str = PASSWORD) -> AccountClient:
    """Create the account through the sign-up page (logged in afterwards) and get a token."""
    return _through_form(client, "/signup", email, password)


def log_in(client: AccountClient, email: str, password: str = PASSWORD) -> AccountClient:
    """Log in through the log-in page (and get a token for the API)."""
    return _through_form(client, "/login", email, password)
