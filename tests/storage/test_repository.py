"""QuestionLog behaviour, identical on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, timedelta

import pytest
import sqlalchemy as sa

from assistant.errors import AssistantError
from assistant.storage import (
    Database,
    QuestionLog,
    SessionOwnershipError,
    UnknownMessageError,
    UnknownSessionError,
)
from assistant.storage.models import ChatSession, Feedback, Message, User
from tests.storage.conftest import Clock

CITATIONS = [{"source": "policy/ai-use.md", "title": "AI use policy", "page": None}]


def _ask(log: QuestionLog, session_id: str, user_id: int | None, question: str, **extra: object) -> str:
    fields: dict[str, object] = {
        "channel": "web",
        "answer": f"answer to {question}",
        "citations": CITATIONS,
        "refused": False,
        "answerer": "extractive",
        "latency_ms": 42,
    }
    fields.update(extra)
    return log.log_message(session_id, user_id, question=question, **fields)  # type: ignore[arg-type]


def _rows(db: Database, model: type[object]) -> int:
    with db.session() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


# users


def test_get_or_create_user_is_idempotent(log: QuestionLog, database: Database) -> None:
    first = log.get_or_create_user("telegram", "12345", display_name="Amina")
    again = log.get_or_create_user("telegram", "12345")
    other_channel = log.get_or_create_user("web", "12345")

    assert first == again != other_channel
    assert _rows(database, User) == 2


def test_get_or_create_user_updates_given_profile_fields(log: QuestionLog, database: Database) -> None:
    user_id = log.get_or_create_user("web", "u1", display_name="Old", cohort="2025-A")
    log.get_or_create_user("web", "u1", display_name="New")

    with database.session() as session:
        user = session.get_one(User, user_id)
        assert (user.display_name, user.cohort, user.role) == ("New", "2025-A", "learner")
        assert user.created_at.tzinfo is UTC


def test_get_or_create_user_is_race_safe(log: QuestionLog, database: Database) -> None:
    start = threading.Barrier(6)

    def create(_: int) -> int:
        start.wait()
        return log.get_or_create_user("api", "same-person")

    with ThreadPoolExecutor(6) as pool:
        ids = set(pool.map(create, range(6)))

    assert len(ids) == 1
    assert _rows(database, User) == 1


def test_unknown_channel_is_rejected(log: QuestionLog) -> None:
    with pytest.raises(ValueError, match="channel"):
        log.get_or_create_user("fax", "u1")


# sessions


def test_session_is_created_and_reused(log: QuestionLog) -> None:
    user_id = log.get_or_create_user("web", "u1")
    new = log.get_or_create_session(None, user_id, "web")
    given = log.get_or_create_session("client-chosen-id", user_id, "web")

    assert len(new) == 32
    assert given == "client-chosen-id"
    assert log.get_or_create_session(new, user_id, "web") == new


def test_session_of_another_user_is_refused(log: QuestionLog) -> None:
    owner = log.get_or_create_user("web", "owner")
    intruder = log.get_or_create_user("web", "intruder")
    session_id = log.get_or_create_session(None, owner, "web")

    with pytest.raises(SessionOwnershipError) as caught:
        log.get_or_create_session(session_id, intruder, "web")
    with pytest.raises(SessionOwnershipError):
        log.get_or_create_session(session_id, None, "web")  # anonymous callers cannot read it either
    assert isinstance(caught.value, AssistantError)


def test_malformed_session_id_is_rejected(log: QuestionLog) -> None:
    with pytest.raises(ValueError, match="session_id"):
        log.get_or_create_session("x" * 65, None, "api")


# messages


def test_log_and_history_oldest_first(log: QuestionLog, database: Database, clock: Clock) -> None:
    user_id = log.get_or_create_user("web", "u1")
    session_id = log.get_or_create_session(None, user_id, "web")
    ids = []
    for n in range(5):
        clock.advance(seconds=1)
        ids.append(_ask(log, session_id, user_id, f"q{n}", refused=n == 3, language="en"))

    recent = log.history(session_id, limit=3)

    assert [item.question for item in recent] == ["q2", "q3", "q4"]
    assert [item.message_id for item in recent] == ids[2:]
    question, answer, citations, refused, created_at, message_id = recent[1]
    assert (question, answer, citations, refused) == ("q3", "answer to q3", CITATIONS, True)
    assert message_id == ids[3]
    assert created_at == clock.now - timedelta(seconds=1) and created_at.tzinfo is UTC
    with database.session() as session:
        assert session.get_one(ChatSession, session_id).updated_at == clock.now


def test_history_order_is_strict_when_the_clock_stands_still(log: QuestionLog) -> None:
    session_id = log.get_or_create_session(None, None, "cli")
    ids = [_ask(log, session_id, None, f"q{n}", channel="cli") for n in range(10)]

    assert [item.message_id for item in log.history(session_id, limit=50)] == ids


def test_history_is_per_session(log: QuestionLog) -> None:
    first = log.get_or_create_session(None, None, "api")
    second = log.get_or_create_session(None, None, "api")
    _ask(log, first, None, "mine")

    assert log.history(second) == []
    assert [item.question for item in log.history(first)] == ["mine"]


def test_log_message_needs_a_session(log: QuestionLog) -> None:
    with pytest.raises(UnknownSessionError):
        _ask(log, "never-created", None, "q")


def test_log_message_rejects_unknown_answerer(log: QuestionLog) -> None:
    session_id = log.get_or_create_session(None, None, "web")
    with pytest.raises(ValueError, match="answerer"):
        _ask(log, session_id, None, "q", answerer="oracle")


# feedback


def test_feedback_rerating_replaces(log: QuestionLog, database: Database) -> None:
    session_id = log.get_or_create_session(None, None, "web")
    message_id = _ask(log, session_id, None, "q")

    log.add_feedback(message_id, "up")
    log.add_feedback(message_id, "down", comment="wrong form number")

    with database.session() as session:
        rows = session.scalars(sa.select(Feedback)).all()
        assert [(f.message_id, f.rating, f.comment) for f in rows] == [
            (message_id, "down", "wrong form number")
        ]


def test_feedback_on_unknown_message(log: QuestionLog) -> None:
    with pytest.raises(UnknownMessageError):
        log.add_feedback("0" * 32, "up")


def test_feedback_rating_must_be_up_or_down(log: QuestionLog) -> None:
    session_id = log.get_or_create_session(None, None, "web")
    message_id = _ask(log, session_id, None, "q")
    with pytest.raises(ValueError, match="rating"):
        log.add_feedback(message_id, "meh")


# erasure and retention


def _populate(log: QuestionLog, external_id: str) -> tuple[int, list[str]]:
    """A user with two sessions, three messages, two ratings, and an anonymous message in their session."""
    user_id = log.get_or_create_user("telegram", external_id, cohort="2025-A")
    messages = []
    for _ in range(2):
        session_id = log.get_or_create_session(None, user_id, "telegram")
        messages.append(_ask(log, session_id, user_id, "q", channel="telegram"))
    messages.append(_ask(log, session_id, user_id, "q", channel="telegram"))
    messages.append(_ask(log, session_id, None, "q", channel="telegram"))
    log.add_feedback(messages[0], "up")
    log.add_feedback(messages[1], "down")
    return user_id, messages


def test_forget_user_removes_all_their_rows_and_nothing_else(log: QuestionLog, database: Database) -> None:
    gone_id, _ = _populate(log, "forget-me")
    kept_id, kept_messages = _populate(log, "keep-me")
    counts_before = {model: _rows(database, model) for model in (User, ChatSession, Message, Feedback)}

    deleted = log.forget_user("telegram", "forget-me")

    assert deleted == 1 + 2 + 4 + 2  # user, sessions, messages, feedback
    with database.session() as session:
        assert session.get(User, gone_id) is None
        assert session.scalar(sa.select(sa.func.count()).where(ChatSession.user_id == gone_id)) == 0
        assert session.scalar(sa.select(sa.func.count()).where(Message.user_id == gone_id)) == 0
        assert set(session.scalars(sa.select(Message.id))) == set(kept_messages)
        assert session.get(User, kept_id) is not None
    counts_after = {model: _rows(database, model) for model in counts_before}
    assert counts_after == {model: count // 2 for model, count in counts_before.items()}
    assert log.forget_user("telegram", "forget-me") == 0


def test_retention_deletes_only_old_rows(log: QuestionLog, database: Database, clock: Clock) -> None:
    old_session = log.get_or_create_session(None, None, "web")
    old_message = _ask(log, old_session, None, "old")
    log.add_feedback(old_message, "down")
    mixed_session = log.get_or_create_session(None, None, "web")
    _ask(log, mixed_session, None, "old too")
    clock.advance(days=100)
    recent = _ask(log, mixed_session, None, "recent")
    log.add_feedback(recent, "up")

    deleted = log.delete_older_than(days=90)

    assert deleted == 2 + 1 + 1  # two messages, one rating, the idle session
    assert [item.question for item in log.history(mixed_session)] == ["recent"]
    assert log.count_messages() == 1
    assert (_rows(database, ChatSession), _rows(database, Feedback)) == (1, 1)
    assert log.delete_older_than(days=90) == 0


def test_retention_needs_a_positive_period(log: QuestionLog) -> None:
    with pytest.raises(ValueError, match="positive"):
        log.delete_older_than(0)


# volume


def test_two_thousand_messages_are_all_kept(database: Database) -> None:
    """Volume, not speed (speed is measured in bench/, not asserted on a shared machine)."""
    log = QuestionLog(database)
    user_id = log.get_or_create_user("api", "load")
    sessions = [log.get_or_create_session(None, user_id, "api") for _ in range(20)]
    for n in range(2000):
        _ask(log, sessions[n % 20], user_id, f"q{n}", channel="api", refused=n % 7 == 0)

    assert log.count_messages() == 2000
    assert len(log.history(sessions[0], limit=20)) == 20
