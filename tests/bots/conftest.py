"""The real PTB application, polling a fake Bot API server over HTTP, on the real services."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from assistant.config import Settings
from assistant.services import Services
from bots.telegram.app import build_application
from tests.helpers.fake_telegram import TOKEN, FakeTelegram


@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


class PollingBot:
    """Runs the application in its own thread and event loop, as `assistant bot` would."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self.application = build_application(settings, services)
        self.loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="telegram-bot", daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._start())
        except BaseException as exc:
            self._error = exc
            self._started.set()
            return
        self._started.set()
        self.loop.run_forever()

    async def _start(self) -> None:
        app = self.application
        await app.initialize()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        await app.start()

    async def _stop(self) -> None:
        app = self.application
        assert app.updater is not None
        await app.updater.stop()
        await app.stop()
        await app.shutdown()

    def start(self) -> PollingBot:
        self._thread.start()
        self._started.wait(15)
        if self._error is not None:
            raise self._error
        return self

    def stop(self) -> None:
        if self.loop.is_closed():
            return
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(timeout=15)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        self.loop.close()


def bot_settings(services: Services, tg: FakeTelegram, **overrides: Any) -> Settings:
    return services.settings.model_copy(
        update={"telegram_token": TOKEN, "telegram_base_url": tg.base_url, **overrides}
    )


@pytest.fixture
def start_bot(indexed: Services, tg: FakeTelegram) -> Iterator[Callable[..., PollingBot]]:
    """`start_bot(**settings_overrides)` starts a polling bot on the indexed services."""
    bots: list[PollingBot] = []

    def start(**overrides: Any) -> PollingBot:
        from pydantic import SecretStr

        if "telegram_token" not in overrides:
            overrides["telegram_token"] = SecretStr(TOKEN)
        bot = PollingBot(bot_settings(indexed, tg, **overrides), indexed).start()
        bots.append(bot)
        return bot

    yield start
    for bot in bots:
        bot.stop()


@pytest.fixture
def bot(start_bot: Callable[..., PollingBot]) -> PollingBot:
    return start_bot()
