"""The log-in throttle's counts in the database (``login_attempts``), so that every app
process behind one database counts the same failed log-ins. (Numbered 0008 when it was
written; it follows 0006, the newest revision on main when it landed.)

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("failed_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_login_attempts_key", "login_attempts", ["kind", "key_hash", "failed_at"])
    op.create_index("ix_login_attempts_failed_at", "login_attempts", ["failed_at"])


def downgrade() -> None:
    op.drop_index("ix_login_attempts_failed_at", "login_attempts")
    op.drop_index("ix_login_attempts_key", "login_attempts")
    op.drop_table("login_attempts")
