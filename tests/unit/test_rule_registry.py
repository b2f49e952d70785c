"""The rule registry: built without an import loop, and every rule id the code or the
docs mention is a registered rule."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from spinewise.domain import rules as registry_module
from spinewise.domain.rule import Rule
from spinewise.domain.rules import RULE_SETS, all_rules

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "src" / "spinewise" / "domain"

RULE_ID = re.compile(
    r"(?<![A-Za-z0-9_-])"
    r"(?:RF|SIGN|CLEAR|PATTERN|IRRIT|PSY|PLAN|MON|PROG|REC|COACH)"
    r"(?:-[A-Z0-9]+)+(?:-\*)?"
    r"(?![A-Za-z0-9_])")
"""What a rule id looks like: an area prefix (the prefixes the registry uses) and
upper-case words joined by hyphens (``RF-CES-SADDLE``). ``PLAN-SUB-*`` names a family."""

SCANNED_SUFFIXES = {".py", ".md", ".html", ".js", ".toml", ".json", ".txt"}


def _rule_modules() -> list[str]:
    """The modules the registry is built from (each defines ``RULES``)."""
    tree = ast.parse(Path(registry_module.__file__).read_text(encoding="utf-8"))
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "spinewise.domain":
            names.extend(alias.name for alias in node.names)
    return names


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_rule_modules_never_import_the_registry():
    modules = _rule_modules()
    assert {"screening_rules", "plan_rules", "monitor_rules", "progression_rules", "recovery"} <= set(modules)
    for name in modules:
        imported = _imports(DOMAIN / f"{name}.py")
        assert "spinewise.domain.rules" not in imported, f"{name}.py imports the registry (an import loop)"


def test_rule_module_has_no_dependency_on_the_registry():
    assert _imports(DOMAIN / "rule.py") <= {"__future__", "__future__.annotations", "dataclasses",
                                           "dataclasses.dataclass", "typing", "typing.Literal"}


def test_registry_holds_every_rule_of_every_module_once():
    registry = all_rules()
    listed = [rule for rules in RULE_SETS for rule in rules]
    assert all(isinstance(rule, Rule) for rule in listed)
    assert len(registry) == len(listed) == len({rule.id for rule in listed})


def _mentioned_ids() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for folder in (ROOT / "src", ROOT / "docs"):
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix not in SCANNED_SUFFIXES or "vendor" in path.parts:
                continue
            for match in RULE_ID.finditer(path.read_text(encoding="utf-8", errors="replace")):
                found.setdefault(match.group(0), set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_rule_id_written_in_src_and_docs_is_registered():
    ids = {rule.id for rule in all_rules()}
    mentioned = _mentioned_ids()
    assert len(mentioned) > 50  # the scan really finds the ids the code uses
    unknown = {}
    for name, where in mentioned.items():
        if name.endswith("-*"):
            if not any(i.startswith(name[:-1]) for i in ids):
                unknown[name] = sorted(where)
        elif name not in ids:
            unknown[name] = sorted(where)
    assert not unknown, f"rule ids that are not in the registry: {unknown}"


def test_the_id_pattern_matches_every_registered_id():
    for rule in all_rules():
        assert RULE_ID.fullmatch(rule.id), rule.id
