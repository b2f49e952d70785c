"""Why a session stopped, and the clinician follow-up after a seek-care answer.

``workout_sessions.stopped_at`` / ``stop_reason`` / ``stop_decision``: the moment the
monitor (``end_session``, ``seek_care``) or the person ("something's wrong", then stop)
stopped the session, why, and the answer that stopped it; no set is stored after it.
``people.clinician_seen_at``: when the person last recorded that a clinician has seen
them; a seek-care answer after it is a follow-up still open.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workout_sessions") as batch:
        batch.add_column(sa.Column("stopped_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("stop_reason", sa.String(16), nullable=True))
        batch.add_column(sa.Column("stop_decision", sa.JSON, nullable=True))
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("clinician_seen_at", sa.DateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("clinician_seen_at")
    with op.batch_alter_table("workout_sessions") as batch:
        batch.drop_column("stop_decision")
        batch.drop_column("stop_reason")
        batch.drop_column("stopped_at")
