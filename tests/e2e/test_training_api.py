"""The training API over HTTP: people, sessions, idempotent sets, symptoms, check-ins,
habits, assessments, history and progress, and their errors in the one shape."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.e2e.test_api import assert_error

START = date(2026, 3, 2)  # a Monday


@pytest.fixture
def person(client: Any, desk_worker: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/people", json={"name": "Sam", "intake": desk_worker, "start": START.isoformat()})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def session(client: Any, person: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/v1/people/{person['id']}/sessions",
                           json={"date": START.isoformat(), "baseline_pain": 3})
    assert response.status_code == 201, response.text
    return response.json()


def a_set(**overrides: Any) -> dict[str, Any]:
    return {"client_id": "set-1", "exercise": "goblet_squat", "reps": 8, "load": 12, "rpe": 6, "pain": 3,
            **overrides}


def test_a_person_gets_a_screening_and_a_plan(client, person):
    assert person["name"] == "Sam"
    assert person["screening"]["level"] == "modify"
    assert person["plan"]["start_date"] == START.isoformat()
    again = client.get(f"/api/v1/people/{person['id']}").json()
    assert again["plan"]["id"] == person["plan"]["id"]


def test_today_on_a_planned_day_lists_the_prescriptions(client, person):
    today = client.get(f"/api/v1/people/{person['id']}/today", params={"date": START.isoformat()}).json()
    assert today["status"] == "training"
    assert today["items"] and all("exercise" in i for i in today["items"])


def test_a_set_is_logged_once_whatever_the_retries(client, person, session):
    url = f"/api/v1/sessions/{session['id']}/sets"
    first = client.post(url, json=a_set())
    assert first.status_code == 201
    assert first.json()["decision"]["action"] in ("continue", "adjust", "skip_exercise", "end_session", "seek_care")
    assert first.json()["replayed"] is False
    again = client.post(url, json=a_set())
    assert again.status_code == 200
    assert again.json()["replayed"] is True
    assert again.json()["decision"] == first.json()["decision"]
    history = client.get(f"/api/v1/people/{person['id']}/sessions").json()
    assert sum(len(h["sets"]) for h in history) == 1


def test_severe_pain_during_a_set_stops_the_session(client, session):
    answer = client.post(f"/api/v1/sessions/{session['id']}/sets", json=a_set(pain=9)).json()
    assert answer["decision"]["action"] in ("end_session", "seek_care")


def test_something_wrong_with_an_emergency_sign_says_seek_care(client, session):
    answer = client.post(f"/api/v1/sessions/{session['id']}/symptoms",
                         json={"symptoms": ["bladder_change"], "exercise": "goblet_squat"}).json()
    assert answer["action"] == "seek_care"
    assert answer["rules"]


def test_a_session_ends_and_shows_in_history_and_progress(client, person, session):
    ended = client.post(f"/api/v1/sessions/{session['id']}/end",
                        json={"pain_after": 3, "session_rpe": 6, "duration_minutes": 45})
    assert ended.status_code == 200
    assert ended.json()["ended"] is True and ended.json()["training_load"] == 270
    client.post(f"/api/v1/sessions/{session['id']}/sets", json=a_set())
    progress = client.get(f"/api/v1/people/{person['id']}/progress",
                          params={"date": (START + timedelta(days=3)).isoformat()}).json()
    assert progress["training_load"] and progress["adherence"]["planned"] >= 1


def test_check_in_habits_and_assessments(client, person):
    pid = person["id"]
    checkin = client.post(f"/api/v1/people/{pid}/checkins", json={"date": START.isoformat(), "pain": 6})
    assert checkin.status_code == 201 and checkin.json()["decision"]["action"] == "adjust"
    habits = client.put(f"/api/v1/people/{pid}/habits/{START.isoformat()}",
                        json={"movement_breaks": 6, "sleep_hours": 7.5, "hydration": True})
    assert habits.status_code == 200 and habits.json()["movement_breaks"] == 6
    summary = client.get(f"/api/v1/people/{pid}/habits", params={"date": START.isoformat()}).json()
    assert summary["streaks"]
    nprs = client.post(f"/api/v1/people/{pid}/assessments", json={"kind": "nprs", "values": {"pain": 4}})
    assert nprs.status_code == 201 and nprs.json()["score"] == 4


def test_a_new_intake_rescreens(client, person, saddle_numbness):
    answer = client.post(f"/api/v1/people/{person['id']}/intakes", json={"intake": saddle_numbness})
    assert answer.status_code == 201
    assert answer.json()["screening"]["level"] == "emergency" and answer.json()["plan"] is None


# --- errors ---------------------------------------------------------------------------

def test_unknown_people_and_sessions_are_404(client):
    assert_error(client.get("/api/v1/people/999"), 404, "not_found")
    assert_error(client.post("/api/v1/sessions/999/sets", json=a_set()), 404, "not_found")
    assert_error(client.post("/api/v1/people/999/checkins", json={"pain": 3}), 404, "not_found")


@pytest.mark.parametrize(("body", "field"), [
    (a_set(pain=11), "pain"),
    (a_set(pain="high"), "pain"),
    (a_set(client_id="has spaces"), "client_id"),
    (a_set(exercise="moon_press"), "exercise"),
    (a_set(reps=None, seconds=None), "reps"),
    (a_set(load=-5), "load"),
    (a_set(symptoms="numbness!"), "symptoms"),
    (a_set(symptoms=["flying"]), "symptoms"),
    (a_set(belt="yes"), "belt"),
    (a_set(extra=1), "extra"),
    ({"exercise": "goblet_squat", "pain": 3}, "client_id"),
])
def test_bad_sets_are_422_naming_the_field(client, session, body, field):
    body = {k: v for k, v in body.items() if v is not None}
    assert_error(client.post(f"/api/v1/sessions/{session['id']}/sets", json=body), 422, "invalid_input", field)


def test_a_set_after_the_end_is_refused(client, session):
    client.post(f"/api/v1/sessions/{session['id']}/end", json={"pain_after": 3, "session_rpe": 6, "duration_minutes": 45})
    assert_error(client.post(f"/api/v1/sessions/{session['id']}/sets", json=a_set(client_id="late")), 409,
                 "conflict", "session_id")


@pytest.mark.parametrize(("path", "body", "field"), [
    ("checkins", {"pain": 3, "date": "yesterday"}, "date"),
    ("checkins", {"pain": 3, "sleep_quality": 9}, "sleep_quality"),
    ("checkins", {"pain": 3, "symptoms": "x"}, "symptoms"),
    ("assessments", {"kind": "iq", "values": {}}, "kind"),
    ("assessments", {"kind": "nprs", "values": {"pain": 12}}, "pain"),
    ("sessions", {"baseline_pain": 20}, "baseline_pain"),
    ("sessions", {"free": "no"}, "free"),
])
def test_bad_training_bodies_are_422(client, person, path, body, field):
    assert_error(client.post(f"/api/v1/people/{person['id']}/{path}", json=body), 422, "invalid_input", field)


def test_bad_people_bodies(client, desk_worker):
    assert_error(client.post("/api/v1/people", json={"name": "", "intake": desk_worker}), 422, "invalid_input", "name")
    desk_worker["age"] = 7
    assert_error(client.post("/api/v1/people", json={"name": "A", "intake": desk_worker}), 422, "invalid_input",
                 "intake.age")
    assert_error(client.post("/api/v1/people", content=b"{nope", headers={"content-type": "application/json"}), 400, "malformed_json")


def test_bad_habits_are_422(client, person):
    url = f"/api/v1/people/{person['id']}/habits/{START.isoformat()}"
    assert_error(client.put(url, json={"sleep_hours": 30}), 422, "invalid_input", "sleep_hours")
    assert_error(client.put(url, json={"naps": 2}), 422, "invalid_input", "naps")
    assert_error(client.put(f"/api/v1/people/{person['id']}/habits/someday", json={}), 422, "invalid_input", "day")


def test_progress_takes_a_window_by_since_or_by_weeks(client, person, session):
    client.post(f"/api/v1/sessions/{session['id']}/sets", json=a_set())
    url = f"/api/v1/people/{person['id']}/progress"
    day = (START + timedelta(days=3)).isoformat()
    default = client.get(url, params={"date": day}).json()
    assert default["since"] == (START + timedelta(days=3) - timedelta(weeks=26)).isoformat()
    assert [p["session_id"] for p in default["pain"]] == [session["id"]]
    by_weeks = client.get(url, params={"date": day, "weeks": 1}).json()
    assert by_weeks["since"] == (START - timedelta(days=4)).isoformat() and by_weeks["pain"] == default["pain"]
    later = client.get(url, params={"date": day, "since": (START + timedelta(days=1)).isoformat()}).json()
    assert later["pain"] == [] and later["adherence"] == default["adherence"]


@pytest.mark.parametrize(("params", "field"), [
    ({"since": "soon"}, "since"), ({"since": "2026-03-06"}, "since"), ({"weeks": 0}, "weeks"),
    ({"weeks": "many"}, "weeks"), ({"since": "2026-01-01", "weeks": 4}, "since"),
])
def test_a_bad_progress_window_is_422_naming_the_field(client, person, params, field):
    assert_error(client.get(f"/api/v1/people/{person['id']}/progress", params={"date": "2026-03-05", **params}),
                 422, "invalid_input", field)


def test_a_set_of_an_exercise_not_suited_to_this_back_says_so(client, session):
    answer = client.post(f"/api/v1/sessions/{session['id']}/sets",
                         json=a_set(client_id="kb", exercise="kettlebell_deadlift", load=16)).json()
    assert answer["not_suited"]["message"].startswith("Not for you now")
    planned = client.post(f"/api/v1/sessions/{session['id']}/sets", json=a_set(client_id="gs")).json()
    assert planned["not_suited"] is None
