"""The clinician's pages in Chromium, with axe: outcome measures entered on their forms
(the ODI as section scores), the change over time, the client summary, and the report
and handout downloaded as PDF."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import READY_TO_TRAIN, answer_intake, check_page


def test_outcomes_are_entered_on_forms_and_the_summary_downloads_the_printouts(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    page.goto(app_url + "/progress")
    page.get_by_role("link", name="Outcome measures (pain, activities, disability index)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcome measures")
    check_page(page, "60-outcomes-empty")

    # the ODI: section scores only, one section left blank
    for number, score in {1: 3, 2: 2, 3: 3, 4: 2, 5: 3, 6: 2, 7: 2, 9: 3, 10: 3}.items():
        page.select_option(f"#section-{number}", str(score))
    page.get_by_role("button", name="Save the disability index").click()
    expect(page).to_have_url(re.compile(r"/outcomes\?saved=odi$"))
    odi = page.locator("#track-odi").locator("..")
    expect(odi).to_contain_text("51.1%")
    expect(odi).to_contain_text("Latest band: severe limitation")

    # too many blanks: refused, naming the field, the answers kept
    for number in (1, 2, 3):
        page.select_option(f"#section-{number}", "1")
    page.get_by_role("button", name="Save the disability index").click()
    expect(page.get_by_role("alert")).to_contain_text("at least 8 of the 10 sections")
    expect(page.locator("#section-1")).to_have_value("1")

    for number in range(1, 11):
        page.select_option(f"#section-{number}", "1")
    page.get_by_role("button", name="Save the disability index").click()
    expect(odi).to_contain_text("Better, by 31.1: a meaningful change.")
    page.locator("label[for='nprs-pain-6']").click()
    page.get_by_role("button", name="Save the pain score").click()
    expect(page.locator("#track-nprs").locator("..")).to_contain_text("One score so far")
    check_page(page, "61-outcomes")

    page.get_by_role("link", name="Summary and printouts").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Summary: ")
    expect(page.get_by_role("heading", name="Disability index (ODI)")).to_be_visible()
    check_page(page, "62-client-summary")
    for name, kind in (("Download the report (PDF)", "report"), ("Download the exercise handout (PDF)", "handout")):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        saved = download.value
        assert re.fullmatch(rf"spinewise-{kind}-\d+-\d{{4}}-\d\d-\d\d\.pdf", saved.suggested_filename)
        with open(saved.path(), "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
