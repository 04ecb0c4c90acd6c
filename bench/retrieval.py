"""Retrieval quality and latency on ../shared: our hybrid search vs the LangChain-tutorial baseline.

Run: `.venv/bin/python bench/retrieval.py [--variants] [--skip-baseline]`. Prints hit@1, hit@5, MRR@5 and
per-query latency for both in one run; `--variants` also compares single signals and the weighted sum on
the same index, so the default can be chosen by measurement.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import CORPUS, RetrievalCase, require_shared, retrieval_cases

from evals.metrics import first_relevant_rank, hit_at, percentile, reciprocal_rank

Search = Callable[[str], list[str]]


def evaluate(
    name: str, search: Search, cases: list[RetrievalCase], show_misses: bool = False
) -> dict[str, float]:
    ranks, latencies = [], []
    search(cases[0].query)  # warm caches
    for case in cases:
        started = time.perf_counter()
        sources = search(case.query)
        latencies.append((time.perf_counter() - started) * 1000)
        rank = first_relevant_rank(sources, case.sources)
        ranks.append(rank)
        if show_misses and (rank is None or rank > 1):
            print(f"   miss {case.id} rank={rank} got={sources[:3]}")
    row = {
        "hit@1": statistics.mean(hit_at(r, 1) for r in ranks),
        "hit@5": statistics.mean(hit_at(r, 5) for r in ranks),
        "mrr@5": statistics.mean(reciprocal_rank(r if r and r <= 5 else None) for r in ranks),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
    }
    print(
        f"{name:<28} hit@1 {row['hit@1']:.3f}  hit@5 {row['hit@5']:.3f}  MRR {row['mrr@5']:.3f}  "
        f"latency p50 {row['p50_ms']:.1f} ms  p95 {row['p95_ms']:.1f} ms"
    )
    return row


def build_ours(workdir: Path) -> object:
    from assistant.config import Settings
    from assistant.services import Services

    services = Services(Settings(_env_file=None, data_dir=workdir / "ours"))  # type: ignore[call-arg]
    report = services.ingestor.ingest([CORPUS])
    print(f"ours: indexed {len(report.added)} files, {report.chunks} chunks in {report.seconds:.1f} s")
    return services


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", action="store_true", help="also compare signals")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list queries whose source is not ranked first")
    args = parser.parse_args()
    require_shared()
    cases = retrieval_cases()
    print(f"{len(cases)} dev questions with sources, corpus {CORPUS}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        services = build_ours(workdir)
        searcher = services.searcher  # type: ignore[attr-defined]
        ours = evaluate(
            "ours (hybrid, k=5)", lambda q: [h.source for h in searcher.search(q, 5)], cases, args.misses
        )
        if args.variants:
            run_variants(searcher, cases)
        if not args.skip_baseline:
            from baseline import Baseline

            baseline = Baseline(workdir)
            started = time.perf_counter()
            chunks = baseline.ingest()
            print(f"baseline: {chunks} chunks in {time.perf_counter() - started:.1f} s")
            base = evaluate("baseline (LangChain tutorial)", baseline.search, cases)
            print(
                f"ratio ours/baseline: hit@5 {ours['hit@5'] / max(base['hit@5'], 1e-9):.2f}x, "
                f"MRR {ours['mrr@5'] / max(base['mrr@5'], 1e-9):.2f}x, "
                f"p50 latency {ours['p50_ms'] / max(base['p50_ms'], 1e-9):.2f}x"
            )


def run_variants(searcher: object, cases: list[RetrievalCase]) -> None:
    """Each signal alone and the defaults, on the same index (weights from assistant/policy.py)."""
    s = searcher
    original = s.policy  # type: ignore[attr-defined]
    for label, weights in [
        ("chunk vectors only", {"dense": 1.0, "unit": 0.0, "lexical": 0.0, "document": 0.0}),
        ("sentence vectors only", {"dense": 0.0, "unit": 1.0, "lexical": 0.0, "document": 0.0}),
        ("bm25 only", {"dense": 0.0, "unit": 0.0, "lexical": 1.0, "document": 0.0}),
        ("without sentence vectors", {"unit": 0.0}),
        ("defaults", {}),
    ]:
        s.policy = original.model_copy(update=weights)  # type: ignore[attr-defined]
        evaluate(label, lambda q: [h.source for h in s.search(q, 5)], cases)  # type: ignore[attr-defined]
    s.policy = original  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
