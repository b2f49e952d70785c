"""The rule registry: every rule spinewise applies, with its rationale and source.

A rule is data. The functions that apply rules (screening, planner, monitor,
progression) return decisions that carry the rule's id, so every decision can be
traced back to this registry and from there to a guideline or a paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spinewise.domain import (
    adjustments,
    coaching,
    monitor_rules,
    plan_rules,
    progression_rules,
    recovery,
    screening_rules,
)
from spinewise.domain.rule import AREAS, Area, Finding, Rule

__all__ = ["AREAS", "RULE_SETS", "Area", "Finding", "Rule", "RuleRegistry", "all_rules"]

RULE_SETS: tuple[tuple[Rule, ...], ...] = (
    tuple(screening_rules.RULES),
    tuple(plan_rules.RULES),
    tuple(monitor_rules.RULES),
    tuple(progression_rules.RULES),
    tuple(recovery.RULES),
    tuple(coaching.RULES),
    tuple(adjustments.RULES),
)
"""Every area's rules, in the order the registry lists them. A new rule module is
added here; rule modules import ``Rule`` from ``spinewise.domain.rule``, never this
module."""


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
    registry = RuleRegistry()
    for rules in RULE_SETS:
        registry.extend(rules)
    return registry
