"""The ``serve`` command (the web app); the web framework is imported only when it runs."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add ``spinewise serve`` to the main app."""
    return None
