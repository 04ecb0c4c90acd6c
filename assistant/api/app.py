"""The FastAPI application. `create_app(settings)` builds it; `assistant serve` runs it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from assistant import __version__
from assistant.api.errors import install_error_handlers
from assistant.api.routes import health, search
from assistant.config import Settings
from assistant.services import Services


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """The app, owning a `Services` built from `settings` unless one is passed in (tests)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or Services(settings or Settings())
        await run_in_threadpool(app.state.services.warm_up)
        try:
            yield
        finally:
            if owned:
                app.state.services.close()

    app = FastAPI(
        title="Ustad",
        version=__version__,
        description="An offline-first AI teaching assistant for civil servants learning to use AI tools.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(search.router)
    return app
