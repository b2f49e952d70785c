"""The coach's dashboard kept between requests: ``client_activity.dashboard_changes``
counts every change of what a dashboard shows of a person (see ``tables.client_activity``).

Revision ID: 0013
Revises: 0009 (imported history; revisions landed out of number order)
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("client_activity") as batch:
        batch.add_column(sa.Column("dashboard_changes", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("client_activity") as batch:
        batch.drop_column("dashboard_changes")
