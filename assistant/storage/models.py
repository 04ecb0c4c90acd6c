"""ORM models of the question log; the schema itself is owned by the numbered Alembic migrations."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so later migrations (and SQLite batch mode) can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CHANNELS = frozenset({"api", "web", "telegram", "cli"})
ANSWERERS = frozenset({"extractive", "llm", "curated", "fallback"})
RATINGS = frozenset({"up", "down"})


def utc_now() -> datetime:
    """Timezone-aware now, so stored times never depend on the server's local zone."""
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps naive text, so we store UTC and re-attach it)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; pass a timezone-aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    """A learner (or trainer) as known to one channel."""

    __tablename__ = "users"
    __table_args__ = (
        sa.UniqueConstraint("channel", "external_id"),
        sa.Index("ix_users_cohort", "cohort"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(16))
    external_id: Mapped[str] = mapped_column(sa.String(255))
    display_name: Mapped[str | None] = mapped_column(sa.String(255))
    cohort: Mapped[str | None] = mapped_column(sa.String(100))
    role: Mapped[str] = mapped_column(sa.String(32), default="learner", server_default="learner")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class ChatSession(Base):
    """A conversation; anonymous when `user_id` is None."""

    __tablename__ = "sessions"
    __table_args__ = (
        sa.Index("ix_sessions_user_id", "user_id"),
        sa.Index("ix_sessions_updated_at", "updated_at"),
    )

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    summary: Mapped[str | None] = mapped_column(sa.Text)


class Message(Base):
    """One question and the answer given; the question arrives already redacted."""

    __tablename__ = "messages"
    __table_args__ = (
        sa.Index("ix_messages_created_at", "created_at"),
        sa.Index("ix_messages_session_id_created_at", "session_id", "created_at"),
        sa.Index(
            "ix_messages_user_id_created_at_id_refused_answerer_channel",
            "user_id",
            "created_at",
            "id",
            "refused",
            "answerer",
            "channel",
        ),
        sa.Index("ix_messages_channel_created_at", "channel", "created_at"),
        sa.Index("ix_messages_refused_created_at", "refused", "created_at"),
        sa.Index("ix_messages_p_answerable", "p_answerable"),  # the queue's answers on weak evidence (0006)
        # covering, by time and by learner, for the trainer console's counts, pages and charts (0004)
        sa.Index(
            "ix_messages_created_at_id_refused_answerer_channel_user_id",
            "created_at",
            "id",
            "refused",
            "answerer",
            "channel",
            "user_id",
        ),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    session_id: Mapped[str] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(sa.String(16))
    question: Mapped[str] = mapped_column(sa.Text)
    answer: Mapped[str] = mapped_column(sa.Text)
    citations: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    refused: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    answerer: Mapped[str] = mapped_column(sa.String(16))
    latency_ms: Mapped[int] = mapped_column(sa.Integer)
    doc_types: Mapped[str | None] = mapped_column(sa.String(255))
    language: Mapped[str | None] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    # the answer engine's evidence signals (extractive answers only; None before 0006 and for the rest)
    p_answerable: Mapped[float | None] = mapped_column(sa.Float)
    signals: Mapped[dict[str, float] | None] = mapped_column(sa.JSON)


class Feedback(Base):
    """A learner's rating of one answer; rating again replaces it."""

    __tablename__ = "feedback"
    __table_args__ = (
        sa.UniqueConstraint("message_id"),
        sa.CheckConstraint("rating IN ('up', 'down')", name="rating"),
        sa.Index("ix_feedback_rating_message_id", "rating", "message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(sa.ForeignKey("messages.id", ondelete="CASCADE"))
    rating: Mapped[str] = mapped_column(sa.String(8))
    comment: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class ExerciseAttempt(Base):
    """One graded prompt; progress (best scores, levels, streaks) is computed from these rows.
    The prompt is stored redacted."""

    __tablename__ = "exercise_attempts"
    __table_args__ = (
        sa.Index("ix_exercise_attempts_user_id_created_at", "user_id", "created_at"),
        sa.Index("ix_exercise_attempts_exercise_id", "exercise_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(sa.String(80))
    level: Mapped[int] = mapped_column(sa.Integer)
    score: Mapped[int] = mapped_column(sa.Integer)
    prompt: Mapped[str] = mapped_column(sa.Text)
    criteria: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    flags: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    judge_score: Mapped[int | None] = mapped_column(sa.Integer)
    channel: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class ConversationState(Base):
    """What a chat on a channel is in the middle of (e.g. the exercise a Telegram learner is answering),
    so it survives a restart. Deleted with the user."""

    __tablename__ = "conversation_state"

    channel: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    chat_key: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    state: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class InviteCode(Base):
    """A one-time code a trainer issues; only its SHA-256 is stored. Redeeming it admits a learner to a
    channel restricted to invited learners (and may set their cohort)."""

    __tablename__ = "invite_codes"

    code_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(16))
    cohort: Mapped[str | None] = mapped_column(sa.String(100))
    created_by: Mapped[str | None] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


TRAINER_ROLES = frozenset({"trainer", "admin"})


class TrainerAccount(Base):
    """Someone who may use the trainer console; only a scrypt hash of the password is stored.
    `cohort` limits a trainer to one cohort's learners (None: all cohorts). Session cookies carry
    `session_generation`; raising it (sign-out, password reset, disable) ends every session at once."""

    __tablename__ = "trainer_accounts"
    __table_args__ = (
        sa.UniqueConstraint("username"),
        sa.CheckConstraint("role IN ('trainer', 'admin')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(16))
    cohort: Mapped[str | None] = mapped_column(sa.String(100))
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    session_generation: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")


class CuratedAnswer(Base):
    """An answer a trainer wrote or approved; questions that match `normalized` (or mean the same) get it
    on every channel. Rows are deactivated, never deleted, so the log's citations keep their meaning."""

    __tablename__ = "curated_answers"
    __table_args__ = (
        sa.Index("ix_curated_answers_normalized", "normalized"),
        sa.Index("ix_curated_answers_updated_at", "updated_at"),
        sa.Index("ix_curated_answers_source_message_id", "source_message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question: Mapped[str] = mapped_column(sa.Text)
    normalized: Mapped[str] = mapped_column(sa.String(1000))
    answer: Mapped[str] = mapped_column(sa.Text)
    author: Mapped[str] = mapped_column(sa.String(64))
    source_message_id: Mapped[str | None] = mapped_column(sa.ForeignKey("messages.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    # more wordings this answer stands for (a knowledge gap answered once): matched like `question`
    variants: Mapped[list[str]] = mapped_column(sa.JSON, default=list, server_default=sa.text("'[]'"))


class CuratedSource(Base):
    """A message a curated answer was written for: it leaves the queue (one row per message of an
    answered knowledge gap). Deleted with the message or the curated answer."""

    __tablename__ = "curated_sources"
    __table_args__ = (sa.Index("ix_curated_sources_message_id", "message_id"),)

    curated_id: Mapped[int] = mapped_column(
        sa.ForeignKey("curated_answers.id", ondelete="CASCADE"), primary_key=True
    )
    message_id: Mapped[str] = mapped_column(
        sa.ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )


class AuditEntry(Base):
    """One trainer action (login, curated answer, export...): who, what, on which target, when."""

    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_log_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(sa.String(64))
    action: Mapped[str] = mapped_column(sa.String(64))
    target: Mapped[str | None] = mapped_column(sa.String(255))
    detail: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
