"""Accounts on SQLite and PostgreSQL: tokens, log-in throttling, deleting an account
(searched for in the database file afterwards), the migration of a database made by
the release before accounts, and ``spinewise users``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from spinewise import accounts, training
from spinewise.config import load_settings
from spinewise.library import example_intake
from spinewise.web import create_app
from tests.accounts import PASSWORD, AccountClient, fast_settings, sign_up
from tests.conftest import LOCAL


@pytest.fixture
def app(db_url: str) -> Any:
    return create_app(fast_settings(load_settings(db_url)))


@pytest.fixture
def ana(app: Any) -> Iterator[AccountClient]:
    with AccountClient(app, base_url=LOCAL) as client:
        yield sign_up(client, "ana@example.com")


def test_a_token_is_issued_for_the_right_password_and_revoked_for_good(app, ana) -> None:  # type: ignore[no-untyped-def]
    issued = ana.post("/api/v1/tokens", json={"email": "Ana@Example.com", "password": PASSWORD})
    assert issued.status_code == 201
    body = issued.json()
    assert set(body) == {"token", "expires_at"} and body["expires_at"].endswith("Z")
    token = {"authorization": f"Bearer {body['token']}"}
    assert ana.get("/api/v1/me", headers=token).json() == {"id": 1, "email": "ana@example.com", "role": "lifter",
                                                            "person_id": None}
    assert ana.delete("/api/v1/tokens/current", headers=token).status_code == 204
    assert ana.get("/api/v1/me", headers=token).status_code == 401
    assert ana.get("/api/v1/me").status_code == 200  # the client's other token still works


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(ana) -> None:  # type: ignore[no-untyped-def]
    wrong = ana.post("/api/v1/tokens", json={"email": "ana@example.com", "password": "not the password"})
    unknown = ana.post("/api/v1/tokens", json={"email": "nobody@example.com", "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_many_failures_for_one_email_are_a_429_with_retry_after(ana) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        assert ana.post("/api/v1/tokens", json={"email": "ana@example.com", "password": "guess guess"}).status_code == 401
    refused = ana.post("/api/v1/tokens", json={"email": "ana@example.com", "password": PASSWORD})
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    other = ana.post("/api/v1/tokens", json={"email": "other@example.com", "password": "guess guess"})
    assert other.status_code == 401  # another email from the same address is not refused yet


def test_the_throttle_also_counts_each_address(store) -> None:  # type: ignore[no-untyped-def]
    from spinewise.accounts.errors import TooManyAttempts
    from spinewise.accounts.throttle import LoginThrottle

    now = [datetime(2026, 3, 2, 8, 0)]
    throttle = LoginThrottle(store, clock=lambda: now[0], per_email=5, per_address=3)
    for n in range(3):
        throttle.check(f"e{n}@x.org", "10.0.0.9")
        throttle.failed(f"e{n}@x.org", "10.0.0.9")
    with pytest.raises(TooManyAttempts) as refused:
        throttle.check("fresh@x.org", "10.0.0.9")
    assert refused.value.retry_after == 15 * 60 + 1  # the oldest failure leaves the window then
    throttle.check("fresh@x.org", "10.0.0.10")
    now[0] += timedelta(seconds=15 * 60 + 1)
    throttle.check("fresh@x.org", "10.0.0.9")  # the window has passed


def test_the_throttle_keeps_only_digests_and_prunes_old_failures(store) -> None:  # type: ignore[no-untyped-def]
    from spinewise.accounts.throttle import LoginThrottle
    from spinewise.store.tables import login_attempts

    now = [datetime(2026, 3, 2, 8, 0)]
    throttle = LoginThrottle(store, clock=lambda: now[0])
    throttle.failed("ana@example.com", "10.0.0.9")
    throttle.failed("ana@example.com", "10.0.0.9")
    with store.reading() as tx:
        rows = tx.conn.execute(select(login_attempts)).all()
    assert len(rows) == 4 and {r.kind for r in rows} == {"email", "address"}
    assert not any("ana" in r.key_hash or "10.0.0.9" in r.key_hash for r in rows)
    now[0] += timedelta(minutes=16)
    throttle.failed("bo@example.com", "10.0.0.7")  # a new failure deletes those past the window
    with store.reading() as tx:
        assert tx.conn.execute(select(login_attempts.c.failed_at)).scalars().all() == [now[0], now[0]]
    throttle.succeeded("bo@example.com")  # a success clears the email's count, not the address's
    with store.reading() as tx:
        assert tx.conn.execute(select(login_attempts.c.kind)).scalars().all() == ["address"]


def test_two_app_processes_on_one_database_share_the_throttle(db_url: str) -> None:
    """Two apps (as ``--workers 2`` makes) count the same failures: 5 guesses in all, not 5 each."""
    settings = fast_settings(load_settings(db_url))
    first, second = create_app(settings), create_app(settings)
    with AccountClient(first, base_url=LOCAL) as one, AccountClient(second, base_url=LOCAL) as two:
        sign_up(one, "ana@example.com")
        guess = {"email": "ana@example.com", "password": "guess guess"}
        for n in range(5):
            client = one if n % 2 == 0 else two
            assert client.post("/api/v1/tokens", json=guess).status_code == 401
        for client in (one, two):
            refused = client.post("/api/v1/tokens", json={"email": "ana@example.com", "password": PASSWORD})
            assert refused.status_code == 429
            assert 0 < int(refused.headers["retry-after"]) <= 15 * 60 + 1


def test_deleting_the_account_erases_every_row_about_the_person(app, ana, db_url) -> None:  # type: ignore[no-untyped-def]
    intake = example_intake("desk-worker-flexion.json")
    person = ana.post("/api/v1/people", json={"name": "Zyxwvut Quillfeather", "intake": intake}).json()
    session = ana.post(f"/api/v1/people/{person['id']}/sessions", json={"date": "2026-03-02", "baseline_pain": 2}).json()
    ana.post(f"/api/v1/sessions/{session['id']}/sets", json={"client_id": "d1", "exercise": "goblet_squat",
                                                             "reps": 8, "pain": 2, "notes": "Plumbagoscript note"})
    ana.post(f"/api/v1/sessions/{session['id']}/symptoms", json={"symptoms": ["tingling"]})
    ana.post(f"/api/v1/people/{person['id']}/checkins", json={"date": "2026-03-03", "pain": 2})
    export = ana.get("/api/v1/me/export").json()
    assert export["person"]["name"] == "Zyxwvut Quillfeather"
    assert "password_hash" not in json.dumps(export)
    for key in ("account", "intakes", "screenings", "plans", "sessions", "sets", "symptom_reports", "checkins",
                "habits", "assessments", "coaches", "coach_access_log"):
        assert key in export
    assert [s["notes"] for s in export["sets"]] == ["Plumbagoscript note"]

    assert ana.request("DELETE", "/api/v1/me", json={"password": "wrong password"}).status_code == 422
    assert ana.request("DELETE", "/api/v1/me", json={"password": PASSWORD}).status_code == 204
    assert ana.get("/api/v1/me").status_code == 401
    assert ana.get("/api/v1/me/export").status_code == 401
    store = training.open_store(load_settings(db_url))
    try:
        assert training.list_people(store=store) == []
        with store.reading() as tx:
            from spinewise.store import tables

            for table in tables.metadata.sorted_tables:
                if table.name in ("alembic_version", "app_secrets"):
                    continue
                assert tx.conn.execute(select(table)).fetchall() == [], table.name
    finally:
        store.close()
    if db_url.startswith("sqlite"):
        app.state.store.close()  # every connection closed: the log is folded in and removed
        database = Path(db_url.removeprefix("sqlite:///"))
        with sqlite3.connect(database) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw = database.read_bytes() + (database.with_name(database.name + "-wal").read_bytes()
                                       if database.with_name(database.name + "-wal").exists() else b"")
        for secret in (b"Zyxwvut", b"Quillfeather", b"Plumbagoscript", b"ana@example.com"):
            assert secret not in raw, secret


def test_secure_delete_is_on_for_sqlite(db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("a SQLite setting")
    store = training.open_store(load_settings(db_url))
    try:
        with store.reading() as tx:
            from sqlalchemy import text

            assert tx.conn.execute(text("PRAGMA secure_delete")).scalar() == 1
    finally:
        store.close()


def test_a_database_from_the_release_before_accounts_is_attached_to_the_first_account(db_url: str) -> None:
    from spinewise.store.engine import make_engine
    from spinewise.store.schema import current_revision, head_revision, upgrade
    from spinewise.store.tables import people, workout_sessions

    engine = make_engine(db_url)
    try:
        upgrade(engine, "0004")  # the release before accounts, at its head
        now = datetime(2026, 1, 5, 8, 0)
        with engine.begin() as conn:  # a person and sessions, as that release stored them
            pid = conn.execute(insert(people).values(name="Old Timer", units="kg", created_at=now)
                               .returning(people.c.id)).scalar_one()
            for day in (5, 7):
                conn.execute(insert(workout_sessions).values(
                    person_id=pid, on_date=datetime(2026, 1, day).date(), started_at=now, baseline_pain=2,
                    prescriptions={}))
    finally:
        engine.dispose()
    store = training.open_store(load_settings(db_url))  # upgrades to the head
    try:
        assert current_revision(store.engine) == head_revision()
        assert [p.name for p in training.list_people(store=store)] == ["Old Timer"]
        first = accounts.create_account(store=store, email="owner@example.com", password=PASSWORD, cost=_fast())
        assert accounts.person_of(store=store, account_id=first.id) == pid
        second = accounts.create_account(store=store, email="later@example.com", password=PASSWORD, cost=_fast())
        assert accounts.person_of(store=store, account_id=second.id) is None
        assert len(training.history(store=store, person_id=pid)) == 2  # the sessions came along
    finally:
        store.close()


def _fast() -> Any:
    from spinewise.accounts.passwords import FAST

    return FAST


def test_users_add_list_set_password_and_remove(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    added = run("users", "add", "coach@example.com", "--role", "coach", "--password-stdin", "--json",
                input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout) == {"id": 1, "email": "coach@example.com", "role": "coach"}
    for args, stdin, field in ((("users", "add", "not-an-email", "--password-stdin"), PASSWORD + "\n", "email"),
                               (("users", "add", "x@example.com", "--password-stdin"), "short\n", "password"),
                               (("users", "add", "COACH@example.com", "--password-stdin"), PASSWORD + "\n", "email"),
                               (("users", "add", "y@example.com", "--role", "boss", "--password-stdin"),
                                PASSWORD + "\n", "role")):
        refused = run(*args, input=stdin)
        assert refused.exit_code == 2, refused.output
        lines = refused.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {field}:"), lines
    listed = run("users", "list", "--json")
    assert [u["email"] for u in json.loads(listed.stdout)] == ["coach@example.com"]
    changed = run("users", "set-password", "coach@example.com", "--password-stdin", input="another long one\n")
    assert changed.exit_code == 0, changed.output
    removed = run("users", "remove", "coach@example.com", "--yes")
    assert removed.exit_code == 0, removed.output
    assert json.loads(run("users", "list", "--json").stdout) == []


def test_export_prints_everything_about_the_local_person(run, intake_file: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("init", "--name", "Robin", "--from", str(intake_file)).exit_code == 0
    exported = run("export", "--json")
    assert exported.exit_code == 0, exported.output
    document = json.loads(exported.stdout)
    assert document["person"]["name"] == "Robin" and document["account"] is None
    assert len(document["intakes"]) == 1 and len(document["screenings"]) == 1


def test_an_unknown_email_costs_a_password_check_like_a_wrong_password(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Timing that does not tell them apart: both answers hash the given password once."""
    from spinewise.accounts import service
    from spinewise.accounts.errors import NotAuthenticated

    accounts.create_account(store=store, email="ana@example.com", password=PASSWORD, cost=_fast())
    checks: list[str] = []
    real = service.password_matches
    monkeypatch.setattr(service, "password_matches", lambda stored, given, cost: checks.append(given) or real(stored, given, cost))
    for email in ("ana@example.com", "nobody@example.com", "not an email"):
        with pytest.raises(NotAuthenticated, match=r"^wrong email or password$"):
            accounts.authenticate(store=store, email=email, password="a wrong one", cost=_fast())
    assert checks == ["a wrong one"] * 3
