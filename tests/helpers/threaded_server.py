"""Start and stop a uvicorn server on its own thread: the shared lifecycle of the tests' fake servers."""

from __future__ import annotations

import threading
import time

import uvicorn


def start_in_thread(server: uvicorn.Server, thread: threading.Thread, what: str, timeout: float = 10) -> None:
    """Start `thread` (which runs `server`) and wait until the server accepts connections."""
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.01)


def stop_in_thread(server: uvicorn.Server, thread: threading.Thread) -> None:
    server.should_exit = True
    thread.join(timeout=5)
