"""The python-telegram-bot application, wired to the assistant's services, and the two ways to run it:
polling (`assistant bot`, or inside `assistant serve` when no webhook URL is set) and a webhook route in
the FastAPI app (`POST /telegram/webhook`, checked against the secret token).

Updates of one chat are handled in order (one at a time); different chats are handled concurrently.
A reply Telegram does not take is retried (`delivery`); in webhook mode, one that still fails makes the
route answer 503, so Telegram redelivers the update and the kept reply is sent then (`chat.Chat.load`)."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from redis.exceptions import RedisError
from telegram import Bot, BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from assistant.config import Settings
from assistant.ratelimit import RateLimiter, build_rate_limiter
from assistant.services import Services
from assistant.storage.invites import InviteStore
from bots.telegram import buttons, commands, conversation, delivery
from bots.telegram.callback_data import (
    EXERCISE,
    FORGET_NO,
    FORGET_YES,
    LANGUAGE,
    RATING,
    RELATED,
    ExerciseAction,
    exactly,
)
from bots.telegram.deps import BotDeps
from bots.telegram.errors import on_error

logger = logging.getLogger(__name__)
WEBHOOK_PATH = "/telegram/webhook"
# Updates are Telegram's to size: a 4,096-character message replying to a 4,096-character answer, with
# entities and both users, passes the API's body cap if escaped; a refused update is retried, then dropped.
MAX_UPDATE_BYTES = 256 * 1024
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105  (a header name)
CONCURRENT_UPDATES = 32
UNBOUNDED = 100_000
HTTP_CONNECTIONS = 2 * CONCURRENT_UPDATES + 8  # each update may send a reply and a typing action at once
HTTP_TIMEOUT_S = 30.0  # PTB's 1 s pool / 5 s read defaults fail replies on a busy server
RECENT_UPDATES = 10_000  # update ids remembered to drop Telegram's redeliveries
# What PTB's `de_json`, which trusts Telegram's shapes, raises for JSON that is not an update (a list
# where an object belongs, a timestamp out of range, ...), and what json.loads raises for deep nesting.
_NOT_AN_UPDATE = (ValueError, TypeError, KeyError, AttributeError, ArithmeticError, RecursionError)
COMMANDS = {
    "en": [
        ("exercise", "Practise writing a prompt"),
        ("progress", "Your progress"),
        ("help", "How to use Ustad"),
        ("language", "English or Urdu"),
        ("cancel", "Stop the current exercise"),
        ("forget", "Delete my data"),
    ],
    "ur": [
        ("exercise", "پرامپٹ لکھنے کی مشق"),
        ("progress", "آپ کی پیش رفت"),
        ("help", "استعمال کا طریقہ"),
        ("language", "انگریزی یا اردو"),
        ("cancel", "مشق بند کریں"),
        ("forget", "میرا ڈیٹا مٹائیں"),
    ],
}


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Up to `limit` updates at once, but one at a time per chat, so a learner's /exercise and the
    prompt they send right after are handled in the order sent. A chat's waiting updates take no slot:
    the chat lock is taken before the slot (the base class's own semaphore is left wide open)."""

    def __init__(self, limit: int) -> None:
        super().__init__(max_concurrent_updates=UNBOUNDED)
        self._slots = asyncio.Semaphore(limit)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
        if chat is None:
            async with self._slots:
                await coroutine
            return
        lock, waiting = self._chats.get(chat, (asyncio.Lock(), 0))
        self._chats[chat] = (lock, waiting + 1)
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            lock, waiting = self._chats[chat]
            if waiting == 1:
                del self._chats[chat]
            else:
                self._chats[chat] = (lock, waiting - 1)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


class RecentIds:
    """The last `size` update ids seen: Telegram redelivers an update it got no 2xx for."""

    def __init__(self, size: int = RECENT_UPDATES) -> None:
        self.size = size
        self._ids: OrderedDict[int, bool] = OrderedDict()  # update id -> handled

    async def claim(self, update_id: int) -> bool:
        """True the first time an update id is seen, so this process should handle it."""
        if update_id in self._ids:
            return False
        self._ids[update_id] = False
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True

    async def done(self, update_id: int) -> None:
        if update_id in self._ids:
            self._ids[update_id] = True

    async def is_done(self, update_id: int) -> bool:
        """True once handled; False while a claim is still being handled."""
        return self._ids.get(update_id, False)

    async def release(self, update_id: int) -> None:
        """Forget a claim, so the update is handled when Telegram delivers it again."""
        self._ids.pop(update_id, None)


class SharedRecentIds:
    """Update ids claimed by any worker, in Redis (scale-out): a redelivery that reaches another worker
    is dropped too. A claim expires after `CLAIM_TTL_S` unless the update was handled, so an update whose
    worker died mid-way is handled when Telegram delivers it again."""

    CLAIM_TTL_S = 120
    DONE_TTL_S = 86_400  # Telegram gives up redelivering long before this

    def __init__(self, url: str, prefix: str) -> None:
        import redis.asyncio

        self._redis = redis.asyncio.Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)
        self.prefix = prefix

    async def claim(self, update_id: int) -> bool:
        return bool(
            await self._redis.set(f"{self.prefix}{update_id}", "claimed", nx=True, ex=self.CLAIM_TTL_S)
        )

    async def done(self, update_id: int) -> None:
        await self._redis.set(f"{self.prefix}{update_id}", "done", ex=self.DONE_TTL_S)

    async def is_done(self, update_id: int) -> bool:
        return await self._redis.get(f"{self.prefix}{update_id}") == b"done"

    async def release(self, update_id: int) -> None:
        await self._redis.delete(f"{self.prefix}{update_id}")


class TokenFilter(logging.Filter):
    """Masks the bot token in any log record (HTTP client logs carry it in the URL)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<telegram-token>"), None
        return True


def protect_token(token: str) -> None:
    """Keep the token out of every log handler (including ones added later to the root logger's list)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, TokenFilter) for f in handler.filters):
            handler.addFilter(TokenFilter(token))
    for name in ("httpx", "httpcore", "telegram.Bot", "telegram.ext.ExtBot"):
        logging.getLogger(name).addFilter(TokenFilter(token))
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLogger(name).level))
    logging.getLogger("httpx").setLevel(logging.WARNING)


def build_application(
    settings: Settings, services: Services, limiter: RateLimiter | None = None, *, polling: bool = True
) -> Application:
    """The PTB application with every handler; `polling=False` leaves out the updater (webhook mode)."""
    if settings.telegram_token is None:
        raise ValueError("ASSISTANT_TELEGRAM_TOKEN is not set")
    token = settings.telegram_token.get_secret_value()
    protect_token(token)
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .concurrent_updates(PerChatUpdateProcessor(CONCURRENT_UPDATES))
        .connection_pool_size(HTTP_CONNECTIONS)
        .pool_timeout(HTTP_TIMEOUT_S)
        .read_timeout(HTTP_TIMEOUT_S)
        .write_timeout(HTTP_TIMEOUT_S)
        .post_init(_set_commands)
    )
    if not polling:
        builder = builder.updater(None)
    application = builder.build()
    invites = InviteStore(services.database, services.question_log)
    application.bot_data["deps"] = BotDeps(
        settings,
        services,
        limiter or build_rate_limiter(settings),
        invites,
        retry=delivery.POLLING if polling else delivery.WEBHOOK,
        webhook=not polling,
    )
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    """Commands, messages, one handler per kind of inline button, and the error handler."""
    c, m, b = commands, conversation, buttons
    for name, command in (
        ("start", c.start),
        ("help", c.help_command),
        ("join", c.join),
        ("language", c.language),
        ("exercise", c.exercise),
        ("progress", c.progress),
        ("cancel", c.cancel),
        ("forget", c.forget),
    ):
        application.add_handler(CommandHandler(name, command, filters=filters.UpdateType.MESSAGE))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, m.edited))
    application.add_handler(MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, c.unknown_command))
    application.add_handler(MessageHandler(filters.TEXT & filters.UpdateType.MESSAGE, m.text_message))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & ~filters.TEXT, m.unsupported))
    for pattern, button in (
        (LANGUAGE, b.choose_language),
        (RATING, b.rate_answer),
        (RELATED, b.ask_related),
        (EXERCISE[ExerciseAction.START], b.start_exercise),
        (EXERCISE[ExerciseAction.NEXT], b.next_exercise),
        (EXERCISE[ExerciseAction.HINT], b.show_hint),
        (EXERCISE[ExerciseAction.RETRY], b.retry_exercise),
        (EXERCISE[ExerciseAction.STOP], b.stop_exercise),
        (exactly(FORGET_YES), b.confirm_forget),
        (exactly(FORGET_NO), b.cancel_forget),
    ):
        application.add_handler(CallbackQueryHandler(button, pattern=pattern))
    application.add_handler(CallbackQueryHandler(b.other_button))  # none of ours: only answered
    application.add_error_handler(on_error)


async def _set_commands(application: Application) -> None:
    """The command menu in both languages (best effort: a bot without a menu still works)."""
    try:
        for lang, commands in COMMANDS.items():
            menu = [BotCommand(name, description) for name, description in commands]
            await application.bot.set_my_commands(menu, language_code=None if lang == "en" else lang)
    except TelegramError as exc:
        logger.warning("Could not set the Telegram command menu: %s", exc)


class TelegramRunner:
    """Runs the bot inside the API process: webhook mode when a webhook URL is set, else polling.

    Start-up happens in the background and retries: the API serves even when Telegram is unreachable
    (offline-first), and the webhook answers 503 until the bot is ready, so Telegram redelivers."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.webhook = settings.telegram_webhook_url is not None
        self.application: Application | None = None
        self.ready = asyncio.Event()
        self.recent: RecentIds | SharedRecentIds = (
            SharedRecentIds(settings.redis_url, f"ustad:tg:{_bot_id(settings)}:update:")
            if settings.redis_url
            else RecentIds()
        )
        self._task: asyncio.Task[None] | None = None
        self.body_limits: Mapping[str, int] = {WEBHOOK_PATH: MAX_UPDATE_BYTES}

    def install(self, app: FastAPI) -> None:
        """The webhook route in webhook mode; `app.state.telegram` for operators and tests."""
        app.state.telegram = self
        if self.webhook:
            app.add_api_route(WEBHOOK_PATH, self.handle, methods=["POST"], include_in_schema=False)

    async def start(self, services: Services, limiter: RateLimiter) -> None:
        self.application = build_application(self.settings, services, limiter, polling=not self.webhook)
        self._task = asyncio.create_task(self._connect(), name="telegram-start")

    async def _connect(self) -> None:
        assert self.application is not None
        delay = 1.0
        while True:
            try:
                await self.application.initialize()
                if self.webhook:
                    await self._set_webhook()
                else:
                    assert self.application.updater is not None
                    await self.application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
                await self.application.start()
                break
            except TelegramError as exc:
                logger.warning("Telegram is unreachable (%s); retrying in %.0f s", type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
        logger.info(
            "Telegram bot @%s running (%s)",
            self.application.bot.username,
            "webhook" if self.webhook else "polling",
        )
        self.ready.set()

    async def _set_webhook(self) -> None:
        assert self.application is not None
        secret = self.settings.telegram_webhook_secret
        await self.application.bot.set_webhook(
            str(self.settings.telegram_webhook_url),
            secret_token=secret.get_secret_value() if secret else None,
            allowed_updates=Update.ALL_TYPES,
            max_connections=CONCURRENT_UPDATES,
        )

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        application = self.application
        if application is None or not self.ready.is_set():
            return
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()

    async def handle(self, request: Request) -> Response:
        """POST /telegram/webhook: check the secret, drop redeliveries, handle the update, then 200 (503
        when a reply could not be delivered or the update is still being handled: Telegram redelivers)."""
        secret = self.settings.telegram_webhook_secret
        given = request.headers.get(SECRET_HEADER, "")
        if secret is None or not hmac.compare_digest(given.encode(), secret.get_secret_value().encode()):
            return JSONResponse({"detail": "Wrong or missing secret token."}, status_code=403)
        if not self.ready.is_set() or self.application is None:
            return JSONResponse({"detail": "The bot is starting."}, status_code=503)
        update = parse_update(await request.body(), self.application.bot)
        if update is None:
            return JSONResponse({"detail": "Not a Telegram update."}, status_code=400)
        update_id = update.update_id
        try:
            first = await self.recent.claim(update_id)
            if not first and not await self.recent.is_done(update_id):
                # Telegram gave up waiting for the first delivery, which may still fail: no 2xx yet
                return JSONResponse({"detail": "Still being handled."}, status_code=503)
        except RedisError as exc:  # cannot tell a redelivery apart: let Telegram retry later
            logger.warning("Update de-duplication unavailable: %s", type(exc).__name__)
            return JSONResponse({"detail": "Try again shortly."}, status_code=503)
        if first:
            # Handled before answering: a crash mid-way means no 2xx, so Telegram sends it again.
            app = self.application
            await app.update_processor.process_update(update, app.process_update(update))
            deps: BotDeps = app.bot_data["deps"]
            if update_id in deps.undelivered:  # the reply waits in the chat's state for the redelivery
                deps.undelivered.discard(update_id)
                with contextlib.suppress(RedisError):
                    await self.recent.release(update_id)
                return JSONResponse({"detail": "Reply not delivered; send again."}, status_code=503)
            with contextlib.suppress(RedisError):
                await self.recent.done(update_id)
        return Response(status_code=200)


def parse_update(body: bytes, bot: Bot) -> Update | None:
    """The update in a webhook body; None for anything else (bad JSON, another shape, no integer id)."""
    try:
        data = json.loads(body)
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            return None
        return Update.de_json(data, bot)
    except _NOT_AN_UPDATE:
        return None


def _bot_id(settings: Settings) -> str:
    """The bot's numeric id (the token's public part): update ids are unique per bot."""
    token = settings.telegram_token
    return token.get_secret_value().split(":", 1)[0] if token else "none"


def telegram_runner(settings: Settings) -> TelegramRunner | None:
    """The bot as an extension of the API process (`assistant.api.app.AppExtension`); None without a
    token, or in scale-out without a webhook (several API workers cannot all poll one bot: Telegram
    answers 409, so `assistant bot` runs once instead)."""
    if settings.telegram_token is None:
        return None
    if settings.telegram_webhook_url is not None and settings.telegram_webhook_secret is None:
        raise ValueError("ASSISTANT_TELEGRAM_WEBHOOK_SECRET is required with ASSISTANT_TELEGRAM_WEBHOOK_URL")
    if settings.telegram_webhook_url is None and settings.mode == "scale-out":
        logger.warning("Scale-out without a webhook URL: the API does not poll Telegram; run assistant bot.")
        return None
    return TelegramRunner(settings)


def run_polling(settings: Settings, services: Services) -> None:
    """`assistant bot`: long polling until Ctrl-C."""
    application = build_application(settings, services)
    application.run_polling(allowed_updates=Update.ALL_TYPES)
