"""Training and recovery use cases: people, today's session, the log, check-ins,
assessments, habits, progress and the calendar.

Every function takes keyword-only arguments and a ``Store``; each use case is one
transaction. Inputs are validated before anything is written and bad input raises
``InputError`` naming the field (``pain: must be an integer from 0 to 10, got 11``);
a missing person or session raises ``NotFoundError``; a database failure raises
``StorageError``. The rules themselves are pure and live in ``spinewise.domain``:
``monitor`` (after each set, on symptoms, at the check-in), ``progression`` (the next
prescription), ``pain`` (pain zones, trend, flare-ups), ``phase_readiness``,
``assessments`` (endurance tests, outcome measures) and ``recovery`` (habits).

How planned sessions fall on dates: a plan starts on ``start_date`` (by default the
next Monday); week *n* covers ``start_date + 7(n-1)`` to six days later, and its
sessions fall on the offsets in ``DAY_OFFSETS`` (Mon/Wed/Fri for three a week when
the plan starts on a Monday).

One module per group of use cases, re-exported here: ``store_access`` (``open_store``
and the shared lookups), ``validators``, ``people``, ``schedule`` (the plan on the
calendar), ``today_session``, ``sessions``, ``sets`` (``log_set``, and ``prepare_set`` /
``record_sets`` for the group-commit writer), ``checkins``, ``assessment_log``,
``habits``, ``client_summary`` (what a clinician reads about one client), ``gym_mode`` (last time,
bar and plates), ``set_edits`` (edit or delete a set or a session), ``session_summary``, ``follow_up``
(after a seek-care answer), ``session_history``, ``progress_report``, ``calendar_feed`` (the .ics feed)
and ``decisions`` (the contract's pure ``monitor`` and ``next``).

``set_writer`` (the batched set writers the web app logs sets through, one for SQLite
and one for PostgreSQL) is not re-exported: import it from its module, so the CLI does
not load it.
"""

from __future__ import annotations

from spinewise.training.assessment_log import ASSESSMENT_KINDS, assessments, record_assessment
from spinewise.training.calendar_feed import calendar_ics
from spinewise.training.checkins import answer_psychosocial, checkin, psychosocial_pending
from spinewise.training.client_summary import ClientSummary, client_summary, outcome_tracks
from spinewise.training.decisions import monitor_decision, next_decision
from spinewise.training.follow_up import FollowUp, follow_up, record_clinician_seen
from spinewise.training.gym_mode import (
    GymSettings,
    LastTime,
    gym_settings,
    last_time,
    save_gym_settings,
)
from spinewise.training.habits import habit_summary, habits_on, record_habits
from spinewise.training.people import (
    PersonExists,
    active_plan,
    create_person,
    get_person,
    latest_intake,
    list_people,
    rescreen,
    screening_history,
)
from spinewise.training.plan_adjustments import adjust_plan, plan_adjustments, record_clearance
from spinewise.training.progress_report import PROGRESS_WEEKS, progress
from spinewise.training.schedule import planned_days, planned_session_on
from spinewise.training.session_history import history
from spinewise.training.session_summary import SessionSummary, session_summary
from spinewise.training.sessions import (
    SessionDetail,
    checked_end,
    end_session,
    exercise_choices,
    get_session,
    report_symptoms,
    start_session,
)
from spinewise.training.set_edits import EditedSet, delete_session, delete_set, edit_set
from spinewise.training.sets import (
    PendingSet,
    SetOutcome,
    SetTallies,
    log_set,
    prepare_set,
    record_sets,
)
from spinewise.training.store_access import open_store
from spinewise.training.today_session import TodayItem, free_item, today

__all__ = [
    "ASSESSMENT_KINDS",
    "PROGRESS_WEEKS",
    "ClientSummary",
    "EditedSet",
    "FollowUp",
    "GymSettings",
    "LastTime",
    "PendingSet",
    "PersonExists",
    "SessionDetail",
    "SessionSummary",
    "SetOutcome",
    "SetTallies",
    "TodayItem",
    "active_plan",
    "adjust_plan",
    "answer_psychosocial",
    "assessments",
    "calendar_ics",
    "checked_end",
    "checkin",
    "client_summary",
    "create_person",
    "delete_session",
    "delete_set",
    "edit_set",
    "end_session",
    "exercise_choices",
    "follow_up",
    "free_item",
    "get_person",
    "get_session",
    "gym_settings",
    "habit_summary",
    "habits_on",
    "history",
    "last_time",
    "latest_intake",
    "list_people",
    "log_set",
    "monitor_decision",
    "next_decision",
    "open_store",
    "outcome_tracks",
    "plan_adjustments",
    "planned_days",
    "planned_session_on",
    "prepare_set",
    "progress",
    "psychosocial_pending",
    "record_assessment",
    "record_clearance",
    "record_clinician_seen",
    "record_habits",
    "record_sets",
    "report_symptoms",
    "rescreen",
    "save_gym_settings",
    "screening_history",
    "session_summary",
    "start_session",
    "today",
]
