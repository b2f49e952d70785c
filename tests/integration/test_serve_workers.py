"""``spinewise serve --workers 2``: two app processes on one port and one database (a
SQLite file, and PostgreSQL as a clinic runs it) store every set logged concurrently
through either of them once, numbered without gaps or repeats."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from spinewise import training
from spinewise.config import load_settings
from tests.conftest import free_port

from .conftest import MONDAY


def _wait_for(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/api/v1/exercises?limit=1", timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        assert server.poll() is None and time.monotonic() < deadline, "spinewise serve did not start"
        time.sleep(0.2)


def test_two_worker_processes_store_every_set_once(db_url: str, desk_worker: dict[str, Any]) -> None:
    store = training.open_store(load_settings(db_url))
    try:
        person = training.create_person(store=store, name="Ana", intake=desk_worker, start=MONDAY)
        sessions = [training.start_session(store=store, person_id=person.person.id, on=MONDAY + timedelta(days=n),
                                           baseline_pain=2, free=True).id for n in range(3)]
        assert len(set(sessions)) == 3
        from spinewise import accounts
        from spinewise.accounts.passwords import FAST

        owner = accounts.create_account(store=store, email="ana@example.com", password="a long password", cost=FAST)
        token, _expires = accounts.issue_token(store=store, account_id=owner.id)  # checked by both processes
    finally:
        store.close()
    port = free_port()
    env = {**os.environ, "SPINEWISE_DATABASE_URL": db_url}
    server = subprocess.Popen([str(Path(sys.executable).with_name("spinewise")), "serve", "--port", str(port),
                               "--workers", "2"], env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    posts = [(sessions[n % 3], f"w{n}") for n in range(60)] + [(sessions[0], "w0"), (sessions[1], "w4")]
    try:
        _wait_for(base, server)

        def post(item: tuple[int, str]) -> httpx.Response:
            session_id, client_id = item
            body = {"client_id": client_id, "exercise": "goblet_squat", "reps": 8, "load": 12, "pain": 2}
            # a new connection each time, so the kernel spreads them over both processes
            return httpx.post(f"{base}/api/v1/sessions/{session_id}/sets", json=body, timeout=30,
                              headers={"authorization": f"Bearer {token}"})

        with ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(post, posts))
    finally:
        server.send_signal(signal.SIGINT)
        _out, err = server.communicate(timeout=60)
    assert "Traceback" not in err, err
    assert sorted(a.status_code for a in answers) == [200] * 2 + [201] * 60
    store = training.open_store(load_settings(db_url))
    try:
        with store.reading() as tx:
            rows = tx.workouts.sets_of(sessions)
    finally:
        store.close()
    assert sorted(r.client_id for r in rows) == sorted(f"w{n}" for n in range(60))
    for session_id in sessions:
        numbers = sorted(r.number for r in rows if r.session_id == session_id)
        assert numbers == list(range(1, 21))
