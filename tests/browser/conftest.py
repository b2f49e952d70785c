"""Browser tests: the app served by uvicorn on a free port, driven by Debian's Chromium.

pytest-playwright cannot download its own browser here, so the launch fixture points
at ``/usr/bin/chromium``. Without it the tests are skipped, unless
``SPINEWISE_REQUIRE_BROWSER=1`` (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Route

from tests.conftest import free_port

CHROMIUM = Path(os.environ.get("SPINEWISE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).parent / "screenshots"
STATIC = Path(__file__).resolve().parents[2] / "src" / "spinewise" / "web" / "static"
AXE = STATIC / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 800}
LAPTOP = {"width": 1280, "height": 800}
BLOCKING_IMPACTS = ("serious", "critical")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    browser_items = [i for i in items if Path(str(i.fspath)).is_relative_to(here)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if CHROMIUM.exists() or os.environ.get("SPINEWISE_REQUIRE_BROWSER") == "1":
        return  # required and missing: the launch fails, and so do the tests
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing (set SPINEWISE_REQUIRE_BROWSER=1 to fail instead)")
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium instead of Playwright's download."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": PHONE, "locale": "en-GB"}


CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                              " at " + e.sourceFile + ":" + e.lineNumber);
});
"""
"""Collects the page's Content-Security-Policy violations (run before any page script)."""


class PageProblems:
    """What went wrong in a page as the browser saw it: CSP violations (the console's
    "Refused to ..." lines and ``securitypolicyviolation`` events) and JavaScript errors."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.csp: list[str] = []
        self.errors: list[str] = []
        page.add_init_script(CSP_WATCH)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))

    def _console(self, message: Any) -> None:
        text = message.text
        if "Refused to" in text or "Content Security Policy" in text:
            self.csp.append(f"{self.page.url}: {text}")

    def collect(self) -> None:
        """Add the violations the current document reported as events."""
        try:
            found = self.page.evaluate("() => window.__cspViolations || []")
        except Exception:  # the page is navigating away: its console lines were caught anyway
            return
        self.csp.extend(f"{self.page.url}: {v}" for v in found)


@pytest.fixture(autouse=True)
def no_csp_violations(request: pytest.FixtureRequest) -> Iterator[PageProblems | None]:
    """Every browser test fails on a Content-Security-Policy violation."""
    if "page" not in request.fixturenames:
        yield None
        return
    problems = PageProblems(request.getfixturevalue("page"))
    yield problems
    problems.collect()
    assert not problems.csp, "Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(problems.csp))


@pytest.fixture
def app_url(fresh_app_url: str, request: pytest.FixtureRequest) -> str:
    """``fresh_app_url`` with an account made through the sign-up page; the test's
    ``page`` (its browser context) is logged in to it."""
    if "page" in request.fixturenames:
        sign_up_in(request.getfixturevalue("page"), fresh_app_url)
    return fresh_app_url


EMAIL = "lifter@example.com"
PASSWORD = "correct horse battery"


def _post_account_form(page: Any, url: str, email: str, password: str) -> None:
    """Post the sign-up or log-in form at ``url`` with its CSRF token, with the page's cookies."""
    import re
    from urllib.parse import urlencode

    form = page.request.get(url).text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    answer = page.request.post(url, data=urlencode(
        {"email": email, "password": password, "csrf_token": token[1]}),
        headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.ok, answer.text()


def sign_up_in(page: Any, app_url: str, email: str = EMAIL, password: str = PASSWORD) -> None:
    """Create an account over HTTP with the page's cookies (the context is logged in after)."""
    _post_account_form(page, f"{app_url}/signup", email, password)


def csrf_in(page: Any, app_url: str) -> str:
    """The logged-in context's CSRF token (from a page's form)."""
    import re

    found = re.search(r'name="csrf_token" value="([^"]+)"', page.request.get(f"{app_url}/settings").text())
    assert found is not None
    return found[1]


@pytest.fixture
def fresh_app_url(tmp_path: Path) -> Iterator[str]:
    """A real server (uvicorn in a thread) on a free port with its own SQLite file, per test,
    with no account yet: each journey starts from nothing."""
    import uvicorn

    from spinewise.config import load_settings
    from spinewise.web import create_app

    db = tmp_path / "browser.sqlite3"
    app = create_app(dataclasses.replace(load_settings(db=f"sqlite:///{db}"), password_cost="fast"))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def answer_intake(page: Any, app_url: str, steps: dict[str, list[tuple[str, str]]]) -> None:
    """Answer the wizard over HTTP with the page's cookies (quick set-up for later journeys)."""
    from urllib.parse import urlencode

    from spinewise.web.wizard import STEPS

    token = csrf_in(page, app_url)
    for step in STEPS:
        body = urlencode([*steps.get(step.slug, []), ("action", "next"), ("csrf_token", token)])
        response = page.request.post(f"{app_url}/intake/{step.slug}", data=body,
                                     headers={"content-type": "application/x-www-form-urlencoded"})
        assert response.ok, response.text()


READY_TO_TRAIN = {
    "about": [("age", "39"), ("pain.now", "3"), ("pain.average_week", "3"), ("pain.settles_within_hours", "2")],
    "worse-better": [("aggravating.sitting", "yes"), ("aggravating.bending_forward", "yes")],
    "training": [("training.days_per_week", "3"), ("training.session_minutes", "45"),
                 ("training.equipment", "bodyweight"), ("training.equipment", "dumbbells")],
}
"""A flexion-sensitive lifter with dumbbells, cleared to train with changes."""


def shoot(page: Any, name: str) -> None:
    """Save the page at phone and laptop width (full height), then go back to phone width."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for label, size in (("phone", PHONE), ("laptop", LAPTOP)):
        page.set_viewport_size(size)
        page.wait_for_timeout(250)  # let debounced resize handlers (the charts: 150 ms) redraw
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(PHONE)


def check_accessibility(page: Any) -> None:
    """Run the vendored axe-core in the page; fail on any serious or critical violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # from the app's own static files: the Content-Security-Policy refuses an inline copy
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
        page.add_script_tag(url=f"{origin}/static/{AXE.relative_to(STATIC).as_posix()}")
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    blocking = [v for v in result if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{page.url}: accessibility violations:\n{json.dumps(blocking, indent=1)}"


def check_page(page: Any, name: str) -> None:
    """Screenshots at both widths, then axe at both widths."""
    shoot(page, name)
    check_accessibility(page)
    page.set_viewport_size(LAPTOP)
    check_accessibility(page)
    page.set_viewport_size(PHONE)


class LoggedInApi:
    """``page.request`` for the JSON API as the page's own script calls it: the session
    cookie with the page's CSRF token in ``X-CSRF-Token``."""

    def __init__(self, page: Any, app_url: str) -> None:
        self.request = page.request
        self.headers = {"x-csrf-token": csrf_in(page, app_url)}

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request.get(url, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request.post(url, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

    def put(self, url: str, **kwargs: Any) -> Any:
        return self.request.put(url, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)


def log_in_in(page: Any, app_url: str, email: str = EMAIL, password: str = PASSWORD) -> None:
    """Log an existing account in over HTTP with the page's cookies (another phone)."""
    _post_account_form(page, f"{app_url}/login", email, password)


def log_out_in(page: Any) -> None:
    """Log out with the page's own button: in the laptop's top bar, or under "More" in a
    phone's bottom bar."""
    more = page.locator(".nav-more summary")
    if more.is_visible():
        more.click()
    page.get_by_role("button", name="Log out").click()


API_CALLS = re.compile(r"/api/v1/")


def refuse_api(route: Route) -> None:
    route.abort("internetdisconnected")


def lose_signal(context: BrowserContext) -> None:
    """No network for the pages, and, whatever Chromium's offline emulation lets slip past
    it (a request falling back from the service worker at the wrong moment), no API call
    reaches the server either: "the server has not heard of it" is then certain."""
    context.set_offline(True)
    context.route(API_CALLS, refuse_api)


def signal_back(context: BrowserContext) -> None:
    context.unroute(API_CALLS, refuse_api)
    context.set_offline(False)


COACH = "cora@example.com"


def add_coach_account(tmp_path: Path) -> None:
    """The coach Cora, added to the browser tests' server database (``spinewise users add
    --role coach`` does the same)."""
    from spinewise import accounts, training
    from spinewise.accounts.passwords import COSTS
    from spinewise.config import load_settings

    store = training.open_store(load_settings(db=f"sqlite:///{tmp_path / 'browser.sqlite3'}"))
    try:
        accounts.create_account(store=store, email=COACH, password=PASSWORD, role="coach", name="Cora",
                                cost=COSTS["fast"])
    finally:
        store.close()
