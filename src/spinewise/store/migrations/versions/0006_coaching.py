"""Coaching: a coach's one-time invitations (stored hashed, expiring, single use), the
lifter's consent to a coach (accepted, revoked), the coach access log, alerts stored as
the data arrives, and each person's latest activity days (for missed sessions).

Revision ID: 0006
Revises: 0011 (the calendar feed; revisions landed out of number order)
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coach_invitations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("coach_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("used_at", sa.DateTime, nullable=True),
        sa.UniqueConstraint("code_hash", name="uq_coach_invitations_code_hash"),
    )
    op.create_index("ix_coach_invitations_coach", "coach_invitations", ["coach_id"])
    op.create_table(
        "coach_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("coach_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("accepted_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_coach_links_coach", "coach_links", ["coach_id", "revoked_at"])
    op.create_index("ix_coach_links_client", "coach_links", ["client_id", "coach_id"])
    op.create_table(
        "coach_access_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("coach_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True),
        sa.Column("coach_name", sa.String(254), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("what", sa.String(40), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_coach_access_log_client", "coach_access_log", ["client_id", "at"])
    op.create_table(
        "coach_alerts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("workout_sessions.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("handled_at", sa.DateTime, nullable=True),
        sa.Column("handled_by", sa.Integer, sa.ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True),
        sa.Column("handled_note", sa.Text, nullable=True),
    )
    op.create_index("ix_coach_alerts_person_open", "coach_alerts", ["person_id", "handled_at", "at"])
    op.create_index("ix_coach_alerts_person_kind", "coach_alerts", ["person_id", "kind", "at"])
    op.create_table(
        "client_activity",
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("last_session_on", sa.Date, nullable=True),
        sa.Column("last_checkin_on", sa.Date, nullable=True),
    )
    # people who trained before this revision: their latest days, once
    op.execute("INSERT INTO client_activity (person_id, last_session_on, last_checkin_on) "
               "SELECT p.id, (SELECT max(s.on_date) FROM workout_sessions s WHERE s.person_id = p.id), "
               "(SELECT max(c.on_date) FROM checkins c WHERE c.person_id = p.id) FROM people p")


def downgrade() -> None:
    op.drop_table("client_activity")
    op.drop_table("coach_alerts")
    op.drop_table("coach_access_log")
    op.drop_table("coach_links")
    op.drop_table("coach_invitations")
