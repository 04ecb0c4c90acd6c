"""`POST /v1/chat` and `POST /v1/chat/stream` (Server-Sent Events): thin adapters over the Tutor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from assistant.answering.pipeline import ChatRequest, ChatResult, StreamEvent
from assistant.api.deps import RateLimiterDep, ServicesDep
from assistant.api.limits import check_rate_limit, client_address
from assistant.api.schemas import ChatIn, ChatOut, CitationOut, ErrorResponse, ValidationErrorResponse
from assistant.services import Services

router = APIRouter(prefix="/v1", tags=["chat"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorResponse, "description": "The session belongs to another learner"},
    413: {"model": ErrorResponse, "description": "Request body too large"},
    422: {"model": ValidationErrorResponse, "description": "Empty or too long message"},
    429: {"model": ErrorResponse, "description": "Too many questions; see Retry-After"},
}


def _request(body: ChatIn) -> ChatRequest:
    return ChatRequest(body.message, body.session_id, body.user_id, body.channel)


def _out(result: ChatResult) -> ChatOut:
    answer = result.answer
    return ChatOut(
        answer=answer.text,
        citations=[CitationOut(**asdict(c)) for c in answer.citations],
        refused=answer.refused,
        session_id=result.session_id,
        message_id=result.message_id,
        answerer=answer.answerer,
        reason=answer.reason,
        suggested_exercise=answer.meta.get("exercise_id"),
    )


@router.post("/chat", response_model=ChatOut, responses=_ERRORS)
async def chat(body: ChatIn, request: Request, services: ServicesDep, limiter: RateLimiterDep) -> ChatOut:
    """Answer a question from the course material and policy documents, with citations."""
    check_rate_limit(limiter, f"chat:{body.user_id or client_address(request)}")
    result = await run_in_threadpool(services.tutor.ask, _request(body))
    return _out(result)


@router.post("/chat/stream", responses={200: {"content": {"text/event-stream": {}}}, **_ERRORS})
async def chat_stream(
    body: ChatIn, request: Request, services: ServicesDep, limiter: RateLimiterDep
) -> StreamingResponse:
    """The same answer as Server-Sent Events: `token` events, then `citations`, then `done`."""
    check_rate_limit(limiter, f"chat:{body.user_id or client_address(request)}")
    return await answer_stream(services, _request(body))


async def answer_stream(services: Services, chat: ChatRequest) -> StreamingResponse:
    """The Tutor's answer to `chat` as Server-Sent Events (here and in the widget): `token` events, then
    `citations`, then `done` with the rest of the chat response."""
    events = services.tutor.ask_stream(chat)
    first = await run_in_threadpool(next, events)  # bad input fails here, before the response starts

    def frames() -> Iterator[str]:
        for event in _chain(first, events):
            if event.kind == "token":
                yield _sse("token", {"text": event.text})
            elif event.result is not None:
                out = _out(event.result)
                yield _sse("citations", [c.model_dump() for c in out.citations])
                yield _sse("done", out.model_dump(exclude={"citations"}))

    return StreamingResponse(frames(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def _chain(first: StreamEvent, rest: Iterator[StreamEvent]) -> Iterator[StreamEvent]:
    yield first
    yield from rest


def _sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
