"""Settings' calendar subscription in Chromium on a 390x844 phone: make the address, see it
once, fetch it as a calendar app would (no cookies), make a new one and the old stops."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import READY_TO_TRAIN, SCREENSHOTS, answer_intake, check_accessibility


def test_a_calendar_address_from_settings(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(app_url + "/settings")
    page.get_by_role("button", name="Make my calendar address").click()
    address = page.get_by_label("Your calendar address")
    expect(address).to_be_visible()
    url = address.input_value()
    assert url.startswith(app_url + "/calendar/") and url.endswith(".ics")
    expect(page.get_by_role("link", name="Open in my calendar app")).to_have_attribute(
        "href", url.replace("http://", "webcal://"))
    address.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "90-settings-calendar.png"))
    check_accessibility(page)
    assert page.context.browser is not None
    phone_calendar = page.context.browser.new_context()  # no cookies: a calendar app
    try:
        feed = phone_calendar.request.get(url)
        assert feed.ok and "BEGIN:VCALENDAR" in feed.text() and "BEGIN:VEVENT" in feed.text()
        page.goto(app_url + "/settings")
        expect(page.get_by_label("Your calendar address")).to_have_count(0)  # shown once only
        page.get_by_role("button", name="Make a new address (the old one stops working)").click()
        assert phone_calendar.request.get(url).status == 404
        assert phone_calendar.request.get(page.get_by_label("Your calendar address").input_value()).ok
    finally:
        phone_calendar.close()
