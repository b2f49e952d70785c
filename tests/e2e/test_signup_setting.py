"""Closing sign-up (``SPINEWISE_SIGNUP`` / ``spinewise serve --signup``): the first account
can always be created; closed sign-up refuses the page's form and says how accounts are
added; ``invite`` asks for an invitation code: a coach's live invitation, after which the new
lifter lands on that invitation's page (accepting stays their choice)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from spinewise.config import load_settings
from spinewise.domain.errors import InputError
from spinewise.web import create_app
from tests.accounts import CSRF_FIELD, PASSWORD, AccountClient, fast_settings, sign_up
from tests.conftest import LOCAL

if TYPE_CHECKING:
    from spinewise.store.accounts import Account
    from spinewise.store.unit_of_work import Store


def _client(tmp_path: Path, mode: str) -> AccountClient:
    settings = dataclasses.replace(fast_settings(load_settings(db=f"sqlite:///{tmp_path / 'db.sqlite3'}")),
                                   signup=mode)
    return AccountClient(create_app(settings), base_url=LOCAL)


def _post_signup(client: AccountClient, email: str, **extra: str) -> object:
    token = CSRF_FIELD.search(client.get("/login").text)  # the closed sign-up page has no form
    assert token is not None
    return client.post("/signup", data={"email": email, "password": PASSWORD, "csrf_token": token[1], **extra},
                       follow_redirects=False)


@pytest.mark.parametrize("mode", ["closed", "invite"])
def test_the_first_account_of_a_fresh_install_can_always_be_created(tmp_path: Path, mode: str) -> None:
    with _client(tmp_path, mode) as client:
        assert "Create the first account" in client.get("/signup").text
        sign_up(client, "owner@example.com")
        assert client.get("/settings").status_code == 200


def test_closed_sign_up_says_so_and_refuses_the_form(tmp_path: Path) -> None:
    with _client(tmp_path, "closed") as owner:
        sign_up(owner, "owner@example.com")
    with _client(tmp_path, "closed") as stranger:
        page = stranger.get("/signup")
        assert page.status_code == 200
        assert "Sign-up is closed" in page.text and "spinewise users add" in page.text
        assert 'action="/signup"' not in page.text
        assert "Create an account" not in stranger.get("/login").text
        refused = _post_signup(stranger, "stranger@example.com")
        assert refused.status_code == 403  # type: ignore[attr-defined]
        assert "sign-up is closed" in refused.text.lower()  # type: ignore[attr-defined]
        refused_login = stranger.post("/api/v1/tokens", json={"email": "stranger@example.com", "password": PASSWORD})
        assert refused_login.status_code == 401  # no account was made


def test_open_sign_up_still_takes_anyone(tmp_path: Path) -> None:
    with _client(tmp_path, "open") as owner:
        sign_up(owner, "owner@example.com")
    with _client(tmp_path, "open") as second:
        assert "Create an account" in second.get("/login").text
        sign_up(second, "second@example.com")


def test_invite_sign_up_asks_for_a_code_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    with _client(tmp_path, "invite") as owner:
        sign_up(owner, "owner@example.com")
    with _client(tmp_path, "invite") as invited:
        page = invited.get("/signup?invitation=abc123").text
        assert 'name="invitation"' in page and 'value="abc123"' in page
        refused = _post_signup(invited, "invited@example.com", invitation="abc123")
        assert refused.status_code == 403  # type: ignore[attr-defined]
        assert "invitation code is not valid" in refused.text  # type: ignore[attr-defined]
        without = _post_signup(invited, "invited@example.com")
        assert without.status_code == 403  # type: ignore[attr-defined]


def test_invite_sign_up_takes_a_code_the_invitation_hook_accepts(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from spinewise.accounts import signup

    monkeypatch.setattr(signup, "invitation_accepted", lambda *, store, code: code == "good-code")
    monkeypatch.setattr(signup, "claim_invitation", lambda tx, code: code == "good-code")
    with _client(tmp_path, "invite") as owner:
        sign_up(owner, "owner@example.com")
    with _client(tmp_path, "invite") as invited:
        assert _post_signup(invited, "invited@example.com", invitation="bad").status_code == 403  # type: ignore[attr-defined]
        accepted = _post_signup(invited, "invited@example.com", invitation="good-code")
        assert accepted.status_code == 303  # type: ignore[attr-defined]


def _invite_only_server_with_a_coach(tmp_path: Path) -> tuple[Store, Account]:
    """An invite-only server with its owner and a coach (Coach Kim): its store and the coach."""
    from spinewise import accounts
    from spinewise.accounts.passwords import COSTS
    from spinewise.web.state import app_store

    with _client(tmp_path, "invite") as owner:
        sign_up(owner, "owner@example.com")
        store = app_store(owner.app)
    coach = accounts.create_account(store=store, email="coach@example.com", password=PASSWORD, role="coach",
                                    name="Coach Kim", cost=COSTS["fast"])
    return store, coach


def test_a_coach_invitation_opens_invite_sign_up_and_lands_on_its_page_unaccepted(tmp_path: Path) -> None:
    from datetime import datetime

    from sqlalchemy import update

    from spinewise import accounts, coaching
    from spinewise.accounts.service import digest
    from spinewise.coaching.consent import normalised_code
    from spinewise.store.tables import coach_invitations

    store, coach = _invite_only_server_with_a_coach(tmp_path)
    code, _expires = coaching.create_invitation(store=store, coach=coach)
    stale, _ = coaching.create_invitation(store=store, coach=coach)
    with store.transaction() as tx:  # the second one expired
        tx.conn.execute(update(coach_invitations)
                        .where(coach_invitations.c.code_hash == digest(normalised_code(stale)))
                        .values(expires_at=datetime(2026, 1, 1)))
    with _client(tmp_path, "invite") as late:
        expired = _post_signup(late, "late@example.com", invitation=stale)
        assert expired.status_code == 403  # type: ignore[attr-defined]
        assert "invitation code is not valid" in expired.text  # type: ignore[attr-defined]
    with _client(tmp_path, "invite") as invited:
        # the invitation's link sends a stranger to log in, then to sign up with its code filled in
        assert f'value="{code}"' in invited.get(f"/signup?next=/invite/{code}").text
        typed = " " + code.lower().replace("-", " ") + " "  # as typed: any case, spaces for dashes
        made = _post_signup(invited, "lifter@example.com", invitation=typed)
        assert made.status_code == 303  # type: ignore[attr-defined]
        landing = made.headers["location"]  # type: ignore[attr-defined]
        assert landing == "/invite/" + code.replace("-", "")
        page = invited.get(landing)
        assert page.status_code == 200 and "Coach Kim" in page.text
        lifter = accounts.find_account(store=store, email="lifter@example.com")
        assert lifter.role == "lifter"
        # signed up, but consent not given: no coach yet, the invitation still to be answered
        assert coaching.coaches_of(store=store, client_id=lifter.id) == []
        assert coaching.invitation_is_live(store=store, code=code)
        token = CSRF_FIELD.search(page.text)
        assert token is not None
        accepted = invited.post(f"{landing}/accept", data={"csrf_token": token[1]}, follow_redirects=False)
        assert accepted.status_code == 303
        assert [c.coach_email for c in coaching.coaches_of(store=store, client_id=lifter.id)] == ["coach@example.com"]
        assert not coaching.invitation_is_live(store=store, code=code)
    with _client(tmp_path, "invite") as after:  # answered: the code lets nobody else sign up
        used = _post_signup(after, "another@example.com", invitation=code)
        assert used.status_code == 403  # type: ignore[attr-defined]


def test_an_invitation_code_creates_one_account_however_widely_it_is_passed_around(tmp_path: Path) -> None:
    """Where sign-up needs an invitation, a code opens it once: a second sign-up with the
    same code (before anyone answered it) is refused, naming the invitation, and stores
    nothing; the first account can still answer the invitation."""
    from spinewise import accounts, coaching

    store, coach = _invite_only_server_with_a_coach(tmp_path)
    code, _expires = coaching.create_invitation(store=store, coach=coach)
    with _client(tmp_path, "invite") as first:
        made = _post_signup(first, "first@example.com", invitation=code)
        assert made.status_code == 303  # type: ignore[attr-defined]
        assert made.headers["location"] == "/invite/" + code.replace("-", "")  # type: ignore[attr-defined]
    with _client(tmp_path, "invite") as second:
        page = second.get(f"/signup?invitation={code}")
        assert page.status_code == 200
        refused = _post_signup(second, "second@example.com", invitation=code)
        assert refused.status_code == 403  # type: ignore[attr-defined]
        assert "invitation code is not valid" in refused.text  # type: ignore[attr-defined]
        names = [a.email for a in accounts.list_accounts(store=store)]
        assert "second@example.com" not in names and "first@example.com" in names
    # the code is still to be answered: the first account's consent stays its own choice
    assert coaching.invitation_is_live(store=store, code=code)
    assert not coaching.invitation_opens_signup(store=store, code=code)


def test_the_setting_names_itself_when_it_is_wrong() -> None:
    assert load_settings("sqlite:///x.sqlite3", environ={"SPINEWISE_SIGNUP": "Closed"}).signup == "closed"
    assert load_settings("sqlite:///x.sqlite3", environ={}).signup == "open"
    assert load_settings("sqlite:///x.sqlite3", environ={"SPINEWISE_SIGNUP": "open"}, signup="invite").signup == "invite"
    with pytest.raises(InputError, match="SPINEWISE_SIGNUP: must be open, closed or invite"):
        load_settings("sqlite:///x.sqlite3", environ={"SPINEWISE_SIGNUP": "sometimes"})


def test_serve_refuses_an_unknown_signup_mode_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "spinewise", "serve", "--db", str(tmp_path / "db.sqlite3"),
                           "--signup", "maybe"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == "error: signup: must be open, closed or invite, got 'maybe'"
