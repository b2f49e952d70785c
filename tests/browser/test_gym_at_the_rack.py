"""Gym mode at the rack, on a 390 x 844 phone in Chromium: a set as prescribed in one or
two taps with pain chosen (never a default), the next set's controls above the fold,
correcting and deleting a set with undo, the countdown for timed holds, the rest timer's
beep and its remembered sound switch, the "something's wrong" buttons in view, the
summary after finishing, and the plates for a bar. Screenshots go to
``tests/browser/screenshots`` (``gym-*.png``); axe checks each screen."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    READY_TO_TRAIN,
    SCREENSHOTS,
    LoggedInApi,
    answer_intake,
    check_accessibility,
)

RACK = {"width": 390, "height": 844}
"""The phone of the issue: 390 x 844 CSS pixels."""


def shoot(page: Page, name: str) -> None:
    """The screen as the lifter sees it (no full-page scroll), then axe."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"gym-{name}.png"))
    check_accessibility(page)


def start(page: Page, app_url: str, *, steps: dict[str, list[tuple[str, str]]] = READY_TO_TRAIN,
          clock: bool = False) -> None:
    page.set_viewport_size(RACK)
    if clock:
        page.clock.install()
    answer_intake(page, app_url, steps)
    page.goto(app_url + "/today")
    page.locator("label[for='baseline-3']").click()
    page.get_by_role("button", name="Start the session").click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+$"))
    expect(page.locator("#gym.one-at-a-time")).to_have_count(1)  # gym.js has taken over the page


def stored_sets(page: Page, app_url: str) -> list[dict[str, Any]]:
    api = LoggedInApi(page, app_url)
    sessions = api.get(f"{app_url}/api/v1/people/1/sessions").json()
    return [s for session in sessions for s in session["sets"]]


def items(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate("JSON.parse(document.getElementById('gym-data').textContent).items")
    return found


def go_to(page: Page, index: int) -> Any:
    for _ in range(index):
        page.get_by_role("button", name="Next exercise").click()
    exercise = page.locator(f"#ex-{index}")
    expect(exercise).to_be_visible()
    return exercise


def a_lift(page: Page) -> tuple[int, Any]:
    """The first exercise done in reps over three sets or more, shown."""
    index = next(i for i, item in enumerate(items(page)) if item["reps"] is not None and item["sets"] >= 3)
    return index, go_to(page, index)


def pain_key(exercise: Any, pain: int) -> Any:
    return exercise.get_by_role("button", name=re.compile(rf"^Pain {pain}: log the"))


def in_view_and_uncovered(page: Page, locator: Any) -> None:
    """Wholly inside the 844-pixel screen without scrolling, and under no overlay."""
    box = locator.bounding_box()
    assert box is not None
    assert page.evaluate("window.scrollY") == 0
    assert box["y"] >= 0 and box["y"] + box["height"] <= RACK["height"], box
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hit = page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y); return e && e.getAttribute('aria-label'); }",
                        list(centre))
    assert hit == locator.get_attribute("aria-label"), f"covered by something else at {centre}: {hit}"


def test_a_set_as_prescribed_is_one_tap_of_pain_and_nothing_is_logged_without_it(page: Page, app_url: str) -> None:
    start(page, app_url)
    index, exercise = a_lift(page)
    rx = items(page)[index]
    expect(exercise.locator(".rx")).to_contain_text(f"{rx['sets']} × {rx['reps']}")
    expect(exercise.locator(".last-time")).to_contain_text("first time")
    shoot(page, "01-before-the-first-set")
    # Enter in the reps field logs nothing: pain is asked for, not assumed
    exercise.locator("input[name=reps]").press("Enter")
    expect(exercise.locator(".pain-tap.ask")).to_have_count(1)
    assert stored_sets(page, app_url) == []
    # one tap: the prescribed set with the pain tapped
    pain_key(exercise, 2).click()
    expect(exercise.locator(".set-row:not(.pending)")).to_have_count(1)
    first = stored_sets(page, app_url)
    assert [(s["reps"], s["pain"], s["rpe"]) for s in first] == [(rx["reps"], 2, None)]
    expect(page.locator("#rest")).to_be_visible()
    expect(page.locator("#decision")).to_be_visible()
    # the next set's controls: above the fold, with the rest timer and the answer showing
    in_view_and_uncovered(page, pain_key(exercise, 10))
    in_view_and_uncovered(page, exercise.get_by_role("button", name=re.compile(r"^Reps.*: more")))
    shoot(page, "02-after-a-set")
    # one more rep: one tap on the stepper, then the pain tap
    exercise.get_by_role("button", name=re.compile(r"^Reps.*: more")).click()
    pain_key(exercise, 3).click()
    expect(exercise.locator(".set-row:not(.pending)")).to_have_count(2)
    assert [(s["reps"], s["pain"]) for s in stored_sets(page, app_url)] == [(rx["reps"], 2), (rx["reps"] + 1, 3)]


def test_a_set_is_corrected_then_deleted_and_the_delete_undone(page: Page, app_url: str) -> None:
    start(page, app_url, clock=True)
    _, exercise = a_lift(page)
    pain_key(exercise, 2).click()
    row = exercise.locator(".set-row:not(.pending)")
    expect(row).to_have_count(1)
    row.get_by_role("button", name=re.compile("^Edit")).click()
    dialog = page.get_by_role("dialog", name="Correct this set")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Pain (0-10)").fill("4")
    shoot(page, "03-correct-a-set")
    dialog.get_by_role("button", name="Save").click()
    expect(row.locator(".set-what")).to_contain_text("pain 4 (edited)")
    [stored] = stored_sets(page, app_url)
    assert stored["pain"] == 4 and stored["edited_at"] is not None
    # delete, then undo within the window: nothing is sent, the set stays
    deletes: list[str] = []
    page.on("request", lambda r: deletes.append(r.url) if r.method == "DELETE" else None)
    row.get_by_role("button", name=re.compile("^Edit")).click()
    dialog.get_by_role("button", name="Delete set").click()
    expect(exercise.locator(".set-row:visible")).to_have_count(0)
    expect(page.locator("#undo")).to_be_visible()
    box = page.locator("#undo").bounding_box()
    assert box is not None and box["y"] + box["height"] <= RACK["height"]  # the undo is on screen
    shoot(page, "04-set-deleted-undo")
    page.get_by_role("button", name="Undo").click()
    expect(exercise.locator(".set-row:visible")).to_have_count(1)
    page.clock.run_for(10_000)
    assert deletes == [] and len(stored_sets(page, app_url)) == 1
    # delete and let the window pass: deleted on the server
    row.get_by_role("button", name=re.compile("^Edit")).click()
    dialog.get_by_role("button", name="Delete set").click()
    page.clock.run_for(8_000)
    expect(page.locator("#undo")).to_be_hidden()
    page.wait_for_function("() => !(JSON.parse(localStorage.getItem('spinewise:queue') || '[]')).length")
    assert len(deletes) == 1 and stored_sets(page, app_url) == []


def test_a_timed_hold_counts_down_then_asks_pain_and_logs_the_hold(page: Page, app_url: str) -> None:
    start(page, app_url, clock=True)
    index = next(i for i, item in enumerate(items(page)) if item["seconds"] is not None)
    rx = items(page)[index]
    exercise = go_to(page, index)
    exercise.get_by_role("button", name="Start the hold").click()
    timer = exercise.locator(".hold-time")
    expect(timer).to_be_visible()
    page.clock.run_for(3_000)
    expect(timer).to_contain_text(f"0:{rx['seconds'] - 3:02d}")
    shoot(page, "05-hold-counting-down")
    assert stored_sets(page, app_url) == []  # nothing is logged before pain is given
    sides = 2 if rx["per_side"] else 1
    page.clock.run_for(rx["seconds"] * 1000 * sides)
    expect(exercise.locator(".pain-tap legend")).to_have_text("Hold done. Back pain during it: tap to log it")
    expect(timer).to_be_hidden()
    assert page.evaluate("window.__beeps || 0") >= sides  # the end of each side beeped
    assert stored_sets(page, app_url) == []
    shoot(page, "06-hold-done-asks-pain")
    pain_key(exercise, 1).click()
    expect(exercise.locator(".set-row:not(.pending)")).to_have_count(1)
    [held] = stored_sets(page, app_url)
    assert (held["seconds"], held["reps"], held["pain"]) == (rx["seconds"], None, 1)


def test_the_rest_timer_beeps_and_its_sound_switch_is_remembered(page: Page, app_url: str) -> None:
    start(page, app_url, clock=True)
    index, exercise = a_lift(page)
    pain_key(exercise, 2).click()
    expect(page.locator("#rest")).to_be_visible()
    rest = items(page)[index]["rest_seconds"]
    page.clock.run_for((rest + 1) * 1000)
    expect(page.locator("#rest-time")).to_have_text("Go")
    assert page.evaluate("window.__beeps || 0") == 1
    sound = page.get_by_role("button", name="Sound on")
    sound.click()
    expect(page.get_by_role("button", name="Sound off")).to_have_attribute("aria-pressed", "false")
    page.reload()
    expect(page.get_by_role("button", name="Sound off")).to_be_visible()


def test_the_something_is_wrong_buttons_fit_on_the_phone(page: Page, app_url: str) -> None:
    start(page, app_url)
    page.get_by_role("button", name="Something's wrong").click()
    dialog = page.get_by_role("dialog", name="What do you notice?")
    expect(dialog).to_be_visible()
    for name in ("Tell me what to do", "Close"):
        box = dialog.get_by_role("button", name=name).bounding_box()
        assert box is not None and box["y"] + box["height"] <= RACK["height"], (name, box)
    shoot(page, "07-something-wrong")
    dialog.get_by_label("Numbness around the groin, bottom or inner thighs").check()
    dialog.get_by_role("button", name="Tell me what to do").click()
    expect(page.locator("#decision h2")).to_have_text("Stop now and get care")
    for key in page.locator(".pain-key").all():
        expect(key).to_be_disabled()


def test_finishing_shows_the_summary_and_what_changes_next_time(page: Page, app_url: str) -> None:
    start(page, app_url)
    _, exercise = a_lift(page)
    for _ in range(2):
        pain_key(exercise, 2).click()
    expect(exercise.locator(".set-row:not(.pending)")).to_have_count(2)
    page.locator("label[for='pain-after-2']").click()
    page.get_by_role("button", name="Finish session").click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+/summary$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session summary")
    expect(page.locator(".summary-figures")).to_contain_text("Sets")
    expect(page.locator(".summary-figures dd").first).to_have_text("2")
    expect(page.get_by_role("heading", name="Next time")).to_be_visible()
    expect(page.locator(".next-time li")).to_have_count(1)
    expect(page.locator(".next-time")).to_contain_text(re.compile("stays the same|goes up a step|steps back"))
    shoot(page, "08-summary")


TRAP_BAR = {**READY_TO_TRAIN, "training": [*READY_TO_TRAIN["training"], ("training.equipment", "trap_bar")]}


def test_the_plates_follow_the_load_and_the_person_s_own_bar(page: Page, app_url: str) -> None:
    page.set_viewport_size(RACK)
    answer_intake(page, app_url, TRAP_BAR)
    page.goto(app_url + "/gym/settings")
    page.get_by_label("Trap bar (kg)").fill("20")
    page.get_by_label(re.compile("^Plates you own")).fill("20x2, 10x2, 5x4, 1.25x2")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    shoot(page, "09-bar-and-plates")
    page.goto(app_url + "/today")
    page.get_by_role("button", name="Start a free session").click()
    page.get_by_label("Exercise", exact=True).select_option("trap_bar_carry")
    page.get_by_role("button", name="Add").click()
    exercise = page.locator(".exercise:visible")
    exercise.get_by_label("Load (kg)").fill("72.5")
    exercise.get_by_label("Load (kg)").dispatch_event("change")
    expect(exercise.locator(".plates")).to_have_text("Bar 20 kg, each side: 20 + 5 + 1.25")
    exercise.get_by_role("button", name="Load: more").click()  # 75: no 2.5 pair, so the nearest
    expect(exercise.locator(".plates")).to_contain_text("75 kg cannot be made with your plates; nearest: 72.5 kg or 80 kg")
    shoot(page, "10-plates")
