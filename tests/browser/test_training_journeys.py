"""Training journeys in a real browser: gym mode, a stop mid-session, a dropped
connection, the check-in and the progress charts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import (
    READY_TO_TRAIN,
    LoggedInApi,
    answer_intake,
    check_accessibility,
    check_page,
    csrf_in,
    log_in_in,
    lose_signal,
    signal_back,
)


def start_session(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    page.goto(app_url + "/today")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's session")
    check_page(page, "20-today")
    page.locator("label[for='baseline-3']").click()
    page.get_by_role("button", name="Start the session").click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+$"))


def tap_pain(exercise: Any, pain: int) -> None:
    """Log the set as the steppers say, with this pain: one tap on the pain key."""
    exercise.get_by_role("button", name=re.compile(rf"^Pain {pain}: log the")).click()


def first_exercise(page: Page) -> Any:
    return page.locator("#ex-0")


def stored_sets(page: Page, app_url: str) -> list[dict[str, Any]]:
    sessions = page.request.get(f"{app_url}/api/v1/people/1/sessions",
                                headers={"x-csrf-token": csrf_in(page, app_url)}).json()
    return [s for session in sessions for s in session["sets"]]


def test_a_red_flag_mid_session_stops_it(page: Page, app_url: str) -> None:
    start_session(page, app_url)
    exercise = first_exercise(page)
    expect(page.locator(".exercise:visible")).to_have_count(1)  # one exercise at a time
    expect(exercise.locator(".ex-count")).to_contain_text("Exercise 1 of")
    reps = exercise.locator("input[name=reps], input[name=seconds]")
    before = int(reps.input_value())
    exercise.get_by_role("button", name=re.compile(": more")).first.click()
    expect(reps).to_have_value(str(before + (5 if reps.get_attribute("name") == "seconds" else 1)))
    tap_pain(exercise, 3)
    expect(page.locator("#decision")).to_be_visible()
    expect(exercise.locator(".set-row")).to_have_count(1)
    expect(exercise.locator(".set-answer")).not_to_have_text("")
    expect(page.locator("#rest")).to_be_visible()  # the rest timer runs after a set
    check_page(page, "21-gym-mode")

    page.get_by_role("button", name="Something's wrong").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Numbness around the groin, bottom or inner thighs").check()
    check_page(page, "22-gym-something-wrong")
    dialog.get_by_role("button", name="Tell me what to do").click()
    expect(page.locator("#decision h2")).to_have_text("Stop now and get care")
    expect(page.locator("#decision")).to_contain_text("emergency department")
    for button in page.locator(".pain-key").all():
        expect(button).to_be_disabled()
    check_page(page, "23-gym-stopped")
    page.reload()
    expect(page.locator("#decision h2")).to_have_text("Stop now and get care")  # still stopped
    # another phone (nothing in its storage; it logs in to the same account) hears it from the server
    assert page.context.browser is not None
    other = page.context.browser.new_context()
    try:
        elsewhere = other.new_page()
        log_in_in(elsewhere, app_url)
        elsewhere.goto(page.url)
        expect(elsewhere.locator("#decision h2")).to_have_text("Stop now and get care")
        expect(elsewhere.locator("#decision")).to_contain_text("emergency department")
        for button in elsewhere.locator(".pain-key").all():
            expect(button).to_be_disabled()
        assert elsewhere.evaluate("Object.keys(localStorage).filter(k => k.startsWith('spinewise:stopped'))") == []
    finally:
        other.close()


def test_a_free_session_picks_its_exercises(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    page.goto(app_url + "/today")
    page.get_by_role("button", name="Start a free session").click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Free session")
    expect(page.locator(".exercise")).to_have_count(0)
    check_page(page, "31-gym-free-empty")
    page.get_by_label("Exercise", exact=True).select_option("goblet_squat")
    page.get_by_role("button", name="Add").click()
    exercise = page.locator(".exercise:visible")
    expect(exercise).to_have_count(1)
    expect(exercise.get_by_role("heading", level=2)).to_have_text("Goblet squat")
    page.get_by_label("Add an exercise").select_option("bird_dog")
    page.get_by_role("button", name="Add").click()
    expect(page.locator(".exercise")).to_have_count(2)
    expect(page.locator(".exercise:visible h2")).to_have_text("Bird-dog")  # the one just picked
    tap_pain(page.locator(".exercise:visible"), 3)
    expect(page.locator("#decision")).to_be_visible()
    check_page(page, "32-gym-free-picked")
    assert [s["exercise"] for s in stored_sets(page, app_url)] == ["bird_dog"]


def test_a_dropped_connection_loses_no_set(page: Page, app_url: str) -> None:
    start_session(page, app_url)
    exercise = first_exercise(page)
    check_accessibility(page)  # axe loaded while there is signal (routing turns the HTTP cache off)
    lose_signal(page.context)
    tap_pain(exercise, 3)
    tap_pain(exercise, 3)
    expect(exercise.locator(".set-row.pending")).to_have_count(2)
    expect(page.locator("#net")).to_contain_text("No connection")
    check_page(page, "24-gym-offline")
    signal_back(page.context)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(exercise.locator(".set-row.pending")).to_have_count(0, timeout=15_000)
    expect(exercise.locator(".set-row")).to_have_count(2)
    assert len(stored_sets(page, app_url)) == 2


def test_a_lost_answer_is_sent_again_and_stored_once(page: Page, app_url: str) -> None:
    start_session(page, app_url)
    calls: list[str] = []

    def drop_first_answer(route: Route) -> None:
        calls.append(route.request.post_data or "")
        if len(calls) == 1:
            route.fetch()  # the server stores the set ...
            route.abort("connectionreset")  # ... but its answer never arrives
        else:
            route.continue_()

    page.route("**/api/v1/sessions/*/sets", drop_first_answer)
    tap_pain(first_exercise(page), 3)
    expect(page.locator("#net")).to_contain_text("No connection")
    expect(first_exercise(page).locator(".set-row.pending")).to_have_count(0, timeout=15_000)
    assert len(calls) == 2 and calls[0] == calls[1]  # the same set, with the same id
    assert len(stored_sets(page, app_url)) == 1


def test_a_check_in(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    page.goto(app_url + "/checkin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Morning check-in")
    check_page(page, "25-checkin")
    page.locator("label[for='pain-6']").click()
    page.locator("label[for='stiffness-3']").click()
    page.get_by_label("How many hours did the stiffness last?").fill("0.5")
    page.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.locator("#checkin-answer h2")).to_have_text("Train lighter next time")
    check_page(page, "26-checkin-answer")
    page.goto(app_url + "/today")
    expect(page.get_by_text("After this morning's check-in")).to_be_visible()


def test_habits_and_history(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    page.goto(app_url + "/habits")
    page.get_by_label("Movement breaks at your desk today").fill("6")
    page.get_by_label("Hours slept last night").fill("7.5")
    page.get_by_label("Drank enough water").check()
    page.get_by_role("button", name="Save today's habits").click()
    expect(page.get_by_text("Saved for today.")).to_be_visible()
    check_page(page, "27-habits")
    page.goto(app_url + "/history")
    expect(page.get_by_role("heading", level=1)).to_have_text("Past sessions")
    check_page(page, "28-history-empty")


def test_the_progress_page_draws_its_charts(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    api = LoggedInApi(page, app_url)
    today = date.today()
    for days_ago, pain, after, morning in ((12, 3, 3, 2), (9, 4, 4, 3), (5, 3, 2, 2), (2, 2, 2, 1)):
        on = today - timedelta(days=days_ago)
        session = api.post(f"{app_url}/api/v1/people/1/sessions", data={"date": on.isoformat(), "baseline_pain": 3}).json()
        for number, exercise in enumerate(("goblet_squat", "goblet_squat", "bird_dog", "farmers_carry")):
            response = api.post(f"{app_url}/api/v1/sessions/{session['id']}/sets",
                                data={"client_id": f"s{session['id']}-{number}", "exercise": exercise,
                                      "reps": 8, "load": 12, "rpe": 6, "pain": pain})
            assert response.status == 201, response.text()
        api.post(f"{app_url}/api/v1/sessions/{session['id']}/end",
                 data={"pain_after": after, "session_rpe": 6, "duration_minutes": 40})
        api.post(f"{app_url}/api/v1/people/1/checkins",
                 data={"date": (on + timedelta(days=1)).isoformat(), "pain": morning})
    page.goto(app_url + "/progress")
    expect(page.locator("#chart-pain[data-drawn=true] canvas")).to_have_count(1)
    expect(page.locator("#chart-volume[data-drawn=true] canvas")).to_have_count(1)
    expect(page.locator(".u-legend").first).to_contain_text("Next morning")
    check_page(page, "29-progress")
    page.goto(app_url + "/history")
    expect(page.locator(".history > li")).to_have_count(4)
    check_page(page, "30-history")


def test_gym_mode_keeps_the_screen_on_unless_told_not_to(page: Page, app_url: str) -> None:
    start_session(page, app_url)
    if not page.evaluate("'wakeLock' in navigator"):  # the control is only offered where it works
        expect(page.locator("#awake")).to_be_hidden()
        return
    toggle = page.get_by_label("Keep the screen on during the session")
    expect(toggle).to_be_visible()
    expect(toggle).to_be_checked()  # on by default
    expect(page.locator("#awake-state")).not_to_have_text("")  # held, or a plain word why not
    toggle.uncheck()
    expect(page.locator("#awake-state")).to_have_text("")
    page.reload()
    expect(page.get_by_label("Keep the screen on during the session")).not_to_be_checked()  # remembered


def test_each_side_is_visible_on_today_and_in_gym_mode(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    page.goto(app_url + "/today")
    expect(page.locator(".today-items .dose", has_text="each side").first).to_be_visible()
    page.locator("label[for='baseline-3']").click()
    page.get_by_role("button", name="Start the session").click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+$"))
    sided = page.locator(".exercise[data-per-side='1']")
    assert sided.count() >= 1
    target = sided.first
    for _ in range(page.locator(".exercise").count()):
        if target.is_visible():
            break
        page.get_by_role("button", name="Next exercise").click()
    expect(target).to_be_visible()
    expect(target.locator(".rx")).to_contain_text("each side")
    expect(target.locator(".stepper label").first).to_contain_text("(each side)")
    tap_pain(target, 3)
    expect(target.locator(".set-row .set-what")).to_contain_text("each side")


def test_a_stopped_session_cannot_be_restarted_or_logged_into(page: Page, app_url: str) -> None:
    start_session(page, app_url)
    session_url = page.url
    session_id = session_url.rsplit("/", 1)[1]
    page.get_by_role("button", name="Something's wrong").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("I want to stop the session here").check()
    dialog.get_by_role("button", name="Tell me what to do").click()
    expect(page.locator("#decision h2")).to_have_text("Stop the session here")
    for button in page.locator(".pain-key").all():
        expect(button).to_be_disabled()
    # whatever the page shows, the server refuses a set for it (as the phone's queue would send it)
    refused = page.request.post(f"{app_url}/api/v1/sessions/{session_id}/sets",
                                data={"client_id": "late", "exercise": "bird_dog", "reps": 6, "pain": 2},
                                headers={"x-csrf-token": csrf_in(page, app_url)})
    assert refused.status == 409 and "takes no more sets" in refused.json()["error"]["message"]
    assert stored_sets(page, app_url) == []
    page.goto(app_url + "/today")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's session was stopped")
    expect(page.get_by_role("button", name="Start the session")).to_have_count(0)
    expect(page.get_by_role("button", name="Start a free session")).to_have_count(0)
    check_page(page, "24-today-stopped")
    restart = page.request.post(f"{app_url}/today/start", form={"baseline_pain": "3",
                                                                "csrf_token": csrf_in(page, app_url)}, max_redirects=0)
    assert restart.status == 409
    page.goto(session_url)
    expect(page.locator("#decision h2")).to_have_text("Stop the session here")
    page.goto(app_url + "/history")
    expect(page.locator(".h-stopped")).to_have_text("Stopped: you chose to stop")


def test_seek_care_shows_the_follow_up_on_today_until_a_clinician_has_seen_the_person(page: Page, app_url: str) -> None:
    start_session(page, app_url)
    page.get_by_role("button", name="Something's wrong").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Numbness around the groin, bottom or inner thighs").check()
    dialog.get_by_role("button", name="Tell me what to do").click()
    expect(page.locator("#decision h2")).to_have_text("Stop now and get care")
    page.goto(app_url + "/today")
    expect(page.get_by_role("heading", level=1)).to_have_text("See a clinician before your next session")
    care = page.locator(".follow-up")
    expect(care).to_contain_text("What to tell them")
    expect(care.locator(".tell-them")).to_contain_text("saddle numbness")
    expect(page.get_by_role("button", name="Start the session")).to_have_count(0)
    expect(page.get_by_role("button", name="Start a free session")).to_have_count(0)
    check_page(page, "25-today-follow-up")
    page.goto(app_url + "/plan")
    expect(page.locator(".follow-up")).to_be_visible()
    page.goto(app_url + "/today")
    page.get_by_role("button", name="A clinician has seen me").click()
    expect(page).to_have_url(re.compile(r"/intake"))
    page.goto(app_url + "/plan")
    expect(page.locator(".follow-up")).to_have_count(0)


def test_the_adjust_card_appears_only_when_there_is_a_next_set_of_that_exercise(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    page.goto(app_url + "/today")
    page.locator("label[for='baseline-2']").click()
    page.get_by_role("button", name="Start the session").click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+$"))
    exercise = first_exercise(page)
    sets = int(page.evaluate("JSON.parse(document.getElementById('gym-data').textContent).items[0].sets"))
    for n in range(sets):
        # pain 5 against a usual 2: more than 2 points above usual, still in the acceptable zone
        tap_pain(exercise, 5)
        expect(exercise.locator(".set-row:not(.pending)")).to_have_count(n + 1)
        if n < sets - 1:
            expect(page.locator("#decision h2")).to_have_text("Adjust the next set")
            page.get_by_role("button", name="Skip rest").click()
    expect(page.locator("#decision h2")).to_have_text("Keep going")
    expect(page.locator("#decision")).to_contain_text("That was the last set of this exercise")
    assert [s["pain"] for s in stored_sets(page, app_url)] == [5] * sets


def test_a_first_check_in_asks_the_skipped_psychosocial_questions(page: Page, app_url: str) -> None:
    from spinewise.library import example_intake

    made = LoggedInApi(page, app_url).post(f"{app_url}/api/v1/people", data={
        "name": "Sam", "intake": example_intake("desk-worker-flexion.json")})
    assert made.ok and made.json()["screening"]["psychosocial_risk"] == "not_assessed"
    page.goto(app_url + "/checkin")
    expect(page.get_by_role("group", name="How your back affects you")).to_be_visible()
    check_page(page, "27-checkin-psychosocial")
    page.locator("label[for='pain-2']").click()
    page.get_by_label("Worries about your back have been on your mind a lot").check()
    page.get_by_label("Moderately").check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    page.goto(app_url + "/checkin")
    expect(page.get_by_role("group", name="How your back affects you")).to_have_count(0)
