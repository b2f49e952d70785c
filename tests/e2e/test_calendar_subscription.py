"""The calendar subscription over HTTP: a secret per-account address made in Settings,
fetched without logging in, replaced (the old one stops at once) and stopped; a wrong
secret says nothing; the guard still checks the Host."""

from __future__ import annotations

import re

from icalendar import Calendar

from spinewise.library import example_intake
from tests.accounts import AccountClient

URL = re.compile(r'id="calendar-url" type="text" readonly value="([^"]+)"')


def with_plan(client: AccountClient) -> None:
    made = client.post("/api/v1/people", json={"name": "Ana", "intake": example_intake("desk-worker-flexion.json")})
    assert made.status_code == 201, made.text


def new_link(client: AccountClient) -> str:
    page = client.post("/settings/calendar")
    assert page.status_code == 200, page.text
    found = URL.search(page.text)
    assert found is not None and "shown only this once" in page.text
    assert found[1].startswith("http://localhost/calendar/")  # under the name the browser used
    return found[1].removeprefix("http://localhost")


def test_the_link_from_settings_opens_the_planned_sessions_without_logging_in(
        client: AccountClient, anonymous: AccountClient) -> None:
    with_plan(client)
    path = new_link(client)
    assert re.fullmatch(r"/calendar/[A-Za-z0-9_-]{40,}\.ics", path)
    feed = anonymous.get(path)  # a phone's calendar app: no cookie, no token
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert feed.headers["cache-control"] == "no-store"
    calendar = Calendar.from_ical(feed.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert events and all(str(e["summary"]).startswith("spinewise:") for e in events)
    assert "REFRESH-INTERVAL" in feed.text
    settings = client.get("/settings").text
    assert "You have a calendar address" in settings and path not in settings  # the secret is shown once only


def test_a_new_link_ends_the_old_one_and_stopping_ends_both(client: AccountClient, anonymous: AccountClient) -> None:
    with_plan(client)
    first = new_link(client)
    second = new_link(client)
    assert first != second
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200
    assert client.post("/settings/calendar/end").status_code == 200
    assert anonymous.get(second).status_code == 404
    assert "Make my calendar address" in client.get("/settings").text


def test_a_wrong_secret_is_a_404_that_tells_nothing(client: AccountClient, anonymous: AccountClient) -> None:
    with_plan(client)
    real = new_link(client)
    answers = [anonymous.get(path) for path in (
        "/calendar/not-a-secret.ics", real.replace(real[15:20], "AAAAA"), "/calendar/" + "x" * 500 + ".ics",
        "/calendar/.ics")]
    assert {a.status_code for a in answers} == {404}
    assert len({a.text for a in answers[:3]}) == 1


def test_the_link_is_only_for_its_own_account(client: AccountClient, other: AccountClient,
                                              anonymous: AccountClient) -> None:
    with_plan(client)
    with_plan(other)
    mine, theirs = new_link(client), new_link(other)
    assert "Ana" in anonymous.get(mine).text
    assert client.post("/settings/calendar/end").status_code == 200  # ending mine leaves theirs alone
    assert anonymous.get(mine).status_code == 404 and anonymous.get(theirs).status_code == 200


def test_the_link_before_the_questions_and_after_deleting_the_account(
        client: AccountClient, anonymous: AccountClient) -> None:
    path = new_link(client)
    assert anonymous.get(path).status_code == 404  # no person, no plan yet: nothing to show
    with_plan(client)
    assert anonymous.get(path).status_code == 200
    assert client.post("/settings/delete", data={"password": "correct horse battery"},
                       follow_redirects=False).status_code == 303
    assert anonymous.get(path).status_code == 404


def test_the_guard_checks_the_host_of_the_calendar_too(client: AccountClient, anonymous: AccountClient) -> None:
    with_plan(client)
    path = new_link(client)
    assert anonymous.get(path, headers={"host": "evil.example"}).status_code == 400
