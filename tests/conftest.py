"""Shared fixtures: example intakes and the exercise library."""

from __future__ import annotations

import asyncio
import copy
import socket
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from spinewise.library import example_intake, example_intake_names, load_catalog

EXAMPLES = example_intake_names()


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(params=EXAMPLES)
def example(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    return request.param, copy.deepcopy(example_intake(request.param))


def intake(**overrides: Any) -> dict[str, Any]:
    """A minimal valid intake with nested overrides (``pain={"now": 3}``)."""
    doc: dict[str, Any] = {"age": 35, "pain": {"now": 3, "average_week": 3}}
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(doc.get(key), dict):
            doc[key] = {**doc[key], **value}
        else:
            doc[key] = value
    return doc


def free_port() -> int:
    """A loopback port nobody listens on (for servers the tests start)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


LOCAL = "http://localhost"
"""The base URL of in-process test clients: a host the app answers to (the test
client's own default, ``testserver``, is refused by the Host check like any other)."""


def run_async(coro: Any) -> Any:
    """``asyncio.run`` in a thread of its own: the browser tests (which run first) keep
    Playwright's event loop running in the main thread for the whole session."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()

