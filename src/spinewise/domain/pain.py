"""The pain-monitoring model (REFERENCE §3): a session's pain zone, the week-to-week
trend, and what counts as a flare-up.

Thresholds are shared by the overload ladder (``progression``) and the in-session
monitor (``monitor``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, NamedTuple

from spinewise.domain.next_input import SessionRecord
from spinewise.domain.progression_rules import explain

PAIN_SAFE_MAX = 2
"""Pain 0-2/10 is the model's safe zone."""

PAIN_ACCEPTABLE_MAX = 5
"""Pain during (and after) exercise may reach 5/10; above 5 is high risk (red)."""

PAIN_RISE_ALLOWANCE = 2
"""Pain more than this many points above the person's usual (baseline) pain, during or
after exercise, is amber: the dose is enough for now. Pain 3-5 within this allowance is
still acceptable."""

PAIN_SEVERE = 7
"""Pain of 7/10 or more during a set ends the session (high irritability territory),
for someone whose usual pain is ``PAIN_ACCEPTABLE_MAX`` (5) or less."""

PAIN_WORST = 10
"""The top of the scale: it ends the session whatever the usual pain."""


def acceptable_pain_max(usual_pain: int) -> int:
    """The most pain a set (and the hours after a session) may reach for this person,
    the pain-monitoring model read against their usual pain (rule ``MON-PAIN-USUAL``):
    ``PAIN_ACCEPTABLE_MAX`` (5) for a usual pain of 5 or less; for someone whose usual
    pain is already above 5, their usual plus ``PAIN_RISE_ALLOWANCE`` (2), below 10.
    Someone whose usual pain is 6 may finish a session at 6, 7 or 8."""
    if usual_pain <= PAIN_ACCEPTABLE_MAX:
        return PAIN_ACCEPTABLE_MAX
    return min(usual_pain + PAIN_RISE_ALLOWANCE, PAIN_WORST - 1)


def severe_pain_from(usual_pain: int) -> int:
    """Pain from which a set ends the session: ``PAIN_SEVERE`` (7) for a usual pain of 5
    or less; 10 when the usual pain is above 5 (a rise beyond the allowance is red
    before that, and a second red set ends the session too)."""
    return PAIN_SEVERE if usual_pain <= PAIN_ACCEPTABLE_MAX else PAIN_WORST


def is_red_pain(pain: int, usual_pain: int) -> bool:
    """Pain in the model's high-risk zone for this person: above
    ``acceptable_pain_max(usual_pain)``."""
    return pain > acceptable_pain_max(usual_pain)


NEXT_MORNING_RED_RISE = 2
"""Next-morning pain this many points (or more) above baseline is red: pain must settle
to the usual level by the next morning. One point above baseline is amber."""

TREND_CHANGE_POINTS = 1.0
"""A change of the weekly average pain by this much (0-10 scale) is a trend: pain must
not rise week to week."""

TREND_WEEKS = 3
"""The trend compares the latest week that holds sessions with (up to) the two such
weeks before it; older weeks do not change it."""

FLARE_UP_RISE = 2
FLARE_UP_HOURS = 48
"""A flare-up: pain at least 2 points above usual lasting 48 hours or more (or a red
next-morning response twice in a row, or new nerve symptoms)."""

LOAD_CUT_AMBER = 0.20
"""Amber in a session, a red morning or a flare-up: take about a fifth off the load."""

Zone = Literal["green", "amber", "red", "unknown"]
Trend = Literal["rising", "stable", "falling"]


# --- a session's zone -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PainResponse:
    """A session's zone by the pain-monitoring model and the facts behind it."""

    zone: Zone
    reasons: tuple[str, ...]


def pain_response(session: SessionRecord) -> PainResponse:
    """Classify one session (REFERENCE §3).

    Read against the person's usual (baseline) pain (``acceptable_pain_max``). Red:
    pain during or after above the acceptable maximum (5; usual + 2 when the usual pain
    is above 5), or next morning at least ``NEXT_MORNING_RED_RISE`` (2) above baseline.
    Amber: pain during or after more than ``PAIN_RISE_ALLOWANCE`` (2) above baseline,
    or next morning 1 above baseline. Unknown: otherwise fine but the next morning is
    not yet known. Green: the rest (someone whose usual pain is 6 and who finished at 6,
    back to 6 the next morning, is green and may progress).
    """
    base = session.baseline_pain
    ceiling = acceptable_pain_max(base)
    red: list[str] = []
    amber: list[str] = []
    for label, pain in (("during", session.pain_during), ("after", session.pain_after)):
        if pain > ceiling:
            red.append(f"pain {label} {pain}/10 is above {ceiling}"
                       + (f" (your usual {base} + {PAIN_RISE_ALLOWANCE})" if ceiling != PAIN_ACCEPTABLE_MAX else ""))
        elif pain - base > PAIN_RISE_ALLOWANCE:
            amber.append(f"pain {label} {pain}/10 is {pain - base} above your usual {base}")
    morning = session.pain_next_morning
    if morning is not None and morning - base >= NEXT_MORNING_RED_RISE:
        red.append(f"next morning {morning}/10 is {morning - base} above your usual {base}")
    elif morning is not None and morning > base:
        amber.append(f"next morning {morning}/10 had not settled to your usual {base}")
    if red:
        return PainResponse("red", tuple(red))
    if amber:
        return PainResponse("amber", tuple(amber))
    if morning is None:
        return PainResponse("unknown", ("next-morning pain not logged yet",))
    return PainResponse("green", ())


# --- week-to-week trend ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PainTrend:
    """Rising, stable or falling weekly pain, with the rule that says so and the
    numbers behind it (``detail``)."""

    trend: Trend
    rule: str
    detail: str

    @property
    def message(self) -> str:
        return explain(self.rule, self.detail)


def pain_trend(weekly_pains: Sequence[float]) -> PainTrend:
    """Compare the latest week's average pain with the mean of the (up to) two weeks
    before it: ``TREND_CHANGE_POINTS`` (1 point) or more higher is rising, as much
    lower is falling. Fewer than two weeks is stable (too little to tell)."""
    if len(weekly_pains) < 2:
        return PainTrend("stable", "PROG-TREND-STABLE", "too few weeks logged to tell")
    latest = weekly_pains[-1]
    before = list(weekly_pains[-TREND_WEEKS:-1])
    reference = sum(before) / len(before)
    difference = latest - reference
    detail = f"this week's average {latest:.1f}/10 against {reference:.1f}/10 before"
    if difference >= TREND_CHANGE_POINTS:
        return PainTrend("rising", "PROG-TREND-RISING", detail)
    if difference <= -TREND_CHANGE_POINTS:
        return PainTrend("falling", "PROG-TREND-FALLING", detail)
    return PainTrend("stable", "PROG-TREND-STABLE", detail)


def weekly_pains(history: Sequence[SessionRecord]) -> list[float]:
    """Weekly averages of each session's worst pain (during or after), oldest first;
    weeks are counted back in 7-day blocks from the latest session."""
    if not history:
        return []
    latest = max(s.date for s in history)
    weeks: dict[int, list[int]] = {}
    for session in history:
        weeks.setdefault((latest - session.date).days // 7, []).append(
            max(session.pain_during, session.pain_after))
    return [sum(p) / len(p) for _, p in sorted(weeks.items(), reverse=True)]


def trend_since(dates: Sequence[date]) -> date | None:
    """The first session date that can still change ``pain_trend(weekly_pains(...))``:
    the earliest date in the ``TREND_WEEKS`` latest 7-day blocks that hold a session
    (counted back from the latest date, as ``weekly_pains`` counts them). Sessions
    before it do not change the trend, so only those from it on need their pain.
    ``None`` when there are no sessions."""
    if not dates:
        return None
    latest = max(dates)
    blocks = sorted({(latest - d).days // 7 for d in dates})[:TREND_WEEKS]
    return min(d for d in dates if (latest - d).days // 7 <= blocks[-1])


# --- flare-ups ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlareUpCheck:
    """Whether this is a flare-up, and which criteria said so."""

    flare_up: bool
    rule: str
    reasons: tuple[str, ...]


def is_flare_up(history: Sequence[SessionRecord], *, hours_above_usual: float | None = None,
                new_neuro_symptoms: bool = False) -> FlareUpCheck:
    """A flare-up is any of: new nerve symptoms (numbness, tingling, weakness, pain
    spreading down the leg); pain at least ``FLARE_UP_RISE`` (2) above usual for
    ``FLARE_UP_HOURS`` (48) hours or more (``hours_above_usual``, as the person
    reports it); or a red next-morning response (2+ above baseline) in each of the
    last two sessions."""
    reasons: list[str] = []
    if new_neuro_symptoms:
        reasons.append("new nerve symptoms")
    if hours_above_usual is not None and hours_above_usual >= FLARE_UP_HOURS:
        reasons.append(f"pain {FLARE_UP_RISE}+ above usual for {hours_above_usual:g} hours")
    ordered = sorted(history, key=lambda s: s.date)
    last_two = ordered[-2:]
    if len(last_two) == 2 and all(_red_morning(s.pain_next_morning, s.baseline_pain) for s in last_two):
        reasons.append("pain 2+ above usual the next morning after each of the last two sessions")
    return FlareUpCheck(bool(reasons), "PROG-FLARE-UP", tuple(reasons))


def _red_morning(pain_next_morning: int | None, baseline_pain: int) -> bool:
    return pain_next_morning is not None and pain_next_morning - baseline_pain >= NEXT_MORNING_RED_RISE


class Morning(NamedTuple):
    """What the flare-up check needs of one logged session: its date, the next
    morning's pain (``None`` when not logged) and the person's usual pain."""

    date: date
    pain_next_morning: int | None
    baseline_pain: int


def flare_up_dates(sessions: Sequence[Morning]) -> list[date]:
    """Over a whole history (oldest first), the dates of the sessions that complete a
    flare-up by the next-morning criterion of ``is_flare_up``: a red next morning (2+
    above usual) after this session and after the one before it. The same answer as
    ``is_flare_up`` on each pair of consecutive sessions, without their pain during."""
    red = [_red_morning(s.pain_next_morning, s.baseline_pain) for s in sessions]
    return [sessions[i].date for i in range(1, len(sessions)) if red[i] and red[i - 1]]
