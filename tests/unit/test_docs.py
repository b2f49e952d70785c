"""Docs are kept honest by tests: generated references are current, every command has
help, every rule has a rationale and a source."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinewise import docgen
from spinewise.domain.rules import all_rules

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", sorted(docgen.GENERATED))
def test_generated_reference_docs_are_up_to_date(name):
    committed = (DOCS / name).read_text(encoding="utf-8")
    assert committed == docgen.GENERATED[name](), f"docs/{name} is stale: run `make docs`"


def test_every_rule_has_a_message_rationale_and_source():
    registry = all_rules()
    assert len(registry) > 50
    for rule in registry:
        assert rule.message.strip() and rule.rationale.strip() and rule.source.strip(), rule.id
        assert rule.id == rule.id.upper()


def test_every_command_has_help():
    from spinewise.cli import full_app

    names = set()
    for command in full_app().registered_commands:
        assert (command.help or (command.callback.__doc__ or "")).strip(), command.callback.__name__
        names.add(command.name or command.callback.__name__)
    assert {"screen", "plan", "exercises", "explain", "rules"} <= names
