"""Retention: the question log keeps exchanges for `ASSISTANT_RETENTION_DAYS` days at most.

Applied by `assistant purge` (cron-friendly), once when the API starts, and then every few hours by a small
background task in each API process (deleting is idempotent, so several workers doing it is harmless).
Deleted: messages older than the period, their feedback, and sessions idle that long. Kept: learners'
exercise progress and the trainers' curated answers, which are not logs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Protocol

from assistant.errors import AssistantError

logger = logging.getLogger(__name__)

RETENTION_EVERY_S = 6 * 3600.0


class ExpiringLog(Protocol):
    """What retention needs of the question log (`QuestionLog`)."""

    def delete_older_than(self, days: float) -> int: ...


def apply_retention(log: ExpiringLog, days: float | None) -> int:
    """Delete what is older than `days`; returns the rows deleted. No period is a user error."""
    if days is None:
        raise AssistantError("No retention period: set ASSISTANT_RETENTION_DAYS or pass --older-than.")
    return log.delete_older_than(days)


async def retention_loop(
    open_log: Callable[[], ExpiringLog], days: float, every_s: float = RETENTION_EVERY_S
) -> None:
    """Apply retention now and then every `every_s` seconds; a failure (database down, also when the log
    is opened) is logged and retried at the next turn, never raised, so the API keeps serving."""
    while True:
        try:
            await asyncio.to_thread(lambda: apply_retention(open_log(), days))
        except Exception as exc:  # the database may be down: try again next time
            logger.warning("Retention failed, retrying in %.0f s: %s", every_s, exc)
        await asyncio.sleep(every_s)


def start_retention(
    open_log: Callable[[], ExpiringLog], days: float | None, every_s: float = RETENTION_EVERY_S
) -> asyncio.Task[None] | None:
    """The background task when a retention period is configured, else None."""
    if days is None:
        return None
    return asyncio.create_task(retention_loop(open_log, days, every_s), name="retention")


async def stop_retention(task: asyncio.Task[None] | None) -> None:
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
