"""`DELETE /v1/users/{external_id}`: erase a learner and everything they wrote (right to erasure)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from assistant.api.deps import ServicesDep
from assistant.api.schemas import Channel, UserForgotten

router = APIRouter(prefix="/v1", tags=["users"])


@router.delete("/users/{external_id}", response_model=UserForgotten)
def forget_user(
    services: ServicesDep,
    external_id: Annotated[str, Path(min_length=1, max_length=255)],
    channel: Annotated[Channel, Query(description="The channel the id belongs to.")] = "api",
) -> UserForgotten:
    """Idempotent: an unknown user, or one already erased, is `{"deleted": 0}`, not an error, so a
    retried erasure request succeeds."""
    return UserForgotten(deleted=services.question_log.forget_user(channel, external_id))
