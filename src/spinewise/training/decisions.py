"""The contract's pure decisions behind ``spinewise monitor`` and ``spinewise next``: no
store, one input document in, one JSON answer out.
"""

from __future__ import annotations

from typing import Any

from spinewise.domain.catalog import Catalog
from spinewise.domain.monitor import decide_after_set
from spinewise.domain.next_input import NextInput, parse_next_input
from spinewise.domain.progression import next_prescription
from spinewise.library import load_catalog


def monitor_decision(*, document: object, catalog: Catalog | None = None) -> dict[str, Any]:
    """The contract's ``spinewise monitor`` answer for one input document."""
    from spinewise.domain.monitor import parse_monitor_input

    return decide_after_set(parse_monitor_input(document), catalog=catalog or load_catalog()).to_json()


def next_decision(*, document: object, catalog: Catalog | None = None) -> dict[str, Any]:
    """The contract's ``spinewise next`` answer for one input document."""
    data: NextInput = parse_next_input(document)
    return next_prescription(data, catalog=catalog or load_catalog()).to_json()
