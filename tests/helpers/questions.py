"""Put exchanges in the question log directly, as the answering pipeline will."""

from __future__ import annotations

from assistant.storage import QuestionLog

CITATIONS = [{"n": 1, "source": "policy/ai-use.md", "title": "AI use policy", "page": None}]


def log_exchange(
    log: QuestionLog,
    question: str,
    *,
    session_id: str | None = None,
    user: str | None = None,
    channel: str = "api",
    refused: bool = False,
) -> tuple[str, str]:
    """Log one question and its answer; returns (session_id, message_id)."""
    user_id = log.get_or_create_user(channel, user) if user else None
    session = log.get_or_create_session(session_id, user_id, channel)
    message_id = log.log_message(
        session,
        user_id,
        channel,
        question=question,
        answer=f"answer to {question}",
        citations=CITATIONS,
        refused=refused,
        answerer="extractive",
        latency_ms=12,
    )
    return session, message_id
