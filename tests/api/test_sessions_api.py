"""GET /v1/sessions/{id}: a conversation's history, oldest first."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from assistant.services import Services
from tests.helpers.questions import CITATIONS, log_exchange


def test_history_is_returned_oldest_first(client: TestClient, services: Services) -> None:
    log = services.question_log
    session, first = log_exchange(log, "first question", user="u1")
    _, second = log_exchange(log, "second question", session_id=session, user="u1", refused=True)
    _, third = log_exchange(log, "third question", session_id=session, user="u1")
    log_exchange(log, "someone else's", user="u2")

    response = client.get(f"/v1/sessions/{session}", params={"user_id": "u1"})

    assert response.status_code == 200
    body = response.json()
    assert body["session_id"] == session
    messages = body["messages"]
    assert [m["message_id"] for m in messages] == [first, second, third]
    assert [m["question"] for m in messages] == ["first question", "second question", "third question"]
    assert messages[1] | {"created_at": None} == {
        "message_id": second,
        "question": "second question",
        "answer": "answer to second question",
        "citations": CITATIONS,
        "refused": True,
        "created_at": None,
    }
    times = [datetime.fromisoformat(m["created_at"]) for m in messages]
    assert times == sorted(times) and all(t.tzinfo is not None for t in times)


def test_limit_keeps_the_latest_exchanges(client: TestClient, services: Services) -> None:
    session, _ = log_exchange(services.question_log, "q0")
    for n in range(1, 5):
        log_exchange(services.question_log, f"q{n}", session_id=session)

    messages = client.get(f"/v1/sessions/{session}", params={"limit": 2}).json()["messages"]

    assert [m["question"] for m in messages] == ["q3", "q4"]


def test_a_session_without_messages_is_empty_not_missing(client: TestClient, services: Services) -> None:
    session = services.question_log.get_or_create_session("fresh-session", None, "web")
    assert client.get(f"/v1/sessions/{session}").json() == {"session_id": session, "messages": []}


def test_unknown_session_is_404_with_a_message(client: TestClient) -> None:
    response = client.get("/v1/sessions/no-such-session")
    assert response.status_code == 404
    assert "No conversation" in response.json()["detail"]


def test_malformed_session_id_is_422(client: TestClient) -> None:
    assert client.get("/v1/sessions/" + "x" * 65).status_code == 422
    assert client.get("/v1/sessions/bad.id").status_code == 422


def test_a_learners_session_is_only_returned_to_that_learner(client: TestClient, services: Services) -> None:
    session, _ = log_exchange(services.question_log, "private question", user="owner")

    assert client.get(f"/v1/sessions/{session}", params={"user_id": "owner"}).status_code == 200
    for params in ({}, {"user_id": "someone-else"}, {"user_id": "owner", "channel": "web"}):
        response = client.get(f"/v1/sessions/{session}", params=params)
        assert response.status_code == 403 and response.json()["detail"]


def test_an_anonymous_session_is_returned_to_whoever_holds_its_id(
    client: TestClient, services: Services
) -> None:
    session, _ = log_exchange(services.question_log, "anonymous question")
    assert client.get(f"/v1/sessions/{session}").status_code == 200
