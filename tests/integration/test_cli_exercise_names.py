"""Exercises by name on the command line (issue 11): ``today`` shows the ids, ``log -e``
takes a name or an id and suggests the closest on a typo, ``init`` says when the plan
starts and offers today, and the calendar names exercises in words."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from icalendar import Calendar

from tests.integration.test_cli_intake import FULL_INTAKE

MONDAY = "2026-01-05"
WEDNESDAY = date(2026, 12, 2)


@pytest.fixture
def ana(run: Any, intake_file: Any) -> None:
    created = run("init", "--from", str(intake_file), "--name", "Ana", "--start", MONDAY)
    assert created.exit_code == 0, created.output


def _sets(run: Any) -> list[str]:
    result = run("history", "--json")
    assert result.exit_code == 0, result.output
    return [s["exercise"] for session in json.loads(result.stdout) for s in session["sets"]]


def test_today_shows_each_exercise_id_under_its_name(run: Any, ana: None,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    listed = json.loads(run("today", "--date", MONDAY, "--json").stdout)["items"]
    monkeypatch.setenv("COLUMNS", "200")
    wide = run("today", "--date", MONDAY)
    assert wide.exit_code == 0, wide.output
    rows = [line.split("│")[2].strip() for line in wide.stdout.splitlines() if line.count("│") > 2]
    for item in listed:
        at = rows.index(item["name"])
        assert rows[at + 1] == item["exercise"]  # the id, on the line under the name


def test_today_still_fits_an_80_column_terminal(run: Any, ana: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    shown = run("today", "--date", MONDAY)
    assert shown.exit_code == 0, shown.output
    assert max(len(line) for line in shown.stdout.splitlines() if "│" in line) <= 80
    assert "goblet_squat" in shown.stdout and "…" not in shown.stdout  # ids fold, never cut


@pytest.mark.parametrize("typed", ["goblet squat", "Goblet Squat", "goblet_squat"])
def test_log_takes_an_exercise_by_name_or_id_in_any_case(run: Any, ana: None, typed: str) -> None:
    result = run("log", "--date", MONDAY, "-e", typed, "--reps", "10", "--pain", "2", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sets"][0]["set"]["exercise"] == "goblet_squat"
    assert _sets(run) == ["goblet_squat"]


def test_log_with_a_typo_exits_2_with_the_closest_match_and_stores_nothing(run: Any, ana: None) -> None:
    result = run("log", "--date", MONDAY, "-e", "gobblet squat", "--reps", "10", "--pain", "2")
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: exercise: no exercise 'gobblet squat'; "
                           "did you mean goblet_squat (Goblet squat)")
    assert _sets(run) == []


def test_a_set_from_a_file_may_name_its_exercise_in_words(run: Any, ana: None, tmp_path: Any) -> None:
    sets = tmp_path / "sets.json"
    sets.write_text(json.dumps({"sets": [{"exercise": "Bird dog", "reps": 6, "pain": 2}]}), encoding="utf-8")
    result = run("log", "--date", MONDAY, "--file", str(sets), "--json")
    assert result.exit_code == 0, result.output
    assert _sets(run) == ["bird_dog"]


def test_the_interactive_log_says_the_closest_match_and_asks_again(run: Any, ana: None) -> None:
    typed = ["bird dogg", "Bird-Dog", "6", "", "", "2", "", "", "2", "5", "30"]
    result = run("log", "--date", MONDAY, input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    assert "exercise: no exercise 'bird dogg'; did you mean bird_dog (Bird-dog)" in result.stdout
    assert "not saved" not in result.stdout
    assert _sets(run) == ["bird_dog"]


@pytest.fixture
def wednesday(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is a Wednesday, and someone is typing at a terminal."""
    import spinewise.cli.intake as intake_cli

    monkeypatch.setattr(intake_cli, "_today", lambda: WEDNESDAY)
    monkeypatch.setattr(intake_cli, "_at_terminal", lambda: True)


@pytest.mark.parametrize(("answer", "start"), [("y", "2026-12-02"), ("n", "2026-12-07")])
def test_init_says_when_the_plan_starts_and_offers_today(run: Any, wednesday: None, answer: str,
                                                         start: str) -> None:
    result = run("init", input="\n".join([*FULL_INTAKE, answer]) + "\n")
    assert result.exit_code == 0, result.output
    assert "Your plan starts on Monday 2026-12-07" in result.stdout
    assert "Start today instead? (y/n)" in result.stdout
    assert f"from {start}" in result.stdout


def test_init_with_a_start_or_a_file_says_when_but_does_not_ask(run: Any, wednesday: None,
                                                               intake_file: Any) -> None:
    given = run("init", "--start", "2026-12-09", input="\n".join(FULL_INTAKE) + "\n")
    assert given.exit_code == 0, given.output
    assert "Start today instead" not in given.stdout
    assert "Your plan starts on Wednesday 2026-12-09" in given.stdout
    from_file = run("init", "--from", str(intake_file), "--name", "Bo")
    assert from_file.exit_code == 0, from_file.output
    assert "Start today instead" not in from_file.stdout
    assert "Your plan starts on Monday 2026-12-07" in from_file.stdout


def test_init_from_a_pipe_says_when_but_does_not_ask(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import spinewise.cli.intake as intake_cli

    monkeypatch.setattr(intake_cli, "_today", lambda: WEDNESDAY)
    monkeypatch.setattr(intake_cli, "_at_terminal", lambda: False)
    result = run("init", input="\n".join(FULL_INTAKE) + "\n")
    assert result.exit_code == 0, result.output
    assert "Your plan starts on Monday 2026-12-07" in result.stdout
    assert "Start today instead" not in result.stdout and "from 2026-12-07" in result.stdout


def test_init_json_keeps_its_shape_and_asks_nothing(run: Any, wednesday: None) -> None:
    result = run("init", "--json", input="\n".join(FULL_INTAKE) + "\n")
    assert result.exit_code == 0, result.output
    assert "Start today instead" not in result.stdout and "Your plan starts" not in result.stdout
    saved = json.loads(result.stdout[result.stdout.index('{\n  "id"'):])
    assert set(saved) >= {"id", "name", "screening", "plan"}


def test_the_calendar_names_exercises_in_words_with_sets_and_reps(run: Any, ana: None, tmp_path: Any) -> None:
    ics = tmp_path / "plan.ics"
    done = run("calendar", "--start", MONDAY, "--weeks", "1", "--out", str(ics))
    assert done.exit_code == 0, done.output
    first = next(iter(Calendar.from_ical(ics.read_bytes()).walk("VEVENT")))
    lines = str(first["description"]).splitlines()[1:]
    assert "Goblet squat: 2 x 10" in lines
    assert "Split squat: 2 x 10 each side" in lines
    assert any(line.endswith(" s") and ": " in line for line in lines)  # a hold, in seconds
    assert not any("_" in line for line in lines)  # names, not ids
