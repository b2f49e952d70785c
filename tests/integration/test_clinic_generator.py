"""The scale benchmark's clinic generator (``benchmarks/make_clinic.py``) writes, with
COPY, rows the app reads back exactly as it stored the life they were cloned from: the
same sessions, sets and decisions, a day earlier per shift, under each client's own
account; the ids it took leave the app's sequences ready for the next row."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from spinewise import accounts, training
from spinewise.config import load_settings
from tests.integration.conftest import MONDAY

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import make_clinic

pytestmark = pytest.mark.postgres

END = MONDAY + timedelta(days=62)


@pytest.fixture(scope="module")
def lives(tmp_path_factory: pytest.TempPathFactory) -> list[make_clinic.Life]:
    folder = tmp_path_factory.mktemp("lives")
    with make_clinic.simulated_clock() as clock, make_clinic.plans_read_once():
        return [make_clinic.live("desk-worker-flexion.json", "flaring", end=END, folder=folder, clock=clock,
                                 seed=3, days=63)]


def _sessions(store: Any, person_id: int) -> list[tuple[Any, ...]]:
    with store.reading() as tx:
        found = tx.workouts.sessions(person_id)
        sets = tx.workouts.sets_of([s.id for s in found])
    by_session: dict[int, list[Any]] = {}
    for logged in sets:
        by_session.setdefault(logged.session_id, []).append(
            (logged.number, logged.exercise, logged.reps, logged.seconds, logged.load_kg, logged.pain,
             logged.action, logged.decision))
    return [(s.on_date, s.baseline_pain, s.prescriptions, s.stop_reason, by_session.get(s.id, []))
            for s in found]


def test_clients_read_back_as_their_life_a_day_earlier_per_shift(postgres_url: str,
                                                                 lives: list[make_clinic.Life]) -> None:
    life = lives[0]
    assert life.count("sets") > 20 and life.count("checkins") > 3
    summary = make_clinic.build(postgres_url, 3, seed=3, batch=2, today=END, lives=lives, log=lambda _: None)
    assert summary["clients"] == 3 and summary["coaches"] == 50
    assert summary["sets"] == 3 * life.count("sets")
    store = training.open_store(load_settings(postgres_url))
    try:
        people = []
        for number in range(3):
            account = accounts.find_account(store=store, email=f"client{number}@clinic.example")
            person_id = accounts.person_of(store=store, account_id=account.id)
            assert person_id is not None
            people.append(person_id)
            assert training.get_person(store=store, person_id=person_id).person.name == f"Client {number}"
            plan = training.active_plan(store=store, person_id=person_id)
            assert plan is not None and plan.weeks == make_clinic.PLAN_WEEKS  # the document parses
        first, second = _sessions(store, people[0]), _sessions(store, people[1])
        assert len(first) == life.count("workout_sessions") and first
        assert [(s[0] - timedelta(days=1), *s[1:]) for s in first] == second
        # the password works, and the next rows the app adds take fresh ids
        assert accounts.authenticate(store=store, email="client2@clinic.example",
                                     password=make_clinic.CLINIC_PASSWORD).role == "lifter"
        session = training.start_session(store=store, person_id=people[2], on=END + timedelta(days=1), free=True)
        outcome = training.log_set(store=store, session_id=session.id, client_id="next", exercise="goblet_squat",
                                   reps=8, pain=2)
        assert outcome.logged.id > max(s.id for p in people for s in _all_sets(store, p) if s.client_id != "next")
    finally:
        store.close()


def _all_sets(store: Any, person_id: int) -> list[Any]:
    with store.reading() as tx:
        return tx.workouts.sets_of([s.id for s in tx.workouts.sessions(person_id)])


def test_the_clinic_grows_without_touching_the_clients_it_has(postgres_url: str,
                                                              lives: list[make_clinic.Life]) -> None:
    make_clinic.build(postgres_url, 2, seed=3, batch=5, today=END, lives=lives, log=lambda _: None)
    store = training.open_store(load_settings(postgres_url))
    try:
        before = _sessions(store, accounts.person_of(store=store, account_id=accounts.find_account(
            store=store, email="client1@clinic.example").id) or 0)
    finally:
        store.close()
    summary = make_clinic.build(postgres_url, 5, seed=3, batch=5, today=END, lives=lives, log=lambda _: None)
    assert summary["clients"] == 5 and summary["sets"] == 5 * lives[0].count("sets")
    store = training.open_store(load_settings(postgres_url))
    try:
        assert len(accounts.list_accounts(store=store)) == 50 + 5
        again = _sessions(store, accounts.person_of(store=store, account_id=accounts.find_account(
            store=store, email="client1@clinic.example").id) or 0)
        assert again == before
    finally:
        store.close()


def test_each_big_coach_has_one_client_in_ten() -> None:
    per_coach: dict[int, int] = {}
    for number in range(2000):
        for coach in make_clinic.coaches_of(number):
            per_coach[coach] = per_coach.get(coach, 0) + 1
    assert [per_coach[c] for c in range(make_clinic.BIG_COACHES)] == [200] * make_clinic.BIG_COACHES
    assert set(per_coach) == set(range(make_clinic.COACHES))


def test_coaches_see_their_clients_and_old_alerts_were_handled(postgres_url: str,
                                                               lives: list[make_clinic.Life]) -> None:
    import psycopg

    from spinewise import coaching

    make_clinic.build(postgres_url, 3, seed=3, batch=5, today=END, lives=lives, log=lambda _: None)
    life = lives[0]
    with psycopg.connect(make_clinic.conninfo(postgres_url)) as conn:
        links = conn.execute("SELECT a.email, count(*) FILTER (WHERE l.revoked_at IS NULL), "
                             "count(*) FILTER (WHERE l.revoked_at IS NOT NULL) FROM coach_links l "
                             "JOIN accounts a ON a.id = l.client_id GROUP BY a.email ORDER BY a.email").fetchall()
        assert links == [(f"client{n}@clinic.example", len(make_clinic.coaches_of(n)), int(n % 25 == 0))
                         for n in range(3)]
        alerts = conn.execute("SELECT count(*), count(handled_at) FROM coach_alerts").fetchone()
        assert life.count("coach_alerts") >= 2  # the flaring weeks: a session stopped, and another
        assert alerts is not None and alerts[0] == 3 * life.count("coach_alerts") and 0 < alerts[1] < alerts[0]
        cutoff = END - make_clinic.HANDLED_AFTER
        assert conn.execute("SELECT count(*) FROM coach_alerts WHERE (handled_at IS NULL) = (at < %s)",
                            (cutoff,)).fetchone() == (0,)
        logged = conn.execute("SELECT count(*) FROM coach_access_log WHERE action = 'change' AND what = 'alert'")
        assert logged.fetchone() == (alerts[1],)
        assert conn.execute("SELECT count(*) FROM client_activity").fetchone() == (3,)
    store = training.open_store(load_settings(postgres_url))
    try:
        coach = accounts.find_account(store=store, email="coach0@clinic.example")  # client 0's coach
        board = coaching.dashboard(store=store, coach=coach, today=END)
        assert [c.name for c in board] == ["Client 0"]
        assert all(a.handled_at is None for a in board[0].alerts)
    finally:
        store.close()
