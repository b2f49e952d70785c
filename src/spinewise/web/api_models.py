"""The JSON API's documented answers (OpenAPI), separate from the domain's objects.

Responses are the domain's own ``to_json()`` documents, byte for byte what the CLI
prints; these models only describe them. Request bodies are the command models of
``spinewise.commands``, read by the API, the forms and the CLI alike.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class ReasonOut(_Out):
    rule: str
    level: str
    message: str


class PatternOut(_Out):
    primary: str
    intolerances: list[str]


class StartBackOut(_Out):
    total: int
    psychosocial_subscale: int


class ScreeningOut(_Out):
    level: Literal["emergency", "urgent", "refer", "modify", "clear"]
    reasons: list[ReasonOut]
    pattern: PatternOut
    irritability: Literal["low", "moderate", "high"]
    psychosocial_risk: Literal["low", "medium", "high", "not_assessed"]
    """``not_assessed`` when the psychosocial questions were left unanswered; they are
    offered at the first check-in (``POST /people/{id}/checkins`` with ``psychosocial``)."""
    start_back: StartBackOut | None = None
    next_step: str
    disclaimer: str


class PlanItemOut(_Out):
    exercise: str
    sets: int
    reps: int | None
    seconds: int | None
    tempo: str | None
    rpe_max: int | None
    why: str
    per_side: bool = False
    """Done on each side in turn: a set counts the left and the right."""
    rest_seconds: int | None = None


class BlockOut(_Out):
    kind: Literal["warmup", "main", "core", "conditioning", "cooldown"]
    items: list[PlanItemOut]


class SessionOut(_Out):
    day: int
    focus: str
    minutes: int | None = None
    """Estimated length in minutes, never over the intake's ``session_minutes``."""
    blocks: list[BlockOut]


class WeekOut(_Out):
    week: int
    phase: Literal["foundation", "patterning", "strength"]
    sessions: list[SessionOut]


class GuidanceOut(_Out):
    rule: str
    topic: str
    message: str
    section: Literal["reading", "pain", "plan", "daily"] = "plan"


class PlanOut(_Out):
    level: str
    reasons: list[ReasonOut]
    weeks: list[WeekOut]
    guidance: list[GuidanceOut] = []
    """How to read the plan, pain and flare-ups, how it is built, and the article's advice."""
    """Empty when training is not advised; then ``next_step`` and ``advice`` say what to do."""


class SpineOut(_Out):
    axial: int
    flexion: int
    extension: int
    rotation: int


class ExerciseOut(_Out):
    id: str
    name: str
    pattern: str
    equipment: list[str]
    spine: SpineOut
    asymmetric: bool
    regressions: list[str]
    progressions: list[str]
    cues: list[str]
    purpose: str


class ExplanationOut(_Out):
    exercise: str
    status: Literal["allowed", "substituted", "excluded"]
    rule: str | None
    reason: str
    substitute: str | None
    phase: str | None


# --- request bodies ---------------------------------------------------------------------
# Each body is a command model of ``spinewise.commands`` (documented by ``bodies.command_body``);
# the screening's body is the contract's intake schema itself.

def json_body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    """``openapi_extra`` documenting a JSON request body given by a schema of its own."""
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": schema}}}}
