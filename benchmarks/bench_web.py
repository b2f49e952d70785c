"""Web benchmarks: server-side render time of every page, and first-load asset weight.

1. Each page rendered in-process (ASGI, no network) for a person with five years of
   history (about 60,000 sets, seeded as in ``bench_store.py``): median of 20 renders.
   Target: <= 30 ms per page.
2. What a first visit to each page downloads, gzip-compressed as served (the HTML
   plus every stylesheet and script it links). Target: <= 150 KB per page.

Run: ``.venv/bin/python benchmarks/bench_web.py`` (writes benchmarks/out/bench_web.json).
"""

from __future__ import annotations

import re
import sys
import tempfile
import warnings
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import summary_ms, table, timed, write
from bench_store import seed_history

from spinewise import training
from spinewise.config import load_settings
from spinewise.library import example_intake

LOCAL = "http://localhost"
"""A host the app answers to (the test client's default, testserver, is refused)."""
RENDER_TARGET_MS = 30.0
FIRST_LOAD_TARGET_KB = 150.0
REPEAT = 20
ASSET_RE = re.compile(r'<(?:script[^>]+src|link[^>]+rel="stylesheet"[^>]+href)="([^"]+)"')


def client_for(folder: Path) -> tuple[Any, int]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from spinewise.web import create_app

    settings = load_settings(f"sqlite:///{folder / 'web.sqlite3'}")
    store = training.open_store(settings)
    person = training.create_person(store=store, name="Bench", intake=example_intake("desk-worker-flexion.json"),
                                    start=date.today(), on=date.today()).person
    seed_history(store, person.id, until=date.today())  # up to now: every page sees a full history
    from spinewise import accounts

    account = accounts.create_account(store=store, email="bench@example.com", password="bench password 1")
    secret = accounts.start_session(store=store, account_id=account.id)  # pages are read logged in
    token, _expires = accounts.issue_token(store=store, account_id=account.id)
    store.close()
    client = TestClient(create_app(settings), base_url=LOCAL)
    client.__enter__()  # one event-loop portal for every request, as a running server has
    client.cookies.set("spinewise_session", secret)
    session = client.post(f"/api/v1/people/{person.id}/sessions", json={"baseline_pain": 2},
                          headers={"authorization": f"Bearer {token}"}).json()
    return client, session["id"]


def pages(session_id: int) -> list[str]:
    return ["/", "/intake/about", "/intake/training", "/result", "/plan", "/plan?week=9", "/exercises",
            "/exercises?pattern=squat", "/exercises/goblet_squat", "/today", f"/sessions/{session_id}",
            "/checkin", "/habits", "/history", "/progress"]


def _compressed(client: Any, url: str) -> int:
    """Bytes on the wire for ``url`` with gzip accepted (the body as sent, before decoding)."""
    with client.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
        return sum(len(chunk) for chunk in response.iter_raw())


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        client, session_id = client_for(Path(folder))
        renders: dict[str, dict[str, float]] = {}
        weights: dict[str, dict[str, Any]] = {}
        for path in pages(session_id):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            renders[path] = summary_ms(timed(lambda p=path: client.get(p), repeat=REPEAT))
            parts = {"html": _compressed(client, path)}
            for asset in ASSET_RE.findall(response.text):
                parts[asset.split("?")[0]] = _compressed(client, asset)
            weights[path] = {"total_kb": round(sum(parts.values()) / 1024, 1), "parts_bytes": parts}
    report = {"render": renders, "first_load": weights,
              "targets": {"render_ms": RENDER_TARGET_MS, "first_load_kb": FIRST_LOAD_TARGET_KB}}
    path = write("bench_web", report)
    rows = []
    for page in renders:
        median = renders[page]["median_ms"]
        kb = weights[page]["total_kb"]
        ok = median <= RENDER_TARGET_MS and kb <= FIRST_LOAD_TARGET_KB
        rows.append((page, f"{median:.1f} ms, {kb:.1f} KB", f"<= {RENDER_TARGET_MS:g} ms, <= {FIRST_LOAD_TARGET_KB:g} KB",
                     "ok" if ok else "MISSED"))
    print(table(rows))
    print(f"\nwritten to {path}")
    if any(r[3] != "ok" for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
