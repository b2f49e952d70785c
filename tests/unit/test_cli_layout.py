"""The command line's package has one entry point that imports its command modules, and no
module imports the entry point back or takes part in an import loop."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import spinewise.cli

PACKAGE = "spinewise.cli"
ENTRY_POINT = PACKAGE
"""The entry point is the package itself (``spinewise = "spinewise.cli:main"``)."""


def _modules() -> dict[str, Path]:
    folder = Path(spinewise.cli.__file__).parent
    found = {PACKAGE: folder / "__init__.py"}
    for info in pkgutil.iter_modules([str(folder)]):
        found[f"{PACKAGE}.{info.name}"] = folder / f"{info.name}.py"
    return found


def _imported(module: str, path: Path) -> set[str]:
    """Every module name an import statement in ``path`` names (relative ones resolved;
    ``from package import name`` counts as importing ``package`` and ``package.name``)."""
    is_package = path.name == "__init__.py"
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)
    return names


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {m for m in _imported(name, path) if m in modules and m != name}
            for name, path in modules.items()}


def test_the_package_has_the_command_modules_and_the_shared_helpers() -> None:
    assert {f"{PACKAGE}.common", f"{PACKAGE}.engine", f"{PACKAGE}.intake", f"{PACKAGE}.log"} <= set(_modules())


def test_no_command_module_imports_the_entry_point() -> None:
    offenders = sorted(name for name, imports in _graph().items()
                       if name not in (ENTRY_POINT, f"{PACKAGE}.__main__") and ENTRY_POINT in imports)
    assert offenders == [], f"these modules import {ENTRY_POINT}; import from {PACKAGE}.common instead"


def test_the_shared_helpers_import_no_command_module() -> None:
    assert _graph()[f"{PACKAGE}.common"] == set()


def test_there_is_no_import_loop_within_the_package() -> None:
    graph = _graph()
    visiting: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        assert name not in visiting, "import loop: " + " -> ".join([*visiting[visiting.index(name):], name])
        visiting.append(name)
        for child in sorted(graph[name]):
            visit(child)
        visiting.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)


def test_the_walk_sees_an_import_of_the_entry_point(tmp_path: Path) -> None:
    """The checker itself: both spellings of importing the entry point are caught."""
    absolute = tmp_path / "absolute.py"
    absolute.write_text("from spinewise.cli import full_app\n", encoding="utf-8")
    relative = tmp_path / "relative.py"
    relative.write_text("from . import fail\n", encoding="utf-8")
    assert ENTRY_POINT in _imported(f"{PACKAGE}.absolute", absolute)
    assert ENTRY_POINT in _imported(f"{PACKAGE}.relative", relative)
