"""Served search on ../shared/corpus: /v1/search latency at k=5 (warm server, loopback) and the server's
peak memory. Target: p50 < 25 ms, peak RSS < 600 MB.

Run: `.venv/bin/python bench/server.py [--rounds 5]`.
"""

from __future__ import annotations

import argparse
import time

import httpx
from _common import peak_rss_mb, require_shared, retrieval_cases, served_corpus

from evals.metrics import percentile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over the dev questions")
    args = parser.parse_args()
    require_shared()
    queries = [c.query for c in retrieval_cases()]
    with served_corpus() as (url, pid), httpx.Client(base_url=url, timeout=30) as client:
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
        print(f"server peak memory (VmHWM): {peak_rss_mb(pid):.0f} MB (target < 600 MB)")


if __name__ == "__main__":
    main()
