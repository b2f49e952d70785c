"""The intake: what a lifter tells spinewise before screening and planning.

The model follows the contract's ``intake.schema.json`` exactly: every document the
schema accepts is accepted here, every one it rejects is rejected with an
``InputError`` naming the field (``pain.now: must be an integer from 0 to 10, got 11``).
Every boolean defaults to false and every optional object to empty.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from spinewise.domain.contract_input import parse_model
from spinewise.domain.errors import InputError
from spinewise.domain.json_values import shown
from spinewise.domain.validation import distinct_items

Equipment = Literal[
    "bodyweight", "barbell", "trap_bar", "dumbbells", "kettlebells", "cable", "bands",
    "bench", "pullup_bar", "machines", "lifting_blocks", "slant_board", "neutral_grip_bar",
    "landmine", "treadmill", "bike", "foam_roller", "belt",
]
Goal = Literal["pain_relief", "strength", "muscle", "sport", "general_fitness"]
Experience = Literal["none", "beginner", "intermediate", "advanced"]
Onset = Literal["gradual", "lifting_or_strain", "minor_trauma", "major_trauma", "unknown"]
Bothersomeness = Literal["not_at_all", "slightly", "moderately", "very_much", "extremely"]


def _json_integer(value: Any) -> Any:
    """JSON Schema's ``integer`` accepts 3.0 as well as 3, but never ``true``."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def _json_number(value: Any) -> Any:
    if isinstance(value, bool):
        return value  # rejected by strict float
    if isinstance(value, int):
        return float(value)
    return value


Nrs = Annotated[int, BeforeValidator(_json_integer), Field(ge=0, le=10, strict=True)]
Flag = Annotated[bool, Field(strict=True)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nulls(cls, value: Any) -> Any:
        """The contract has no nullable field: a JSON ``null`` is never a valid answer."""
        if value is None:
            raise PydanticCustomError("null_not_allowed", "must not be null")
        return value


class Pain(_Section):
    now: Nrs = Field(description="Pain right now, 0-10 numeric rating scale.")
    average_week: Nrs | None = None
    worst_week: Nrs | None = None
    duration_weeks: Annotated[float, BeforeValidator(_json_number), Field(ge=0, le=5200)] | None = None
    settles_within_hours: Annotated[float, BeforeValidator(_json_number), Field(ge=0, le=168)] | None = Field(
        default=None,
        description="After something flares it, how many hours until it settles back to usual.")


class RedFlags(_Section):
    saddle_numbness: Flag = False
    bladder_change: Flag = False
    bowel_incontinence: Flag = False
    sexual_dysfunction: Flag = False
    bilateral_leg_symptoms: Flag = False
    progressive_weakness: Flag = False
    pulsating_abdomen: Flag = False
    cancer_history: Flag = False
    unexplained_weight_loss: Flag = False
    fever_or_chills: Flag = False
    immunosuppressed: Flag = False
    iv_drug_use: Flag = False
    recent_infection: Flag = False
    osteoporosis: Flag = False
    long_term_steroids: Flag = False
    night_pain_unrelieved: Flag = False
    constant_progressive_pain: Flag = False
    morning_stiffness_over_30min: Flag = False
    systemically_unwell: Flag = False


class Symptoms(_Section):
    leg_pain: Flag = False
    pain_below_knee: Flag = False
    sharp_shooting_leg_pain: Flag = False
    numbness_or_tingling: Flag = False
    numbness_explained: Flag = False
    one_sided_weakness: Flag = False
    worse_with_light_activity: Flag = False
    neck_or_shoulder_pain: Flag = False
    localized_tender_muscle: Flag = False


class Aggravating(_Section):
    sitting: Flag = False
    bending_forward: Flag = False
    lifting: Flag = False
    cough_sneeze: Flag = False
    morning: Flag = False
    standing_long: Flag = False
    walking: Flag = False
    arching_back: Flag = False
    overhead: Flag = False
    twisting: Flag = False
    lying_flat: Flag = False


class Easing(_Section):
    sitting: Flag = False
    bending_forward: Flag = False
    walking: Flag = False
    standing: Flag = False
    lying_down: Flag = False
    movement: Flag = False
    rest: Flag = False


class Psychosocial(_Section):
    """The topics of the Keele STarT Back tool's items 3-9, asked in spinewise's own words."""

    walked_only_short_distances: Flag = False
    dressed_more_slowly: Flag = False
    unsafe_to_be_active: Flag = False
    worrying_thoughts: Flag = False
    never_get_better: Flag = False
    lost_enjoyment: Flag = False
    bothersomeness: Bothersomeness | None = None


class Training(_Section):
    experience: Experience = "beginner"
    days_per_week: Annotated[int, BeforeValidator(_json_integer), Field(ge=2, le=6, strict=True)] = 3
    session_minutes: Annotated[int, BeforeValidator(_json_integer), Field(ge=20, le=150, strict=True)] = 60
    equipment: Annotated[list[Equipment], BeforeValidator(distinct_items)] = ["bodyweight"]
    goals: Annotated[list[Goal], BeforeValidator(distinct_items)] = ["pain_relief", "strength"]


class Intake(_Section):
    """One intake document (contract v1)."""

    schema_version: Literal[1] | None = None
    age: Annotated[int, BeforeValidator(_json_integer), Field(ge=16, le=100, strict=True)]
    units: Literal["kg", "lb"] = "kg"
    pain: Pain
    onset: Onset = "unknown"
    clinician_cleared: Flag = False
    red_flags: RedFlags = RedFlags()
    symptoms: Symptoms = Symptoms()
    aggravating: Aggravating = Aggravating()
    easing: Easing = Easing()
    psychosocial: Psychosocial = Psychosocial()
    training: Training = Training()

    @property
    def psychosocial_answered(self) -> bool:
        """Whether any psychosocial question was answered. An absent or empty
        ``psychosocial`` object is "not asked yet", never "no" to every question
        (screening then reports ``not_assessed``); once one is answered, the others
        read as the contract's default, ``false``."""
        return "psychosocial" in self.model_fields_set and bool(self.psychosocial.model_fields_set)

    def to_document(self) -> dict[str, Any]:
        """The intake as a JSON document (unanswered optional values left out; an
        unanswered psychosocial section stays out, so it still reads as not asked)."""
        document = self.model_dump(mode="json", exclude_none=True)
        if not self.psychosocial_answered:
            document.pop("psychosocial", None)
        return document


# --- reading the document ----------------------------------------------------------

def parse_intake(document: object) -> Intake:
    """Validate a parsed JSON document against the contract.

    Raises ``InputError`` with the dotted field path and a plain description of what
    was expected and what was given (see ``contract_input``).
    """
    if not isinstance(document, dict):
        raise InputError("intake", f"must be a JSON object, got {_json_kind(document)}")
    version = document.get("schema_version", 1)
    if version != 1 or isinstance(version, bool):
        raise InputError("schema_version", f"must be 1, got {shown(version)}")
    doc = dict(document)
    if "schema_version" in doc:
        doc["schema_version"] = 1
    return parse_model(Intake, doc, root="intake")


def _json_kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")
