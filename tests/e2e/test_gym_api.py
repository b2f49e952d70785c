"""Gym mode's API over HTTP: correcting and deleting sets, deleting a session, the
summary after a session, last time, and the bar and plates a person owns."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_api import assert_error
from tests.e2e.test_training_api import START, a_set


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


def log(client: Any, session_id: int, **overrides: Any) -> dict[str, Any]:
    answer = client.post(f"/api/v1/sessions/{session_id}/sets", json=a_set(**overrides))
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_a_corrected_set_is_marked_edited_and_answered_again(client, session):
    logged = log(client, session["id"])
    url = f"/api/v1/sessions/{session['id']}/sets/{logged['set']['id']}"
    edited = client.patch(url, json={"reps": 6, "load": 14})
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert body["set"]["reps"] == 6 and body["set"]["load"] == 14 and body["set"]["pain"] == 3
    assert body["set"]["edited_at"] is not None and body["stopped_now"] is False
    stored = client.get(f"/api/v1/sessions/{session['id']}").json()["sets"][0]
    assert stored["reps"] == 6 and stored["edited_at"] == body["set"]["edited_at"]
    assert stored["client_id"] == "set-1"  # the same set, not a new one


def test_an_edit_whose_pain_calls_for_a_stop_stops_the_session_and_a_lower_one_never_unstops_it(client, session):
    logged = log(client, session["id"])
    url = f"/api/v1/sessions/{session['id']}/sets/{logged['set']['id']}"
    worse = client.patch(url, json={"pain": 9}).json()
    assert worse["decision"]["action"] in ("end_session", "seek_care") and worse["stopped_now"] is True
    refused = client.post(f"/api/v1/sessions/{session['id']}/sets", json=a_set(client_id="set-2"))
    assert refused.status_code == 409
    better = client.patch(url, json={"pain": 2}).json()
    assert better["decision"]["action"] not in ("end_session", "seek_care") and better["stopped_now"] is False
    detail = client.get(f"/api/v1/sessions/{session['id']}").json()
    assert detail["stopped"] is not None and detail["stop_reason"] in ("end_session", "seek_care")
    assert client.post(f"/api/v1/sessions/{session['id']}/sets", json=a_set(client_id="set-3")).status_code == 409


def test_a_deleted_set_is_gone_and_the_next_set_counts_without_it(client, session):
    first = log(client, session["id"], pain=4)
    url = f"/api/v1/sessions/{session['id']}/sets/{first['set']['id']}"
    assert client.delete(url).status_code == 204
    assert client.get(f"/api/v1/sessions/{session['id']}").json()["sets"] == []
    assert_error(client.delete(url), 404, "not_found", "set")
    # the writer's tally of the session was read again: the next set is the first one
    second = log(client, session["id"], client_id="set-2", pain=3)
    assert second["set"]["number"] == 1


def test_a_session_is_deleted_with_its_sets_but_a_stopped_one_stays(client, person, session):
    log(client, session["id"])
    assert client.delete(f"/api/v1/sessions/{session['id']}").status_code == 204
    assert_error(client.get(f"/api/v1/sessions/{session['id']}"), 404, "not_found")
    again = client.post(f"/api/v1/people/{person['id']}/sessions", json={"date": START.isoformat(), "baseline_pain": 3})
    stopped = again.json()["id"]
    assert client.post(f"/api/v1/sessions/{stopped}/symptoms", json={"symptoms": [], "stop": True}).status_code == 200
    refused = client.delete(f"/api/v1/sessions/{stopped}")
    assert_error(refused, 409, "conflict", "session_id")
    assert client.get(f"/api/v1/sessions/{stopped}").status_code == 200


@pytest.mark.parametrize(("body", "field"), [
    ({}, "body"), ({"pain": 11}, "pain"), ({"reps": -1}, "reps"), ({"exercise": "deadlift"}, "exercise"),
    ({"unit": "stone"}, "unit"), ({"pain": "3"}, "pain"),
])
def test_a_bad_correction_is_a_422_naming_the_field_and_changes_nothing(client, session, body, field):
    logged = log(client, session["id"])
    answer = client.patch(f"/api/v1/sessions/{session['id']}/sets/{logged['set']['id']}", json=body)
    assert answer.status_code in (400, 422), answer.text
    assert answer.json()["error"]["field"] == field
    stored = client.get(f"/api/v1/sessions/{session['id']}").json()["sets"][0]
    assert stored["pain"] == 3 and stored["edited_at"] is None


def test_another_accounts_set_is_404_like_a_missing_one(client, other, session):
    logged = log(client, session["id"])
    url = f"/api/v1/sessions/{session['id']}/sets/{logged['set']['id']}"
    theirs = other.patch(url, json={"pain": 9})
    missing = other.patch(f"/api/v1/sessions/987654/sets/{logged['set']['id']}", json={"pain": 9})
    assert theirs.status_code == missing.status_code == 404
    assert other.delete(url).status_code == 404
    assert other.delete(f"/api/v1/sessions/{session['id']}").status_code == 404
    assert client.get(f"/api/v1/sessions/{session['id']}").json()["sets"][0]["pain"] == 3


def test_the_bar_and_plates_are_the_defaults_until_saved(client, person):
    url = f"/api/v1/people/{person['id']}/gym-settings"
    defaults = client.get(url).json()
    assert defaults == {"unit": "kg", "bar": 20.0, "trap_bar": 25.0, "saved": False,
                        "plates": {"25": 2, "20": 2, "15": 2, "10": 2, "5": 2, "2.5": 2, "1.25": 2}}
    saved = client.put(url, json={"bar": 15, "trap_bar": 27.5, "plates": {"20": 4, "1.25": 2, "0.5": 2}})
    assert saved.status_code == 200, saved.text
    assert client.get(url).json() == {"unit": "kg", "bar": 15.0, "trap_bar": 27.5, "saved": True,
                                      "plates": {"20": 4, "1.25": 2, "0.5": 2}}
    assert_error(client.put(url, json={"bar": 15, "trap_bar": 20, "plates": {"0": 2}}), 422, "invalid_input", "plates")
    assert_error(client.put(url, json={"bar": -5, "trap_bar": 20, "plates": {}}), 422, "invalid_input", "bar")


def test_last_time_and_the_summary(client, person, session):
    log(client, session["id"], client_id="a", reps=8, load=12, pain=2)
    log(client, session["id"], client_id="b", reps=8, load=12, pain=3)
    client.post(f"/api/v1/sessions/{session['id']}/end",
                json={"pain_after": 2, "session_rpe": 6, "duration_minutes": 40})
    summary = client.get(f"/api/v1/sessions/{session['id']}/summary").json()
    assert summary["sets"] == 2 and summary["volume"] == 192 and summary["pain_during"] == 3
    assert summary["pain_after"] == 2 and sum(summary["answers"].values()) == 2
    assert summary["exercises"][0]["volume"] == 192 and summary["exercises"][0]["edited"] == 0
    assert [n["exercise"] for n in summary["next_time"]] == ["goblet_squat"]
    assert summary["next_time"][0]["change"] == "hold" and "reps done 8, 8" in summary["next_time"][0]["why"]
    later = client.post(f"/api/v1/people/{person['id']}/sessions", json={"date": "2026-03-04", "baseline_pain": 2})
    log(client, later.json()["id"], client_id="c", reps=10, load=12, pain=2)  # today's set is not "last time"
    found = client.get(f"/api/v1/sessions/{later.json()['id']}/last-time").json()
    assert found["goblet_squat"] == {"exercise": "goblet_squat", "date": START.isoformat(),
                                     "session_id": session["id"], "sets": 2, "what": "2 × 8 @ 12 kg", "pain": 3}
    # the first session has no earlier one
    assert client.get(f"/api/v1/sessions/{session['id']}/last-time").json() == {}
