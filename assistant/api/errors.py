"""Domain errors translated to HTTP: a status and a message, never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc

from assistant.api.schemas import ErrorResponse, ValidationErrorResponse
from assistant.errors import AssistantError, IndexUnavailableError, InvalidQueryError, ModelNotInstalledError
from assistant.exercises.bank import UnknownExerciseError
from assistant.exercises.service import FeatureUnavailableError, UnknownHintError
from assistant.storage import SessionOwnershipError, UnknownMessageError, UnknownSessionError
from assistant.storage.database import DatabaseUnavailableError

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
    422: {"model": ValidationErrorResponse, "description": "Invalid input"},
    503: {"model": ErrorResponse, "description": "A dependency (index or database) is down"},
}
# No blanket ValueError -> 422: a ValueError can be our bug, and its text is not written for users. The
# request models validate every value the question log would refuse (rating, channel, session id).


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AssistantError)
    async def _domain_error(request: Request, exc: AssistantError) -> JSONResponse:
        status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 400)
        headers = None
        if status >= 500:  # a dependency is down: worth retrying once it is back
            logger.warning("%s %s failed: %s", request.method, request.url.path, exc)
            headers = {"Retry-After": "5"}
        return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)

    @app.exception_handler(sa_exc.OperationalError)
    @app.exception_handler(sa_exc.InterfaceError)
    async def _database_down(request: Request, exc: sa_exc.DBAPIError) -> JSONResponse:
        """The database went away mid-request (a restart, a network cut): retryable, not our bug."""
        logger.warning(
            "%s %s: database unavailable: %s", request.method, request.url.path, type(exc.orig).__name__
        )
        detail = "The question-log database is unreachable; please try again shortly."
        return JSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.error("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse({"detail": "Internal error; it has been logged."}, status_code=500)
