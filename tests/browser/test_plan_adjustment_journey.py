"""The coach adjusts the plan in a real browser (Chromium, axe): from the client's page the
coach swaps an exercise, is refused a swap the screening rules out until a written
override is given, and leaves a note; the client then sees the new exercise, the override
with its reason and the note on Today, and the list of changes on the plan page.

Screenshots: the coach's form (``coach-adjust-*``) and the client's Today
(``client-today-adjusted-*``, looked at at 360 px)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from spinewise.library import example_intake
from tests.browser.conftest import (
    COACH,
    LAPTOP,
    PASSWORD,
    PHONE,
    LoggedInApi,
    add_coach_account,
    check_page,
    log_in_in,
)

LIFTER = "sam@example.com"


def test_the_coach_adjusts_the_plan_and_the_client_sees_the_change_and_the_note_on_today(
        page: Page, browser: Browser, fresh_app_url: str, tmp_path: Path) -> None:
    url = fresh_app_url
    page.set_viewport_size(PHONE)
    page.goto(url + "/signup")
    page.get_by_label("Email").fill(LIFTER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    api = LoggedInApi(page, url)
    person = api.post(url + "/api/v1/people", data={"name": "Sam", "intake": example_intake(
        "desk-worker-flexion.json"), "start": date.today().isoformat()}).json()  # today is session 1
    add_coach_account(tmp_path)

    coach_context = browser.new_context(viewport=LAPTOP, locale="en-GB")
    coach = coach_context.new_page()
    try:
        log_in_in(coach, url, COACH)
        coach.goto(url + "/coach")
        coach.get_by_role("button", name="Create an invitation").click()
        page.goto(coach.locator("#invite-link").inner_text())
        page.get_by_role("button", name="Accept and share").click()
        expect(page).to_have_url(re.compile(r"/settings"))

        coach.goto(url + f"/clients/{person['id']}/progress")
        expect(coach.get_by_role("heading", name="Adjust the plan")).to_be_visible()
        coach.get_by_label("Change", exact=True).select_option("swap")
        coach.get_by_label("Exercise in the plan").select_option("goblet_squat")
        coach.get_by_label("Swap to (library)").select_option("goblet_box_squat")
        coach.get_by_label("Why (the client sees it)").fill("A box gives you a steady depth.")
        coach.get_by_role("button", name="Save the change").click()
        expect(coach.locator(".adjustments")).to_contain_text("Swapped: goblet squat -> goblet box squat")

        # a swap the screening rules out is refused until the coach writes why
        coach.get_by_label("Change", exact=True).select_option("swap")
        coach.get_by_label("Exercise in the plan").select_option("split_squat")
        coach.get_by_label("Swap to (library)").select_option("kettlebell_deadlift")
        coach.get_by_label("Why (the client sees it)").fill("Lifting boxes is her job.")
        coach.get_by_role("button", name="Save the change").click()
        expect(coach.locator("#adjust-problem")).to_contain_text("override reason")
        coach.get_by_label("Change", exact=True).select_option("swap")
        coach.get_by_label("Exercise in the plan").select_option("split_squat")
        coach.get_by_label("Swap to (library)").select_option("kettlebell_deadlift")
        coach.get_by_label("Why (the client sees it)").fill("Lifting boxes is her job.")
        coach.get_by_label(re.compile("^Override reason")).fill("Assessed in clinic: hinges well from a block.")
        coach.get_by_role("button", name="Save the change").click()
        expect(coach.locator(".adjustments")).to_contain_text("overrides PLAN-EXCLUDE-FLEXION")

        coach.get_by_label("Change", exact=True).select_option("note")
        coach.get_by_label("Note the client sees on Today").fill("Go easy on the stairs this week.")
        coach.get_by_role("button", name="Save the change").click()
        expect(coach.locator(".adjustments")).to_contain_text("Go easy on the stairs this week.")
        check_page(coach, "coach-adjust")

        # the client: the note, the new exercise and the override with its reason on Today
        page.goto(url + "/today")
        expect(page.locator(".coach-notes")).to_contain_text("Go easy on the stairs this week.")
        items = page.locator(".today-items")
        expect(items).to_contain_text("Goblet box squat")
        expect(items).not_to_contain_text(re.compile(r"Goblet squat\b"))
        expect(items).to_contain_text("PLAN-EXCLUDE-FLEXION")
        expect(items).to_contain_text("hinges well from a block")
        expect(items.locator("li", has_text="Kettlebell deadlift").locator(".dose")).to_have_text("2 × 10")
        check_page(page, "client-today-adjusted")
        page.goto(url + "/plan")
        expect(page.locator(".coach-changes")).to_contain_text("A box gives you a steady depth.")
        page.goto(url + "/settings")
        expect(page.locator(".access-log")).to_contain_text("Cora changed")
    finally:
        coach_context.close()
