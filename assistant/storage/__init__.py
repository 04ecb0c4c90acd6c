"""The question log: users, chat sessions, messages and feedback, in SQLite or PostgreSQL."""

from assistant.storage.database import Database
from assistant.storage.repository import (
    HistoryItem,
    QuestionLog,
    SessionOwnershipError,
    UnknownMessageError,
    UnknownSessionError,
)

__all__ = [
    "Database",
    "HistoryItem",
    "QuestionLog",
    "SessionOwnershipError",
    "UnknownMessageError",
    "UnknownSessionError",
]
