"""Start a real `chroma run` on loopback for tests of the server mode."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_process(process: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """Terminate a child process, killing it if it does not exit within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_serving(
    process: subprocess.Popen[bytes], url: str, timeout: float, what: str, output: Callable[[], str]
) -> None:
    """Poll `url` until it answers 200; if `process` exits or `timeout` passes first, fail with the end
    of its `output`."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{output()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer {url} within {timeout:.0f} s:\n{output()[-3000:]}")
        time.sleep(0.2)


def _chroma_binary() -> str:
    beside_python = Path(sys.executable).parent / "chroma"
    return str(beside_python) if beside_python.exists() else (shutil.which("chroma") or "chroma")


@contextmanager
def chroma_server(path: Path, port: int | None = None, timeout: float = 60.0) -> Iterator[str]:
    """A Chroma server persisting under `path`; yields its URL and stops it afterwards."""
    port = port or free_port()
    log = (path / "chroma.log").open("ab")
    process = subprocess.Popen(  # noqa: S603 - our own binary and arguments
        [_chroma_binary(), "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        log_file = path / "chroma.log"
        wait_until_serving(process, f"{url}/api/v2/heartbeat", timeout, "chroma run", log_file.read_text)
        yield url
    finally:
        stop_process(process, timeout=10)
        log.close()
