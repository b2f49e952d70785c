"""``spinewise init`` asks the question bank the web wizard asks, and stops at once when an
answer means emergency or urgent care."""

from __future__ import annotations

import json
from typing import Any

from spinewise.intake_questions import all_questions

FULL_INTAKE = [
    "34", "1",                   # age; kilograms
    "3", "3", "5", "14", "2",    # pain now, average, worst; weeks; settles within an hour or two
    "2", "n",                    # started lifting; not cleared
    "", "", "",                  # warning signs: none of the three groups
    "", "",                      # legs, elsewhere
    "1,2", "6",                  # worse: sitting, bending; better: moving around
    "4", "3",                    # worries: on my mind a lot; bothered moderately
    "2", "2", "45",              # a little experience, 3 days, 45 minutes
    "1,4,5", "1,2",              # body, dumbbells, kettlebells; less pain, stronger
    "Ana",
]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_init_asks_every_question_of_the_bank_in_plain_words(run: Any) -> None:
    result = run("init", "--start", "2026-01-05", input="\n".join(FULL_INTAKE) + "\n")
    assert result.exit_code == 0, result.output
    shown = _one_line(result.stdout)
    for q in all_questions():
        assert _one_line(q.label) in shown, q.path
        for _, words in q.options:
            assert _one_line(words) in shown, (q.path, words)
    for q in all_questions():
        if "." in q.path:
            assert q.path not in shown  # no field path on screen (pain.now, red_flags.iv_drug_use)
    assert "iv drug use" not in shown.lower() and "_" not in shown.split("Plan saved")[0]
    assert "Plan saved: 12 weeks, 3 sessions a week" in shown


def test_init_saves_what_was_answered(run: Any) -> None:
    result = run("init", "--start", "2026-01-05", "--json", input="\n".join(FULL_INTAKE) + "\n")
    assert result.exit_code == 0, result.output
    saved = json.loads(result.stdout[result.stdout.index('{\n  "id"'):])
    assert saved["name"] == "Ana"
    assert saved["screening"]["level"] == "modify"
    assert saved["screening"]["pattern"]["primary"] == "flexion_sensitive"
    assert saved["plan"]["days_per_week"] == 3


def test_an_emergency_sign_stops_init_at_once_with_the_result_and_exit_3(run: Any) -> None:
    typed = ["45", "1", "6", "", "", "", "", "", "n",
             "1"]  # first group of warning signs: numbness around the bottom, groin or inner thighs
    result = run("init", input="\n".join(typed) + "\n")
    assert result.exit_code == 3, result.output
    shown = _one_line(result.stdout)
    assert "Stop here: your answers need emergency care now." in shown
    assert "emergency department" in shown and "Call 112 (Europe)" in shown
    assert "Your health" not in shown  # nothing more was asked
    assert "Your name" not in shown
    people = run("people", "--json")
    assert [p["name"] for p in json.loads(people.stdout)] == ["me"]
    today = run("today", "--json")
    assert json.loads(today.stdout)["status"] == "no_plan"


def test_an_urgent_sign_stops_init_once_nothing_later_can_make_it_an_emergency(run: Any) -> None:
    typed = ["58", "1", "5", "", "", "30", "", "", "n",
             "", "1"]  # warning signs: none; your health: you have had cancer
    result = run("init", "--json", input="\n".join(typed) + "\n")
    assert result.exit_code == 3, result.output
    assert "How the pain behaves" not in result.stdout
    saved = json.loads(result.stdout[result.stdout.index('{\n  "id"'):])
    assert saved["screening"]["level"] == "urgent" and saved["plan"] is None


def test_init_from_a_file_exits_3_when_no_plan_is_saved(run: Any, tmp_path: Any) -> None:
    from spinewise.library import _data_text

    path = tmp_path / "saddle.json"
    path.write_text(_data_text("intakes/saddle-numbness.json"), encoding="utf-8")
    result = run("init", "--from", str(path), "--json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["screening"]["level"] == "emergency"
