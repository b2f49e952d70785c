"""A saved plan reads back into the planner's types: the same plan, value for value,
tolerant of keys it does not know and of optional keys a plan was saved without, and
clear about the first wrong value."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from spinewise import build_plan
from spinewise.domain.errors import InputError
from spinewise.domain.plan_json import SavedPlan, plan_from_json
from spinewise.domain.planner import iter_items
from spinewise.library import example_intake, example_intake_names
from tests.strategies import valid_intakes


def stored(document: dict[str, Any]) -> Any:
    """The document as the store hands it back (through JSON)."""
    return json.loads(json.dumps(document))


@pytest.fixture(scope="module")
def gym_plan() -> dict[str, Any]:
    return build_plan(example_intake("gym-regular-5-days.json"), weeks=12).to_json()


@pytest.mark.parametrize("name", example_intake_names())
def test_every_example_plan_reads_back_as_the_plan_that_was_built(name: str) -> None:
    result = build_plan(example_intake(name), weeks=12)
    saved = plan_from_json(stored(result.to_json()))
    assert saved == SavedPlan.of(result)
    assert saved.has_plan == result.has_plan


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_intakes())
def test_any_plan_reads_back_as_the_plan_that_was_built(doc: dict[str, Any]) -> None:
    result = build_plan(doc, weeks=6)
    saved = plan_from_json(stored(result.to_json()))
    assert saved.level == result.screening.level
    assert saved.weeks == result.weeks
    assert saved.phases == result.phases
    assert saved.guidance == result.guidance
    assert saved.reasons == list(result.screening.reasons)


def test_a_plan_that_advises_no_training_reads_as_no_weeks() -> None:
    result = build_plan(example_intake("saddle-numbness.json"))
    saved = plan_from_json(stored(result.to_json()))
    assert not saved.has_plan and saved.level == result.screening.level
    assert saved.reasons and saved.phases == [] and saved.guidance == []


def test_each_side_is_read_from_the_plan(gym_plan: dict[str, Any]) -> None:
    doc = copy.deepcopy(gym_plan)
    item = doc["weeks"][0]["sessions"][0]["blocks"][0]["items"][0]
    item["per_side"] = True
    assert plan_from_json(doc).weeks[0].sessions[0].blocks[0].items[0].rx.per_side is True
    item["per_side"] = False
    assert plan_from_json(doc).weeks[0].sessions[0].blocks[0].items[0].rx.per_side is False


def test_keys_the_reader_does_not_know_are_ignored(gym_plan: dict[str, Any]) -> None:
    doc = copy.deepcopy(gym_plan)
    doc["flare_up_plan"] = {"topic": "What to do in a flare-up", "steps": ["..."]}
    doc["weeks"][0]["focus_note"] = "new"
    doc["weeks"][0]["sessions"][0]["minutes"] = 44
    doc["weeks"][0]["sessions"][0]["blocks"][0]["purpose"] = "warm up"
    doc["weeks"][0]["sessions"][0]["blocks"][0]["items"][0]["cue"] = "feet at 15 degrees"
    doc["guidance"][0]["audience"] = "coach"  # ("section" is read now: reading, pain, plan, daily)
    assert plan_from_json(doc) == plan_from_json(gym_plan)


def test_a_guidance_section_is_read_back_and_checked(gym_plan: dict[str, Any]) -> None:
    assert {g.section for g in plan_from_json(gym_plan).guidance} == {"reading", "pain", "plan", "daily"}
    doc = copy.deepcopy(gym_plan)
    doc["guidance"][0]["section"] = "effort"
    with pytest.raises(InputError, match=r"guidance\[0\]\.section"):
        plan_from_json(doc)
    doc["guidance"][0].pop("section")
    assert plan_from_json(doc).guidance[0].section == "plan"  # plans saved before sections


def test_optional_keys_a_plan_was_saved_without_take_their_defaults(gym_plan: dict[str, Any]) -> None:
    doc = copy.deepcopy(gym_plan)
    for week in doc["weeks"]:
        week.pop("deload")
        week.pop("overload")
        for session in week["sessions"]:
            for block in session["blocks"]:
                for item in block["items"]:
                    for key in ("per_side", "rest_seconds", "replaces", "belt"):
                        item.pop(key, None)
    doc.pop("phases")
    doc.pop("guidance")
    saved = plan_from_json(doc)
    assert len(saved.weeks) == len(gym_plan["weeks"])
    assert not any(w.deload or w.overload for w in saved.weeks)
    items = [item for _, _, _, item in iter_items(saved.weeks)]
    assert items and all(i.rx.per_side is False and i.rx.rest_seconds == 0
                         and i.replaces is None and i.belt is None for i in items)
    assert saved.phases == [] and saved.guidance == []


def test_each_phase_span_is_found_by_its_phase(gym_plan: dict[str, Any]) -> None:
    saved = plan_from_json(gym_plan)
    spans = {p["phase"]: tuple(p["weeks"]) for p in gym_plan["phases"]}
    for phase, weeks in spans.items():
        span = saved.phase_span(phase)
        assert span is not None and (span.first_week, span.last_week) == weeks


def _first_item(doc: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = doc["weeks"][0]["sessions"][1]["blocks"][1]["items"][0]
    return item


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda d: d["weeks"][0]["sessions"][1].update(focus="sideways"),
     "weeks[0].sessions[1].focus", "must be one of lower, upper"),
    (lambda d: d["weeks"][2].update(phase="peaking"), "weeks[2].phase", "got \"peaking\""),
    (lambda d: d["weeks"][0]["sessions"][1]["blocks"][1].update(kind="finisher"),
     "weeks[0].sessions[1].blocks[1].kind", "must be one of warmup"),
    (lambda d: _first_item(d).update(sets="3"), "weeks[0].sessions[1].blocks[1].items[0].sets",
     "must be an integer of 1 or more, got \"3\""),
    (lambda d: _first_item(d).update(sets=True), "weeks[0].sessions[1].blocks[1].items[0].sets",
     "got true"),
    (lambda d: _first_item(d).update(sets=0), "weeks[0].sessions[1].blocks[1].items[0].sets", "got 0"),
    (lambda d: _first_item(d).update(rpe_max=11), "weeks[0].sessions[1].blocks[1].items[0].rpe_max",
     "from 1 to 10, got 11"),
    (lambda d: _first_item(d).update(tempo="slow"), "weeks[0].sessions[1].blocks[1].items[0].tempo",
     "like 3-1-2"),
    (lambda d: _first_item(d).update(per_side="yes"), "weeks[0].sessions[1].blocks[1].items[0].per_side",
     "true or false"),
    (lambda d: _first_item(d).pop("exercise"), "weeks[0].sessions[1].blocks[1].items[0].exercise",
     "is missing"),
    (lambda d: d["weeks"][0]["sessions"][1]["blocks"][1].update(items={}),
     "weeks[0].sessions[1].blocks[1].items", "must be a list, got an object"),
    (lambda d: d["weeks"].__setitem__(1, "week two"), "weeks[1]", "must be an object"),
    (lambda d: d.pop("weeks"), "weeks", "is missing"),
    (lambda d: d.update(level="fine"), "level", "must be one of emergency"),
    (lambda d: d["phases"][0].update(weeks=[1]), "phases[0].weeks", "[first week, last week]"),
    (lambda d: d["guidance"][0].update(message=None), "guidance[0].message", "must be text, got null"),
])
def test_the_first_wrong_value_is_named_with_its_place_in_the_plan(
        gym_plan: dict[str, Any], change: Any, field: str, words: str) -> None:
    doc = copy.deepcopy(gym_plan)
    change(doc)
    with pytest.raises(InputError) as caught:
        plan_from_json(doc)
    assert caught.value.field == field
    assert words in caught.value.message


def test_a_plan_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(InputError, match="must be an object, got a list"):
        plan_from_json([])
