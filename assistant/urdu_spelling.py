"""Urdu script: which text is written in it, and spelling that does not change a word. The vowel marks
(zer, zabar, pesh...) are optional, so every reader of learners' Urdu (search's glossary, the grader's
tables, the trainer's wording) drops them."""

from __future__ import annotations

import re

URDU_SCRIPT = re.compile(r"[\u0600-\u06ff]")  # a letter of the Arabic block, in which Urdu is written
_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670]")


def without_diacritics(text: str) -> str:
    return _DIACRITICS.sub("", text)
