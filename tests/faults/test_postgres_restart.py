"""Fault: the PostgreSQL server holding the question log stops and comes back under a running API. While
it is down the API answers 503 with a message; it recovers by itself; nothing acknowledged is lost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.services import Services
from tests.helpers import private_postgres
from tests.helpers.private_postgres import PrivatePostgres

pytestmark = pytest.mark.slow
REASON = private_postgres.available()


@pytest.fixture
def postgres() -> Iterator[PrivatePostgres]:
    if REASON:
        pytest.skip(REASON)
    with PrivatePostgres() as server:
        yield server


def test_postgres_restart_gives_503_then_recovers(indexed: Services, postgres: PrivatePostgres) -> None:
    settings = indexed.settings.model_copy(update={"database_url": postgres.url})
    services = Services(settings, encoder=indexed.encoder)
    services.__dict__["catalog"] = indexed.catalog  # the index stays on disk; only the log moves
    delivered: list[str] = []
    with TestClient(create_app(settings, services)) as client:

        def ask(text: str) -> int:
            response = client.post("/v1/chat", json={"message": text, "user_id": "pg-fault"})
            if response.status_code == 200:
                delivered.append(response.json()["message_id"])
            return response.status_code

        assert ask("What is a stop sequence?") == 200
        postgres.stop()
        down = client.post("/v1/chat", json={"message": "What is a stop sequence?", "user_id": "pg-fault"})
        assert down.status_code == 503 and "database" in down.json()["detail"].lower()
        assert client.get("/readyz").status_code == 503
        assert (
            client.post("/v1/feedback", json={"message_id": delivered[0], "rating": "up"}).status_code == 503
        )
        postgres.start()
        assert ask("How do I set the temperature?") == 200  # no restart of the API needed
        assert client.get("/readyz").status_code == 200
        assert services.question_log.count_messages() == len(delivered) == 2
    services.close()
