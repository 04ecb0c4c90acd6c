"""A fake OpenAI-compatible server on loopback, so the LLM answerer is tested over real HTTP.

    with FakeLLMServer(reply="RAG means ... [1]") as server:
        settings = Settings(llm_base_url=server.url, ...)
        ...
        server.requests[-1]["messages"]

Knobs can be changed between requests: `reply`, `delay_s`, `status`, `stream_chunks`, `fail_after_chunks`.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.helpers.chroma_server import free_port
from tests.helpers.threaded_server import start_in_thread, stop_in_thread


class FakeLLMServer:
    """Serves POST /v1/chat/completions (plain and SSE streaming) and GET /v1/models."""

    def __init__(
        self,
        reply: str = "Retrieval-augmented generation grounds answers in documents [1].",
        *,
        model: str = "fake-model",
        delay_s: float = 0.0,
        status: int = 200,
        stream_chunks: list[str] | None = None,
        fail_after_chunks: int | None = None,
    ) -> None:
        self.reply = reply
        self.model = model
        self.delay_s = delay_s
        self.status = status
        self.stream_chunks = stream_chunks  # None: the reply split after each space
        self.fail_after_chunks = fail_after_chunks  # send an SSE error event after this many chunks
        self.requests: list[dict[str, Any]] = []
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._server = uvicorn.Server(
            uvicorn.Config(
                self._app(),
                host="127.0.0.1",
                port=self.port,
                log_level="warning",
                lifespan="off",
                ws="none",
                timeout_graceful_shutdown=1,
            )
        )
        self._thread = threading.Thread(target=self._server.run, name="fake-llm", daemon=True)

    def _app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
            ]
        )

    def chunks(self) -> list[str]:
        """How the reply is split into streamed deltas."""
        if self.stream_chunks is not None:
            return self.stream_chunks
        words = self.reply.split(" ")
        return [word + " " for word in words[:-1]] + [words[-1]]

    async def _models(self, request: Request) -> Response:
        return JSONResponse({"object": "list", "data": [{"id": self.model, "object": "model", "created": 0}]})

    async def _chat(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(body)
        for _ in range(round(self.delay_s / 0.02)):
            if await request.is_disconnected():  # the client timed out: stop, so shutdown is quick
                break
            await asyncio.sleep(0.02)
        if self.status >= 400:
            error = {"message": "fake failure", "type": "server_error", "code": self.status}
            return JSONResponse({"error": error}, status_code=self.status)
        model = body.get("model", self.model)
        if body.get("stream"):
            return StreamingResponse(self._sse(model, body), media_type="text/event-stream")
        return JSONResponse(
            {
                "id": f"chatcmpl-{uuid.uuid4().hex}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": self.reply},
                        "logprobs": None,
                        "finish_reason": "stop",
                    }
                ],
                "usage": self._usage(body),
            }
        )

    async def _sse(self, model: str, body: dict[str, Any]) -> AsyncIterator[str]:
        ident = f"chatcmpl-{uuid.uuid4().hex}"

        def event(delta: dict[str, str], finish: str | None = None) -> str:
            chunk = {
                "id": ident,
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
            }
            return f"data: {json.dumps(chunk)}\n\n"

        yield event({"role": "assistant", "content": ""})
        for sent, piece in enumerate(self.chunks()):
            if self.fail_after_chunks is not None and sent >= self.fail_after_chunks:
                error = {"message": "fake failure mid-stream", "type": "server_error", "code": 500}
                yield f"data: {json.dumps({'error': error})}\n\n"
                return
            yield event({"content": piece})
            await asyncio.sleep(0.01)  # let each chunk leave as its own write
        yield event({}, finish="stop")
        if (body.get("stream_options") or {}).get("include_usage"):
            usage = {"id": ident, "object": "chat.completion.chunk", "created": int(time.time())}
            usage |= {"model": model, "choices": [], "usage": self._usage(body)}
            yield f"data: {json.dumps(usage)}\n\n"
        yield "data: [DONE]\n\n"

    def _usage(self, body: dict[str, Any]) -> dict[str, int]:
        prompt = sum(len(str(m.get("content", "")).split()) for m in body.get("messages", []))
        completion = len(self.reply.split())
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}

    def start(self) -> FakeLLMServer:
        start_in_thread(self._server, self._thread, f"fake LLM server on {self.url}")
        return self

    def stop(self) -> None:
        stop_in_thread(self._server, self._thread)

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
