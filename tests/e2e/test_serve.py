"""``spinewise serve`` as users start it: a real uvicorn process on a free port and a real
SQLite file, answered over loopback; and the garbage-collector settling it turns on
(``web.runtime``), which apps built in tests leave off."""

from __future__ import annotations

import dataclasses
import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from spinewise.config import load_settings
from spinewise.web import create_app
from tests.conftest import LOCAL, free_port
from tests.e2e.test_training_api import START, a_set


def test_serve_answers_pages_and_stores_sets_in_its_sqlite_file(tmp_path: Path, desk_worker: dict[str, Any]) -> None:
    port, database = free_port(), tmp_path / "served.sqlite3"
    command = [str(Path(sys.executable).with_name("spinewise")), "serve", "--port", str(port), "--db", str(database)]
    env = {k: v for k, v in os.environ.items() if k != "SPINEWISE_DATABASE_URL"}
    made = subprocess.run([command[0], "users", "add", "sam@example.com", "--password-stdin", "--db", str(database)],
                          input="a long enough password\n", env=env, capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                home = httpx.get(base + "/", timeout=2, follow_redirects=True)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "spinewise serve did not start"
                time.sleep(0.1)
        assert home.status_code == 200 and "Log in" in home.text  # redirected: the account exists
        issued = httpx.post(base + "/api/v1/tokens", json={"email": "sam@example.com",
                                                           "password": "a long enough password"})
        assert issued.status_code == 201, issued.text
        auth = {"authorization": f"Bearer {issued.json()['token']}"}
        person = httpx.post(base + "/api/v1/people", json={"name": "Sam", "intake": desk_worker,
                                                           "start": START.isoformat()}, headers=auth).json()
        session = httpx.post(f"{base}/api/v1/people/{person['id']}/sessions",
                             json={"date": START.isoformat(), "baseline_pain": 2}, headers=auth).json()
        logged = httpx.post(f"{base}/api/v1/sessions/{session['id']}/sets", json=a_set(client_id="u1"), headers=auth)
        assert logged.status_code == 201, logged.text
        assert logged.json()["set"]["client_id"] == "u1" and logged.json()["decision"]["rules"]
        assert httpx.post(f"{base}/api/v1/sessions/{session['id']}/sets",
                          json=a_set(client_id="u2")).status_code == 401  # no token: nothing stored
        again = httpx.post(f"{base}/api/v1/sessions/{session['id']}/sets", json=a_set(client_id="u1"), headers=auth)
        assert again.status_code == 200 and again.json()["replayed"] is True
    finally:
        server.send_signal(signal.SIGINT)
        _out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert "Traceback" not in err
    import sqlite3

    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT client_id FROM sets").fetchall() == [("u1",)]


def test_apps_in_tests_leave_the_collector_alone_and_serving_settles_it(tmp_path: Path) -> None:
    gc.unfreeze()
    settings = load_settings(db=f"sqlite:///{tmp_path / 'gc.sqlite3'}")
    try:
        with TestClient(create_app(settings), base_url=LOCAL):
            assert gc.get_freeze_count() == 0
        with TestClient(create_app(dataclasses.replace(settings, settle_gc=True)), base_url=LOCAL):
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
