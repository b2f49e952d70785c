"""`spinewise checkin` asks the psychosocial questions left unanswered at intake."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spinewise.cli import full_app
from spinewise.library import _data_text

app = full_app()
MONDAY = "2026-01-05"


@pytest.fixture
def run(tmp_path: Path) -> Any:
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    intake = tmp_path / "intake.json"
    intake.write_text(_data_text("intakes/desk-worker-flexion.json"), encoding="utf-8")

    def invoke(*args: str, input: str | None = None) -> Any:
        return runner.invoke(app, [*args, "--db", db], input=input)

    created = invoke("init", "--from", str(intake), "--name", "Ana", "--start", MONDAY, "--json")
    assert created.exit_code == 0, created.output
    assert json.loads(created.stdout)["screening"]["psychosocial_risk"] == "not_assessed"
    return invoke


def test_checkin_with_flags_takes_the_answers_as_json(run) -> None:  # type: ignore[no-untyped-def]
    pending = run("checkin", "--date", "2026-01-06", "--pain", "2", "--json")
    assert pending.exit_code == 0 and json.loads(pending.stdout)["psychosocial_pending"] is True
    answered = run("checkin", "--date", "2026-01-06", "--pain", "2", "--json", "--psychosocial",
                   '{"worrying_thoughts": true, "bothersomeness": "slightly"}')
    assert answered.exit_code == 0, answered.output
    body = json.loads(answered.stdout)
    assert body["screening"]["psychosocial_risk"] == "low" and body["psychosocial_pending"] is False


def test_checkin_with_a_bad_answer_exits_2_naming_the_field(run) -> None:  # type: ignore[no-untyped-def]
    bad = run("checkin", "--pain", "2", "--psychosocial", '{"bothersomeness": "lots"}')
    assert bad.exit_code == 2
    assert "psychosocial.bothersomeness" in bad.output and "Traceback" not in bad.output
    broken = run("checkin", "--pain", "2", "--psychosocial", "{nope")
    assert broken.exit_code == 2 and "psychosocial: is not valid JSON" in broken.output


def test_interactive_checkin_asks_the_questions_in_plain_words(run) -> None:  # type: ignore[no-untyped-def]
    answers = ["2", "1", "0", "", "", "n",   # pain, stiffness, hours stiff, sleep, quality, locked up
               "y",                          # answer the questions now
               "y", "maybe", "n", "y", "y", "y", "n",  # six topics ("maybe" is asked again)
               "9", "5"]                     # bothersomeness (9 is asked again): extremely
    done = run("checkin", "--date", "2026-01-06", input="\n".join(answers) + "\n")
    assert done.exit_code == 0, done.output
    assert "Worries about your back have been on your mind a lot" in done.output
    assert "please answer y or n" in done.output and "please answer with a number from 1 to 5" in done.output
    assert "psychosocial risk high" in done.output
    again = run("checkin", "--date", "2026-01-07", "--pain", "2", "--json")
    assert json.loads(again.stdout)["psychosocial_pending"] is False


def test_interactive_checkin_can_skip_them(run) -> None:  # type: ignore[no-untyped-def]
    done = run("checkin", "--date", "2026-01-06", input="2\n1\n0\n\n\nn\n\n")
    assert done.exit_code == 0, done.output
    assert "still not asked" not in done.output  # asked interactively, skipped: asked again next time
    again = run("checkin", "--date", "2026-01-07", "--pain", "2", "--json")
    assert json.loads(again.stdout)["psychosocial_pending"] is True


def test_assess_endurance_without_times_shows_how_and_the_reference_values(run) -> None:  # type: ignore[no-untyped-def]
    guide = run("assess", "endurance")
    assert guide.exit_code == 0, guide.output
    assert "Biering-Sorensen" in guide.output and "men 161 s, women 185 s" in guide.output
    assert "Stop when your hips sink" in guide.output
    as_json = json.loads(run("assess", "endurance", "--json").stdout)
    assert len(as_json["tests"]) == 4


def test_assess_endurance_shows_each_hold_beside_the_means(run) -> None:  # type: ignore[no-untyped-def]
    logged = run("assess", "endurance", "--flexor", "100", "--extensor", "150", "--side-right", "100",
                 "--side-left", "105.3", "--date", MONDAY)
    assert logged.exit_code == 0, logged.output
    assert "PROG-ENDURANCE-NOT-NOW" in logged.output  # the desk worker is moderately irritable
    assert "Side bridge, left: 105.3 s (men 99 s, women 78 s)" in logged.output
