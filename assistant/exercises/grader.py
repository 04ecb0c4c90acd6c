"""The offline grader: each rubric criterion's check gives pass / partial / fail with a sentence and
the lesson that teaches it; a 0–100 score; the next hint to try. A prompt that is only a list of rubric
words, or that ignores the task, is capped however many checks it trips."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from assistant.exercises.checks import CHECKS, Status, Verdict
from assistant.exercises.schema import Criterion, Exercise

Embed = Callable[[list[str]], np.ndarray]

_POINTS: dict[Status, float] = {"pass": 1.0, "partial": 0.5, "fail": 0.0}
_FUNCTION_WORDS = frozenset(
    "the a an to of and for in is are be with this that it you your on as by from what which please "
    "i we our my me us will should can must if not into about at or so".split()
)
STUFFED_FACTOR = 0.3  # a prompt without sentences keeps at most 30% of its score
OFF_TASK_FACTOR = 0.4
FULL_LENGTH_WORDS = 25
OFF_TASK_SIMILARITY = 0.3  # measured: on-task prompts ~0.65, unrelated ones ~0.22


@dataclass(frozen=True, slots=True)
class CriterionResult:
    id: str
    criterion: str
    status: Status
    weight: int
    points: float
    feedback: str
    lesson: str


@dataclass(frozen=True, slots=True)
class Grade:
    score: int
    criteria: list[CriterionResult]
    next_hint: int | None  # 1-3, the hint to read next; None when the prompt is strong
    flags: list[str] = field(default_factory=list)  # "keyword_stuffing", "off_task", "too_short"


def is_keyword_stuffed(prompt: str) -> bool:
    """True when the prompt reads like a list of words rather than instructions to a model."""
    words = re.findall(r"[A-Za-z']+", prompt.lower())
    if len(words) < 8:
        return False
    function_share = sum(w in _FUNCTION_WORDS for w in words) / len(words)
    sentences = [s for s in re.split(r"[.!?\n]+", prompt) if len(s.split()) >= 6]
    return function_share < 0.12 or not sentences


class Grader:
    """Grades a learner's prompt against an exercise's rubric; `embed` enables the off-task check."""

    def __init__(self, embed: Embed | None = None) -> None:
        self._embed = embed

    def grade(self, exercise: Exercise, prompt: str) -> Grade:
        results = [self._criterion(c, prompt) for c in exercise.rubric]
        raw = sum(r.weight * r.points for r in results)
        flags: list[str] = []
        if is_keyword_stuffed(prompt):
            flags.append("keyword_stuffing")
            raw *= STUFFED_FACTOR
        if self._off_task(exercise, prompt):
            flags.append("off_task")
            raw *= OFF_TASK_FACTOR
        words = len(prompt.split())
        if words < FULL_LENGTH_WORDS:  # a one-line request cannot carry task, reader, format and context
            flags.append("too_short")
            raw *= words / FULL_LENGTH_WORDS
        score = round(raw)
        return Grade(score, results, _next_hint(score), flags)

    @staticmethod
    def _criterion(criterion: Criterion, prompt: str) -> CriterionResult:
        verdict = CHECKS[criterion.check](prompt)
        verdict = _with_keywords(verdict, criterion.keywords, prompt)
        return CriterionResult(
            criterion.id,
            criterion.criterion,
            verdict.status,
            criterion.weight,
            _POINTS[verdict.status],
            verdict.feedback,
            criterion.lesson,
        )

    def _off_task(self, exercise: Exercise, prompt: str) -> bool:
        if self._embed is None or not prompt.strip():
            return False
        vectors = self._embed([f"{exercise.title}. {exercise.task}", prompt[:2000]])
        return float(vectors[0] @ vectors[1]) < OFF_TASK_SIMILARITY


def _with_keywords(verdict: Verdict, keywords: list[str], prompt: str) -> Verdict:
    """A pass needs at least half of the task's own words (e.g. 'minister'), else it is partial."""
    if verdict.status != "pass" or not keywords:
        return verdict
    lowered = prompt.lower()
    missing = [k for k in keywords if k.lower() not in lowered]
    if len(missing) * 2 > len(keywords):
        return Verdict(
            "partial", f"{verdict.feedback} Make it specific to this task: mention {', '.join(missing)}."
        )
    return verdict


def _next_hint(score: int) -> int | None:
    if score < 50:
        return 1
    if score < 75:
        return 2
    if score < 90:
        return 3
    return None
