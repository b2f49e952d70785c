"""Integration fixtures: a real SQLite file and a real PostgreSQL server.

PostgreSQL comes from ``SPINEWISE_TEST_POSTGRES_URL``. Without it the PostgreSQL
cases skip, unless ``SPINEWISE_REQUIRE_POSTGRES=1`` (as under CI), when they fail.
Each PostgreSQL test gets a fresh schema (``search_path``), dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from spinewise import training
from spinewise.config import load_settings
from spinewise.library import example_intake

POSTGRES_URL_ENV = "SPINEWISE_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "SPINEWISE_REQUIRE_POSTGRES"
MONDAY = date(2026, 1, 5)


def _unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
        pytest.fail(f"PostgreSQL is required ({REQUIRE_POSTGRES_ENV}=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections live in a fresh, empty schema."""
    base = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if not base:
        _unavailable(f"{POSTGRES_URL_ENV} is not set")
    from sqlalchemy import text

    from spinewise.store.engine import make_engine

    admin = make_engine(base)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # the server is down or refuses us
        admin.dispose()
        _unavailable(f"cannot reach PostgreSQL: {type(exc).__name__}: {exc}")
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'spinewise.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Any]:
    opened = training.open_store(load_settings(db_url))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def desk_worker() -> dict[str, Any]:
    """A flexion-sensitive desk worker, 3 days a week, dumbbells and kettlebells (kg)."""
    return example_intake("desk-worker-flexion.json")


@pytest.fixture
def person(store: Any, desk_worker: dict[str, Any]) -> Any:
    return training.create_person(store=store, name="Ana", intake=desk_worker, start=MONDAY)


@pytest.fixture
def run(tmp_path: Path) -> Any:
    """Run a ``spinewise`` command with ``--db`` on a fresh SQLite file (``input`` is typed in)."""
    from typer.testing import CliRunner

    from spinewise.cli import full_app

    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    app = full_app()

    def invoke(*args: str, input: str | None = None, db_option: bool = True) -> Any:
        argv = list(args) + (["--db", db] if db_option else [])
        return runner.invoke(app, argv, input=input)

    return invoke


@pytest.fixture
def intake_file(tmp_path: Path) -> Path:
    """The desk worker's intake (bending-sensitive, gets a plan) as a file."""
    from spinewise.library import _data_text

    path = tmp_path / "intake.json"
    path.write_text(_data_text("intakes/desk-worker-flexion.json"), encoding="utf-8")
    return path
