"""`DELETE /v1/users/{external_id}`: erase a learner and everything they wrote (right to erasure).

A service call (the training portal's back end), authorised by `ASSISTANT_ADMIN_TOKEN`; learners in
Telegram use /forget, which goes through the same question log."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from assistant.api.deps import ServicesDep, require_admin_token
from assistant.api.schemas import Channel, ErrorResponse, UserForgotten

router = APIRouter(prefix="/v1", tags=["users"])


@router.delete(
    "/users/{external_id}",
    response_model=UserForgotten,
    responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}},
    dependencies=[Depends(require_admin_token)],
)
def forget_user(
    services: ServicesDep,
    external_id: Annotated[str, Path(min_length=1, max_length=255)],
    channel: Annotated[Channel, Query(description="The channel the id belongs to.")] = "api",
) -> UserForgotten:
    """Idempotent: an unknown user, or one already erased, is `{"deleted": 0}`, not an error, so a
    retried erasure request succeeds."""
    return UserForgotten(deleted=services.question_log.forget_user(channel, external_id))
