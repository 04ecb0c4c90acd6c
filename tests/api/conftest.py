"""An app per test against the real SQLite question log; settings can be changed per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.services import Services

MakeClient = Callable[..., TestClient]


@pytest.fixture
def make_client(services: Services) -> Iterator[MakeClient]:
    """`make_client(**settings_overrides, app_hook=f)` starts the app; `app_hook(app)` may add routes."""
    clients: list[TestClient] = []

    def make(app_hook: Callable[[FastAPI], None] | None = None, **overrides: object) -> TestClient:
        settings = services.settings.model_copy(update=overrides)
        app = create_app(settings, services)
        if app_hook is not None:
            app_hook(app)
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client()
