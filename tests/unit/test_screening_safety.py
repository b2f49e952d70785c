"""Screening answers that a clinician can trust: infection risk is urgent, one timeframe
and a clear "who" per answer, no unanswered question reported as a result, a cleared
screen that reads as one message, and no message that states a cause."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinewise.domain.intake import parse_intake
from spinewise.domain.rules import all_rules
from spinewise.domain.screening import LEVELS, URGENT_SOON, URGENT_TODAY, next_step, screen_intake
from spinewise.domain.screening_rules import SAME_DAY
from tests.conftest import intake
from tests.strategies import valid_intakes

INFECTION_FACTORS = ("immunosuppressed", "iv_drug_use", "recent_infection")


def screened(**overrides):
    return screen_intake(parse_intake(intake(**overrides)))


# --- infection risk ---------------------------------------------------------------

@pytest.mark.parametrize("factor", INFECTION_FACTORS)
@pytest.mark.parametrize("weeks", [None, 1, 5.9, 6, 13, 52, 520])
def test_any_single_infection_risk_factor_with_back_pain_is_urgent_whatever_the_duration(factor, weeks):
    pain = {"now": 3} if weeks is None else {"now": 3, "duration_weeks": weeks}
    result = screened(red_flags={factor: True}, pain=pain)
    assert result.level == "urgent"
    assert {"RF-INFECTION-RISK", "RF-INFECTION-RISK-NEW-PAIN"} & {r.rule for r in result.reasons}
    assert result.next_step == URGENT_TODAY


@settings(max_examples=200, deadline=None)
@given(doc=valid_intakes(),
       factors=st.sets(st.sampled_from(INFECTION_FACTORS), min_size=1),
       pain=st.integers(1, 10))
def test_infection_risk_with_back_pain_never_reads_as_not_urgent(doc, factors, pain):
    doc["red_flags"] = {**doc.get("red_flags", {}), **dict.fromkeys(factors, True)}
    doc["pain"]["now"] = pain
    result = screen_intake(parse_intake(doc))
    assert LEVELS.index(result.level) <= LEVELS.index("urgent")
    assert not result.may_train
    assert "not urgent" not in " ".join(r.message for r in result.reasons).lower()


def test_two_or_more_factors_are_urgent_even_when_pain_is_years_old_and_cleared():
    result = screened(red_flags={"immunosuppressed": True, "recent_infection": True},
                      pain={"now": 2, "duration_weeks": 400}, clinician_cleared=True)
    assert result.level == "urgent"


def test_no_back_pain_no_infection_flag():
    result = screened(red_flags={"immunosuppressed": True}, pain={"now": 0, "average_week": 0, "worst_week": 0})
    assert "RF-INFECTION-RISK-NEW-PAIN" not in {r.rule for r in result.reasons}
    assert "RF-INFECTION-RISK" not in {r.rule for r in result.reasons}


# --- one timeframe, a clear "who" -----------------------------------------------------

TIMEFRAMES = {
    "now": re.compile(r"(?<!right )\bnow\b|\bat once\b|\bimmediately\b"),
    "today": re.compile(r"\btoday\b|\bsame[- ]day\b|\bthis (morning|evening)\b"),
    "days": re.compile(r"\bday or two\b|\bfew days\b|\b48 hours\b|\btomorrow\b"),
    "weeks": re.compile(r"\bthis week\b|\bwithin a week\b|\bweek or two\b"),
}


def timeframes(text: str) -> set[str]:
    low = text.lower()
    return {name for name, pattern in TIMEFRAMES.items() if pattern.search(low)}


def test_timeframe_detector_sees_the_bad_mix():
    assert timeframes("Get checked the same day. See a doctor within the next day or two.") == {"today", "days"}
    assert timeframes("Your pain is 8 out of 10 right now.") == set()


def test_every_screening_message_and_next_step_has_at_most_one_timeframe():
    texts = {r.id: r.message for r in all_rules().in_area("screening")}
    texts.update({f"next_step:{level}": next_step(level) for level in LEVELS})
    texts.update({"next_step:urgent-today": URGENT_TODAY, "next_step:urgent-soon": URGENT_SOON})
    for name, text in texts.items():
        assert len(timeframes(text)) <= 1, (name, timeframes(text), text)


def test_urgent_rule_messages_leave_the_timeframe_to_next_step_and_name_a_doctor():
    for rule in all_rules().in_area("screening"):
        if rule.level == "urgent":
            assert timeframes(rule.message) == set(), rule.id
            assert "see a doctor" in rule.message.lower() and "only a doctor" in rule.message.lower(), rule.id


@settings(max_examples=300, deadline=None)
@given(valid_intakes())
def test_an_answer_never_holds_two_timeframes(doc):
    result = screen_intake(parse_intake(doc))
    answer = " ".join([result.next_step, *(r.message for r in result.reasons)])
    assert len(timeframes(answer)) <= 1, (timeframes(answer), answer)


def test_possible_infection_says_today_and_other_urgent_reasons_a_day_or_two():
    infection = screened(red_flags={"fever_or_chills": True, "cancer_history": True})
    assert infection.next_step == URGENT_TODAY and "today" in infection.next_step
    cancer = screened(red_flags={"cancer_history": True})
    assert cancer.next_step == URGENT_SOON and "day or two" in cancer.next_step
    assert infection.to_json()["next_step"] == URGENT_TODAY
    assert {"RF-INFECTION-SYSTEMIC"} <= SAME_DAY


# --- psychosocial: not assessed ----------------------------------------------------------

@pytest.mark.parametrize("psychosocial", [None, {}])
def test_no_psychosocial_answers_is_not_assessed(psychosocial):
    doc = intake(aggravating={"sitting": True, "bending_forward": True})
    if psychosocial is not None:
        doc["psychosocial"] = psychosocial
    result = screen_intake(parse_intake(doc))
    out = result.to_json()
    assert out["psychosocial_risk"] == "not_assessed"
    assert out["start_back"] is None
    assert "PSY-NOT-ASSESSED" in {r["rule"] for r in out["reasons"]}


def test_answered_no_to_everything_is_low_not_unassessed():
    doc = intake(psychosocial={"worrying_thoughts": False, "bothersomeness": "slightly"})
    assert screen_intake(parse_intake(doc)).psychosocial_risk == "low"


def test_a_stored_intake_keeps_unanswered_as_unanswered():
    model = parse_intake(intake())
    again = parse_intake(model.to_document())
    assert "psychosocial" not in model.to_document()
    assert screen_intake(again).psychosocial_risk == "not_assessed"
    answered = parse_intake(intake(psychosocial={"lost_enjoyment": False}))
    assert screen_intake(parse_intake(answered.to_document())).psychosocial_risk == "low"


# --- a cleared screen reads as one message ------------------------------------------------

CONTRADICTIONS = ("before you lift", "not to lift yet", "see a physiotherapist", "don't lift", "do not lift")


def test_cleared_nerve_related_screen_has_one_coherent_message():
    result = screened(symptoms={"sharp_shooting_leg_pain": True, "leg_pain": True, "pain_below_knee": True,
                                "numbness_or_tingling": True}, clinician_cleared=True)
    assert result.level == "modify" and result.pattern.primary == "nerve_related"
    text = " ".join([result.next_step, *(r.message for r in result.reasons)]).lower()
    assert "you can train" in text
    for phrase in CONTRADICTIONS:
        assert phrase not in text, phrase
    rules = {r.rule for r in result.reasons}
    assert {"SIGN-SHOOTING-LEG-PAIN", "SIGN-UNEXPLAINED-NUMBNESS", "CLEAR-CLINICIAN", "PATTERN-NERVE"} <= rules


@settings(max_examples=300, deadline=None)
@given(valid_intakes())
def test_a_screen_that_allows_training_never_says_not_to_lift(doc):
    result = screen_intake(parse_intake(doc))
    if result.may_train:
        text = " ".join([result.next_step, *(r.message for r in result.reasons)]).lower()
        for phrase in CONTRADICTIONS:
            assert phrase not in text, (phrase, text)


# --- no message states a cause -------------------------------------------------------------

CAUSAL = [re.compile(p) for p in (
    r"\bcan mean\b", r"\bmeans (a|an|the|that|this|your|several)\b", r"(?<!not )\bis a sign of\b",
    r"\bcan be a sign of\b", r"\bpoints? to\b", r"\bcaused\b", r"\bis your back\b",
    r"\bcomes? from\b", r"\bdue to\b", r"\bbecause of (a|an|the|your) (nerve|disc|joint|muscle)",
    r"(?<!consistent with )\ban irritated nerve\b", r"(?<!consistent with )\birritating a nerve\b",
    r"\bnerve (root )?is (compressed|squeezed|trapped|pinched|irritated)\b",
    r"\b(nerve|nerves|roots?) (are|is) (squeezed|compressed|trapped|pinched)\b",
    r"\byou have (a|an) (disc|slipped|herniat|trapped|pinched)",
)]


def causal_phrases(text: str) -> list[str]:
    low = text.lower()
    return [p.pattern for p in CAUSAL if p.search(low)]


def test_causal_detector_catches_the_old_wordings():
    assert causal_phrases("Tingling, numbness or burning point to an irritated nerve.")
    assert causal_phrases("Weakness in one leg can mean a nerve root is compressed.")
    assert causal_phrases("Feeling locked up is your back guarding itself.")
    assert not causal_phrases("Tingling is consistent with an irritated nerve.")
    assert not causal_phrases("Pain during exercise is not a sign of damage by itself.")


def test_no_registry_message_states_a_cause():
    for rule in all_rules():
        assert not causal_phrases(rule.message), (rule.id, causal_phrases(rule.message), rule.message)


def test_no_page_word_or_next_step_states_a_cause():
    from spinewise.domain.screening import DISCLAIMER
    from spinewise.web import words

    texts = [DISCLAIMER, URGENT_TODAY, URGENT_SOON, *(next_step(level) for level in LEVELS)]
    for name in dir(words):
        value = getattr(words, name)
        if isinstance(value, dict):
            texts.extend(v for v in value.values() if isinstance(v, str))
    for text in texts:
        assert not causal_phrases(text), text
