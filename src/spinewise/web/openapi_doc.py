"""The OpenAPI document, completed with what the routes' decorators cannot say alone.

- Every status an API route can answer is declared with the error shape: 401 on the
  routes that need a token, 503 where the database is read (it could not be reached), and on every route with a JSON body the request guard's
  400 (bad ``Host`` or ``Content-Length``), 403 (a cross-site write), 413 (too large)
  and 415 (not ``application/json``) and the body checks' 400 and 422.
- Links between operations (OpenAPI ``links``) say how the data flows: the person
  created is the one to read, the session started is the one to log sets into, the
  token issued is the one ``/me`` answers for. Clients (and schemathesis' stateful
  tests) follow them.
"""

from __future__ import annotations

from typing import Any

from spinewise.web.errors import error_responses

API_PREFIX = "/api/v1"

_BODY_STATUSES = (400, 403, 413, 415, 422)
"""What a route with a JSON body can answer before (guard) or while (``bodies.command``) reading it."""

_LINKS: tuple[tuple[str, str, str, str, str, dict[str, str]], ...] = (
    # (from path, from method, status, link name, to "METHOD path", parameters)
    ("/people", "post", "201", "GetPerson", "get /people/{person_id}", {"person_id": "$response.body#/id"}),
    ("/people", "post", "201", "StartSession", "post /people/{person_id}/sessions",
     {"person_id": "$response.body#/id"}),
    ("/people", "post", "201", "GetToday", "get /people/{person_id}/today", {"person_id": "$response.body#/id"}),
    ("/people", "post", "201", "AddCheckin", "post /people/{person_id}/checkins",
     {"person_id": "$response.body#/id"}),
    ("/people", "post", "201", "PutHabits", "put /people/{person_id}/habits/{day}",
     {"person_id": "$response.body#/id"}),
    ("/people", "post", "201", "GetHabits", "get /people/{person_id}/habits", {"person_id": "$response.body#/id"}),
    ("/people", "post", "201", "AddAssessment", "post /people/{person_id}/assessments",
     {"person_id": "$response.body#/id"}),
    ("/people", "post", "201", "GetProgress", "get /people/{person_id}/progress",
     {"person_id": "$response.body#/id"}),
    ("/people", "post", "201", "ListSessions", "get /people/{person_id}/sessions",
     {"person_id": "$response.body#/id"}),
    ("/people", "post", "201", "AddIntake", "post /people/{person_id}/intakes", {"person_id": "$response.body#/id"}),
    ("/people/{person_id}/sessions", "post", "201", "LogSet", "post /sessions/{session_id}/sets",
     {"session_id": "$response.body#/id"}),
    ("/people/{person_id}/sessions", "post", "201", "GetSession", "get /sessions/{session_id}",
     {"session_id": "$response.body#/id"}),
    ("/people/{person_id}/sessions", "post", "201", "ReportSymptoms", "post /sessions/{session_id}/symptoms",
     {"session_id": "$response.body#/id"}),
    ("/people/{person_id}/sessions", "post", "201", "EndSession", "post /sessions/{session_id}/end",
     {"session_id": "$response.body#/id"}),
    ("/sessions/{session_id}/sets", "post", "201", "GetSession", "get /sessions/{session_id}",
     {"session_id": "$request.path.session_id"}),
    ("/sessions/{session_id}/sets", "post", "201", "EndSession", "post /sessions/{session_id}/end",
     {"session_id": "$request.path.session_id"}),
    ("/sessions/{session_id}/end", "post", "200", "GetSession", "get /sessions/{session_id}",
     {"session_id": "$request.path.session_id"}),
    ("/tokens", "post", "201", "Me", "get /me", {}),
)


def _operation_id(spec: dict[str, Any], target: str) -> str:
    method, path = target.split(" ", 1)
    operation_id: str = spec["paths"][API_PREFIX + path][method]["operationId"]
    return operation_id


def complete_api_document(spec: dict[str, Any]) -> dict[str, Any]:
    """Add the API's error statuses and links to FastAPI's document (in place; returned)."""
    for path, methods in spec.get("paths", {}).items():
        if not path.startswith(API_PREFIX):
            continue
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            statuses: list[int] = []
            if operation.get("security"):
                statuses.extend((401, 503))  # 503: the database could not be reached
            elif path == API_PREFIX + "/tokens":
                statuses.append(503)
            if "requestBody" in operation:
                statuses.extend(_BODY_STATUSES)
            for status, answer in error_responses(*statuses).items():
                responses.setdefault(str(status), answer)
    for path, method, status, name, target, parameters in _LINKS:
        answer = spec["paths"][API_PREFIX + path][method]["responses"][status]
        link: dict[str, Any] = {"operationId": _operation_id(spec, target)}
        if parameters:
            link["parameters"] = parameters
        answer.setdefault("links", {})[name] = link
    return spec
