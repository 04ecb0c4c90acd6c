import pytest

from evals import metrics as m


def test_retrieval_metrics() -> None:
    ranked = ["a", "b", "c", "b"]
    assert m.first_relevant_rank(ranked, ["c"]) == 3
    assert m.hit_at(3, 1) == 0.0 and m.hit_at(3, 5) == 1.0 and m.hit_at(None, 5) == 0.0
    assert m.reciprocal_rank(4) == 0.25 and m.reciprocal_rank(None) == 0.0
    assert m.ndcg_at(["x", "a"], ["a"], 5) == pytest.approx(1 / 1.5849625)
    assert m.source_precision(ranked, ["b"]) == 0.5
    assert m.source_recall(["a"], ["a", "z"]) == 0.5


def test_answer_metrics() -> None:
    assert (
        m.key_fact_recall("Use a STOP sequence like 11 [1]", ["stop sequence", "11", "max tokens"]) == 2 / 3
    )
    assert m.key_fact_recall("anything", []) is None
    assert m.token_f1("the stop sequence ends output [1]", "A stop sequence ends the output") == 1.0
    assert m.token_f1("completely different", "stop sequence") == 0.0
    assert m.token_f1("x", None) is None
    assert m.lexical_support("stop sequences end output", "Stop sequences end the output early.") == 1.0


def test_aggregates_never_produce_nan() -> None:
    assert m.mean([None, None]) is None
    assert m.mean([1.0, None, 0.0]) == 0.5
    assert m.share([]) is None
    assert m.percentile([], 95) == 0.0
    assert m.percentile([1, 2, 3, 4], 50) == 2
