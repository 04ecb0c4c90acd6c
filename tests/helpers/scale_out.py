"""Deployments on loopback for tests and benchmarks: `ScaleOut`, N API worker processes sharing PostgreSQL
(a throw-away schema), a Chroma server (`chroma run`) and Redis; `Embedded`, one worker over SQLite and
Chroma on disk.

    with ScaleOut(tmp, workers=2, corpus=folder) as deployment:
        httpx.post(f"{deployment.urls[0]}/v1/chat", ...)
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import sqlalchemy as sa

from tests.helpers.chroma_server import chroma_server, free_port, stop_process, wait_until_serving
from tests.helpers.postgres import connect_postgres

REDIS_URL = "redis://127.0.0.1:6379/15"


class _Workers:
    """`workers` API processes (`assistant serve`) on loopback over the stores a subclass sets up in
    `_stores`, the corpus ingested first; workers can be restarted, and the question log queried."""

    def __init__(
        self, tmp: Path, workers: int = 2, corpus: Path | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.tmp = tmp
        self.workers = workers
        self.corpus = corpus
        self.extra_env = env or {}
        self.urls: list[str] = []
        self.processes: list[subprocess.Popen[bytes]] = []
        self.database_url = ""
        self.env: dict[str, str] = {}
        self._logs: list[Path] = []
        self._stack = ExitStack()

    def __enter__(self) -> Self:
        try:
            self._start()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stack.close()

    def _stores(self) -> dict[str, str]:
        """Set up the stores; the settings that point the workers at them."""
        raise NotImplementedError

    def _start(self) -> None:
        stores = self._stores()
        self.env = {
            **os.environ,
            **stores,
            "ASSISTANT_DATA_DIR": str(self.tmp / "data"),
            "ASSISTANT_LOG_LEVEL": "WARNING",
            **self.extra_env,
        }
        if self.corpus is not None:
            self.cli("ingest", str(self.corpus))
        for n in range(self.workers):
            self.urls.append(f"http://127.0.0.1:{free_port()}")
            self._logs.append(self.tmp / f"worker{n}.log")
            self.processes.append(self._spawn(n))
        for n in range(self.workers):
            self.wait_ready(n)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run an `assistant` command against the deployment's stores; fails loudly on error."""
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "assistant.cli", *args],
            env=self.env,
            cwd=self.tmp,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"assistant {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done

    def _spawn(self, n: int) -> subprocess.Popen[bytes]:
        port = self.urls[n].rsplit(":", 1)[1]
        output: IO[bytes] = self._stack.enter_context(self._logs[n].open("ab"))
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "assistant.cli", "serve", "--port", port],
            env=self.env,
            cwd=self.tmp,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        self._stack.callback(stop_process, process)
        return process

    def restart(self, n: int) -> None:
        """Start worker `n` again (after it was killed) on the same port."""
        self.processes[n] = self._spawn(n)
        self.wait_ready(n)

    def wait_ready(self, n: int, timeout: float = 180) -> None:
        url = f"{self.urls[n]}/readyz"
        wait_until_serving(self.processes[n], url, timeout, f"worker {n}", self._logs[n].read_text)

    def count(self, query: str, **params: object) -> int:
        engine = sa.create_engine(self.database_url, poolclass=sa.NullPool)
        try:
            with engine.connect() as conn:
                return int(conn.execute(sa.text(query), params).scalar_one())
        finally:
            engine.dispose()


class ScaleOut(_Workers):
    """Workers sharing a throw-away PostgreSQL schema, a Chroma server (`chroma run`) and Redis."""

    def _stores(self) -> dict[str, str]:
        postgres = connect_postgres()
        schema = postgres.create_schema()
        self._stack.callback(postgres.engine.dispose)
        self._stack.callback(postgres.drop_schema, schema)
        self.database_url = postgres.url_for(schema)
        (self.tmp / "chroma").mkdir(parents=True, exist_ok=True)
        chroma_url = self._stack.enter_context(chroma_server(self.tmp / "chroma"))
        return {
            "ASSISTANT_MODE": "scale-out",
            "ASSISTANT_DATABASE_URL": self.database_url,
            "ASSISTANT_CHROMA_URL": chroma_url,
            "ASSISTANT_REDIS_URL": REDIS_URL,
            "ASSISTANT_COLLECTION": f"scale-{uuid.uuid4().hex[:8]}",
        }


class Embedded(_Workers):
    """One worker in embedded mode: the SQLite question log and Chroma on disk in `tmp/data`."""

    def __init__(self, tmp: Path, corpus: Path | None = None, env: dict[str, str] | None = None) -> None:
        super().__init__(tmp, 1, corpus, env)

    def _stores(self) -> dict[str, str]:
        self.database_url = f"sqlite:///{self.tmp / 'data' / 'assistant.db'}"
        return {"ASSISTANT_MODE": "embedded"}
