"""One rule and one finding: the data every rule module defines.

Rule modules (``screening_rules``, ``plan_rules``, ``monitor_rules``,
``progression_rules``, ``recovery``) import ``Rule`` from here and never import the
registry; the registry (``spinewise.domain.rules``) imports them, so the two are built
without an import loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Area = Literal["screening", "plan", "monitor", "progression", "recovery", "coaching"]
AREAS: tuple[Area, ...] = ("screening", "plan", "monitor", "progression", "recovery", "coaching")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: a stable id, what it leads to, and why.

    ``level`` is the outcome the rule leads to in its area: a screening level
    (``emergency`` .. ``clear``), a monitor action (``continue`` .. ``seek_care``),
    a progression change (``load``, ``hold``, ``regress`` ...) or ``info``.
    ``message`` is what the user sees; ``rationale`` explains the reasoning in
    plain words; ``source`` names the guideline or paper it rests on.
    """

    id: str
    area: Area
    level: str
    title: str
    message: str
    rationale: str
    source: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule that applies, with its message for this person."""

    rule: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message}
