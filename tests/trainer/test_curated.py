"""Curated answers match paraphrases and not near-misses: the same question once read in English (a grade
written "BPS-17" or "grade 17", Roman Urdu, "am I allowed to" for "can I"), but not another number, grade,
entity or a negation. The labelled pairs behind the rules are bench/data/curated_pairs.jsonl
(`bench/curated.py`); these are the cases the issue names and the ones a regression would hit first."""

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
    ("How many casual leaves can a grade 17 officer take in a year?", "BPS-17 casual leave per year?"),
    (
        "How many casual leaves can a grade 17 officer take in a year?",
        "How many days of casual leave do I get in a year?",
    ),
    (
        "How many casual leaves can a grade 17 officer take in a year?",
        "grade 17 officer ko saal mein kitni casual leave milti hai?",
    ),
    ("Does the assistant keep my questions?", "Are my questions kept by the assistant?"),
    (  # one word spelt two ways, and an acronym of the words the approved question spells out
        "How do I register for the Generative AI course at the National School of Public Policy?",
        "how to do registration for generative AI course at NSPP?",
    ),
    (
        "Is the allowance admissible to officers on deputation?",
        "Is the allowance admissible to deputationists?",
    ),
]
DIFFERENT = [
    ("What is a system prompt?", "What is a prompt?"),
    ("What is few-shot prompting?", "What is zero-shot prompting?"),
    ("How many officials will be trained by 2027?", "How many officials will be trained by 2030?"),
    ("Who approves the AI training budget?", "Who approves the AI research budget?"),
    ("Can I paste a CNIC number into ChatGPT?", "Can I paste a phone number into ChatGPT?"),
    ("How many casual leaves can a grade 17 officer take in a year?", "BPS-18 casual leave per year?"),
    (
        "How many casual leaves can a grade 17 officer take in a year?",
        "How many earned leaves do I get in a year?",
    ),
    (
        "How many casual leaves can a grade 17 officer take in a year?",
        "How many casual leaves do I get in a month?",
    ),
    (
        "Can I use ChatGPT to draft an official letter?",
        "Why can't I use ChatGPT to draft an official letter?",
    ),
    (
        "Is Saturday a working day in government offices?",
        "Is Saturday not a working day in government offices?",
    ),
    ("How do I reset my LMS password?", "Why do I have to reset my LMS password?"),
    (
        "Can an officer keep his official laptop after retirement?",
        "Why can an officer keep his official laptop after retirement?",
    ),
    ("Is this letter official?", "Is this letter unofficial?"),  # not one word spelt two ways
    (  # the same words, the other way round
        "Can I use Gemini to translate a letter from English into Urdu?",
        "Can I use Gemini to translate a letter from Urdu into English?",
    ),
    ("Can a female officer take this leave?", "Can a male officer take this leave?"),
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


def test_one_answer_stands_for_every_wording_of_a_knowledge_gap(
    sqlite_db: Database, encoder: MiniLMEncoder
) -> None:
    store = CuratedAnswers(sqlite_db, encoder.encode)
    made = store.add(
        "How many earned leaves do I get per year?",
        "Leave rules: ...",
        "amina",
        variants=["How do I apply for earned leave?", "سال میں کتنی چھٹیاں ملتی ہیں؟"],
    )
    assert made.wordings[0] == "How many earned leaves do I get per year?" and len(made.variants) == 2
    for asked in (
        "how can I apply for earned leave",
        "سال میں کتنی چھٹیاں ملتی ہیں",
        "earned leaves per year?",
    ):
        answer = store.match(asked)
        assert answer is not None and answer.text == "Leave rules: ...", asked
    assert store.match("How do I apply for casual leave?") is None


def test_a_question_in_other_words_is_offered_the_approved_one_not_given_its_answer(
    sqlite_db: Database, encoder: MiniLMEncoder
) -> None:
    """Other words are not surely the same question ("entitlement" may narrow it): the learner is offered
    the approved question to ask, which gets its answer. A changed number, entity or negation is not
    offered."""
    store = CuratedAnswers(sqlite_db, encoder.encode)
    leave = store.add(
        "How many days of casual leave can a BPS-17 officer take in a calendar year?", "20.", "a"
    )
    files = store.add("Can I use ChatGPT to summarise a confidential file?", "No.", "a")
    answer, related = store.lookup("what is the yearly casual leave entitlement of a grade 17 officer?")
    assert answer is None and related == (leave.id, leave.question)
    assert store.lookup("Is it allowed to get a secret file summarised by ChatGPT?") == (
        None,
        (files.id, files.question),
    )
    for other in (
        "what is the yearly casual leave entitlement of a grade 18 officer?",
        "Is it allowed to get a secret file summarised by Gemini?",
        "Can I not use ChatGPT to summarise a confidential file?",
        "What is few-shot prompting?",
    ):
        assert store.lookup(other) == (None, None), other
    matched, offered = store.lookup(leave.question)
    assert matched is not None and matched.answerer == "curated" and offered is None
    store.set_active(files.id, False)
    assert store.get(files.id) is None and store.get(leave.id) == leave


def test_normalize_and_validation(sqlite_db: Database, encoder: MiniLMEncoder) -> None:
    assert normalize("  What IS  a Prompt?! ") == "what is a prompt"
    with pytest.raises(CuratedAnswerError):
        CuratedAnswers(sqlite_db, encoder.encode).add("   ", "x", "amina")
