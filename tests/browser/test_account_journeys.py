"""Accounts in a real browser: the first visit creates the first account, log out and log
in again, and forms refused without their CSRF token or from another site."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import EMAIL, PASSWORD, check_accessibility, log_out_in, sign_up_in


def test_the_first_visit_creates_the_first_account_then_goes_to_the_questions(page: Page, fresh_app_url: str) -> None:
    page.goto(fresh_app_url + "/")
    expect(page).to_have_url(re.compile(r"/signup"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create the first account")
    check_accessibility(page)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill("too short")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#password-error")).to_contain_text("at least 10 characters")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/intake/about$"))
    cookie = next(c for c in page.context.cookies() if c["name"] == "spinewise_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"


def test_log_out_and_log_in_again(page: Page, fresh_app_url: str) -> None:
    sign_up_in(page, fresh_app_url)
    page.goto(fresh_app_url + "/exercises")
    log_out_in(page)
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto(fresh_app_url + "/today")
    expect(page).to_have_url(re.compile(r"/login\?next=/today$"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Wrong email or password")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/today$|/intake"))


def test_a_form_without_its_csrf_token_is_refused(page: Page, app_url: str) -> None:
    page.goto(app_url + "/settings")
    page.evaluate("""() => {
        const form = document.createElement('form');
        form.method = 'post'; form.action = '/settings/password';
        const pain = document.createElement('input'); pain.name = 'new_password'; pain.value = 'taken over!!';
        form.appendChild(pain); document.body.appendChild(form); form.submit();
    }""")
    expect(page.get_by_role("heading", level=1)).to_have_text("That form could not be accepted")


def test_a_form_posted_from_another_site_is_refused(page: Page, app_url: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.request.get(app_url + "/checkin").text())
    assert token is not None  # even with a stolen token, another site's form is refused
    page.set_content(f"""<form method="post" action="{app_url}/checkin">
        <input name="pain" value="2"><input name="csrf_token" value="{token[1]}">
        <button>Send</button></form>""")
    with page.expect_response(re.compile(r"/checkin$")) as answer:
        page.get_by_role("button", name="Send").click()
    assert answer.value.status == 403
