"""The JSON API's documented shapes (OpenAPI), separate from the domain's objects.

Responses are the domain's own ``to_json()`` documents, byte for byte what the CLI
prints; these models only describe them. Request bodies are read as plain JSON and
validated by the services, so the API rejects exactly what the CLI rejects.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from spinewise.library import intake_schema


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


# --- request bodies (documented here, read and checked by the services) -------------

def inline_refs(schema: Any, defs: dict[str, Any]) -> Any:
    """The schema with ``#/$defs/...`` references replaced by their definitions.

    Inside an OpenAPI document ``#`` means the document's root, so the intake
    schema's local references must be resolved before it is embedded.
    """
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            merged = {**defs[ref.removeprefix("#/$defs/")], **{k: v for k, v in schema.items() if k != "$ref"}}
            return inline_refs(merged, defs)
        return {k: inline_refs(v, defs) for k, v in schema.items() if k not in ("$defs", "$schema", "$id")}
    if isinstance(schema, list):
        return [inline_refs(v, defs) for v in schema]
    return schema


def intake_body_schema() -> dict[str, Any]:
    """The contract's intake JSON Schema, ready to embed in the OpenAPI document."""
    schema = copy.deepcopy(intake_schema())
    result: dict[str, Any] = inline_refs(schema, schema.get("$defs", {}))
    return result


def json_body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    """``openapi_extra`` documenting a JSON request body."""
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": schema}}}}


def envelope_schema(properties: dict[str, Any], required: list[str],
                    any_of: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A JSON object with these keys and no others; ``any_of`` adds alternatives the
    body must meet at least one of (a set needs ``reps`` or ``seconds``)."""
    schema = {"type": "object", "additionalProperties": False, "required": required, "properties": properties}
    return {**schema, "anyOf": any_of} if any_of else schema
