"""The wizard over plain HTTP stops as soon as the answers mean emergency or urgent care,
and shows every question of the bank on its pages."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from spinewise.intake_questions import STEPS


def answer(client: Any, slug: str, data: dict[str, Any]) -> Any:
    return client.post(f"/intake/{slug}", data={**data, "action": "next"}, follow_redirects=False)


def test_every_step_shows_its_questions_from_the_bank(client: Any) -> None:
    for step in STEPS:
        page = html_lib.unescape(re.sub(r"\s+", " ", client.get(f"/intake/{step.slug}").text))
        for q in step.questions:
            assert " ".join(q.label.split()) in page, q.path
            for _, words in q.options:
                assert words in page, (q.path, words)


def test_an_emergency_sign_ends_the_wizard_on_the_result_with_numbers_to_tap(client: Any) -> None:
    assert answer(client, "about", {"age": "45", "pain.now": "6"}).headers["location"] == "/intake/warning-signs"
    stopped = answer(client, "warning-signs", {"red_flags.bladder_change": "yes"})
    assert stopped.status_code == 303 and stopped.headers["location"] == "/result"
    result = client.get("/result").text
    assert "Get emergency care now" in result
    assert re.findall(r'href="tel:(\d+)"', result) == ["112", "911", "999"]


def test_an_urgent_sign_ends_the_wizard_on_the_result(client: Any) -> None:
    answer(client, "about", {"age": "58", "pain.now": "5", "pain.duration_weeks": "20"})
    stopped = answer(client, "warning-signs", {"red_flags.cancer_history": "yes"})
    assert stopped.headers["location"] == "/result"
    result = client.get("/result").text
    assert "See a doctor before you train" in result and "Who to see" in result


def test_a_major_injury_asks_about_the_legs_before_the_result(client: Any) -> None:
    assert answer(client, "about", {"age": "40", "pain.now": "5", "onset": "major_trauma"}
                  ).headers["location"] == "/intake/warning-signs"
    assert answer(client, "warning-signs", {}).headers["location"] == "/intake/legs"
    stopped = answer(client, "legs", {"symptoms.numbness_or_tingling": "yes"})
    assert stopped.headers["location"] == "/result"
    assert "Get emergency care now" in client.get("/result").text


def test_no_warning_signs_go_on_to_the_next_step(client: Any) -> None:
    answer(client, "about", {"age": "34", "pain.now": "3"})
    assert answer(client, "warning-signs", {}).headers["location"] == "/intake/legs"


def test_an_emergency_answered_before_the_first_step_still_shows_the_result(client: Any) -> None:
    stopped = answer(client, "warning-signs", {"red_flags.saddle_numbness": "yes"})
    assert stopped.status_code == 200
    assert "Get emergency care now" in stopped.text and 'href="tel:112"' in stopped.text
