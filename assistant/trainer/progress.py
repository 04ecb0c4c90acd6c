"""Exercise progress for trainers: per learner (attempts, exercises completed, best average, last
attempt) and per cohort (learners active, completions), from the graded attempts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from assistant.exercises.progress import PASS_SCORE
from assistant.storage.database import Database
from assistant.storage.models import ExerciseAttempt, User
from assistant.trainer.accounts import Account
from assistant.trainer.log_queries import learner_label, learner_ref, rows_of


@dataclass(frozen=True, slots=True)
class LearnerRow:
    learner: str | None
    learner_id: int
    cohort: str | None
    attempts: int
    exercises_tried: int
    completed: int
    average_best: float
    last_attempt_at: datetime | None
    learner_ref: str | None = None  # "learner #12": the console's learner filter takes it


@dataclass(frozen=True, slots=True)
class CohortRow:
    cohort: str
    learners: int
    attempts: int
    completed: int
    average_best: float


def learner_progress(database: Database, viewer: Account, cohort: str | None = None) -> list[LearnerRow]:
    """One row per learner who attempted an exercise, most active first."""
    best = (
        sa.select(
            ExerciseAttempt.user_id,
            ExerciseAttempt.exercise_id,
            sa.func.max(ExerciseAttempt.score).label("best"),
            sa.func.count().label("attempts"),
            sa.func.max(ExerciseAttempt.created_at).label("last"),
        )
        .group_by(ExerciseAttempt.user_id, ExerciseAttempt.exercise_id)
        .subquery()
    )
    query = (
        sa.select(
            User.id,
            User.display_name,
            User.external_id,
            User.cohort,
            sa.func.sum(best.c.attempts),
            sa.func.count(best.c.exercise_id),
            sa.func.sum(sa.case((best.c.best >= PASS_SCORE, 1), else_=0)),
            sa.func.avg(best.c.best),
            sa.func.max(best.c.last),
        )
        .join(best, best.c.user_id == User.id)
        .group_by(User.id, User.display_name, User.external_id, User.cohort)
        .order_by(sa.func.sum(best.c.attempts).desc())
        .limit(1000)
    )
    scope = viewer.cohort or cohort
    if scope:
        query = query.where(User.cohort == scope)
    with database.session() as session:
        rows = rows_of(session.execute(query))
    return [
        LearnerRow(
            learner=learner_label(uid, name, ext, viewer),
            learner_id=uid,
            cohort=coh,
            attempts=int(attempts or 0),
            exercises_tried=int(tried or 0),
            completed=int(done or 0),
            average_best=round(float(avg or 0), 1),
            last_attempt_at=_aware(last),
            learner_ref=learner_ref(uid),
        )
        for uid, name, ext, coh, attempts, tried, done, avg, last in rows
    ]


def cohort_progress(database: Database, viewer: Account) -> list[CohortRow]:
    """Per cohort: learners who practised, attempts, completed exercises and the average best score."""
    by_cohort: dict[str, list[LearnerRow]] = {}
    for row in learner_progress(database, viewer):
        by_cohort.setdefault(row.cohort or "(none)", []).append(row)
    return [
        CohortRow(
            cohort=name,
            learners=len(rows),
            attempts=sum(r.attempts for r in rows),
            completed=sum(r.completed for r in rows),
            average_best=round(sum(r.average_best for r in rows) / len(rows), 1),
        )
        for name, rows in sorted(by_cohort.items())
    ]


def _aware(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):  # SQLite's max() of a timestamp comes back as text
        return datetime.fromisoformat(value)
    return None
