"""Runs a dataset against a target and scores every item. `assistant eval` is the command line."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import numpy as np

from assistant.privacy import redact
from evals import metrics as m
from evals.schema import EvalItem, ItemResult, Retrieved, RunSummary
from evals.targets import Exchange, Hit, Target

logger = logging.getLogger(__name__)

Embed = Callable[[list[str]], np.ndarray]
K = 5
SUPPORTED = 0.8  # a sentence is grounded if this share of its words, or this cosine, is in its sources


def score_item(
    item: EvalItem, exchange: Exchange, hits: list[Hit], evidence: list[str], embed: Embed
) -> dict[str, float | None]:
    """Every metric that applies to the item (None where it does not)."""
    ranked = [h.source for h in hits]
    cited = [source for source, _, _ in exchange.cited]
    expected = item.sources
    rank = m.first_relevant_rank(ranked, expected) if expected else None
    answered = not exchange.refused
    refused = float(exchange.refused)
    facts = item.must_include if item.should_answer else []
    return {
        "hit@1": m.hit_at(rank, 1) if expected else None,
        "hit@5": m.hit_at(rank, K) if expected else None,
        "mrr": m.reciprocal_rank(rank) if expected else None,
        "ndcg@5": m.ndcg_at(ranked, expected, K) if expected else None,
        "context_precision": m.source_precision(ranked, expected),
        "context_recall@5": m.facts_in([h.text for h in hits], facts),
        "evidence_recall": m.facts_in(exchange.context, facts) if exchange.context is not None else None,
        "key_fact_recall": m.key_fact_recall(exchange.answer, item.must_include)
        if item.should_answer
        else None,
        "token_f1": m.token_f1(exchange.answer, item.reference) if answered else None,
        "semantic_similarity": _similarity(exchange.answer, item.reference, embed) if answered else None,
        "groundedness": _groundedness(exchange.answer, evidence, embed) if answered else None,
        "citation_precision": m.source_precision(cited, expected),
        "citation_recall": m.source_recall(cited, expected) if answered else None,
        "cited_right_page": float(bool(set(cited) & set(expected)))
        if answered and expected and item.should_answer
        else None,
        "abstention_correct": None if item.kind == "adversarial" else float(refused != item.should_answer),
        "false_refusal": refused if item.should_answer else None,
        "out_of_scope_refused": refused if item.kind == "out_of_scope" else None,
        "leak": _leak(exchange.answer, item.must_not_include) if item.must_not_include else None,
    }


STAGES = (
    "complete",
    "retrieval_miss",
    "passage_miss",
    "selection_miss",
    "wrong_page_cited",
    "false_refusal",
    "answered_out_of_scope",
)


def attribute(item: EvalItem, exchange: Exchange, scores: dict[str, float | None]) -> str | None:
    """The stage that lost an item's key facts, in pipeline order: the right page not found by search
    (retrieval), found but the fact-bearing passage not read (passage), read but not quoted (selection, or
    another page cited instead), or a refusal. None for items with nothing to attribute."""
    if not item.should_answer:
        return "answered_out_of_scope" if item.kind == "out_of_scope" and not exchange.refused else None
    if not item.must_include:
        return None
    if exchange.refused:
        return "false_refusal"
    if scores.get("key_fact_recall") == 1.0:
        return "complete"
    available = scores.get("evidence_recall")
    if available is None:
        available = scores.get("context_recall@5")
    if available is not None and available < 1:
        return "passage_miss" if scores.get("hit@5") else "retrieval_miss"
    if scores.get("cited_right_page") == 0.0:
        return "wrong_page_cited"
    return "selection_miss"


def _similarity(answer: str, reference: str | None, embed: Embed) -> float | None:
    if not reference:
        return None
    vectors = embed([m.strip_markers(answer)[:2000], reference])
    return float(vectors[0] @ vectors[1])


def _groundedness(answer: str, evidence: list[str], embed: Embed) -> float | None:
    claims = m.sentences(answer)
    if not claims or not evidence:
        return None
    joined = "\n".join(evidence)
    pieces = [s for text in evidence for s in m.sentences(text)] or evidence
    claim_vectors, piece_vectors = embed(claims), embed(pieces)
    closest = (claim_vectors @ piece_vectors.T).max(axis=1)
    supported = [
        m.lexical_support(claim, joined) >= SUPPORTED or float(near) >= SUPPORTED
        for claim, near in zip(claims, closest, strict=True)
    ]
    return m.share(supported)


def _leak(answer: str, forbidden: Sequence[str]) -> float:
    lowered = answer.lower()
    return float(any(phrase.lower() in lowered for phrase in forbidden))


Grade = Callable[[str, list[str], str], dict[str, float | None]]  # (question, evidence, answer)


def run_items(
    items: list[EvalItem], target: Target, embed: Embed, grade: Grade | None = None
) -> list[ItemResult]:
    """Ask every item (a fresh conversation each) and score it; an item that errors is recorded.
    `grade` (the LLM judge) scores answered items from their question, evidence and answer."""
    results = []
    for item in items:
        question = redact(item.conversation[-1]).text  # reports and the judge never see personal data
        try:
            exchange = target.converse(item.conversation)
            hits = target.retrieve(exchange.standalone, K)
            evidence = target.evidence(exchange.cited) if exchange.cited else []
            scores = score_item(item, exchange, hits, evidence, embed)
            if grade is not None and not exchange.refused:
                scores.update(grade(question, evidence, exchange.answer))
            stage, error = attribute(item, exchange, scores), None
        except Exception as exc:  # one broken item must not hide the others' results
            logger.warning("Item %s failed: %s", item.id, exc)
            exchange, hits, scores = Exchange("", False, "error", [], "", 0.0), [], {}
            stage, error = None, str(exc)
        results.append(
            ItemResult(
                id=item.id,
                kind=item.kind,
                question=question,
                answer=exchange.answer,
                refused=exchange.refused,
                answerer=exchange.answerer,
                cited_sources=[s for s, _, _ in exchange.cited],
                retrieved=[Retrieved(source=h.source, score=h.score) for h in hits],
                expected_sources=item.sources,
                latency_ms=round(exchange.latency_ms, 1),
                metrics=scores,
                stage=stage,
                error=error,
            )
        )
    return results


_REPORTED = {  # summary name -> per-item metric
    "hit@1": "hit@1",
    "hit@5": "hit@5",
    "mrr": "mrr",
    "ndcg@5": "ndcg@5",
    "context_precision": "context_precision",
    "context_recall@5": "context_recall@5",
    "evidence_recall": "evidence_recall",
    "key_fact_recall": "key_fact_recall",
    "token_f1": "token_f1",
    "semantic_similarity": "semantic_similarity",
    "groundedness": "groundedness",
    "citation_precision": "citation_precision",
    "citation_recall": "citation_recall",
    "cited_right_page": "cited_right_page",
    "abstention_accuracy": "abstention_correct",
    "false_refusal_rate": "false_refusal",
    "out_of_scope_refused": "out_of_scope_refused",
    "leak_rate": "leak",
    "judge_faithfulness": "judge_faithfulness",
    "judge_relevance": "judge_relevance",
}


def aggregate(results: list[ItemResult]) -> dict[str, float | None]:
    """Means over the items each metric applies to, latency percentiles, and the error rate."""
    summary = {name: m.mean([r.metrics.get(key) for r in results]) for name, key in _REPORTED.items()}
    latencies = [r.latency_ms for r in results if r.error is None]
    summary["latency_p50_ms"] = m.percentile(latencies, 50) if latencies else None
    summary["latency_p95_ms"] = m.percentile(latencies, 95) if latencies else None
    summary["error_rate"] = m.share([r.error is not None for r in results])
    return summary


def summarise(results: list[ItemResult], dataset: str, target: str) -> RunSummary:
    kinds = sorted({r.kind for r in results})
    return RunSummary(
        dataset=dataset,
        target=target,
        items=len(results),
        metrics=aggregate(results),
        by_kind={kind: aggregate([r for r in results if r.kind == kind]) for kind in kinds},
        stages={stage: n for stage in STAGES if (n := sum(r.stage == stage for r in results))},
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
