"""Assessments (McGill endurance, PSFS, NPRS), daily habits and symptom reports.

Revision ID: 0002
Revises: 0001
Create Date: 2026-01-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _person_fk() -> sa.Column[int]:
    return sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_fk(),
        sa.Column("on_date", sa.Date, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("values", sa.JSON, nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_assessments_person_kind", "assessments", ["person_id", "kind", "on_date"])
    op.create_table(
        "habits",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_fk(),
        sa.Column("on_date", sa.Date, nullable=False),
        sa.Column("movement_breaks", sa.Integer, nullable=True),
        sa.Column("sleep_hours", sa.Float, nullable=True),
        sa.Column("hydration", sa.Boolean, nullable=True),
        sa.Column("heat_or_bath", sa.Boolean, nullable=True),
        sa.Column("foam_rolling", sa.Boolean, nullable=True),
        sa.Column("posture_checks", sa.Integer, nullable=True),
        sa.Column("footwear", sa.Boolean, nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("person_id", "on_date", name="uq_habits_person_date"),
    )
    op.create_table(
        "symptom_reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("workout_sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("reported_at", sa.DateTime, nullable=False),
        sa.Column("exercise", sa.String(80), nullable=True),
        sa.Column("symptoms", sa.JSON, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("decision", sa.JSON, nullable=False),
    )
    op.create_index("ix_symptom_reports_session", "symptom_reports", ["session_id"])


def downgrade() -> None:
    for table in ("symptom_reports", "habits", "assessments"):
        op.drop_table(table)
