"""The bot's handlers: each parses the update, calls the assistant's services (in a worker thread: they
block), and formats the result. Per-chat state (language, conversation, current exercise, pending comment,
replies Telegram has not taken yet) lives in the database via `ConversationStateStore`, so a restart loses
nothing."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import ApplicationHandlerStop, ContextTypes

from assistant.answering.pipeline import ChatRequest, ChatResult
from assistant.config import Settings
from assistant.errors import AssistantError, IndexUnavailableError, InvalidQueryError
from assistant.exercises.bank import UnknownExerciseError
from assistant.exercises.schema import Exercise
from assistant.exercises.service import AttemptResult
from assistant.privacy import redact
from assistant.ratelimit import RateLimiter
from assistant.services import Services
from assistant.storage import UnknownMessageError
from assistant.storage.database import DatabaseUnavailableError
from assistant.storage.invites import InviteStore, Redemption
from bots.telegram import formatting
from bots.telegram.delivery import POLLING, RetryPolicy, Undelivered, retryable, with_retries
from bots.telegram.messages import say

logger = logging.getLogger(__name__)
CHANNEL = "telegram"
T = TypeVar("T")
TYPING_EVERY_S = 4.0  # Telegram shows "typing…" for 5 s per chat action
UNDELIVERED = "undelivered"  # chat state: update id -> the replies Telegram has not taken yet
KEEP_UNDELIVERED = 5  # updates per chat whose replies wait for a redelivery
_INVITE_OUTCOME = {
    Redemption.UNKNOWN: "invite_unknown",
    Redemption.EXPIRED: "invite_expired",
    Redemption.USED: "invite_used",
}


@dataclass
class BotDeps:
    """What the handlers need, built once per process and kept in `application.bot_data`."""

    settings: Settings
    services: Services
    limiter: RateLimiter
    invites: InviteStore
    retry: RetryPolicy = POLLING
    # Webhook mode: Telegram redelivers an update until it gets a 2xx, so replies that could not be sent
    # are kept in the chat's state and the update's id goes in `undelivered` (the route answers 503).
    webhook: bool = False
    undelivered: set[int] = field(default_factory=set)


Context = ContextTypes.DEFAULT_TYPE


def deps(context: Context) -> BotDeps:
    found: BotDeps = context.application.bot_data["deps"]
    return found


async def run(function: Callable[..., T], *args: Any) -> T:
    """Run a blocking service call in a worker thread, so other chats are served meanwhile."""
    return await asyncio.to_thread(function, *args)


class Chat:
    """One learner in one chat: their ids, language and stored state."""

    def __init__(self, update: Update, d: BotDeps) -> None:
        assert update.effective_chat is not None and update.effective_user is not None
        self.update = update
        self.d = d
        self.chat_id = update.effective_chat.id
        self.user = str(update.effective_user.id)
        self.key = f"{self.chat_id}:{self.user}"
        self.state: dict[str, Any] = {}
        self._retry_until: float | None = None  # loop time: this update's sends stop retrying then

    @classmethod
    async def load(cls, update: Update, context: Context) -> Chat:
        """The chat's state; for the redelivery of an update whose replies were not delivered, those
        replies are sent instead (the question is not asked, logged or rate-limited again)."""
        chat = cls(update, deps(context))
        chat.state = await run(chat.d.services.conversation_state.get, CHANNEL, chat.key)
        waiting: dict[str, Any] = chat.state.get(UNDELIVERED, {})
        kept = waiting.pop(str(update.update_id), None)
        if kept is not None:
            if not waiting:
                del chat.state[UNDELIVERED]
            if await chat._send(context, kept):
                await chat.save()
            raise ApplicationHandlerStop
        return chat

    @property
    def lang(self) -> str:
        return str(self.state.get("lang", "en"))

    def say(self, key: str, **values: object) -> str:
        return say(key, self.lang, **values)

    async def save(self) -> None:
        services = self.d.services

        def work() -> None:
            user_id = services.question_log.get_or_create_user(CHANNEL, self.user)
            services.conversation_state.put(CHANNEL, self.key, self.state, user_id=user_id)

        await run(work)

    async def reply(self, context: Context, html: str, markup: InlineKeyboardMarkup | None = None) -> None:
        """Send `html` (split at Telegram's limit; buttons go on the last part), retrying while Telegram
        fails; in webhook mode what still fails waits in the chat's state for the update's redelivery."""
        parts = formatting.split_html(html)
        last = len(parts) - 1
        buttons = markup.to_dict() if markup is not None else None
        await self._send(
            context, [{"text": p, "markup": buttons if i == last else None} for i, p in enumerate(parts)]
        )

    async def _send(self, context: Context, messages: list[dict[str, Any]]) -> bool:
        """Send `messages` in order; False when some are left undelivered (kept, or lost when polling)."""
        kept = self.state.get(UNDELIVERED, {}).get(str(self.update.update_id))
        if kept is not None:  # an earlier reply to this update is waiting: this one goes after it
            kept.extend(messages)
            await self.save()
            return False
        for i, message in enumerate(messages):
            markup = message["markup"]
            send = functools.partial(
                context.bot.send_message,
                self.chat_id,
                message["text"],
                parse_mode=ParseMode.HTML,
                reply_markup=InlineKeyboardMarkup.de_json(markup, context.bot) if markup else None,
                disable_web_page_preview=True,
            )
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

    async def _keep(self, messages: list[dict[str, Any]], error: Undelivered) -> None:
        update_id = self.update.update_id
        if not self.d.webhook:  # a polled update is never delivered again
            logger.error("Telegram reply lost for update %s after retries: %s", update_id, error.__cause__)
            return
        logger.warning("Telegram reply kept for the redelivery of update %s: %s", update_id, error)
        self.d.undelivered.add(update_id)
        kept: dict[str, Any] = self.state.setdefault(UNDELIVERED, {})
        kept[str(update_id)] = messages
        while len(kept) > KEEP_UNDELIVERED:  # Telegram gave up on the oldest
            kept.pop(next(iter(kept)))
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


# --- commands ---


async def start(update: Update, context: Context) -> None:
    """Greeting, the AI notice and what is logged, language choice; `/start CODE` redeems an invite."""
    chat = await Chat.load(update, context)
    if context.args:
        await _redeem(chat, context, context.args[0])
    buttons = [
        [
            InlineKeyboardButton("English", callback_data="lang:en"),
            InlineKeyboardButton("اردو", callback_data="lang:ur"),
        ]
    ]
    await chat.reply(context, chat.say("welcome"), InlineKeyboardMarkup(buttons))
    if not await chat.admitted():
        await chat.reply(context, chat.say("not_admitted"))


async def join(update: Update, context: Context) -> None:
    """`/join CODE`: redeem a trainer's invite code."""
    chat = await Chat.load(update, context)
    if not context.args:
        await chat.reply(context, chat.say("not_admitted"))
        return
    await _redeem(chat, context, context.args[0])


async def _redeem(chat: Chat, context: Context, code: str) -> None:
    if not await chat.within_limit(context):  # codes cannot be guessed at speed
        return
    result = await run(chat.d.invites.redeem, code, CHANNEL, chat.user)
    await chat.reply(context, chat.say(_INVITE_OUTCOME.get(result.outcome, "invite_ok")))


async def help_command(update: Update, context: Context) -> None:
    chat = await Chat.load(update, context)
    await chat.reply(context, chat.say("help"))


async def language(update: Update, context: Context) -> None:
    chat = await Chat.load(update, context)
    buttons = [
        [
            InlineKeyboardButton("English", callback_data="lang:en"),
            InlineKeyboardButton("اردو", callback_data="lang:ur"),
        ]
    ]
    await chat.reply(context, "Language / زبان", InlineKeyboardMarkup(buttons))


async def exercise(update: Update, context: Context) -> None:
    """`/exercise [level]`: the next exercise for this learner (of that level, if given)."""
    chat = await Chat.load(update, context)
    if not await _gate(chat, context):
        return
    level = None
    if context.args:
        if not context.args[0].isdigit() or not 1 <= int(context.args[0]) <= 5:
            await chat.reply(context, chat.say("level_usage"))
            return
        level = int(context.args[0])
    found = await run(_pick_exercise, chat.d.services, chat.user, level)
    await _show_exercise(chat, context, found)


async def progress(update: Update, context: Context) -> None:
    chat = await Chat.load(update, context)
    if not await _gate(chat, context):
        return
    exercises = chat.d.services.exercises
    mine = await run(exercises.progress, chat.user, CHANNEL)
    title = exercises.get(mine.next_exercise_id).title if mine.next_exercise_id else None
    await chat.reply(context, formatting.render_progress(mine, chat.lang, title))


async def cancel(update: Update, context: Context) -> None:
    chat = await Chat.load(update, context)
    if chat.state.pop("exercise", None) is None:
        await chat.reply(context, chat.say("nothing_to_cancel"))
        return
    chat.state.pop("awaiting", None)
    await chat.save()
    await chat.reply(context, chat.say("cancelled"))


async def forget(update: Update, context: Context) -> None:
    """Ask before deleting everything stored about the learner."""
    chat = await Chat.load(update, context)
    buttons = [
        [
            InlineKeyboardButton(chat.say("btn_yes_delete"), callback_data="forget:yes"),
            InlineKeyboardButton(chat.say("btn_cancel"), callback_data="forget:no"),
        ]
    ]
    await chat.reply(context, chat.say("forget_confirm"), InlineKeyboardMarkup(buttons))


async def unknown_command(update: Update, context: Context) -> None:
    if update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE:
        chat = await Chat.load(update, context)
        await chat.reply(context, chat.say("unknown_command"))


# --- messages ---


async def text_message(update: Update, context: Context) -> None:
    """A comment on a rated answer, an exercise attempt, or a question (in that order)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    text = _addressed_text(message, context)
    if text is None:  # a group message not meant for the bot
        return
    chat = await Chat.load(update, context)
    if not await _gate(chat, context):
        return
    replied = message.reply_to_message
    comments: dict[str, str] = chat.state.get("comments", {})
    if replied is not None and str(replied.message_id) in comments:
        await _save_comment(chat, context, comments, str(replied.message_id), text)
    elif chat.state.get("awaiting") == "prompt" and chat.state.get("exercise"):
        await _attempt(chat, context, str(chat.state["exercise"]), text)
    else:
        await _answer(chat, context, text)


async def _answer(chat: Chat, context: Context, text: str) -> None:
    if not await chat.within_limit(context):
        return
    request = ChatRequest(text, chat.state.get("session_id"), chat.user, CHANNEL)
    async with typing(context, chat.chat_id):
        result: ChatResult = await run(chat.d.services.tutor.ask, request)
    if chat.state.get("session_id") != result.session_id:
        chat.state["session_id"] = result.session_id
        await chat.save()
    rate = [
        InlineKeyboardButton("👍", callback_data=f"fb:up:{result.message_id}"),
        InlineKeyboardButton("👎", callback_data=f"fb:down:{result.message_id}"),
    ]
    rows = [rate]
    suggested = result.answer.meta.get("exercise_id")
    if suggested:
        rows.append(
            [InlineKeyboardButton(chat.say("btn_start_exercise"), callback_data=f"ex:start:{suggested}")]
        )
    html = formatting.render_answer(result.answer, chat.lang)
    await chat.reply(context, html, InlineKeyboardMarkup(rows))


async def _attempt(chat: Chat, context: Context, exercise_id: str, prompt: str) -> None:
    if not await chat.within_limit(context):
        return
    exercises = chat.d.services.exercises
    async with typing(context, chat.chat_id):
        result: AttemptResult = await run(exercises.attempt, exercise_id, prompt, chat.user, CHANNEL)
    grade = result.grade
    hint = exercises.hint(exercise_id, grade.next_hint) if grade.next_hint is not None else None
    chat.state["awaiting"] = None
    chat.state["hints"] = max(int(chat.state.get("hints", 0)), grade.next_hint or 0)
    await chat.save()
    html = formatting.render_attempt(result, chat.lang, hint, result.model_answer)
    await chat.reply(context, html, _exercise_buttons(chat, exercise_id, retry=True))


async def _save_comment(
    chat: Chat, context: Context, comments: dict[str, str], prompt_id: str, text: str
) -> None:
    message_id, rating = comments.pop(prompt_id).split(":", 1)
    await chat.save()
    try:
        await run(chat.d.services.question_log.add_feedback, message_id, rating, redact(text).text)
    except UnknownMessageError:
        await chat.reply(context, chat.say("feedback_gone"))
        return
    await chat.reply(context, chat.say("comment_saved"))


async def unsupported(update: Update, context: Context) -> None:
    """Stickers, photos, voice, files, locations...: a helpful word, in private chats only."""
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        return
    if update.effective_user is None:
        return
    chat = await Chat.load(update, context)
    await chat.reply(context, chat.say("unsupported"))


async def edited(update: Update, context: Context) -> None:
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        return
    if update.effective_user is None:
        return
    chat = await Chat.load(update, context)
    await chat.reply(context, chat.say("edited"))


# --- buttons ---


async def button(update: Update, context: Context) -> None:
    """Inline buttons: language, 👍/👎, exercise hint / try again / next / stop, forget yes / no."""
    query = update.callback_query
    assert query is not None
    chat = await Chat.load(update, context)
    kind, _, rest = (query.data or "").partition(":")
    if kind == "lang" and rest in ("en", "ur"):
        chat.state["lang"] = rest
        await chat.save()
        await query.answer()
        await chat.reply(context, chat.say("language_set"))
    elif kind == "fb":
        await _rate(chat, context, rest)
    elif kind == "ex":
        if not await _gate(chat, context):
            await query.answer()
            return
        await _exercise_button(chat, context, rest)
    elif kind == "forget":
        await query.answer()
        await _remove_buttons(query.message)
        if rest == "yes":
            rows = await run(chat.d.services.question_log.forget_user, CHANNEL, chat.user)
            await chat.reply(context, chat.say("forgotten", rows=rows))
        else:
            await chat.reply(context, chat.say("forget_cancelled"))
    else:
        await query.answer()


async def _rate(chat: Chat, context: Context, rest: str) -> None:
    query = chat.update.callback_query
    assert query is not None
    rating, _, message_id = rest.partition(":")
    if rating not in ("up", "down"):
        await query.answer()
        return
    try:
        await run(chat.d.services.question_log.add_feedback, message_id, rating)
    except UnknownMessageError:
        await query.answer(chat.say("feedback_gone"))
        return
    await query.answer(chat.say("thanks_up" if rating == "up" else "thanks_down"))
    await _remove_buttons(query.message, keep_exercise=True)
    if rating == "down":
        ask = functools.partial(
            context.bot.send_message,
            chat.chat_id,
            chat.say("ask_comment"),
            reply_markup=ForceReply(selective=True),
        )
        prompt = await with_retries(ask, chat.d.retry, chat.retry_deadline())
        comments = chat.state.setdefault("comments", {})
        comments[str(prompt.message_id)] = f"{message_id}:{rating}"
        while len(comments) > 5:  # only the latest few prompts stay answerable
            comments.pop(next(iter(comments)))
        await chat.save()


async def _exercise_button(chat: Chat, context: Context, rest: str) -> None:
    query = chat.update.callback_query
    assert query is not None
    action, _, exercise_id = rest.partition(":")
    current = chat.state.get("exercise")
    exercises = chat.d.services.exercises
    await query.answer()
    if action in ("start", "next"):
        found = (
            exercises.get(exercise_id)
            if action == "start"
            else await run(_pick_exercise, chat.d.services, chat.user, None, exercise_id)
        )
        await _show_exercise(chat, context, found)
    elif exercise_id != current:
        await chat.reply(context, chat.say("exercise_stale"))
    elif action == "hint":
        n = int(chat.state.get("hints", 0)) + 1
        if n > 3:
            await chat.reply(context, chat.say("no_more_hints"))
            return
        chat.state["hints"] = n
        await chat.save()
        await chat.reply(context, chat.say("hint_text", n=n, text=exercises.hint(exercise_id, n)))
    elif action == "retry":
        chat.state["awaiting"] = "prompt"
        await chat.save()
        await chat.reply(context, chat.say("try_again"))
    elif action == "stop":
        chat.state.pop("exercise", None)
        chat.state.pop("awaiting", None)
        await chat.save()
        await chat.reply(context, chat.say("cancelled"))


# --- helpers ---


def _pick_exercise(
    services: Services, user: str, level: int | None, skip: str | None = None
) -> Exercise | None:
    """The learner's next exercise: of `level` (the first not yet completed), else the suggested one."""
    exercises = services.exercises
    if level is None:
        suggested = exercises.suggest_next(user, CHANNEL)
        if suggested is None or suggested.id != skip:
            return suggested
        level = suggested.level
    done = {e.exercise_id for e in exercises.progress(user, CHANNEL).exercises if e.completed}
    candidates = [e for e in exercises.list(level) if e.id != skip]
    return next((e for e in candidates if e.id not in done), candidates[0] if candidates else None)


async def _show_exercise(chat: Chat, context: Context, found: Exercise | None) -> None:
    if found is None:
        await chat.reply(context, chat.say("all_done"))
        return
    chat.state.update(exercise=found.id, awaiting="prompt", hints=0)
    await chat.save()
    await chat.reply(context, formatting.render_exercise(found, chat.lang), _exercise_buttons(chat, found.id))


def _exercise_buttons(chat: Chat, exercise_id: str, retry: bool = False) -> InlineKeyboardMarkup:
    row = [InlineKeyboardButton(chat.say("btn_hint"), callback_data=f"ex:hint:{exercise_id}")]
    if retry:
        row.append(InlineKeyboardButton(chat.say("btn_retry"), callback_data=f"ex:retry:{exercise_id}"))
    row.append(InlineKeyboardButton(chat.say("btn_next"), callback_data=f"ex:next:{exercise_id}"))
    stop = [InlineKeyboardButton(chat.say("btn_stop"), callback_data=f"ex:stop:{exercise_id}")]
    return InlineKeyboardMarkup([row, stop])


async def _gate(chat: Chat, context: Context) -> bool:
    """Access control: allow-list and invite codes (when configured)."""
    if await chat.admitted():
        return True
    await chat.reply(context, chat.say("not_admitted"))
    return False


async def _remove_buttons(message: object, keep_exercise: bool = False) -> None:
    """Take the buttons off a message once used (keeping a 'start exercise' row if asked)."""
    if not isinstance(message, Message):
        return
    markup = message.reply_markup
    rows = []
    if keep_exercise and markup is not None:
        rows = [row for row in markup.inline_keyboard if not str(row[0].callback_data).startswith("fb:")]
    with contextlib.suppress(BadRequest):  # e.g. "message is not modified"
        await message.edit_reply_markup(InlineKeyboardMarkup(rows) if rows else None)


def _addressed_text(message: Message, context: Context) -> str | None:
    """The text for the bot: all of it in a private chat; in a group, only when it mentions the bot or
    replies to it (with the mention removed)."""
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text
    username = context.bot.username
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id:
        return text
    mentions = message.parse_entities([MessageEntity.MENTION]).values()
    if any(m.lower() == f"@{username}".lower() for m in mentions):
        return re.sub(rf"@{re.escape(username)}\b", "", text, flags=re.IGNORECASE).strip()
    return None


async def on_error(update: object, context: Context) -> None:
    """The one error handler: log the stack trace, answer the learner politely, never raise."""
    error = context.error
    if isinstance(error, Forbidden):  # the learner blocked the bot or left the group
        logger.info("Telegram refused a reply: %s", error)
        return
    if isinstance(error, Undelivered) or (error is not None and retryable(error)):
        logger.warning("Telegram API call failed: %s", error)  # Telegram unreachable, slow or flooded
        return
    if isinstance(error, AssistantError):
        logger.warning("Telegram update refused: %s", type(error).__name__)
    else:
        logger.error("Telegram update failed", exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None or update.effective_user is None:
        return
    try:
        chat = Chat(update, deps(context))
        with contextlib.suppress(Exception):
            chat.state = await run(chat.d.services.conversation_state.get, CHANNEL, chat.key)
        if update.callback_query is not None:
            with contextlib.suppress(Exception):
                await update.callback_query.answer()
        await chat.reply(context, _error_text(chat, error))
    except Exception:  # the error handler itself must not fail
        logger.exception("Could not tell the learner about an error")


def _error_text(chat: Chat, error: BaseException | None) -> str:
    if isinstance(error, InvalidQueryError):
        too_long = "longer" in str(error)
        return (
            chat.say("too_long", limit=chat.d.settings.max_message_chars) if too_long else chat.say("empty")
        )
    if isinstance(error, (IndexUnavailableError, DatabaseUnavailableError)):
        return chat.say("unavailable")
    if isinstance(error, UnknownExerciseError):
        return chat.say("exercise_stale")
    return chat.say("error")
