"""Reads the packaged data files (the exercise library, example intakes, the schema).

This is the IO edge for data that ships with spinewise; the domain only parses text.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from spinewise.domain.catalog import Catalog, parse_catalog


def _data_text(name: str) -> str:
    return resources.files("spinewise").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The validated exercise library (parsed once per process)."""
    return parse_catalog(_data_text("exercises.toml"))


@lru_cache(maxsize=1)
def intake_schema() -> dict[str, Any]:
    """The intake JSON Schema (a copy of the contract's, shipped in the package)."""
    result: dict[str, Any] = json.loads(_data_text("intake.schema.json"))
    return result


def example_intake_names() -> list[str]:
    folder = resources.files("spinewise").joinpath("data", "intakes")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))


def example_intake(name: str) -> dict[str, Any]:
    """An example intake by file name (``desk-worker-flexion.json``)."""
    result: dict[str, Any] = json.loads(_data_text(f"intakes/{name}"))
    return result
