"""`GET /v1/sessions/{session_id}`: a conversation's past exchanges, to restore a chat window."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from assistant.api.deps import ServicesDep
from assistant.api.presenters import session_history
from assistant.api.schemas import SESSION_ID_PATTERN, Channel, ErrorResponse, SessionHistory

router = APIRouter(prefix="/v1", tags=["sessions"])


@router.get(
    "/sessions/{session_id}",
    response_model=SessionHistory,
    responses={
        403: {"model": ErrorResponse, "description": "The session belongs to another learner"},
        404: {"model": ErrorResponse, "description": "No such session"},
    },
)
def get_session(
    services: ServicesDep,
    session_id: Annotated[str, Path(pattern=SESSION_ID_PATTERN)],
    limit: Annotated[int, Query(ge=1, le=500, description="The most recent exchanges at most.")] = 100,
    user_id: Annotated[
        str | None, Query(max_length=128, description="Required for a learner's session.")
    ] = None,
    channel: Annotated[Channel, Query()] = "api",
) -> SessionHistory:
    """The session's latest `limit` exchanges, oldest first. A learner's session is returned only to
    the same learner; an anonymous session to whoever holds its (unguessable) id."""
    return session_history(services.question_log, session_id, channel, user_id, limit)
