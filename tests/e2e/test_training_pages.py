"""The training pages read what was stored: the plan as prescribed, a stop made on
another device, and a free session's exercise picker."""

from __future__ import annotations

import re
from typing import Any

import pytest

from spinewise import services
from spinewise.library import load_catalog
from tests.accounts import AccountClient, log_in
from tests.conftest import LOCAL
from tests.e2e.test_training_api import START


@pytest.fixture
def person(client: Any, desk_worker: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/people", json={"name": "Sam", "intake": desk_worker,
                                                   "start": START.isoformat(), "weeks": 8})
    assert response.status_code == 201, response.text
    return response.json()


def _session(client: Any, person: dict[str, Any], **body: Any) -> dict[str, Any]:
    response = client.post(f"/api/v1/people/{person['id']}/sessions",
                           json={"date": START.isoformat(), "baseline_pain": 2, **body})
    assert response.status_code == 201, response.text
    return response.json()


def test_the_plan_page_shows_the_stored_plan_not_one_rebuilt_from_the_answers(client, person):
    page = client.get("/plan", params={"week": 1}).text
    assert "Your 8-week plan" in page  # as prescribed (the answers alone would give 12 weeks)
    stored = client.get(f"/api/v1/people/{person['id']}").json()["plan"]
    assert stored["weeks"] == 8
    last = client.get("/plan", params={"week": 40}).text
    assert "Week 8:" in last


def test_a_stop_from_something_wrong_is_shown_to_any_device(client, app, person):
    session = _session(client, person)
    answer = client.post(f"/api/v1/sessions/{session['id']}/symptoms", json={"symptoms": ["saddle_numbness"]})
    assert answer.json()["action"] == "seek_care"

    with AccountClient(app, base_url=LOCAL) as other_device:  # no local storage: logs in afresh
        log_in(other_device, client.email)
        page = other_device.get(f"/sessions/{session['id']}").text
        detail = other_device.get(f"/api/v1/sessions/{session['id']}").json()
    sid = session["id"]
    assert f'<div id="gym" data-session="{sid}" class="stopped">' in page
    assert "Stop now and get care" in page
    keys = re.findall(r'<button type="submit" name="pain" value="\d+"[^>]*>', page)
    assert keys and all(" disabled" in key for key in keys)  # no pain key can log a set
    assert detail["stopped"]["action"] == "seek_care"
    assert [r["symptoms"] for r in detail["symptom_reports"]] == [["saddle_numbness"]]


def test_a_set_that_ends_the_session_is_its_stop_until_something_more_serious(client, person):
    session = _session(client, person)
    client.post(f"/api/v1/sessions/{session['id']}/sets",
                json={"client_id": "a", "exercise": "goblet_squat", "reps": 8, "pain": 9})
    first = client.get(f"/api/v1/sessions/{session['id']}").json()
    assert first["stopped"]["action"] in ("end_session", "seek_care")
    assert first["sets"][0]["decision"] == first["stopped"]
    client.post(f"/api/v1/sessions/{session['id']}/symptoms", json={"symptoms": ["bladder_change"]})
    assert client.get(f"/api/v1/sessions/{session['id']}").json()["stopped"]["action"] == "seek_care"


def test_a_session_that_nothing_stopped_has_no_stop(client, person):
    session = _session(client, person)
    assert client.get(f"/api/v1/sessions/{session['id']}").json()["stopped"] is None
    assert 'class="stopped"' not in client.get(f"/sessions/{session['id']}").text
    assert client.get("/api/v1/sessions/999").status_code == 404


def test_a_free_session_picks_exercises_the_back_and_gear_allow(client, person, desk_worker):
    allowed = {e.id for e in services.list_exercises(intake=desk_worker)}
    excluded = next(e.id for e in load_catalog() if e.id not in allowed)
    started = client.post("/today/start", data={"free": "1"}, follow_redirects=False)
    assert started.status_code == 303
    url = started.headers["location"]
    empty = client.get(url).text
    assert "Free session" in empty and "pick an exercise" in empty
    options = set(re.findall(r'<option value="([a-z0-9_]+)"', empty))
    assert options == allowed
    assert 'class="log-form"' not in empty

    picked = client.get(url, params={"add": "goblet_squat"}).text
    assert 'data-exercise="goblet_squat"' in picked and 'class="log-form"' in picked
    assert '<option value="goblet_squat"' not in picked  # already on the page
    assert '<input type="hidden" name="add" value="goblet_squat">' in picked  # kept when adding another
    assert client.get(url, params={"add": excluded}).status_code == 422

    session_id = int(url.rsplit("/", 1)[1])
    logged = client.post(f"/api/v1/sessions/{session_id}/sets",
                         json={"client_id": "f1", "exercise": "goblet_squat", "reps": 8, "pain": 2})
    assert logged.status_code == 201
    assert 'data-exercise="goblet_squat"' in client.get(url).text  # logged exercises stay


def test_the_today_page_offers_a_free_session(client, person):
    assert 'name="free"' in client.get("/today").text



def test_the_habits_form_starts_from_what_was_saved_so_saving_again_keeps_it(client, person):
    assert client.post("/habits", data={"movement_breaks": "3", "hydration": "yes"}).status_code == 200
    page = client.get("/habits").text
    assert 'name="movement_breaks" type="text" inputmode="numeric" value="3"' in page
    assert 'name="hydration" value="yes" checked' in page
    assert 'name="footwear" value="yes">' in page  # not done: not ticked
    # the browser sends the form as it shows it, with one more answer: nothing saved before is lost
    client.post("/habits", data={"movement_breaks": "3", "hydration": "yes", "sleep_hours": "7"})
    page = client.get("/habits").text
    assert 'value="3"' in page and 'value="7"' in page and 'name="hydration" value="yes" checked' in page


def test_saving_some_habits_through_the_api_keeps_the_others(client, person):
    day = START.isoformat()
    client.put(f"/api/v1/people/{person['id']}/habits/{day}", json={"movement_breaks": 4, "foam_rolling": True})
    again = client.put(f"/api/v1/people/{person['id']}/habits/{day}", json={"sleep_hours": 6.5}).json()
    assert (again["movement_breaks"], again["foam_rolling"], again["sleep_hours"]) == (4, True, 6.5)


def test_clear_all_my_answers_clears_them_even_when_they_are_stored(client, person, desk_worker):
    stored_age = f'value="{desk_worker["age"]}"'
    assert stored_age in client.get("/intake/about").text  # the stored answers are shown
    reset = client.post("/intake-reset", follow_redirects=False)
    assert reset.status_code == 303
    assert stored_age not in client.get("/intake/about").text
    assert client.get("/intake", follow_redirects=False).headers["location"] == "/intake/about"
