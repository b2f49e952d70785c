"""The engine commands as a user runs them: exit codes, one-line errors, JSON per contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from spinewise.library import example_intake

DATA = Path(__file__).resolve().parents[2] / "src" / "spinewise" / "data" / "intakes"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spinewise", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_screen_json_matches_the_contract_shape():
    out = run("screen", str(DATA / "desk-worker-flexion.json"), "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert {"level", "reasons", "pattern", "irritability", "psychosocial_risk", "disclaimer"} <= set(doc)
    assert doc["pattern"]["primary"] == "flexion_sensitive"
    assert doc["psychosocial_risk"] == "not_assessed"  # the example has no psychosocial answers


@pytest.mark.parametrize(("name", "risk"), [("gym-regular-5-days.json", "low"), ("desk-worker-flexion.json", "not_assessed")])
def test_screen_json_psychosocial_risk_is_a_contract_value_or_not_assessed(name, risk):
    out = run("screen", str(DATA / name), "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["psychosocial_risk"] in ("low", "medium", "high", "not_assessed")
    assert doc["psychosocial_risk"] == risk
    assert (doc["start_back"] is None) == (risk == "not_assessed")


def test_plan_for_an_emergency_exits_3_with_reasons_and_no_weeks():
    out = run("plan", str(DATA / "saddle-numbness.json"), "--json")
    assert out.returncode == 3
    doc = json.loads(out.stdout)
    assert doc["level"] == "emergency" and doc["weeks"] == [] and doc["reasons"]


def test_plan_reads_standard_input_and_honours_weeks():
    out = run("plan", "-", "--json", "--weeks", "4", stdin=json.dumps(example_intake("desk-worker-flexion.json")))
    assert out.returncode == 0, out.stderr
    assert [w["week"] for w in json.loads(out.stdout)["weeks"]] == [1, 2, 3, 4]


@pytest.mark.parametrize(("stdin", "message"), [
    ('{"age": 40, "pain": {"now": 11}}', "pain.now: must be an integer from 0 to 10, got 11"),
    ("{not json", "intake: is not valid JSON"),
    ('{"age": 40}', "pain: is required"),
    ("[]", "intake: must be a JSON object"),
    ("[" * 5000 + "]" * 5000, "intake: is nested too deeply"),
])
@pytest.mark.parametrize("command", ["screen", "plan"])
def test_bad_input_exits_2_with_one_line_and_nothing_on_stdout(command, stdin, message):
    out = run(command, "-", "--json", stdin=stdin)
    assert out.returncode == 2
    assert out.stdout == ""
    assert message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_missing_file_is_a_clear_error():
    out = run("screen", "/nonexistent/intake.json")
    assert out.returncode == 2 and "file not found" in out.stderr


def test_readable_views_work():
    for args in (["screen", str(DATA / "older-lifter-extension.json")],
                 ["plan", str(DATA / "gym-regular-5-days.json"), "--week", "9"],
                 ["exercises", "--pattern", "hinge"],
                 ["rules", "--area", "screening"],
                 ["explain", "barbell_back_squat", "--intake", str(DATA / "gym-regular-5-days.json")]):
        out = run(*args)
        assert out.returncode == 0, (args, out.stderr)
        assert out.stdout.strip()


def test_exercises_json_filters_by_what_an_intake_tolerates():
    everything = json.loads(run("exercises", "--json").stdout)
    tolerated = json.loads(run("exercises", "--json", "--intake", str(DATA / "desk-worker-flexion.json")).stdout)
    assert len(everything) >= 150
    assert 0 < len(tolerated) < len(everything)
    # flexion 2 only for the hinge progression's raised-start lifts (PLAN-HINGE-FLEXION-CARE)
    from spinewise.domain.planner import HINGE_WITH_CARE
    assert all(e["spine"]["flexion"] <= 1 or (e["spine"]["flexion"] == 2 and e["id"] in HINGE_WITH_CARE)
               for e in tolerated)
    required = {"id", "name", "pattern", "equipment", "spine", "asymmetric", "regressions", "progressions", "cues"}
    assert all(required <= set(e) for e in everything)


def test_explain_says_substituted_and_names_the_substitute():
    out = run("explain", "barbell_back_squat", "--intake", str(DATA / "older-lifter-extension.json"), "--json")
    doc = json.loads(out.stdout)
    assert doc["status"] == "substituted" and doc["substitute"] == "goblet_squat"
    unknown = run("explain", "moon_squat", "--intake", str(DATA / "older-lifter-extension.json"))
    assert unknown.returncode == 2 and "no exercise" in unknown.stderr


def test_bad_option_value_is_a_clear_error():
    out = run("exercises", "--pattern", "twirl")
    assert out.returncode == 2 and "pattern" in out.stderr and "Traceback" not in out.stderr
