"""Exercise texts as learners read them (prose written hard-wrapped in YAML reads as paragraphs), and case
terms that name a case."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.exercises.bank import ExerciseBank
from assistant.exercises.schema import Exercise, unwrap
from tests.exercises.test_shipped_bank import BANK_DIR


def test_hard_wrapped_prose_is_joined_into_paragraphs() -> None:
    text = "Write a prompt that asks\nto draft a reply.\n\nMake clear what\nthe deliverable is.\n"
    assert unwrap(text) == "Write a prompt that asks to draft a reply.\n\nMake clear what the deliverable is."


def test_list_items_keep_their_own_lines() -> None:
    text = "Your prompt should:\n- name the reader\n- ask for one page\n  at most\n1. then check it"
    assert (
        unwrap(text) == "Your prompt should:\n- name the reader\n- ask for one page at most\n1. then check it"
    )


@pytest.mark.parametrize("term", ["a", "-", "  "])
def test_a_case_term_that_would_name_every_case_is_refused(term: str) -> None:
    exercise = ExerciseBank.load(BANK_DIR).get("L1-07-faq-domicile-certificate")
    data = exercise.model_dump() | {"case_terms": ["domicile", term]}
    with pytest.raises(ValidationError, match="case term"):
        Exercise.model_validate(data)
