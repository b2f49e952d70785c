"""Accounts: who can log in (lifters and coaches), their browser sessions and access
tokens, and an owner on each person. Existing people keep no owner until the first
account is created, which takes them (``store.accounts.AccountRepository.add``).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("name", sa.String(120), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("password_changed_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("email", name="uq_accounts_email"),
    )
    op.create_table(
        "login_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("draft", sa.JSON, nullable=True),
    )
    op.create_index("ix_login_sessions_account", "login_sessions", ["account_id"])
    op.create_table(
        "access_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("token_hash", name="uq_access_tokens_token_hash"),
    )
    op.create_index("ix_access_tokens_account", "access_tokens", ["account_id"])
    if op.get_bind().dialect.name == "sqlite":
        # not a batch (copy-and-drop) migration: dropping ``people`` with foreign keys on
        # would first delete, through the cascades, everything stored about them
        # (no ON DELETE action: SQLite cannot report one declared on an added column, and
        # erasing an account deletes its people explicitly first, ``accounts.delete_account``)
        op.execute("ALTER TABLE people ADD COLUMN account_id INTEGER "
                   "CONSTRAINT fk_people_account_id_accounts REFERENCES accounts (id)")
    else:
        op.add_column("people", sa.Column("account_id", sa.Integer, nullable=True))
        op.create_foreign_key("fk_people_account_id_accounts", "people", "accounts", ["account_id"], ["id"])
    op.create_index("ix_people_account", "people", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_people_account", "people")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("account_id")
    op.drop_table("access_tokens")
    op.drop_table("login_sessions")
    op.drop_table("accounts")
