"""The library and the navigation in Chromium on a 390x844 phone: search as you type,
"Show more", the filters with and without JavaScript; check-in, habits and history one tap
from the bottom bar; the home page's buttons at phone and laptop width."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    READY_TO_TRAIN,
    SCREENSHOTS,
    answer_intake,
    check_accessibility,
    log_in_in,
)

PHONE_390 = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def snap(page: Page, name: str, full: bool = True) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full)


def test_the_library_searches_as_you_type_and_stays_short(page: Page, app_url: str) -> None:
    page.set_viewport_size(PHONE_390)
    page.goto(app_url + "/exercises")
    cards = page.locator(".exercise-card")
    expect(cards).to_have_count(12)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4000, height  # the whole library on one page was about 34,000 px
    snap(page, "70-library-phone")
    before = page.url
    page.get_by_label("Search").fill("goblet")
    expect(cards.first.get_by_role("link")).to_have_text("Goblet squat")
    assert page.url != before and "q=goblet" in page.url  # swapped in place, the address kept up to date
    page.get_by_label("Search").fill("")
    expect(cards).to_have_count(12)
    page.get_by_role("link", name="Show 12 more").click()
    expect(cards).to_have_count(24)
    expect(page.locator("#card-12 a")).to_be_focused()  # the first new card, for keyboards and screen readers
    page.get_by_label("Movement").select_option("carry")
    expect(page.locator("#results-title")).to_contain_text("of 184 exercises match")
    page.get_by_label("Search").fill("farmer")
    expect(cards.first.get_by_role("link")).to_have_text("Farmer's carry")
    snap(page, "71-library-search-phone")
    check_accessibility(page)
    page.goto(app_url + "/exercises/goblet_squat")
    expect(page.get_by_role("heading", name="Evidence")).to_be_visible()
    expect(page.locator(".evidence details")).not_to_have_attribute("open", "")
    snap(page, "72-exercise-detail-phone")


def test_the_library_works_without_javascript(browser: Browser, app_url: str, page: Page) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE_390)
    try:
        plain = context.new_page()
        log_in_in(plain, app_url)
        plain.goto(app_url + "/exercises")
        plain.get_by_label("Search").fill("plank")
        plain.get_by_role("button", name="Show exercises").click()
        expect(plain).to_have_url(re.compile(r"q=plank"))
        names = plain.locator(".exercise-card h3").all_inner_texts()
        assert names and all("plank" in n.lower() for n in names[:2])
        plain.goto(app_url + "/exercises")
        plain.get_by_role("link", name="Show 12 more").click()
        expect(plain.locator(".exercise-card")).to_have_count(24)
        assert plain.url.endswith("#card-12")
    finally:
        context.close()


def test_check_in_habits_and_history_are_one_tap_from_the_bottom_bar(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    page.set_viewport_size(PHONE_390)
    page.goto(app_url + "/today")
    bar = page.get_by_role("navigation", name="Main")
    for name, path, heading in (("Check-in", "/checkin", "Morning check-in"), ("Habits", "/habits", None),
                                ("History", "/history", None), ("Today", "/today", None)):
        link = bar.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None and box["y"] > PHONE_390["height"] - 80  # in the bottom bar, under the thumb
        link.click()
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
        expect(bar.get_by_role("link", name=name, exact=True)).to_have_attribute("aria-current", "page")
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    snap(page, "73-nav-phone", full=False)
    bar.locator("summary", has_text="More").click()
    for name in ("Home", "Plan", "Progress", "Library", "Settings"):
        expect(bar.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(bar.get_by_role("button", name="Log out")).to_be_visible()
    snap(page, "74-nav-phone-more", full=False)
    check_accessibility(page)
    page.set_viewport_size(LAPTOP)
    for name in ("Home", "Today", "Check-in", "Habits", "History", "Plan", "Progress", "Library", "Settings"):
        expect(bar.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(bar.locator("summary", has_text="More")).to_be_hidden()
    snap(page, "75-nav-laptop", full=False)


def test_the_home_page_buttons_are_laid_out_at_phone_and_laptop_width(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    for size, name in ((PHONE_390, "76-home-phone"), (LAPTOP, "77-home-laptop")):
        page.set_viewport_size(size)
        page.goto(app_url + "/")
        buttons = page.locator(".level .actions .button")
        expect(buttons).to_have_count(3)
        boxes = [b.bounding_box() for b in buttons.all()]
        assert all(box is not None for box in boxes)
        for button, box in zip(buttons.all(), boxes, strict=True):
            assert box is not None
            assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"]  # nothing off screen
            # the label sits in the middle of its button, on one line
            text = button.evaluate("""b => { const r = document.createRange(); r.selectNodeContents(b);
                                             const t = r.getBoundingClientRect();
                                             return {top: t.top, bottom: t.bottom, height: t.height}; }""")
            middle = (text["top"] + text["bottom"]) / 2
            assert abs(middle - (box["y"] + box["height"] / 2)) < 4, (name, button.inner_text())
            assert text["height"] < 30, (name, button.inner_text())  # one line
        snap(page, name, full=False)
