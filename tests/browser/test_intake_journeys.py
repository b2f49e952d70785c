"""Journeys through the intake in a real browser, with screenshots and axe on every page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page


def tick(page: Page, label: str) -> None:
    page.get_by_label(label, exact=True).check()


def test_a_new_user_goes_through_the_intake_to_a_plan(page: Page, app_url: str) -> None:
    page.goto(app_url + "/")
    check_page(page, "01-home")
    page.get_by_role("link", name=re.compile("Start")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("About you and your pain")
    page.get_by_label("How old are you?").fill("15")
    page.get_by_label("How old are you?").blur()
    expect(page.locator("#q-age-error")).to_contain_text("from 16 to 100")  # checked as soon as it changes
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#error-summary")).to_contain_text("Age")
    expect(page.locator("#error-summary")).to_contain_text("Pain right now: is needed")
    check_page(page, "02-intake-errors")

    page.get_by_label("How old are you?").fill("41")
    page.locator("label[for='q-pain-now-3']").click()
    page.locator("label[for='q-pain-average-week-3']").click()
    page.get_by_label("How many weeks have you had this back pain?").fill("10")
    page.get_by_label("Within an hour or two").check()
    page.get_by_label("Lifting something or a strain").check()
    check_page(page, "03-intake-about")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Warning signs")
    check_page(page, "04-intake-warning-signs")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Legs and nerves")
    check_page(page, "05-intake-legs")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What makes it worse or better")
    tick(page, "Sitting")
    tick(page, "Bending forward")
    page.get_by_role("group", name="It gets better with").get_by_label("Walking").check()
    check_page(page, "06-intake-worse-better")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("How your back affects you")
    page.get_by_label("A little").check()
    check_page(page, "07-intake-worries")
    # back and forth: nothing is lost
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_label("Sitting", exact=True)).to_be_checked()
    expect(page.get_by_label("Bending forward", exact=True)).to_be_checked()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_label("A little")).to_be_checked()
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Training and gear")
    page.get_by_label("4 days").check()
    page.get_by_label("How long can a session be?").fill("45")
    tick(page, "Dumbbells")
    tick(page, "Bench")
    check_page(page, "08-intake-training")
    page.get_by_role("button", name="See my result").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You can train, with changes that fit your back")
    expect(page.get_by_role("heading", name="Why")).to_be_visible()
    check_page(page, "09-result-modify")
    page.get_by_role("link", name="See my plan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your 12-week plan")
    expect(page.locator(".session")).to_have_count(4)
    first = page.locator("details.item").first
    first.locator("summary").click()
    expect(first.locator(".why")).to_be_visible()
    expect(first.get_by_text("Cues")).to_be_visible()
    check_page(page, "10-plan")
    # another week, swapped in place by htmx, with the address updated
    page.get_by_role("link", name=re.compile(r"^Week 6\b")).click()
    expect(page.locator("#week-title")).to_contain_text("Week 6")
    expect(page).to_have_url(re.compile(r"week=6"))


def test_an_emergency_sign_ends_the_wizard_on_the_result_with_numbers_to_tap(page: Page, app_url: str) -> None:
    page.goto(app_url + "/intake")
    page.get_by_label("How old are you?").fill("47")
    page.locator("label[for='q-pain-now-6']").click()
    page.get_by_role("button", name="Next").click()
    tick(page, "Numbness or pins and needles around your bottom, groin or inner thighs")
    tick(page, "New trouble peeing: hard to start, can't empty, or leaking")
    page.get_by_role("button", name="Next").click()

    # no more questions: the result at once
    expect(page).to_have_url(re.compile(r"/result$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Get emergency care now")
    expect(page.get_by_text("emergency department", exact=False).first).to_be_visible()
    call = page.get_by_role("link", name="112")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", "tel:112")
    expect(page.locator("a[href^='tel:']")).to_have_count(3)
    expect(page.get_by_role("link", name=re.compile("plan", re.I))).to_have_count(0)
    expect(page.get_by_role("navigation")).to_have_count(0)
    check_page(page, "11-result-emergency")
    page.goto(app_url + "/plan")
    expect(page).to_have_url(re.compile(r"/result$"))


def test_an_urgent_intake_offers_a_printable_summary(page: Page, app_url: str) -> None:
    page.goto(app_url + "/intake")
    page.get_by_label("How old are you?").fill("63")
    page.locator("label[for='q-pain-now-5']").click()
    page.get_by_role("button", name="Next").click()
    tick(page, "You have had cancer")
    tick(page, "You have lost weight without trying")
    page.get_by_role("button", name="Next").click()
    expect(page).to_have_url(re.compile(r"/result$"))  # urgent care: the questions stop here
    expect(page.get_by_role("heading", level=1)).to_have_text("See a doctor before you train")
    expect(page.get_by_role("heading", name="Who to see")).to_be_visible()
    expect(page.get_by_role("button", name="Print this summary")).to_be_visible()
    check_page(page, "12-result-urgent")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print this summary")).to_be_hidden()
    expect(page.get_by_role("heading", name="Summary to take with you")).to_be_visible()
    page.emulate_media(media="screen")


def test_the_exercise_library_filters(page: Page, app_url: str) -> None:
    page.goto(app_url + "/exercises")
    expect(page.locator(".exercise-card")).to_have_count(12)  # a short list, "Show more" for the rest
    expect(page.locator("#results-title")).not_to_contain_text(" of ")
    check_page(page, "13-exercises")
    page.get_by_label("Movement").select_option("carry")
    expect(page.locator("#results-title")).to_contain_text(" of ")
    expect(page.get_by_role("link", name="Farmer's carry", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"pattern=carry"))
    page.get_by_text("Gear", exact=True).click()
    page.get_by_label("Just my body").check()
    expect(page.get_by_role("link", name="Farmer's carry", exact=True)).to_have_count(0)
    page.goto(app_url + "/exercises/goblet_squat")
    expect(page.get_by_role("heading", level=1)).to_have_text("Goblet squat")
    check_page(page, "14-exercise-detail")
