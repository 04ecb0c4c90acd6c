from pathlib import Path

from evals.gate import Thresholds, compare, violations, write_baseline
from evals.schema import ItemResult, RunSummary


def summary(**metrics: float | None) -> RunSummary:
    return RunSummary(dataset="d", target="t", items=1, metrics=metrics, by_kind={}, created_at="now")


def result(item_id: str, **metrics: float | None) -> ItemResult:
    return ItemResult(
        id=item_id,
        kind="answerable",
        question="q",
        answer="a",
        refused=False,
        answerer="extractive",
        cited_sources=[],
        retrieved=[],
        expected_sources=[],
        latency_ms=1.0,
        metrics=metrics,
    )


def test_floors_ceilings_and_drops() -> None:
    rules = Thresholds(minimum={"hit@5": 0.9}, maximum={"leak_rate": 0.0}, max_drop={"key_fact_recall": 0.05})
    good = summary(**{"hit@5": 0.95, "leak_rate": 0.0, "key_fact_recall": 0.70})
    assert violations(good, rules, baseline=summary(key_fact_recall=0.72)) == []
    bad = summary(**{"hit@5": 0.80, "leak_rate": 0.25, "key_fact_recall": 0.60})
    problems = violations(bad, rules, baseline=summary(key_fact_recall=0.72))
    assert len(problems) == 3
    assert any("hit@5" in p and "floor" in p for p in problems)
    assert any("key_fact_recall went from 0.720 to 0.600" in p for p in problems)


def test_a_missing_metric_fails_its_floor() -> None:
    assert violations(summary(), Thresholds(minimum={"hit@5": 0.5})) == ["hit@5 is N/A, below the floor 0.5"]


def test_lower_is_better_metrics_regress_upwards() -> None:
    rules = Thresholds(max_drop={"false_refusal_rate": 0.02})
    assert violations(summary(false_refusal_rate=0.10), rules, summary(false_refusal_rate=0.05))
    assert not violations(summary(false_refusal_rate=0.01), rules, summary(false_refusal_rate=0.05))


def test_compare_lists_deltas_and_regressed_items(tmp_path: Path) -> None:
    for name, recall, hit in (("a", 1.0, 1.0), ("b", 0.5, 0.0)):
        run = tmp_path / name
        write_baseline(summary(key_fact_recall=recall, **{"hit@5": hit}), run / "summary.json")
        lines = [result("q1", key_fact_recall=recall, **{"hit@5": hit}), result("q2", key_fact_recall=1.0)]
        (run / "results.jsonl").write_text("\n".join(r.model_dump_json() for r in lines))
    text = "\n".join(compare(tmp_path / "a", tmp_path / "b"))
    assert "key_fact_recall" in text and "-0.500  worse" in text
    assert "1 items regressed" in text and "q1: key_fact_recall 1.00 -> 0.50; hit@5 1.00 -> 0.00" in text


def test_thresholds_file_rejects_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("min: {hit@5: 0.9}\nfloors: {}\n")
    try:
        Thresholds.load(path)
    except ValueError as exc:
        assert "floors" in str(exc)
    else:
        raise AssertionError("unknown key accepted")
