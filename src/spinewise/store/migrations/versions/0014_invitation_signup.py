"""One account per invitation code where sign-up needs one: ``coach_invitations.signed_up_at``
(see ``tables.coach_invitations``). Invitations made before are open for one sign-up.

Revision ID: 0014
Revises: 0013 (the dashboard's change counter)
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coach_invitations") as batch:
        batch.add_column(sa.Column("signed_up_at", sa.DateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("coach_invitations") as batch:
        batch.drop_column("signed_up_at")
