"""CNIC numbers, phone numbers and e-mail addresses sent on every channel end up in no store: not the
question-log database (any table), not the data dir's files (SQLite, WAL, Chroma, catalog), not the
application logs, not what the LLM is sent, not the eval export or an eval run's outputs."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services
from evals.export import export_items, write_items
from evals.run import evaluate
from tests.helpers.corpus import write_corpus
from tests.helpers.fake_llm import FakeLLMServer
from tests.privacy.helpers import CNIC, EMAIL, PHONE, WITH_PERSONAL_DATA, database_text, files_text, leaks

ANON = "anon-browser-0123456789abcdef"
_TEST_CLIENT_LOGGERS = ("httpx", "httpcore")  # the test client logs the URLs it requests (client side)


@pytest.fixture
def llm() -> Iterator[FakeLLMServer]:
    with FakeLLMServer(reply="Temperature controls randomness [1].") as server:
        yield server


@pytest.fixture
def llm_services(
    settings: Settings, encoder: MiniLMEncoder, corpus: Path, llm: FakeLLMServer
) -> Iterator[Services]:
    """Services with an LLM (the fake server), so the LLM answerer, judge and try-it all run."""
    built = Services(settings.model_copy(update={"llm_base_url": llm.url}), encoder=encoder)
    assert built.ingestor.ingest([corpus]).ok
    yield built
    built.close()


def _use_every_channel(client: TestClient) -> None:
    """Personal data in questions, follow-ups, streamed questions, feedback, prompts and searches."""
    first = client.post("/v1/chat", json={"message": WITH_PERSONAL_DATA, "user_id": "learner-pii"})
    assert first.status_code == 200, first.text
    body = first.json()
    assert not leaks(json.dumps(body))
    follow = {"message": f"And {EMAIL}?", "user_id": "learner-pii", "session_id": body["session_id"]}
    assert client.post("/v1/chat", json=follow).status_code == 200
    stream = client.post("/v1/chat/stream", json={"message": WITH_PERSONAL_DATA, "channel": "web"})
    assert stream.status_code == 200 and not leaks(stream.text)
    feedback = {"message_id": body["message_id"], "rating": "down", "comment": f"Call {PHONE}, CNIC {CNIC}"}
    assert client.post("/v1/feedback", json=feedback).status_code == 201
    exercise = client.get("/v1/exercises").json()["exercises"][0]["id"]
    attempt = {"user_id": "learner-pii", "prompt": WITH_PERSONAL_DATA, "try_it": True}
    graded = client.post(f"/v1/exercises/{exercise}/attempts", json=attempt)
    assert graded.status_code == 201, graded.text
    assert graded.json()["personal_data_redacted"] is True
    assert client.get("/v1/search", params={"q": WITH_PERSONAL_DATA}).status_code == 200
    widget = client.post(
        "/widget/api/chat/stream",
        json={"message": WITH_PERSONAL_DATA},
        headers={"X-Ustad-Anon": ANON, "Origin": "http://testserver"},
    )
    assert widget.status_code == 200, widget.text
    history = client.get(f"/v1/sessions/{body['session_id']}", params={"user_id": "learner-pii"})
    assert history.status_code == 200 and not leaks(history.text)
    assert "[CNIC]" in history.text and "[EMAIL]" in history.text


def test_no_store_keeps_personal_data(
    llm_services: Services, llm: FakeLLMServer, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    with TestClient(create_app(llm_services.settings, llm_services)) as client:
        _use_every_channel(client)

    assert llm.requests, "the LLM was never called: the test would prove nothing"
    assert leaks(json.dumps(llm.requests)) == []
    assert leaks(database_text(llm_services)) == []
    assert "[CNIC]" in database_text(llm_services)  # the redacted copies are what was kept
    server_side = [r for r in caplog.records if not r.name.startswith(_TEST_CLIENT_LOGGERS)]
    assert leaks("\n".join(r.getMessage() for r in server_side)) == []
    assert leaks(files_text(llm_services.settings.data_dir)) == []

    exported = tmp_path / "export.jsonl"
    llm_services.question_log.add_feedback(
        llm_services.question_log.rated_exchanges(rating=None)[0].message_id, "up"
    )
    write_items(export_items(llm_services.question_log, include_unanswered=True), exported)
    assert exported.read_text() and leaks(exported.read_text()) == []


def test_an_eval_run_writes_no_personal_data(settings: Settings, tmp_path: Path) -> None:
    dataset = tmp_path / "pii.jsonl"
    items = [
        {
            "id": "pii-1",
            "kind": "answerable",
            "question": WITH_PERSONAL_DATA,
            "sources": ["course/settings.md"],
        },
        {
            "id": "pii-2",
            "kind": "follow_up",
            "turns": [f"I am {EMAIL}. What is few-shot prompting?", f"{PHONE}?"],
        },
    ]
    dataset.write_text("".join(json.dumps(item) + "\n" for item in items))
    output = tmp_path / "run"
    _, results = evaluate(dataset, settings, output, corpus=write_corpus(tmp_path / "corpus"))
    assert [r.error for r in results] == [None, None]
    assert leaks(files_text(output)) == []
