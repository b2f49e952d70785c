"""The store and the use cases know nothing of HTTP: no web framework, no ``spinewise.web``.

The batched set writer (``training.set_writer``) lives here too, because it is about
SQLite and PostgreSQL; only creating it for the app and closing it is web glue.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "spinewise"
WEB_MODULES = {"fastapi", "starlette", "uvicorn", "jinja2", "httpx", "h11", "multipart", "python_multipart"}
"""Web frameworks and servers (and what they are built on) that the store must not import."""


def _modules(package: str) -> list[Path]:
    return sorted((PACKAGE / package).rglob("*.py"))


def _imports(path: Path) -> list[str]:
    """Every module a file imports, at its top or inside a function."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _is_web(module: str) -> bool:
    return module.split(".")[0] in WEB_MODULES or module == "spinewise.web" or module.startswith("spinewise.web.")


@pytest.mark.parametrize("path", _modules("store") + _modules("training"),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_store_and_training_modules_import_no_web_framework(path):
    web = [name for name in _imports(path) if _is_web(name)]
    assert web == [], f"{path.relative_to(PACKAGE)} imports {web}"


@pytest.mark.parametrize("path", _modules("store"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_store_modules_do_not_import_the_use_cases(path):
    """The store is beneath the use cases: ``training`` uses it, never the other way round."""
    upward = [name for name in _imports(path) if name.startswith("spinewise.training") or name == "spinewise.services"
              or name.startswith(("spinewise.cli", "spinewise.accounts"))]
    assert upward == [], f"{path.relative_to(PACKAGE)} imports {upward}"


def test_the_set_writer_is_not_in_web():
    assert not (PACKAGE / "web" / "set_writer.py").exists()
    assert (PACKAGE / "training" / "set_writer.py").exists()


def test_importing_the_store_and_the_set_writer_loads_no_web_framework():
    code = (
        "import importlib, pkgutil, sys\n"
        "import spinewise.store\n"
        "for m in pkgutil.walk_packages(spinewise.store.__path__, 'spinewise.store.'):\n"
        "    if not m.name.startswith('spinewise.store.migrations'):\n"
        "        importlib.import_module(m.name)\n"
        "import spinewise.training, spinewise.training.set_writer\n"
        f"web = {sorted(WEB_MODULES)!r}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in web or m.startswith('spinewise.web')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
