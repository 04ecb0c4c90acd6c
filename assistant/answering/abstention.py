"""Deciding not to answer, from interpretable signals measured on the dev set (bench/answers.py):
how close the best quotable sentence is to the question, whether a rare word of the question matched,
whether the question names something the corpus never mentions, and whether a "how many X" question
finds a number next to X in what would be quoted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.index.lexical import tokenize

_HOW_MANY = re.compile(r"\bhow\s+(?:many|much)\s+((?:[a-z-]+\s+){0,1}[a-z-]+)", re.IGNORECASE)
_NUMBER = (
    r"(?:\d[\d,.]*\s*(?:k|m|b|bn|million|billion|thousand|lakh|crore|%|percent)?|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|hundred|thousand|dozens?|several)"
)
_NOT_A_NOUN = {
    "is",
    "are",
    "was",
    "were",
    "do",
    "does",
    "did",
    "can",
    "will",
    "would",
    "of",
    "in",
    "the",
    "it",
    "long",
    "more",
    "old",
    "should",
    "could",
    "must",
    "may",
    "might",
    "shall",
    "has",
    "have",
    "had",
    "i",
    "we",
    "you",
    "they",
    "there",
    "to",
}

REFUSAL = (
    "I couldn't find this in the course material or policy documents. You could rephrase the question, "
    "ask about a related topic from the course, or ask your trainer."
)


@dataclass(frozen=True, slots=True)
class Signals:
    meaning: float  # cosine similarity of the best quotable sentence to the question
    lexical: float  # best BM25 score among the passages over the corpus's largest IDF (size-free)
    unknown_acronyms: tuple[str, ...]  # acronyms in the question that the corpus never mentions
    answer_type_found: bool  # a figure, year, frequency or name the question asks for is in the quotes


@dataclass(frozen=True, slots=True)
class Thresholds:
    min_meaning: float = 0.25  # below this nothing quotable is about the question
    weak_meaning: float = 0.47  # below this, also require a rare word to match...
    # ...scoring at least this share of one unique word's IDF (calibrated on ../shared: BM25 4.0 of 7.66;
    # raw BM25 grows with corpus size, so the ratio is what transfers to a small knowledge base)
    min_lexical: float = 0.52


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z](?:-?\d+)?\b")


_CONTEXT_BEFORE = re.compile(r"\b(?:my|our|your|his|her|their|a|an)\s+$", re.IGNORECASE)
_COMMON_CAPITALS = {"OK", "I"}


def unknown_acronyms(question: str, known: Callable[[str], bool]) -> tuple[str, ...]:
    """Acronyms (EU, BPS-17) the corpus never uses: the question is about something we have no text on.

    Not when the learner is describing their own situation ("my DS says...", "an SRO date"): measured
    on the golden set, those are answerable questions that merely mention office jargon."""
    found = []
    for match in _ACRONYM.finditer(question):
        before = question[: match.start()]
        if match.group(0) in _COMMON_CAPITALS or _CONTEXT_BEFORE.search(before) or before.endswith("["):
            continue  # "[CNIC]" is our own redaction placeholder, not a subject
        terms = tokenize(match.group(0))
        if terms and not any(known(t) for t in terms):
            found.append(match.group(0))
    return tuple(found)


def quantity_found(question: str, evidence: list[str]) -> bool:
    """For "how many/much X" questions: does a quoted sentence name every word of X and put a number
    within a few words of one of them? ("how many faculty members": "300 commission members" is not it.)"""
    match = _HOW_MANY.search(question)
    if not match:
        return True
    nouns = [w for w in match.group(1).lower().split() if w not in _NOT_A_NOUN]
    if not nouns:
        return True
    stems = [re.escape(noun.rstrip("s")[:6]) for noun in nouns]  # "how many hours long": hours
    near = re.compile(rf"{_NUMBER}\W+(?:\w+\W+){{0,3}}(?:{'|'.join(stems)})", re.IGNORECASE)
    every = [re.compile(rf"\b{stem}", re.IGNORECASE) for stem in stems]
    return any(near.search(text) and all(w.search(text) for w in every) for text in evidence)


_ANSWER_TYPES: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    # (what the question asks for, what a sentence answering it must contain)
    (
        re.compile(r"\b(?:by|in|from|until)?\s*(?:what|which)\s+year\b|\bwhat\s+date\b", re.I),
        re.compile(r"\b(?:19|20)\d\d\b"),
    ),
    (
        re.compile(r"\bhow\s+often\b", re.I),
        re.compile(
            r"\b(?:daily|weekly|monthly|quarterly|annually|yearly|every|each|once|twice|times\s+a|per)\b",
            re.I,
        ),
    ),
    (
        re.compile(r"\b(?:what(?:'s|\s+is)\s+the\s+name\s+of|who\s+(?:is|was)\s+the)\b", re.I),
        re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\s+[A-Z][a-z]+"),  # a name: two capitalised words
    ),
]


def answer_type_found(question: str, evidence: list[str]) -> bool:
    """For questions asking for a year, a frequency or a person's name: does a quoted sentence have one?"""
    for asks, answer in _ANSWER_TYPES:
        if asks.search(question) and not any(answer.search(text) for text in evidence):
            return False
    return quantity_found(question, evidence)


def refusal_reason(signals: Signals, thresholds: Thresholds) -> str | None:
    """Why not to answer, or None to answer."""
    if signals.meaning < thresholds.min_meaning:
        return "out_of_scope"
    if signals.meaning < thresholds.weak_meaning and signals.lexical < thresholds.min_lexical:
        return "out_of_scope"
    if signals.unknown_acronyms:
        return "unknown_subject"
    if not signals.answer_type_found:
        return "figure_not_in_sources"
    return None
