"""Sending to Telegram through its bad moments: a call that fails with a 5xx, a timeout, a network error or
flood control (429 with `retry_after`) is tried again with backoff, within a time budget. What still fails
raises `Undelivered`; the caller decides what to keep (see `Chat.reply`)."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How long to keep trying one update's replies (from its first send), and the backoff between tries.
    A try itself is bounded by the HTTP client's timeouts."""

    budget_s: float
    first_delay_s: float = 0.5
    max_delay_s: float = 8.0


# Webhook: Telegram waits for our answer and redelivers the update after a non-2xx, so give up early.
WEBHOOK = RetryPolicy(budget_s=20.0)
# Polling: the update is already consumed and nothing redelivers it, so try for longer.
POLLING = RetryPolicy(budget_s=120.0)


class Undelivered(Exception):
    """Telegram still refused after the retry budget; `__cause__` is its last error."""


def retryable(error: BaseException) -> bool:
    """Flood control, 5xx, timeouts and network errors; not 400 (the request is wrong) nor 403 (blocked)."""
    return isinstance(error, RetryAfter) or (
        isinstance(error, NetworkError) and not isinstance(error, BadRequest)
    )


async def with_retries(call: Callable[[], Awaitable[T]], policy: RetryPolicy, deadline: float) -> T:
    """`await call()`, again after a retryable failure while the wait fits before `deadline` (loop time);
    `Undelivered` when it does not. Other errors propagate at once."""
    loop = asyncio.get_running_loop()
    delay = policy.first_delay_s
    while True:
        try:
            return await call()
        except TelegramError as exc:
            if not retryable(exc):
                raise
            if isinstance(exc, RetryAfter):
                wait = retry_after_s(exc)
            else:
                wait = delay * (1 + random.random() / 4)  # noqa: S311  (jitter, not security)
                delay = min(delay * 2, policy.max_delay_s)
            if loop.time() + wait > deadline:
                raise Undelivered(type(exc).__name__) from exc
            logger.info("Telegram call failed (%s); retrying in %.1f s", type(exc).__name__, wait)
        await asyncio.sleep(wait)


def retry_after_s(error: RetryAfter) -> float:
    """Seconds to wait (an int today; a timedelta with PTB_TIMEDELTA=true and in PTB's next major)."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
