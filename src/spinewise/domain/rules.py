"""The rule registry: every rule spinewise applies, with its rationale and source.

A rule is data. The functions that apply rules (screening, planner, monitor,
progression) return decisions that carry the rule's id, so every decision can be
traced back to this registry and from there to a guideline or a paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

Area = Literal["screening", "plan", "monitor", "progression", "recovery"]
AREAS: tuple[Area, ...] = ("screening", "plan", "monitor", "progression", "recovery")


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


class RuleRegistry:
    """An ordered, id-unique collection of rules."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: Rule) -> Rule:
        if rule.id in self._rules:
            raise ValueError(f"duplicate rule id {rule.id}")
        if rule.area not in AREAS:
            raise ValueError(f"rule {rule.id}: unknown area {rule.area}")
        for name in ("title", "message", "rationale", "source"):
            if not getattr(rule, name).strip():
                raise ValueError(f"rule {rule.id}: empty {name}")
        self._rules[rule.id] = rule
        return rule

    def extend(self, rules: Iterable[Rule]) -> None:
        for rule in rules:
            self.add(rule)

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def in_area(self, area: Area) -> list[Rule]:
        return [rule for rule in self._rules.values() if rule.area == area]


def all_rules() -> RuleRegistry:
    """The full registry, built from every area's rule module (the built-ins)."""
    from spinewise.domain import (
        monitor_rules,
        plan_rules,
        progression_rules,
        recovery,
        screening_rules,
    )

    registry = RuleRegistry()
    registry.extend(screening_rules.RULES)
    registry.extend(plan_rules.RULES)
    registry.extend(monitor_rules.RULES)
    registry.extend(progression_rules.RULES)
    registry.extend(recovery.RULES)
    return registry
