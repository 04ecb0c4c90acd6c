"""Shedding load over HTTP: when every answer slot of the worker is taken and none frees up in time, chat,
search, the widget's chat and graded attempts answer 503 with Retry-After and a message (nothing logged);
below the limit they answer as usual, and /metrics counts what was shed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from assistant.admission import Slot
from assistant.api.app import create_app
from assistant.config import Settings
from assistant.messages import say
from assistant.services import Services
from assistant.storage.models import ExerciseAttempt, Message

SLOTS = 2
WAIT_S = 0.2


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"max_concurrent_answers": SLOTS, "max_queue_wait_s": WAIT_S})


@pytest.fixture
def client(indexed: Services) -> Iterator[TestClient]:
    with TestClient(create_app(indexed.settings, indexed)) as client:
        yield client


@pytest.fixture
def full(indexed: Services) -> Iterator[list[Slot]]:
    """Every answer slot taken (as by long answers in flight), released at the end."""

    async def take() -> list[Slot]:
        return [await indexed.admission.enter("chat") for _ in range(SLOTS)]

    slots = asyncio.run(take())
    yield slots
    for slot in slots:
        slot.release()


def _logged(services: Services, table: type[Message | ExerciseAttempt] = Message) -> int:
    with services.database.session() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


def _shed(client: TestClient) -> dict[str, float]:
    families = text_string_to_metric_families(client.get("/metrics").text)
    return {s.labels["kind"]: s.value for f in families for s in f.samples if s.name == "ustad_shed_total"}


PROMPT = "Write a polite reply to the citizen's complaint about the water supply, in plain English."
REQUESTS = [
    ("POST", "/v1/chat", {"message": "What does temperature control?"}),
    ("POST", "/v1/chat/stream", {"message": "What does temperature control?"}),
    ("POST", "/widget/api/chat/stream", {"message": "What does temperature control?"}),
    ("GET", "/v1/search?q=temperature", None),
    (
        "POST",
        "/v1/exercises/L1-01-plain-reply-water-complaint/attempts",
        {"user_id": "amna", "prompt": PROMPT},
    ),
]


@pytest.mark.parametrize(("method", "path", "body"), REQUESTS)
def test_a_request_that_waits_too_long_for_a_slot_is_shed_with_retry_after(
    client: TestClient,
    indexed: Services,
    full: list[Slot],
    caplog: pytest.LogCaptureFixture,
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    with caplog.at_level(logging.WARNING):
        response = client.request(method, path, json=body)
    assert response.status_code == 503
    assert 1 <= int(response.headers["Retry-After"]) <= 30
    assert response.json() == {"detail": say("busy")}
    assert "Traceback" not in response.text and not caplog.records  # shed quietly: counted, not logged
    assert _logged(indexed) == _logged(indexed, ExerciseAttempt) == 0  # nothing shed is logged as handled
    assert sum(_shed(client).values()) == 1


def test_under_the_limit_answers_are_as_usual_and_free_their_slots(
    client: TestClient, indexed: Services
) -> None:
    for method, path, body in REQUESTS:
        response = client.request(method, path, json=body)
        assert response.status_code == (201 if "attempts" in path else 200), path
    answer = client.post("/v1/chat", json={"message": "What does temperature control?"}).json()
    assert "[1]" in answer["answer"]
    assert indexed.admission.stats().in_flight == 0  # streamed answers gave theirs back too
    assert _logged(indexed) == 4  # the chats and the streams, each once
    assert _logged(indexed, ExerciseAttempt) == 1
    assert sum(_shed(client).values()) == 0


def test_a_slot_freed_within_the_wait_is_taken(
    client: TestClient, indexed: Services, full: list[Slot]
) -> None:
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(client.post, "/v1/chat", json={"message": "What does temperature control?"})
        full.pop().release()  # one answer in flight finishes while the request waits
        assert waiting.result(timeout=30).status_code == 200


def test_a_crowd_gets_answers_or_busy_and_every_answer_is_logged_once(
    client: TestClient, indexed: Services
) -> None:
    """More questions at once than slots: each is answered (and logged once) or refused (and not logged)."""
    questions = [f"What does temperature control? ({n})" for n in range(12)]
    with ThreadPoolExecutor(len(questions)) as pool:
        responses = list(
            pool.map(lambda q: client.post("/v1/chat", json={"message": q, "user_id": "crowd"}), questions)
        )
    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {200, 503} and 200 in statuses
    assert all(r.headers["Retry-After"] for r in responses if r.status_code == 503)
    assert _logged(indexed) == statuses.count(200)
    assert _shed(client).get("chat", 0) == statuses.count(503)
    assert indexed.admission.stats().in_flight == 0


def test_busy_is_documented_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path, method in (
        ("/v1/chat", "post"),
        ("/v1/search", "get"),
        ("/widget/api/chat/stream", "post"),
        ("/v1/exercises/{exercise_id}/attempts", "post"),
        ("/widget/api/exercises/{exercise_id}/attempts", "post"),
    ):
        assert "503" in paths[path][method]["responses"], path
