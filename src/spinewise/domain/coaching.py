"""Coaching, the pure part: the alerts a coach sees, how urgent each is, and the two a
coach sees that no arrival raises (missed sessions, a check-in not done), read from the
latest activity days and the plan's weekly rhythm.

Alerts raised by arriving data carry the rule that fired (a monitor rule for seek care
and a stopped session, ``PROG-FLARE-UP`` and ``PROG-TREND-RISING`` for a flare-up and
rising pain); the two here carry ``COACH-MISSED-SESSIONS`` and ``COACH-CHECKIN-MISSING``.
Nothing here diagnoses: an alert says what happened, never why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from spinewise.domain.rule import Rule

AlertKind = Literal["seek_care", "session_stopped", "flare_up", "pain_rising", "missed_sessions",
                    "checkin_missing"]
Severity = Literal["high", "medium", "low"]

SEVERITY: dict[str, Severity] = {
    "seek_care": "high", "flare_up": "high", "session_stopped": "medium", "pain_rising": "medium",
    "missed_sessions": "low", "checkin_missing": "low",
}
"""How urgent each kind is: a seek-care answer or a flare-up first, a session the
monitor stopped or pain rising week to week next, what did not happen last."""

SEVERITY_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}

KIND_WORDS: dict[str, str] = {
    "seek_care": "Answer was to get care", "session_stopped": "Session stopped by the monitor",
    "flare_up": "Flare-up", "pain_rising": "Pain rising week to week",
    "missed_sessions": "Missed sessions", "checkin_missing": "Check-in not done",
}

MISSED_SESSIONS_ALERT = 2
"""Planned sessions missed in a row (since the last session, or the plan's start) that
make an alert: one missed session is ordinary life, two in a row is worth a message."""

CHECKIN_DUE_DAYS = 1
"""The check-in is due the morning after a session; once that day has passed without
one, it is "not done"."""

RULES: list[Rule] = [
    Rule("COACH-MISSED-SESSIONS", "coaching", "info", "Missed sessions",
         "Two or more planned sessions in a row have passed without a session logged.",
         "Adherence to home exercise is often low in people with low back pain; a prompt "
         "when sessions lapse lets the coach ask what got in the way before the habit is lost.",
         "Jack et al. 2010, Man Ther 15:220 (barriers to adherence in physiotherapy); "
         "Beinart et al. 2013, Spine J 13:1940"),
    Rule("COACH-CHECKIN-MISSING", "coaching", "info", "Check-in not done",
         "The morning after the last session has passed without a check-in.",
         "The next-morning response is what the pain-monitoring model reads to decide the "
         "next session; without it the coach cannot tell how the back took the last one.",
         "Thomee 1997, Phys Ther 77:1690; Silbernagel et al. 2007, AJSM 35:897"),
]


@dataclass(frozen=True, slots=True)
class DerivedAlert:
    """An alert read from the activity days at dashboard time (not stored)."""

    kind: AlertKind
    at: datetime
    rule: str
    message: str

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.kind]


def planned_dates(*, start: date, weeks: int, days_per_week: int, offsets: Sequence[int],
                  after: date, before: date) -> list[date]:
    """The plan's session days strictly between ``after`` and ``before``: week *n*
    starts ``start + 7(n-1)`` and holds sessions on ``offsets`` (``days_per_week`` of
    them). Pure arithmetic on the plan's rhythm; the plan document is never read."""
    found: list[date] = []
    first_week = max(0, (after - start).days // 7)
    last_week = min(weeks - 1, (before - start).days // 7)
    for week in range(first_week, last_week + 1):
        for offset in offsets[:days_per_week]:
            day = start + timedelta(days=7 * week + offset)
            if after < day < before:
                found.append(day)
    return found


def missed_sessions(*, today: date, last_session_on: date | None, start: date | None, weeks: int | None,
                    days_per_week: int | None, offsets: Sequence[int]) -> DerivedAlert | None:
    """``COACH-MISSED-SESSIONS``: the planned days since the last session (or since the
    day before the plan starts) and before today, when there are ``MISSED_SESSIONS_ALERT``
    or more of them. ``None`` without a plan."""
    if start is None or weeks is None or not days_per_week:
        return None
    since = max(last_session_on, start - timedelta(days=1)) if last_session_on else start - timedelta(days=1)
    missed = planned_dates(start=start, weeks=weeks, days_per_week=days_per_week, offsets=offsets,
                           after=since, before=today)
    if len(missed) < MISSED_SESSIONS_ALERT:
        return None
    when = "no session yet" if last_session_on is None else f"last session {last_session_on.isoformat()}"
    return DerivedAlert("missed_sessions", datetime.combine(missed[-1], datetime.min.time()),
                        "COACH-MISSED-SESSIONS",
                        f"{len(missed)} planned sessions missed in a row ({when})")


def checkin_missing(*, today: date, last_session_on: date | None,
                    last_checkin_on: date | None) -> DerivedAlert | None:
    """``COACH-CHECKIN-MISSING``: the morning after the last session has passed (today is
    later than it) with no check-in on or after that morning."""
    if last_session_on is None:
        return None
    due = last_session_on + timedelta(days=CHECKIN_DUE_DAYS)
    if today <= due or (last_checkin_on is not None and last_checkin_on >= due):
        return None
    return DerivedAlert("checkin_missing", datetime.combine(due, datetime.min.time()), "COACH-CHECKIN-MISSING",
                        f"no check-in the morning after the session of {last_session_on.isoformat()}")


_EPOCH = datetime(1970, 1, 1)


def urgency(severity: str, at: datetime) -> tuple[int, float]:
    """Sort key, most urgent first: severity, then the newest (times are naive UTC)."""
    return SEVERITY_RANK.get(severity, 3), -(at.replace(tzinfo=None) - _EPOCH).total_seconds()


SINGULAR = {"people": "person", "sessions": "session", "checkins": "check-in", "assessments": "assessment"}


def what_of(route_path: str) -> str:
    """A short noun for what a route shows or changes, for the access log:
    ``/api/v1/people/{person_id}/progress`` is ``progress``, ``/api/v1/people/{person_id}``
    is ``person``, ``/api/v1/sessions/{session_id}`` is ``session``."""
    parts = [p for p in route_path.split("/") if p]
    words = [p for p in parts if not p.startswith("{")]
    if not words:
        return "data"
    if parts[-1].startswith("{") and len(parts) >= 2:
        last = parts[-2]
        return SINGULAR.get(last, last)[:40]
    return words[-1].split(".")[0][:40]
