"""Training-loop commands (monitor, next, and the logged-history commands)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the training commands to the main app (kept separate to keep cli.py small)."""
    return None
