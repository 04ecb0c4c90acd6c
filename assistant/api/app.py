"""The FastAPI application. `create_app(settings)` builds it; the composition root
(`assistant.composition`) adds the channels that run inside it, and `assistant serve` runs it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Protocol

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from assistant import __version__
from assistant.api.errors import (
    COMMON_RESPONSES,
    CONSOLE_RESPONSES,
    WIDGET_RESPONSES,
    install_error_handlers,
)
from assistant.api.limits import install_limits
from assistant.api.metrics import Metrics, MetricsMiddleware, ServiceCollector
from assistant.api.origins import WidgetOriginMiddleware
from assistant.api.routes import (
    chat,
    exercises,
    feedback,
    health,
    metrics,
    search,
    sessions,
    sources,
    trainer,
    users,
    widget,
)
from assistant.config import Settings
from assistant.logs import redact_request_logs
from assistant.ratelimit import RateLimiter, build_rate_limiter
from assistant.services import Services
from assistant.storage.retention import start_retention, stop_retention


class AppExtension(Protocol):
    """Another channel that runs in the API process (the Telegram bot): its routes, its request-body
    limits, and a start and stop that the app's lifespan calls with the shared services."""

    body_limits: Mapping[str, int]

    def install(self, app: FastAPI) -> None: ...

    async def start(self, services: Services, limiter: RateLimiter) -> None: ...

    async def stop(self) -> None: ...


def create_app(
    settings: Settings | None = None,
    services: Services | None = None,
    extensions: Sequence[AppExtension] = (),
) -> FastAPI:
    """The app, owning a `Services` built from `settings` unless one is passed in (tests).

    Middleware and the rate limiter follow `settings`, else the given services' settings.
    """
    settings = settings or (services.settings if services is not None else Settings())
    redact_request_logs()  # uvicorn's access log prints URLs: mask personal data in them

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or Services(settings)
        await run_in_threadpool(app.state.services.warm_up)
        for extension in extensions:
            await extension.start(app.state.services, app.state.rate_limiter)
        # None when no period is set; the log is opened in the task (the database may be down now)
        retention = start_retention(lambda: app.state.services.question_log, settings.retention_days)
        # questions from every channel in this process (API, widget, Telegram), counted where logged
        app.state.services.answer_listeners.append(app.state.metrics.count_answer)
        collector = ServiceCollector(app.state.services)  # admission and caches, read at each scrape
        app.state.metrics.registry.register(collector)
        try:
            yield
        finally:
            await stop_retention(retention)
            for extension in reversed(extensions):
                await extension.stop()
            app.state.services.answer_listeners.remove(app.state.metrics.count_answer)
            app.state.metrics.registry.unregister(collector)
            if owned:
                app.state.services.close()

    app = FastAPI(
        title="Ustad",
        version=__version__,
        description="An offline-first AI teaching assistant for civil servants learning to use AI tools.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    app.state.rate_limiter = build_rate_limiter(settings)
    install_error_handlers(app)
    install_limits(
        app, settings, {path: size for ext in extensions for path, size in ext.body_limits.items()}
    )
    # outside CORS, so the widget's own allow-list decides for /widget/api
    app.add_middleware(WidgetOriginMiddleware, allowed=settings.widget_origins)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)  # added last: outermost, sees all
    for module in (health, chat, search, feedback, sessions, users, exercises, metrics):
        app.include_router(module.router, responses=COMMON_RESPONSES)
    app.include_router(widget.router, responses={**COMMON_RESPONSES, **WIDGET_RESPONSES})  # learners' widget
    app.include_router(sources.router, responses=COMMON_RESPONSES)  # the source view behind citations
    app.include_router(trainer.router, responses={**COMMON_RESPONSES, **CONSOLE_RESPONSES})  # trainer console
    for extension in extensions:
        extension.install(app)
    return app
