"""`assistant serve` in a child process on a free loopback port, its output kept in a file.

with served(env) as server:
    httpx.get(server.url + "/healthz")
server.output()  # everything it printed (uvicorn's access log included)
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.chroma_server import free_port, stop_process, wait_until_serving


@dataclass
class ServedProcess:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def assistant_command(*args: str) -> list[str]:
    """The `assistant` CLI run by this interpreter (the venv's, whatever PATH says)."""
    return [sys.executable, "-c", "from assistant.cli import main; main()", *args]


@contextmanager
def served(env: dict[str, str], log: Path, timeout: float = 60.0) -> Iterator[ServedProcess]:
    port = free_port()
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 - our own command
            assistant_command("serve", "--port", str(port)),
            env={**os.environ, **env},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        server = ServedProcess(f"http://127.0.0.1:{port}", process, log)
        try:
            wait_until_serving(process, server.url + "/healthz", timeout, "assistant serve", server.output)
            yield server
        finally:
            stop_process(process)
