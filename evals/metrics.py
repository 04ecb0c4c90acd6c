"""Retrieval metrics as small pure functions (shared by the eval runner and the benchmarks)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def first_relevant_rank(ranked_sources: Sequence[str], relevant: Sequence[str]) -> int | None:
    """1-based rank of the first result whose source is relevant, or None."""
    wanted = set(relevant)
    for rank, source in enumerate(ranked_sources, start=1):
        if source in wanted:
            return rank
    return None


def hit_at(rank: int | None, k: int) -> float:
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None) -> float:
    return 1.0 / rank if rank else 0.0


def ndcg_at(ranked_sources: Sequence[str], relevant: Sequence[str], k: int) -> float:
    """Binary-relevance nDCG@k, counting each relevant source once."""
    wanted, seen = set(relevant), set()
    dcg = 0.0
    for rank, source in enumerate(ranked_sources[:k], start=1):
        if source in wanted and source not in seen:
            seen.add(source)
            dcg += 1.0 / math.log2(rank + 1)
    ideal = sum(1.0 / math.log2(r + 1) for r in range(1, min(len(wanted), k) + 1))
    return dcg / ideal if ideal else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in [0, 100]); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, math.ceil(q / 100 * len(ordered)) - 1)
    return ordered[index]
