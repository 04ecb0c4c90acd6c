"""The LLM judge and "try it" over real HTTP against the fake OpenAI-compatible server, through the API."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services
from tests.helpers.fake_llm import FakeLLMServer

WATER = "L1-01-plain-reply-water-complaint"
PROMPT = (
    "Draft a reply to the citizen's complaint about irregular water supply, in plain polite English for an "
    "ordinary citizen. Mention the repair by 20 June and the free tanker. My number is 0300-1234567."
)
VERDICT = {
    "criteria": {"clear_deliverable": "pass", "names_citizen_reader": "pass", "plain_language": "partial"},
    "comment": "Clear task; say what the reply must contain.",
}


@pytest.fixture
def server() -> Iterator[FakeLLMServer]:
    with FakeLLMServer(reply=json.dumps(VERDICT)) as running:
        yield running


@pytest.fixture
def client(settings: Settings, encoder: MiniLMEncoder, server: FakeLLMServer) -> Iterator[TestClient]:
    configured = settings.model_copy(
        update={"llm_base_url": server.url, "llm_max_retries": 0, "llm_timeout_s": 2}
    )
    services = Services(configured, encoder=encoder)
    with TestClient(create_app(configured, services)) as client:
        yield client
    services.close()


def _attempt(client: TestClient, **extra: object) -> dict:  # type: ignore[type-arg]
    response = client.post(
        f"/v1/exercises/{WATER}/attempts", json={"user_id": "u1", "prompt": PROMPT, **extra}
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_the_judge_scores_the_same_rubric_at_temperature_zero_and_is_cached(
    client: TestClient, server: FakeLLMServer
) -> None:
    body = _attempt(client)
    # missing criteria count as fail; weights 30 + 25 + 25/2 of 100
    assert body["judge"] == {
        "score": 68,
        "criteria": {**VERDICT["criteria"], "says_what_reply_contains": "fail"},
        "comment": VERDICT["comment"],
    }
    request = server.requests[-1]
    assert request["temperature"] == 0
    sent = json.dumps(request["messages"])
    assert "0300-1234567" not in sent and "[PHONE]" in sent  # the LLM only sees the redacted prompt
    assert "says_what_reply_contains" in sent  # it grades against the exercise's own rubric
    calls = len(server.requests)
    again = _attempt(client)
    assert again["judge"] == body["judge"] and len(server.requests) == calls  # cached


def test_try_it_runs_the_prompt_on_the_sample_input(client: TestClient, server: FakeLLMServer) -> None:
    server.reply = "Dear citizen, the line will be repaired by 20 June."
    body = _attempt(client, try_it=True)
    assert body["try_it_output"] == "Dear citizen, the line will be repaired by 20 June."
    sent = json.dumps(server.requests[-1]["messages"])
    assert "Director" in sent  # the sample input was appended to the learner's prompt


def test_a_judge_that_fails_leaves_the_offline_grade(client: TestClient, server: FakeLLMServer) -> None:
    server.reply = "I think it is quite good!"  # not the JSON asked for
    body = _attempt(client)
    assert body["judge"] is None and "JSON" in body["judge_error"] and body["score"] > 0
    server.status = 503
    body = client.post(
        f"/v1/exercises/{WATER}/attempts",
        json={"user_id": "u1", "prompt": PROMPT + " Thanks.", "try_it": True},
    )
    assert body.status_code == 201 and body.json()["score"] > 0  # the attempt still counts
    assert body.json()["try_it_output"] is None and "could not run" in body.json()["try_it_error"]
