"""Retrieval metrics as small pure functions (shared by the eval runner and the benchmarks)."""

from __future__ import annotations

import math
import re
from collections import Counter
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


# -- answers ---------------------------------------------------------------------------------------

_MARKER = re.compile(r"\[\d{1,2}\]")
_WORD = re.compile(r"\w+", re.UNICODE)
_ARTICLES = {"a", "an", "the"}


def strip_markers(text: str) -> str:
    return _MARKER.sub("", text)


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def fold(text: str) -> str:
    """Lower case with curly quotes made straight: how key facts are matched."""
    return text.lower().translate(_QUOTES)


def key_fact_recall(answer: str, facts: Sequence[str]) -> float | None:
    """Share of the key facts present in the answer (case-insensitive substrings, quotes folded)."""
    if not facts:
        return None
    folded = fold(answer)
    return sum(fold(fact) in folded for fact in facts) / len(facts)


def facts_in(texts: Sequence[str], facts: Sequence[str]) -> float | None:
    """Share of the key facts present anywhere in `texts` (the ceiling of an answer built from them)."""
    return key_fact_recall("\n".join(texts), facts)


def _tokens(text: str) -> list[str]:
    return [t for t in _WORD.findall(strip_markers(text).lower()) if t not in _ARTICLES]


def token_f1(answer: str, reference: str | None) -> float | None:
    """SQuAD-style token F1 between the answer and a reference answer."""
    if not reference:
        return None
    predicted, gold = _tokens(answer), _tokens(reference)
    if not predicted or not gold:
        return 0.0
    common = sum((Counter(predicted) & Counter(gold)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(predicted), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def sentences(text: str) -> list[str]:
    """Answer sentences worth checking (markers removed, very short fragments dropped)."""
    parts = re.split(r"(?<=[.!?\u06d4])\s+|\n+", strip_markers(text))
    return [p.strip(" -*•") for p in parts if len(p.split()) >= 4]


def lexical_support(sentence: str, evidence: str) -> float:
    """Share of a sentence's words that occur in the evidence."""
    words = set(_tokens(sentence))
    if not words:
        return 1.0
    return len(words & set(_tokens(evidence))) / len(words)


def share(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def source_precision(cited: Sequence[str], expected: Sequence[str]) -> float | None:
    """Share of cited (or retrieved) sources that are expected."""
    if not expected or not cited:
        return None
    return sum(source in set(expected) for source in cited) / len(cited)


def source_recall(cited: Sequence[str], expected: Sequence[str]) -> float | None:
    """Share of expected sources that were cited."""
    if not expected:
        return None
    return len(set(cited) & set(expected)) / len(set(expected))


def mean(values: Sequence[float | None]) -> float | None:
    """Mean of the values that exist; None (reported N/A) when none do, never NaN."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None
