"""Scale-out mode end to end: two API worker processes sharing PostgreSQL (question log and catalog), a
Chroma server (`chroma run`) and Redis (rate limits), all on loopback. Traffic goes through both workers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from assistant.embeddings import MiniLMEncoder
from tests.helpers.chroma_server import chroma_server, free_port
from tests.helpers.postgres import connect_postgres

pytestmark = [pytest.mark.chroma_server, pytest.mark.slow]
RATE_LIMIT = 6


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"worker exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"worker at {url} not ready:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory, encoder: MiniLMEncoder, model_cache: Path
) -> Iterator[tuple[list[str], str]]:
    """(worker URLs, database URL) of a running scale-out deployment over the small test corpus."""
    from tests.helpers.corpus import write_corpus

    tmp = tmp_path_factory.mktemp("scale-out")
    postgres = connect_postgres()
    schema = postgres.create_schema()
    database_url = postgres.url_for(schema)
    with ExitStack() as stack:
        stack.callback(postgres.engine.dispose)
        stack.callback(postgres.drop_schema, schema)
        (tmp / "chroma").mkdir()
        chroma_url = stack.enter_context(chroma_server(tmp / "chroma"))
        env = {
            **os.environ,
            "ASSISTANT_MODE": "scale-out",
            "ASSISTANT_DATABASE_URL": database_url,
            "ASSISTANT_CHROMA_URL": chroma_url,
            "ASSISTANT_REDIS_URL": "redis://127.0.0.1:6379/15",
            "ASSISTANT_COLLECTION": f"scale-{uuid.uuid4().hex[:8]}",
            "ASSISTANT_RATE_LIMIT_PER_MINUTE": str(RATE_LIMIT),
            "ASSISTANT_MODEL_CACHE_DIR": str(model_cache),
            "ASSISTANT_LOG_LEVEL": "WARNING",
        }
        corpus = write_corpus(tmp / "corpus")
        command = [sys.executable, "-m", "assistant.cli"]
        ingest = subprocess.run(
            [*command, "ingest", str(corpus)], env=env, cwd=tmp, capture_output=True, text=True
        )  # noqa: S603
        assert ingest.returncode == 0, ingest.stderr
        urls = []
        for n in range(2):
            port = free_port()
            log = tmp / f"worker{n}.log"
            output = stack.enter_context(log.open("wb"))
            process = subprocess.Popen(  # noqa: S603
                [*command, "serve", "--port", str(port)],
                env=env,
                cwd=tmp,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
            stack.callback(process.wait, 15)
            stack.callback(process.terminate)
            urls.append(f"http://127.0.0.1:{port}")
            _wait_ready(urls[-1], process, log)
        yield urls, database_url


def _count(database_url: str, query: str, **params: object) -> int:
    engine = sa.create_engine(database_url, poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(query), params).scalar_one())
    finally:
        engine.dispose()


def test_rate_limits_hold_across_workers(deployment: tuple[list[str], str]) -> None:
    urls, _ = deployment
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


def test_a_session_continues_on_the_other_worker(deployment: tuple[list[str], str]) -> None:
    urls, _ = deployment
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


def test_every_answer_from_either_worker_is_logged_exactly_once(deployment: tuple[list[str], str]) -> None:
    urls, database_url = deployment
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
    logged = _count(database_url, "SELECT count(*) FROM messages WHERE question LIKE :run", run=f"%({run}-%")
    assert logged == 40
    distinct = _count(
        database_url,
        "SELECT count(DISTINCT question) FROM messages WHERE question LIKE :run",
        run=f"%({run}-%",
    )
    assert distinct == 40


def test_both_workers_search_the_shared_index(deployment: tuple[list[str], str]) -> None:
    urls, _ = deployment
    results = [
        httpx.get(f"{u}/v1/search", params={"q": "stop sequence", "k": 3}, timeout=30).json() for u in urls
    ]
    assert results[0] == results[1] and results[0]["results"]
