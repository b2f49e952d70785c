"""An app on a fresh SQLite file per test, driven over HTTP in-process."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from spinewise.config import load_settings
from spinewise.library import example_intake
from spinewise.web import create_app
from tests.conftest import LOCAL


@pytest.fixture
def app(tmp_path: Path) -> Any:
    return create_app(load_settings(db=f"sqlite:///{tmp_path / 'e2e.sqlite3'}"))


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app, base_url=LOCAL) as c:
        yield c


@pytest.fixture
def desk_worker() -> dict[str, Any]:
    return copy.deepcopy(example_intake("desk-worker-flexion.json"))


@pytest.fixture
def saddle_numbness() -> dict[str, Any]:
    return copy.deepcopy(example_intake("saddle-numbness.json"))
