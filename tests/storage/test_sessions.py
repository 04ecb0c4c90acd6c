"""QuestionLog.session_exists, on SQLite and PostgreSQL."""

from __future__ import annotations

from assistant.storage import QuestionLog


def test_session_exists_only_after_it_is_created(log: QuestionLog) -> None:
    assert not log.session_exists("s-1")
    log.get_or_create_session("s-1", None, "web")
    assert log.session_exists("s-1")
    assert not log.session_exists("s-2")


def test_a_forgotten_users_sessions_no_longer_exist(log: QuestionLog) -> None:
    user_id = log.get_or_create_user("api", "u1")
    session = log.get_or_create_session(None, user_id, "api")
    log.forget_user("api", "u1")
    assert not log.session_exists(session)
