"""A coach's adjustments to a client's plan, stored as a layer over the generated plan
(``store.tables.plan_adjustments``).

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_adjustments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=True),
        sa.Column("coach_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True),
        sa.Column("coach_name", sa.String(120), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("exercise", sa.String(80), nullable=True),
        sa.Column("to_exercise", sa.String(80), nullable=True),
        sa.Column("sets", sa.Integer, nullable=True),
        sa.Column("reps", sa.Integer, nullable=True),
        sa.Column("seconds", sa.Integer, nullable=True),
        sa.Column("tempo", sa.String(16), nullable=True),
        sa.Column("load", sa.Float, nullable=True),
        sa.Column("rpe_max", sa.Integer, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("override_rule", sa.String(40), nullable=True),
    )
    op.create_index("ix_plan_adjustments_person", "plan_adjustments", ["person_id", "id"])
    op.create_index("ix_plan_adjustments_plan", "plan_adjustments", ["plan_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_plan_adjustments_plan", table_name="plan_adjustments")
    op.drop_index("ix_plan_adjustments_person", table_name="plan_adjustments")
    op.drop_table("plan_adjustments")
