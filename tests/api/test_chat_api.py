"""`/v1/chat` and `/v1/chat/stream` through TestClient against the real app, index and question log."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.api.app import create_app
from assistant.services import Services
from tests.api.conftest import MakeClient
from tests.helpers.chroma_server import free_port

QUESTION = "How do I make the model stop after ten items in a list?"


@pytest.fixture
def client(make_client: MakeClient, indexed) -> TestClient:  # type: ignore[no-untyped-def]
    return make_client()


def test_chat_contract(client: TestClient) -> None:
    response = client.post("/v1/chat", json={"message": QUESTION, "user_id": "learner-1"})
    assert response.status_code == 200
    body = response.json()
    assert {"answer", "citations", "refused", "session_id", "message_id"} <= set(body)
    assert body["refused"] is False and "[1]" in body["answer"]
    assert {"n", "source", "title", "section", "snippet", "score"} <= set(body["citations"][0])
    assert body["citations"][0]["source"] == "course/settings.md"


def test_a_conversation_continues_and_can_be_read_back(client: TestClient) -> None:
    first = client.post("/v1/chat", json={"message": "What is few-shot prompting?", "user_id": "u2"}).json()
    second = client.post(
        "/v1/chat",
        json={
            "message": "How is it different from zero-shot?",
            "session_id": first["session_id"],
            "user_id": "u2",
        },
    ).json()
    assert second["session_id"] == first["session_id"]
    history = client.get(f"/v1/sessions/{first['session_id']}", params={"user_id": "u2"}).json()["messages"]
    assert [m["question"] for m in history] == [
        "What is few-shot prompting?",
        "How is it different from zero-shot?",
    ]


def test_another_learners_session_is_forbidden(client: TestClient) -> None:
    session = client.post("/v1/chat", json={"message": QUESTION, "user_id": "owner"}).json()["session_id"]
    response = client.post(
        "/v1/chat", json={"message": QUESTION, "user_id": "intruder", "session_id": session}
    )
    assert response.status_code == 403 and response.json()["detail"]


def test_stream_sends_tokens_then_citations_then_done(client: TestClient) -> None:
    with client.stream("POST", "/v1/chat/stream", json={"message": QUESTION}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        raw = "".join(response.iter_text())
    events = [
        (
            block.split("\n")[0].removeprefix("event: "),
            json.loads(block.split("\n")[1].removeprefix("data: ")),
        )
        for block in raw.strip().split("\n\n")
    ]
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "token" and kinds[-2:] == ["citations", "done"]
    text = "".join(data["text"] for kind, data in events if kind == "token")
    done = events[-1][1]
    assert text.strip() == done["answer"] and events[-2][1][0]["source"] == "course/settings.md"
    assert done["message_id"] and done["refused"] is False


def test_a_question_close_to_an_approved_one_is_offered_it_in_both_responses(
    client: TestClient, indexed: Services
) -> None:
    approved = "How many days of casual leave can a BPS-17 officer take in a calendar year?"
    indexed.curated.add(approved, "Twenty days.", "trainer")
    asked = {"message": "what is the yearly casual leave entitlement of a grade 17 officer?"}
    body = client.post("/v1/chat", json=asked).json()
    assert body["answerer"] != "curated" and body["related_question"] == approved
    with client.stream("POST", "/v1/chat/stream", json=asked) as response:
        done = json.loads("".join(response.iter_text()).strip().split("\n\n")[-1].split("data: ", 1)[1])
    assert done["related_question"] == approved
    again = client.post("/v1/chat", json={"message": approved}).json()
    assert (
        again["answerer"] == "curated"
        and again["answer"] == "Twenty days."
        and again["related_question"] is None
    )
    plain = client.post("/v1/chat", json={"message": QUESTION}).json()
    assert plain["related_question"] is None


def test_feedback_on_an_answer(client: TestClient) -> None:
    message_id = client.post("/v1/chat", json={"message": QUESTION}).json()["message_id"]
    response = client.post(
        "/v1/feedback",
        json={"message_id": message_id, "rating": "down", "comment": "call me on 0300-1234567"},
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("payload", "status"),
    [({"message": ""}, 422), ({"message": "   "}, 422), ({"message": "x" * 4001}, 422), ({}, 422)],
)
def test_bad_messages_get_a_clear_4xx(client: TestClient, payload: dict[str, str], status: int) -> None:
    for path in ("/v1/chat", "/v1/chat/stream"):
        response = client.post(path, json=payload)
        assert response.status_code == status and response.json()["detail"]


def test_too_many_questions_get_429_with_retry_after(make_client: MakeClient, indexed) -> None:  # type: ignore[no-untyped-def]
    client = make_client(rate_limit_per_minute=2)
    for _ in range(2):
        assert client.post("/v1/chat", json={"message": QUESTION, "user_id": "busy"}).status_code == 200
    response = client.post("/v1/chat", json={"message": QUESTION, "user_id": "busy"})
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert client.post("/v1/chat", json={"message": QUESTION, "user_id": "calm"}).status_code == 200


def test_forgetting_a_learner_removes_their_conversations(make_client: MakeClient, indexed) -> None:  # type: ignore[no-untyped-def]
    client = make_client(admin_token=SecretStr("t"))
    session = client.post("/v1/chat", json={"message": QUESTION, "user_id": "leaver"}).json()["session_id"]
    deleted = client.delete(
        "/v1/users/leaver", params={"channel": "api"}, headers={"Authorization": "Bearer t"}
    )
    assert deleted.json()["deleted"] >= 3
    assert client.get(f"/v1/sessions/{session}", params={"user_id": "leaver"}).status_code == 404


def test_questions_are_counted_in_metrics(client: TestClient) -> None:
    client.post("/v1/chat", json={"message": QUESTION})
    client.post("/v1/chat", json={"message": "What is the price of wheat in Lahore today?"})
    metrics = client.get("/metrics").text
    assert 'ustad_questions_total{answerer="extractive",channel="api",refused="false"} 1.0' in metrics
    assert 'refused="true"} 1.0' in metrics


def test_a_database_that_is_down_gives_503_not_500(indexed) -> None:  # type: ignore[no-untyped-def]
    unreachable = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere?connect_timeout=2"
    services = Services(
        indexed.settings.model_copy(update={"database_url": unreachable}), encoder=indexed.encoder
    )
    with TestClient(create_app(services=services)) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "database" in ready.json()["detail"]
        chat = client.post("/v1/chat", json={"message": QUESTION})
        assert chat.status_code == 503 and chat.json()["detail"]
    services.close()
