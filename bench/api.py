"""/v1/chat under load: 8 concurrent clients on loopback for 60 s against `assistant serve` on
../shared/corpus with the extractive answerer. Prints p50, p95, requests/s, errors and the server's peak
memory. Target: p95 < 150 ms, >= 40 req/s, zero errors, < 600 MB.

Run: `.venv/bin/python bench/api.py [--clients 8] [--seconds 60]`. The server's rate limit is raised for
the run (the bench is one client machine, not thousands of learners).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time

import httpx
from _common import CORPUS, DEV_QUESTIONS, ROOT, require_shared
from server import free_port, peak_rss_mb

from evals.metrics import percentile


def questions() -> list[str]:
    items = [
        json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [item.get("question") or item["turns"][0] for item in items]


async def client_loop(
    client: httpx.AsyncClient, pool: itertools.cycle, deadline: float, results: list
) -> None:  # type: ignore[type-arg]
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            response = await client.post("/v1/chat", json={"message": next(pool)})
            ok = response.status_code == 200
        except httpx.HTTPError:
            ok = False
        results.append((time.perf_counter() - started, ok))


async def run_load(url: str, clients: int, seconds: float) -> list[tuple[float, bool]]:
    results: list[tuple[float, bool]] = []
    pool = itertools.cycle(questions())
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(client_loop(client, pool, deadline, results) for _ in range(clients)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    require_shared()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "ASSISTANT_DATA_DIR": tmp,
            "ASSISTANT_LOG_LEVEL": "WARNING",
            "ASSISTANT_RATE_LIMIT_PER_MINUTE": "1000000",
        }
        cli = [sys.executable, "-m", "assistant.cli"]
        subprocess.run(
            [*cli, "ingest", str(CORPUS)], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL
        )  # noqa: S603
        port = free_port()
        server = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, cwd=ROOT)  # noqa: S603
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{url}/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            asyncio.run(run_load(url, 2, 5))  # warm-up: first answers embed their sentences once
            started = time.perf_counter()
            results = asyncio.run(run_load(url, args.clients, args.seconds))
            elapsed = time.perf_counter() - started
            latencies = [seconds * 1000 for seconds, ok in results if ok]
            errors = sum(1 for _, ok in results if not ok)
            print(
                f"/v1/chat, {args.clients} clients, {elapsed:.0f} s: {len(results)} requests, "
                f"{len(results) / elapsed:.1f} req/s, errors {errors}"
            )
            print(
                f"latency p50 {percentile(latencies, 50):.0f} ms, p95 {percentile(latencies, 95):.0f} ms, "
                f"p99 {percentile(latencies, 99):.0f} ms (target p95 < 150 ms, >= 40 req/s)"
            )
            print(f"server peak memory (VmHWM): {peak_rss_mb(server.pid):.0f} MB (target < 600 MB)")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
