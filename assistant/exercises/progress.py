"""A learner's progress, computed from their graded attempts: best score per exercise, levels unlocked,
the day streak and the exercise to try next. Pure functions over rows; `AttemptStore` keeps the rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from assistant.exercises.bank import ExerciseBank
from assistant.exercises.schema import Exercise
from assistant.storage.database import Database
from assistant.storage.models import ExerciseAttempt, utc_now

PASS_SCORE = 70  # an exercise counts as completed from this best score
UNLOCK_COMPLETED = 3  # completed exercises of a level that open the next one (all, if it has fewer)


@dataclass(frozen=True, slots=True)
class AttemptRow:
    exercise_id: str
    score: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ExerciseProgress:
    exercise_id: str
    title: str
    level: int
    attempts: int
    best_score: int | None
    completed: bool
    last_attempt_at: datetime | None


@dataclass(frozen=True, slots=True)
class LevelProgress:
    level: int
    unlocked: bool
    exercises: int
    completed: int
    needed_to_unlock_next: int


@dataclass(frozen=True, slots=True)
class LearnerProgress:
    total_attempts: int
    completed: int
    exercises_total: int
    current_streak_days: int
    unlocked_level: int
    levels: list[LevelProgress]
    exercises: list[ExerciseProgress]
    next_exercise_id: str | None

    def best(self, exercise_id: str) -> int | None:
        return next((e.best_score for e in self.exercises if e.exercise_id == exercise_id), None)


def compute_progress(bank: ExerciseBank, attempts: Iterable[AttemptRow], today: date) -> LearnerProgress:
    """Progress from all of a learner's attempts (any order); exercises no longer in the bank are ignored."""
    by_exercise: dict[str, list[AttemptRow]] = {}
    days: set[date] = set()
    for row in attempts:
        days.add(row.created_at.date())
        by_exercise.setdefault(row.exercise_id, []).append(row)

    exercises = [_exercise_progress(e, by_exercise.get(e.id, [])) for e in bank.list()]
    levels = _levels(exercises)
    unlocked_level = max((lv.level for lv in levels if lv.unlocked), default=1)
    return LearnerProgress(
        total_attempts=sum(e.attempts for e in exercises),
        completed=sum(e.completed for e in exercises),
        exercises_total=len(exercises),
        current_streak_days=streak(days, today),
        unlocked_level=unlocked_level,
        levels=levels,
        exercises=exercises,
        next_exercise_id=_next_exercise(exercises, unlocked_level),
    )


def streak(days: set[date], today: date) -> int:
    """Consecutive days with an attempt, ending today (or yesterday: the streak is not lost until tonight)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def _exercise_progress(exercise: Exercise, rows: Sequence[AttemptRow]) -> ExerciseProgress:
    best = max((r.score for r in rows), default=None)
    return ExerciseProgress(
        exercise_id=exercise.id,
        title=exercise.title,
        level=exercise.level,
        attempts=len(rows),
        best_score=best,
        completed=best is not None and best >= PASS_SCORE,
        last_attempt_at=max((r.created_at for r in rows), default=None),
    )


def _levels(exercises: list[ExerciseProgress]) -> list[LevelProgress]:
    levels: list[LevelProgress] = []
    unlocked = True  # level 1 is always open
    for level in sorted({e.level for e in exercises}):
        in_level = [e for e in exercises if e.level == level]
        completed = sum(e.completed for e in in_level)
        needed = min(UNLOCK_COMPLETED, len(in_level))
        levels.append(LevelProgress(level, unlocked, len(in_level), completed, max(0, needed - completed)))
        unlocked = unlocked and completed >= needed
    return levels


def _next_exercise(exercises: list[ExerciseProgress], unlocked_level: int) -> str | None:
    """The first untried exercise of the lowest open level with work left, else the weakest incomplete one."""
    open_ = [e for e in exercises if e.level <= unlocked_level and not e.completed]
    if not open_:
        return None
    lowest = min(e.level for e in open_)
    in_level = [e for e in open_ if e.level == lowest]
    untried = [e for e in in_level if e.attempts == 0]
    if untried:
        return untried[0].exercise_id
    return min(in_level, key=lambda e: e.best_score or 0).exercise_id


class AttemptStore:
    """Graded attempts in the question-log database (deleted with the learner)."""

    def __init__(self, database: Database, clock: Callable[[], datetime] = utc_now) -> None:
        self._db = database
        self._clock = clock

    def now(self) -> datetime:
        return self._clock()

    def add(
        self,
        user_id: int,
        exercise: Exercise,
        score: int,
        prompt: str,
        criteria: list[dict[str, Any]],
        flags: list[str],
        channel: str,
        judge_score: int | None = None,
    ) -> int:
        """Store one attempt (the prompt must already be redacted); returns its id."""
        with self._db.session() as session:
            attempt = ExerciseAttempt(
                user_id=user_id,
                exercise_id=exercise.id,
                level=exercise.level,
                score=score,
                prompt=prompt,
                criteria=criteria,
                flags=flags,
                judge_score=judge_score,
                channel=channel,
                created_at=self._clock(),
            )
            session.add(attempt)
            session.flush()
            return attempt.id

    def rows(self, user_id: int) -> list[AttemptRow]:
        query = sa.select(
            ExerciseAttempt.exercise_id, ExerciseAttempt.score, ExerciseAttempt.created_at
        ).where(ExerciseAttempt.user_id == user_id)
        with self._db.session() as session:
            return [AttemptRow(*row) for row in session.execute(query).all()]
