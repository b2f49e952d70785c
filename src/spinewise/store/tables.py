"""The tables (SQLAlchemy 2 Core). Records are mapped onto them from outside, in the
repositories; nothing here knows about the domain's rules.

Loads are stored canonically in kilograms (``load_kg``); the unit and number the person
typed are kept beside them for display (``unit``, ``load_entered``). Screenings and
plans are never overwritten: re-screening adds rows and moves the ``active`` mark.
Migrations in ``migrations/versions`` create exactly these tables (a test compares them).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    true,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _person_fk() -> Column[int]:
    return Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False)


people = Table(
    "people", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("units", String(2), nullable=False),
    Column("created_at", DateTime, nullable=False),
    # revision 0004: the last time the person recorded that a clinician has seen them
    Column("clinician_seen_at", DateTime, nullable=True),
    # revision 0005: whose person this is (null: the command line's own, until the first
    # account is created, which takes every person without an owner). Erasing an account
    # deletes its people first (``accounts.delete_account``), so no ON DELETE action.
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=True),
    Index("ix_people_account", "account_id"),
)

intakes = Table(
    "intakes", metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("taken_at", DateTime, nullable=False),
    Column("document", JSON, nullable=False),
    Index("ix_intakes_person", "person_id", "taken_at"),
)

screenings = Table(
    "screenings", metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("intake_id", Integer, ForeignKey("intakes.id", ondelete="CASCADE"), nullable=False),
    Column("screened_at", DateTime, nullable=False),
    Column("level", String(16), nullable=False),
    Column("irritability", String(16), nullable=False),
    Column("psychosocial_risk", String(16), nullable=False),
    Column("pattern", String(32), nullable=False),
    Column("result", JSON, nullable=False),
    Index("ix_screenings_person", "person_id", "screened_at"),
)

plans = Table(
    "plans", metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("screening_id", Integer, ForeignKey("screenings.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("weeks", Integer, nullable=False),
    Column("days_per_week", Integer, nullable=False),
    Column("session_minutes", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("document", JSON, nullable=False),
)
# at most one active plan per person
Index("uq_plans_active_person", plans.c.person_id, unique=True,
      sqlite_where=plans.c.active == true(), postgresql_where=plans.c.active == true())

workout_sessions = Table(
    "workout_sessions", metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="SET NULL"), nullable=True),
    Column("plan_week", Integer, nullable=True),
    Column("plan_day", Integer, nullable=True),
    Column("focus", String(32), nullable=True),
    Column("on_date", Date, nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("ended_at", DateTime, nullable=True),
    Column("baseline_pain", Integer, nullable=True),  # null (revision 0009): imported, no pain recorded
    Column("pain_after", Integer, nullable=True),
    Column("session_rpe", Float, nullable=True),
    Column("duration_minutes", Integer, nullable=True),
    Column("notes", Text, nullable=True),
    Column("prescriptions", JSON, nullable=False),
    # revision 0004: stopped by the monitor (end_session, seek_care) or by the person
    Column("stopped_at", DateTime, nullable=True),
    Column("stop_reason", String(16), nullable=True),
    Column("stop_decision", JSON, nullable=True),
    # revision 0010: bumped by every edit or deletion of one of its sets (cached tallies notice)
    Column("sets_revision", Integer, nullable=False, server_default="0"),
    Index("ix_workout_sessions_person_date", "person_id", "on_date"),
    # revision 0009: imported from another app (strong, hevy), the workout's stable key
    # (a second import of the same file adds nothing) and its name there
    Column("source", String(16), nullable=True),
    Column("source_key", String(64), nullable=True),
    Column("title", String(120), nullable=True),
    Index("uq_workout_sessions_person_source_key", "person_id", "source_key", unique=True),
)

sets = Table(
    "sets", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("workout_sessions.id", ondelete="CASCADE"), nullable=False),
    _person_fk(),
    Column("client_id", String(64), nullable=False),
    Column("number", Integer, nullable=False),
    Column("exercise", String(80), nullable=False),
    Column("reps", Integer, nullable=True),
    Column("seconds", Integer, nullable=True),
    Column("load_kg", Float, nullable=True),
    Column("load_entered", Float, nullable=True),
    Column("unit", String(2), nullable=False),
    Column("tempo", String(16), nullable=True),
    Column("rpe", Float, nullable=True),
    Column("reps_in_reserve", Integer, nullable=True),
    Column("belt", Boolean, nullable=False),
    Column("pain", Integer, nullable=True),  # null (revision 0009): an imported set, no pain recorded
    Column("symptoms", JSON, nullable=False),
    Column("notes", Text, nullable=True),
    Column("logged_at", DateTime, nullable=False),
    Column("action", String(16), nullable=False),
    Column("decision", JSON, nullable=False),
    # revision 0010: when the set was last corrected (edit), null if never
    Column("edited_at", DateTime, nullable=True),
    # revision 0009: a warm-up set (imported sets say so; sets logged here are working sets)
    Column("warmup", Boolean, nullable=False, server_default=false()),
    UniqueConstraint("session_id", "client_id", name="uq_sets_session_client"),
    Index("ix_sets_person_exercise_session", "person_id", "exercise", "session_id"),
)

checkins = Table(
    "checkins", metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("on_date", Date, nullable=False),
    Column("pain", Integer, nullable=False),
    Column("stiffness", Integer, nullable=False),
    Column("stiff_hours", Float, nullable=False),
    Column("sleep_hours", Float, nullable=True),
    Column("sleep_quality", Integer, nullable=True),
    Column("locked_up", Boolean, nullable=False),
    Column("symptoms", JSON, nullable=False),
    Column("baseline_pain", Integer, nullable=False),
    Column("action", String(16), nullable=False),
    Column("decision", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("person_id", "on_date", name="uq_checkins_person_date"),
)

# --- revision 0002 -------------------------------------------------------------------

assessments = Table(
    "assessments", metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("on_date", Date, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("values", JSON, nullable=False),
    Column("score", Float, nullable=True),
    Column("result", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index("ix_assessments_person_kind", "person_id", "kind", "on_date"),
)

habits = Table(
    "habits", metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("on_date", Date, nullable=False),
    Column("movement_breaks", Integer, nullable=True),
    Column("sleep_hours", Float, nullable=True),
    Column("hydration", Boolean, nullable=True),
    Column("heat_or_bath", Boolean, nullable=True),
    Column("foam_rolling", Boolean, nullable=True),
    Column("posture_checks", Integer, nullable=True),
    Column("footwear", Boolean, nullable=True),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("person_id", "on_date", name="uq_habits_person_date"),
)

symptom_reports = Table(
    "symptom_reports", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("workout_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("reported_at", DateTime, nullable=False),
    Column("exercise", String(80), nullable=True),
    Column("symptoms", JSON, nullable=False),
    Column("action", String(16), nullable=False),
    Column("decision", JSON, nullable=False),
    Index("ix_symptom_reports_session", "session_id"),
)

app_secrets = Table(
    "app_secrets", metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(128), nullable=False),
    Column("created_at", DateTime, nullable=False),
)
"""Keys the app makes up once and every process shares (the draft cookie's signing key),
so a restart or a second app process behind the same database accepts what the first
signed."""


# --- revision 0005: accounts ------------------------------------------------------------

accounts = Table(
    "accounts", metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("name", String(120), nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("password_changed_at", DateTime, nullable=False),
    UniqueConstraint("email", name="uq_accounts_email"),
)
"""Who can log in: a lifter (one person of their own) or a coach. ``email`` is stored
lower-cased; ``password_hash`` is an Argon2id hash string (its parameters inside)."""

login_sessions = Table(
    "login_sessions", metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("draft", JSON, nullable=True),
    Index("ix_login_sessions_account", "account_id"),
)
"""A browser that logged in. The cookie holds a random id; only its SHA-256 is stored,
so a copy of the database does not let anyone in. ``draft`` is the intake wizard's
answers so far (kept here, with the session, never in a cookie)."""

access_tokens = Table(
    "access_tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    UniqueConstraint("token_hash", name="uq_access_tokens_token_hash"),
    Index("ix_access_tokens_account", "account_id"),
)
"""Personal access tokens for the JSON API (``Authorization: Bearer``), stored as their
SHA-256; revoking one deletes its row."""


# --- revision 0011: calendar subscription ------------------------------------------------

calendar_feeds = Table(
    "calendar_feeds", metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("token_hash", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("token_hash", name="uq_calendar_feeds_token_hash"),
)
"""An account's calendar subscription link (``/calendar/{secret}.ics``), at most one: only
the SHA-256 of its secret is stored, and making a new link replaces (invalidates) the old."""


# --- revision 0010: gym settings ----------------------------------------------------------

gym_settings = Table(
    "gym_settings", metadata,
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("unit", String(2), nullable=False),
    Column("bar", Float, nullable=False),
    Column("trap_bar", Float, nullable=False),
    Column("plates", JSON, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
"""The person's bar weights and the plates they own (``plates``: weight -> count, in
``unit``), for gym mode's plate breakdown. No row: the defaults for their unit."""


# --- revision 0006: coaching ---------------------------------------------------------------

coach_invitations = Table(
    "coach_invitations", metadata,
    Column("id", Integer, primary_key=True),
    Column("code_hash", String(64), nullable=False),
    Column("coach_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("used_at", DateTime, nullable=True),
    Column("signed_up_at", DateTime, nullable=True),
    UniqueConstraint("code_hash", name="uq_coach_invitations_code_hash"),
    Index("ix_coach_invitations_coach", "coach_id"),
)
"""A coach's one-time invitation. The code is shown once; only its SHA-256 is stored.
``used_at`` is set when it is accepted or declined: it never works twice.
``signed_up_at`` (revision 0014) is set when an account was created with it on a server
whose sign-up needs an invitation: one code opens sign-up for one account, whoever holds it."""

coach_links = Table(
    "coach_links", metadata,
    Column("id", Integer, primary_key=True),
    Column("coach_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("client_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("accepted_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
    Index("ix_coach_links_coach", "coach_id", "revoked_at"),
    Index("ix_coach_links_client", "client_id", "coach_id"),
)
"""A lifter's consent to a coach (``client_id`` is the lifter's account): live while
``revoked_at`` is null. A revoked link is kept (the lifter's record of who saw what)
until the lifter's account is erased."""

coach_access_log = Table(
    "coach_access_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("client_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("coach_id", Integer, ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True),
    Column("coach_name", String(254), nullable=False),
    Column("action", String(8), nullable=False),
    Column("what", String(40), nullable=False),
    Column("at", DateTime, nullable=False),
    Index("ix_coach_access_log_client", "client_id", "at"),
)
"""Every read (``action`` read) and change (``change``) a coach made of a client's data:
``what`` is a short noun for the route (``progress``, ``sessions``). ``coach_name`` keeps
who it was after the coach's account is gone (``coach_id`` then null)."""

coach_alerts = Table(
    "coach_alerts", metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("kind", String(24), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("rule", String(40), nullable=False),
    Column("message", Text, nullable=False),
    Column("session_id", Integer, ForeignKey("workout_sessions.id", ondelete="SET NULL"), nullable=True),
    Column("handled_at", DateTime, nullable=True),
    Column("handled_by", Integer, ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True),
    Column("handled_note", Text, nullable=True),
    Index("ix_coach_alerts_person_open", "person_id", "handled_at", "at"),
    Index("ix_coach_alerts_person_kind", "person_id", "kind", "at"),
)
"""Alerts computed when the data arrived (a set, a symptom report, a check-in, a session's
end) and stored: what happened (``message``), when, the rule behind it, the session.
A coach marks one handled with a note; it then leaves the dashboard."""

client_activity = Table(
    "client_activity", metadata,
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("last_session_on", Date, nullable=True),
    Column("last_checkin_on", Date, nullable=True),
    Column("dashboard_changes", Integer, nullable=False, server_default="0"),
    Column("last_live_session_on", Date, nullable=True),
)
"""Each person's latest session and check-in days, updated as they arrive (a session
started, a check-in saved): the dashboard reads missed sessions and a check-in not done
from these and the active plan, never from the logs. ``dashboard_changes`` (revision
0013) counts every change of what a coach's dashboard shows of the person (an activity
day, an alert raised or handled, a plan made or put aside, a session deleted): a coach's
dashboard is answered again from its kept copy while the sum over their clients is the
same (``store.coaching.CoachingRepository.dashboard_stamp``). ``last_live_session_on``
(revision 0015) is the latest session logged here, not imported: the morning check-in
follows those only (history from another app never had one)."""


# --- revision 0008: the log-in throttle's counts ------------------------------------------

login_attempts = Table(
    "login_attempts", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("key_hash", String(64), nullable=False),
    Column("failed_at", DateTime, nullable=False),
    Index("ix_login_attempts_key", "kind", "key_hash", "failed_at"),
    Index("ix_login_attempts_failed_at", "failed_at"),
)
"""Failed log-ins within the throttle's window (``accounts.throttle``): ``kind`` is
``email`` or ``address``, ``key_hash`` the SHA-256 of which one (never the email or the
address itself). Kept in the database so that every app process counts the same guesses;
rows past the window are deleted as new failures come."""


# --- revision 0012: a coach's adjustments to a client's plan ------------------------------

plan_adjustments = Table(
    "plan_adjustments", metadata,
    Column("id", Integer, primary_key=True),
    _person_fk(),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="CASCADE"), nullable=True),
    Column("coach_id", Integer, ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True),
    Column("coach_name", String(120), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("exercise", String(80), nullable=True),
    Column("to_exercise", String(80), nullable=True),
    Column("sets", Integer, nullable=True),
    Column("reps", Integer, nullable=True),
    Column("seconds", Integer, nullable=True),
    Column("tempo", String(16), nullable=True),
    Column("load", Float, nullable=True),
    Column("rpe_max", Integer, nullable=True),
    Column("note", Text, nullable=True),
    Column("reason", Text, nullable=True),
    Column("override_rule", String(40), nullable=True),
    Index("ix_plan_adjustments_person", "person_id", "id"),
    Index("ix_plan_adjustments_plan", "plan_id", "id"),
)
"""A coach's changes to a client's plan, a layer over the generated plan
(``domain.adjustments``): applied in ``id`` order when the plan ``plan_id`` is read.
``coach_name`` keeps who it was after the coach's account is gone. A clearance row has
no plan (it re-screens)."""
