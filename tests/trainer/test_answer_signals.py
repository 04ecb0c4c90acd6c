"""The answer engine's evidence signals are kept with each logged answer (migration 0006), and curated
answers remember every message they were written for; on SQLite and PostgreSQL."""

from __future__ import annotations

import numpy as np
import sqlalchemy as sa

from assistant.storage import Database, QuestionLog
from assistant.storage.models import CuratedSource, Message
from assistant.trainer.curated import CuratedAnswers


def _message(database: Database, message_id: str) -> Message:
    with database.session() as session:
        row = session.get(Message, message_id)
        assert row is not None
        return row


def test_numeric_signals_are_kept_and_the_rest_of_the_meta_is_not(database: Database) -> None:
    log = QuestionLog(database)
    session = log.get_or_create_session(None, None, "web")
    meta = {
        "meaning": "0.412",
        "coverage": "0.5",
        "p_answerable": "0.310",
        "unknown": "BPS",
        "type_found": "true",
        "curated_id": "7",
    }
    weak = log.log_message(session, None, "web", "q", "a", [], False, "extractive", 5, signals=meta)
    plain = log.log_message(session, None, "web", "q", "a", [], False, "llm", 5)
    odd = log.log_message(
        session, None, "web", "q", "a", [], False, "extractive", 5, signals={"meaning": "x"}
    )
    row = _message(database, weak)
    assert row.p_answerable == 0.31
    assert row.signals == {"p_answerable": 0.31, "meaning": 0.412, "coverage": 0.5}
    assert _message(database, plain).p_answerable is None and _message(database, plain).signals is None
    assert _message(database, odd).signals is None


def test_curated_sources_go_with_their_message(database: Database) -> None:
    log = QuestionLog(database)
    session = log.get_or_create_session(None, None, "web")
    first = log.log_message(session, None, "web", "q1", "a", [], True, "extractive", 5)
    second = log.log_message(session, None, "web", "q2", "a", [], True, "extractive", 5)
    curated = CuratedAnswers(database, lambda texts: np.ones((len(texts), 2)) / np.sqrt(2))
    made = curated.add("q1", "The answer.", "amina", first, variants=["q2", "Q1 "], sources=[second, first])
    assert made.source_message_id == first and made.variants == ["q2"]
    with database.session() as session_:
        assert set(session_.scalars(sa.select(CuratedSource.message_id)).all()) == {first, second}
    assert log.delete_older_than(0.0001) == 0  # nothing old yet
    with database.session() as session_:
        session_.execute(sa.delete(Message).where(Message.id == second))
    with database.session() as session_:
        assert session_.scalars(sa.select(CuratedSource.message_id)).all() == [first]
