"""Exercises as every channel uses them: list, show, hint, grade an attempt (and record it), progress,
and the exercise to suggest next. Adapters (API, Telegram, CLI, widget) call this and only format."""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass

from assistant.errors import AnswererUnavailableError, AssistantError, InvalidQueryError, TooLongError
from assistant.exercises.bank import ExerciseBank
from assistant.exercises.grader import Grade, Grader
from assistant.exercises.llm_review import JudgeVerdict, PromptReviewer
from assistant.exercises.progress import PASS_SCORE, AttemptStore, LearnerProgress, compute_progress
from assistant.exercises.schema import Exercise
from assistant.privacy import redact
from assistant.storage import QuestionLog

logger = logging.getLogger(__name__)

MAX_PROMPT_CHARS = 8000
MODEL_ANSWER_AFTER_ATTEMPTS = 3
_WANTS_EXERCISE = re.compile(
    r"\b(?:(?:give|suggest|recommend|next|another|new|start|want|need|try)\b.{0,30}\b(?:exercises?|practi[cs]e|"
    r"drill|task)|(?:exercises?|practi[cs]e)\b.{0,20}\b(?:next|for me|please)|what should i (?:practi[cs]e|"
    r"do next)|mashq|مشق|ایکسرسائز"
    # Roman Urdu: "mujhe ek exercise do", "agli practice dijiye", "koi mashq karwayen"
    r"|(?:koi|ek|aik|agli|agla|nayi|naya|dusri|doosri)\s+(?:exercises?|practi[cs]e)"
    r"|(?:exercises?|practi[cs]e)\s+(?:do|dein|den|dijiye|dijye|chahiye|karwao|karwayen|karayen))\b",
    re.IGNORECASE,
)


class UnknownHintError(AssistantError):
    """Hints are numbered 1 to 3."""


class FeatureUnavailableError(AssistantError):
    """The feature needs an LLM and none is configured (or it cannot be reached)."""


@dataclass(frozen=True, slots=True)
class AttemptResult:
    exercise: Exercise
    grade: Grade
    attempt_id: int
    attempt_number: int  # this learner's attempts at this exercise, this one included
    best_score: int
    progress: LearnerProgress
    judge: JudgeVerdict | None
    judge_error: str | None
    personal_data_redacted: bool  # the stored copy of the prompt had personal data masked

    @property
    def model_answer(self) -> str | None:
        """The exercise's model answer, once earned: the exercise completed, or after a few attempts."""
        earned = self.best_score >= PASS_SCORE or self.attempt_number >= MODEL_ANSWER_AFTER_ATTEMPTS
        return self.exercise.model_answer if earned else None


def wants_exercise(message: str) -> bool:
    """Whether a chat message asks for practice rather than asking a question about the material."""
    return bool(_WANTS_EXERCISE.search(message))


class ExerciseService:
    def __init__(
        self,
        bank: ExerciseBank,
        grader: Grader,
        log: QuestionLog,
        attempts: AttemptStore,
        reviewer: PromptReviewer | None = None,
    ) -> None:
        self.bank = bank
        self.grader = grader
        self.log = log
        self.attempts = attempts
        self.reviewer = reviewer

    def list(self, level: int | None = None, skill: str | None = None) -> list[Exercise]:
        return self.bank.list(level, skill)

    def get(self, exercise_id: str) -> Exercise:
        return self.bank.get(exercise_id)

    def hint(self, exercise_id: str, n: int) -> str:
        """Hint `n` (1 = gentle, 3 = specific)."""
        hints = self.bank.get(exercise_id).hints
        if not 1 <= n <= len(hints):
            raise UnknownHintError(f"Hints are numbered 1 to {len(hints)}.")
        return hints[n - 1]

    def grade(self, exercise_id: str, prompt: str) -> Grade:
        """A grade without recording anything (anonymous practice, the terminal session's preview)."""
        return self.grader.grade(self.bank.get(exercise_id), _checked(prompt))

    def attempt(
        self,
        exercise_id: str,
        prompt: str,
        user_id: str,
        channel: str = "api",
        *,
        display_name: str | None = None,
        cohort: str | None = None,
        judge: bool = True,
    ) -> AttemptResult:
        """Grade the prompt, record the attempt under the learner, and return the updated progress.

        The grader sees the prompt as written (it must notice personal data); the store and the LLM
        only ever see the redacted copy."""
        exercise = self.bank.get(exercise_id)
        prompt = _checked(prompt)
        grade = self.grader.grade(exercise, prompt)
        redacted = redact(prompt)
        verdict, judge_error = None, None
        if judge and self.reviewer is not None:
            try:
                verdict = self.reviewer.judge(exercise, redacted.text)
            except AnswererUnavailableError as exc:
                judge_error = str(exc)
        user = self.log.get_or_create_user(channel, user_id, display_name, cohort)
        attempt_id = self.attempts.add(
            user,
            exercise,
            grade.score,
            redacted.text,
            [{k: v for k, v in asdict(c).items() if k != "lesson"} for c in grade.criteria],
            grade.flags,
            channel,
            verdict.score if verdict else None,
        )
        progress = self._progress_of(user)
        mine = next(e for e in progress.exercises if e.exercise_id == exercise.id)
        return AttemptResult(
            exercise,
            grade,
            attempt_id,
            mine.attempts,
            mine.best_score if mine.best_score is not None else grade.score,
            progress,
            verdict,
            judge_error,
            redacted.text != prompt,
        )

    def try_it(self, exercise_id: str, prompt: str) -> str:
        """The LLM's output for the (redacted) prompt on the exercise's sample input."""
        exercise = self.bank.get(exercise_id)
        if self.reviewer is None:
            raise FeatureUnavailableError("Try it needs an LLM: set ASSISTANT_LLM_BASE_URL to enable it.")
        try:
            return self.reviewer.try_it(exercise, redact(_checked(prompt)).text)
        except AnswererUnavailableError as exc:
            raise FeatureUnavailableError(f"The LLM could not run the prompt ({exc}).") from exc

    def progress(self, user_id: str, channel: str = "api") -> LearnerProgress:
        """A learner's progress; someone who never attempted anything gets an empty one."""
        user = self.log.find_user(channel, user_id)
        rows = self.attempts.rows(user) if user is not None else []
        return compute_progress(self.bank, rows, self.attempts.now().date())

    def suggest_next(self, user_id: str | None, channel: str = "api") -> Exercise | None:
        """The exercise a learner should try next (the first one for someone new)."""
        progress = self.progress(user_id, channel) if user_id else self._empty()
        return self.bank.get(progress.next_exercise_id) if progress.next_exercise_id else None

    def pick_next(
        self, user_id: str, channel: str = "api", level: int | None = None, skip: str | None = None
    ) -> Exercise | None:
        """The learner's next exercise other than `skip` (the one just done): the first not yet completed
        of `level` (the first of that level if all are), else the suggested one."""
        if level is None:
            suggested = self.suggest_next(user_id, channel)
            if suggested is None or suggested.id != skip:
                return suggested
            level = suggested.level
        done = {e.exercise_id for e in self.progress(user_id, channel).exercises if e.completed}
        candidates = [e for e in self.list(level) if e.id != skip]
        return next((e for e in candidates if e.id not in done), candidates[0] if candidates else None)

    def _progress_of(self, user: int) -> LearnerProgress:
        return compute_progress(self.bank, self.attempts.rows(user), self.attempts.now().date())

    def _empty(self) -> LearnerProgress:
        return compute_progress(self.bank, [], self.attempts.now().date())


def _checked(prompt: str) -> str:
    if not prompt.strip():
        raise InvalidQueryError("The prompt is empty: write the prompt you would give the AI assistant.")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise TooLongError(f"The prompt is longer than {MAX_PROMPT_CHARS} characters.")
    return prompt
