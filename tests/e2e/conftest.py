"""An app on a fresh SQLite file per test, driven over HTTP in-process.

``client`` is logged in (an account made through the sign-up page): its forms carry the
session's CSRF token and its API requests a bearer token (``tests.accounts``).
``anonymous`` has no account; ``other`` is a second account on the same app."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from spinewise.config import load_settings
from spinewise.library import example_intake
from spinewise.web import create_app
from tests.accounts import AccountClient, fast_settings, sign_up
from tests.conftest import LOCAL


@pytest.fixture
def app(tmp_path: Path) -> Any:
    return create_app(fast_settings(load_settings(db=f"sqlite:///{tmp_path / 'e2e.sqlite3'}")))


@pytest.fixture
def anonymous(app: Any) -> Iterator[AccountClient]:
    with AccountClient(app, base_url=LOCAL) as c:
        yield c


@pytest.fixture
def client(app: Any) -> Iterator[AccountClient]:
    with AccountClient(app, base_url=LOCAL) as c:
        yield sign_up(c)


@pytest.fixture
def other(app: Any, client: AccountClient) -> Iterator[AccountClient]:
    with AccountClient(app, base_url=LOCAL) as c:
        yield sign_up(c, "sam@example.com")


@pytest.fixture
def desk_worker() -> dict[str, Any]:
    return copy.deepcopy(example_intake("desk-worker-flexion.json"))


@pytest.fixture
def saddle_numbness() -> dict[str, Any]:
    return copy.deepcopy(example_intake("saddle-numbness.json"))
