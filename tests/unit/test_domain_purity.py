"""The domain stays pure: no framework imports and no IO."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "src" / "spinewise" / "domain"
FORBIDDEN_MODULES = {"sqlalchemy", "fastapi", "starlette", "typer", "rich", "alembic", "psycopg", "httpx",
                     "uvicorn", "jinja2", "click", "requests", "socket", "sqlite3", "subprocess", "urllib", "platformdirs"}
FORBIDDEN_CALLS = {"open", "input", "print"}
FORBIDDEN_ATTRS = {("datetime", "now"), ("date", "today"), ("datetime", "today"), ("time", "time"),
                   ("Path", "read_text"), ("Path", "write_text"), ("os", "environ")}


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_domain_module_imports_no_framework_and_does_no_io(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                assert alias.name.split(".")[0] not in FORBIDDEN_MODULES, f"{path.name} imports {alias.name}"
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.module.split(".")[0] not in FORBIDDEN_MODULES | {"os", "pathlib"}, f"{path.name} imports {node.module}"
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                assert node.func.id not in FORBIDDEN_CALLS, f"{path.name} calls {node.func.id}()"
            if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                assert (node.func.value.id, node.func.attr) not in FORBIDDEN_ATTRS, f"{path.name} calls {node.func.value.id}.{node.func.attr}()"


def test_importing_the_domain_loads_no_framework():
    import subprocess
    import sys

    code = ("import sys; import spinewise.domain.planner, spinewise.domain.screening, spinewise.domain.rules;"
            "bad=[m for m in ('sqlalchemy','fastapi','typer','rich','starlette') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
