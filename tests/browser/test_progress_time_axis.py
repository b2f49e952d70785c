"""The progress charts' time axis in Chromium, with sessions seeded over one day, one month
and several years: ticks on whole days, weeks, months or years, each label the date of its
tick, the year shown where it is needed, no two neighbouring labels alike."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import READY_TO_TRAIN, SCREENSHOTS, LoggedInApi, answer_intake

PHONE_390 = {"width": 390, "height": 844}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec")


def seed(page: Page, app_url: str, days: list[date]) -> None:
    api = LoggedInApi(page, app_url)
    for number, on in enumerate(days):
        session = api.post(f"{app_url}/api/v1/people/1/sessions", data={"date": on.isoformat(), "baseline_pain": 2})
        assert session.status == 201, session.text()
        sid = session.json()["id"]
        logged = api.post(f"{app_url}/api/v1/sessions/{sid}/sets", data={
            "client_id": f"c{number}", "exercise": "goblet_squat", "reps": 8, "load": 12, "rpe": 6, "pain": 2})
        assert logged.status == 201, logged.text()
        api.post(f"{app_url}/api/v1/sessions/{sid}/end", data={"pain_after": 2, "session_rpe": 6, "duration_minutes": 30})


def axis_of(page: Page, chart: str = "chart-pain") -> dict[str, Any]:
    figure = page.locator(f"#{chart}[data-drawn=true]")
    expect(figure).to_have_count(1)
    raw = figure.get_attribute("data-time-axis")
    assert raw, "the chart drew no time axis"
    found: dict[str, Any] = json.loads(raw)
    return found


def check_labels(axis: dict[str, Any]) -> None:
    """Every label names its own tick's date, in the unit chosen; in order; no two
    neighbours alike (the year is written where it changes, so "Jul" may come back)."""
    ticks, labels, unit = axis["ticks"], axis["labels"], axis["unit"]
    assert ticks == sorted(ticks) and len(set(ticks)) == len(ticks), axis
    assert all(a != b for a, b in pairwise(labels)), axis
    for k, (tick, text) in enumerate(zip(ticks, labels, strict=True)):
        when = datetime.fromtimestamp(tick, UTC)
        assert when.hour == 12, axis  # on a whole day (noon UTC, where the points are drawn)
        if unit in ("day", "week"):
            assert text.split()[0] == str(when.day) and MONTHS[when.month - 1] in text, (text, when)
        elif unit == "month":
            assert when.day == 1 and text.startswith(MONTHS[when.month - 1]), (text, when)
        else:
            assert when.day == 1 and when.month == 1 and text == str(when.year), (text, when)
        if k == 0 or datetime.fromtimestamp(ticks[k - 1], UTC).year != when.year:
            assert str(when.year) in text, (text, axis)  # the year where it starts or changes


def test_one_day_is_labelled_with_that_day(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    today = date.today()
    seed(page, app_url, [today])
    page.set_viewport_size(PHONE_390)
    page.goto(app_url + "/progress")
    axis = axis_of(page)
    check_labels(axis)
    assert axis["unit"] == "day" and 1 <= len(axis["ticks"]) <= 5
    assert any(text.startswith(f"{today.day} {MONTHS[today.month - 1]}") for text in axis["labels"]), axis
    page.locator("#chart-pain").screenshot(path=str(SCREENSHOTS / "80-progress-one-day.png"))


def test_one_month_is_labelled_in_days_or_weeks(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    today = date.today()
    seed(page, app_url, [today - timedelta(days=d) for d in range(28, -1, -4)])
    page.set_viewport_size(PHONE_390)
    page.goto(app_url + "/progress?span=month")
    expect(page.get_by_role("link", name="Last month")).to_have_attribute("aria-current", "page")
    axis = axis_of(page)
    check_labels(axis)
    assert axis["unit"] in ("day", "week") and len(axis["ticks"]) >= 2, json.dumps(axis)  # two scales: narrow
    volume = axis_of(page, "chart-volume")
    check_labels(volume)
    assert volume["unit"] in ("day", "week") and len(volume["ticks"]) >= 3, json.dumps(volume)
    page.locator("#chart-pain").screenshot(path=str(SCREENSHOTS / "81-progress-one-month.png"))


def test_several_years_are_labelled_with_their_years(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    today = date.today()
    seed(page, app_url, [today - timedelta(days=d) for d in range(4 * 365, -1, -120)])
    page.set_viewport_size(PHONE_390)
    page.goto(app_url + "/progress?span=all")
    axis = axis_of(page)
    check_labels(axis)
    assert axis["unit"] in ("month", "year"), axis
    years = {datetime.fromtimestamp(t, UTC).year for t in axis["ticks"]}
    assert len(years) >= 2 and all(any(str(y) in text for text in axis["labels"]) for y in years), axis
    page.locator("#chart-pain").screenshot(path=str(SCREENSHOTS / "82-progress-years.png"))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_timeout(300)  # the charts redraw after a resize (150 ms debounce)
    wide = axis_of(page)
    check_labels(wide)
    assert len(wide["ticks"]) >= max(4, len(axis["ticks"])), json.dumps(wide)  # more room, finer ticks
    page.locator("#chart-pain").screenshot(path=str(SCREENSHOTS / "83-progress-years-laptop.png"))


def test_the_tick_logic_directly(page: Page, app_url: str) -> None:
    answer_intake(page, app_url, READY_TO_TRAIN)
    seed(page, app_url, [date.today()])
    page.goto(app_url + "/progress")
    axis_of(page)

    def ticks(start: date, end: date, width: int) -> dict[str, Any]:
        lo = datetime(start.year, start.month, start.day, 0, tzinfo=UTC).timestamp()
        hi = datetime(end.year, end.month, end.day, 23, 59, tzinfo=UTC).timestamp()
        found: dict[str, Any] = page.evaluate("([a, b, w]) => window.spinewiseTimeAxis(a, b, w)", [lo, hi, width])
        return found

    new_year = ticks(date(2025, 12, 20), date(2026, 1, 10), 1000)
    check_labels(new_year)
    assert new_year["unit"] == "day"  # and the first label of 2026 says so (check_labels)
    assert [t for t in new_year["labels"] if "2025" in t] == new_year["labels"][:1]
    assert len([t for t in new_year["labels"] if "2026" in t]) == 1
    decade = ticks(date(2016, 3, 1), date(2026, 3, 1), 360)
    check_labels(decade)
    assert decade["unit"] == "year" and len(decade["ticks"]) <= 5
