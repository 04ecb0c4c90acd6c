"""Which messages are courtesies (assistant/answering/social.py): only those that are nothing else."""

from __future__ import annotations

import pytest

from assistant.answering.social import social_kind


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Thanks!", "thanks"),
        ("thank you so much sir 🙂", "thanks"),
        ("Ok, thanks", "thanks"),
        ("Bohat shukriya", "thanks"),
        ("بہت شکریہ۔", "thanks"),
        ("JazakAllah khair", "thanks"),
        ("Hello there", "greeting"),
        ("Assalam-o-Alaikum", "greeting"),
        ("السلام علیکم", "greeting"),
        ("Good morning ma'am", "greeting"),
        ("Khuda hafiz", "goodbye"),
        ("bye for now", "goodbye"),
    ],
)
def test_a_courtesy_is_recognised(message: str, kind: str) -> None:
    assert social_kind(message) == kind


@pytest.mark.parametrize(
    "message",
    [
        "Thanks, but what about zero-shot?",
        "Hi, what is RAG?",
        "thank you for explaining, now how do I cite sources?",
        "Is saying thanks to the chatbot useful?",
        "Hello world example in Python",
        "",
    ],
)
def test_a_question_with_a_courtesy_in_it_is_still_a_question(message: str) -> None:
    assert social_kind(message) is None
