"""Exercise attempts (progress is computed from them) and per-chat conversation state for the channels,
and invite codes for channels restricted to invited learners.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "exercise_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(80), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("judge_score", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_exercise_attempts"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_exercise_attempts_user_id_users", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_exercise_attempts_user_id_created_at", "exercise_attempts", ["user_id", "created_at"])
    op.create_index("ix_exercise_attempts_exercise_id", "exercise_attempts", ["exercise_id"])

    op.create_table(
        "conversation_state",
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("chat_key", sa.String(255), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", "chat_key", name="pk_conversation_state"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_conversation_state_user_id_users", ondelete="CASCADE"
        ),
    )

    # one-time codes trainers issue so a learner can use a channel restricted to invited learners
    op.create_table(
        "invite_codes",
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("cohort", sa.String(100), nullable=True),
        sa.Column("created_by", sa.String(255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by", sa.Integer(), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("code_hash", name="pk_invite_codes"),
        sa.ForeignKeyConstraint(
            ["used_by"], ["users.id"], name="fk_invite_codes_used_by_users", ondelete="SET NULL"
        ),
    )


def downgrade() -> None:
    op.drop_table("invite_codes")
    op.drop_table("conversation_state")
    op.drop_table("exercise_attempts")
