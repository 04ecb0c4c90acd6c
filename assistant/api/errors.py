"""Domain errors translated to HTTP: a status and a message, never a stack trace."""

from __future__ import annotations

import errno
import logging
import sqlite3
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc

from assistant.api.schemas import ErrorResponse, ValidationErrorResponse
from assistant.errors import (
    AssistantError,
    DatabaseUnavailableError,
    IndexUnavailableError,
    InvalidQueryError,
    ModelNotInstalledError,
    OverloadedError,
)
from assistant.exercises.bank import UnknownExerciseError
from assistant.exercises.service import FeatureUnavailableError, UnknownHintError
from assistant.messages import say
from assistant.privacy import redact
from assistant.storage import SessionOwnershipError, UnknownMessageError, UnknownSessionError

logger = logging.getLogger(__name__)

_STATUS: list[tuple[type[AssistantError], int]] = [
    (InvalidQueryError, 422),
    (IndexUnavailableError, 503),
    (ModelNotInstalledError, 503),
    (DatabaseUnavailableError, 503),
    (UnknownMessageError, 404),
    (UnknownSessionError, 404),
    (SessionOwnershipError, 403),
    (UnknownExerciseError, 404),
    (UnknownHintError, 404),
    (FeatureUnavailableError, 409),
]
# What any route may answer besides its own statuses; every router is included with these (OpenAPI).
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The body could not be parsed"},
    413: {"model": ErrorResponse, "description": "Request body too large"},
    415: {"model": ErrorResponse, "description": "The body is not sent as JSON"},
    422: {"model": ValidationErrorResponse, "description": "Invalid input"},
    503: {
        "model": ErrorResponse,
        "description": "A dependency (index or database) is down, or the disk is full",
    },
}
# Routes that answer or grade (chat, search, attempts, the widget's): admitted first (assistant/admission.py).
BUSY_RESPONSE: dict[str, Any] = {
    "model": ErrorResponse,
    "description": "This worker is answering as many questions as it can and none finished in time (try "
    "again after Retry-After seconds; nothing was saved), a dependency is down, or the disk is full",
}
# The learners' widget API (`/widget/api`) and the trainer console's API (`/trainer/api`) answer these too.
WIDGET_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorResponse, "description": "The calling page's origin may not use the widget"},
}
CONSOLE_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Not signed in, or the session has ended"},
    403: {"model": ErrorResponse, "description": "No CSRF token, another site's request, or admins only"},
}
# Routes that read the widget's signed learner token (`X-Ustad-Token`).
LEARNER_TOKEN_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "The learner token is invalid, or signed tokens are off"},
}


def not_found(what: str) -> dict[int | str, dict[str, Any]]:
    """The 404 of a route that looks something up, for its `responses=`."""
    return {404: {"model": ErrorResponse, "description": what}}


# No blanket ValueError -> 422: a ValueError can be our bug, and its text is not written for users. The
# request models validate every value the question log would refuse (rating, channel, session id).
RETRY_AFTER = {"Retry-After": "5"}
STORAGE_FULL = "The server's storage is full, so nothing could be saved; please try again later."
NOT_JSON = "Send the body as JSON, with the header Content-Type: application/json."
_DISK_FULL_SQLSTATE = "53100"  # PostgreSQL's disk_full
_LOC_CHARS = 64  # a field name in a 422; longer ones (keys a client made up) are cut


def storage_full(exc: BaseException) -> bool:
    """Whether `exc` (an OSError, or a database error wrapped by SQLAlchemy) means the disk is full."""
    cause = exc.orig if isinstance(exc, sa_exc.DBAPIError) else exc
    if isinstance(cause, OSError):
        return cause.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(cause, sqlite3.Error):
        return getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    return getattr(cause, "sqlstate", None) == _DISK_FULL_SQLSTATE


def validation_problems(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Where and why each value was refused, without the value itself: FastAPI's default echoes the input,
    which may hold a learner's CNIC or phone number (and, holding a lone surrogate, made the reply a 500)."""
    return [
        {
            "type": error["type"],
            "loc": [
                part if isinstance(part, int) else _printable(str(part))[:_LOC_CHARS] for part in error["loc"]
            ],
            "msg": _printable(error["msg"]),
        }
        for error in exc.errors()
    ]


def _printable(text: str) -> str:
    """`text` with personal data masked and any lone surrogate replaced, so it can be encoded as UTF-8."""
    return redact(text).text.encode("utf-8", "replace").decode("utf-8")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AssistantError)
    async def _domain_error(request: Request, exc: AssistantError) -> JSONResponse:
        status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 400)
        headers = None
        if status >= 500:  # a dependency is down: worth retrying once it is back
            logger.warning("%s %s failed: %s", request.method, request.url.path, exc)
            headers = RETRY_AFTER
        return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)

    @app.exception_handler(OverloadedError)
    async def _busy(request: Request, exc: OverloadedError) -> JSONResponse:
        """Shed load: not logged one by one (the metrics count them), told when to try again."""
        headers = {"Retry-After": str(exc.retry_after_s)}
        return JSONResponse({"detail": say("busy")}, status_code=503, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI hands a route the raw bytes when the Content-Type is not JSON (a form, text/plain)
        if any(error["loc"] == ("body",) and isinstance(error.get("input"), bytes) for error in exc.errors()):
            return JSONResponse({"detail": NOT_JSON}, status_code=415)
        return JSONResponse({"detail": validation_problems(exc)}, status_code=422)

    @app.exception_handler(sa_exc.OperationalError)
    @app.exception_handler(sa_exc.InterfaceError)
    async def _database_down(request: Request, exc: sa_exc.DBAPIError) -> JSONResponse:
        """The database went away mid-request (a restart, a network cut) or its disk is full: retryable."""
        if storage_full(exc):
            return _storage_full(request)
        logger.warning(
            "%s %s: database unavailable: %s", request.method, request.url.path, type(exc.orig).__name__
        )
        detail = "The question-log database is unreachable; please try again shortly."
        return JSONResponse({"detail": detail}, status_code=503, headers=RETRY_AFTER)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.error("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse({"detail": "Internal error; it has been logged."}, status_code=500)

    @app.exception_handler(OSError)
    async def _os_error(request: Request, exc: OSError) -> JSONResponse:
        return _storage_full(request) if storage_full(exc) else await _unexpected(request, exc)


def _storage_full(request: Request) -> JSONResponse:
    """503, not 500: nothing is wrong with the request, and it will work once space is freed."""
    logger.error("%s %s: the data disk is full", request.method, request.url.path)
    return JSONResponse({"detail": STORAGE_FULL}, status_code=503, headers=RETRY_AFTER)
