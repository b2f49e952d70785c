"""The training commands end to end, with --db pointing at a temporary SQLite file."""

from __future__ import annotations

import json
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from spinewise.cli import full_app

app = full_app()

MONDAY = "2026-01-05"


def _json(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_init_today_log_checkin_history_progress_and_calendar(run, intake_file, tmp_path) -> None:  # type: ignore[no-untyped-def]
    created = _json(run("init", "--from", str(intake_file), "--name", "Ana", "--start", MONDAY, "--json"))
    assert created["screening"]["level"] == "modify" and created["plan"]["start_date"] == MONDAY
    today = _json(run("today", "--date", MONDAY, "--json"))
    assert today["status"] == "training" and today["items"]
    logged = _json(run("log", "--date", MONDAY, "--exercise", "goblet_squat", "--reps", "10",
                       "--load", "35", "--unit", "lb", "--rpe", "5", "--pain", "2",
                       "--client-id", "set-1", "--json"))
    assert logged["sets"][0]["decision"]["action"] in ("continue", "adjust")
    assert logged["sets"][0]["set"]["load_kg"] == pytest.approx(15.876, abs=1e-3)
    replay = _json(run("log", "--date", MONDAY, "--exercise", "goblet_squat", "--reps", "10",
                       "--load", "35", "--unit", "lb", "--pain", "2", "--client-id", "set-1", "--json"))
    assert replay["sets"][0]["replayed"] is True
    sets_file = tmp_path / "sets.json"
    sets_file.write_text(json.dumps({"sets": [
        {"client_id": "f1", "exercise": "bird_dog", "reps": 6, "pain": 2},
        {"client_id": "f2", "exercise": "side_plank", "seconds": 20, "pain": 2}],
        "end": {"pain_after": 2, "session_rpe": 5, "duration_minutes": 40}}))
    from_file = _json(run("log", "--date", MONDAY, "--file", str(sets_file), "--json"))
    assert [s["set"]["number"] for s in from_file["sets"]] == [2, 3]
    morning = _json(run("checkin", "--date", "2026-01-06", "--pain", "2", "--stiffness", "1",
                        "--sleep-hours", "7.5", "--sleep-quality", "4", "--json"))
    assert morning["decision"]["action"] == "continue"
    past = _json(run("history", "--json"))
    assert len(past) == 1 and len(past[0]["sets"]) == 3 and past[0]["next_morning"]["pain"] == 2
    series = _json(run("progress", "--date", "2026-01-07", "--json"))
    assert series["training_load"][0]["load"] == 200
    habits = _json(run("habits", "--date", MONDAY, "--sleep-hours", "8", "--hydration", "--json"))
    assert {s["habit"] for s in habits["streaks"]} >= {"sleep_hours", "hydration"}
    assessed = _json(run("assess", "psfs", "--activity", "tie shoes=4", "--activity", "carry=5",
                         "--activity", "run=3", "--json"))
    assert assessed["score"] == 4
    ics = tmp_path / "plan.ics"
    done = run("calendar", "--start", MONDAY, "--weeks", "1", "--movement-break", "10:00",
               "--posture-check", "15:30", "--out", str(ics))
    assert done.exit_code == 0, done.output
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert len(events) == 5 and all(e.walk("VALARM") for e in events)
    readable = run("today", "--date", "2026-01-07")
    assert readable.exit_code == 0 and "Week 1" in readable.stdout


def test_bad_input_exits_2_with_one_line_naming_the_field(run, intake_file) -> None:  # type: ignore[no-untyped-def]
    run("init", "--from", str(intake_file), "--name", "Ana", "--start", MONDAY)
    result = run("log", "--date", MONDAY, "--exercise", "goblet_squat", "--reps", "10", "--pain", "11")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == ["error: pain: must be an integer from 0 to 10, got 11"]
    assert run("today", "--date", "05/01/2026").exit_code == 2
    assert run("checkin", "--pain", "2", "--sleep-quality", "8").stderr.startswith("error: sleep_quality")


def test_stateful_commands_need_a_person_first(run) -> None:  # type: ignore[no-untyped-def]
    result = run("today")
    assert result.exit_code == 2 and "spinewise init" in result.stderr


def test_init_asks_the_intake_question_by_question_and_re_asks_bad_answers(run) -> None:  # type: ignore[no-untyped-def]
    answers = [
        "120", "34",          # age: out of range, then valid
        "1", "11", "2",       # units (kg); pain now: bad then good
        "3", "5", "14", "2",  # average, worst, weeks, settles (within an hour or two)
        "1", "n",             # started slowly; not cleared
        "", "", "",           # warning signs (three groups)
        "", "",               # legs and elsewhere
        "1,2", "7",           # worse with sitting, bending; better with resting
        "", "",               # worries, bothersomeness
        "2", "2", "50",       # a little experience, 3 days, 50 minutes
        "1,4", "1,2",         # equipment, goals
        "Ana",
    ]
    result = run("init", "--start", MONDAY, "--json", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Age: must be" in result.stdout and "Pain right now: must be" in result.stdout
    saved = json.loads(result.stdout[result.stdout.index('{\n  "id"'):])
    assert saved["name"] == "Ana" and saved["plan"]["days_per_week"] == 3
    assert saved["screening"]["psychosocial_risk"] == "low"  # asked and answered "none": not a gap


def test_monitor_and_next_follow_the_contract(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    doc = {"exercise": "goblet_squat",
           "set": {"reps": 8, "seconds": None, "load": 16, "unit": "kg", "rpe": 7, "pain": 3},
           "baseline_pain": 2, "symptoms": []}
    out = runner.invoke(app, ["monitor", "-", "--json"], input=json.dumps(doc))
    assert out.exit_code == 0, out.output
    assert set(json.loads(out.stdout)) == {"action", "rules", "adjustment"}
    nxt = {"exercise": "goblet_squat", "unit": "kg", "equipment": ["dumbbells"],
           "current": {"sets": 3, "reps": 8, "seconds": None, "tempo": "3-0-2", "load": 16, "rpe_max": 7},
           "history": [{"date": "2026-11-02", "sets": 3, "reps": [8, 8, 8], "load": 16, "rpe": 6,
                        "pain_during": 2, "pain_after": 2, "pain_next_morning": 2, "baseline_pain": 2}]}
    answer = runner.invoke(app, ["next", "-", "--json"], input=json.dumps(nxt))
    assert answer.exit_code == 0, answer.output
    assert set(json.loads(answer.stdout)) == {"sets", "reps", "seconds", "tempo", "load", "rpe_max",
                                              "change", "rule", "why"}
    doc["set"]["pain"] = 11
    bad = runner.invoke(app, ["monitor", "-", "--json"], input=json.dumps(doc))
    assert bad.exit_code == 2 and bad.stdout == "" and "set.pain" in bad.stderr


@pytest.mark.parametrize("command", ["init", "today", "log", "checkin", "history", "progress", "assess",
                                     "habits", "calendar", "monitor", "next", "people", "rescreen"])
def test_every_training_command_has_help(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.stdout


def test_importing_the_commands_imports_neither_sqlalchemy_nor_fastapi() -> None:
    import subprocess
    import sys

    code = "import sys, spinewise.cli; print('sqlalchemy' in sys.modules, 'fastapi' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_progress_takes_a_window_by_since_or_weeks_but_not_both(run, intake_file) -> None:  # type: ignore[no-untyped-def]
    run("init", "--from", str(intake_file), "--name", "Ana", "--start", MONDAY)
    default = _json(run("progress", "--date", "2026-07-06", "--json"))
    assert default["since"] == "2026-01-05"  # 26 weeks before
    by_weeks = _json(run("progress", "--date", "2026-07-06", "--weeks", "4", "--json"))
    assert by_weeks["since"] == "2026-06-08"
    by_since = _json(run("progress", "--date", "2026-07-06", "--since", "2026-03-02", "--json"))
    assert by_since["since"] == "2026-03-02"
    both = run("progress", "--since", "2026-03-02", "--weeks", "4")
    assert both.exit_code == 2 and both.stderr.startswith("error: since")
    after = run("progress", "--date", "2026-07-06", "--since", "2026-08-01")
    assert after.exit_code == 2 and "since" in after.stderr and "Traceback" not in after.stderr


@pytest.mark.parametrize("day", ["9999-12-20", "1899-12-31"])
def test_dates_outside_the_years_spinewise_computes_with_exit_2_naming_the_option(run, intake_file, day) -> None:  # type: ignore[no-untyped-def]
    refused = run("init", "--from", str(intake_file), "--name", "Ana", "--start", day, "--json")
    assert refused.exit_code == 2, refused.output
    assert "2200-12-31" in refused.stderr and "Traceback" not in refused.output
    assert run("init", "--from", str(intake_file), "--name", "Ana", "--start", MONDAY).exit_code == 0
    later = run("today", "--date", day)
    assert later.exit_code == 2 and "date" in later.stderr


def test_serve_allows_the_host_it_listens_on() -> None:
    from spinewise.config import load_settings

    assert "192.168.1.20" in load_settings("sqlite:///x.sqlite3", environ={}, host="192.168.1.20").allowed_hosts
    assert "0.0.0.0" not in load_settings("sqlite:///x.sqlite3", environ={}, host="0.0.0.0").allowed_hosts


def test_today_says_each_side_for_exercises_done_on_each_side(run, intake_file, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "200")  # one table row per line
    assert run("init", "--from", str(intake_file), "--name", "Ana", "--start", MONDAY).exit_code == 0
    as_json = _json(run("today", "--date", MONDAY, "--json"))
    one_sided = [item["name"] for item in as_json["items"] if item["per_side"]]
    both_sides = [item["name"] for item in as_json["items"] if not item["per_side"]]
    assert one_sided and both_sides
    readable = run("today", "--date", MONDAY)
    assert readable.exit_code == 0, readable.output
    rows = [line for line in readable.stdout.splitlines() if "│" in line]
    assert any(one_sided[0] in row and "each side" in row for row in rows)
    assert not any(both_sides[-1] in row and "each side" in row for row in rows)


def test_after_seek_care_today_says_see_a_clinician_until_the_visit_is_recorded(run, intake_file, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "300")
    assert run("init", "--from", str(intake_file), "--name", "Ana", "--start", MONDAY).exit_code == 0
    stopped = run("log", "--date", MONDAY, "-e", "goblet_squat", "--reps", "8", "--pain", "3",
                  "--symptom", "saddle_numbness", "--json")
    assert stopped.exit_code == 0, stopped.output
    assert json.loads(stopped.stdout)["sets"][0]["decision"]["action"] == "seek_care"
    later = run("today", "--date", "2026-01-07")
    assert later.exit_code == 0, later.output
    assert "See a clinician" in later.stdout and "before your next session" in later.stdout
    assert "What to tell them" in later.stdout and "clinician-seen" in later.stdout
    assert "sets x dose" not in later.stdout  # no session to show until the visit
    refused = run("log", "--date", "2026-01-07", "-e", "goblet_squat", "--reps", "8", "--pain", "2")
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    seen = run("clinician-seen")
    assert seen.exit_code == 0, seen.output
    after = _json(run("today", "--date", "2026-01-07", "--json"))
    assert after["status"] != "see_clinician" and after["follow_up"] is None
