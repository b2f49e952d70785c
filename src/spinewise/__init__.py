"""spinewise: lift safely with back pain.

The public Python API of the contract: ``screen(intake)`` and
``build_plan(intake, weeks=12)`` return objects whose ``to_json()`` is exactly what
``spinewise screen --json`` and ``spinewise plan --json`` print.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spinewise.domain.planner import PlanResult
    from spinewise.domain.screening import Screening

__version__ = "0.1.0"
__all__ = ["__version__", "build_plan", "screen"]


def screen(intake: dict[str, Any]) -> Screening:
    """Screen an intake document (validated against the contract first)."""
    from spinewise import services

    return services.screen(intake=intake)


def build_plan(intake: dict[str, Any], weeks: int = 12) -> PlanResult:
    """Screen an intake and, when training is allowed, build its phased plan."""
    from spinewise import services

    return services.build_plan(intake=intake, weeks=weeks)
