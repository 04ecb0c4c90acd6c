"""Exercise texts as learners read them: prose written hard-wrapped in YAML reads as paragraphs."""

from __future__ import annotations

from assistant.exercises.schema import unwrap


def test_hard_wrapped_prose_is_joined_into_paragraphs() -> None:
    text = "Write a prompt that asks\nto draft a reply.\n\nMake clear what\nthe deliverable is.\n"
    assert unwrap(text) == "Write a prompt that asks to draft a reply.\n\nMake clear what the deliverable is."


def test_list_items_keep_their_own_lines() -> None:
    text = "Your prompt should:\n- name the reader\n- ask for one page\n  at most\n1. then check it"
    assert (
        unwrap(text) == "Your prompt should:\n- name the reader\n- ask for one page at most\n1. then check it"
    )
