"""The latest session logged here, apart from imported history: ``client_activity.last_live_session_on``
(see ``tables.client_activity``). Filled from the sessions already stored that were not
imported (``workout_sessions.source`` is null for those logged here).

Revision ID: 0015
Revises: 0014 (one account per invitation code)
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("client_activity") as batch:
        batch.add_column(sa.Column("last_live_session_on", sa.Date, nullable=True))
    op.execute("UPDATE client_activity SET last_live_session_on = (SELECT max(s.on_date) FROM workout_sessions s "
               "WHERE s.person_id = client_activity.person_id AND s.source IS NULL)")


def downgrade() -> None:
    with op.batch_alter_table("client_activity") as batch:
        batch.drop_column("last_live_session_on")
