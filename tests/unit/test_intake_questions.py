"""The question bank both doors ask from: plain words only, and the early stop that ends
the intake as soon as the answers mean emergency or urgent care."""

from __future__ import annotations

import re
from typing import Any

import pytest

from spinewise import intake_questions
from spinewise.domain.intake import Intake
from spinewise.intake_answers import early_stop
from spinewise.intake_questions import STEPS, all_questions


def _shown_texts() -> list[tuple[str, str]]:
    """Every text a person reads, with where it comes from."""
    texts: list[tuple[str, str]] = []
    for step in STEPS:
        texts += [(step.slug, step.title), (step.slug, step.intro)]
        for group in step.groups:
            texts += [(step.slug, group.legend), (step.slug, group.hint)]
            for q in group.questions:
                texts += [(q.path, q.label), (q.path, q.title), (q.path, q.hint)]
                texts += [(q.path, words) for _, words in q.options]
    return [(where, text) for where, text in texts if text]


PLAIN_AS_THEY_STAND = {"bending forward", "lying down"}
"""Field names that already read as plain English phrases."""


def _field_names() -> set[str]:
    """The intake's field names of more than one word, as written inside (``iv_drug_use``)
    and with spaces (``iv drug use``); one-word names (``age``, ``sitting``) are plain words."""
    names: set[str] = set()

    def walk(model: Any) -> None:
        for name, info in model.model_fields.items():
            names.add(name)
            inner = info.annotation
            if isinstance(inner, type) and hasattr(inner, "model_fields"):
                walk(inner)

    walk(Intake)
    raw = {form for n in names if "_" in n for form in (n, n.replace("_", " "))}
    return raw - PLAIN_AS_THEY_STAND


@pytest.mark.parametrize(("where", "text"), _shown_texts())
def test_every_question_is_asked_in_plain_words(where: str, text: str) -> None:
    assert "_" not in text, f"{where}: {text!r}"
    assert text.strip().lower() not in _field_names(), f"{where}: {text!r} is a field name"
    assert not re.search(r"\b[a-z]+\.[a-z_]+\b", text), f"{where}: {text!r} looks like a field path"


def test_the_bank_asks_every_field_once_and_only_fields_the_intake_has() -> None:
    paths = [q.path for q in all_questions()]
    assert len(paths) == len(set(paths))
    fields = Intake.model_fields
    for path in paths:
        section, _, name = path.partition(".")
        assert section in fields, path
        if name:
            model = fields[section].annotation
            assert name in model.model_fields, path  # type: ignore[union-attr]


def test_the_wizard_renders_the_question_bank() -> None:
    from spinewise.web import wizard

    assert wizard.STEPS is intake_questions.STEPS


def _later(path: str) -> list[intake_questions.Question]:
    order = all_questions()
    return list(order[[q.path for q in order].index(path) + 1:])


def test_an_emergency_sign_stops_the_intake_at_once() -> None:
    answers = {"age": 45, "pain": {"now": 6}, "red_flags": {"saddle_numbness": True}}
    stop = early_stop(answers, _later("red_flags.pulsating_abdomen"))
    assert stop is not None and stop.level == "emergency"


def test_an_urgent_sign_stops_the_intake_when_nothing_later_can_make_it_an_emergency() -> None:
    answers = {"age": 58, "pain": {"now": 5}, "red_flags": {"cancer_history": True}}
    stop = early_stop(answers, _later("red_flags.long_term_steroids"))
    assert stop is not None and stop.level == "urgent"


def test_a_major_injury_goes_on_to_ask_about_the_legs_before_stopping() -> None:
    injured = {"age": 40, "pain": {"now": 5}, "onset": "major_trauma"}
    # urgent on its own, an emergency with nerve signs asked later: keep asking
    assert early_stop(injured, _later("red_flags.morning_stiffness_over_30min")) is None
    stop = early_stop(injured, _later("symptoms.localized_tender_muscle"))
    assert stop is not None and stop.level == "urgent"
    numb = {**injured, "symptoms": {"numbness_or_tingling": True}}
    stop = early_stop(numb, _later("symptoms.one_sided_weakness"))
    assert stop is not None and stop.level == "emergency"


@pytest.mark.parametrize("answers", [
    {"age": 34, "pain": {"now": 3}},
    {"age": 34, "pain": {"now": 9}},  # severe pain: a clinician first, but not urgent care
    {"age": 34, "pain": {"now": 3}, "symptoms": {"sharp_shooting_leg_pain": True}},
])
def test_answers_that_do_not_need_urgent_care_go_on(answers: dict[str, Any]) -> None:
    assert early_stop(answers, []) is None
