"""Coaching on SQLite and PostgreSQL: consent by invitation, the access matrix extended to
coaches (a client, a non-client, a former client, another coach's client; a lifter on
the coach routes), the access log, alerts stored as the data arrives, handling them,
revoking, and erasing a lifter's coaching rows with the account.

The routes are enumerated from the app, as in ``test_isolation``: a route added later is
walked too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from fastapi import APIRouter, Request
from sqlalchemy import func, select, update

from spinewise import accounts
from spinewise.accounts.passwords import COSTS
from spinewise.config import load_settings
from spinewise.library import example_intake
from spinewise.store.tables import (
    client_activity,
    coach_access_log,
    coach_alerts,
    coach_invitations,
    coach_links,
)
from spinewise.web import create_app
from spinewise.web.auth import ClientPersonId, FixedClock, get_clock
from spinewise.web.state import app_store
from tests.accounts import PASSWORD, AccountClient, fast_settings, log_in, sign_up
from tests.conftest import LOCAL
from tests.integration.test_isolation import MISSING, api_routes, call, fill, page_routes

TODAY = date(2026, 3, 18)  # a Wednesday; plans start on Monday 2 March
START = "2026-03-02"


def _coach(app: Any, client: AccountClient, email: str, name: str) -> AccountClient:
    accounts.create_account(store=app_store(app), email=email, password=PASSWORD, role="coach", name=name,
                            cost=COSTS["fast"])
    return log_in(client, email)


def _person(client: AccountClient, name: str) -> int:
    made = client.post("/api/v1/people", json={"name": name, "intake": example_intake("desk-worker-flexion.json"),
                                              "start": START})
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def _invite_and_accept(coach: AccountClient, lifter: AccountClient) -> None:
    code = coach.post("/api/v1/coach/invitations").json()["code"]
    accepted = lifter.post(f"/api/v1/coach/invitations/{code}/accept")
    assert accepted.status_code == 201, accepted.text


def _session(client: AccountClient, person: int, day: str, baseline: int = 2) -> int:
    made = client.post(f"/api/v1/people/{person}/sessions", json={"date": day, "baseline_pain": baseline})
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def _set(client: AccountClient, session: int, pain: int, client_id: str) -> dict[str, Any]:
    logged = client.post(f"/api/v1/sessions/{session}/sets",
                         json={"client_id": client_id, "exercise": "goblet_squat", "reps": 8, "pain": pain})
    assert logged.status_code == 201, logged.text
    return dict(logged.json())


@pytest.fixture
def clinic(db_url: str) -> Iterator[dict[str, Any]]:
    """Cora (a coach) with Ana as her client; Dan (a coach) with Sam as his; Finn, once
    Cora's client, who revoked; Cora never sees Sam or Finn. Ana has a session with a
    set, a check-in and habits."""
    app = create_app(fast_settings(load_settings(db_url)))
    app.dependency_overrides[get_clock] = lambda: FixedClock(TODAY)
    clients = [AccountClient(app, base_url=LOCAL) for _ in range(5)]
    ana, sam, finn, cora, dan = clients
    for client in clients:
        client.__enter__()
    try:
        sign_up(ana, "ana@example.com")
        sign_up(sam, "sam@example.com")
        sign_up(finn, "finn@example.com")
        _coach(app, cora, "cora@example.com", "Cora")
        _coach(app, dan, "dan@example.com", "Dan")
        people = {"ana": _person(ana, "Ana Secretname"), "sam": _person(sam, "Sam"), "finn": _person(finn, "Finn")}
        _invite_and_accept(cora, ana)
        _invite_and_accept(dan, sam)
        _invite_and_accept(cora, finn)
        cora_id = cora.get("/api/v1/me").json()["id"]
        assert finn.delete(f"/api/v1/me/coaches/{cora_id}").status_code == 204
        sessions = {name: _session(client, people[name], "2026-03-16")
                    for name, client in (("ana", ana), ("sam", sam), ("finn", finn))}
        for name, client in (("ana", ana), ("sam", sam), ("finn", finn)):
            _set(client, sessions[name], 2, "s1")
        assert ana.post(f"/api/v1/people/{people['ana']}/checkins", json={"date": "2026-03-17", "pain": 2}).status_code == 201
        assert ana.put(f"/api/v1/people/{people['ana']}/habits/2026-03-17", json={"hydration": True}).status_code == 200
        yield {"app": app, "ana": ana, "sam": sam, "finn": finn, "cora": cora, "dan": dan, "people": people,
               "sessions": sessions, "cora_id": cora_id}
    finally:
        for client in clients:
            client.__exit__(None, None, None)


def _person_routes(app: Any) -> list[tuple[str, str]]:
    return [(m, p) for m, p in api_routes(app) if re.search(r"\{(person_id|session_id)\}", p)]


def _ids(world: dict[str, Any], who: str) -> dict[str, Any]:
    return {"person_id": world["people"][who], "session_id": world["sessions"][who], "day": "2026-03-17"}


def _log(world: dict[str, Any], who: str) -> list[dict[str, Any]]:
    answer = world[who].get("/api/v1/me/access-log")
    assert answer.status_code == 200
    return list(answer.json())


def test_a_coach_reads_a_consenting_client_through_the_lifters_own_routes_and_each_read_is_logged(clinic) -> None:  # type: ignore[no-untyped-def]
    cora = clinic["cora"]
    reads = [(m, p) for m, p in _person_routes(clinic["app"]) if m == "GET"]
    assert len(reads) >= 6
    for _method, path in reads:
        answer = cora.get(fill(path, _ids(clinic, "ana")))
        assert answer.status_code == 200, (path, answer.text)
    log = _log(clinic, "ana")
    assert len(log) == len(reads)  # one entry per read
    assert {e["coach_id"] for e in log} == {clinic["cora_id"]} and {e["action"] for e in log} == {"read"}
    assert {"person", "sessions", "session", "progress", "today", "habits"} <= {e["what"] for e in log}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e["at"]) for e in log)
    assert _log(clinic, "sam") == []  # nobody read Sam's data as a coach


def test_a_coach_cannot_write_through_the_lifters_routes_404_exactly_like_a_missing_id(clinic) -> None:  # type: ignore[no-untyped-def]
    cora = clinic["cora"]
    writes = [(m, p) for m, p in _person_routes(clinic["app"])
              if m != "GET" and not p.startswith("/api/v1/coach/")]  # coach-only changes: test_plan_adjustments
    assert {("POST", "/api/v1/sessions/{session_id}/sets"), ("POST", "/api/v1/people/{person_id}/checkins"),
            ("PUT", "/api/v1/people/{person_id}/habits/{day}"),
            ("POST", "/api/v1/sessions/{session_id}/symptoms")} <= set(writes)
    own = _ids(clinic, "ana")
    missing = {"person_id": MISSING, "session_id": MISSING, "day": "2026-03-17"}
    for method, path in writes:
        theirs = call(cora, method, fill(path, own))
        absent = call(cora, method, fill(path, missing))
        assert theirs.status_code == absent.status_code == 404, (method, path, theirs.text)
        ident = clinic["people"]["ana"] if "person_id" in path else clinic["sessions"]["ana"]
        assert theirs.text == absent.text.replace(str(MISSING), str(ident)), (method, path)
    session = clinic["ana"].get(f"/api/v1/sessions/{clinic['sessions']['ana']}").json()
    assert [s["client_id"] for s in session["sets"]] == ["s1"]  # the coach's probes stored nothing
    assert _log(clinic, "ana") == []  # refused writes read nothing


@pytest.mark.parametrize("who", ["sam", "finn"])
def test_a_coach_gets_404_for_a_non_client_another_coachs_client_and_a_former_client(clinic, who: str) -> None:  # type: ignore[no-untyped-def]
    cora = clinic["cora"]
    missing = {"person_id": MISSING, "session_id": MISSING, "day": "2026-03-17"}
    for method, path in _person_routes(clinic["app"]):
        theirs = call(cora, method, fill(path, _ids(clinic, who)))
        absent = call(cora, method, fill(path, missing))
        assert theirs.status_code == absent.status_code == 404, (method, path)
        ident = clinic["people"][who] if "person_id" in path else clinic["sessions"][who]
        assert theirs.text == absent.text.replace(str(MISSING), str(ident)), (method, path)
    assert cora.get(f"/clients/{clinic['people'][who]}/progress").status_code == 404
    names = [c["name"] for c in cora.get("/api/v1/coach/clients").json()]
    assert names == ["Ana Secretname"]
    assert [c["name"] for c in clinic["dan"].get("/api/v1/coach/clients").json()] == ["Sam"]


def test_a_lifter_gets_404_on_every_coach_only_route_and_page(clinic) -> None:  # type: ignore[no-untyped-def]
    ana = clinic["ana"]
    coach_only = [(m, p) for m, p in api_routes(clinic["app"])
                  if p.startswith("/api/v1/coach/") and not p.endswith(("/accept", "/decline"))]
    assert {("POST", "/api/v1/coach/invitations"), ("GET", "/api/v1/coach/clients"),
            ("POST", "/api/v1/coach/alerts/{alert_id}/handled")} <= set(coach_only)
    for method, path in coach_only:
        answer = call(ana, method, fill(path, {"alert_id": 1}), json={"note": "x"} if method == "POST" else None)
        assert answer.status_code == 404, (method, path, answer.text)
        assert answer.json()["error"]["code"] == "not_found"
    for method, path in page_routes(clinic["app"]):
        if path.startswith("/coach"):
            answer = call(ana, method, fill(path, {"alert_id": 1}), data={"note": "x"})
            assert answer.status_code == 404, (method, path)
    # and a coach is nobody's client: accepting is a 404 like an unknown code
    code = clinic["dan"].post("/api/v1/coach/invitations").json()["code"]
    assert clinic["cora"].post(f"/api/v1/coach/invitations/{code}/accept").status_code == 404
    assert clinic["cora"].get("/api/v1/me/coaches").json() == []


def test_an_invitation_works_once_until_it_expires(clinic) -> None:  # type: ignore[no-untyped-def]
    cora, sam = clinic["cora"], clinic["sam"]
    made = cora.post("/api/v1/coach/invitations", json={})
    assert made.status_code == 201
    body = made.json()
    assert set(body) >= {"code", "expires_at"} and body["expires_at"].endswith("Z")
    assert sam.post("/api/v1/coach/invitations/NOPE-NOPE-NOPE/accept").status_code == 404
    declined = sam.post(f"/api/v1/coach/invitations/{body['code']}/decline")
    assert declined.status_code == 204
    assert sam.post(f"/api/v1/coach/invitations/{body['code']}/accept").status_code == 404  # used
    assert sam.get(f"/invite/{body['code']}").status_code == 404
    late = cora.post("/api/v1/coach/invitations").json()["code"]
    with app_store(clinic["app"]).transaction() as tx:  # a week and a day later
        tx.conn.execute(update(coach_invitations).values(expires_at=datetime(2026, 1, 1)))
    assert sam.post(f"/api/v1/coach/invitations/{late}/accept").status_code == 404
    fresh = cora.post("/api/v1/coach/invitations").json()["code"]
    page = sam.get(f"/invite/{fresh}")
    assert page.status_code == 200 and "Cora" in page.text and "cannot log sets" in page.text
    accepted = sam.post(f"/api/v1/coach/invitations/{fresh.lower().replace('-', '')}/accept")
    assert accepted.status_code == 201
    assert accepted.json()["coach"] == {"id": clinic["cora_id"], "email": "cora@example.com", "name": "Cora"}
    assert sam.post(f"/api/v1/coach/invitations/{fresh}/accept").status_code == 404  # used
    with app_store(clinic["app"]).reading() as tx:
        stored = tx.conn.execute(select(coach_invitations.c.code_hash)).scalars().all()
    assert fresh not in stored and fresh.replace("-", "") not in stored  # only digests are kept


def test_revoking_ends_the_coachs_access_at_once(clinic) -> None:  # type: ignore[no-untyped-def]
    cora, ana = clinic["cora"], clinic["ana"]
    path = f"/api/v1/people/{clinic['people']['ana']}/progress"
    assert cora.get(path).status_code == 200
    assert cora.get(f"/clients/{clinic['people']['ana']}/progress").status_code == 200
    assert ana.delete(f"/api/v1/me/coaches/{clinic['cora_id']}").status_code == 204
    assert cora.get(path).status_code == 404  # the very next request
    assert cora.get(f"/clients/{clinic['people']['ana']}/progress").status_code == 404
    assert cora.get("/api/v1/coach/clients").json() == []
    assert ana.delete(f"/api/v1/me/coaches/{clinic['cora_id']}").status_code == 404  # nothing left to revoke
    coaches = ana.get("/api/v1/me/coaches").json()
    assert coaches[0]["coach_id"] == clinic["cora_id"] and coaches[0]["active"] is False
    assert [e["what"] for e in _log(clinic, "ana")] == ["progress", "progress"]  # the log stays


def test_settings_list_the_coaches_with_revoke_and_the_access_log(clinic) -> None:  # type: ignore[no-untyped-def]
    cora, ana = clinic["cora"], clinic["ana"]
    assert cora.get(f"/clients/{clinic['people']['ana']}/progress").status_code == 200
    page = ana.get("/settings").text
    text = re.sub(r"<[^>]+>", "", page)
    assert re.search(r"Cora viewed your progress, \d{1,2} \w{3} \d\d:\d\d", text)
    assert f'action="/settings/coaches/{clinic["cora_id"]}/revoke"' in page
    revoked = ana.post(f"/settings/coaches/{clinic['cora_id']}/revoke", follow_redirects=False)
    assert revoked.status_code == 303
    assert cora.get(f"/api/v1/people/{clinic['people']['ana']}").status_code == 404


def test_alerts_are_stored_as_the_data_arrives_most_urgent_first(clinic) -> None:  # type: ignore[no-untyped-def]
    cora, ana, finn = clinic["cora"], clinic["ana"], clinic["finn"]
    _invite_and_accept(cora, finn)  # Finn comes back
    ana_person, finn_person = clinic["people"]["ana"], clinic["people"]["finn"]
    with app_store(clinic["app"]).reading() as tx:
        before = tx.conn.execute(select(func.count()).select_from(coach_alerts)).scalar_one()
    assert before == 0  # ordinary sets and a settled check-in raised nothing
    # Ana: a painful set stops today's session (medium), later a seek-care symptom report (high)
    stopped = _session(ana, ana_person, "2026-03-18")
    answer = _set(ana, stopped, 9, "p1")
    assert answer["decision"]["action"] == "end_session"
    # Finn: a painful set too, logged after Ana's (more recent, but only medium)
    finn_session = _session(finn, finn_person, "2026-03-18")
    _set(finn, finn_session, 9, "f2")
    clients = cora.get("/api/v1/coach/clients").json()
    assert [c["name"] for c in clients] == ["Finn", "Ana Secretname"]  # same severity: the newest first
    first = clients[0]["alerts"][0]
    assert first["kind"] == "session_stopped" and first["severity"] == "medium"
    assert first["rule"] == "MON-PAIN-SEVERE" and first["session_id"] == finn_session
    assert first["message"].startswith("Set 1 of goblet squat. Pain 9/10 during the set")
    reported = ana.post(f"/api/v1/sessions/{clinic['sessions']['ana']}/symptoms",
                        json={"symptoms": ["saddle_numbness"]})
    assert reported.json()["action"] == "seek_care"
    clients = cora.get("/api/v1/coach/clients").json()
    assert [c["name"] for c in clients] == ["Ana Secretname", "Finn"]  # seek care outranks a newer stop
    top = clients[0]["alerts"][0]
    assert (top["kind"], top["severity"], top["rule"]) == ("seek_care", "high", "MON-EMERGENCY-SIGN")
    assert top["session_id"] == clinic["sessions"]["ana"] and top["message"].startswith("Symptom report. Reported: saddle numbness")
    assert clients[0]["last_session"] == "2026-03-18"
    # the page shows the same order, with the client's page a link away
    page = cora.get("/coach").text
    assert page.index("Ana Secretname") < page.index("Finn")
    assert f'href="/clients/{ana_person}/progress#session-{clinic["sessions"]["ana"]}"' in page


def test_a_coach_marks_an_alert_handled_with_a_note(clinic) -> None:  # type: ignore[no-untyped-def]
    cora, dan, ana = clinic["cora"], clinic["dan"], clinic["ana"]
    _set(ana, _session(ana, clinic["people"]["ana"], "2026-03-18"), 9, "p1")
    alert = cora.get("/api/v1/coach/clients").json()[0]["alerts"][0]
    path = f"/api/v1/coach/alerts/{alert['id']}/handled"
    empty = cora.post(path, json={"note": "  "})
    assert empty.status_code == 422 and empty.json()["error"]["field"] == "note"
    assert cora.post(path, json={}).status_code == 422
    assert dan.post(path, json={"note": "not mine"}).status_code == 404  # another coach's client
    assert cora.post(f"/api/v1/coach/alerts/{MISSING}/handled", json={"note": "x"}).status_code == 404
    page_path = f"/coach/alerts/{alert['id']}/handled"
    refused = cora.post(page_path, data={"note": "", "back": "//elsewhere.example/clients/1/progress"},
                        follow_redirects=False)
    assert refused.status_code == 422 and "Note is needed" in refused.text
    handled = cora.post(path, json={"note": "Called Ana: resting two days"})
    assert handled.status_code == 200
    assert handled.json()["handled_note"] == "Called Ana: resting two days" and handled.json()["handled_at"]
    assert [a["kind"] for a in cora.get("/api/v1/coach/clients").json()[0]["alerts"]] == []
    page = cora.get(f"/clients/{clinic['people']['ana']}/progress").text
    assert "Called Ana: resting two days" in page
    # the page form returns only to a client's page of this site
    _set(ana, _session(ana, clinic["people"]["ana"], "2026-03-19"), 9, "p2")
    second = cora.get("/api/v1/coach/clients").json()[0]["alerts"][0]
    sent = cora.post(f"/coach/alerts/{second['id']}/handled",
                     data={"note": "Texted", "back": "//elsewhere.example/x"}, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == "/coach"
    assert ("change", "alert") in {(e["action"], e["what"]) for e in _log(clinic, "ana")}


def _stored(coach: AccountClient) -> list[dict[str, Any]]:
    """The first client's stored alerts (those with an id), most urgent first."""
    return [a for a in coach.get("/api/v1/coach/clients").json()[0]["alerts"] if a["id"] is not None]


def test_a_flare_up_and_rising_pain_are_raised_at_the_check_in_and_the_sessions_end(clinic) -> None:  # type: ignore[no-untyped-def]
    cora, sam, dan = clinic["cora"], clinic["sam"], clinic["dan"]
    person = clinic["people"]["sam"]
    # two sessions each followed by a morning 3 above the usual 2: a flare-up by PROG-FLARE-UP
    first = _session(sam, person, "2026-03-09")
    _set(sam, first, 3, "a")
    assert sam.post(f"/api/v1/people/{person}/checkins", json={"date": "2026-03-10", "pain": 5}).status_code == 201
    assert [a["kind"] for a in _stored(dan)] == []
    second = _session(sam, person, "2026-03-11")
    _set(sam, second, 3, "b")
    assert sam.post(f"/api/v1/people/{person}/checkins", json={"date": "2026-03-12", "pain": 5}).status_code == 201
    alerts = _stored(dan)
    flare = [a for a in alerts if a["kind"] == "flare_up"]
    assert len(flare) == 1 and flare[0]["rule"] == "PROG-FLARE-UP" and flare[0]["severity"] == "high"
    assert flare[0]["session_id"] == second
    # pain rising week to week: 3 the week before (9 and 11 March), 2 and now 6 this week (16 and 18
    # March: 4 on average, a point up; 6 is red, not a stop); the session's end reads the trend
    rising = _session(sam, person, "2026-03-18")
    assert _set(sam, rising, 6, "c")["decision"]["action"] == "skip_exercise"
    ended = sam.post(f"/api/v1/sessions/{rising}/end",
                     json={"pain_after": 6, "session_rpe": 6, "duration_minutes": 40})
    assert ended.status_code == 200, ended.text
    kinds = [a["kind"] for a in _stored(dan)]
    assert kinds.count("pain_rising") == 1 and kinds[0] == "flare_up"  # high before medium
    again = sam.post(f"/api/v1/sessions/{rising}/end", json={"pain_after": 6, "session_rpe": 6, "duration_minutes": 40})
    assert again.status_code == 200
    kinds = [a["kind"] for a in _stored(dan)]
    assert kinds.count("pain_rising") == 1  # at most once a week
    assert cora.get("/api/v1/coach/clients").json()[0]["name"] == "Ana Secretname"  # Cora sees none of it


def test_missed_sessions_and_a_check_in_not_done_are_read_from_the_activity_days(clinic) -> None:  # type: ignore[no-untyped-def]
    cora, finn = clinic["cora"], clinic["finn"]
    _invite_and_accept(cora, finn)
    # Finn trained on Monday 16 March and never checked in; Ana checked in on the 17th
    app = clinic["app"]
    app.dependency_overrides[get_clock] = lambda: FixedClock(date(2026, 3, 23))  # the next Monday
    clients = {c["name"]: c for c in cora.get("/api/v1/coach/clients").json()}
    finn_kinds = {a["kind"]: a for a in clients["Finn"]["alerts"]}
    assert set(finn_kinds) == {"missed_sessions", "checkin_missing"}
    assert finn_kinds["missed_sessions"]["rule"] == "COACH-MISSED-SESSIONS"
    assert finn_kinds["missed_sessions"]["message"].startswith("2 planned sessions missed")  # Wed 18, Fri 20
    assert finn_kinds["checkin_missing"]["rule"] == "COACH-CHECKIN-MISSING"
    assert finn_kinds["checkin_missing"]["id"] is None  # derived: clears itself
    assert {a["kind"] for a in clients["Ana Secretname"]["alerts"]} == {"missed_sessions"}
    assert finn.post(f"/api/v1/people/{clinic['people']['finn']}/checkins", json={"date": "2026-03-23", "pain": 2}).status_code == 201
    _session(finn, clinic["people"]["finn"], "2026-03-23")
    clients = {c["name"]: c for c in cora.get("/api/v1/coach/clients").json()}
    assert clients["Finn"]["alerts"] == []
    with app_store(app).reading() as tx:
        row = tx.conn.execute(select(client_activity).where(
            client_activity.c.person_id == clinic["people"]["finn"])).one()
    assert (row.last_session_on, row.last_checkin_on) == (date(2026, 3, 23), date(2026, 3, 23))


def test_client_person_id_lets_only_a_consenting_coach_change_and_logs_it(clinic) -> None:  # type: ignore[no-untyped-def]
    app = clinic["app"]
    probe = APIRouter()

    @probe.post("/api/v1/coach/clients/{person_id}/notes")
    def add_note(person_id: ClientPersonId, request: Request) -> dict[str, int]:
        return {"person_id": person_id}

    app.include_router(probe)
    path = f"/api/v1/coach/clients/{clinic['people']['ana']}/notes"
    assert clinic["cora"].post(path, json={}).json() == {"person_id": clinic["people"]["ana"]}
    assert clinic["dan"].post(path, json={}).status_code == 404
    assert clinic["ana"].post(path, json={}).status_code == 404  # the lifter is not her own coach
    assert clinic["cora"].post(f"/api/v1/coach/clients/{clinic['people']['finn']}/notes", json={}).status_code == 404
    assert [(e["action"], e["what"]) for e in _log(clinic, "ana")] == [("change", "notes")]


def test_the_export_holds_the_coaches_and_the_log_and_erasing_the_account_removes_them(clinic) -> None:  # type: ignore[no-untyped-def]
    cora, ana = clinic["cora"], clinic["ana"]
    assert cora.get(f"/api/v1/people/{clinic['people']['ana']}/progress").status_code == 200
    _set(ana, _session(ana, clinic["people"]["ana"], "2026-03-18"), 9, "p1")
    export = ana.get("/api/v1/me/export").json()
    assert [c["email"] for c in export["coaches"]] == ["cora@example.com"]
    assert [(e["coach_id"], e["action"], e["what"]) for e in export["coach_access_log"]] == [
        (clinic["cora_id"], "read", "progress")]
    assert [a["kind"] for a in export["coach_alerts"]] == ["session_stopped"]
    assert ana.request("DELETE", "/api/v1/me", json={"password": PASSWORD}).status_code == 204
    ana_id = export["account"]["id"]
    with app_store(clinic["app"]).reading() as tx:
        count = lambda table, where: tx.conn.execute(select(func.count()).select_from(table).where(where)).scalar_one()  # noqa: E731
        assert count(coach_links, coach_links.c.client_id == ana_id) == 0
        assert count(coach_access_log, coach_access_log.c.client_id == ana_id) == 0
        assert count(coach_alerts, coach_alerts.c.person_id == clinic["people"]["ana"]) == 0
        assert count(client_activity, client_activity.c.person_id == clinic["people"]["ana"]) == 0
    assert cora.get("/api/v1/coach/clients").json() == []


def test_erasing_a_coach_ends_their_links_and_keeps_their_name_in_the_clients_log(clinic) -> None:  # type: ignore[no-untyped-def]
    cora = clinic["cora"]
    assert cora.get(f"/api/v1/people/{clinic['people']['ana']}").status_code == 200
    assert cora.request("DELETE", "/api/v1/me", json={"password": PASSWORD}).status_code == 204
    assert clinic["ana"].get("/api/v1/me/coaches").json() == []
    assert [(e["coach_id"], e["coach"]) for e in _log(clinic, "ana")] == [(None, "Cora")]


def test_a_client_whose_alerts_piled_up_lists_the_most_urgent_twenty_and_counts_them_all(clinic) -> None:  # type: ignore[no-untyped-def]
    person = clinic["people"]["ana"]
    with app_store(clinic["app"]).transaction() as tx:
        tx.coaching.add_alert(person_id=person, kind="seek_care", severity="high", at=datetime(2026, 1, 2, 9),
                              rule="MON-EMERGENCY-SIGN", message="old but serious", session_id=None)
        for day in range(1, 26):
            tx.coaching.add_alert(person_id=person, kind="session_stopped", severity="medium",
                                  at=datetime(2026, 2, day, 9), rule="MON-PAIN-SEVERE", message=f"stop {day}",
                                  session_id=None)
    ana = clinic["cora"].get("/api/v1/coach/clients").json()[0]
    stored = [a for a in ana["alerts"] if a["id"] is not None]
    assert ana["open_alerts"] == 26 and len(stored) == 20
    assert stored[0]["message"] == "old but serious"  # severity first, however old
    assert [a["message"] for a in stored[1:3]] == ["stop 25", "stop 24"]  # then the newest
    assert "more alerts" in clinic["cora"].get("/coach").text


def test_an_imported_history_counts_as_sessions_done_raises_no_alert_and_shows_no_pain(clinic) -> None:  # type: ignore[no-untyped-def]
    """Ana brings in a Strong export of the sessions she did elsewhere on Wed 18 and Fri 20
    March: on Monday 23 her coach sees no missed sessions (she had two missed before the
    import), no "check-in not done" after them, no alert stored, and the sets with their
    pain 'not recorded'."""
    app, ana, cora = clinic["app"], clinic["ana"], clinic["cora"]
    app.dependency_overrides[get_clock] = lambda: FixedClock(date(2026, 3, 23))
    before = {c["name"]: c for c in cora.get("/api/v1/coach/clients").json()}["Ana Secretname"]
    assert "missed_sessions" in {a["kind"] for a in before["alerts"]}
    with app_store(app).reading() as tx:
        stored = tx.conn.execute(select(func.count()).select_from(coach_alerts)).scalar_one()
    text = ("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
            "2026-03-18 07:00:00,Legs,1h,Goblet Squat,1,20,8,0,0,,,\n"
            "2026-03-20 07:00:00,Legs again,1h,Goblet Squat,1,22,8,0,0,,,\n")
    preview = ana.post("/history/import/preview", data={"source": "strong", "csrf_token": ana.csrf},
                       files={"file": ("strong.csv", text.encode(), "text/csv")})
    assert preview.status_code == 200, preview.text
    carried = re.search(r'name="file" value="([^"]*)"', preview.text)
    assert carried is not None
    done = ana.post("/history/import", data={"source": "strong", "file_name": "strong.csv", "file": carried[1]})
    assert done.status_code == 200, done.text
    after = {c["name"]: c for c in cora.get("/api/v1/coach/clients").json()}["Ana Secretname"]
    assert after["last_session"] == "2026-03-20"
    assert "missed_sessions" not in {a["kind"] for a in after["alerts"]}
    assert "checkin_missing" not in {a["kind"] for a in after["alerts"]}  # no check-in was ever asked for
    with app_store(app).reading() as tx:
        assert tx.conn.execute(select(func.count()).select_from(coach_alerts)).scalar_one() == stored
    page = cora.get(f"/clients/{clinic['people']['ana']}/progress")
    assert page.status_code == 200 and "not recorded" in page.text and "imported from Strong" in page.text
    assert ">None<" not in page.text
