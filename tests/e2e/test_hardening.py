"""The hardened surface over HTTP: the Host check, the security headers, JSON only on the
API, cross-site form posts refused, the body size limit (by Content-Length and while a
chunked body arrives), and every input a probe found ending in a 500 now a 4xx naming
the field. Each check is also made on the set-logging fast lane, which skips the
middleware: no path goes around them."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from spinewise.config import load_settings
from spinewise.web import create_app
from tests.accounts import AccountClient, fast_settings, sign_up
from tests.conftest import LOCAL, run_async
from tests.e2e.test_api import assert_error
from tests.e2e.test_training_api import START, a_set

JSON = {"content-type": "application/json"}
FORM = {"content-type": "application/x-www-form-urlencoded"}
SMALL_LIMIT = 4096


@pytest.fixture
def ids(client: TestClient, desk_worker: dict[str, Any]) -> dict[str, int]:
    person = client.post("/api/v1/people", json={"name": "Sam", "intake": desk_worker,
                                                 "start": START.isoformat()}).json()
    client.cookies.set("spinewise_person", str(person["id"]))
    session = client.post(f"/api/v1/people/{person['id']}/sessions",
                          json={"date": START.isoformat(), "baseline_pain": 3}).json()
    return {"person": person["id"], "session": session["id"]}


def _stored_sets(client: TestClient, session_id: int) -> list[str]:
    return [s["client_id"] for s in client.get(f"/api/v1/sessions/{session_id}").json()["sets"]]


# --- Host -----------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST"])
def test_the_local_names_are_answered(client, host) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example",
                                  "localhost:80:80", "[::1", "0.0.0.0:8000"])
def test_other_hosts_are_a_400_on_pages_and_the_api(client, host) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/", headers={"host": host})
    assert page.status_code == 400 and "SPINEWISE_ALLOWED_HOSTS" in page.text
    assert_error(client.get("/api/v1/exercises", headers={"host": host}), 400, "bad_request", "host")


def test_another_host_is_refused_on_the_fast_lane_before_the_set_is_stored(client, ids) -> None:  # type: ignore[no-untyped-def]
    answer = client.post(f"/api/v1/sessions/{ids['session']}/sets", json=a_set(client_id="rebound"),
                         headers={"host": "evil.example"})
    assert_error(answer, 400, "bad_request", "host")
    assert _stored_sets(client, ids["session"]) == []


def test_the_served_host_and_the_listed_hosts_are_answered(tmp_path: Path) -> None:
    settings = load_settings(db=f"sqlite:///{tmp_path / 'h.sqlite3'}", host="192.168.1.20",
                             environ={"SPINEWISE_ALLOWED_HOSTS": "phone-lan.local, 10.0.0.5"})
    with TestClient(create_app(settings), base_url=LOCAL) as client:
        for host in ("192.168.1.20:8000", "phone-lan.local", "10.0.0.5:8000", "localhost"):
            assert client.get("/exercises", headers={"host": host}).status_code == 200, host
        assert client.get("/exercises", headers={"host": "other.local"}).status_code == 400


def test_listening_on_every_address_allows_no_extra_name(tmp_path: Path) -> None:
    settings = load_settings(db=f"sqlite:///{tmp_path / 'h.sqlite3'}", host="0.0.0.0", environ={})
    assert settings.allowed_hosts == ("localhost", "127.0.0.1", "::1")


# --- headers --------------------------------------------------------------------------------

def _assert_security_headers(response: Any, *, cached: bool = False) -> None:
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    if cached:
        assert "max-age" in response.headers["cache-control"]
    else:
        assert response.headers["cache-control"] == "no-store"


def test_pages_and_api_answers_carry_the_headers_and_are_not_stored(client, ids) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/plan", "/today", "/progress", "/docs", f"/api/v1/people/{ids['person']}",
                 "/api/v1/exercises", "/openapi.json"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        _assert_security_headers(answer)
    fast = client.post(f"/api/v1/sessions/{ids['session']}/sets", json=a_set())
    assert fast.status_code == 201
    _assert_security_headers(fast)
    form = client.post("/habits", data={"hydration": "yes"}, follow_redirects=False)
    assert form.status_code < 400
    _assert_security_headers(form)


def test_static_files_may_be_cached_and_still_carry_the_headers(client) -> None:  # type: ignore[no-untyped-def]
    home = client.get("/").text
    css = home.split('rel="stylesheet" href="')[1].split('"')[0]
    _assert_security_headers(client.get(css), cached=True)
    _assert_security_headers(client.get("/static/js/app.js"), cached=True)
    _assert_security_headers(client.get("/static/nothing-here.js"))


def test_404s_and_405s_carry_the_headers_and_405s_say_what_is_allowed(client, ids) -> None:  # type: ignore[no-untyped-def]
    _assert_security_headers(client.get("/no-such-page"))
    _assert_security_headers(client.get("/api/v1/no-such-thing"))
    for answer in (client.get(f"/api/v1/sessions/{ids['session']}/sets"),  # the fast lane's path
                   client.put("/api/v1/screenings", json={}), client.delete("/plan")):
        assert answer.status_code == 405
        assert answer.headers["allow"], answer.headers
        _assert_security_headers(answer)
    assert client.get(f"/api/v1/sessions/{ids['session']}/sets").headers["allow"] == "POST"
    assert "GET" in client.delete("/plan").headers["allow"]


def test_the_docs_page_has_no_inline_script(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/docs").text
    assert "<script>" not in page and "SwaggerUIBundle(" not in page
    assert 'src="/static/js/api-docs.js' in page


# --- JSON only on the API, forms only from this site ---------------------------------------

@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/jsonp"])
def test_the_api_accepts_only_json_bodies(client, ids, content_type) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps(a_set(client_id="plain")).encode()
    for path in ("/api/v1/screenings", f"/api/v1/sessions/{ids['session']}/sets",
                 f"/api/v1/people/{ids['person']}/checkins"):
        answer = client.post(path, content=body, headers={"content-type": content_type})
        error = assert_error(answer, 415, "unsupported_media_type", "content-type")
        assert content_type.split(";")[0] in error["message"]
    assert_error(client.post("/api/v1/screenings", content=body), 415, "unsupported_media_type", "content-type")
    assert _stored_sets(client, ids["session"]) == []
    ok = client.post(f"/api/v1/sessions/{ids['session']}/sets", content=body,
                     headers={"content-type": "application/json; charset=utf-8"})
    assert ok.status_code == 201


@pytest.mark.parametrize("headers", [
    {"origin": "https://evil.example"}, {"origin": "null"}, {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site", "origin": "http://localhost"},
])
def test_cross_site_form_posts_are_refused(client, ids, headers) -> None:  # type: ignore[no-untyped-def]
    checkin = client.post("/checkin", data={"pain": "2"}, headers=headers, follow_redirects=False)
    assert checkin.status_code == 403
    assert "cross-site" in checkin.text
    sets = client.post(f"/sessions/{ids['session']}/sets", data={"client_id": "x1", "exercise": "goblet_squat",
                                                                   "pain": "2", "reps": "5"},
                       headers=headers, follow_redirects=False)
    assert sets.status_code == 403
    fast = client.post(f"/api/v1/sessions/{ids['session']}/sets", json=a_set(client_id="x2"), headers=headers)
    assert_error(fast, 403, "forbidden", "origin")
    assert _stored_sets(client, ids["session"]) == []


@pytest.mark.parametrize("headers", [{}, {"origin": "http://localhost"}, {"sec-fetch-site": "same-origin"},
                                     {"sec-fetch-site": "none"}])
def test_same_site_and_non_browser_form_posts_are_accepted(client, ids, headers) -> None:  # type: ignore[no-untyped-def]
    answer = client.post(f"/sessions/{ids['session']}/sets", data={"client_id": "ok1", "exercise": "goblet_squat",
                                                                     "pain": "2", "reps": "5"},
                         headers=headers, follow_redirects=False)
    assert answer.status_code == 303, answer.text[:300]
    assert _stored_sets(client, ids["session"]) == ["ok1"]


# --- body size ------------------------------------------------------------------------------

@pytest.fixture
def small(tmp_path: Path) -> Any:
    settings = load_settings(db=f"sqlite:///{tmp_path / 's.sqlite3'}",
                             environ={"SPINEWISE_MAX_BODY_BYTES": str(SMALL_LIMIT)})
    return create_app(fast_settings(settings))


def test_the_limit_is_a_setting_with_a_1_mib_default(tmp_path: Path) -> None:
    from spinewise.domain.errors import InputError

    assert load_settings(db=f"sqlite:///{tmp_path / 'd.sqlite3'}", environ={}).max_body_bytes == 1024 * 1024
    with pytest.raises(InputError, match="SPINEWISE_MAX_BODY_BYTES"):
        load_settings(db=f"sqlite:///{tmp_path / 'd.sqlite3'}", environ={"SPINEWISE_MAX_BODY_BYTES": "lots"})


@pytest.mark.parametrize(("path", "headers"), [
    ("/api/v1/screenings", JSON), ("/api/v1/sessions/1/sets", JSON), ("/checkin", FORM), ("/intake/about", FORM),
])
def test_a_declared_length_over_the_limit_is_a_413_before_reading(small, path, headers) -> None:  # type: ignore[no-untyped-def]
    status, messages_read, _body = _call(small, path, headers, [b"x" * 1024] * 8, declared=8 * 1024)
    assert status == 413
    assert messages_read == 0  # refused on the Content-Length alone


@pytest.mark.parametrize(("path", "headers"), [
    ("/api/v1/screenings", JSON), ("/api/v1/sessions/1/sets", JSON), ("/intake/about", FORM),
])
def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit(small, path, headers) -> None:  # type: ignore[no-untyped-def]
    with AccountClient(small, base_url=LOCAL) as browser:  # logged in: the body is read, then refused
        sign_up(browser)
    logged_in = {"authorization": f"Bearer {browser.token}",
                 "cookie": f"spinewise_session={browser.cookies.get('spinewise_session')}"}
    chunks = [b" " * 1024] * 64  # 64 KB sent 1 KB at a time, no Content-Length
    status, messages_read, body = _call(small, path, {**headers, **logged_in}, chunks, declared=None)
    assert status == 413
    assert messages_read <= SMALL_LIMIT // 1024 + 1 < len(chunks)  # stopped reading at the limit
    if path.startswith("/api/"):
        assert json.loads(body)["error"]["code"] == "too_large"


def test_a_body_within_the_limit_is_read(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.post("/api/v1/screenings", content=b"x" * 2000, headers=JSON)
    assert_error(answer, 400, "malformed_json", "body")  # read, and found not to be JSON


def test_a_large_json_body_is_parsed_off_the_event_loop(client, desk_worker, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from spinewise.web import bodies

    threaded: list[int] = []
    real = bodies.run_in_threadpool

    async def counting(func: Any, *args: Any) -> Any:
        threaded.append(len(args[0]))
        return await real(func, *args)

    monkeypatch.setattr(bodies, "run_in_threadpool", counting)
    small_body = json.dumps(desk_worker).encode()
    assert client.post("/api/v1/screenings", content=small_body, headers=JSON).status_code == 200
    assert threaded == []
    padded = small_body[:-1] + b" " * (bodies.PARSE_IN_THREAD_BYTES + 1) + b"}"
    assert client.post("/api/v1/screenings", content=padded, headers=JSON).status_code == 200
    assert threaded == [len(padded)]


def _call(app: Any, path: str, headers: dict[str, str], chunks: list[bytes],
          declared: int | None) -> tuple[int, int, bytes]:
    """Call the app as a server would, handing the body over chunk by chunk; the status,
    how many body messages the app read, and the answer's body."""
    raw_headers = [(b"host", b"localhost"), *((k.encode(), v.encode()) for k, v in headers.items())]
    if declared is not None:
        raw_headers.append((b"content-length", str(declared).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "headers": raw_headers, "client": ("127.0.0.1", 5000),
             "server": ("127.0.0.1", 8000), "state": {}}
    read = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read >= len(chunks):
            await asyncio.sleep(3600)  # nothing more comes
        read += 1
        return {"type": "http.request", "body": chunks[read - 1], "more_body": read < len(chunks)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def run() -> None:
        await asyncio.wait_for(app(scope, receive, send), timeout=10)

    run_async(run())
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], read, body


# --- inputs that ended in a 500 -------------------------------------------------------------

def _surrogate_set(ids: dict[str, int]) -> tuple[str, bytes]:
    return (f"/api/v1/sessions/{ids['session']}/sets",
            b'{"client_id":"s1","exercise":"goblet_squat","pain":2,"reps":5,"notes":"sore \\ud800"}')


FOUND_500S: list[tuple[str, str, Any, str]] = [
    # (method, path, body builder, field named)
    ("POST", "/api/v1/people", lambda ids, intake: json.dumps({"name": "\ud800", "intake": intake}), "name"),
    ("POST", "/api/v1/sessions/{session}/sets", lambda ids, intake: _surrogate_set(ids)[1], "notes"),
    ("POST", "/api/v1/sessions/{session}/end",
     lambda ids, intake: b'{"pain_after":2,"session_rpe":5,"duration_minutes":30,"notes":"\\udfff"}', "notes"),
    ("POST", "/api/v1/people/{person}/assessments",
     lambda ids, intake: b'{"kind":"psfs","values":{"\\ud800":5}}', "values"),
    ("POST", "/api/v1/people/{person}/checkins", lambda ids, intake: b'{"pain":2,"symptoms":["\\ud800"]}',
     "symptoms[0]"),
    ("POST", "/api/v1/sessions/{session}/sets",
     lambda ids, intake: b'{"client_id":"a4","exercise":"goblet_squat","pain":2,"reps":' + b"9" * 5000 + b"}",
     "reps"),
    ("POST", "/api/v1/people/{person}/intakes",
     lambda ids, intake: json.dumps({"intake": intake, "start": "9999-12-20"}), "start"),
    ("POST", "/api/v1/people/{person}/checkins", lambda ids, intake: b'{"pain":2,"date":"0001-01-01"}', "date"),
    ("GET", "/api/v1/people/{person}/progress?date=9999-12-20", None, "date"),
    ("GET", "/api/v1/people/{person}/habits?date=0001-01-01", None, "date"),
    ("GET", "/api/v1/people/{person}/today?date=2201-01-01", None, "date"),
]


@pytest.mark.parametrize(("method", "path", "build", "field"), FOUND_500S,
                         ids=[f"{m} {p.split('?')[0]} {f}" for m, p, _b, f in FOUND_500S])
def test_inputs_that_ended_in_a_500_are_a_4xx_naming_the_field(client, ids, desk_worker, method, path, build,  # type: ignore[no-untyped-def]
                                                              field) -> None:
    url = path.format(**ids)
    body = None if build is None else build(ids, desk_worker)
    answer = client.request(method, url, content=body, headers=JSON if body is not None else {})
    error = assert_error(answer, 422, "invalid_input", field)
    answer.content.decode("utf-8")  # the answer itself is valid UTF-8
    assert field in error["message"]


def test_a_plan_start_outside_the_years_leaves_today_and_progress_working(client, ids, desk_worker) -> None:  # type: ignore[no-untyped-def]
    refused = client.post(f"/api/v1/people/{ids['person']}/intakes",
                          json={"intake": desk_worker, "start": "9999-12-20"})
    assert_error(refused, 422, "invalid_input", "start")
    assert client.get(f"/api/v1/people/{ids['person']}/today").status_code == 200
    assert client.get(f"/api/v1/people/{ids['person']}/progress").status_code == 200
    assert client.get("/today").status_code == 200
    assert client.get("/progress").status_code == 200


@pytest.mark.parametrize("body", [b"pain=2&notes=%ff%fe", b"pain=2&notes=%ED%A0%80", b"pa%ffin=2"])
def test_form_text_that_is_not_utf8_is_a_422_naming_the_field(client, ids, body) -> None:  # type: ignore[no-untyped-def]
    for path in ("/checkin", f"/sessions/{ids['session']}/end", "/habits", "/intake/about"):
        answer = client.post(path, content=body, headers=FORM, follow_redirects=False)
        assert answer.status_code == 422, (path, answer.status_code)
        named = "notes" if b"notes" in body else "form"
        assert f"{named}: " in answer.text and "not UTF-8" in answer.text


def test_a_multipart_form_is_a_415(client, ids) -> None:  # type: ignore[no-untyped-def]
    answer = client.post("/checkin", files={"notes": ("n.txt", b"\xff")}, data={"pain": "2"})
    assert answer.status_code == 415


@pytest.fixture
def newer_database(tmp_path: Path) -> Iterator[Path]:
    from spinewise.training import open_store

    path = tmp_path / "newer.sqlite3"
    store = open_store(load_settings(db=f"sqlite:///{path}"))
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'f00d_from_the_future'")
    store.close()
    yield path


def test_a_database_from_a_newer_spinewise_is_named_not_a_500(newer_database: Path) -> None:
    with TestClient(create_app(load_settings(db=f"sqlite:///{newer_database}")), base_url=LOCAL) as client:
        error = assert_error(client.get("/api/v1/people/1"), 503, "storage_unavailable")
        assert "this database was written by a newer spinewise" in error["message"]
        page = client.get("/today")
        assert page.status_code == 503 and "this database was written by a newer spinewise" in page.text


def test_the_cli_says_the_database_is_newer_in_one_line(newer_database: Path) -> None:
    import subprocess
    import sys

    spinewise = str(Path(sys.executable).with_name("spinewise"))
    done = subprocess.run([spinewise, "today", "--db", str(newer_database)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "this database was written by a newer spinewise" in done.stderr


def test_a_data_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    spinewise = str(Path(sys.executable).with_name("spinewise"))
    done = subprocess.run([spinewise, "today", "--db", str(blocker / "data" / "s.sqlite3")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "cannot create the data folder" in done.stderr
    assert "Traceback" not in done.stderr
