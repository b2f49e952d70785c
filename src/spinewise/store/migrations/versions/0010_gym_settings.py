"""Gym mode: the person's bar and plates, and sets that were edited after they were logged.

``gym_settings``: one row per person, the bar weights (barbell, trap bar) and the plates
they own (``plates``: plate weight -> how many, in ``unit``), read by gym mode's plate
breakdown. ``sets.edited_at``: when a set was last corrected (a coach sees it), null for
a set never edited. ``workout_sessions.sets_revision``: bumped by every edit or deletion
of a set, so the set writer's cached tallies (red sets, last pain) notice the change.

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gym_settings",
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE",
                                                          name="fk_gym_settings_person_id_people"),
                  nullable=False),
        sa.Column("unit", sa.String(2), nullable=False),
        sa.Column("bar", sa.Float, nullable=False),
        sa.Column("trap_bar", sa.Float, nullable=False),
        sa.Column("plates", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("person_id", name="pk_gym_settings"),
    )
    with op.batch_alter_table("sets") as batch:
        batch.add_column(sa.Column("edited_at", sa.DateTime, nullable=True))
    with op.batch_alter_table("workout_sessions") as batch:
        batch.add_column(sa.Column("sets_revision", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("workout_sessions") as batch:
        batch.drop_column("sets_revision")
    with op.batch_alter_table("sets") as batch:
        batch.drop_column("edited_at")
    op.drop_table("gym_settings")
