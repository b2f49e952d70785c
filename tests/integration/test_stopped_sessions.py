"""The loop obeys its own decisions, on SQLite and PostgreSQL: once the monitor answers
end_session or seek_care, or the person chooses to stop, the session takes no more
sets on any path (the use case, the JSON API's fast lane, the page form, the CLI), the
same day offers no new start, history says why, and after seek care a clinician's
visit must be recorded before the next session."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from spinewise import training
from spinewise.cli import full_app
from spinewise.config import load_settings
from spinewise.domain.errors import ConflictError
from spinewise.web import create_app
from tests.accounts import AccountClient, fast_settings, sign_up
from tests.conftest import LOCAL

from .conftest import MONDAY


@pytest.fixture
def client(db_url: str, person: Any) -> Iterator[TestClient]:
    """Logged in as the first account, which takes the person made before it."""
    with AccountClient(create_app(fast_settings(load_settings(db=db_url))), base_url=LOCAL) as c:
        yield sign_up(c)


def _started(store: Any, person: Any) -> Any:
    return training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2)


def _a_set(client_id: str, pain: int = 2, **extra: Any) -> dict[str, Any]:
    return {"client_id": client_id, "exercise": "goblet_squat", "reps": 8, "load": 12, "pain": pain, **extra}


def _stop_by(how: str, store: Any, session_id: int) -> str:
    """Stop the session the way ``how`` says; the stop reason it must leave."""
    if how == "end_session":
        outcome = training.log_set(store=store, session_id=session_id, **_a_set("stop", pain=9))
        assert outcome.decision["action"] == "end_session"
    elif how == "seek_care":
        outcome = training.log_set(store=store, session_id=session_id,
                                   **_a_set("stop", symptoms=["saddle_numbness"]))
        assert outcome.decision["action"] == "seek_care"
    elif how == "seek_care_button":
        decision = training.report_symptoms(store=store, session_id=session_id, symptoms=["bowel_change"])
        assert decision["action"] == "seek_care"
        return "seek_care"
    else:  # the person presses "something's wrong", nothing serious, and chooses to stop
        decision = training.report_symptoms(store=store, session_id=session_id, symptoms=[], stop=True)
        assert decision["action"] == "continue"
        return "person"
    return how


STOPS = ["end_session", "seek_care", "seek_care_button", "person"]


@pytest.mark.parametrize("how", STOPS)
def test_a_stopped_session_refuses_sets_on_every_path(store, person, client, db_url, how) -> None:  # type: ignore[no-untyped-def]
    session = _started(store, person)
    training.log_set(store=store, session_id=session.id, **_a_set("before"))
    reason = _stop_by(how, store, session.id)

    with pytest.raises(ConflictError) as refused:  # the use case (the CLI and the page form call it)
        training.log_set(store=store, session_id=session.id, **_a_set("after-1"))
    assert refused.value.field == "session_id" and "takes no more sets" in refused.value.message

    api = client.post(f"/api/v1/sessions/{session.id}/sets", json=_a_set("after-2"))  # the fast lane
    assert api.status_code == 409, api.text
    assert api.json()["error"]["code"] == "conflict" and api.json()["error"]["field"] == "session_id"

    page = client.post(f"/sessions/{session.id}/sets", data=_a_set("after-3"))  # the no-JavaScript form
    assert page.status_code == 409 and "takes no more sets" in page.text

    cli = CliRunner().invoke(full_app(), ["log", "--db", db_url, "--session", str(session.id),
                                          "--exercise", "goblet_squat", "--reps", "8", "--pain", "2",
                                          "--date", MONDAY.isoformat()])
    assert cli.exit_code == 2 and "takes no more sets" in cli.output

    # a retry of a set stored before the stop still gets its first answer
    replay = client.post(f"/api/v1/sessions/{session.id}/sets", json=_a_set("before"))
    assert replay.status_code == 200 and replay.json()["replayed"] is True
    detail = training.get_session(store=store, session_id=session.id)
    assert [s.client_id for s in detail.sets] == (["before"] if how in ("seek_care_button", "person")
                                                  else ["before", "stop"])
    assert detail.session.stop_reason == reason and detail.stopped is not None

    # the same day offers no new start, planned or free; history says why it ended
    for body in ({"date": MONDAY.isoformat()}, {"date": MONDAY.isoformat(), "free": True}):
        again = client.post(f"/api/v1/people/{person.person.id}/sessions", json=body)
        assert again.status_code == 409, again.text
    today = client.get(f"/api/v1/people/{person.person.id}/today", params={"date": MONDAY.isoformat()}).json()
    assert today["status"] == ("see_clinician" if reason == "seek_care" else "stopped")
    history = client.get(f"/api/v1/people/{person.person.id}/sessions").json()
    assert history[0]["stop_reason"] == reason and history[0]["stopped_at"]


def test_the_session_can_still_be_finished_after_a_stop(store, person) -> None:  # type: ignore[no-untyped-def]
    session = _started(store, person)
    _stop_by("end_session", store, session.id)
    ended = training.end_session(store=store, session_id=session.id, pain_after=4, session_rpe=6,
                                 duration_minutes=20)
    assert ended.ended_at is not None and ended.stop_reason == "end_session"


def test_a_stop_made_elsewhere_is_seen_by_a_writer_that_caches_its_tallies(store, person, db_url) -> None:  # type: ignore[no-untyped-def]
    """The web app's set writer keeps tallies between transactions; a stop from
    "something's wrong" on another connection (another app process) must still hold."""
    session = _started(store, person)
    tallies = training.SetTallies(own_connection=True)
    pending = [training.prepare_set(session_id=session.id, **_a_set("w1"))]
    assert isinstance(training.record_sets(store=store, pending=pending, tallies=tallies)[0], training.SetOutcome)
    other = training.open_store(load_settings(db_url))
    try:
        training.report_symptoms(store=other, session_id=session.id, symptoms=["sharp_pain"], stop=True)
    finally:
        other.close()
    late = training.record_sets(store=store, tallies=tallies,
                                pending=[training.prepare_set(session_id=session.id, **_a_set("w2"))])[0]
    tallies.close()
    assert isinstance(late, ConflictError)


def test_a_stopping_set_refuses_the_sets_after_it_in_the_same_batch(store, person) -> None:  # type: ignore[no-untyped-def]
    session = _started(store, person)
    pending = [training.prepare_set(session_id=session.id, **_a_set(cid, pain=pain))
               for cid, pain in (("a", 2), ("b", 9), ("c", 2))]
    results = training.record_sets(store=store, pending=pending, tallies=training.SetTallies(own_connection=True))
    assert [type(r).__name__ for r in results] == ["SetOutcome", "SetOutcome", "ConflictError"]


def test_after_seek_care_no_session_starts_until_a_clinician_has_seen_the_person(store, person, client) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    session = _started(store, person)
    _stop_by("seek_care", store, session.id)
    later = MONDAY + timedelta(days=2)  # a planned day (Wednesday)
    today = client.get(f"/api/v1/people/{pid}/today", params={"date": later.isoformat()}).json()
    assert today["status"] == "see_clinician"
    care = today["follow_up"]
    assert care["since"] == MONDAY.isoformat() and care["session_id"] == session.id
    assert any("saddle numbness" in line for line in care["tell_them"])
    assert "clinician" in today["message"] and "clinician" in care["message"]
    refused = client.post(f"/api/v1/people/{pid}/sessions", json={"date": later.isoformat()})
    assert refused.status_code == 409 and "clinician" in refused.json()["error"]["message"]
    assert "See a clinician before your next session" in client.get("/today").text
    assert "See a clinician before your next session" in client.get("/plan").text
    assert client.get(f"/api/v1/people/{pid}").json()["follow_up"]["session_id"] == session.id  # a coach's view

    seen = client.post(f"/api/v1/people/{pid}/clinician-visits", json={})
    assert seen.status_code == 201 and seen.json()["clinician_seen_at"]
    after = client.get(f"/api/v1/people/{pid}/today", params={"date": later.isoformat()}).json()
    assert after["status"] == "training" and after["follow_up"] is None
    assert client.get(f"/api/v1/people/{pid}").json()["follow_up"] is None
    assert client.post(f"/api/v1/people/{pid}/sessions", json={"date": later.isoformat()}).status_code == 201


def test_a_seek_care_checkin_opens_the_follow_up_too(store, person) -> None:  # type: ignore[no-untyped-def]
    pid = person.person.id
    training.checkin(store=store, person_id=pid, on=MONDAY, pain=3, symptoms=["bladder_change"])
    assert training.today(store=store, person_id=pid, on=MONDAY).status == "seek_care"
    later = training.today(store=store, person_id=pid, on=MONDAY + timedelta(days=2))
    assert later.status in ("seek_care", "see_clinician")  # no session since that morning: it still gates
    assert later.follow_up and later.follow_up["source"] == "checkin"
    training.record_clinician_seen(store=store, person_id=pid)
    assert training.today(store=store, person_id=pid, on=MONDAY + timedelta(days=2)).status == "training"


def test_an_exercise_the_library_marks_as_not_suited_to_this_back_says_so_after_the_set(store, person, db_url) -> None:  # type: ignore[no-untyped-def]
    free = training.start_session(store=store, person_id=person.person.id, on=MONDAY, baseline_pain=2, free=True)
    unsuited = training.log_set(store=store, session_id=free.id, client_id="kb", exercise="kettlebell_deadlift",
                                reps=8, load=16, pain=2)
    assert unsuited.not_suited is not None  # a flexion-sensitive back: it loads the back bending forward
    assert "Not for you now" in unsuited.not_suited["message"] and unsuited.not_suited["instead"]
    assert unsuited.to_json()["not_suited"] == unsuited.not_suited
    # gear the intake did not list (a leg press) is no reason: it was just used
    machine = training.log_set(store=store, session_id=free.id, client_id="lp", exercise="leg_press_limited_range",
                               reps=10, load=60, pain=2)
    assert machine.not_suited is None
    suited = training.log_set(store=store, session_id=free.id, client_id="gs", exercise="goblet_squat",
                              reps=8, load=12, pain=2)
    assert suited.not_suited is None
    cli = CliRunner().invoke(full_app(), ["log", "--db", db_url, "--session", str(free.id), "--exercise",
                                          "kettlebell_deadlift", "--reps", "6", "--load", "16", "--pain", "2",
                                          "--date", MONDAY.isoformat()])
    assert cli.exit_code == 0 and "Not suited to your back: Not for you now" in cli.output
