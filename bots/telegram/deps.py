"""What the handlers need, built once per process (`build_application`) and kept in `bot_data`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from telegram.ext import ContextTypes

from assistant.config import Settings
from assistant.ratelimit import RateLimiter
from assistant.services import Services
from assistant.storage.invites import InviteStore
from bots.telegram.delivery import POLLING, RetryPolicy

CHANNEL = "telegram"
T = TypeVar("T")
Context = ContextTypes.DEFAULT_TYPE


@dataclass
class BotDeps:
    """The assistant's services and the bot's settings, in `application.bot_data["deps"]`."""

    settings: Settings
    services: Services
    limiter: RateLimiter
    invites: InviteStore
    retry: RetryPolicy = POLLING
    # Webhook mode: Telegram redelivers an update until it gets a 2xx, so replies that could not be sent
    # are kept in the chat's outbox and the update's id goes in `undelivered` (the route answers 503).
    webhook: bool = False
    undelivered: set[int] = field(default_factory=set)


def deps(context: Context) -> BotDeps:
    found: BotDeps = context.application.bot_data["deps"]
    return found


async def run(function: Callable[..., T], *args: Any) -> T:
    """Run a blocking service call in a worker thread, so other chats are served meanwhile."""
    return await asyncio.to_thread(function, *args)
