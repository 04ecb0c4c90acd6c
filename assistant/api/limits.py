"""Request limits at the edge: caps on body, URL and header size, no control characters in URLs, per-key
rate limiting, and CORS for listed origins."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from fastapi import FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.deps import RateLimiterDep
from assistant.api.schemas import CONTROL_CHARS
from assistant.config import Settings
from assistant.ratelimit import RateLimiter
from assistant.retrieval import MAX_QUERY_CHARS

# JSON may escape every character of a message as \uXXXX (six bytes; Python's json.dumps does so for
# Urdu by default), and the other fields (ids, session, options) need a few kilobytes at most.
BYTES_PER_CHAR = 6
ENVELOPE_BYTES = 8 * 1024
# A longest search of any script: four UTF-8 bytes a character, each percent-encoded in three (uvicorn's
# own cap on the request line is 64 KB); headers as nginx allows by default.
MAX_URL_BYTES = 12 * MAX_QUERY_CHARS + ENVELOPE_BYTES
MAX_HEADER_BYTES = 32 * 1024


def max_body_bytes(settings: Settings) -> int:
    """The largest request body accepted: a longest allowed message, fully escaped, plus the envelope."""
    return BYTES_PER_CHAR * settings.max_message_chars + ENVELOPE_BYTES


class BodyTooLargeError(HTTPException):
    """Raised from `receive` when a streamed body passes the limit; FastAPI turns it into a 413 JSON."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is too large (at most {limit} bytes).")


class BodySizeLimitMiddleware:
    """Answers 413 to bodies over `max_bytes`: at once if Content-Length says so, else as soon as the
    bytes read pass it (chunked uploads), so no route ever sees, and no buffer ever holds, more."""

    def __init__(self, app: ASGIApp, max_bytes: int, per_path: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = per_path or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope["path"], self.max_bytes)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._reject(scope, receive, send, limit)
            return
        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal response_started
            response_started = response_started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLargeError:  # read outside a FastAPI route, e.g. by another middleware
            if response_started:
                raise
            await self._reject(scope, receive, send, limit)

    async def _reject(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        error = BodyTooLargeError(limit)
        # Connection: close, so the server need not read the rest of a body nobody will use.
        response = JSONResponse({"detail": error.detail}, 413, headers={"Connection": "close"})
        await response(scope, receive, send)


class RequestHeadMiddleware:
    """Refuses a request whose head no client of ours would send, before any route runs: a URL longer than
    a longest search needs (414) or holding control characters such as %00 (400; PostgreSQL refuses NUL in
    any text, and bodies get a 422 for them), or headers over 32 KB in all (431; uvicorn's httptools parser
    puts no bound on them, a reverse proxy in front usually does)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        problem = _head_problem(scope) if scope["type"] == "http" else None
        if problem is not None:
            status, detail = problem
            await JSONResponse({"detail": detail}, status)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _head_problem(scope: Scope) -> tuple[int, str] | None:
    raw_query: bytes = scope.get("query_string", b"")
    if len(scope.get("raw_path") or scope["path"]) + len(raw_query) > MAX_URL_BYTES:
        return 414, f"The address is too long (at most {MAX_URL_BYTES} bytes)."
    if sum(len(name) + len(value) for name, value in scope["headers"]) > MAX_HEADER_BYTES:
        return 431, f"The request headers are too large (at most {MAX_HEADER_BYTES} bytes in all)."
    query = unquote_to_bytes(raw_query.replace(b"+", b" ")).decode("latin-1")  # a byte per character
    if CONTROL_CHARS.search(scope["path"]) or CONTROL_CHARS.search(query):
        return 400, "The address contains control characters (such as %00)."
    return None


def install_limits(app: FastAPI, settings: Settings, body_limits: dict[str, int] | None = None) -> None:
    """Request-head and body-size checks (`body_limits`: other caps for some paths), then CORS outside
    them (so browsers can read a 413); no origins means no CORS."""
    app.add_middleware(RequestHeadMiddleware)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=max_body_bytes(settings),
        per_path=body_limits,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", "Authorization"],
            expose_headers=["Retry-After"],
            max_age=600,
        )


def check_rate_limit(limiter: RateLimiter, key: str) -> None:
    """Spend one of `key`'s requests; 429 with Retry-After when none is left."""
    decision = limiter.hit(key)
    if not decision.allowed:
        wait = decision.retry_after_s
        raise HTTPException(
            429,
            f"Too many requests; please wait {wait} second{'s' if wait != 1 else ''} and try again.",
            headers={"Retry-After": str(wait)},
        )


def client_address(request: Request) -> str:
    """A key per client IP (behind a proxy, run uvicorn with --proxy-headers so this is the real one)."""
    return f"ip:{request.client.host if request.client else 'unknown'}"


def rate_limited(key: Callable[[Request], str]) -> Callable[[Request, RateLimiter], None]:
    """A dependency that rate-limits a route by `key(request)`: `dependencies=[Depends(rate_limited(f))]`."""

    def dependency(request: Request, limiter: RateLimiterDep) -> None:
        check_rate_limit(limiter, key(request))

    return dependency
