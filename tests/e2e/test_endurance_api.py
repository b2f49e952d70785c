"""McGill's endurance tests over the JSON API: the how-to and reference values, and a
logged test's flags compared before rounding."""

from __future__ import annotations

from spinewise.library import example_intake
from tests.e2e.test_training_api import START


def test_the_guide_says_how_to_do_each_test(client):
    guide = client.get("/api/v1/assessments/endurance")
    assert guide.status_code == 200
    body = guide.json()
    assert [t["test"] for t in body["tests"]] == ["flexor", "extensor", "side_bridge_right", "side_bridge_left"]
    assert body["tests"][1]["reference_seconds"] == {"men": 161, "women": 185}


def test_a_logged_test_flags_a_5_3_percent_side_difference(client):
    person = client.post("/api/v1/people", json={"name": "Pat", "intake": example_intake("pain-free-prehab.json"),
                                                 "start": START.isoformat()}).json()
    logged = client.post(f"/api/v1/people/{person['id']}/assessments", json={
        "kind": "endurance", "values": {"flexor": 100, "extensor": 150, "side_bridge_right": 105.3,
                                        "side_bridge_left": 100}})
    assert logged.status_code == 201, logged.text
    result = logged.json()["result"]
    assert result["usable"] is True
    assert [f["rule"] for f in result["findings"]] == ["PROG-ENDURANCE-SIDE-BALANCE"]
    assert {r["test"] for r in result["reference"]} == {"flexor", "extensor", "side_bridge_right", "side_bridge_left"}
