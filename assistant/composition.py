"""The composition root: the one place that wires the channels of a process together.

Entry points (the CLI, uvicorn's worker factory) call these functions; the channels (the HTTP API with
its widget and trainer pages, the Telegram bot) depend on the core and never on each other."""

from __future__ import annotations

from fastapi import FastAPI

from assistant.api.app import AppExtension, create_app
from assistant.config import Settings
from assistant.services import Services
from bots.telegram.app import run_polling, telegram_runner


def web_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """The API app, with the Telegram bot running inside it when a token is set (webhook or polling)."""
    settings = settings or (services.settings if services is not None else Settings())
    runner = telegram_runner(settings)
    extensions: list[AppExtension] = [runner] if runner is not None else []
    return create_app(settings, services, extensions)


def run_bot(services: Services) -> None:
    """The Telegram bot alone, by long polling until Ctrl-C."""
    run_polling(services.settings, services)
