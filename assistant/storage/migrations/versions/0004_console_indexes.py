"""Indexes for the trainer console on a large question log (measured with bench/console.py on 100,000
messages; docs/trainer-console.md):

- messages(created_at, id, refused, answerer, channel, user_id): covering, so counts, the page of ids and
  the per-day chart read the index alone, in date order, instead of the wide rows (answer, citations).
- messages(user_id, created_at, id, refused, answerer, channel) replaces (user_id, created_at): the same,
  covering, for a cohort's or a learner's messages (a cohort-scoped trainer's every view); SQLite indexes
  hold the rowid, not the `id` key, so without `id` even a page of ids would read the rows.
- feedback(rating, message_id) replaces (rating, created_at), which nothing read: the messages with a
  given rating straight from the index.
- curated_answers(source_message_id): the queue skips messages already answered by a trainer, and deleting
  a message clears the reference, both by index rather than by scanning curated answers.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_COVERING = ["created_at", "id", "refused", "answerer", "channel", "user_id"]
_BY_LEARNER = ["user_id", "created_at", "id", "refused", "answerer", "channel"]


def upgrade() -> None:
    op.create_index("ix_messages_created_at_id_refused_answerer_channel_user_id", "messages", _COVERING)
    op.drop_index("ix_messages_user_id_created_at", table_name="messages")
    op.create_index("ix_messages_user_id_created_at_id_refused_answerer_channel", "messages", _BY_LEARNER)
    op.drop_index("ix_feedback_rating_created_at", table_name="feedback")
    op.create_index("ix_feedback_rating_message_id", "feedback", ["rating", "message_id"])
    op.create_index("ix_curated_answers_source_message_id", "curated_answers", ["source_message_id"])


def downgrade() -> None:
    op.drop_index("ix_curated_answers_source_message_id", table_name="curated_answers")
    op.drop_index("ix_feedback_rating_message_id", table_name="feedback")
    op.create_index("ix_feedback_rating_created_at", "feedback", ["rating", "created_at"])
    op.drop_index("ix_messages_user_id_created_at_id_refused_answerer_channel", table_name="messages")
    op.create_index("ix_messages_user_id_created_at", "messages", ["user_id", "created_at"])
    op.drop_index("ix_messages_created_at_id_refused_answerer_channel_user_id", table_name="messages")
