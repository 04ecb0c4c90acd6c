"""Keyword stuffing dressed as sentences: "The notification is the only source and hallucination checking
is done with delimiters." It has function words and full stops, so the list test (grader.is_keyword_stuffed)
passes it, but nearly every content word is prompt-craft or rubric vocabulary, it names techniques instead
of using them ("delimiters", "grounding", "the prompt uses"), and it carries no case material: nothing
pasted, no placeholder. A chain or a comparison asked for in the task's words ("Stage 1: extract ...,
step by step") uses its techniques, so it is not stuffing.

The craft vocabulary is the generic prompt-writing words (relevance.TECHNIQUE), the names of techniques
(below) and the words of the exercise's own rubric lines, which the learner is shown."""

from __future__ import annotations

import re

from assistant.exercises.relevance import ROMAN_URDU, STOP, TECHNIQUE
from assistant.exercises.schema import Exercise

CRAFT_SHARE = 0.7  # share of distinct content words that are craft vocabulary ...
MIN_TECHNIQUE_NAMES = 2  # ... with two techniques named ("grounding", "verification"), not done
RUBRIC_SHARE = 0.85  # or nearly every word the rubric's or prompt-writing's, with one technique named
MIN_WORDS = 10  # distinct content words: fewer is a short prompt, which the length cap judges
RUBRIC_WORDS = 12
_WORD = re.compile(r"[a-z][a-z-]{3,}")
TECHNIQUE_NAMES = re.compile(  # a technique named as a noun, or the prompt described instead of written
    r"\b(?:grounding|grounded|verification|hallucinat\w*|delimiters?|few-?shot|zero-?shot|reasoning|persona|"
    r"chain[- ]of[- ]thought|"
    r"deliverables?|constraints?|citations?|rubric|output format|structured outputs?|positive instructions?|"
    r"audience|role|(?:this|the) prompt (?:uses|applies|has|is|includes|gives)|the output (?:is|will be))\b"
)


def vocabulary(exercise: Exercise) -> frozenset[str]:
    """Stems a learner can copy from the rubric, with the generic prompt-writing words."""
    rubric = " ".join(f"{c.criterion} {' '.join(c.keywords)}" for c in exercise.rubric)
    return TECHNIQUE | {w[:6] for w in _WORD.findall(rubric.lower())} | _names()


def _names() -> frozenset[str]:
    words = re.findall(r"[a-z]+", TECHNIQUE_NAMES.pattern)
    return frozenset(w[:6] for w in words if len(w) >= 4)


def craft_share(text: str, craft: frozenset[str]) -> tuple[float, int]:
    """(share of the text's distinct content words that are craft vocabulary, how many there are)."""
    words = {w[:6] for w in _WORD.findall(text.lower()) if w not in STOP and w not in ROMAN_URDU}
    if not words:
        return 0.0, 0
    return sum(w in craft for w in words) / len(words), len(words)


def dressed_stuffing(own: str, craft: frozenset[str], has_case: bool) -> bool:
    """Sentences of rubric and technique words with no case material in the prompt."""
    if has_case:
        return False
    share, words = craft_share(own, craft)
    named = len(TECHNIQUE_NAMES.findall(own.lower()))
    dressed = words >= MIN_WORDS and share >= CRAFT_SHARE and named >= MIN_TECHNIQUE_NAMES
    return dressed or (words >= RUBRIC_WORDS and share >= RUBRIC_SHARE and named >= 1)
