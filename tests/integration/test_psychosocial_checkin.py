"""Psychosocial questions left unanswered at intake are asked at the first check-in:
the answers go into the person's stored intake and the person is re-screened."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from spinewise import training
from spinewise.domain.errors import InputError
from tests.integration.conftest import MONDAY

WORRIED = {"unsafe_to_be_active": True, "worrying_thoughts": True, "never_get_better": True,
           "bothersomeness": "extremely"}


def test_unanswered_questions_are_not_assessed_and_pending(store, person) -> None:  # type: ignore[no-untyped-def]
    assert person.screening.psychosocial_risk == "not_assessed"
    assert person.screening.result["start_back"] is None
    assert training.psychosocial_pending(store=store, person_id=person.person.id)
    plan = training.active_plan(store=store, person_id=person.person.id)
    assert "PLAN-PSY-CHECKIN" in {g["rule"] for g in plan.document["guidance"]}


def test_answers_at_the_first_checkin_are_saved_and_rescreen(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    before = training.active_plan(store=store, person_id=pid)
    outcome = training.checkin(store=store, person_id=pid, on=MONDAY + timedelta(days=1), pain=2,
                               psychosocial=WORRIED)
    assert outcome.screening is not None and outcome.screening["psychosocial_risk"] == "high"
    assert outcome.psychosocial_pending is False
    assert outcome.to_json()["screening"]["start_back"] == {"total": 4, "psychosocial_subscale": 4}
    stored = training.latest_intake(store=store, person_id=pid)
    assert stored is not None and stored["psychosocial"]["worrying_thoughts"] is True
    assert stored["aggravating"] == {**stored["aggravating"], "sitting": True}  # the rest is kept
    assert [s.psychosocial_risk for s in training.screening_history(store=store, person_id=pid)] == [
        "not_assessed", "high"]
    after = training.active_plan(store=store, person_id=pid)
    assert after.id != before.id
    assert (after.start_date, after.weeks) == (before.start_date, before.weeks)
    assert after.document["psychosocial_risk"] == "high"
    assert "PLAN-PSY-EDUCATION" in {g["rule"] for g in after.document["guidance"]}
    assert not training.psychosocial_pending(store=store, person_id=pid)


def test_an_untouched_section_is_asked_again_next_time(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    outcome = training.checkin(store=store, person_id=pid, on=MONDAY + timedelta(days=1), pain=2, psychosocial={})
    assert outcome.screening is None and outcome.psychosocial_pending is True
    assert len(training.screening_history(store=store, person_id=pid)) == 1


@pytest.mark.parametrize(("answers", "field"), [
    ({"bothersomeness": "a lot"}, "psychosocial.bothersomeness"),
    ({"worrying_thoughts": "yes"}, "psychosocial.worrying_thoughts"),
    ({"sleeps_badly": True}, "psychosocial.sleeps_badly"),
    (["worrying_thoughts"], "psychosocial"),
])
def test_bad_answers_are_refused_by_field_before_anything_is_saved(store, person, answers: Any,  # type: ignore[no-untyped-def]
                                                                   field: str) -> None:
    pid = person.person.id
    with pytest.raises(InputError) as caught:
        training.checkin(store=store, person_id=pid, on=MONDAY + timedelta(days=1), pain=2, psychosocial=answers)
    assert caught.value.field == field
    with store.reading() as tx:
        assert tx.workouts.checkins(pid) == []
    assert training.psychosocial_pending(store=store, person_id=pid)
