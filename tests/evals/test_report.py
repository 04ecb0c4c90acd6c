"""Report writers on real files: the four outputs, number formatting, a self-contained and inert HTML page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evals.report import (
    KNOWN_METRICS,
    latency_bins,
    render_markdown,
    summary_lines,
    worst_items,
    write_reports,
)
from evals.schema import ItemResult, Retrieved, RunSummary

SCRIPT = "<script>alert(1)</script>"


def item(
    id: str,
    kind: str = "answerable",
    recall: float | None = 1.0,
    *,
    answer: str = "An answer.",
    refused: bool = False,
    leak: float | None = None,
    error: str | None = None,
    latency: float = 500.0,
) -> ItemResult:
    return ItemResult(
        id=id,
        kind=kind,
        question=f"Question {id}?",
        answer=answer,
        refused=refused,
        answerer="fake",
        cited_sources=["course/prompting.md"],
        retrieved=[Retrieved(source="course/prompting.md", score=0.81)],
        expected_sources=["course/prompting.md", "policy/data.md"],
        latency_ms=latency,
        metrics={"key_fact_recall": recall, "hit@5": 1.0, "leak_rate": leak},
        error=error,
    )


def summary(
    metrics: dict[str, float | None] | None = None,
    by_kind: dict[str, dict[str, float | None]] | None = None,
    target: str = "in-process (corpus knowledge)",
) -> RunSummary:
    return RunSummary(
        dataset="evals/datasets/core.jsonl",
        target=target,
        items=4,
        metrics=metrics if metrics is not None else {"hit@5": 0.93412, "latency_p50_ms": 812.4, "mrr": 0.5},
        by_kind=by_kind
        if by_kind is not None
        else {
            "answerable": {"key_fact_recall": 0.8, "hit@5": 0.9, "abstention_accuracy": 1.0},
            "out_of_scope": {"key_fact_recall": None, "hit@5": None, "abstention_accuracy": 0.75},
        },
        created_at="2025-01-02T03:04:05Z",
    )


def results() -> list[ItemResult]:
    return [
        item("good"),
        item("half", recall=0.5, latency=900.0),
        item("script", recall=0.0, answer=f"Try this: {SCRIPT}"),
        item("oos", kind="out_of_scope", recall=None, refused=True, latency=120.0),
    ]


def test_writes_all_four_files(tmp_path: Path) -> None:
    run, items = summary(), results()
    paths = write_reports(run, items, tmp_path / "out")

    assert {p.name for p in paths.values()} == {"summary.json", "results.jsonl", "report.md", "report.html"}
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths.values())
    assert RunSummary.model_validate_json(paths["summary"].read_text(encoding="utf-8")) == run
    lines = paths["results"].read_text(encoding="utf-8").splitlines()
    assert [ItemResult.model_validate_json(line) for line in lines] == items


def test_summary_lines_format() -> None:
    run = summary(
        {"judge_faithfulness": None, "hit@5": 0.93412, "latency_p95_ms": 1234.6, "mrr": float("nan")}
    )

    assert summary_lines(run) == [
        "hit@5: 0.934",
        "mrr: N/A",
        "latency_p95_ms: 1235",
        "judge_faithfulness: N/A",
    ]


def test_markdown_has_grouped_metrics_kinds_and_worst_items() -> None:
    text = render_markdown(summary(), results())

    assert text.startswith("# Ustad eval report")
    assert "2025-01-02T03:04:05Z" in text
    assert "| **Retrieval** | `hit@5` | 0.934 | ↑ |" in text
    assert "| **Latency** | `latency_p50_ms` | 812 | ↓ |" in text
    assert "| `abstention_accuracy` | 1.000 | 0.750 |" in text
    assert text.index("`script`") < text.index("`half`")
    assert "```text\nTry this: <script>" in text  # inert inside a code fence


def test_html_is_self_contained_with_svg_charts(tmp_path: Path) -> None:
    page = write_reports(summary(), results(), tmp_path)["html"].read_text(encoding="utf-8")

    assert page.count("<svg") == 2
    assert page.count('role="img"') == 2
    assert "<title id=" in page and "<desc id=" in page
    for outside in ("http://", "https://", "src=", "href=", "@import", "url(", "<link", "<script"):
        assert outside not in page.lower()


def test_html_names_no_url_even_when_the_target_is_one(tmp_path: Path) -> None:
    run = summary(target="http://ustad.local:8000")
    page = write_reports(run, [item("x", answer="See https://example.org")], tmp_path)["html"]

    text = page.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text
    assert "ustad.local:8000" in text


def test_html_escapes_script_in_answers_questions_and_sources(tmp_path: Path) -> None:
    bad = item("bad", recall=0.0, answer=SCRIPT, error=SCRIPT)
    bad.question = SCRIPT
    bad.cited_sources = [SCRIPT]
    page = write_reports(summary(), [bad], tmp_path)["html"].read_text(encoding="utf-8")

    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "default-src 'none'" in page


def test_worst_items_lowest_recall_first_then_refused_leaked_errored() -> None:
    items = [
        item("perfect"),
        item("errored", kind="out_of_scope", recall=None, refused=True, error="timeout"),
        item("leaky", kind="adversarial", recall=None, refused=True, leak=1.0),
        item("refused", kind="follow_up", recall=None, refused=True),
        item("low", recall=0.25),
        item("zero", kind="urdu", recall=0.0),
        item("fine_oos", kind="out_of_scope", recall=None, refused=True),
    ]

    assert [r.id for r in worst_items(items)] == ["zero", "low", "refused", "leaky", "errored"]


def test_worst_items_on_equal_recall_puts_flagged_items_first() -> None:
    items = [item("a_plain", recall=0.0), item("b_errored", recall=0.0, error="boom")]

    assert [r.id for r in worst_items(items)] == ["b_errored", "a_plain"]


def test_worst_items_keeps_ten() -> None:
    items = [item(f"i{n:02d}", recall=n / 20) for n in range(15)]

    assert [r.id for r in worst_items(items)] == [f"i{n:02d}" for n in range(10)]


def test_empty_by_kind_and_all_none_metrics(tmp_path: Path) -> None:
    run = summary(dict.fromkeys(KNOWN_METRICS), by_kind={})
    blank = [item("a", recall=None, latency=0.0)]
    blank[0].metrics = dict.fromkeys(KNOWN_METRICS)

    paths = write_reports(run, blank, tmp_path)

    assert all(line.endswith(": N/A") for line in summary_lines(run))
    for key in ("markdown", "html"):
        text = paths[key].read_text(encoding="utf-8")
        assert "N/A" in text
        assert not re.search(r"\bnan\b", text, re.IGNORECASE)
    assert "No per-kind metrics" in paths["html"].read_text(encoding="utf-8")


def test_no_results_at_all(tmp_path: Path) -> None:
    paths = write_reports(summary(by_kind={}), [], tmp_path)

    page = paths["html"].read_text(encoding="utf-8")
    assert "No item latencies recorded" in page and "No failing items" in page
    assert paths["results"].read_text(encoding="utf-8") == ""


@pytest.mark.parametrize(("count", "bins"), [(1, 10), (3, 10), (150, 13), (1000, 15)])
def test_latency_bins_between_ten_and_fifteen(count: int, bins: int) -> None:
    start, width, counts = latency_bins([100.0 + 7 * n for n in range(count)])

    assert len(counts) == bins and sum(counts) == count
    assert start == 100.0 and width > 0


def test_summary_json_writes_none_as_null(tmp_path: Path) -> None:
    path = write_reports(summary({"judge_relevance": None}), [], tmp_path)["summary"]

    assert json.loads(path.read_text(encoding="utf-8"))["metrics"] == {"judge_relevance": None}
