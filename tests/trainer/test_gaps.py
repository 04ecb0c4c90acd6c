"""Knowledge gaps group waiting questions by meaning, label each group by its central question and the
words its questions share, count questions, learners and channels, and sort largest first. The grouping
itself is measured by bench/gaps.py on labelled questions; these are the issue's own cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.embeddings import MiniLMEncoder
from assistant.storage import Database, QuestionLog
from assistant.trainer.accounts import Account
from assistant.trainer.curated import CuratedAnswers
from assistant.trainer.gaps import knowledge_gaps
from assistant.trainer.grouping import CachedEncode, group_questions, key_terms
from assistant.trainer.log_queries import LogFilter, LogQueries

TRAINER = Account(1, "amina", "trainer", None)
LEAVE = [
    "How many earned leaves do I get per year?",
    "How do I apply for earned leave?",
    "How many casual leaves can a grade 17 officer take?",
    "سال میں کتنی چھٹیاں ملتی ہیں؟",
]
WEATHER = ["What is the weather in Lahore today?", "aaj mausam kaisa hai?"]


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'gaps.db'}")
    db.upgrade()
    return db


def test_questions_group_by_meaning_across_scripts(encoder: MiniLMEncoder) -> None:
    questions = LEAVE + WEATHER + ["What is commutation of pension?"]
    groups = group_questions(questions, encoder.encode).groups
    assert sorted(groups, key=len, reverse=True)[:2] == [[0, 1, 2, 3], [4, 5]]
    assert key_terms(LEAVE) == ["leave", "earned", "year"]  # whole words, not stems ("leav")


def test_gaps_from_the_log_are_labelled_counted_and_sorted(
    sqlite_db: Database, encoder: MiniLMEncoder
) -> None:
    log = QuestionLog(sqlite_db)
    asked: list[str] = []
    for n, (question, channel) in enumerate(
        [(q, "web") for q in LEAVE] + [(LEAVE[0], "telegram"), (WEATHER[0], "api"), (WEATHER[1], "web")]
    ):
        user = log.get_or_create_user(channel, f"learner-{n % 5}")
        session = log.get_or_create_session(None, user, channel)
        asked.append(log.log_message(session, user, channel, question, "Sorry.", [], True, "extractive", 5))
    session = log.get_or_create_session(None, None, "web")
    answered = log.log_message(
        session, None, "web", "What is a prompt?", "A prompt is...", [], False, "llm", 5
    )
    log.add_feedback(answered, "up")

    gaps = knowledge_gaps(LogQueries(sqlite_db), CachedEncode(encoder.encode), LogFilter(), TRAINER)
    leave, weather = gaps[0], gaps[1]
    assert (leave.questions, leave.learners, leave.wordings) == (5, 5, 4)
    assert leave.label in LEAVE and leave.examples[0] == leave.label
    assert "leave" in leave.terms and leave.channels == {"Widget": 4, "Telegram": 1}
    assert leave.reasons == {"unanswered": 5} and leave.first_asked <= leave.last_asked
    assert set(leave.message_ids) == set(asked[:5])
    assert weather.questions == 2 and weather.channels == {"API": 1, "Widget": 1}
    assert all("What is a prompt?" not in g.examples for g in gaps)  # answered and liked: not waiting

    # answering the gap once takes all its messages out of the queue and the gaps
    CuratedAnswers(sqlite_db, encoder.encode).add(
        leave.label, "Leave rules: ...", "amina", variants=leave.examples[1:], sources=leave.message_ids
    )
    after = knowledge_gaps(LogQueries(sqlite_db), CachedEncode(encoder.encode), LogFilter(), TRAINER)
    assert [set(g.examples) for g in after] == [set(WEATHER)]
    assert LogQueries(sqlite_db).queue(LogFilter(), TRAINER).total == 2
