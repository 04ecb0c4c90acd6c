"""Which case is a prompt about? A skilled prompt for another case of the same office (another tender,
another advance, another nomination) uses the exercise's own vocabulary throughout, so the topic words
cannot tell it apart; the figures it brings can. A prompt that carries no material but states its own
dates, amounts, times and years, few of which the exercise knows, is working on another case.

Counts and lengths ("150 words", "5 bullets"), list numbering and the numbers one to ten say how to
write, not which case, and are left out. Measured on the calibration sets the grader is tuned on
(prompts, blind, heldout-2): of the prompts that carry no material and state at least three figures,
no strong or medium one has a third or fewer of them in the exercise; 14 of 16 off-task ones do."""

from __future__ import annotations

import re

from assistant.exercises.schema import Exercise

MIN_FIGURES = 3  # fewer: too little to say which case
KNOWN_SHARE = 1 / 3  # at most this share of the prompt's figures in the exercise: another case

_UNITS = (
    r"words?|bullets?|lines?|sentences?|points?|paragraphs?|paras|pages?|faqs?|questions?|items?|rows?|"
    r"columns?|examples?|prompts?|characters?|steps?|parts?|sections?|options?|categories|labels?|"
    r"languages?|versions?|minutes? to read"
)
_TIME = re.compile(r"\b(\d{1,2})[:.](\d{2})\b")
_FIGURE = re.compile(rf"(?<![\w\[])(\d[\d,]*(?:\.\d+)?)(?!\s*(?:[-–]|to)?\s*(?:\d+\s*)?(?:{_UNITS})\b)", re.I)
_NUMBERING = re.compile(r"^\s*(?:\d+[.)]|\(\w\)|[-*•])\s*", re.M)
_SMALL = frozenset(str(n) for n in range(11))


def figures(text: str) -> list[str]:
    """The case figures of `text`, normalised ("1,500" is "1500", "11:30" is "11.30", "04" is "4")."""
    text = _TIME.sub(r"\1.\2", _NUMBERING.sub("", text))
    found = (m.group(1).replace(",", "").rstrip(".").lstrip("0") or "0" for m in _FIGURE.finditer(text))
    return [f for f in found if f not in _SMALL]


def known_figures(exercise: Exercise) -> frozenset[str]:
    """Every figure the exercise states: scenario, task, material, model answer, hints, mistakes."""
    text = " ".join(
        [exercise.title, exercise.scenario, exercise.task, exercise.sample_input or "", exercise.model_answer]
        + exercise.hints
        + exercise.common_mistakes
    )
    stated = figures(text)
    return frozenset(stated) | frozenset(f.split(".")[0] for f in stated)  # "11.00" knows "11" too


def other_case_figures(own: str, known: frozenset[str]) -> tuple[str, ...]:
    """The prompt's figures the exercise does not know, when they say it is about another case; else ()."""
    stated = list(dict.fromkeys(figures(own)))
    if len(stated) < MIN_FIGURES:
        return ()
    unknown = tuple(f for f in stated if f not in known)
    return unknown if len(stated) - len(unknown) <= KNOWN_SHARE * len(stated) else ()
