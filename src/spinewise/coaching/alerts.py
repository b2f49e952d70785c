"""Alerts raised as the data arrives, inside the arriving data's own transaction:

- a set or a symptom report the monitor answered ``seek_care`` -> ``seek_care``; one it
  answered ``end_session`` -> ``session_stopped`` (the set path adds a row only then:
  a normal set costs nothing here);
- a check-in answered ``seek_care`` -> ``seek_care``; a check-in that completes a
  flare-up by ``PROG-FLARE-UP`` (a red next morning after each of the last two sessions,
  or nerve symptoms) -> ``flare_up``;
- a check-in or a session's end after which the week-to-week trend is rising
  (``PROG-TREND-RISING``) -> ``pain_rising``.

A flare-up is raised at most once a day and rising pain at most once a week, so the
same trend read again at the next check-in does not pile up alerts.

This module imports no training module (training imports it), only the store and the
pure domain.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from spinewise.domain.coaching import SEVERITY
from spinewise.domain.next_input import SessionRecord
from spinewise.domain.pain import Morning, flare_up_dates, pain_trend, trend_since, weekly_pains

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Transaction

NERVE_SIGNS = frozenset({"numbness", "tingling", "one_sided_weakness", "leg_pain_spreading"})
"""Check-in symptoms that make a flare-up by ``PROG-FLARE-UP`` (new nerve symptoms)."""

FLARE_UP_EVERY = timedelta(hours=20)
PAIN_RISING_EVERY = timedelta(days=7)

_KIND_OF_ACTION = {"seek_care": "seek_care", "end_session": "session_stopped"}


@lru_cache(maxsize=1)
def _levels() -> dict[str, str]:
    from spinewise.domain.rules import all_rules

    return {rule.id: rule.level for rule in all_rules()}


def _deciding_rule(decision: dict[str, Any]) -> tuple[str, str]:
    """The rule behind the decision's action (the first whose level is the action), and its message."""
    rules = decision.get("rules") or []
    levels = _levels()
    for finding in rules:
        if levels.get(finding.get("rule", "")) == decision.get("action"):
            return finding["rule"], finding.get("message", "")
    if rules:
        return rules[0].get("rule", "MON"), rules[0].get("message", "")
    return "MON", ""


def alert_on_answer(tx: Transaction, *, person_id: int, session_id: int | None, decision: dict[str, Any],
                    at: datetime, what: str) -> None:
    """A ``seek_care`` or ``session_stopped`` alert when the monitor's answer (to a set,
    a symptom report or a check-in) was to get care or to end the session; nothing otherwise.
    ``what`` says what arrived ("Set 3 of goblet squat, pain 8/10")."""
    kind = _KIND_OF_ACTION.get(decision.get("action", ""))
    if kind is None:
        return
    rule, message = _deciding_rule(decision)
    tx.coaching.add_alert(person_id=person_id, kind=kind, severity=SEVERITY[kind], at=at, rule=rule,
                          message=f"{what}. {message}" if message else what, session_id=session_id)


def _history(tx: Transaction, person_id: int, until: date) -> tuple[list[Any], dict[int, int]]:
    """Sessions with sets up to ``until`` (oldest first) and the worst pain of those the
    trend reads. Imported sessions (no usual pain, no pain recorded) are left out: they
    say nothing about pain."""
    logged = [s for s in tx.workouts.session_summaries(person_id, until=until)
              if s.has_sets and s.baseline_pain is not None]
    cutoff = trend_since([s.on_date for s in logged])
    trend_ids = [s.id for s in logged if cutoff is not None and s.on_date >= cutoff]
    return logged, tx.workouts.worst_pain(trend_ids)


def _rising(tx: Transaction, *, person_id: int, logged: list[Any], worst: dict[int, int], at: datetime,
            session_id: int | None) -> None:
    rows = [s for s in logged if s.id in worst]
    trend = pain_trend(weekly_pains([SessionRecord.model_construct(
        date=s.on_date, sets=0, reps=[], seconds=[], load=None, rpe=None, pain_during=worst[s.id],
        pain_after=s.pain_after if s.pain_after is not None else worst[s.id],
        pain_next_morning=s.next_morning, baseline_pain=s.baseline_pain) for s in rows]))
    if trend.trend != "rising" or tx.coaching.has_alert_since(person_id, "pain_rising", at - PAIN_RISING_EVERY):
        return
    tx.coaching.add_alert(person_id=person_id, kind="pain_rising", severity=SEVERITY["pain_rising"], at=at,
                          rule=trend.rule, message=f"Pain rising week to week: {trend.detail}",
                          session_id=session_id or (rows[-1].id if rows else None))


def alerts_after_session_end(tx: Transaction, *, person_id: int, session_id: int, on: date, at: datetime) -> None:
    """At a session's end: ``pain_rising`` when the trend now rises."""
    logged, worst = _history(tx, person_id, on)
    _rising(tx, person_id=person_id, logged=logged, worst=worst, at=at, session_id=session_id)


def alerts_after_checkin(tx: Transaction, *, person_id: int, on: date, pain: int, symptoms: list[str],
                         decision: dict[str, Any], at: datetime) -> None:
    """At a check-in: ``seek_care`` on such an answer, ``flare_up`` by ``PROG-FLARE-UP``
    and ``pain_rising`` by the trend (the sessions before this morning)."""
    logged, worst = _history(tx, person_id, on - timedelta(days=1))
    last = logged[-1] if logged else None
    alert_on_answer(tx, person_id=person_id, session_id=last.id if last else None, decision=decision, at=at,
                    what=f"Check-in of {on.isoformat()}, pain {pain}/10")
    mornings = [Morning(s.on_date, s.next_morning, s.baseline_pain) for s in logged[-2:]]
    reasons = []
    if last is not None and last.on_date == on - timedelta(days=1) and last.on_date in flare_up_dates(mornings):
        reasons.append("pain 2+ above usual the next morning after each of the last two sessions")
    nerve = sorted(NERVE_SIGNS.intersection(symptoms))
    if nerve:
        reasons.append("nerve symptoms at the check-in: " + ", ".join(s.replace("_", " ") for s in nerve))
    if reasons and not tx.coaching.has_alert_since(person_id, "flare_up", at - FLARE_UP_EVERY):
        tx.coaching.add_alert(person_id=person_id, kind="flare_up", severity=SEVERITY["flare_up"], at=at,
                              rule="PROG-FLARE-UP",
                              message=f"Check-in of {on.isoformat()}, pain {pain}/10: " + "; ".join(reasons),
                              session_id=last.id if last else None)
    _rising(tx, person_id=person_id, logged=logged, worst=worst, at=at, session_id=None)
