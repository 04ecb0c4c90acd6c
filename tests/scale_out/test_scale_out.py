"""Scale-out mode end to end: two API worker processes sharing PostgreSQL (question log and catalog), a
Chroma server (`chroma run`) and Redis (rate limits), all on loopback. Traffic goes through both workers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant.embeddings import MiniLMEncoder
from tests.helpers.corpus import write_corpus
from tests.helpers.scale_out import ScaleOut

pytestmark = [pytest.mark.chroma_server, pytest.mark.slow]
RATE_LIMIT = 6


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory, encoder: MiniLMEncoder, model_cache: Path
) -> Iterator[ScaleOut]:
    """A running scale-out deployment over the small test corpus."""
    tmp = tmp_path_factory.mktemp("scale-out")
    env = {"ASSISTANT_RATE_LIMIT_PER_MINUTE": str(RATE_LIMIT), "ASSISTANT_MODEL_CACHE_DIR": str(model_cache)}
    with ScaleOut(tmp, workers=2, corpus=write_corpus(tmp / "corpus"), env=env) as running:
        yield running


def test_rate_limits_hold_across_workers(deployment: ScaleOut) -> None:
    urls = deployment.urls
    user = f"limit-{uuid.uuid4().hex[:8]}"
    statuses = [
        httpx.post(
            f"{urls[n % 2]}/v1/chat",
            json={"message": "What is a stop sequence?", "user_id": user},
            timeout=60,
        ).status_code
        for n in range(RATE_LIMIT + 2)
    ]
    assert statuses[:RATE_LIMIT] == [200] * RATE_LIMIT  # split evenly over the two workers
    assert statuses[RATE_LIMIT:] == [429, 429]  # each worker alone would still have allowed these


def test_a_session_continues_on_the_other_worker(deployment: ScaleOut) -> None:
    urls = deployment.urls
    user = f"session-{uuid.uuid4().hex[:8]}"
    first = httpx.post(
        f"{urls[0]}/v1/chat", json={"message": "What is a stop sequence?", "user_id": user}, timeout=60
    )
    session = first.json()["session_id"]
    follow = httpx.post(
        f"{urls[1]}/v1/chat",
        json={"message": "and how do I set it?", "user_id": user, "session_id": session},
        timeout=60,
    )
    assert follow.status_code == 200 and follow.json()["session_id"] == session
    history = httpx.get(f"{urls[0]}/v1/sessions/{session}", params={"user_id": user}, timeout=30).json()
    assert [m["message_id"] for m in history["messages"]] == [
        first.json()["message_id"],
        follow.json()["message_id"],
    ]
    stranger = httpx.post(
        f"{urls[1]}/v1/chat",
        json={"message": "hello", "user_id": "someone-else", "session_id": session},
        timeout=60,
    )
    assert stranger.status_code == 403  # ownership is checked against the shared database


def test_every_answer_from_either_worker_is_logged_exactly_once(deployment: ScaleOut) -> None:
    urls = deployment.urls
    run = uuid.uuid4().hex[:8]

    def ask(n: int) -> str:
        response = httpx.post(
            f"{urls[n % 2]}/v1/chat",
            json={
                "message": f"How do I write a clear instruction? ({run}-{n})",
                "user_id": f"{run}-{n % 10}",
            },
            timeout=120,
        )
        assert response.status_code == 200, response.text
        return str(response.json()["message_id"])

    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(ask, range(40)))
    assert len(set(ids)) == 40
    logged = deployment.count("SELECT count(*) FROM messages WHERE question LIKE :run", run=f"%({run}-%")
    assert logged == 40
    distinct = deployment.count(
        "SELECT count(DISTINCT question) FROM messages WHERE question LIKE :run",
        run=f"%({run}-%",
    )
    assert distinct == 40


def test_both_workers_search_the_shared_index(deployment: ScaleOut) -> None:
    urls = deployment.urls
    results = [
        httpx.get(f"{u}/v1/search", params={"q": "stop sequence", "k": 3}, timeout=30).json() for u in urls
    ]
    assert results[0] == results[1] and results[0]["results"]


def test_killing_a_worker_mid_request_loses_nothing_acknowledged(deployment: ScaleOut) -> None:
    """SIGKILL one worker while it is answering: the other keeps serving, every answer a client received
    is in the log, no logged row is half-written, and the restarted worker serves again."""
    urls, run = deployment.urls, uuid.uuid4().hex[:8]

    def ask(n: int) -> str | None:
        try:
            response = httpx.post(
                f"{urls[1]}/v1/chat",
                json={"message": f"How should I phrase a constraint? ({run}-{n})", "user_id": f"{run}-{n}"},
                timeout=60,
            )
        except httpx.TransportError:
            return None  # the worker died under this request
        return str(response.json()["message_id"]) if response.status_code == 200 else None

    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(ask, n) for n in range(30)]
        futures[2].result()  # some answers are delivered, others are in flight
        deployment.processes[1].kill()
        received = [f.result() for f in futures]
    delivered = [m for m in received if m]
    assert 0 < len(delivered) < 30

    survivor = httpx.post(f"{urls[0]}/v1/chat", json={"message": "What is a stop sequence?"}, timeout=60)
    assert survivor.status_code == 200
    for message_id in delivered:
        assert deployment.count("SELECT count(*) FROM messages WHERE id = :id", id=message_id) == 1
    half_written = deployment.count(
        "SELECT count(*) FROM messages WHERE question LIKE :run AND (answer = '' OR answerer = '')",
        run=f"%({run}-%",
    )
    assert half_written == 0

    deployment.restart(1)
    again = httpx.post(f"{urls[1]}/v1/chat", json={"message": "What is a stop sequence?"}, timeout=60)
    assert again.status_code == 200
