"""The coach's dashboard kept between requests (``coaching.DashboardCache``): answered
again only while nothing it shows has changed, on SQLite and PostgreSQL, in one app
process and across two on one database. After every kind of change the kept answer must
equal one made from the database with the cache switched off."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from spinewise import accounts
from spinewise.accounts.passwords import COSTS
from spinewise.config import load_settings
from spinewise.library import example_intake
from spinewise.web import create_app
from spinewise.web.auth import FixedClock, get_clock
from spinewise.web.state import app_store
from tests.accounts import AccountClient, fast_settings, log_in, sign_up
from tests.conftest import LOCAL
from tests.integration.test_coaching import (  # noqa: F401 (``clinic`` is a fixture)
    TODAY,
    _invite_and_accept,
    _session,
    _set,
    clinic,
)


@pytest.fixture
def world(clinic: dict[str, Any]) -> dict[str, Any]:  # noqa: F811 (the fixture imported above)
    return clinic


def _made(world: dict[str, Any]) -> int:
    cache = getattr(world["app"].state, "dashboard_cache", None)
    return 0 if cache is None else int(cache.made)


def _uncached(world: dict[str, Any], today: date = TODAY) -> Any:
    """Cora's dashboard made from the database by a second app with the cache off."""
    settings = dataclasses.replace(world["app"].state.settings, dashboard_cache=False)
    other = create_app(settings)
    other.dependency_overrides[get_clock] = lambda: FixedClock(today)
    with AccountClient(other, base_url=LOCAL) as cora:
        answer = cora.get("/api/v1/coach/clients", headers={"authorization": f"Bearer {world['cora'].token}"})
        assert answer.status_code == 200, answer.text
        assert getattr(other.state, "dashboard_cache", None) is None
        return answer.json()


def _check(world: dict[str, Any], *, remade: bool, today: date = TODAY) -> Any:
    """Cora's dashboard (kept or made again, as ``remade`` says), equal to one made afresh."""
    before = _made(world)
    kept = world["cora"].get("/api/v1/coach/clients")
    assert kept.status_code == 200
    assert _made(world) == before + (1 if remade else 0)
    assert kept.json() == _uncached(world, today)
    return kept.json()


def test_a_dashboard_is_kept_until_something_it_shows_changes(world: dict[str, Any]) -> None:
    cora, ana, finn = world["cora"], world["ana"], world["finn"]
    ana_person = world["people"]["ana"]
    _check(world, remade=True)
    _check(world, remade=False)  # nothing changed: the same answer, not made again
    assert cora.get("/coach").status_code == 200 and _made(world) == 1  # the page reads the same copy

    # an ordinary set moves nothing the dashboard shows
    _set(ana, world["sessions"]["ana"], 2, "quiet")
    _check(world, remade=False)
    # a painful set stops the session: an alert
    stopped = _session(ana, ana_person, "2026-03-18")  # a new session day first
    _check(world, remade=True)
    assert _set(ana, stopped, 9, "loud")["decision"]["action"] == "end_session"
    clients = _check(world, remade=True)
    alert = clients[0]["alerts"][0]
    assert alert["kind"] == "session_stopped"
    # handled, with a note
    assert cora.post(f"/api/v1/coach/alerts/{alert['id']}/handled", json={"note": "Called"}).status_code == 200
    assert _check(world, remade=True)[0]["alerts"] == []
    # a check-in
    assert ana.post(f"/api/v1/people/{ana_person}/checkins", json={"date": "2026-03-18", "pain": 2}).status_code == 201
    _check(world, remade=True)
    # a new plan from a new intake (the plan's rhythm decides missed sessions)
    rescreened = ana.post(f"/api/v1/people/{ana_person}/intakes",
                          json={"intake": example_intake("desk-worker-flexion.json"), "start": "2026-03-09"})
    assert rescreened.status_code == 201, rescreened.text
    _check(world, remade=True)
    # a session deleted (its alerts lose their link)
    spare = _session(ana, ana_person, "2026-03-17")
    _check(world, remade=False)  # an earlier day than the latest: the activity day stays
    assert ana.delete(f"/api/v1/sessions/{spare}").status_code == 204
    _check(world, remade=True)
    # a client comes back, then leaves
    _invite_and_accept(cora, finn)
    assert {c["name"] for c in _check(world, remade=True)} == {"Ana Secretname", "Finn"}
    assert len(_check(world, remade=False)) == 2
    assert finn.delete(f"/api/v1/me/coaches/{world['cora_id']}").status_code == 204
    assert len(_check(world, remade=True)) == 1
    # another day: missed sessions are counted to today
    world["app"].dependency_overrides[get_clock] = lambda: FixedClock(date(2026, 3, 30))
    later = _check(world, remade=True, today=date(2026, 3, 30))
    assert "missed_sessions" in {a["kind"] for a in later[0]["alerts"]}


def test_a_change_made_through_another_app_process_is_seen_at_once(world: dict[str, Any]) -> None:
    """Two app processes on one database (as ``serve --workers 2``): each keeps its own
    copy, and a change stored through one is on the other's next answer."""
    second = create_app(world["app"].state.settings)
    second.dependency_overrides[get_clock] = lambda: FixedClock(TODAY)
    with AccountClient(second, base_url=LOCAL) as ana_elsewhere, AccountClient(second, base_url=LOCAL) as cora_there:
        log_in(ana_elsewhere, "ana@example.com")
        log_in(cora_there, "cora@example.com")
        first_view = world["cora"].get("/api/v1/coach/clients").json()
        assert cora_there.get("/api/v1/coach/clients").json() == first_view
        session = _session(ana_elsewhere, world["people"]["ana"], "2026-03-18")
        _set(ana_elsewhere, session, 9, "elsewhere")
        here = world["cora"].get("/api/v1/coach/clients").json()
        assert here != first_view and here[0]["alerts"][0]["kind"] == "session_stopped"
        assert here == cora_there.get("/api/v1/coach/clients").json()


def test_a_coach_is_never_answered_from_another_coachs_copy(world: dict[str, Any]) -> None:
    cora, dan = world["cora"], world["dan"]
    cora_view = cora.get("/api/v1/coach/clients").json()
    dan_view = dan.get("/api/v1/coach/clients").json()
    assert [c["name"] for c in cora_view] == ["Ana Secretname"] and [c["name"] for c in dan_view] == ["Sam"]
    assert cora.get("/api/v1/coach/clients").json() == cora_view
    assert dan.get("/api/v1/coach/clients").json() == dan_view


def test_a_coach_with_a_client_who_has_not_answered_the_questions_yet(db_url: str) -> None:
    """The client's person is made after the link: the dashboard gains a row."""
    app = create_app(fast_settings(load_settings(db_url)))
    app.dependency_overrides[get_clock] = lambda: FixedClock(TODAY)
    with AccountClient(app, base_url=LOCAL) as lifter, AccountClient(app, base_url=LOCAL) as coach:
        sign_up(lifter, "lee@example.com")
        accounts.create_account(store=app_store(app), email="cy@example.com", password="correct horse battery",
                                role="coach", name="Cy", cost=COSTS["fast"])
        log_in(coach, "cy@example.com")
        _invite_and_accept(coach, lifter)
        assert coach.get("/api/v1/coach/clients").json() == []
        made = lifter.post("/api/v1/people", json={"name": "Lee", "intake": example_intake("desk-worker-flexion.json"),
                                                   "start": "2026-03-02"})
        assert made.status_code == 201, made.text
        assert [c["name"] for c in coach.get("/api/v1/coach/clients").json()] == ["Lee"]
