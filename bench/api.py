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
import time

import httpx
from _common import DEV_QUESTIONS, peak_rss_mb, require_shared, served_corpus

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
    with served_corpus({"ASSISTANT_RATE_LIMIT_PER_MINUTE": "1000000"}) as (url, pid):
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
        print(f"server peak memory (VmHWM): {peak_rss_mb(pid):.0f} MB (target < 600 MB)")


if __name__ == "__main__":
    main()
