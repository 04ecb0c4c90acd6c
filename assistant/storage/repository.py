"""What the answering API does with the log: users, sessions, messages, feedback, erasure and retention."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.errors import AssistantError
from assistant.storage.database import Database
from assistant.storage.models import (
    ANSWERERS,
    CHANNELS,
    RATINGS,
    ChatSession,
    ConversationState,
    ExerciseAttempt,
    Feedback,
    Message,
    User,
    utc_now,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_CREATE_ATTEMPTS = 3
_TICK = timedelta(microseconds=1)
# Bulk deletes run in a fresh session: nothing to synchronise, so skip fetching every deleted id.
_NO_SYNC = {"synchronize_session": False}
P_ANSWERABLE = "p_answerable"
# the answer engine's numeric evidence signals (assistant.answering.pipeline's `_signal_meta`)
EVIDENCE_SIGNALS = (P_ANSWERABLE, "meaning", "coverage", "lexical", "unseen")


class SessionOwnershipError(AssistantError):
    """The session id belongs to someone else (or to nobody, while the caller is signed in)."""


class UnknownSessionError(AssistantError):
    """No session with this id; call `get_or_create_session` first."""


class UnknownMessageError(AssistantError):
    """No message with this id (it may have been deleted by retention or erasure)."""


class HistoryItem(NamedTuple):
    """One past exchange, as a conversation needs it back."""

    question: str
    answer: str
    citations: list[Any]
    refused: bool
    created_at: datetime
    message_id: str


def _check(value: str, allowed: frozenset[str], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {sorted(allowed)}, not {value!r}")


# the columns of a HistoryItem, in its order
_HISTORY_COLUMNS = (
    Message.question,
    Message.answer,
    Message.citations,
    Message.refused,
    Message.created_at,
    Message.id,
)


class QuestionLog:
    """The question log's operations; each call is its own transaction."""

    def __init__(self, database: Database, clock: Callable[[], datetime] = utc_now) -> None:
        self._db = database
        self._clock = clock

    def _retrying(self, work: Callable[[Session], T]) -> T:
        """Run `work` in a fresh transaction, again if a concurrent insert won a unique-key race."""
        for attempt in range(1, _CREATE_ATTEMPTS + 1):
            try:
                with self._db.session() as session:
                    return work(session)
            except IntegrityError:
                if attempt == _CREATE_ATTEMPTS:
                    raise
                logger.debug("concurrent insert, retrying (attempt %d)", attempt)
        raise AssertionError("unreachable")

    def get_or_create_user(
        self, channel: str, external_id: str, display_name: str | None = None, cohort: str | None = None
    ) -> int:
        """The user's id; a given display name or cohort replaces the stored one (names change)."""
        _check(channel, CHANNELS, "channel")
        if not external_id:
            raise ValueError("external_id must not be empty")

        def work(session: Session) -> int:
            query = sa.select(User).where(User.channel == channel, User.external_id == external_id)
            user = session.scalars(query).one_or_none()
            if user is None:
                user = User(
                    channel=channel,
                    external_id=external_id,
                    display_name=display_name,
                    cohort=cohort,
                    created_at=self._clock(),
                )
                session.add(user)
                session.flush()
            else:
                if display_name is not None:
                    user.display_name = display_name
                if cohort is not None:
                    user.cohort = cohort
            return user.id

        return self._retrying(work)

    def find_user(self, channel: str, external_id: str) -> int | None:
        """The user's id, or None if this channel has never seen them (nothing is created)."""
        query = sa.select(User.id).where(User.channel == channel, User.external_id == external_id)
        with self._db.session() as session:
            return session.scalars(query).one_or_none()

    def get_or_create_session(self, session_id: str | None, user_id: int | None, channel: str) -> str:
        """The session id to use: a new one when None, the given one if it is new or already this user's."""
        _check(channel, CHANNELS, "channel")
        if session_id is not None and not _SESSION_ID.fullmatch(session_id):
            raise ValueError("session_id must be 1-64 letters, digits, '-' or '_'")
        wanted = session_id or uuid.uuid4().hex

        def work(session: Session) -> str:
            existing = session.get(ChatSession, wanted)
            if existing is None:
                now = self._clock()
                session.add(
                    ChatSession(id=wanted, user_id=user_id, channel=channel, created_at=now, updated_at=now)
                )
                session.flush()
            elif existing.user_id != user_id:
                raise SessionOwnershipError("this conversation belongs to another user")
            return wanted

        return self._retrying(work)

    def log_message(
        self,
        session_id: str,
        user_id: int | None,
        channel: str,
        question: str,
        answer: str,
        citations: Sequence[Any],
        refused: bool,
        answerer: str,
        latency_ms: int,
        language: str | None = None,
        *,
        doc_types: str | None = None,
        signals: Mapping[str, str] | None = None,
    ) -> str:
        """Store one exchange (the question must already be redacted) and return its id. `signals` are
        the answer engine's evidence signals (`Answer.meta`): the numeric ones are kept with the message,
        P(answerable) in its own column, so the trainer console can find answers given on weak evidence."""
        _check(channel, CHANNELS, "channel")
        _check(answerer, ANSWERERS, "answerer")
        evidence = _evidence(signals)
        with self._db.session() as session:
            # The row lock (PostgreSQL) keeps messages of one session in a strict time order.
            query = sa.select(ChatSession).where(ChatSession.id == session_id).with_for_update()
            chat = session.scalars(query).one_or_none()
            if chat is None:
                raise UnknownSessionError(f"no session {session_id!r}")
            now = max(self._clock(), chat.updated_at + _TICK)
            message = Message(
                id=uuid.uuid4().hex,
                session_id=session_id,
                user_id=user_id,
                channel=channel,
                question=question,
                answer=answer,
                citations=list(citations),
                refused=refused,
                answerer=answerer,
                latency_ms=latency_ms,
                doc_types=doc_types,
                language=language,
                created_at=now,
                p_answerable=evidence.get(P_ANSWERABLE),
                signals=evidence or None,
            )
            session.add(message)
            chat.updated_at = now
            return message.id

    def history(self, session_id: str, limit: int = 20) -> list[HistoryItem]:
        """The last `limit` exchanges of a session, oldest first (what a follow-up question needs)."""
        query = (
            sa.select(*_HISTORY_COLUMNS)
            .where(Message.session_id == session_id)
            .order_by(Message.created_at.desc(), Message.id.desc())
            .limit(limit)
        )
        with self._db.session() as session:
            rows = session.execute(query).all()
        return [HistoryItem._make(row) for row in reversed(rows)]

    def session_owner(self, session_id: str) -> tuple[str, str] | None:
        """(channel, external id) of the learner who owns the session; None if it is anonymous.
        Raises `UnknownSessionError` when there is no such session."""
        with self._db.session() as session:
            row = session.execute(
                sa.select(ChatSession.id, User.channel, User.external_id)
                .outerjoin(User, User.id == ChatSession.user_id)
                .where(ChatSession.id == session_id)
            ).first()
        if row is None:
            raise UnknownSessionError("No conversation with this id (it may have expired or been deleted).")
        return None if row.external_id is None else (row.channel, row.external_id)

    def rated_exchanges(self, rating: str | None = "up", refused: bool = False) -> list[HistoryItem]:
        """Logged exchanges, oldest first: those with `rating` (None: any or no rating) and `refused`.
        Questions were redacted before logging, so these are safe to export."""
        query = sa.select(*_HISTORY_COLUMNS).where(Message.refused == refused)
        if rating is not None:
            query = query.join(Feedback, Feedback.message_id == Message.id).where(Feedback.rating == rating)
        with self._db.session() as session:
            rows = session.execute(query.order_by(Message.created_at, Message.id)).all()
        return [HistoryItem._make(row) for row in rows]

    def session_exists(self, session_id: str) -> bool:
        """Whether the session is known (an empty `history` may be a new session or no session)."""
        with self._db.session() as session:
            return session.get(ChatSession, session_id) is not None

    def add_feedback(self, message_id: str, rating: str, comment: str | None = None) -> None:
        """Record a rating; rating the same message again replaces the earlier one."""
        _check(rating, RATINGS, "rating")

        def work(session: Session) -> None:
            if session.get(Message, message_id) is None:
                raise UnknownMessageError(f"no message {message_id!r}")
            query = sa.select(Feedback).where(Feedback.message_id == message_id)
            feedback = session.scalars(query).one_or_none()
            if feedback is None:
                feedback = Feedback(message_id=message_id)
                session.add(feedback)
            feedback.rating = rating
            feedback.comment = comment
            feedback.created_at = self._clock()
            session.flush()

        self._retrying(work)

    def forget_user(self, channel: str, external_id: str) -> int:
        """Erase a user and everything they wrote or did (the database cascades); returns the rows deleted."""
        with self._db.session() as session:
            # Locking the user row makes concurrent inserts that reference it wait, so the count is exact.
            query = sa.select(User.id).where(User.channel == channel, User.external_id == external_id)
            user_id = session.scalars(query.with_for_update()).one_or_none()
            if user_id is None:
                return 0
            sessions = sa.select(ChatSession.id).where(ChatSession.user_id == user_id)
            messages = sa.select(Message.id).where(
                sa.or_(Message.user_id == user_id, Message.session_id.in_(sessions))
            )
            counted = _count(session, sa.select(Feedback.id).where(Feedback.message_id.in_(messages)))
            counted += _count(session, messages) + _count(session, sessions)
            counted += _count(
                session, sa.select(ExerciseAttempt.id).where(ExerciseAttempt.user_id == user_id)
            )
            counted += _count(
                session, sa.select(ConversationState.chat_key).where(ConversationState.user_id == user_id)
            )
            session.execute(sa.delete(User).where(User.id == user_id), execution_options=_NO_SYNC)
        logger.info("erased a user: %d rows", counted + 1)
        return counted + 1

    def delete_older_than(self, days: float) -> int:
        """Retention: delete messages older than `days` and sessions idle that long; returns rows deleted."""
        if days <= 0:
            raise ValueError("days must be positive")
        cutoff = self._clock() - timedelta(days=days)
        old_messages = sa.select(Message.id).where(Message.created_at < cutoff)
        idle_sessions = sa.delete(ChatSession).where(
            ChatSession.updated_at < cutoff,
            ~sa.exists().where(Message.session_id == ChatSession.id),
        )
        with self._db.session() as session:
            deleted = _count(session, sa.select(Feedback.id).where(Feedback.message_id.in_(old_messages)))
            old = sa.delete(Message).where(Message.created_at < cutoff)
            deleted += _rowcount(session.execute(old, execution_options=_NO_SYNC))
            deleted += _rowcount(session.execute(idle_sessions, execution_options=_NO_SYNC))
        logger.info("retention (%s days): %d rows deleted", days, deleted)
        return deleted

    def count_messages(self) -> int:
        with self._db.session() as session:
            return _count(session, sa.select(Message.id))


def _evidence(signals: Mapping[str, str] | None) -> dict[str, float]:
    """The numeric evidence signals among an answer's meta (not its ids, author or exercise)."""
    kept: dict[str, float] = {}
    for name in EVIDENCE_SIGNALS:
        try:
            kept[name] = round(float((signals or {})[name]), 4)
        except (KeyError, TypeError, ValueError):
            continue
    return kept


def _count(session: Session, query: sa.Select[Any]) -> int:
    return int(session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0)


def _rowcount(result: sa.Result[Any]) -> int:
    return int(result.rowcount)  # type: ignore[attr-defined]  # a CursorResult for DML
