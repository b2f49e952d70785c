"""Bringing a Strong history in from a phone (390x844): choose the file, see each name's
match and how sure it is, map an unmatched name to a library exercise, confirm; the
history then shows the imported sessions."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    READY_TO_TRAIN,
    SCREENSHOTS,
    LoggedInApi,
    answer_intake,
    check_accessibility,
    check_page,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "interop"
PHONE_390 = {"width": 390, "height": 844}


def test_import_preview_with_a_mapping_on_a_phone(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    page.set_viewport_size(PHONE_390)
    page.goto(app_url + "/history")
    page.get_by_role("link", name="Import from Strong or Hevy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bring your history")
    page.get_by_label("Strong").check()
    page.get_by_label("The CSV file the app exported").set_input_files(str(FIXTURES / "strong_comma.csv"))
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_text("2 workouts, 8 sets (1 warm-up)")).to_be_visible()
    squat = page.locator("li.import-name", has_text="Squat (Barbell)").first
    expect(squat).to_contain_text("Matched to Barbell back squat, 100% sure")
    zercher = page.locator("li.import-name.unmatched", has_text="Zercher Squat")
    expect(zercher).to_contain_text("No match in the library")
    zercher.get_by_role("combobox").select_option(label="Barbell front squat")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "60-import-preview-390x844.png"))
    page.screenshot(path=str(SCREENSHOTS / "60-import-preview-390x844-full.png"), full_page=True)
    check_accessibility(page)

    page.get_by_role("button", name="Import 2 workouts").click()
    expect(page.get_by_role("status")).to_contain_text("2 workouts and 8 sets")
    page.get_by_role("link", name="See your history").click()
    expect(page.locator(".history > li")).to_have_count(2)
    expect(page.get_by_text("Legs, heavy (imported)")).to_be_visible()
    page.set_viewport_size(PHONE_390)
    page.locator(".history > li").nth(1).locator("summary").click()
    expect(page.locator(".history > li").nth(1)).to_contain_text("Barbell front squat")
    page.screenshot(path=str(SCREENSHOTS / "61-history-imported-390x844.png"))
    check_page(page, "61-history-imported")

    api = LoggedInApi(page, app_url)
    sessions = api.get(f"{app_url}/api/v1/people/1/sessions").json()
    exercises = [s["exercise"] for h in sessions for s in h["sets"]]
    assert "front_squat" in exercises and "Zercher Squat" not in exercises
    assert all(s["pain"] is None for h in sessions for s in h["sets"])
