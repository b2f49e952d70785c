"""The import pages over HTTP: upload, preview with matches and a mapping, confirm; the
Strong CSV download from the pages and the API."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_training_api import START

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "interop"


@pytest.fixture
def person(client: Any, desk_worker: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/people", json={"name": "Sam", "intake": desk_worker,
                                                   "start": START.isoformat(), "weeks": 8})
    assert response.status_code == 201, response.text
    return response.json()


def _upload(client: Any, name: str, source: str = "strong", csrf: str | None = None) -> Any:
    return client.post("/history/import/preview",
                       data={"source": source, "csrf_token": csrf if csrf is not None else client.csrf},
                       files={"file": (name, (FIXTURES / name).read_bytes(), "text/csv")})


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found is not None, name
    return found[1]


def test_upload_preview_map_and_confirm_stores_the_history(client: Any, person: dict[str, Any]) -> None:
    preview = _upload(client, "strong_comma.csv")
    assert preview.status_code == 200, preview.text
    page = preview.text
    assert "2 workouts, 8 sets (1 warm-up)" in page
    assert "Matched to Barbell back squat, 100% sure" in page and "No match in the library" in page
    names = re.findall(r'<label for="(map-\d+)"><strong>([^<]+)</strong>', page)
    zercher = next(field for field, name in names if name == "Zercher Squat")
    form = {"source": _hidden(page, "source"), "file_name": _hidden(page, "file_name"),
            "file": _hidden(page, "file"), zercher: "front_squat"}
    done = client.post("/history/import", data=form)
    assert done.status_code == 200, done.text
    assert "2 workouts and 8 sets" in done.text
    sessions = client.get(f"/api/v1/people/{person['id']}/sessions").json()
    exercises = {s["exercise"] for h in sessions for s in h["sets"]}
    assert "front_squat" in exercises and "Zercher Squat" not in exercises
    history = client.get("/history").text
    assert "Legs, heavy (imported)" in history and "not recorded" in history
    again = client.post("/history/import", data=form)
    assert "0 workouts and 0 sets; 2 workouts were already here" in again.text


def test_an_unreadable_file_is_named_on_the_page_with_its_row_and_column(client: Any, person: dict[str, Any],
                                                                         tmp_path: Path) -> None:
    answer = _upload(client, "strong_comma.csv", source="hevy")
    assert answer.status_code == 422 and "strong_comma.csv: row 1" in answer.text
    assert "is a Strong export" in answer.text


def test_the_upload_needs_the_csrf_token(client: Any, person: dict[str, Any]) -> None:
    assert _upload(client, "hevy_kg.csv", source="hevy", csrf="forged").status_code == 403


def test_a_file_over_the_body_limit_is_refused_and_the_page_names_the_cli(client: Any, person: dict[str, Any]) -> None:
    page = client.get("/history/import").text
    assert "Files up to 1 MiB" in page and "spinewise import strong FILE" in page
    big = b"Date,Workout Name\n" + b"x" * (1024 * 1024 + 10)
    answer = client.post("/history/import/preview", data={"source": "strong", "csrf_token": client.csrf},
                         files={"file": ("big.csv", big, "text/csv")})
    assert answer.status_code == 413


def test_a_tampered_carried_file_is_refused_plainly(client: Any, person: dict[str, Any]) -> None:
    answer = client.post("/history/import", data={"source": "strong", "file_name": "x.csv", "file": "@@@"})
    assert answer.status_code == 422 and "choose it again" in answer.text


def test_the_strong_csv_downloads_from_the_page_and_the_api(client: Any, person: dict[str, Any]) -> None:
    _upload_and_confirm(client, "hevy_kg.csv", "hevy")
    page = client.get("/history/export.csv")
    api = client.get("/api/v1/me/export/strong-csv")
    assert page.status_code == api.status_code == 200
    assert page.headers["content-type"].startswith("text/csv") and page.text == api.text
    rows = list(csv.DictReader(io.StringIO(page.text)))
    assert len(rows) == 6 and rows[0]["Set Order"] == "W" and rows[0]["Exercise Name"] == "Barbell bench press"


def test_someone_else_gets_only_their_own_log(client: Any, other: Any, person: dict[str, Any]) -> None:
    _upload_and_confirm(client, "hevy_kg.csv", "hevy")
    assert other.get("/api/v1/me/export/strong-csv").status_code == 404  # no person of their own yet
    assert other.get("/history/export.csv").status_code == 404


def _upload_and_confirm(client: Any, name: str, source: str) -> None:
    page = _upload(client, name, source=source).text
    done = client.post("/history/import", data={"source": source, "file_name": name, "file": _hidden(page, "file")})
    assert done.status_code == 200, done.text


def test_an_imported_session_opens_in_the_history_not_in_gym_mode(client: Any, person: dict[str, Any]) -> None:
    _upload_and_confirm(client, "hevy_lbs.csv", "hevy")
    session = client.get(f"/api/v1/people/{person['id']}/sessions").json()[0]
    answer = client.get(f"/sessions/{session['id']}", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/history"


def test_the_progress_page_and_today_still_answer_with_an_imported_history(client: Any, person: dict[str, Any]) -> None:
    _upload_and_confirm(client, "strong_numbered.csv", "strong")
    assert client.get("/progress?since=2023-06-01").status_code == 200
    assert client.get("/today").status_code == 200
    report = client.get(f"/api/v1/people/{person['id']}/progress?since=2023-06-01").json()
    imported = [p for p in report["pain"] if p["date"] in ("2023-06-12", "2023-06-14")]
    assert len(imported) == 2 and all(p["during"] is None and p["baseline"] is None for p in imported)


def test_gym_mode_reads_an_imported_history_without_making_up_pain(client: Any, person: dict[str, Any]) -> None:
    """Last time, the summary (API and page), correcting an imported set and deleting an
    imported session, over HTTP."""
    from tests.e2e.test_api import assert_error
    from tests.e2e.test_training_api import a_set

    _upload_and_confirm(client, "strong_comma.csv", "strong")
    imported = {s["title"]: s for s in client.get(f"/api/v1/people/{person['id']}/sessions").json()}
    legs = client.get(f"/api/v1/sessions/{imported['Legs, heavy']['id']}").json()
    today = client.post(f"/api/v1/people/{person['id']}/sessions",
                        json={"date": START.isoformat(), "baseline_pain": 2, "free": True})
    assert today.status_code == 201, today.text
    logged = client.post(f"/api/v1/sessions/{today.json()['id']}/sets",
                         json=a_set(exercise="barbell_back_squat", load=60, reps=5))
    assert logged.status_code == 201, logged.text
    last = client.get(f"/api/v1/sessions/{today.json()['id']}/last-time").json()["barbell_back_squat"]
    assert (last["date"], last["what"], last["pain"]) == ("2024-03-05", "2 × 5 @ 100 kg", None)

    summary = client.get(f"/api/v1/sessions/{legs['id']}/summary")
    assert summary.status_code == 200 and summary.json()["pain_during"] is None
    page = client.get(f"/sessions/{legs['id']}/summary")
    assert page.status_code == 200 and "not recorded" in page.text and "None" not in page.text

    working = next(s for s in legs["sets"] if s["exercise"] == "barbell_back_squat" and not s["warmup"])
    url = f"/api/v1/sessions/{legs['id']}/sets/{working['id']}"
    edited = client.patch(url, json={"reps": 4})
    assert edited.status_code == 200, edited.text
    assert edited.json()["set"]["reps"] == 4 and edited.json()["set"]["pain"] is None
    assert_error(client.patch(url, json={"pain": 2}), 422, "invalid_input", "pain")
    assert client.get("/history").status_code == 200

    assert client.delete(f"/api/v1/sessions/{legs['id']}").status_code == 204
    assert client.get(f"/api/v1/sessions/{legs['id']}").status_code == 404
