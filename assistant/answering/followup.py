"""Deterministic follow-up resolution (used when no LLM rewrites the question): a question that leans
on the conversation ("is there a simpler version of it?") is searched together with the previous one."""

from __future__ import annotations

import re

from assistant.answering.types import Turn
from assistant.index.lexical import tokenize

_ANAPHORA = re.compile(
    r"\b(?:it|its|it's|this|that|these|those|they|them|their|there|the same|such|above|previous|"
    r"earlier|former|latter|he|she|his|her|him)\b",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(
    r"^\s*(?:and|also|but|so|then|or|what about|how about|same for|ok(?:ay)?|in that|for that)\b",
    re.IGNORECASE,
)
_SELF_CONTAINED_WORDS = 9  # a question with this many content words rarely needs the previous one


def is_follow_up(question: str, history: list[Turn]) -> bool:
    """Whether `question` needs the conversation to be understood."""
    if not history:
        return False
    content = tokenize(question)
    if _CONTINUATION.search(question) or len(content) <= 2:
        return True
    return bool(_ANAPHORA.search(question)) and len(content) < _SELF_CONTAINED_WORDS


def standalone_query(question: str, history: list[Turn]) -> str:
    """The text to search for: the question, preceded by the previous question when it is a follow-up."""
    if not is_follow_up(question, history):
        return question
    topic: list[str] = []
    for depth in range(len(history) - 1, max(len(history) - 4, -1), -1):  # back to a self-contained one
        topic.insert(0, history[depth].question)
        if not is_follow_up(history[depth].question, history[:depth]):
            break
    return "\n".join([*topic, question])
