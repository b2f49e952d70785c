"""The coach adjusts a client's plan, on SQLite and PostgreSQL: swaps, doses, holds,
regressions and notes as a layer over the generated plan; what the client trains from
(Today, the plan) is the adjusted one; the safety gates (an override of a screening
exclusion needs a written reason, and no plan for emergency, urgent or refer except by a
clinician's clearance, which re-screens); coach-only and logged."""

from __future__ import annotations

from typing import Any

from spinewise.library import example_intake
from tests.integration.test_coaching import _invite_and_accept, clinic  # noqa: F401 (the fixture)

FRIDAY = "2026-03-20"  # week 3, session 3: goblet squat, hip hinge with a dowel, ...


def _adjust(world: dict[str, Any], who: str, person: str, body: dict[str, Any]) -> Any:
    return world[who].post(f"/api/v1/coach/clients/{world['people'][person]}/plan-adjustments", json=body)


def _today(world: dict[str, Any], day: str = FRIDAY) -> dict[str, Any]:
    answer = world["ana"].get(f"/api/v1/people/{world['people']['ana']}/today", params={"date": day})
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _item(today: dict[str, Any], exercise: str) -> dict[str, Any]:
    return next(i for i in today["items"] if i["exercise"] == exercise)


def test_the_client_trains_from_the_adjusted_plan_with_the_note_on_today(clinic) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    before = _today(clinic)
    assert {"goblet_squat", "split_squat"} & {i["exercise"] for i in before["items"]}
    assert before["coach_notes"] == []
    swapped = _adjust(clinic, "cora", "ana", {"kind": "swap", "exercise": "goblet_squat",
                                              "to_exercise": "goblet_box_squat", "reason": "Knees like a target depth."})
    assert swapped.status_code == 201, swapped.text
    assert swapped.json()["by"] == "Cora" and swapped.json()["override_rule"] is None
    dosed = _adjust(clinic, "cora", "ana", {"kind": "dose", "exercise": "hip_hinge_dowel", "sets": 3, "reps": 12,
                                            "tempo": "3-1-1-0", "reason": "More practice of the hinge."})
    assert dosed.status_code == 201, dosed.text
    noted = _adjust(clinic, "cora", "ana", {"kind": "note", "note": "Walk 10 minutes after each session."})
    assert noted.status_code == 201, noted.text

    today = _today(clinic)
    exercises = [i["exercise"] for i in today["items"]]
    assert "goblet_squat" not in exercises and "goblet_box_squat" in exercises
    hinge = _item(today, "hip_hinge_dowel")
    assert (hinge["sets"], hinge["reps"], hinge["tempo"], hinge["rule"]) == (3, 12, "3-1-1-0", "COACH-ADJUSTED")
    assert "More practice of the hinge." in hinge["why"]
    assert [n["text"] for n in today["coach_notes"]] == ["Walk 10 minutes after each session."]
    assert today["coach_notes"][0]["by"] == "Cora"

    page = clinic["ana"].get("/plan")
    assert page.status_code == 200
    assert "Goblet box squat" in page.text and "Walk 10 minutes after each session." in page.text
    changes = clinic["ana"].get(f"/api/v1/people/{clinic['people']['ana']}/plan-adjustments").json()
    assert [c["kind"] for c in changes] == ["swap", "dose", "note"]
    assert changes[0]["summary"] == "Swapped: goblet squat -> goblet box squat"
    log = clinic["ana"].get("/api/v1/me/access-log").json()
    assert sum(1 for e in log if e["action"] == "change" and e["what"] == "plan-adjustments") == 3


def test_an_excluded_exercise_needs_a_written_override_the_client_sees_and_the_log_records(clinic) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    body = {"kind": "swap", "exercise": "hip_hinge_dowel", "to_exercise": "kettlebell_deadlift",
            "reason": "She deadlifts at work."}
    refused = _adjust(clinic, "cora", "ana", body)
    assert refused.status_code == 422, refused.text
    assert "override_reason" in refused.text and "PLAN-EXCLUDE-FLEXION" in refused.text
    made = _adjust(clinic, "cora", "ana", {**body, "override_reason": "Assessed: tolerates a hinge from a block."})
    assert made.status_code == 201, made.text
    assert made.json()["override_rule"] == "PLAN-EXCLUDE-FLEXION"
    item = _item(_today(clinic), "kettlebell_deadlift")
    assert "PLAN-EXCLUDE-FLEXION" in item["override"] and "tolerates a hinge from a block" in item["override"]
    log = clinic["ana"].get("/api/v1/me/access-log").json()
    assert any(e["what"] == "plan, overriding a screening rule" and e["action"] == "change" for e in log)


def test_bad_adjustments_are_a_422_naming_the_field_and_nothing_is_stored(clinic) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    for body, field in (({"kind": "teleport"}, "kind"), ({"kind": "note"}, "note"),
                        ({"kind": "swap", "exercise": "not_in_plan", "reason": "x"}, "exercise"),
                        ({"kind": "swap", "exercise": "goblet_squat", "to_exercise": "nope", "reason": "x"}, "to_exercise"),
                        ({"kind": "dose", "exercise": "goblet_squat", "reason": "x"}, "sets"),
                        ({"kind": "dose", "exercise": "goblet_squat", "reps": 0, "reason": "x"}, "reps"),
                        ({"kind": "dose", "exercise": "goblet_squat", "tempo": "fast", "reason": "x"}, "tempo"),
                        ({"kind": "hold", "exercise": "goblet_squat"}, "reason")):
        answer = _adjust(clinic, "cora", "ana", body)
        assert answer.status_code == 422, (body, answer.text)
        assert field in answer.text, (body, answer.text)
    assert clinic["ana"].get(f"/api/v1/people/{clinic['people']['ana']}/plan-adjustments").json() == []


def test_only_the_clients_live_coach_may_adjust_404_for_everyone_else(clinic) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    note = {"kind": "note", "note": "Hello"}
    assert _adjust(clinic, "ana", "ana", note).status_code == 404  # the lifter themself
    assert _adjust(clinic, "dan", "ana", note).status_code == 404  # another coach
    assert _adjust(clinic, "cora", "sam", note).status_code == 404  # another coach's client
    assert _adjust(clinic, "cora", "finn", note).status_code == 404  # a former client
    assert clinic["dan"].get(f"/api/v1/people/{clinic['people']['ana']}/plan-adjustments").status_code == 404
    assert clinic["cora"].get(f"/api/v1/people/{clinic['people']['ana']}/plan-adjustments").status_code == 200


def test_a_hold_keeps_the_dose_and_a_regression_swaps_to_the_easier_version(clinic) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    held = _adjust(clinic, "cora", "ana", {"kind": "hold", "exercise": "split_squat", "reason": "Knee is sore."})
    assert held.status_code == 201, held.text
    regressed = _adjust(clinic, "cora", "ana", {"kind": "regress", "exercise": "goblet_squat", "reason": "Too deep."})
    assert regressed.status_code == 201, regressed.text
    assert regressed.json()["to_exercise"] == "box_squat_bodyweight"
    items = _today(clinic)["items"]
    assert "goblet_squat" not in [i["exercise"] for i in items]
    monday = _today(clinic, "2026-03-16")
    if any(i["exercise"] == "split_squat" for i in monday["items"]):
        split = _item(monday, "split_squat")
        assert split["rule"] == "COACH-ADJUSTED" and "Knee is sore." in split["why"]


def test_no_adjustment_for_refer_until_a_clinicians_clearance_re_screens(clinic) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ana, cora, person = clinic["ana"], clinic["cora"], clinic["people"]["ana"]
    assert ana.post(f"/api/v1/people/{person}/intakes",
                    json={"intake": example_intake("shooting-leg-pain.json")}).status_code in (200, 201)
    assert ana.get(f"/api/v1/people/{person}").json()["screening"]["level"] == "refer"
    refused = _adjust(clinic, "cora", "ana", {"kind": "note", "note": "Train anyway"})
    assert refused.status_code == 409 and "refer" in refused.text
    path = f"/api/v1/coach/clients/{person}/clearance"
    assert cora.post(path, json={"clinician": "Dr Lee", "seen_on": "2099-01-01"}).status_code == 422
    assert ana.post(path, json={"clinician": "Dr Lee", "seen_on": "2026-03-17"}).status_code == 404
    cleared = cora.post(path, json={"clinician": "Dr Lee", "seen_on": "2026-03-17"})
    assert cleared.status_code == 201, cleared.text
    assert cleared.json()["screening_level"] == "modify" and cleared.json()["has_plan"] is True
    assert "Dr Lee" in cleared.json()["clearance"]["reason"]
    assert _adjust(clinic, "cora", "ana", {"kind": "note", "note": "Welcome back"}).status_code == 201
    assert any(e["what"] == "clearance" and e["action"] == "change" for e in ana.get("/api/v1/me/access-log").json())


def test_a_clearance_never_gives_a_plan_to_an_emergency(clinic) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ana, cora, person = clinic["ana"], clinic["cora"], clinic["people"]["ana"]
    assert ana.post(f"/api/v1/people/{person}/intakes",
                    json={"intake": example_intake("saddle-numbness.json")}).status_code in (200, 201)
    cleared = cora.post(f"/api/v1/coach/clients/{person}/clearance", json={"clinician": "Dr Lee", "seen_on": "2026-03-17"})
    assert cleared.status_code == 201, cleared.text
    assert cleared.json()["screening_level"] == "emergency" and cleared.json()["has_plan"] is False
    assert _adjust(clinic, "cora", "ana", {"kind": "note", "note": "x"}).status_code == 409


def test_a_re_screen_starts_again_from_the_planner_and_keeps_the_list(clinic) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ana, person = clinic["ana"], clinic["people"]["ana"]
    assert _adjust(clinic, "cora", "ana", {"kind": "note", "note": "Old plan note"}).status_code == 201
    assert ana.post(f"/api/v1/people/{person}/intakes",
                    json={"intake": example_intake("desk-worker-flexion.json"), "start": "2026-03-02"}
                    ).status_code in (200, 201)
    assert _today(clinic)["coach_notes"] == []
    changes = ana.get(f"/api/v1/people/{person}/plan-adjustments").json()
    assert [c["note"] for c in changes] == ["Old plan note"]


def test_the_coachs_page_adjusts_the_plan_and_shows_a_refusal_naming_the_field(clinic) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    cora, person = clinic["cora"], clinic["people"]["ana"]
    page = cora.get(f"/clients/{person}/progress")
    assert page.status_code == 200 and "Adjust the plan" in page.text and 'value="goblet_squat"' in page.text
    refused = cora.post(f"/clients/{person}/plan-adjustments",
                        data={"kind": "swap", "exercise": "hip_hinge_dowel", "to_exercise": "kettlebell_deadlift",
                              "reason": "Work task."})
    assert refused.status_code == 422 and "override reason" in refused.text
    assert clinic["ana"].get(f"/api/v1/people/{person}/plan-adjustments").json() == []
    sent = cora.post(f"/clients/{person}/plan-adjustments", data={"kind": "note", "note": "Sleep well tonight."},
                     follow_redirects=False)
    assert sent.status_code == 303, sent.text
    assert "Sleep well tonight." in cora.get(f"/clients/{person}/progress").text
    today = clinic["ana"].get("/today")
    assert "From your coach" in today.text and "Sleep well tonight." in today.text
    assert clinic["ana"].post(f"/clients/{person}/plan-adjustments", data={"kind": "note", "note": "x"}).status_code == 404
    assert clinic["dan"].post(f"/clients/{person}/clearance", data={"clinician": "x", "seen_on": "2026-03-17"}
                              ).status_code == 404
