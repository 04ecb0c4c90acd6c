"""`POST /v1/feedback`: a learner's thumbs up or down on one answer."""

from fastapi import APIRouter

from assistant.api.deps import ServicesDep
from assistant.api.schemas import ErrorResponse, FeedbackRecorded, FeedbackRequest
from assistant.privacy import redact

router = APIRouter(prefix="/v1", tags=["feedback"])


@router.post(
    "/feedback",
    status_code=201,
    response_model=FeedbackRecorded,
    responses={404: {"model": ErrorResponse, "description": "No such message"}},
)
def post_feedback(body: FeedbackRequest, services: ServicesDep) -> FeedbackRecorded:
    """Rate an answer; rating the same message again replaces the earlier rating and comment."""
    comment = redact(body.comment).text if body.comment else None
    services.question_log.add_feedback(body.message_id, body.rating, comment)
    return FeedbackRecorded()
