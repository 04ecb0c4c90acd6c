"""Erasure end to end (`DELETE /v1/users/{id}`, what Telegram's /forget also calls): every row the learner
caused is gone from every table, other learners are untouched, and a repeated request is harmless."""

from __future__ import annotations

from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.services import Services
from tests.api.conftest import MakeClient
from tests.privacy.helpers import database_text

TOKEN = "forget-admin-token-5f1e9c2b7a4d8e3f6a0b"  # noqa: S105 - a test value
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _learn(client: TestClient, user: str, marker: str) -> str:
    """Two questions, a rating with a comment, and a graded exercise attempt; returns the session id."""
    first = client.post(
        "/v1/chat", json={"message": f"What does temperature control? {marker}", "user_id": user}
    )
    assert first.status_code == 200, first.text
    session = first.json()["session_id"]
    follow = {"message": f"And stop sequences? {marker}", "user_id": user, "session_id": session}
    assert client.post("/v1/chat", json=follow).status_code == 200
    rating = {"message_id": first.json()["message_id"], "rating": "down", "comment": f"unclear {marker}"}
    assert client.post("/v1/feedback", json=rating).status_code == 201
    exercise = client.get("/v1/exercises").json()["exercises"][0]["id"]
    attempt = {"user_id": user, "prompt": f"Summarise the memo in three bullets for a director. {marker}"}
    assert client.post(f"/v1/exercises/{exercise}/attempts", json=attempt).status_code == 201
    return session


def test_forget_erases_every_trace_and_only_that_learner(indexed: Services, make_client: MakeClient) -> None:
    client = make_client(admin_token=SecretStr(TOKEN))
    gone = _learn(client, "learner-a", "quokka")
    kept = _learn(client, "learner-b", "wombat")
    assert "quokka" in database_text(indexed)

    erased = client.delete("/v1/users/learner-a", headers=AUTH)

    assert erased.status_code == 200
    assert erased.json()["deleted"] == 1 + 1 + 2 + 1 + 1  # user, session, messages, rating, attempt
    remaining = database_text(indexed)
    assert "quokka" not in remaining and "learner-a" not in remaining
    assert "wombat" in remaining
    assert client.get(f"/v1/sessions/{gone}", params={"user_id": "learner-a"}).status_code == 404
    assert client.get("/v1/learners/learner-a/progress").json()["total_attempts"] == 0
    history = client.get(f"/v1/sessions/{kept}", params={"user_id": "learner-b"}).json()["messages"]
    assert len(history) == 2
    assert client.get("/v1/learners/learner-b/progress").json()["total_attempts"] == 1
    assert client.delete("/v1/users/learner-a", headers=AUTH).json() == {"deleted": 0}  # retried: harmless


def test_forget_is_per_channel(indexed: Services, make_client: MakeClient) -> None:
    client = make_client(admin_token=SecretStr(TOKEN))
    _learn(client, "42", "quokka")
    assert client.delete("/v1/users/42", params={"channel": "telegram"}, headers=AUTH).json() == {
        "deleted": 0
    }
    assert "quokka" in database_text(indexed)


def test_forget_needs_the_service_token(indexed: Services, make_client: MakeClient) -> None:
    disabled = make_client()
    assert disabled.delete("/v1/users/learner-a", headers=AUTH).status_code == 403
    client = make_client(admin_token=SecretStr(TOKEN))
    _learn(client, "learner-a", "quokka")
    for headers in (
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": TOKEN},
        {"Authorization": f"Basic {TOKEN}"},
    ):
        assert client.delete("/v1/users/learner-a", headers=headers).status_code == 401
    assert "quokka" in database_text(indexed)
