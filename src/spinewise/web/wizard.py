"""The intake wizard's web side: a submitted step read from its form, the values shown
in its fields, and the answers in words for the printable summary.

The questions themselves (their words, kinds, choices and order) come from the question
bank, ``spinewise.intake_questions``, which ``spinewise init`` asks from as well; reading
and checking one answer, and stopping early, from ``spinewise.intake_answers``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spinewise.domain.errors import InputError
from spinewise.domain.screening import Screening
from spinewise.intake_answers import (
    apply_answers,
    check_answer,
    complete_intake,
    early_stop,
    get_path,
    plain,
    read_answer,
)
from spinewise.intake_questions import (
    STEPS,
    TRAINING,
    Question,
    Step,
    step_by_slug,
    step_index,
    step_of_field,
)

__all__ = [
    "STEPS",
    "Question",
    "Step",
    "StepAnswers",
    "apply_answers",
    "as_text",
    "check_answer",
    "complete_intake",
    "describe",
    "plain",
    "read_answer",
    "read_step",
    "shown_value",
    "step_by_slug",
    "step_index",
    "step_of_field",
    "stop_after",
    "summary",
]


@dataclass(slots=True)
class StepAnswers:
    """What a submitted step says: the values read and the problems found, by field."""

    values: dict[str, Any]
    errors: dict[str, str]
    raw: dict[str, str]
    """Text exactly as typed, to show back in a field that had an error."""


def read_step(step: Step, form: Mapping[str, Sequence[str]]) -> StepAnswers:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    raw: dict[str, str] = {}
    for q in step.questions:
        typed = form.get(q.path, ())
        if typed and q.kind in ("number", "scale", "choice"):
            raw[q.path] = typed[-1]
        try:
            value = read_answer(q, form)
        except InputError as exc:
            errors[q.path] = plain(exc.message)
            continue
        problem = check_answer(q, value)
        if problem:
            errors[q.path] = problem
            continue
        values[q.path] = value
    return StepAnswers(values, errors, raw)


def stop_after(step: Step, doc: Mapping[str, Any]) -> Screening | None:
    """The screening that ends the wizard once this step is answered (emergency or
    urgent care), or ``None`` to go on to the next step."""
    return early_stop(doc, (q for later in STEPS[step_index(step) + 1:] for q in later.questions))


def shown_value(q: Question, doc: Mapping[str, Any]) -> Any:
    """The value to show in a question's field, from the draft."""
    value = get_path(doc, q.path)
    if q.kind == "checks" and value is None and q.path == "training.equipment":
        return ["bodyweight"]
    if q.kind == "choice" and value is None:
        return {"units": "kg", "onset": None}.get(q.path)
    return value


def as_text(value: Any) -> str:
    """A JSON value as the text of a form field (``0.5``, ``3``, ``kg``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe(q: Question, value: Any) -> str:
    """One answer in words, for the printable summary (``Pain right now: 6/10``)."""
    if q.kind == "scale":
        return f"{q.title}: {value}/10"
    if q.kind == "number":
        return f"{q.title}: {as_text(value)} {q.unit}".rstrip()
    if q.kind == "choice":
        label = dict(q.options).get(as_text(value), as_text(value))
        return f"{q.title}: {label}"
    if q.kind == "checks":
        labels = dict(q.options)
        return f"{q.title}: " + ", ".join(labels.get(v, v) for v in value)
    return q.label


SUMMARY_SKIPS: dict[str, object] = {"units": None, "onset": "unknown"}
"""Answers a clinician does not need on the printed summary (any value, or this value)."""


def summary(doc: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """The health answers, step by step, in the wizard's words, for a clinician
    (training and gear left out, empty steps left out)."""
    out: list[tuple[str, list[str]]] = []
    for step in STEPS:
        if step is TRAINING:
            continue
        lines = [describe(q, value) for q in step.questions
                 if (value := get_path(doc, q.path)) not in (None, False, [])
                 and not (q.path in SUMMARY_SKIPS and SUMMARY_SKIPS[q.path] in (None, value))]
        if lines:
            out.append((step.title, lines))
    return out
