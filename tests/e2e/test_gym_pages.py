"""Gym mode's pages over HTTP: finishing leads to the summary, a set posted without
JavaScript carries the pain key tapped, the history shows corrections, a session is
deleted from its summary, and the bar-and-plates page answers bad input naming it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_training_api import START


@pytest.fixture
def person(client: Any, desk_worker: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/people", json={"name": "Sam", "intake": desk_worker, "start": START.isoformat()})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def session(client: Any, person: dict[str, Any]) -> dict[str, Any]:
    return client.post(f"/api/v1/people/{person['id']}/sessions",
                       json={"date": START.isoformat(), "baseline_pain": 2}).json()


def test_a_pain_key_without_javascript_logs_the_set_with_that_pain(client, session):
    answer = client.post(f"/sessions/{session['id']}/sets", data={
        "client_id": "nojs-1", "exercise": "goblet_squat", "reps": "8", "load": "12", "pain": "4"},
        follow_redirects=False)
    assert answer.status_code == 303
    [stored] = client.get(f"/api/v1/sessions/{session['id']}").json()["sets"]
    assert (stored["reps"], stored["pain"]) == (8, 4)
    page = client.get(f"/sessions/{session['id']}").text
    assert 'name="pain" value="4"' in page and 'aria-label="Pain 4: log the' in page
    assert '<button type="submit" name="enter" hidden disabled></button>' in page  # Enter submits nothing


def test_finishing_leads_to_the_summary_and_the_history_shows_an_edited_set(client, session):
    logged = client.post(f"/api/v1/sessions/{session['id']}/sets", json={
        "client_id": "s1", "exercise": "goblet_squat", "reps": 8, "load": 12, "pain": 2}).json()
    client.patch(f"/api/v1/sessions/{session['id']}/sets/{logged['set']['id']}", json={"reps": 7})
    ended = client.post(f"/sessions/{session['id']}/end", data={
        "pain_after": "2", "session_rpe": "5", "duration_minutes": "30"}, follow_redirects=False)
    assert ended.status_code == 303 and ended.headers["location"] == f"/sessions/{session['id']}/summary"
    summary = client.get(ended.headers["location"]).text
    assert "Session summary" in summary and "Next time" in summary and "1 edited" in summary
    history = client.get("/history").text
    assert "(edited " in history and f"/sessions/{session['id']}/summary" in history


def test_a_session_is_deleted_from_its_summary(client, session):
    answer = client.post(f"/sessions/{session['id']}/delete", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/history"
    assert client.get(f"/api/v1/sessions/{session['id']}").status_code == 404


def test_the_bar_and_plates_page_names_a_bad_field_and_keeps_what_was_typed(client, person):
    page = client.get("/gym/settings")
    assert page.status_code == 200 and "20x2" in page.text
    bad = client.post("/gym/settings", data={"bar": "twenty", "trap_bar": "25", "plates": "20x2"})
    assert bad.status_code == 422 and "bar: must be a number from 0 to 100" in bad.text and "twenty" in bad.text
    worse = client.post("/gym/settings", data={"bar": "20", "trap_bar": "25", "plates": "twenty plates"})
    assert worse.status_code == 422 and "plates: write each plate as weight x count" in worse.text
    good = client.post("/gym/settings", data={"bar": "15", "trap_bar": "25", "plates": "20x2, 5x2"})
    assert good.status_code == 200 and "Saved." in good.text
    fragment = client.get("/gym/plates", params={"exercise": "trap_bar_carry", "load": "75"})
    assert fragment.text == "Bar 25 kg, each side: 20 + 5"
    assert client.get("/gym/plates", params={"exercise": "goblet_squat", "load": "20"}).text == ""
    assert client.get("/gym/plates", params={"exercise": "nope", "load": "20"}).status_code == 422
