"""The pages over plain HTTP (no JavaScript): the wizard, the result, the plan, the library."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest

from spinewise.web import wizard
from tests.conftest import LOCAL

HEADERS = {"accept": "text/html"}


def answer(client: Any, slug: str, data: dict[str, Any], action: str = "next") -> Any:
    return client.post(f"/intake/{slug}", data={**data, "action": action}, follow_redirects=False)


def walk_wizard(client: Any, about: dict[str, Any], **steps: dict[str, Any]) -> Any:
    """Answer every step (``steps`` by slug with dashes as underscores); returns the last response."""
    response = answer(client, "about", about)
    assert response.status_code == 303, response.text
    for step in wizard.STEPS[1:]:
        response = answer(client, step.slug, steps.get(step.slug.replace("-", "_"), {}))
        assert response.status_code == 303, response.text
    return response


def errors_shown(html: str) -> list[str]:
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in re.findall(r'<p class="error-message"[^>]*>(.*?)</p>', html) if m]


def test_every_page_has_a_language_a_title_and_a_skip_link(client):
    for path in ("/", "/intake/about", "/exercises", "/exercises/goblet_squat"):
        html = client.get(path).text
        assert '<html lang="en">' in html
        assert re.search(r"<title>[^<]+</title>", html)
        assert 'href="#main"' in html and 'id="main"' in html


def test_the_wizard_starts_at_the_first_step(client):
    response = client.get("/intake", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/intake/about"


def test_every_input_has_a_label(client):
    for step in wizard.STEPS:
        html = client.get(f"/intake/{step.slug}").text
        ids = re.findall(r'<input[^>]*\sid="([^"]+)"', html)
        assert ids
        for ident in ids:
            assert f'for="{ident}"' in html, f"{step.slug}: input {ident} has no label"


def test_a_wrong_answer_is_shown_beside_its_field_with_the_field_named(client):
    response = answer(client, "about", {"age": "twelve", "pain.now": "3"})
    assert response.status_code == 422
    assert errors_shown(response.text) == ['Error: Age must be a whole number, got "twelve"']
    assert 'aria-invalid="true"' in response.text
    assert 'value="twelve"' in response.text  # what was typed stays in the field
    assert 'href="#q-age"' in response.text  # the summary links to the field


def test_out_of_range_and_missing_answers_use_the_domain_rules(client):
    response = answer(client, "about", {"age": "12"})
    shown = errors_shown(response.text)
    assert "Error: Age must be a whole number from 16 to 100, got 12" in shown
    assert "Error: Pain right now is needed to go on" in shown


def test_the_inline_check_answers_for_one_field(client):
    bad = client.post("/intake/about/check?field=age", data={"age": "130"}).text
    assert "from 16 to 100, got 130" in bad
    good = client.post("/intake/about/check?field=age", data={"age": "40"}).text
    assert "hidden" in good


def test_answers_survive_going_back_and_forth(client):
    answer(client, "about", {"age": "52", "pain.now": "4", "pain.duration_weeks": "8"})
    answer(client, "warning-signs", {"red_flags.osteoporosis": "yes"})
    response = answer(client, "legs", {"symptoms.leg_pain": "yes"}, action="back")
    assert response.headers["location"] == "/intake/warning-signs"
    html = client.get("/intake/warning-signs").text
    assert re.search(r'name="red_flags.osteoporosis" value="yes" checked', html)
    html = client.get("/intake/legs").text
    assert re.search(r'name="symptoms.leg_pain" value="yes" checked', html)
    html = client.get("/intake/about").text
    assert 'value="52"' in html and 'value="8"' in html


def test_the_draft_is_kept_with_the_session_not_in_a_cookie(client, app):
    from sqlalchemy import select

    from spinewise.store.tables import login_sessions
    from spinewise.web.state import app_store

    answer(client, "about", {"age": "52", "pain.now": "4"})
    assert set(client.cookies.keys()) <= {"spinewise_session", "spinewise_csrf"}
    with app_store(app).reading() as tx:
        drafts = [row[0] for row in tx.conn.execute(select(login_sessions.c.draft))]
    assert any(d and d["doc"].get("age") == 52 for d in drafts)


def test_a_trainable_intake_leads_to_the_plan(client):
    response = walk_wizard(client, {"age": "38", "pain.now": "3", "pain.settles_within_hours": "2"},
                           worse_better={"aggravating.sitting": "yes", "aggravating.bending_forward": "yes"},
                           training={"training.days_per_week": "3", "training.session_minutes": "45",
                                     "training.equipment": ["bodyweight", "dumbbells"]})
    assert response.headers["location"] == "/result"
    result = client.get("/result").text
    assert "You can train, with changes that fit your back" in result
    assert 'href="/plan"' in result
    assert "Bending-sensitive" in result
    plan = client.get("/plan").text
    assert "Your 12-week plan" in plan
    assert "Phases at a glance" in plan
    assert "<details" in plan and "Cues" in plan
    # the plan explains itself, in sections, and says how long each session takes
    for heading in ("How to read your plan", "Pain and flare-ups", "How your plan is built", "Outside the gym"):
        assert heading in plan
    assert "If you have a flare-up" in plan and "How to read tempo" in plan
    assert re.search(r"about \d+ min", plan)
    assert "each side" in plan
    week_five = client.get("/plan?week=5").text
    assert "Week 5" in week_five


def test_an_emergency_shows_one_message_and_no_plan(client):
    walk_wizard(client, {"age": "45", "pain.now": "6"}, warning_signs={"red_flags.saddle_numbness": "yes"})
    result = client.get("/result").text
    assert "Get emergency care now" in result
    assert "emergency department" in result
    assert 'href="/plan"' not in result
    assert "site-nav" not in result  # nothing else on the page
    assert client.get("/plan", follow_redirects=False).headers["location"] == "/result"


@pytest.mark.parametrize(("about", "flags", "title", "who"), [
    ({"pain.now": "5"}, {"warning_signs": {"red_flags.cancer_history": "yes", "red_flags.unexplained_weight_loss": "yes"}},
     "See a doctor before you train", "A doctor"),
    ({"pain.now": "4"}, {"legs": {"symptoms.worse_with_light_activity": "yes"}},
     "Get checked before you lift", "A physiotherapist"),
])
def test_urgent_and_refer_say_who_to_see_and_offer_a_printable_summary(client, about, flags, title, who):
    walk_wizard(client, {"age": "58", "pain.duration_weeks": "20", **about}, **flags)
    result = client.get("/result").text
    assert title in result
    assert "Who to see" in result and who in result
    assert "Summary to take with you" in result and "data-print" in result
    assert "Until then" in result
    assert "See my plan" not in result
    assert client.get("/plan", follow_redirects=False).headers["location"] == "/result"


def test_the_plan_and_result_need_answers_first(client):
    assert client.get("/plan", follow_redirects=False).headers["location"] == "/intake"
    assert client.get("/result", follow_redirects=False).headers["location"] == "/intake"


def test_the_library_filters_by_pattern_and_gear(client):
    html = client.get("/exercises", params={"pattern": "carry"}).text
    names = re.findall(r'<h3><a href="/exercises/([a-z_]+)">', html)
    assert names and "farmers_carry" in names and "goblet_squat" not in names
    fragment = client.get("/exercises", params={"pattern": "squat", "equipment": "bodyweight"},
                          headers={"HX-Request": "true", "HX-Target": "results"}).text
    assert fragment.startswith('<section id="results"')
    assert "goblet_squat" not in fragment


def test_the_library_can_keep_only_what_suits_my_back(client):
    walk_wizard(client, {"age": "38", "pain.now": "3"},
                worse_better={"aggravating.sitting": "yes", "aggravating.bending_forward": "yes"})
    everything = re.findall(r'<h3><a href="/exercises/', client.get("/exercises", params={"shown": "1000"}).text)
    fitting = client.get("/exercises", params={"fits": "true", "shown": "1000"}).text
    assert len(re.findall(r'<h3><a href="/exercises/', fitting)) < len(everything)
    assert "/exercises/sit_up" not in fitting


def test_an_exercise_page_explains_it_for_me(client):
    walk_wizard(client, {"age": "38", "pain.now": "3"})
    html = client.get("/exercises/barbell_back_squat").text
    assert "For you:" in html
    assert "How to do it" in html and "Load on your lower back" in html


def test_unknown_pages_are_a_friendly_404(client):
    response = client.get("/exercises/moon_press")
    assert response.status_code == 404
    assert "moon_press" in response.text and "<html" in response.text
    assert client.get("/intake/nope").status_code == 404


def test_static_files_are_compressed_and_cached(client):
    html = client.get("/").text
    css = re.search(r'href="(/static/css/app.css\?v=[0-9a-f]+)"', html).group(1)
    response = client.get(css, headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert "immutable" in response.headers["cache-control"]
    plain = client.get("/static/css/app.css")
    assert "max-age" in plain.headers["cache-control"] and "immutable" not in plain.headers["cache-control"]


def test_a_draft_survives_a_restart_and_a_second_app_process(tmp_path):
    """The draft lives in the database with the login session: an app started later (a
    restart, or another process behind the same database) shows it to the same browser;
    another browser (logged in to the same account) starts with its own."""
    from spinewise.config import load_settings
    from spinewise.web import create_app
    from tests.accounts import AccountClient, fast_settings, log_in, sign_up

    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    with AccountClient(create_app(fast_settings(load_settings(db=url))), base_url=LOCAL) as first:
        sign_up(first)
        answer(first, "about", {"age": "52", "pain.now": "4"})
        session = first.cookies.get("spinewise_session")
    with AccountClient(create_app(fast_settings(load_settings(db=url))), base_url=LOCAL) as second:
        second.cookies.set("spinewise_session", session)
        assert 'value="52"' in second.get("/intake/about").text
    with AccountClient(create_app(fast_settings(load_settings(db=url))), base_url=LOCAL) as elsewhere:
        log_in(elsewhere, "ana@example.com")
        assert 'value="52"' not in elsewhere.get("/intake/about").text
