"""The JSON API over HTTP: same answers as the services, one error shape, never a 500 on bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from spinewise import services
from spinewise.library import example_intake, example_intake_names

JSON = {"content-type": "application/json"}


def assert_error(response: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if field is not None:
        assert body["error"]["field"] == field
    return body["error"]


@pytest.mark.parametrize("name", example_intake_names())
def test_screening_matches_the_service_for_every_example(client, name):
    intake = example_intake(name)
    response = client.post("/api/v1/screenings", json=intake)
    assert response.status_code == 200
    assert response.json() == services.screen(intake=intake).to_json()


@pytest.mark.parametrize("name", example_intake_names())
def test_plan_matches_the_service_for_every_example(client, name):
    intake = example_intake(name)
    response = client.post("/api/v1/plans", json={"intake": intake, "weeks": 6})
    assert response.status_code == 200
    assert response.json() == services.build_plan(intake=intake, weeks=6).to_json()


def test_plan_defaults_to_twelve_weeks(client, desk_worker):
    body = client.post("/api/v1/plans", json={"intake": desk_worker}).json()
    assert len(body["weeks"]) == 12


def test_an_emergency_gets_no_plan_but_what_to_do(client, saddle_numbness):
    body = client.post("/api/v1/plans", json={"intake": saddle_numbness}).json()
    assert body["level"] == "emergency"
    assert body["weeks"] == []
    assert "emergency" in body["next_step"].lower()
    assert body["reasons"]


def test_exercises_list_and_filters(client):
    everything = client.get("/api/v1/exercises").json()
    squats = client.get("/api/v1/exercises", params={"pattern": "squat"}).json()
    assert squats and all(e["pattern"] == "squat" for e in squats)
    assert len(squats) < len(everything)
    bodyweight = client.get("/api/v1/exercises", params={"equipment": ["bodyweight"]}).json()
    assert bodyweight and all(e["equipment"] == ["bodyweight"] for e in bodyweight)
    with_bells = client.get("/api/v1/exercises", params=[("equipment", "dumbbells"), ("equipment", "bench")]).json()
    assert all(set(e["equipment"]) <= {"bodyweight", "dumbbells", "bench"} for e in with_bells)
    assert len(with_bells) > len(bodyweight)


def test_exercise_search_keeps_only_what_the_back_and_gear_allow(client, desk_worker):
    found = client.post("/api/v1/exercises/search", json={"intake": desk_worker}).json()
    expected = services.list_exercises(intake=desk_worker)
    assert [e["id"] for e in found] == [e.id for e in expected]
    assert "sit_up" not in {e["id"] for e in found}


def test_one_exercise_by_id(client):
    body = client.get("/api/v1/exercises/goblet_squat").json()
    assert body["id"] == "goblet_squat"
    assert body["cues"] and body["purpose"]


def test_explain_says_why(client, desk_worker):
    body = client.post("/api/v1/explain", json={"exercise": "barbell_back_squat", "intake": desk_worker}).json()
    assert body == services.explain(exercise="barbell_back_squat", intake=desk_worker).to_json()
    assert body["status"] in ("substituted", "excluded")


# --- errors: one shape, a 4xx, the field named ---------------------------------

def test_an_out_of_range_answer_is_a_422_naming_the_field(client, desk_worker):
    desk_worker["pain"]["now"] = 11
    error = assert_error(client.post("/api/v1/screenings", json=desk_worker), 422, "invalid_input", "pain.now")
    assert "0 to 10" in error["message"]


def test_a_missing_field_is_named(client):
    assert_error(client.post("/api/v1/screenings", json={"pain": {"now": 3}}), 422, "invalid_input", "age")


def test_an_unknown_field_is_named(client, desk_worker):
    desk_worker["shoe_size"] = 44
    assert_error(client.post("/api/v1/screenings", json=desk_worker), 422, "invalid_input", "shoe_size")


def test_nested_intake_errors_name_the_path_from_the_body(client, desk_worker):
    desk_worker["pain"]["now"] = "a lot"
    assert_error(client.post("/api/v1/plans", json={"intake": desk_worker}), 422, "invalid_input", "intake.pain.now")


@pytest.mark.parametrize("weeks", [0, 53, "12", 2.5, True, None])
def test_bad_weeks_are_a_422(client, desk_worker, weeks):
    assert_error(client.post("/api/v1/plans", json={"intake": desk_worker, "weeks": weeks}), 422, "invalid_input", "weeks")


@pytest.mark.parametrize("body", [b"{", b"not json", b"", b"\xff\xfe", b"[1,2"])
def test_a_body_that_is_not_json_is_a_400(client, body):
    response = client.post("/api/v1/screenings", content=body, headers={"content-type": "application/json"})
    assert_error(response, 400, "malformed_json", "body")


@pytest.mark.parametrize("body", [[], "intake", 3, None, True])
def test_a_body_that_is_not_an_object_is_a_422(client, body):
    assert_error(client.post("/api/v1/screenings", content=json.dumps(body), headers=JSON), 422, "invalid_input")
    assert_error(client.post("/api/v1/plans", content=json.dumps(body), headers=JSON), 422, "invalid_input")
    assert_error(client.post("/api/v1/explain", content=json.dumps(body), headers=JSON), 422, "invalid_input")


def test_plan_envelope_fields_are_checked(client, desk_worker):
    assert_error(client.post("/api/v1/plans", json={"weeks": 4}), 422, "invalid_input", "intake")
    assert_error(client.post("/api/v1/plans", json={"intake": desk_worker, "colour": "red"}), 422,
                 "invalid_input", "colour")


def test_unknown_exercise_is_a_404(client, desk_worker):
    assert_error(client.get("/api/v1/exercises/moon_press"), 404, "not_found", "exercise")
    assert_error(client.post("/api/v1/explain", json={"exercise": "moon_press", "intake": desk_worker}), 404, "not_found")


def test_explain_needs_a_name(client, desk_worker):
    assert_error(client.post("/api/v1/explain", json={"exercise": 7, "intake": desk_worker}), 422, "invalid_input", "exercise")


@pytest.mark.parametrize("params", [{"pattern": "cartwheel"}, {"equipment": "spaceship"}, {"role": "captain"}])
def test_unknown_filter_values_are_a_422(client, params):
    field = next(iter(params))
    assert_error(client.get("/api/v1/exercises", params=params), 422, "invalid_input", field)


@pytest.mark.parametrize("body", [{"equipment": "dumbbells"}, {"equipment": [1]}, {"pattern": 3}, {"intake": []},
                                  {"intake": {"age": 3, "pain": {"now": 1}}}])
def test_bad_search_bodies_are_a_422(client, body):
    assert_error(client.post("/api/v1/exercises/search", json=body), 422, "invalid_input")


def test_unknown_api_path_and_method_use_the_error_shape(client):
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error(client.delete("/api/v1/screenings"), 405, "method_not_allowed")


def test_openapi_documents_every_route(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/v1/screenings", "/api/v1/plans", "/api/v1/exercises", "/api/v1/exercises/{exercise_id}",
                 "/api/v1/explain", "/api/v1/exercises/search"):
        assert path in paths
    intake = paths["/api/v1/screenings"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert intake["required"] == ["age", "pain"]
    assert "$ref" not in json.dumps(intake)


def test_docs_are_served_offline(client):
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "cdn." not in page
