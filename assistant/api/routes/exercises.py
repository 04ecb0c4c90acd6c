"""Exercises: list, show, hints, graded attempts, and a learner's progress. Thin over `ExerciseService`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import RateLimiterDep, ServicesDep
from assistant.api.errors import BUSY_RESPONSE
from assistant.api.limits import check_rate_limit
from assistant.api.presenters import exercise_out, exercise_summary, graded_attempt
from assistant.api.schemas import (
    AttemptIn,
    AttemptOut,
    Channel,
    ErrorResponse,
    ExerciseList,
    ExerciseOut,
    HintOut,
    ProgressOut,
)
from assistant.exercises.rules import HINTS_PER_EXERCISE, MAX_LEVEL, MIN_LEVEL
from assistant.exercises.schema import Skill
from assistant.exercises.service import FeatureUnavailableError

router = APIRouter(prefix="/v1", tags=["exercises"])
ExerciseId = Annotated[str, Path(max_length=80)]
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No such exercise"}
}


@router.get("/exercises", response_model=ExerciseList)
def list_exercises(
    services: ServicesDep,
    level: Annotated[int | None, Query(ge=MIN_LEVEL, le=MAX_LEVEL)] = None,
    skill: Annotated[Skill | None, Query()] = None,
) -> ExerciseList:
    """Exercises ordered by level, optionally of one level or practising one skill."""
    found = services.exercises.list(level, skill)
    return ExerciseList(exercises=[exercise_summary(e) for e in found])


@router.get("/exercises/{exercise_id}", response_model=ExerciseOut, responses=_NOT_FOUND)
def get_exercise(exercise_id: ExerciseId, services: ServicesDep) -> ExerciseOut:
    """The scenario, task, sample input and rubric (hints and the model answer are earned separately)."""
    return exercise_out(services.exercises.get(exercise_id))


@router.get("/exercises/{exercise_id}/hints/{n}", response_model=HintOut, responses=_NOT_FOUND)
def get_hint(
    exercise_id: ExerciseId, n: Annotated[int, Path(ge=1, le=HINTS_PER_EXERCISE)], services: ServicesDep
) -> HintOut:
    """Hint 1 is gentle, hint 3 is specific."""
    return HintOut(exercise_id=exercise_id, n=n, text=services.exercises.hint(exercise_id, n))


@router.post(
    "/exercises/{exercise_id}/attempts",
    status_code=201,
    response_model=AttemptOut,
    responses={
        **_NOT_FOUND,
        429: {"model": ErrorResponse, "description": "Too many attempts; Retry-After"},
        503: BUSY_RESPONSE,
    },
)
async def post_attempt(
    exercise_id: ExerciseId, body: AttemptIn, services: ServicesDep, limiter: RateLimiterDep
) -> AttemptOut:
    """Grade a prompt against the rubric, record it in the learner's progress, and say what to try next."""
    check_rate_limit(limiter, f"exercise:{body.user_id}")
    exercises = services.exercises
    out = await graded_attempt(
        exercises, services.admission, exercise_id, body.prompt, body.user_id, body.channel
    )
    if body.try_it:  # the attempt is graded and recorded either way: a try-it failure is reported, not raised
        try:
            out.try_it_output = await run_in_threadpool(exercises.try_it, exercise_id, body.prompt)
        except FeatureUnavailableError as exc:
            out.try_it_error = str(exc)
    return out


@router.get("/learners/{user_id}/progress", response_model=ProgressOut)
def get_progress(
    user_id: Annotated[str, Path(min_length=1, max_length=128)],
    services: ServicesDep,
    channel: Annotated[Channel, Query(description="The channel the id belongs to.")] = "api",
) -> ProgressOut:
    """Attempts, best score per exercise, levels unlocked and the day streak; empty for a new learner."""
    progress = services.exercises.progress(user_id, channel)
    return ProgressOut(user_id=user_id, **asdict(progress))
