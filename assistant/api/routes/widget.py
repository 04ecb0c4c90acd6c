"""The learners' widget: `/widget.js` (one script tag on any allowed page), the demo portal at `/`, and
the widget's API under `/widget/api` (origin-checked by `assistant.api.origins`). Answers come from the
same Tutor and exercise service as `/v1`; the widget's channel is "web".

Identity: a portal token (`X-Ustad-Token`, HS256 with ASSISTANT_WIDGET_SECRET) names the learner, their
name and cohort; without one the learner is anonymous under a random id the browser keeps
(`X-Ustad-Anon`), so a conversation and exercise progress survive a page reload and nothing else is known.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from assistant.answering.pipeline import ChatRequest
from assistant.api.deps import RateLimiterDep, ServicesDep
from assistant.api.errors import BUSY_RESPONSE, LEARNER_TOKEN_RESPONSES, not_found
from assistant.api.limits import check_rate_limit, client_address
from assistant.api.presenters import (
    answer_stream,
    exercise_out,
    exercise_summary,
    graded_attempt,
    lesson_titles,
    session_history,
)
from assistant.api.schemas import (
    SESSION_ID_PATTERN,
    AttemptOut,
    ErrorResponse,
    ExerciseList,
    ExerciseOut,
    FeedbackRecorded,
    FeedbackRequest,
    HintOut,
    ProgressOut,
    RequestModel,
    SessionHistory,
    WidgetConfig,
)
from assistant.api.signing import ANONYMOUS_PREFIX, InvalidTokenError, PortalLearner, portal_learner
from assistant.api.static_files import static_response
from assistant.exercises.rules import HINTS_PER_EXERCISE, MAX_LEVEL, MIN_LEVEL
from assistant.privacy import redact

router = APIRouter(tags=["widget"])
api = APIRouter(prefix="/widget/api")
_ANON_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
_NO_EXERCISE = not_found("No such exercise")
_RATE_LIMITED: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorResponse, "description": "Too many requests; see Retry-After"}
}


class WidgetChatIn(RequestModel):
    message: str = Field(min_length=1, max_length=20_000)
    session_id: str | None = Field(default=None, pattern=SESSION_ID_PATTERN)


class WidgetAttemptIn(RequestModel):
    prompt: str = Field(min_length=1, max_length=20_000)
    language: Literal["en", "ur"] = Field(default="en", description="The widget's language (of flag notes).")


class Learner(BaseModel):
    user_id: str | None
    name: str | None = None
    cohort: str | None = None
    kind: str = "anonymous"


def learner(
    request: Request,
    token: Annotated[str | None, Header(alias="X-Ustad-Token", max_length=4096)] = None,
    anon: Annotated[str | None, Header(alias="X-Ustad-Anon", max_length=64)] = None,
) -> Learner:
    """Who is asking: the portal's signed learner, else an anonymous browser id, else nobody."""
    if token:
        secret = request.app.state.settings.widget_secret
        if secret is None:
            raise HTTPException(401, "Signed learner tokens are not enabled on this server.")
        try:
            found: PortalLearner = portal_learner(token, secret.get_secret_value())
        except InvalidTokenError as exc:
            raise HTTPException(401, str(exc)) from exc
        return Learner(user_id=found.id, name=found.name, cohort=found.cohort, kind="portal")
    if anon and _ANON_ID.fullmatch(anon):
        return Learner(user_id=f"{ANONYMOUS_PREFIX}{anon}")
    return Learner(user_id=None)


LearnerDep = Annotated[Learner, Depends(learner)]


@router.get("/widget.js", include_in_schema=False)
def widget_js() -> Response:
    return static_response("widget.js", cache_s=300)


@router.get("/", include_in_schema=False)
def demo_portal() -> Response:
    """A demo "training portal" page that embeds the widget with its one script tag."""
    return static_response("portal.html")


@cache
def _suggestions() -> dict[str, list[str]]:
    text = resources.files("assistant.api").joinpath("suggestions.json").read_text(encoding="utf-8")
    loaded: dict[str, list[str]] = json.loads(text)
    return loaded


@api.get("/config")
def config() -> WidgetConfig:
    """Suggested questions per language. The widget's first call: a simple GET with no custom header,
    so a page on a refused origin can read the 403 and say why."""
    return WidgetConfig(suggestions=_suggestions())


@api.post(
    "/chat/stream",
    responses={
        200: {"content": {"text/event-stream": {}}},
        **LEARNER_TOKEN_RESPONSES,
        **_RATE_LIMITED,
        503: BUSY_RESPONSE,
    },
)
async def chat_stream(
    body: WidgetChatIn,
    who: LearnerDep,
    request: Request,
    services: ServicesDep,
    limiter: RateLimiterDep,
) -> StreamingResponse:
    """An answer as Server-Sent Events (`token`, `citations`, `done`), as `/v1/chat/stream`."""
    check_rate_limit(limiter, f"chat:{who.user_id or client_address(request)}")
    chat = ChatRequest(body.message, body.session_id, who.user_id, "web", who.name, who.cohort)
    return await answer_stream(services.tutor, chat, services.admission)


@api.get(
    "/sessions/{session_id}",
    response_model=SessionHistory,
    responses={
        403: {"model": ErrorResponse, "description": "The conversation belongs to another learner"},
        404: {"model": ErrorResponse, "description": "No such conversation"},
        **LEARNER_TOKEN_RESPONSES,
    },
)
def session(
    session_id: Annotated[str, Path(pattern=SESSION_ID_PATTERN)], who: LearnerDep, services: ServicesDep
) -> SessionHistory:
    """The learner's own conversation, to show it again after a page reload (the last 50 exchanges)."""
    return session_history(services.question_log, session_id, "web", who.user_id, limit=50)


@api.post(
    "/feedback", status_code=201, response_model=FeedbackRecorded, responses=not_found("No such message")
)
def feedback(body: FeedbackRequest, services: ServicesDep) -> FeedbackRecorded:
    comment = redact(body.comment).text if body.comment else None
    services.question_log.add_feedback(body.message_id, body.rating, comment)
    return FeedbackRecorded()


@api.get("/exercises", response_model=ExerciseList)
def exercises(
    services: ServicesDep, level: Annotated[int | None, Query(ge=MIN_LEVEL, le=MAX_LEVEL)] = None
) -> ExerciseList:
    return ExerciseList(exercises=[exercise_summary(e) for e in services.exercises.list(level, None)])


@api.get("/exercises/{exercise_id}", response_model=ExerciseOut, responses=_NO_EXERCISE)
def exercise(exercise_id: Annotated[str, Path(max_length=80)], services: ServicesDep) -> ExerciseOut:
    found = services.exercises.get(exercise_id)
    return exercise_out(found, lesson_titles(services.catalog, found))


@api.get("/progress", response_model=ProgressOut, responses=LEARNER_TOKEN_RESPONSES)
def progress(who: LearnerDep, services: ServicesDep) -> ProgressOut:
    """The learner's own progress (best score per exercise, levels unlocked); empty for someone new."""
    found = services.exercises.progress(who.user_id or "", "web")
    return ProgressOut(user_id=who.user_id or "", **asdict(found))


@api.get("/exercises/{exercise_id}/hints/{n}", response_model=HintOut, responses=_NO_EXERCISE)
def hint(
    exercise_id: Annotated[str, Path(max_length=80)],
    n: Annotated[int, Path(ge=1, le=HINTS_PER_EXERCISE)],
    services: ServicesDep,
) -> HintOut:
    return HintOut(exercise_id=exercise_id, n=n, text=services.exercises.hint(exercise_id, n))


@api.post(
    "/exercises/{exercise_id}/attempts",
    status_code=201,
    response_model=AttemptOut,
    responses={**_NO_EXERCISE, **LEARNER_TOKEN_RESPONSES, **_RATE_LIMITED, 503: BUSY_RESPONSE},
)
async def attempt(
    exercise_id: Annotated[str, Path(max_length=80)],
    body: WidgetAttemptIn,
    who: LearnerDep,
    services: ServicesDep,
    limiter: RateLimiterDep,
) -> AttemptOut:
    """Grade the learner's prompt (progress is kept for anonymous browsers too, under their random id)."""
    if who.user_id is None:
        raise HTTPException(422, "Exercises need a learner id (the widget sends one).")
    check_rate_limit(limiter, f"exercise:{who.user_id}")
    return await graded_attempt(
        services.exercises, services.admission, exercise_id, body.prompt, who.user_id, "web", body.language
    )


router.include_router(api)
