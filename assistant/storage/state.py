"""Per-chat conversation state for the channels (e.g. which exercise a Telegram learner is answering),
kept in the database so it survives a restart and is erased with the learner."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from assistant.storage.database import Database
from assistant.storage.models import ConversationState, utc_now


class ConversationStateStore:
    def __init__(self, database: Database, clock: Callable[[], datetime] = utc_now) -> None:
        self._db = database
        self._clock = clock

    def get(self, channel: str, chat_key: str) -> dict[str, Any]:
        with self._db.session() as session:
            row = session.get(ConversationState, (channel, chat_key))
            return dict(row.state) if row is not None else {}

    def put(self, channel: str, chat_key: str, state: dict[str, Any], user_id: int | None = None) -> None:
        """Replace the chat's state (an upsert: the last writer wins)."""
        with self._db.session() as session:
            row = session.get(ConversationState, (channel, chat_key))
            if row is None:
                row = ConversationState(channel=channel, chat_key=chat_key)
                session.add(row)
            row.state = dict(state)
            row.user_id = user_id if user_id is not None else row.user_id
            row.updated_at = self._clock()

    def delete(self, channel: str, chat_key: str) -> None:
        with self._db.session() as session:
            session.execute(
                sa.delete(ConversationState).where(
                    ConversationState.channel == channel, ConversationState.chat_key == chat_key
                )
            )
