"""Deterministic follow-up resolution (used when no LLM rewrites the question): a question that leans
on the conversation ("is there a simpler version of it?") is searched together with the previous one.

A pronoun or a continuation ("and ...", "aur ...") pointing back makes a follow-up. A question that is
merely short is one only if it does not find its own answer in the material (`stands_alone`: its closest
sentence is close enough): "What is few-shot prompting?" after a policy question is a new topic."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answering.types import Turn
from assistant.index.lexical import tokenize

_ANAPHORA = re.compile(
    r"\b(?:it|its|it's|this|that|these|those|they|them|their|there|the same|such|above|previous|"
    r"earlier|former|latter|he|she|his|her|him"
    # Roman Urdu: is/us (this/that) + case endings, yeh/woh, in/un (these/those)
    r"|iska|iski|iske|isko|isse|ismein|isme|uska|uski|uske|usko|usse|usmein|yeh|ye|woh|wo|inka|inki|"
    r"inke|inko|unka|unki|unke|unko)\b"
    r"|(?:^|\s)(?:یہ|وہ|اس|ان|اسے|انہیں|اسی|ایسا|ایسی)(?=\s|$|[؟?،])",  # Urdu script
    re.IGNORECASE,
)
_CONTINUATION = re.compile(
    r"^\s*(?:and|also|but|so|then|or|what about|how about|same for|ok(?:ay)?|in that|for that|aur|phir|"
    r"to phir|اور|پھر|تو)(?=\s|$|[,،])",
    re.IGNORECASE,
)
_SELF_CONTAINED_WORDS = 9  # a question with this many content words rarely needs the previous one


StandsAlone = Callable[[str], bool]  # does the question alone find its answer in the material?


def is_follow_up(question: str, history: list[Turn], stands_alone: StandsAlone | None = None) -> bool:
    """Whether `question` needs the conversation to be understood."""
    if not history:
        return False
    content = tokenize(question)
    pointing = _CONTINUATION.search(question) is not None or (
        _ANAPHORA.search(question) is not None and len(content) < _SELF_CONTAINED_WORDS
    )
    if pointing:  # a pronoun refers back even when the words around it match well on their own
        return True  # ("Is there a simple one-prompt version of it?" matches a sentence at 0.75)
    return len(content) <= 2 and not (stands_alone is not None and stands_alone(question))


def standalone_query(question: str, history: list[Turn], stands_alone: StandsAlone | None = None) -> str:
    """The text to search for: the question, preceded by the previous question when it is a follow-up."""
    if not is_follow_up(question, history, stands_alone):
        return question
    topic: list[str] = []
    for depth in range(len(history) - 1, max(len(history) - 4, -1), -1):  # back to a self-contained one
        topic.insert(0, history[depth].question)
        if not is_follow_up(history[depth].question, history[:depth], stands_alone):
            break
    return "\n".join([*topic, question])
