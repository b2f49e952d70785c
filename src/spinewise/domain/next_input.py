"""The contract's ``spinewise next`` input: the prescription now in use, the sessions
logged at it, and (optionally) where the ladder started."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, field_validator, model_validator

from spinewise.domain.catalog import EQUIPMENT
from spinewise.domain.contract_input import parse_model
from spinewise.domain.json_values import shown
from spinewise.domain.loads import Unit
from spinewise.domain.validation import (
    ContractModel,
    IsoDate,
    LoadOrNone,
    Pain,
    PainOrNone,
    PlannedReps,
    PlannedSeconds,
    RepCount,
    RpeCapOrNone,
    RpeOrNone,
    Seconds,
    SetCount,
    Tempo,
    integer_between,
)


class CurrentPrescription(ContractModel):
    """The prescription now in use: ``reps`` or ``seconds`` (or both) set."""

    sets: SetCount
    reps: PlannedReps = None
    seconds: PlannedSeconds = None
    tempo: Tempo = None
    load: LoadOrNone = None
    rpe_max: RpeCapOrNone = None

    @model_validator(mode="after")
    def _dose_is_set(self) -> CurrentPrescription:
        if self.reps is None and self.seconds is None:
            raise ValueError("needs reps or seconds")
        return self


class StartPrescription(ContractModel):
    """Optional: the prescription this ladder started from. After a load step tempo,
    sets, reps and seconds go back to these (never above the current values)."""

    sets: SetCount
    reps: PlannedReps = None
    seconds: PlannedSeconds = None
    tempo: Tempo = None


class SessionRecord(ContractModel):
    """One logged session at this prescription."""

    date: IsoDate
    sets: Annotated[int, BeforeValidator(integer_between(0, 10))]
    reps: list[RepCount] = Field(default_factory=list, max_length=10)
    seconds: list[Seconds] = Field(default_factory=list, max_length=10)
    """Optional: seconds held in each set (for holds)."""
    load: LoadOrNone = None
    rpe: RpeOrNone = None
    pain_during: Pain
    pain_after: Pain
    pain_next_morning: PainOrNone = None
    baseline_pain: Pain


class NextInput(ContractModel):
    """The contract's ``spinewise next`` input."""

    exercise: str = Field(min_length=1, max_length=80)
    unit: Unit = "kg"
    equipment: list[str] = Field(default_factory=list, max_length=len(EQUIPMENT))
    current: CurrentPrescription
    history: list[SessionRecord] = Field(default_factory=list, max_length=500)
    start: StartPrescription | None = None

    @field_validator("equipment")
    @classmethod
    def _known_equipment(cls, value: list[str]) -> list[str]:
        for item in value:
            if item not in EQUIPMENT:
                raise ValueError(f"{shown(item)} is not an equipment name "
                                 f"(one of {', '.join(EQUIPMENT)})")
        return value


def parse_next_input(doc: object) -> NextInput:
    """Validate a ``spinewise next`` document; ``InputError`` names the first bad field
    (``history[0].pain_during: must be an integer from 0 to 10, got 11``)."""
    return parse_model(NextInput, doc)
