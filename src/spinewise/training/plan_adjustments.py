"""A coach adjusts a client's plan, under the safety gates (``domain.adjustments``).

Gates, checked here for every change, whoever asks:

- No plan for someone whose latest screening says emergency, urgent or refer: there is
  no active plan to adjust, and nothing here makes one (409). The one way back is a
  clinician's clearance (``record_clearance``), which re-screens the latest answers with
  "a clinician has checked and cleared you" and so can lower *refer* only (the screening
  never lets a clearance lower emergency or urgent).
- An exercise the client's screening rules out (``planner.exclusion``: gear,
  intolerances, irritability, skill...) is refused as a swap or regression unless the
  coach writes ``override_reason``; the rule and the reason are stored and shown to the
  client.

Who may call these is decided at the edge (``web.auth.ClientPersonId``: a coach with a
live link, logged as a change).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from spinewise.domain.adjustments import ADJUSTMENT_KINDS, SWAPS, Adjustment
from spinewise.domain.catalog import TEMPO_RE, Catalog
from spinewise.domain.errors import ConflictError, InputError
from spinewise.domain.planner import Profile, exclusion
from spinewise.domain.screening import screen_intake
from spinewise.store.accounts import Account
from spinewise.store.unit_of_work import Store, Transaction
from spinewise.training.people import PersonOverview
from spinewise.training.store_access import _now, _person_or_fail

NO_PLAN_LEVELS = frozenset({"emergency", "urgent", "refer"})
TEXT_MAX = 500
OVERRIDE_WHAT = "plan, overriding a screening rule"
"""How the access log names a coach's override of a screening exclusion."""


def _text(body: dict[str, Any], key: str, *, required: bool) -> str | None:
    value = body.get(key)
    if value is None:
        if required:
            raise InputError(key, "is required")
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(key, "must be text with at least one non-space character")
    if len(value) > TEXT_MAX:
        raise InputError(key, f"must be at most {TEXT_MAX} characters")
    return value.strip()


def _whole(body: dict[str, Any], key: str, low: int, high: int) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(key, f"must be a whole number from {low} to {high}, got {value!r}")
    return value


def _load(body: dict[str, Any]) -> float | None:
    value = body.get("load")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1000:
        raise InputError("load", f"must be a number from 0 to 1000, got {value!r}")
    return float(value)


def _checked(body: dict[str, Any], plan_exercises: set[str], catalog: Catalog) -> dict[str, Any]:
    """The stored values of an adjustment, each field checked (``InputError`` names it)."""
    kind = body.get("kind")
    if kind not in ADJUSTMENT_KINDS or kind == "clearance":
        choices = ", ".join(k for k in ADJUSTMENT_KINDS if k != "clearance")
        raise InputError("kind", f"must be one of {choices}, got {kind!r}")
    values: dict[str, Any] = {"kind": kind}
    if kind == "note":
        values["note"] = _text(body, "note", required=True)
        return values
    exercise = body.get("exercise")
    if not isinstance(exercise, str) or exercise not in plan_exercises:
        raise InputError("exercise", f"must be an exercise of the current plan, got {exercise!r}")
    values["exercise"] = exercise
    values["reason"] = _text(body, "reason", required=True)
    if kind == "swap":
        target = body.get("to_exercise")
        if not isinstance(target, str) or target not in catalog:
            raise InputError("to_exercise", f"must be an exercise of the library, got {target!r}")
        if target == exercise:
            raise InputError("to_exercise", "must differ from exercise")
        values["to_exercise"] = target
    elif kind == "regress":
        easier = [r for r in catalog[exercise].regressions if r in catalog] if exercise in catalog else []
        if not easier:
            raise InputError("exercise", f"{exercise} has no easier version in the library")
        values["to_exercise"] = easier[0]
    elif kind == "dose":
        values.update(sets=_whole(body, "sets", 1, 10), reps=_whole(body, "reps", 1, 50),
                      seconds=_whole(body, "seconds", 1, 600), rpe_max=_whole(body, "rpe_max", 1, 10),
                      load=_load(body))
        tempo = body.get("tempo")
        if tempo is not None and (not isinstance(tempo, str) or not re.fullmatch(TEMPO_RE, tempo)):
            raise InputError("tempo", f"must be a tempo such as 3-1-1-0, got {tempo!r}")
        values["tempo"] = tempo
        if all(values[k] is None for k in ("sets", "reps", "seconds", "rpe_max", "load", "tempo")):
            raise InputError("sets", "give at least one of sets, reps, seconds, tempo, load, rpe_max")
    return values


def _no_plan_gate(tx: Transaction, person_id: int) -> None:
    screening = tx.people.latest_screening(person_id)
    if screening is not None and screening.level in NO_PLAN_LEVELS:
        raise ConflictError(f"the client's screening says {screening.level}: no plan and no adjustment "
                            "until a clinician's clearance is recorded and the client is re-screened",
                            "kind")


def adjust_plan(*, store: Store, person_id: int, coach: Account, body: dict[str, Any],
                catalog: Catalog) -> Adjustment:
    """Store one adjustment of the client's active plan after the safety gates."""
    with store.transaction() as tx:
        _person_or_fail(tx, person_id)
        _no_plan_gate(tx, person_id)
        plan = tx.people.active_plan(person_id)
        if plan is None:
            raise ConflictError("the client has no active plan to adjust", "kind")
        exercises = {i.exercise for w in plan.plan.weeks for s in w.sessions for b in s.blocks for i in b.items}
        values = _checked(body, exercises, catalog)
        override = _text(body, "override_reason", required=False)
        if values["kind"] in SWAPS:
            intake = tx.people.latest_intake(person_id)
            if intake is None:
                raise ConflictError("the client has no screening answers", "kind")
            from spinewise.services import as_intake

            model = as_intake(intake)
            profile = Profile.of(model, screen_intake(model))
            if values["kind"] == "regress":  # the first easier version the screening allows, if any
                easier = [r for r in catalog[values["exercise"]].regressions if r in catalog]
                values["to_exercise"] = next((r for r in easier if exclusion(catalog[r], profile) is None),
                                             values["to_exercise"])
            why_not = exclusion(catalog[values["to_exercise"]], profile)
            if why_not is not None:
                if override is None:
                    raise InputError("override_reason",
                                     f"{values['to_exercise']} is ruled out by the client's screening "
                                     f"({why_not.rule}: {why_not.reason}); write why you override it")
                values["override_rule"] = why_not.rule
                values["reason"] = f"{values['reason']} Override: {override}"
        made = tx.people.add_adjustment(person_id=person_id, plan_id=plan.id, coach_id=coach.id,
                                        coach_name=coach.name or coach.email, now=_now(), values=values)
        if made.override_rule:  # the override is in the client's access log by name, beside the change
            client_id = tx.coaching.coach_reads_person(coach.id, person_id)
            if client_id is not None:
                tx.coaching.log_access(client_id=client_id, coach_id=coach.id,
                                       coach_name=coach.name or coach.email, action="change",
                                       what=OVERRIDE_WHAT, now=_now())
        return made


def plan_adjustments(*, store: Store, person_id: int) -> list[Adjustment]:
    """Every adjustment made to the person's plans, oldest first."""
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        return tx.people.adjustments(person_id)


def record_clearance(*, store: Store, person_id: int, coach: Account, clinician: object,
                     seen_on: object, today: date) -> tuple[Adjustment, PersonOverview]:
    """A clinician's clearance recorded by the coach: who cleared the client and when.
    It re-screens the client's latest answers with the clearance (the intake's
    ``clinician_cleared``), which lowers *refer* to *modify* only, and closes an open
    follow-up (the visit is recorded). Returns the stored record and the new screening."""
    from spinewise.training.people import rescreen

    who = _text({"clinician": clinician}, "clinician", required=True)
    if isinstance(seen_on, date):
        day = seen_on
    else:
        try:
            day = date.fromisoformat(str(seen_on))
        except ValueError:
            raise InputError("seen_on", f"must be a date (YYYY-MM-DD), got {seen_on!r}") from None
    if day > today:
        raise InputError("seen_on", "must not be in the future")
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        intake = tx.people.latest_intake(person_id)
    if intake is None:
        raise ConflictError("the client has no screening answers to re-screen", "seen_on")
    overview = rescreen(store=store, person_id=person_id, intake={**intake, "clinician_cleared": True}, on=today)
    with store.transaction() as tx:
        tx.people.record_clinician_seen(person_id, _now())
        record = tx.people.add_adjustment(
            person_id=person_id, plan_id=None, coach_id=coach.id, coach_name=coach.name or coach.email,
            now=_now(), values={"kind": "clearance",
                                "reason": f"Cleared by {who}, seen on {day.isoformat()}; "
                                          f"re-screened: {overview.screening.level if overview.screening else 'unknown'}"})
    return record, overview
