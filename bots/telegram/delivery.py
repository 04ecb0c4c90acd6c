"""Sending to Telegram through its bad moments: a call that fails with a 5xx, a timeout, a network error or
flood control (429 with `retry_after`) is tried again with backoff, within a time budget. What still fails
raises `Undelivered`; the caller decides what to keep: in webhook mode, the `Outbox` holds the replies for
the update's redelivery (see `Chat.reply`)."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypedDict, TypeVar

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

logger = logging.getLogger(__name__)
T = TypeVar("T")
KEEP_UNDELIVERED = 5  # updates per chat whose replies wait for a redelivery


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


class Reply(TypedDict):
    """One message to send, as JSON (an outbox is kept in the chat's stored state)."""

    text: str  # Telegram HTML
    markup: dict[str, Any] | None  # `InlineKeyboardMarkup.to_dict()`


def reply(text: str, markup: InlineKeyboardMarkup | None = None) -> Reply:
    return {"text": text, "markup": markup.to_dict() if markup is not None else None}


async def send_reply(bot: Bot, chat_id: int, message: Reply) -> Message:
    """One try at sending `message` (see `with_retries`)."""
    markup = message["markup"]
    return await bot.send_message(
        chat_id,
        message["text"],
        parse_mode=ParseMode.HTML,
        reply_markup=InlineKeyboardMarkup.de_json(markup, bot) if markup else None,
        disable_web_page_preview=True,
    )


@dataclass
class Outbox:
    """Replies Telegram has not taken yet, by update id: in webhook mode the update is answered 503, and when
    Telegram delivers it again these are sent instead of handling it twice. Only the latest few updates'
    replies are kept (Telegram gives up redelivering the older ones)."""

    waiting: dict[str, list[Reply]] = field(default_factory=dict)  # JSON: update ids as strings

    def take(self, update_id: int) -> list[Reply] | None:
        """The replies kept for this update, now out of the outbox; None if none were."""
        return self.waiting.pop(str(update_id), None)

    def queue_behind(self, update_id: int, messages: list[Reply]) -> bool:
        """Add `messages` after the replies already kept for this update (they must go first); False when
        none are kept, so `messages` can be sent now."""
        kept = self.waiting.get(str(update_id))
        if kept is None:
            return False
        kept.extend(messages)
        return True

    def keep(self, update_id: int, messages: list[Reply]) -> None:
        self.waiting[str(update_id)] = messages
        while len(self.waiting) > KEEP_UNDELIVERED:  # the oldest first
            self.waiting.pop(next(iter(self.waiting)))
