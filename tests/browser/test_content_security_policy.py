"""Every page under the Content-Security-Policy, in Chromium: each page of the app (and
/docs) loads and runs its scripts with no CSP violation and no JavaScript error. The
autouse ``no_csp_violations`` fixture fails every browser test on a violation; this one
visits every page, and also fails on JavaScript errors."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from spinewise.web.wizard import STEPS
from tests.browser.conftest import READY_TO_TRAIN, LoggedInApi, PageProblems, answer_intake


def _visit(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _seed_training(page: Page, app_url: str) -> None:
    """Two finished sessions with sets and check-ins, so history and the charts have data."""
    api = LoggedInApi(page, app_url)
    today = date.today()
    for days_ago, pain in ((6, 3), (2, 2)):
        on = today - timedelta(days=days_ago)
        session = api.post(f"{app_url}/api/v1/people/1/sessions",
                           data={"date": on.isoformat(), "baseline_pain": 3}).json()
        for number, exercise in enumerate(("goblet_squat", "bird_dog")):
            answer = api.post(f"{app_url}/api/v1/sessions/{session['id']}/sets",
                              data={"client_id": f"csp{session['id']}-{number}", "exercise": exercise,
                                    "reps": 8, "load": 12, "rpe": 6, "pain": pain})
            assert answer.status == 201, answer.text()
        api.post(f"{app_url}/api/v1/sessions/{session['id']}/end",
                 data={"pain_after": pain, "session_rpe": 6, "duration_minutes": 40})
        api.post(f"{app_url}/api/v1/people/1/checkins", data={"date": (on + timedelta(days=1)).isoformat(), "pain": 2})


def test_every_page_runs_under_the_csp_without_errors(page: Page, app_url: str,
                                                       no_csp_violations: PageProblems) -> None:
    problems = no_csp_violations
    _visit(page, app_url + "/")
    for step in STEPS:
        _visit(page, f"{app_url}/intake/{step.slug}")
        problems.collect()
    # an inline check (htmx) on the first step
    _visit(page, f"{app_url}/intake/about")
    checked = page.locator("input[hx-post]").first
    checked.fill("300")
    checked.dispatch_event("change")
    expect(page.locator(".live .error-message:visible").first).to_be_visible()
    problems.collect()

    answer_intake(page, app_url, READY_TO_TRAIN)
    _seed_training(page, app_url)
    for path in ("/", "/result", "/plan", "/checkin", "/habits", "/history", "/exercises",
                 "/exercises/goblet_squat", "/settings"):
        _visit(page, app_url + path)
        problems.collect()

    _visit(page, app_url + "/plan")
    page.locator("a.week-link[hx-get]").nth(1).click()  # another week, swapped in by htmx
    expect(page).to_have_url(re.compile(r"week=2"))
    problems.collect()

    _visit(page, app_url + "/progress")
    expect(page.locator("#chart-pain[data-drawn=true] canvas")).to_have_count(1)  # progress.js and uPlot ran
    problems.collect()

    _visit(page, app_url + "/today")
    page.locator("label[for='baseline-3']").click()
    page.get_by_role("button", name="Start the session").click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+$"))
    page.locator("#ex-0").get_by_role("button", name="Pain 3: log the set").or_(
        page.locator("#ex-0").get_by_role("button", name="Pain 3: log the hold")).click()  # gym.js posts to the fast lane
    expect(page.locator("#decision")).to_be_visible()
    problems.collect()

    _visit(page, app_url + "/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("spinewise")  # Swagger UI started
    expect(page.locator(".opblock").first).to_be_visible()
    problems.collect()

    assert not problems.errors, "JavaScript errors:\n" + "\n".join(problems.errors)
    assert not problems.csp, "Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(problems.csp))
