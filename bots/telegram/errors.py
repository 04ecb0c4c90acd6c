"""The bot's one error handler: it logs the stack trace and answers the learner politely, the assistant's
errors told apart by type."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import Forbidden

from assistant.errors import (
    AssistantError,
    DatabaseUnavailableError,
    IndexUnavailableError,
    InvalidQueryError,
    OverloadedError,
    TooLongError,
)
from assistant.exercises.bank import UnknownExerciseError
from bots.telegram import formatting
from bots.telegram.chat import Chat
from bots.telegram.delivery import Undelivered, retryable
from bots.telegram.deps import Context, deps

logger = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """The one error handler: log the stack trace, answer the learner politely, never raise."""
    error = context.error
    if isinstance(error, Forbidden):  # the learner blocked the bot or left the group
        logger.info("Telegram refused a reply: %s", error)
        return
    if isinstance(error, Undelivered) or (error is not None and retryable(error)):
        logger.warning("Telegram API call failed: %s", error)  # Telegram unreachable, slow or flooded
        return
    if isinstance(error, OverloadedError):  # shed load: counted in /metrics, not logged one by one
        logger.debug("Telegram question shed: the worker is busy")
    elif isinstance(error, AssistantError):
        logger.warning("Telegram update refused: %s", type(error).__name__)
    else:
        logger.error("Telegram update failed", exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None or update.effective_user is None:
        return
    try:
        chat = Chat(update, deps(context))
        with contextlib.suppress(Exception):
            await chat.read_state()
        if update.callback_query is not None:
            with contextlib.suppress(Exception):
                await update.callback_query.answer()
        await chat.reply(context, error_text(chat, error))
    except Exception:  # the error handler itself must not fail
        logger.exception("Could not tell the learner about an error")


def error_text(chat: Chat, error: BaseException | None) -> str:
    """What to tell the learner about `error`."""
    if isinstance(error, TooLongError):
        return chat.say("too_long", limit=chat.d.settings.max_message_chars)
    if isinstance(error, InvalidQueryError):
        return chat.say("empty")
    if isinstance(error, (IndexUnavailableError, DatabaseUnavailableError)):
        return chat.say("unavailable")
    if isinstance(error, OverloadedError):
        return formatting.shared_words("busy", chat.lang)
    if isinstance(error, UnknownExerciseError):
        return chat.say("exercise_stale")
    return chat.say("error")
