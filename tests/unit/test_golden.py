"""Golden tests: the example intakes' screening and plan outline, compared with files
committed in ``tests/golden/``. After an intended change, refresh them with
``SPINEWISE_UPDATE_GOLDEN=1 pytest tests/unit/test_golden.py`` and review the diff."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from spinewise import build_plan, screen
from spinewise.library import example_intake, example_intake_names

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def outline(doc: dict) -> dict:
    """What a reviewer checks: level, reasons, phases, and each week's exercises and doses."""
    plan = build_plan(doc, weeks=12).to_json()
    return {
        "level": plan["level"],
        "reasons": [r["rule"] for r in plan["reasons"]],
        "phases": [(p["phase"], p["weeks"]) for p in plan.get("phases", [])],
        "weeks": [
            {"week": w["week"], "phase": w["phase"], "deload": w["deload"],
             "sessions": [
                 {"focus": s["focus"],
                  "items": [f"{b['kind']}:{i['exercise']} {i['sets']}x{i['reps'] or str(i['seconds']) + 's'}"
                            f"{' @' + i['tempo'] if i['tempo'] else ''}{' rpe' + str(i['rpe_max']) if i['rpe_max'] else ''}"
                            for b in s["blocks"] for i in b["items"]]}
                 for s in w["sessions"]]}
            for w in plan["weeks"]
        ],
    }


@pytest.mark.parametrize("name", example_intake_names())
def test_example_matches_its_golden_file(name):
    doc = example_intake(name)
    actual = json.loads(json.dumps({"screen": screen(doc).to_json(), "plan": outline(doc)}))
    path = GOLDEN / name
    if os.environ.get("SPINEWISE_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with SPINEWISE_UPDATE_GOLDEN=1 and review it"
    assert actual == json.loads(path.read_text(encoding="utf-8"))


EXPECTED = {
    "saddle-numbness.json": ("emergency", None, {"RF-CES-SADDLE", "RF-CES-BLADDER"}),
    "shooting-leg-pain.json": ("refer", None, {"SIGN-SHOOTING-LEG-PAIN"}),
    "desk-worker-flexion.json": ("modify", "flexion_sensitive", {"PATTERN-FLEX", "IRRIT-MODERATE"}),
    "gym-regular-5-days.json": ("modify", "flexion_sensitive", {"PATTERN-FLEX", "PATTERN-ROTATION", "IRRIT-HIGH"}),
    "older-lifter-extension.json": ("modify", "extension_sensitive", {"PATTERN-EXT", "IRRIT-LOW"}),
    "pain-free-prehab.json": ("clear", "none", {"CLEAR-NO-PAIN"}),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_screens_as_a_clinician_would_expect(name):
    level, pattern, rules = EXPECTED[name]
    result = screen(example_intake(name))
    assert result.level == level
    if pattern:
        assert result.pattern.primary == pattern
    assert rules <= {r.rule for r in result.reasons}
