"""What a clinician reads about one client (``client_summary``): the screening and its
reasons, the current plan, adherence over 2 and 6 weeks, days with data in the last 30,
pain against training load by week, check-ins and habits, outcome measures over time
and the coaching alerts.

Built for a coach with many clients: one reading transaction of a fixed number of
queries (person, screening, plan, session summaries, worst pain of the weeks shown,
check-ins, habits, assessments, alerts), whatever the length of the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean
from typing import TYPE_CHECKING, Any

from spinewise.domain.assessments import OUTCOME_MEASURES, outcome_track
from spinewise.domain.odi import odi_band
from spinewise.domain.recovery import summarise_habits
from spinewise.store.alert_reading import person_alerts
from spinewise.training.schedule import planned_days, planned_session_on
from spinewise.training.store_access import _person_or_fail

if TYPE_CHECKING:
    from spinewise.store.records import Assessment, PlanRecord, SessionSummary
    from spinewise.store.unit_of_work import Store

ADHERENCE_WINDOWS = (2, 6)
"""Adherence is shown over the last 2 and 6 weeks (sessions done against planned)."""
DATA_DAYS_WINDOW = 30
"""Days with any data (a session, a check-in, habits or an outcome measure) are
counted over the last 30 days, as remote-monitoring billing asks."""
WEEKS_SHOWN = 12
"""Weeks of pain against training load in the summary and the report's charts."""


@dataclass(frozen=True, slots=True)
class ClientSummary:
    """One client's summary on ``on`` (see ``to_json`` for its shape)."""

    person: dict[str, Any]
    on: date
    screening: dict[str, Any] | None
    plan: dict[str, Any] | None
    adherence: list[dict[str, Any]]
    days_with_data: dict[str, Any]
    weekly: list[dict[str, Any]]
    checkins: dict[str, Any]
    habits: dict[str, Any]
    outcomes: list[dict[str, Any]]
    alerts: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {"person": self.person, "date": self.on.isoformat(), "screening": self.screening,
                "plan": self.plan, "adherence": self.adherence, "days_with_data": self.days_with_data,
                "pain_and_load_by_week": self.weekly, "checkins": self.checkins, "habits": self.habits,
                "outcomes": self.outcomes, "alerts": self.alerts}


def _monday(on: date) -> date:
    return on - timedelta(days=on.weekday())


def client_summary(*, store: Store, person_id: int, on: date) -> ClientSummary:
    """The summary of ``person_id`` as of ``on`` (see the module docstring)."""
    month_start = on - timedelta(days=DATA_DAYS_WINDOW - 1)
    first_week = _monday(on) - timedelta(weeks=WEEKS_SHOWN - 1)
    with store.reading() as tx:
        person = _person_or_fail(tx, person_id)
        screening = tx.people.latest_screening(person_id)
        plan = tx.people.active_plan(person_id)
        sessions = tx.workouts.session_summaries(person_id, until=on)
        shown = [s for s in sessions if s.on_date >= first_week]
        worst = tx.workouts.worst_pain([s.id for s in shown if s.has_sets])
        checkins = tx.workouts.checkins(person_id, since=month_start, until=on + timedelta(days=1))
        habit_days = tx.outcomes.habits(person_id, since=month_start, until=on)
        assessments = tx.outcomes.assessments(person_id, until=on)
        alerts = person_alerts(tx.conn, person_id)

    session_days = {s.on_date for s in sessions if s.on_date >= month_start}
    data_days = (session_days | {c.on_date for c in checkins if c.on_date <= on}
                 | {h.on for h in habit_days}
                 | {a.on_date for a in assessments if a.on_date >= month_start})
    mornings = {c.on_date: c.pain for c in checkins}
    in_month = [c for c in checkins if c.on_date <= on]
    habits = summarise_habits(habit_days, mornings, on=on, window_days=DATA_DAYS_WINDOW,
                              lifting_days=frozenset(session_days))
    tracks = _tracks(assessments)
    return ClientSummary(
        person={"id": person.id, "name": person.name, "units": person.units},
        on=on,
        screening=None if screening is None else {
            "date": screening.screened_at.date().isoformat(), "level": screening.level,
            "pattern": screening.pattern, "irritability": screening.irritability,
            "psychosocial_risk": screening.psychosocial_risk,
            "reasons": list(screening.result.get("reasons", []))},
        plan=None if plan is None else _plan_summary(plan, on),
        adherence=[_adherence(plan, sessions, on, weeks) for weeks in ADHERENCE_WINDOWS],
        days_with_data={"days": len(data_days), "of": DATA_DAYS_WINDOW, "since": month_start.isoformat()},
        weekly=_weekly(shown, worst, first_week, on),
        checkins={"count": len(in_month), "of": DATA_DAYS_WINDOW,
                  "mean_pain": round(mean(c.pain for c in in_month), 1) if in_month else None,
                  "recent": [{"date": c.on_date.isoformat(), "pain": c.pain, "stiffness": c.stiffness,
                              "sleep_hours": c.sleep_hours, "action": c.action}
                             for c in reversed(in_month[-7:])]},
        habits={"days_recorded": len(habit_days), "of": DATA_DAYS_WINDOW,
                "streaks": [s.to_json() for s in habits.streaks], "note": habits.note},
        outcomes=tracks,
        alerts=[a.to_json() for a in alerts],
    )


def outcome_tracks(*, store: Store, person_id: int, on: date) -> list[dict[str, Any]]:
    """NPRS, PSFS and ODI up to ``on``, each over time against the smallest change that
    matters (the measures never recorded left out)."""
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        return _tracks(tx.outcomes.assessments(person_id, until=on))


def _tracks(assessments: list[Assessment]) -> list[dict[str, Any]]:
    tracks = []
    for measure in OUTCOME_MEASURES:
        points = [(a.on_date, a.score) for a in assessments if a.kind == measure and a.score is not None]
        if points:
            track = outcome_track(measure, points).to_json()
            if measure == "odi":  # the latest score's published band
                track["band"], track["band_text"] = odi_band(points[-1][1])
            tracks.append(track)
    return tracks


def _plan_summary(plan: PlanRecord, on: date) -> dict[str, Any]:
    """The plan in a few lines: dates, its shape, and where the client is in it today."""
    week_number = (on - plan.start_date).days // 7 + 1
    weeks = plan.plan.weeks
    current = weeks[week_number - 1] if 1 <= week_number <= len(weeks) else None
    today = planned_session_on(plan, on)
    return {"id": plan.id, "start_date": plan.start_date.isoformat(), "weeks": len(weeks),
            "days_per_week": plan.days_per_week, "session_minutes": plan.session_minutes,
            "level": plan.plan.level,
            "week": week_number if current is not None else None,
            "phase": current.phase if current is not None else None,
            "deload": current.deload if current is not None else False,
            "this_week": [] if current is None else [
                {"day": s.day, "focus": s.focus,
                 "exercises": [i.exercise for b in s.blocks for i in b.items if b.kind in ("main", "core")]}
                for s in current.sessions],
            "today": None if today is None else {"week": today.week, "day": today.day, "focus": today.focus}}


def _adherence(plan: PlanRecord | None, sessions: list[SessionSummary], on: date,
               weeks: int) -> dict[str, Any]:
    """Planned sessions whose day fell in the last ``weeks`` weeks (up to ``on``), and how
    many of them were done (a session of that plan week and day with a set logged)."""
    since = on - timedelta(weeks=weeks) + timedelta(days=1)
    out: dict[str, Any] = {"weeks": weeks, "since": since.isoformat(), "planned": 0, "done": 0, "ratio": None}
    if plan is None:
        return out
    planned = planned_days(plan, since, on)
    done_keys = {(s.plan_week, s.plan_day) for s in sessions
                 if s.has_sets and s.plan_id == plan.id and s.plan_week is not None}
    done = sum(1 for p in planned if (p.week, p.day) in done_keys)
    out.update(planned=len(planned), done=done, ratio=round(done / len(planned), 2) if planned else None)
    return out


def _weekly(shown: list[SessionSummary], worst: dict[int, int], first_week: date,
            on: date) -> list[dict[str, Any]]:
    """Each of the last ``WEEKS_SHOWN`` weeks from the first with a session: sessions, the mean of each session's worst
    set pain, of pain after and of next-morning pain, and the week's training load
    (session RPE x minutes, Foster)."""
    out: list[dict[str, Any]] = []
    if not shown:
        return out
    first_week = max(first_week, _monday(min(s.on_date for s in shown)))  # no empty weeks before the first session
    for n in range(WEEKS_SHOWN):
        monday = first_week + timedelta(weeks=n)
        if monday > on:
            break
        week = [s for s in shown if monday <= s.on_date < monday + timedelta(days=7)]
        during = [worst[s.id] for s in week if s.id in worst]
        after = [s.pain_after for s in week if s.pain_after is not None]
        morning = [s.next_morning for s in week if s.next_morning is not None]
        loads = [s.session_rpe * s.duration_minutes for s in week
                 if s.session_rpe is not None and s.duration_minutes is not None]
        out.append({"week": monday.isoformat(), "sessions": len(week),
                    "pain_during": round(mean(during), 1) if during else None,
                    "pain_after": round(mean(after), 1) if after else None,
                    "pain_next_morning": round(mean(morning), 1) if morning else None,
                    "load": round(sum(loads), 1) if loads else 0.0})
    return out

