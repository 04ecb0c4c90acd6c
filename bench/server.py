"""Served search on ../shared/corpus: /v1/search latency at k=5 (warm server, loopback) and the server's
peak memory. Target: p50 < 25 ms, peak RSS < 600 MB.

Run: `.venv/bin/python bench/server.py [--rounds 5]`.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from _common import CORPUS, ROOT, require_shared, retrieval_cases

from evals.metrics import percentile


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over the dev questions")
    args = parser.parse_args()
    require_shared()
    queries = [c.query for c in retrieval_cases()]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ASSISTANT_DATA_DIR": tmp, "ASSISTANT_LOG_LEVEL": "WARNING"}
        cli = [sys.executable, "-m", "assistant.cli"]
        subprocess.run(
            [*cli, "ingest", str(CORPUS)], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL
        )  # noqa: S603
        port = free_port()
        server = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, cwd=ROOT)  # noqa: S603
        try:
            url = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=url, timeout=30) as client:
                for _ in range(300):
                    try:
                        if client.get("/readyz").status_code == 200:
                            break
                    except httpx.TransportError:
                        time.sleep(0.1)
                for q in queries[:5]:
                    client.get("/v1/search", params={"q": q, "k": 5}).raise_for_status()  # warm
                rounds: list[list[float]] = []
                for _ in range(args.rounds):
                    latencies = []
                    for q in queries[5:]:
                        started = time.perf_counter()
                        client.get("/v1/search", params={"q": q, "k": 5}).raise_for_status()
                        latencies.append((time.perf_counter() - started) * 1000)
                    rounds.append(latencies)
            first, repeats = rounds[0], [x for r in rounds[1:] for x in r]
            for label, values in (("new queries", first), ("repeated queries (embedding cached)", repeats)):
                print(
                    f"/v1/search k=5, {label}, {len(values)} requests: p50 {percentile(values, 50):.1f} ms, "
                    f"p95 {percentile(values, 95):.1f} ms (target p50 < 25 ms)"
                )
            print(f"server peak memory (VmHWM): {peak_rss_mb(server.pid):.0f} MB (target < 600 MB)")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
