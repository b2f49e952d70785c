"""History brought in from another app (Strong, Hevy).

``workout_sessions.source`` (``strong`` / ``hevy``; null for sessions logged here),
``source_key`` (the workout's stable key: a second import of the same file finds it and
adds nothing; unique per person), ``title`` (the workout's name in that app).
``workout_sessions.baseline_pain`` and ``sets.pain`` become nullable: an imported session
has no pain recorded, and none is made up. ``sets.warmup``: a warm-up set (imported, so
far; sets logged here are working sets).

Revision ID: 0009
Revises: 0012 (plan adjustments; revisions landed out of number order)
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workout_sessions") as batch:
        batch.add_column(sa.Column("source", sa.String(16), nullable=True))
        batch.add_column(sa.Column("source_key", sa.String(64), nullable=True))
        batch.add_column(sa.Column("title", sa.String(120), nullable=True))
        batch.alter_column("baseline_pain", existing_type=sa.Integer, nullable=True)
        batch.create_index("uq_workout_sessions_person_source_key", ["person_id", "source_key"], unique=True)
    with op.batch_alter_table("sets") as batch:
        batch.add_column(sa.Column("warmup", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.alter_column("pain", existing_type=sa.Integer, nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM sets WHERE pain IS NULL")
    op.execute("DELETE FROM workout_sessions WHERE baseline_pain IS NULL")
    with op.batch_alter_table("sets") as batch:
        batch.alter_column("pain", existing_type=sa.Integer, nullable=False)
        batch.drop_column("warmup")
    with op.batch_alter_table("workout_sessions") as batch:
        batch.drop_index("uq_workout_sessions_person_source_key")
        batch.alter_column("baseline_pain", existing_type=sa.Integer, nullable=False)
        batch.drop_column("title")
        batch.drop_column("source_key")
        batch.drop_column("source")
