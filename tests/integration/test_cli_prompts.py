"""The training loop's questions on the command line: rejected input leaves nothing behind,
the interactive log ends on an empty line, and a wrong answer is asked again."""

from __future__ import annotations

import json
from typing import Any

import pytest

MONDAY = "2026-01-05"


@pytest.fixture
def ana(run: Any, intake_file: Any) -> None:
    created = run("init", "--from", str(intake_file), "--name", "Ana", "--start", MONDAY)
    assert created.exit_code == 0, created.output


def _sessions(run: Any) -> list[dict[str, Any]]:
    result = run("history", "--json")
    assert result.exit_code == 0, result.output
    sessions: list[dict[str, Any]] = json.loads(result.stdout)
    return sessions


def _last_json(text: str, opening: str) -> Any:
    return json.loads(text[text.rindex(opening):])


@pytest.mark.parametrize(("flags", "field"), [
    (["--exercise", "goblet_squat", "--reps", "10", "--pain", "11"], "pain"),
    (["--exercise", "no_such_lift", "--reps", "10", "--pain", "2"], "exercise"),
    (["--exercise", "goblet_squat", "--reps", "10"], "pain"),
    (["--exercise", "goblet_squat", "--pain", "2"], "reps"),
    (["--exercise", "goblet_squat", "--reps", "10", "--pain", "2", "--tempo", "slow"], "tempo"),
    (["--finish", "--pain-after", "2"], "finish"),
    (["--finish", "--pain-after", "11", "--session-rpe", "5", "--minutes", "30"], "pain_after"),
    (["--exercise", "goblet_squat", "--reps", "8", "--pain", "2",
      "--finish", "--pain-after", "2", "--session-rpe", "5", "--minutes", "0"], "duration_minutes"),
])
def test_log_with_flags_creates_no_session_when_its_input_is_rejected(run, ana, flags, field) -> None:  # type: ignore[no-untyped-def]
    result = run("log", "--date", MONDAY, *flags)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {field}"), result.stderr
    assert _sessions(run) == []


def test_log_from_a_file_with_one_bad_set_stores_neither_set_nor_session(run, ana, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sets = tmp_path / "sets.json"
    sets.write_text(json.dumps({"sets": [
        {"client_id": "a1", "exercise": "bird_dog", "reps": 6, "pain": 2},
        {"client_id": "a2", "exercise": "bird_dog", "reps": 6, "pain": 12}]}), encoding="utf-8")
    result = run("log", "--date", MONDAY, "--file", str(sets))
    assert result.exit_code == 2 and "pain" in result.stderr
    assert _sessions(run) == []


def test_a_good_set_from_flags_still_starts_and_logs_the_session(run, ana) -> None:  # type: ignore[no-untyped-def]
    result = run("log", "--date", MONDAY, "--exercise", "goblet_squat", "--reps", "10", "--pain", "2", "--json")
    assert result.exit_code == 0, result.output
    (session,) = _sessions(run)
    assert [s["exercise"] for s in session["sets"]] == ["goblet_squat"]


def test_interactive_log_ends_on_an_empty_line(run, ana) -> None:  # type: ignore[no-untyped-def]
    # one set of bird dogs, then an empty line, then the end-of-session questions
    typed = ["bird_dog", "6", "", "", "2", "", "", "2", "5", "30"]
    result = run("log", "--date", MONDAY, input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    assert "Session saved" in result.stdout
    (session,) = _sessions(run)
    assert [s["exercise"] for s in session["sets"]] == ["bird_dog"]
    assert session["pain_after"] == 2 and session["duration_minutes"] == 30


def test_interactive_log_asks_again_after_a_wrong_number_in_a_set(run, ana) -> None:  # type: ignore[no-untyped-def]
    typed = ["bird_dog", "six", "6", "heavy", "", "", "a bit", "2", "", "", "2", "5", "30"]
    result = run("log", "--date", MONDAY, input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    assert "whole number of reps" in result.stdout and "leave it blank" in result.stdout
    (session,) = _sessions(run)
    (logged,) = session["sets"]
    assert (logged["exercise"], logged["reps"], logged["load"], logged["pain"]) == ("bird_dog", 6, None, 2)


def test_interactive_log_re_asks_a_wrong_end_of_session_answer(run, ana) -> None:  # type: ignore[no-untyped-def]
    # blank: no sets; pain "lots" is asked again at once, 11 once the three answers are checked
    typed = ["", "lots", "11", "5", "30", "2"]
    result = run("log", "--date", MONDAY, input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    assert "pain_after" in result.stdout
    (session,) = _sessions(run)
    assert session["sets"] == [] and (session["pain_after"], session["session_rpe"]) == (2, 5)


def test_checkin_asks_again_after_a_wrong_answer(run, ana) -> None:  # type: ignore[no-untyped-def]
    # pain "a lot" is asked again at once; once all is answered, the check-in refuses pain 12
    # and sleep quality 9, and each is asked again
    typed = ["a lot", "12", "1", "0", "7.5", "9", "n", "3", "4"]
    result = run("checkin", "--date", "2026-01-06", "--json", input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    assert "pain" in result.stdout and "sleep_quality" in result.stdout
    saved = _last_json(result.stdout, '{\n  "checkin"')["checkin"]
    assert (saved["pain"], saved["stiffness"], saved["sleep_hours"], saved["sleep_quality"]) == (3, 1, 7.5, 4)


def test_interactive_log_asks_symptoms_in_plain_words_by_number(run, ana) -> None:  # type: ignore[no-untyped-def]
    from spinewise.symptom_words import SYMPTOM_WORDS

    number = list(SYMPTOM_WORDS).index("tingling") + 1
    typed = ["bird_dog", "6", "", "", "2", "99", str(number), "", "2", "5", "30"]
    result = run("log", "--date", MONDAY, input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    assert "Pins and needles in a leg or foot" in result.stdout
    assert "sharp_pain" not in result.stdout and "please give numbers from 1" in result.stdout
    (session,) = _sessions(run)
    assert session["sets"][0]["symptoms"] == ["tingling"]


def test_every_symptom_the_monitor_knows_has_plain_words() -> None:
    from spinewise.domain.monitor import SYMPTOMS
    from spinewise.symptom_words import SYMPTOM_WORDS

    assert set(SYMPTOM_WORDS) == set(SYMPTOMS)
