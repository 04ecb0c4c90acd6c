"""The offline grader on a hand-written exercise: strong beats medium beats weak; stuffing is capped."""

from __future__ import annotations

import time

import pytest

from assistant.embeddings import MiniLMEncoder
from assistant.exercises.checks import CHECKS
from assistant.exercises.grader import Grader, is_keyword_stuffed
from assistant.exercises.schema import Exercise

MEMO = Exercise.model_validate(
    {
        "id": "L2-01-memo-for-minister",
        "title": "Summarise a policy memo for the Minister",
        "level": 2,
        "skills": ["instruction", "audience", "format", "length", "delimiters"],
        "scenario": "The Minister has a cabinet meeting in an hour and needs the gist of a 20-page memo.",
        "task": "Write a prompt that summarises the memo for the Minister.",
        "rubric": [
            {
                "id": "deliverable",
                "criterion": "Asks for a summary with an action verb.",
                "check": "deliverable",
                "weight": 25,
                "lesson": "course/02-anatomy-of-a-good-prompt.md",
                "keywords": ["memo"],
            },
            {
                "id": "audience",
                "criterion": "Names the Minister as the reader.",
                "check": "audience",
                "weight": 25,
                "lesson": "course/03-context-audience-and-role.md",
                "keywords": ["minister"],
            },
            {
                "id": "format",
                "criterion": "Asks for bullet points.",
                "check": "format",
                "weight": 20,
                "lesson": "course/04-delimiters-and-output-formats.md",
            },
            {
                "id": "length",
                "criterion": "Bounds the length in bullets or words.",
                "check": "length",
                "weight": 15,
                "lesson": "course/04-delimiters-and-output-formats.md",
            },
            {
                "id": "delimiters",
                "criterion": "Separates the memo text from the instruction.",
                "check": "delimiters",
                "weight": 15,
                "lesson": "course/04-delimiters-and-output-formats.md",
            },
        ],
        "hints": ["Who reads it?", "What shape and length?", "Put the memo between ### lines."],
        "model_answer": "Summarise the memo below for the Minister in five bullets.\n###\n[memo]\n###",
        "common_mistakes": ["No reader named."],
    }
)

STRONG = (
    "You are a senior section officer. Summarise the policy memo below for the Minister, who has five "
    "minutes before a cabinet meeting. Write five bullet points in plain English, at most 120 words, and "
    "end with one line on the decision needed.\n###\n[memo text]\n###"
)
MEDIUM = "Please summarise this memo for the minister. Keep it short.\n\n[memo text]"
WEAK = "memo summary"
STUFFED = "summarise memo minister bullets 5 words ### format audience length delimiters table"


@pytest.fixture(scope="module")
def grader(encoder: MiniLMEncoder) -> Grader:
    return Grader(encoder.encode)


def test_strong_beats_medium_beats_weak(grader: Grader) -> None:
    strong, medium, weak = (grader.grade(MEMO, p).score for p in (STRONG, MEDIUM, WEAK))
    assert strong >= 90 > medium > weak
    assert grader.grade(MEMO, STRONG).next_hint is None
    assert grader.grade(MEMO, WEAK).next_hint == 1


def test_every_criterion_explains_itself_and_points_to_a_lesson(grader: Grader) -> None:
    grade = grader.grade(MEMO, MEDIUM)
    assert [c.id for c in grade.criteria] == ["deliverable", "audience", "format", "length", "delimiters"]
    assert all(c.feedback.endswith(".") and c.lesson.startswith("course/") for c in grade.criteria)
    statuses = {c.id: c.status for c in grade.criteria}
    assert statuses["length"] == "partial" and statuses["format"] == "fail"


def test_keyword_stuffing_scores_low(grader: Grader) -> None:
    assert is_keyword_stuffed(STUFFED) and not is_keyword_stuffed(STRONG)
    grade = grader.grade(MEMO, STUFFED)
    assert "keyword_stuffing" in grade.flags and grade.score < 35


def test_an_off_task_prompt_is_capped(grader: Grader) -> None:
    off_task = "Write a cheerful birthday poem for my cousin in rhyming couplets, about cricket and mangoes."
    grade = grader.grade(MEMO, off_task)
    assert "off_task" in grade.flags and grade.score < 40


def test_personal_data_in_a_prompt_fails_its_check() -> None:
    verdict = CHECKS["no_personal_data"](
        "Reply to Ali (CNIC 35202-1234567-1, 0300-1234567) about his pension."
    )
    assert verdict.status == "fail" and "cnic" in verdict.feedback.lower()


def test_negative_constraints_are_partial_positive_ones_pass() -> None:
    assert CHECKS["positive_constraints"]("Don't use jargon. Never exceed a page.").status == "partial"
    assert CHECKS["positive_constraints"]("Use plain words and keep it to one page.").status == "pass"


def test_grading_is_fast(grader: Grader) -> None:
    grader.grade(MEMO, STRONG)
    started = time.perf_counter()
    for _ in range(50):
        grader.grade(MEMO, STRONG)
    assert (time.perf_counter() - started) / 50 < 0.02
