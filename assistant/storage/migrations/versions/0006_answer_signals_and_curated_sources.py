"""A trainer console a trainer can act on (issue 16):

- messages.p_answerable and messages.signals: the answer engine's own evidence signals (P(answerable),
  the best quote's closeness, coverage...) kept with each answer, so the console can mark answers given
  on weak evidence as "possibly missed" and feed them to the queue. NULL for answers without signals
  (refusals before retrieval, curated answers, LLM answers) and for every message logged before this
  revision. Indexed: the queue reads the weak ones by range.
- curated_answers.variants: more wordings one curated answer stands for (a knowledge gap answered once,
  for all its questions); each is matched like the question itself.
- curated_sources: every message a curated answer was written for, so answering a gap takes all its
  messages out of the queue (curated_answers.source_message_id named one message only). Back-filled from
  source_message_id; deleting a message (retention, erasure) deletes its rows here.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("p_answerable", sa.Float(), nullable=True))
        batch.add_column(sa.Column("signals", sa.JSON(), nullable=True))
    op.create_index("ix_messages_p_answerable", "messages", ["p_answerable"])
    with op.batch_alter_table("curated_answers") as batch:
        batch.add_column(sa.Column("variants", sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
    op.create_table(
        "curated_sources",
        sa.Column("curated_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("curated_id", "message_id", name="pk_curated_sources"),
        sa.ForeignKeyConstraint(
            ["curated_id"],
            ["curated_answers.id"],
            name="fk_curated_sources_curated_id_curated_answers",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name="fk_curated_sources_message_id_messages",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_curated_sources_message_id", "curated_sources", ["message_id"])
    op.execute(
        "INSERT INTO curated_sources (curated_id, message_id) "
        "SELECT id, source_message_id FROM curated_answers WHERE source_message_id IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_curated_sources_message_id", table_name="curated_sources")
    op.drop_table("curated_sources")
    with op.batch_alter_table("curated_answers") as batch:
        batch.drop_column("variants")
    op.drop_index("ix_messages_p_answerable", table_name="messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("signals")
        batch.drop_column("p_answerable")
