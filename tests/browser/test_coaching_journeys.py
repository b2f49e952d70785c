"""Coaching in a real browser (Chromium, axe on every page): a coach invites, the lifter
opens the link, signs up and comes back to it, sees who is asking and what will be shared,
accepts; the lifter logs a painful set and reports a symptom; the alert is first on the
coach's dashboard; the coach marks one handled and opens the client's page; the lifter sees
the coach's reads in Settings and revokes; the coach loses access at once.

Screenshots: the dashboard at 1280 px and 360 px (``coach-dashboard-*``), the coach's view
of the client (``coach-client-*``) and the lifter's Settings with the access log
(``lifter-settings-*``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from spinewise.library import example_intake
from tests.browser.conftest import (
    COACH,
    LAPTOP,
    PASSWORD,
    PHONE,
    LoggedInApi,
    add_coach_account,
    check_accessibility,
    check_page,
    log_in_in,
)

LIFTER = "sam@example.com"


def _first_alert(page: Page) -> Any:
    return page.locator(".client-list > li").first.locator(".alert-item").first


def test_a_coach_invites_the_client_accepts_the_alert_comes_first_and_revoking_ends_access(
        page: Page, browser: Browser, fresh_app_url: str, tmp_path: Path) -> None:
    url = fresh_app_url
    # the first account is the lifter's (the first visit creates it), then the coach is added
    page.goto(url + "/signup")
    page.get_by_label("Email").fill("first@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.context.clear_cookies()  # logged out
    add_coach_account(tmp_path)

    coach_context = browser.new_context(viewport=LAPTOP, locale="en-GB")
    coach = coach_context.new_page()
    try:
        log_in_in(coach, url, COACH)
        coach.goto(url + "/coach")
        expect(coach.get_by_role("heading", level=1)).to_have_text("Your clients")
        coach.get_by_role("button", name="Create an invitation").click()
        link = coach.locator("#invite-link").inner_text()
        assert re.fullmatch(re.escape(url) + r"/invite/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", link)
        check_accessibility(coach)

        # the lifter opens the link without an account: sign up, and back to the invitation
        page.goto(link)
        expect(page).to_have_url(re.compile(r"/login\?next=/invite/"))
        page.get_by_role("link", name="Create an account").click()
        page.get_by_label("Email").fill(LIFTER)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        expect(page).to_have_url(link)
        expect(page.get_by_role("heading", level=1)).to_have_text("Cora asks to follow your training")
        expect(page.get_by_text("your sessions, sets and pain")).to_be_visible()
        expect(page.get_by_text("cannot log sets or check-ins for you")).to_be_visible()
        check_accessibility(page)
        page.get_by_role("button", name="Accept and share").click()
        expect(page).to_have_url(re.compile(r"/settings"))
        expect(page.locator(".coach-list")).to_contain_text("Cora")

        # the lifter trains (as gym mode's script calls the API): a painful set, then a symptom
        api = LoggedInApi(page, url)
        person = api.post(url + "/api/v1/people", data={"name": "Sam", "intake": example_intake(
            "desk-worker-flexion.json")}).json()
        session = api.post(url + f"/api/v1/people/{person['id']}/sessions", data={"baseline_pain": 2}).json()
        painful = api.post(url + f"/api/v1/sessions/{session['id']}/sets",
                           data={"client_id": "s1", "exercise": "goblet_squat", "reps": 8, "pain": 9})
        assert painful.json()["decision"]["action"] == "end_session"
        symptom = api.post(url + f"/api/v1/sessions/{session['id']}/symptoms", data={"symptoms": ["saddle_numbness"]})
        assert symptom.json()["action"] == "seek_care"

        # the coach's dashboard: the seek-care alert first, then the stopped session
        coach.goto(url + "/coach")
        expect(coach.locator(".client-list > li").first).to_contain_text("Sam")
        expect(_first_alert(coach)).to_contain_text("Answer was to get care")
        expect(_first_alert(coach)).to_contain_text("MON-EMERGENCY-SIGN")
        expect(coach.locator(".client-list > li").first.locator(".alert-item").nth(1)).to_contain_text(
            "Session stopped by the monitor")
        check_page(coach, "coach-dashboard")
        coach.set_viewport_size(LAPTOP)
        second = coach.locator(".client-list > li").first.locator(".alert-item").nth(1)
        second.get_by_label("What you did").fill("Called Sam: rest today, see the GP about the numbness")
        second.get_by_role("button", name="Mark handled").click()
        expect(coach.locator(".client-list > li").first.locator(".alert-item")).to_have_count(1)

        # the client's page, from the dashboard
        coach.get_by_role("link", name="Sam").first.click()
        expect(coach.get_by_role("heading", level=1)).to_have_text("Sam")
        expect(coach.get_by_text("Called Sam: rest today")).to_be_visible()
        coach.set_viewport_size(PHONE)
        check_page(coach, "coach-client")
        client_page = coach.url

        # the lifter sees the reads in Settings, and revokes
        page.goto(url + "/settings")
        expect(page.locator(".access-log")).to_contain_text(re.compile(r"Cora viewed your progress, \d{1,2} \w{3} \d\d:\d\d"))
        check_page(page, "lifter-settings")
        page.get_by_role("button", name="Revoke Cora").click()
        expect(page.locator(".coach-list")).not_to_contain_text("Cora")

        coach.goto(client_page)
        expect(coach.get_by_role("heading", level=1)).to_have_text("Not found")
        coach.goto(url + "/coach")
        expect(coach.get_by_text("No clients yet")).to_be_visible()
        assert coach.request.get(url + f"/api/v1/people/{person['id']}",
                                 headers={"x-csrf-token": _csrf(coach, url)}).status == 404
    finally:
        coach_context.close()


def _csrf(page: Page, url: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.request.get(url + "/settings").text())
    assert found is not None
    return found[1]
