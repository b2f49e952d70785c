"""Progress over time: weekly pain, its trend, flare-ups, assessments and phase readiness
(``progress``, ``Progress``, ``PROGRESS_WEEKS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from spinewise.domain.assessments import (
    EnduranceTest,
    PsfsAssessment,
    assess_endurance,
    nprs_change,
    odi_change,
    psfs_change,
)
from spinewise.domain.catalog import Catalog
from spinewise.domain.errors import InputError
from spinewise.domain.next_input import SessionRecord
from spinewise.domain.pain import Morning, flare_up_dates, pain_trend, trend_since, weekly_pains
from spinewise.domain.phase_readiness import phase_readiness
from spinewise.domain.screening import Irritability
from spinewise.library import load_catalog
from spinewise.training.assessment_log import _change_json
from spinewise.training.schedule import _phase_span, planned_days
from spinewise.training.store_access import _person_or_fail

if TYPE_CHECKING:
    from spinewise.store.unit_of_work import Store


@dataclass(frozen=True, slots=True)
class Progress:
    """Series for charts and the decisions drawn from them (see ``to_json``)."""

    person_id: int
    on: date
    since: date
    pain: list[dict[str, Any]]
    training_load: list[dict[str, Any]]
    weekly_load: list[dict[str, Any]]
    volume_by_pattern: list[dict[str, Any]]
    adherence: dict[str, Any]
    nprs: list[dict[str, Any]]
    psfs: list[dict[str, Any]]
    odi: list[dict[str, Any]]
    outcome_changes: list[dict[str, Any]]
    pain_trend: dict[str, Any]
    flare_up: dict[str, Any]
    phase_readiness: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        return {"person_id": self.person_id, "date": self.on.isoformat(),
                "since": self.since.isoformat(), "pain": self.pain,
                "training_load": self.training_load, "weekly_load": self.weekly_load,
                "volume_by_pattern": self.volume_by_pattern, "adherence": self.adherence,
                "nprs": self.nprs, "psfs": self.psfs, "odi": self.odi, "outcome_changes": self.outcome_changes,
                "pain_trend": self.pain_trend, "flare_up": self.flare_up,
                "phase_readiness": self.phase_readiness}


def _week_start(on: date) -> date:
    return on - timedelta(days=on.weekday())


PROGRESS_WEEKS = 26
"""Weeks of series ``progress`` returns by default: the last half year, what the
progress page draws (readable on a phone, and light to send)."""


def _checked_since(since: date | None, on: date) -> date:
    if since is None:
        return on - timedelta(weeks=PROGRESS_WEEKS)
    if not isinstance(since, date) or isinstance(since, datetime):
        raise InputError("since", f"must be a date like 2026-01-05, got {since!r}")
    if since > on:
        raise InputError("since", f"must be on or before {on.isoformat()}, got {since.isoformat()}")
    return since


def progress(*, store: Store, person_id: int, on: date, since: date | None = None,
             catalog: Catalog | None = None) -> Progress:
    """Pain during/after/next morning per session, training load (session RPE x minutes,
    Foster), volume by movement pattern per week, adherence (sessions done / planned),
    NPRS, PSFS and ODI over time, the week-to-week pain trend, flare-ups and phase readiness.

    The series (pain, training load, weekly load, volume by pattern) cover ``since``
    (default: ``PROGRESS_WEEKS`` weeks before ``on``) to ``on``; the weekly ones hold
    only whole weeks starting on or after ``since``. The decisions (pain trend,
    flare-ups, adherence, phase readiness) and the outcomes (NPRS, PSFS and their
    change) always weigh the whole history: a window never hides a flare-up. Sets are
    summed in the database, and only inside the window (plus, rarely, the few
    sessions the pain trend needs from before it)."""
    catalog = catalog or load_catalog()
    start = _checked_since(since, on)
    with store.reading() as tx:
        _person_or_fail(tx, person_id)
        sessions = tx.workouts.session_summaries(person_id, until=on)
        totals = tx.workouts.exercise_totals(person_id, since=start, until=on)
        plan = tx.people.active_plan(person_id)
        screening = tx.people.latest_screening(person_id)
        outcomes = tx.outcomes.assessments(person_id, until=on)  # a few a month: all of them
        worst: dict[int, int] = {}
        for total in totals:
            if total.worst_pain is not None:  # None: imported sets, no pain recorded
                worst[total.session_id] = max(worst.get(total.session_id, 0), total.worst_pain)
        # the pain decisions read only sessions logged here: an imported one has no pain
        logged = [s for s in sessions if s.has_sets and s.baseline_pain is not None]
        cutoff = trend_since([s.on_date for s in logged])
        trend_rows = [s for s in logged if cutoff is not None and s.on_date >= cutoff]
        # the trend's weeks lie inside the window unless the person paused for months
        worst.update(tx.workouts.worst_pain([s.id for s in trend_rows if s.id not in worst]))

    nprs_rows, psfs_rows, odi_rows, endurance_rows = ([a for a in outcomes if a.kind == kind]
                                                      for kind in ("nprs", "psfs", "odi", "endurance"))
    pain_series: list[dict[str, Any]] = []
    load_series: list[dict[str, Any]] = []
    weekly: dict[date, float] = {}
    week_of: dict[int, date] = {}
    for row in sessions:
        if row.on_date < start:
            continue
        week = week_of[row.id] = _week_start(row.on_date)
        day = row.on_date.isoformat()
        pain_series.append({"date": day, "session_id": row.id, "during": worst.get(row.id),
                            "after": row.pain_after, "next_morning": row.next_morning,
                            "baseline": row.baseline_pain})
        if row.session_rpe is not None and row.duration_minutes is not None:
            value = round(row.session_rpe * row.duration_minutes, 1)
            load_series.append({"date": day, "session_id": row.id, "load": value})
            if week >= start:  # whole weeks only: a cut week would look light
                weekly[week] = weekly.get(week, 0.0) + value

    patterns: dict[tuple[date, str], list[float]] = {}
    for total in totals:
        monday = week_of.get(total.session_id)  # None: a session started between the two reads
        if monday is None or monday < start:
            continue
        week = monday
        exercise = catalog.get(total.exercise)
        pattern = exercise.pattern if exercise else "other"
        entry = patterns.get((week, pattern))
        if entry is None:
            entry = patterns[(week, pattern)] = [0, 0, 0, 0.0]
        entry[0] += total.sets
        entry[1] += total.reps
        entry[2] += total.seconds
        entry[3] += total.tonnage_kg
    volume = [{"week": week.isoformat(), "pattern": pattern, "sets": int(n), "reps": int(reps),
               "seconds": int(seconds), "tonnage_kg": round(float(tonnage), 1)}
              for (week, pattern), (n, reps, seconds, tonnage) in sorted(patterns.items())]

    trend = pain_trend(weekly_pains([SessionRecord.model_construct(
        date=s.on_date, sets=0, reps=[], seconds=[], load=None, rpe=None, pain_during=worst[s.id],
        pain_after=s.pain_after if s.pain_after is not None else worst[s.id],
        pain_next_morning=s.next_morning, baseline_pain=s.baseline_pain or 0)  # never None in logged
        for s in trend_rows if s.id in worst]))
    flare_dates = flare_up_dates([Morning(s.on_date, s.next_morning, s.baseline_pain or 0) for s in logged])
    last_flare = max(flare_dates) if flare_dates else None

    adherence: dict[str, Any] = {"planned": 0, "done": 0, "ratio": None}
    readiness: dict[str, Any] | None = None
    if plan is not None:
        planned = planned_days(plan, plan.start_date, on)
        done_keys = {(s.plan_week, s.plan_day) for s in logged
                     if s.plan_id == plan.id and s.plan_week is not None}
        done = sum(1 for p in planned if (p.week, p.day) in done_keys)
        adherence = {"planned": len(planned), "done": done,
                     "ratio": round(done / len(planned), 2) if planned else None}
        today_week = (on - plan.start_date).days // 7 + 1
        weeks = plan.plan.weeks
        if 1 <= today_week <= len(weeks):
            phase = weeks[today_week - 1].phase
            span = _phase_span(plan, phase) or (today_week, today_week)
            in_phase = [p for p in planned if span[0] <= p.week <= span[1]]
            done_in_phase = sum(1 for p in in_phase if (p.week, p.day) in done_keys)
            endurance = None
            irritability: Irritability = screening.irritability if screening else "high"
            if endurance_rows:
                endurance = assess_endurance(EnduranceTest.model_validate(endurance_rows[-1].values),
                                             irritability=irritability)
            readiness = phase_readiness(
                phase,
                weeks_in_phase=max(0, today_week - span[0]),
                weeks_since_flare_up=None if last_flare is None else (on - last_flare).days // 7,
                adherence=round(done_in_phase / len(in_phase), 2) if in_phase else 0.0,
                pain_trend=trend.trend, endurance=endurance,
                irritability=irritability,
            ).to_json()

    changes: list[dict[str, Any]] = []
    if len(nprs_rows) >= 2 and nprs_rows[0].score is not None and nprs_rows[-1].score is not None:
        changes.append(_change_json(nprs_change(int(nprs_rows[0].score), int(nprs_rows[-1].score))))
    if len(psfs_rows) >= 2:
        changes.append(_change_json(psfs_change(PsfsAssessment.model_validate(psfs_rows[0].values),
                                                PsfsAssessment.model_validate(psfs_rows[-1].values))))
    if len(odi_rows) >= 2 and odi_rows[0].score is not None and odi_rows[-1].score is not None:
        changes.append(_change_json(odi_change(odi_rows[0].score, odi_rows[-1].score)))
    return Progress(
        person_id=person_id, on=on, since=start, pain=pain_series, training_load=load_series,
        weekly_load=[{"week": w.isoformat(), "load": round(v, 1)} for w, v in sorted(weekly.items())],
        volume_by_pattern=volume, adherence=adherence,
        nprs=[{"date": a.on_date.isoformat(), "score": a.score} for a in nprs_rows],
        psfs=[{"date": a.on_date.isoformat(), "score": a.score} for a in psfs_rows],
        odi=[{"date": a.on_date.isoformat(), "score": a.score} for a in odi_rows],
        outcome_changes=changes,
        pain_trend={"trend": trend.trend, "rule": trend.rule, "message": trend.message},
        flare_up={"last": last_flare.isoformat() if last_flare else None,
                  "count": len(flare_dates), "rule": "PROG-FLARE-UP"},
        phase_readiness=readiness)
