"""In-session decisions: after a set, on a symptom report, and at the next-morning check-in.

Conservative by design. Symptoms are judged before the pain score and override it:

- saddle numbness, bladder or bowel change -> ``seek_care`` now, at an emergency
  department (possible cauda equina);
- sudden weakness on one side -> ``seek_care``;
- tingling, numbness, burning or leg pain spreading -> ``end_session`` (the
  pain-monitoring model's override: new nerve symptoms stop the exercise whatever the
  score; see a clinician if it does not settle);
- feeling locked up -> ``end_session``;
- sharp pain -> ``skip_exercise``; in a one-sided movement (the catalog marks the
  exercise asymmetric or unilateral) or felt on one side -> ``end_session``.

Then the pain during the set (REFERENCE §3, thresholds in ``pain``), read against the
person's usual (baseline) pain (rule ``MON-PAIN-USUAL``):

- ``severe_pain_from(usual)`` or more (7; 10 when the usual pain is above 5) ->
  ``end_session``;
- above ``acceptable_pain_max(usual)`` (5; the usual pain + 2 when the usual pain is
  above 5) -> red: ``skip_exercise``, or ``end_session`` when an earlier set this
  session was already red;
- more than ``PAIN_RISE_ALLOWANCE`` (2) above the usual (baseline) pain, or up
  ``PAIN_CLIMB_BETWEEN_SETS`` (2) since the last set of this exercise to above the
  usual pain -> ``adjust``:
  about ``LOAD_CUT_AMBER`` (20%) less load rounded to the equipment; with no load to
  take off, the exercise's first regression; with none, a slower tempo (loaded
  exercises), a shorter range or a shorter hold;
- effort above ``rpe_max`` -> ``adjust``: about ``LOAD_CUT_EFFORT`` (10%) less load;
- otherwise -> ``continue`` (``MON-PAIN-USUAL`` when the pain is above 5 but within
  the allowance of a usual pain above 5, else ``MON-PAIN-GREEN``).

The action is the most serious one any rule leads to; ``rules`` lists the rules that
fired and still apply (advice to adjust is dropped when the exercise or session stops).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator, Field

from spinewise.domain.catalog import Catalog, Exercise
from spinewise.domain.contract_input import parse_model
from spinewise.domain.errors import InputError
from spinewise.domain.json_values import json_number, shown
from spinewise.domain.loads import Unit, load_equipment, reduced_load
from spinewise.domain.monitor_rules import RULES
from spinewise.domain.pain import (
    LOAD_CUT_AMBER,
    NEXT_MORNING_RED_RISE,
    PAIN_ACCEPTABLE_MAX,
    PAIN_RISE_ALLOWANCE,
    PAIN_SAFE_MAX,
    acceptable_pain_max,
    severe_pain_from,
)
from spinewise.domain.rule import Finding, Rule
from spinewise.domain.validation import (
    ContractModel,
    LoadOrNone,
    Pain,
    PainOrNone,
    RpeCapOrNone,
    RpeOrNone,
    integer_between,
    known_exercise,
    nullable,
)

Action = Literal["continue", "adjust", "skip_exercise", "end_session", "seek_care"]
ACTIONS: tuple[Action, ...] = get_args(Action)
"""The monitor's actions from least to most serious."""

Symptom = Literal["sharp_pain", "tingling", "numbness", "burning", "leg_pain_spreading",
                  "one_sided_weakness", "locked_up", "saddle_numbness", "bladder_change",
                  "bowel_change"]
SYMPTOMS: tuple[Symptom, ...] = get_args(Symptom)
"""The contract's symptom names."""

EMERGENCY_SIGNS: frozenset[Symptom] = frozenset({"saddle_numbness", "bladder_change",
                                                 "bowel_change"})
"""Signs of possible cauda equina syndrome: emergency care now (GIRFT; NICE CKS)."""

NERVE_SYMPTOMS: frozenset[Symptom] = frozenset({"tingling", "numbness", "burning"})
"""New nerve symptoms: stop whatever the pain score (pain-monitoring override)."""

PAIN_CLIMB_BETWEEN_SETS = 2
"""A rise of this many points since the last set of the same exercise (to 3/10 or
more) eases the next set, even inside the acceptable zone."""

LOAD_CUT_EFFORT = 0.10
"""Effort above the cap: about a tenth off the load (at least one equipment step)."""

STIFF_HOURS = 2.0
"""Stiff or locked up for this many hours or more after training adjusts the next
session (the article's 'stiff for hours post-workout')."""

CHECKIN_LOAD_FACTOR_RED = 0.8
CHECKIN_LOAD_FACTOR_AMBER = 0.9
"""Next-session loads after a red (2+ above usual, or stiff for hours) or amber (1
above usual) morning."""

_RULES: dict[str, Rule] = {rule.id: rule for rule in RULES}


# --- input ---------------------------------------------------------------------------


class SetReport(ContractModel):
    """One set as done: reps or seconds, the load and unit, effort and pain during it."""

    reps: Annotated[int | None, BeforeValidator(nullable(integer_between(0, 100)))] = None
    seconds: Annotated[int | None, BeforeValidator(nullable(integer_between(0, 600)))] = None
    load: LoadOrNone = None
    unit: Unit = "kg"
    """Defaults to kg, as the intake's ``units`` does."""
    rpe: RpeOrNone = None
    pain: Pain


class MonitorInput(ContractModel):
    """The contract's ``spinewise monitor`` input, plus optional context.

    ``rpe_max``: the effort cap of this exercise; ``previous_pain``: pain during the
    last set of the same exercise this session; ``earlier_red_sets``: how many earlier
    sets this session had pain above 5; ``pain_one_sided``: the pain is felt on one
    side only.
    """

    exercise: str = Field(min_length=1, max_length=80)
    set_report: SetReport = Field(alias="set")
    baseline_pain: Pain
    symptoms: list[Symptom] = Field(default_factory=list, max_length=len(SYMPTOMS) * 2)
    rpe_max: RpeCapOrNone = None
    previous_pain: PainOrNone = None
    earlier_red_sets: Annotated[int, BeforeValidator(integer_between(0, 50))] = 0
    pain_one_sided: bool = False


def parse_monitor_input(doc: object) -> MonitorInput:
    """Validate a ``spinewise monitor`` document; ``InputError`` names the first bad
    field (``set.pain: must be an integer from 0 to 10, got 11``)."""
    return parse_model(MonitorInput, doc)


# --- output --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Adjustment:
    """How to make the next set easier: ``load`` (with the new load), ``range``,
    ``tempo`` or ``regression`` (``exercise`` is then the easier exercise)."""

    kind: Literal["load", "range", "tempo", "regression"]
    exercise: str
    load: float | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "exercise": self.exercise, "load": json_number(self.load),
                "message": self.message}


@dataclass(frozen=True, slots=True)
class MonitorDecision:
    """What to do now, the rules behind it, and the adjustment when there is one."""

    action: Action
    rules: tuple[Finding, ...]
    adjustment: Adjustment | None

    def to_json(self) -> dict[str, Any]:
        """Exactly the contract's ``spinewise monitor`` answer."""
        return {"action": self.action, "rules": [f.to_json() for f in self.rules],
                "adjustment": self.adjustment.to_json() if self.adjustment else None}


@dataclass(frozen=True, slots=True)
class _Fired:
    rule: str
    detail: str = ""

    @property
    def action(self) -> Action:
        level = _RULES[self.rule].level
        for action in ACTIONS:
            if action == level:
                return action
        raise ValueError(f"rule {self.rule}: level {level!r} is not a monitor action")

    def finding(self) -> Finding:
        message = _RULES[self.rule].message
        return Finding(self.rule, f"{self.detail}. {message}" if self.detail else message)


def _rank(action: Action) -> int:
    return ACTIONS.index(action)


def _decide(fired: Sequence[_Fired], adjustment: Adjustment | None) -> MonitorDecision:
    action = max((f.action for f in fired), key=_rank)
    if _rank(action) >= _rank("skip_exercise"):
        kept = [f for f in fired if _rank(f.action) >= _rank("skip_exercise")]
    else:
        kept = [f for f in fired if f.action == action]
    kept.sort(key=lambda f: -_rank(f.action))
    return MonitorDecision(action, tuple(f.finding() for f in kept),
                           adjustment if action == "adjust" else None)


# --- symptoms ------------------------------------------------------------------------


def _care_rules(present: set[Symptom]) -> list[_Fired]:
    """Signs that need a clinician whenever they appear: in a session or the morning after."""
    fired: list[_Fired] = []
    emergency = sorted(present & EMERGENCY_SIGNS)
    if emergency:
        fired.append(_Fired("MON-EMERGENCY-SIGN", "Reported: " + _words(emergency)))
    if "one_sided_weakness" in present:
        fired.append(_Fired("MON-WEAKNESS-ONE-SIDE"))
    return fired


def _symptom_rules(symptoms: Iterable[Symptom], *, exercise: Exercise | None,
                   pain_one_sided: bool) -> list[_Fired]:
    present = set(symptoms)
    fired = _care_rules(present)
    nerve = sorted(present & NERVE_SYMPTOMS)
    if nerve:
        fired.append(_Fired("MON-NEURO-SYMPTOM", "Reported: " + _words(nerve)))
    if "leg_pain_spreading" in present:
        fired.append(_Fired("MON-LEG-SPREAD"))
    if "locked_up" in present:
        fired.append(_Fired("MON-LOCKED-UP"))
    if "sharp_pain" in present:
        one_sided_move = exercise is not None and (exercise.asymmetric or exercise.unilateral)
        if one_sided_move or pain_one_sided:
            where = (f"{exercise.name} loads one side" if one_sided_move and exercise
                     else "the pain is on one side")
            fired.append(_Fired("MON-SHARP-ONE-SIDED", f"Sharp pain, and {where}"))
        else:
            fired.append(_Fired("MON-SHARP-PAIN"))
    return fired


def _words(symptoms: Iterable[str]) -> str:
    return ", ".join(s.replace("_", " ") for s in symptoms)


def _checked_symptoms(symptoms: Iterable[str]) -> list[Symptom]:
    checked: list[Symptom] = []
    for index, name in enumerate(symptoms):
        match = next((s for s in SYMPTOMS if s == name), None)
        if match is None:
            raise InputError(f"symptoms[{index}]",
                             f"must be one of {', '.join(SYMPTOMS)}, got {shown(name)}")
        checked.append(match)
    return checked


def decide_on_symptoms(symptoms: Iterable[str], *, exercise: Exercise | None = None,
                       pain_one_sided: bool = False) -> MonitorDecision:
    """The "something's wrong" button between sets: the symptom rules alone (see the
    module docstring). ``exercise`` is the one being done, when there is one, so that
    sharp pain in a one-sided movement ends the session. Nothing reported: continue."""
    fired = _symptom_rules(_checked_symptoms(symptoms), exercise=exercise,
                           pain_one_sided=pain_one_sided)
    return _decide(fired or [_Fired("MON-NOTHING-REPORTED")], None)


def person_stopped() -> MonitorDecision:
    """The answer kept when the person chooses to stop the session ("something's
    wrong", then stop), whatever the symptom rules said."""
    return _decide([_Fired("MON-PERSON-STOPPED")], None)


# --- after a set -------------------------------------------------------------------------


def decide_after_set(report: MonitorInput, *, catalog: Catalog) -> MonitorDecision:
    """What to do after a set: symptoms first, then the pain score, then effort
    (thresholds in the module docstring). Raises ``InputError`` on the field
    ``exercise`` when the exercise is not in the catalog."""
    exercise = known_exercise(report.exercise, catalog)
    done = report.set_report
    fired = _symptom_rules(report.symptoms, exercise=exercise,
                           pain_one_sided=report.pain_one_sided)
    pain, usual = done.pain, report.baseline_pain
    ceiling = acceptable_pain_max(usual)
    adjustment: Adjustment | None = None
    if pain >= severe_pain_from(usual):
        fired.append(_Fired("MON-PAIN-SEVERE", f"Pain {pain}/10 during the set"))
    elif pain > ceiling:
        rule = "MON-PAIN-RED-REPEAT" if report.earlier_red_sets > 0 else "MON-PAIN-RED"
        above = (f", {pain - usual} above your usual {usual}" if ceiling > PAIN_ACCEPTABLE_MAX else "")
        fired.append(_Fired(rule, f"Pain {pain}/10 during the set{above}"))
    elif pain - usual > PAIN_RISE_ALLOWANCE:
        fired.append(_Fired("MON-PAIN-AMBER",
                            f"Pain {pain}/10 during the set, {pain - usual} above your "
                            f"usual {usual}"))
        adjustment = _easier(exercise, done, fraction=LOAD_CUT_AMBER, catalog=catalog)
    elif (report.previous_pain is not None and pain > max(PAIN_SAFE_MAX, usual)
          and pain - report.previous_pain >= PAIN_CLIMB_BETWEEN_SETS):
        fired.append(_Fired("MON-PAIN-CLIMBING",
                            f"Pain {report.previous_pain} -> {pain}/10 since the last set"))
        adjustment = _easier(exercise, done, fraction=LOAD_CUT_AMBER, catalog=catalog)
    if report.rpe_max is not None and done.rpe is not None and done.rpe > report.rpe_max:
        fired.append(_Fired("MON-RPE-OVER-CAP",
                            f"Effort {_n(done.rpe)} against a cap of {_n(report.rpe_max)}"))
        adjustment = adjustment or _easier(exercise, done, fraction=LOAD_CUT_EFFORT,
                                             catalog=catalog)
    if not fired and pain > PAIN_ACCEPTABLE_MAX:
        fired.append(_Fired("MON-PAIN-USUAL", f"Pain {pain}/10, usual {usual}"))
    if not fired:
        fired.append(_Fired("MON-PAIN-GREEN", f"Pain {pain}/10 (usual {usual})"))
    return _decide(fired, adjustment)


def _n(value: float) -> str:
    return f"{value:g}"


def _easier(exercise: Exercise, done: SetReport, *, fraction: float,
            catalog: Catalog) -> Adjustment:
    """The gentlest useful change for the next set: less load; else the first
    regression; else a slower tempo (loaded reps), a shorter hold, or a shorter range."""
    if done.load is not None and done.load > 0:
        lighter = reduced_load(done.load, unit=done.unit,
                               equipment=load_equipment(exercise.equipment), fraction=fraction)
        if lighter is not None:
            return Adjustment("load", exercise.id, lighter,
                              f"Next set at {_n(lighter)} {done.unit} instead of "
                              f"{_n(done.load)} {done.unit}, same reps and tempo.")
    if exercise.regressions:
        easier = exercise.regressions[0]
        found = catalog.get(easier)
        name = found.name if found is not None else easier.replace("_", " ")
        return Adjustment("regression", easier, None,
                          f"Switch to {name} for the remaining sets of {exercise.name}.")
    if exercise.dose == "seconds" or (done.reps is None and done.seconds is not None):
        hold = f"about {max(5, done.seconds * 2 // 3)} s" if done.seconds else "shorter"
        return Adjustment("range", exercise.id, None,
                          f"Make each hold {hold}, or use the shorter-lever version.")
    if exercise.loaded:
        return Adjustment("tempo", exercise.id, None,
                          "Slow down: take 3 seconds to lower, no bouncing at the bottom, "
                          "and stop each rep short of the point where it hurts.")
    return Adjustment("range", exercise.id, None,
                      "Work in a shorter range: stop each rep before the point where it hurts.")


# --- the next-morning check-in ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckinDecision:
    """What the next session should be after a next-morning check-in.

    ``action``: ``continue`` (as planned), ``adjust`` (lighter: multiply loads by
    ``load_factor``) or ``seek_care`` (no training until seen; ``load_factor`` 0).
    ``progress``: whether the next session may climb the ladder.
    """

    action: Action
    rules: tuple[Finding, ...]
    load_factor: float
    progress: bool

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "rules": [f.to_json() for f in self.rules],
                "load_factor": self.load_factor, "progress": self.progress}


def decide_at_checkin(*, pain_next_morning: int, baseline_pain: int,
                      stiff_hours: float = 0.0,
                      symptoms: Iterable[str] = ()) -> CheckinDecision:
    """The morning after a session. Emergency signs or one-sided weakness: seek care
    (emergency wording as in session); nerve symptoms still there: see a clinician
    before training (``MON-NEURO-PERSISTING``); pain ``NEXT_MORNING_RED_RISE`` (2) or
    more above usual, or sharp pain: next session about 20% lighter with easier
    versions; stiff or locked up for ``STIFF_HOURS`` (2) or more: lighter, lower
    volume, more mobility; pain 1 above usual: about 10% lighter, no progression;
    back to usual: as planned."""
    for name, value in (("pain_next_morning", pain_next_morning),
                        ("baseline_pain", baseline_pain)):
        try:
            integer_between(0, 10)(value)
        except ValueError as exc:
            raise InputError(name, str(exc)) from None
    if not 0 <= stiff_hours <= 168:
        raise InputError("stiff_hours", f"must be a number from 0 to 168, got {stiff_hours}")
    present = set(_checked_symptoms(symptoms))
    fired = _care_rules(present)
    nerve = sorted(present & (NERVE_SYMPTOMS | {"leg_pain_spreading"}))
    if nerve:
        fired.append(_Fired("MON-NEURO-PERSISTING", "Still there: " + _words(nerve)))
    factor = 1.0
    rise = pain_next_morning - baseline_pain
    if rise >= NEXT_MORNING_RED_RISE or "sharp_pain" in present:
        detail = (f"Pain {pain_next_morning}/10 against your usual {baseline_pain}"
                  if rise >= NEXT_MORNING_RED_RISE else "Sharp pain this morning")
        fired.append(_Fired("MON-CHECKIN-RED", detail))
        factor = CHECKIN_LOAD_FACTOR_RED
    elif rise == 1:
        fired.append(_Fired("MON-CHECKIN-AMBER",
                            f"Pain {pain_next_morning}/10 against your usual {baseline_pain}"))
        factor = CHECKIN_LOAD_FACTOR_AMBER
    if stiff_hours >= STIFF_HOURS or "locked_up" in present:
        fired.append(_Fired("MON-CHECKIN-STIFF",
                            f"Stiff for {stiff_hours:g} hours" if stiff_hours >= STIFF_HOURS
                            else "Locked up"))
        factor = min(factor, CHECKIN_LOAD_FACTOR_RED)
    if not fired:
        fired.append(_Fired("MON-CHECKIN-SETTLED",
                            f"Pain {pain_next_morning}/10, usual {baseline_pain}"))
    decision = _decide(fired, None)
    if decision.action == "seek_care":
        factor = 0.0
    return CheckinDecision(decision.action, decision.rules, factor,
                           progress=decision.action == "continue")
