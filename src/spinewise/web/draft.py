"""The intake draft kept between wizard steps: the answers given so far, kept in the
database with the browser's login session (``login_sessions.draft``), never in a
cookie. It is erased with the session (log-out, expiry, a deleted account)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Draft:
    """The answers so far and the furthest step reached (0-based)."""

    doc: dict[str, Any] = field(default_factory=dict)
    reached: int = 0
    started_over: bool = False
    """Set by "Clear all my answers": the wizard then starts empty instead of showing
    the answers stored with the person."""

    @property
    def is_empty(self) -> bool:
        return not self.doc

    def to_stored(self) -> dict[str, Any]:
        return {"doc": self.doc, "reached": self.reached, "started_over": self.started_over}

    @classmethod
    def from_stored(cls, raw: object) -> Draft:
        """The draft as stored; an empty draft for anything else."""
        if not isinstance(raw, dict) or not isinstance(raw.get("doc"), dict):
            return cls()
        reached = raw.get("reached")
        return cls(doc=raw["doc"], reached=reached if isinstance(reached, int) and reached >= 0 else 0,
                   started_over=raw.get("started_over") is True)
