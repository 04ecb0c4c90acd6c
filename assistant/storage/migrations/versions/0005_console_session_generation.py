"""Revocable console sessions: `trainer_accounts.session_generation`.

Session cookies stay signed and stateless, but carry the account's generation at sign-in; a cookie whose
generation is not the account's current one is refused. Sign-out, a password reset and disabling or
enabling the account raise it by one, which ends every session of that account at once. A counter rather
than a "valid after" time: no clock is compared, so workers with skewed clocks agree, and signing in again
within the same second as signing out works. The check reads the account row by primary key, which every
console request already did. Existing rows start at 0; cookies issued before this migration carry no
generation and are refused, so trainers sign in once more after the upgrade.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("trainer_accounts") as batch:
        batch.add_column(sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("trainer_accounts") as batch:
        batch.drop_column("session_generation")
