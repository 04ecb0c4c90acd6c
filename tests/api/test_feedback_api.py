"""POST /v1/feedback through the real app and the real SQLite question log."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from assistant.services import Services
from assistant.storage.models import Feedback
from tests.helpers.questions import log_exchange


def _stored_feedback(services: Services) -> list[tuple[str, str, str | None]]:
    with services.database.session() as session:
        rows = session.execute(sa.select(Feedback.message_id, Feedback.rating, Feedback.comment)).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


@pytest.mark.parametrize("rating", ["up", "down"])
def test_feedback_is_recorded(client: TestClient, services: Services, rating: str) -> None:
    _, message_id = log_exchange(services.question_log, "what is a prompt?")

    response = client.post("/v1/feedback", json={"message_id": message_id, "rating": rating})

    assert response.status_code == 201
    assert response.json() == {"status": "recorded"}
    assert _stored_feedback(services) == [(message_id, rating, None)]


def test_rating_again_replaces_the_earlier_feedback(client: TestClient, services: Services) -> None:
    _, message_id = log_exchange(services.question_log, "what is a prompt?")

    client.post("/v1/feedback", json={"message_id": message_id, "rating": "up", "comment": "clear"})
    again = client.post("/v1/feedback", json={"message_id": message_id, "rating": "down", "comment": "wrong"})

    assert again.status_code == 201
    assert _stored_feedback(services) == [(message_id, "down", "wrong")]


def test_unknown_message_is_404_with_a_message(client: TestClient) -> None:
    response = client.post("/v1/feedback", json={"message_id": "0" * 32, "rating": "up"})
    assert response.status_code == 404
    assert "no message" in response.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"message_id": "m1", "rating": "meh"},
        {"message_id": "m1", "rating": "UP"},
        {"message_id": "m1"},
        {"rating": "up"},
        {"message_id": "", "rating": "up"},
        {"message_id": "m1", "rating": "up", "comment": "x" * 1001},
    ],
)
def test_invalid_feedback_is_422(client: TestClient, services: Services, body: dict[str, object]) -> None:
    response = client.post("/v1/feedback", json=body)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert _stored_feedback(services) == []


def test_longest_comment_is_accepted(client: TestClient, services: Services) -> None:
    _, message_id = log_exchange(services.question_log, "q")
    body = {"message_id": message_id, "rating": "down", "comment": "ی" * 1000}
    assert client.post("/v1/feedback", json=body).status_code == 201
