"""People, intakes, screenings, plans, workout sessions, sets and check-ins.

Revision ID: 0001
Revises:
Create Date: 2026-01-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _person_fk() -> sa.Column[int]:
    return sa.Column("person_id", sa.Integer,
                     sa.ForeignKey("people.id", name=None, ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("units", sa.String(2), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "intakes",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_fk(),
        sa.Column("taken_at", sa.DateTime, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
    )
    op.create_index("ix_intakes_person", "intakes", ["person_id", "taken_at"])
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_fk(),
        sa.Column("intake_id", sa.Integer, sa.ForeignKey("intakes.id", ondelete="CASCADE"), nullable=False),
        sa.Column("screened_at", sa.DateTime, nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("irritability", sa.String(16), nullable=False),
        sa.Column("psychosocial_risk", sa.String(16), nullable=False),
        sa.Column("pattern", sa.String(32), nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
    )
    op.create_index("ix_screenings_person", "screenings", ["person_id", "screened_at"])
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_fk(),
        sa.Column("screening_id", sa.Integer, sa.ForeignKey("screenings.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("weeks", sa.Integer, nullable=False),
        sa.Column("days_per_week", sa.Integer, nullable=False),
        sa.Column("session_minutes", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
    )
    active = sa.column("active", sa.Boolean) == sa.true()
    op.create_index("uq_plans_active_person", "plans", ["person_id"], unique=True,
                    sqlite_where=active, postgresql_where=active)
    op.create_table(
        "workout_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_fk(),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="SET NULL"), nullable=True),
        sa.Column("plan_week", sa.Integer, nullable=True),
        sa.Column("plan_day", sa.Integer, nullable=True),
        sa.Column("focus", sa.String(32), nullable=True),
        sa.Column("on_date", sa.Date, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime, nullable=True),
        sa.Column("baseline_pain", sa.Integer, nullable=False),
        sa.Column("pain_after", sa.Integer, nullable=True),
        sa.Column("session_rpe", sa.Float, nullable=True),
        sa.Column("duration_minutes", sa.Integer, nullable=True),
        sa.Column("notes", sa.Text, nullable=True),
        sa.Column("prescriptions", sa.JSON, nullable=False),
    )
    op.create_index("ix_workout_sessions_person_date", "workout_sessions", ["person_id", "on_date"])
    op.create_table(
        "sets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("workout_sessions.id", ondelete="CASCADE"), nullable=False),
        _person_fk(),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("exercise", sa.String(80), nullable=False),
        sa.Column("reps", sa.Integer, nullable=True),
        sa.Column("seconds", sa.Integer, nullable=True),
        sa.Column("load_kg", sa.Float, nullable=True),
        sa.Column("load_entered", sa.Float, nullable=True),
        sa.Column("unit", sa.String(2), nullable=False),
        sa.Column("tempo", sa.String(16), nullable=True),
        sa.Column("rpe", sa.Float, nullable=True),
        sa.Column("reps_in_reserve", sa.Integer, nullable=True),
        sa.Column("belt", sa.Boolean, nullable=False),
        sa.Column("pain", sa.Integer, nullable=False),
        sa.Column("symptoms", sa.JSON, nullable=False),
        sa.Column("notes", sa.Text, nullable=True),
        sa.Column("logged_at", sa.DateTime, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("decision", sa.JSON, nullable=False),
        sa.UniqueConstraint("session_id", "client_id", name="uq_sets_session_client"),
    )
    op.create_index("ix_sets_person_exercise_session", "sets", ["person_id", "exercise", "session_id"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_fk(),
        sa.Column("on_date", sa.Date, nullable=False),
        sa.Column("pain", sa.Integer, nullable=False),
        sa.Column("stiffness", sa.Integer, nullable=False),
        sa.Column("stiff_hours", sa.Float, nullable=False),
        sa.Column("sleep_hours", sa.Float, nullable=True),
        sa.Column("sleep_quality", sa.Integer, nullable=True),
        sa.Column("locked_up", sa.Boolean, nullable=False),
        sa.Column("symptoms", sa.JSON, nullable=False),
        sa.Column("baseline_pain", sa.Integer, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("decision", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("person_id", "on_date", name="uq_checkins_person_date"),
    )


def downgrade() -> None:
    for table in ("checkins", "sets", "workout_sessions", "plans", "screenings", "intakes", "people"):
        op.drop_table(table)
