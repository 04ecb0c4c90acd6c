"""One learner in one chat, for the length of an update: their ids, their stored `ChatState`, and replies
that reach Telegram (retried; in webhook mode what still fails waits in the outbox for the redelivery)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.ext import ApplicationHandlerStop

from bots.telegram import formatting
from bots.telegram.delivery import Reply, Undelivered, reply, send_reply, with_retries
from bots.telegram.deps import CHANNEL, BotDeps, Context, deps, run
from bots.telegram.messages import say
from bots.telegram.state import ChatState

logger = logging.getLogger(__name__)
TYPING_EVERY_S = 4.0  # Telegram shows "typing…" for 5 s per chat action


class Chat:
    """One learner in one chat: their ids, language and stored state."""

    def __init__(self, update: Update, d: BotDeps) -> None:
        assert update.effective_chat is not None and update.effective_user is not None
        self.update = update
        self.d = d
        self.chat_id = update.effective_chat.id
        self.user = str(update.effective_user.id)
        self.key = f"{self.chat_id}:{self.user}"
        self.state = ChatState()
        self._retry_until: float | None = None  # loop time: this update's sends stop retrying then

    @classmethod
    async def load(cls, update: Update, context: Context) -> Chat:
        """The chat's state; for the redelivery of an update whose replies were not delivered, those
        replies are sent instead (the question is not asked, logged or rate-limited again)."""
        chat = cls(update, deps(context))
        await chat.read_state()
        kept = chat.state.outbox.take(update.update_id)
        if kept is not None:
            if await chat._send(context, kept):
                await chat.save()
            raise ApplicationHandlerStop
        return chat

    async def read_state(self) -> None:
        self.state = ChatState.from_json(await run(self.d.services.conversation_state.get, CHANNEL, self.key))

    @property
    def lang(self) -> str:
        return self.state.lang

    def say(self, key: str, **values: object) -> str:
        return say(key, self.lang, **values)

    async def save(self) -> None:
        services = self.d.services

        def work() -> None:
            user_id = services.question_log.get_or_create_user(CHANNEL, self.user)
            services.conversation_state.put(CHANNEL, self.key, self.state.to_json(), user_id=user_id)

        await run(work)

    async def reply(self, context: Context, html: str, markup: InlineKeyboardMarkup | None = None) -> None:
        """Send `html` (split at Telegram's limit; buttons go on the last part), retrying while Telegram
        fails; in webhook mode what still fails waits in the outbox for the update's redelivery."""
        parts = formatting.split_html(html)
        last = len(parts) - 1
        await self._send(context, [reply(p, markup if i == last else None) for i, p in enumerate(parts)])

    async def _send(self, context: Context, messages: list[Reply]) -> bool:
        """Send `messages` in order; False when some are left undelivered (kept, or lost when polling)."""
        if self.state.outbox.queue_behind(self.update.update_id, messages):  # an earlier reply waits
            await self.save()
            return False
        for i, message in enumerate(messages):
            send = functools.partial(send_reply, context.bot, self.chat_id, message)
            try:
                await with_retries(send, self.d.retry, self.retry_deadline())
            except Undelivered as exc:
                await self._keep(messages[i:], exc)
                return False
        return True

    def retry_deadline(self) -> float:
        """When this update's sends stop retrying (loop time): one budget per update, from its first send."""
        if self._retry_until is None:
            self._retry_until = asyncio.get_running_loop().time() + self.d.retry.budget_s
        return self._retry_until

    async def _keep(self, messages: list[Reply], error: Undelivered) -> None:
        update_id = self.update.update_id
        if not self.d.webhook:  # a polled update is never delivered again
            logger.error("Telegram reply lost for update %s after retries: %s", update_id, error.__cause__)
            return
        logger.warning("Telegram reply kept for the redelivery of update %s: %s", update_id, error)
        self.d.undelivered.add(update_id)
        self.state.outbox.keep(update_id, messages)
        await self.save()

    async def within_limit(self, context: Context) -> bool:
        """Rate limit for the costly calls (questions, graded attempts, invite codes): one budget per
        learner, shared with the API's limiter in webhook mode; a polite reply when it is spent."""
        decision = self.d.limiter.hit(f"telegram:{self.user}")
        if not decision.allowed:
            await self.reply(context, self.say("rate_limited", seconds=decision.retry_after_s))
        return decision.allowed

    async def admitted(self) -> bool:
        settings = self.d.settings
        if int(self.user) in settings.telegram_allowed_users:
            return True
        if settings.telegram_require_invite:
            return await run(self.d.invites.is_admitted, CHANNEL, self.user)
        return not settings.telegram_allowed_users

    async def gate(self, context: Context) -> bool:
        """Access control: allow-list and invite codes (when configured); refused learners are told so."""
        if await self.admitted():
            return True
        await self.reply(context, self.say("not_admitted"))
        return False


@contextlib.asynccontextmanager
async def typing(context: Context, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" until the block ends."""

    async def keep_typing() -> None:
        while True:
            with contextlib.suppress(Exception):  # cosmetic: never fail an answer over it
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(TYPING_EVERY_S)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
