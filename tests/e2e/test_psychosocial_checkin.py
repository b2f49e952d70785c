"""The psychosocial questions at the first check-in, over the JSON API and the pages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_api import assert_error
from tests.e2e.test_training_api import START


@pytest.fixture
def person(client: Any, desk_worker: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/people", json={"name": "Sam", "intake": desk_worker, "start": START.isoformat()})
    assert response.status_code == 201, response.text
    return response.json()


def test_screen_reports_not_assessed_and_the_openapi_knows_it(client, desk_worker):
    body = client.post("/api/v1/screenings", json=desk_worker).json()
    assert body["psychosocial_risk"] == "not_assessed" and body["start_back"] is None
    spec = client.get("/openapi.json").json()
    risk = spec["components"]["schemas"]["ScreeningOut"]["properties"]["psychosocial_risk"]
    assert "not_assessed" in risk["enum"]


def test_api_checkin_takes_the_answers_and_rescreens(client, person):
    pid = person["id"]
    assert person["screening"]["psychosocial_risk"] == "not_assessed"
    first = client.post(f"/api/v1/people/{pid}/checkins", json={"date": START.isoformat(), "pain": 2})
    assert first.status_code == 201 and first.json()["psychosocial_pending"] is True
    answered = client.post(f"/api/v1/people/{pid}/checkins", json={
        "date": START.isoformat(), "pain": 2,
        "psychosocial": {"walked_only_short_distances": True, "unsafe_to_be_active": True,
                         "bothersomeness": "moderately"}})
    assert answered.status_code == 201, answered.text
    body = answered.json()
    assert body["psychosocial_pending"] is False
    assert body["screening"]["psychosocial_risk"] == "low"
    assert client.get(f"/api/v1/people/{pid}").json()["screening"]["psychosocial_risk"] == "low"


def test_api_checkin_refuses_a_bad_answer_by_field(client, person):
    bad = client.post(f"/api/v1/people/{person['id']}/checkins",
                      json={"pain": 2, "psychosocial": {"bothersomeness": 3}})
    assert_error(bad, 422, "invalid_input", "psychosocial.bothersomeness")
    not_object = client.post(f"/api/v1/people/{person['id']}/checkins", json={"pain": 2, "psychosocial": "yes"})
    assert not_object.status_code == 422 and "psychosocial" in not_object.text


def test_checkin_page_offers_the_questions_once_and_saves_them(client, person):
    page = client.get("/checkin").text
    assert 'name="psychosocial.worrying_thoughts"' in page
    assert "Worries about your back have been on your mind a lot" in page
    saved = client.post("/checkin", data={"pain": "2", "psychosocial.worrying_thoughts": "yes",
                                          "psychosocial.unsafe_to_be_active": "yes",
                                          "psychosocial.never_get_better": "yes",
                                          "psychosocial.lost_enjoyment": "yes",
                                          "psychosocial.bothersomeness": "very_much"})
    assert saved.status_code == 200
    assert "Your answers are saved" in saved.text and "High:" in saved.text
    assert 'name="psychosocial.' not in client.get("/checkin").text
    assert client.get(f"/api/v1/people/{person['id']}").json()["screening"]["psychosocial_risk"] == "high"


def test_checkin_page_without_answers_asks_again_next_time(client, person):
    client.post("/checkin", data={"pain": "2"})
    assert 'name="psychosocial.worrying_thoughts"' in client.get("/checkin").text


def test_result_page_says_not_asked_yet(client, person):
    page = client.get("/result", follow_redirects=False)
    assert page.status_code == 200
    assert "Not asked yet" in page.text and "first check-in" in page.text


def test_the_wizard_step_submitted_with_nothing_ticked_is_an_answer_not_a_gap(client):
    from tests.e2e.test_pages import walk_wizard

    walk_wizard(client, {"age": "38", "pain.now": "3"},
                worse_better={"aggravating.sitting": "yes", "aggravating.bending_forward": "yes"})
    result = client.get("/result").text
    assert "Low: worries about your back" in result and "Not asked yet" not in result
