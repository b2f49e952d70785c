"""The installable app in Chromium with the network switched off: Today and gym mode open
from the service worker's copy after one visit, a set logged offline waits on the phone
and reaches the server when the network is back; the personal copies go at log-out."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    READY_TO_TRAIN,
    SCREENSHOTS,
    answer_intake,
    csrf_in,
    log_in_in,
    log_out_in,
    lose_signal,
    signal_back,
)

PHONE_390 = {"width": 390, "height": 844}
KEPT_PAGES = """async () => {
  const cache = await caches.open('spinewise-pages');
  return (await cache.keys()).map(r => new URL(r.url).pathname).sort();
}"""


def snap(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def kept_pages(page: Page) -> list[str]:
    found: list[str] = page.evaluate(KEPT_PAGES)
    return found


def wait_for_kept(page: Page, expected: list[str]) -> None:
    """Until the worker holds exactly these personal pages (it keeps them in the background)."""
    for _ in range(100):
        if kept_pages(page) == expected:
            return
        page.wait_for_timeout(100)
    assert kept_pages(page) == expected


def worker_ready(page: Page) -> None:
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def stored_sets(page: Page, app_url: str) -> list[dict[str, Any]]:
    sessions = page.request.get(f"{app_url}/api/v1/people/1/sessions",
                                headers={"x-csrf-token": csrf_in(page, app_url)}).json()
    return [s for session in sessions for s in session["sets"]]


def test_today_and_gym_mode_open_without_signal_and_the_set_syncs_later(page: Page, app_url: str) -> None:
    page.set_viewport_size(PHONE_390)
    answer_intake(page, app_url, READY_TO_TRAIN)
    page.goto(app_url + "/today")
    worker_ready(page)
    page.locator("label[for='baseline-3']").click()
    page.get_by_role("button", name="Start the session").click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+$"))
    session_path = re.sub(r"^https?://[^/]+", "", page.url)
    worker_ready(page)
    wait_for_kept(page, sorted([session_path, "/today"]))  # each opened once

    lose_signal(page.context)
    page.reload()
    expect(page.locator("#ex-0")).to_be_visible()  # gym mode, from the worker's copy
    page.goto(app_url + "/today")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's session")
    snap(page, "60-offline-today")
    page.goto(app_url + session_path)
    exercise = page.locator(".exercise:visible")
    exercise.get_by_role("button", name=re.compile(r"^Pain 2: log the")).click()  # pain by an explicit tap
    expect(exercise.locator(".set-row.pending")).to_have_count(1)
    expect(page.locator("#net")).to_contain_text("No connection")
    snap(page, "61-offline-gym-set-waiting")
    page.goto(app_url + "/history")  # a page never kept: the offline page, not an error
    expect(page.get_by_role("heading", level=1)).to_have_text("No connection")
    snap(page, "62-offline-page")

    page.goto(app_url + session_path)
    expect(page.locator(".set-row.pending")).to_have_count(1)  # still on the phone after a reload
    # Not asserted here: that the server has not heard of it yet. Twice on CI (never in 14
    # runs here, loaded or not) the reloaded page's first send reached the server although
    # the context was offline and its API calls routed to an abort: a new document served
    # by the service worker is not always under the emulation at once. The app's part
    # holds either way: the set waited on the phone (above) and is stored once (below).
    signal_back(page.context)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator(".set-row.pending")).to_have_count(0, timeout=15000)
    sets = stored_sets(page, app_url)
    assert len(sets) == 1 and sets[0]["pain"] == 2
    snap(page, "63-back-online-synced")


def test_log_out_and_another_account_forget_the_kept_pages(page: Page, app_url: str) -> None:
    page.set_viewport_size(PHONE_390)
    answer_intake(page, app_url, READY_TO_TRAIN)
    page.goto(app_url + "/today")
    worker_ready(page)
    wait_for_kept(page, ["/today"])
    log_out_in(page)
    expect(page).to_have_url(re.compile(r"/login"))
    wait_for_kept(page, [])
    page.context.set_offline(True)
    page.goto(app_url + "/today")
    expect(page.get_by_role("heading", level=1)).to_have_text("No connection")  # nothing personal left
    page.context.set_offline(False)

    # logged out without this browser seeing it (the session ended elsewhere): the log-in
    # page, where the next person signs in, forgets the copy
    log_in_in(page, app_url)
    page.goto(app_url + "/today")
    wait_for_kept(page, ["/today"])
    page.context.clear_cookies()
    page.goto(app_url + "/today")
    expect(page).to_have_url(re.compile(r"/login"))
    wait_for_kept(page, [])


def test_the_manifest_and_the_worker_are_served_for_installing(page: Page, app_url: str) -> None:
    manifest = page.request.get(app_url + "/manifest.webmanifest")
    assert manifest.ok and manifest.headers["content-type"].startswith("application/manifest+json")
    body = manifest.json()
    assert body["display"] == "standalone" and body["start_url"] == "/today"
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in body["icons"]:
        assert page.request.get(app_url + icon["src"]).ok
    worker = page.request.get(app_url + "/sw.js")
    assert worker.ok and "javascript" in worker.headers["content-type"]
    assert worker.headers["cache-control"] == "no-cache"
    assert "worker-src 'self'" in worker.headers["content-security-policy"]
