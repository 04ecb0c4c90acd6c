"""Curated answers match paraphrases and not near-misses; the thresholds were measured on these pairs
(MiniLM cosine of paraphrases 0.926-0.985, of different questions 0.42-0.919)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.embeddings import MiniLMEncoder
from assistant.storage import Database
from assistant.trainer.curated import CuratedAnswerError, CuratedAnswers, normalize

SAME = [
    ("What is a system prompt?", "what's a system prompt"),
    ("How many officials will be trained by 2027?", "By 2027 how many officials will be trained?"),
    ("Can I paste a CNIC number into ChatGPT?", "Is it ok to paste a CNIC number into ChatGPT?"),
    ("What is few-shot prompting?", "What does few-shot prompting mean?"),
    ("Who approves the AI training budget?", "Who approves the budget for AI training?"),
]
DIFFERENT = [
    ("What is a system prompt?", "What is a prompt?"),
    ("What is few-shot prompting?", "What is zero-shot prompting?"),
    ("How many officials will be trained by 2027?", "How many officials will be trained by 2030?"),
    ("Who approves the AI training budget?", "Who approves the AI research budget?"),
    ("Can I paste a CNIC number into ChatGPT?", "Can I paste a phone number into ChatGPT?"),
]


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    db.upgrade()
    return db


@pytest.mark.parametrize(("curated", "asked"), SAME)
def test_paraphrases_get_the_curated_answer(
    sqlite_db: Database, encoder: MiniLMEncoder, curated: str, asked: str
) -> None:
    store = CuratedAnswers(sqlite_db, encoder.encode)
    store.add(curated, "The approved answer.", "amina")
    answer = store.match(asked)
    assert answer is not None and answer.answerer == "curated"
    assert answer.citations[0].title == "Answer approved by trainer"
    assert answer.citations[0].section.startswith("amina, ")


@pytest.mark.parametrize(("curated", "asked"), DIFFERENT)
def test_near_misses_do_not(sqlite_db: Database, encoder: MiniLMEncoder, curated: str, asked: str) -> None:
    store = CuratedAnswers(sqlite_db, encoder.encode)
    store.add(curated, "The approved answer.", "amina")
    assert store.match(asked) is None


def test_changes_are_seen_by_another_process_and_replace_older_answers(
    database: Database, encoder: MiniLMEncoder
) -> None:
    worker_a = CuratedAnswers(database, encoder.encode)
    worker_b = CuratedAnswers(database, encoder.encode)  # another process sharing the database
    assert worker_b.match("What is RAG?") is None
    first = worker_a.add("What is RAG?", "Old answer.", "amina")
    assert worker_b.match("what is rag") is not None
    worker_a.add("What is  RAG ?", "New answer.", "bilal")
    answer = worker_b.match("What is RAG?")
    assert answer is not None and answer.text == "New answer."
    assert [c.answer for c in worker_b.list()] == ["New answer."]
    worker_a.set_active(first.id + 1, False)
    assert worker_b.match("What is RAG?") is None


def test_normalize_and_validation(sqlite_db: Database, encoder: MiniLMEncoder) -> None:
    assert normalize("  What IS  a Prompt?! ") == "what is a prompt"
    with pytest.raises(CuratedAnswerError):
        CuratedAnswers(sqlite_db, encoder.encode).add("   ", "x", "amina")
