"""`POST /v1/chat` and `POST /v1/chat/stream` (Server-Sent Events): thin adapters over the Tutor."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from assistant.answering.pipeline import ChatRequest
from assistant.api.deps import RateLimiterDep, ServicesDep
from assistant.api.errors import BUSY_RESPONSE
from assistant.api.limits import check_rate_limit, client_address
from assistant.api.presenters import answer, answer_stream
from assistant.api.schemas import ChatIn, ChatOut, ErrorResponse, ValidationErrorResponse

router = APIRouter(prefix="/v1", tags=["chat"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorResponse, "description": "The session belongs to another learner"},
    413: {"model": ErrorResponse, "description": "Request body too large"},
    422: {"model": ValidationErrorResponse, "description": "Empty or too long message"},
    429: {"model": ErrorResponse, "description": "Too many questions; see Retry-After"},
    503: BUSY_RESPONSE,
}


def _request(body: ChatIn) -> ChatRequest:
    return ChatRequest(body.message, body.session_id, body.user_id, body.channel)


@router.post("/chat", response_model=ChatOut, responses=_ERRORS)
async def chat(body: ChatIn, request: Request, services: ServicesDep, limiter: RateLimiterDep) -> ChatOut:
    """Answer a question from the course material and policy documents, with citations."""
    check_rate_limit(limiter, f"chat:{body.user_id or client_address(request)}")
    return await answer(services.tutor, _request(body), services.admission)


@router.post("/chat/stream", responses={200: {"content": {"text/event-stream": {}}}, **_ERRORS})
async def chat_stream(
    body: ChatIn, request: Request, services: ServicesDep, limiter: RateLimiterDep
) -> StreamingResponse:
    """The same answer as Server-Sent Events: `token` events, then `citations`, then `done`."""
    check_rate_limit(limiter, f"chat:{body.user_id or client_address(request)}")
    return await answer_stream(services.tutor, _request(body), services.admission)
