"""`assistant eval` end to end: the golden set on the shipped knowledge base passes its gate; a broken
change is caught by the gate and by compare; a running server and the LLM judge work over real HTTP."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from typer.testing import CliRunner

from assistant.api.app import create_app
from assistant.cli import app
from assistant.config import Settings
from assistant.services import Services
from evals.gate import Thresholds, compare, violations
from evals.run import evaluate
from tests.helpers.chroma_server import free_port
from tests.helpers.fake_llm import FakeLLMServer

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "evals/datasets/golden.jsonl"
THRESHOLDS = ROOT / "evals/thresholds.yaml"
BASELINE = ROOT / "evals/baselines/golden.json"
runner = CliRunner()


@pytest.fixture(scope="module")
def good_run(tmp_path_factory: pytest.TempPathFactory, model_cache: Path) -> Path:
    output = tmp_path_factory.mktemp("golden")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASSISTANT_DATA_DIR", str(output / "data"))
        patch.setenv("ASSISTANT_MODEL_CACHE_DIR", str(model_cache))
        result = runner.invoke(
            app,
            [
                "eval",
                str(GOLDEN),
                "--corpus",
                str(ROOT / "knowledge"),
                "--output",
                str(output),
                "--thresholds",
                str(THRESHOLDS),
                "--baseline",
                str(BASELINE),
            ],
        )
    assert result.exit_code == 0, result.output
    assert "hit@5: " in result.output and "judge_faithfulness: N/A" in result.output
    return output


def test_the_golden_set_passes_its_gate_with_all_reports(good_run: Path) -> None:
    for name in ("summary.json", "results.jsonl", "report.md", "report.html"):
        assert (good_run / name).is_file()
    summary = json.loads((good_run / "summary.json").read_text())
    assert summary["items"] >= 60 and summary["metrics"]["error_rate"] == 0.0
    assert "<svg" in (good_run / "report.html").read_text()


def test_a_broken_change_is_caught_by_the_gate_and_by_compare(
    good_run: Path, tmp_path: Path, model_cache: Path
) -> None:
    broken = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path / "data",
        model_cache_dir=model_cache,
        chunk_tokens=32,
        chunk_overlap=0,
    )
    summary, _ = evaluate(GOLDEN, broken, tmp_path / "broken", corpus=ROOT / "knowledge")
    baseline = json.loads((good_run / "summary.json").read_text())
    from evals.schema import RunSummary

    problems = violations(summary, Thresholds.load(THRESHOLDS), RunSummary.model_validate(baseline))
    assert problems, "a 32-token chunking passed the gate"
    report = "\n".join(compare(good_run, tmp_path / "broken"))
    assert "worse" in report and "items regressed:" in report
    result = runner.invoke(
        app, ["eval", "compare", str(good_run), str(tmp_path / "broken"), "--thresholds", str(THRESHOLDS)]
    )
    assert result.exit_code == 1 and "gate:" in result.output


@pytest.fixture
def served(indexed: Services) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(services=indexed), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


SMALL = [
    {
        "id": "a",
        "kind": "answerable",
        "question": "How do I stop the model after ten list items?",
        "sources": ["course/settings.md"],
        "must_include": ["stop sequence"],
    },
    {"id": "o", "kind": "out_of_scope", "question": "What is today's dollar to rupee exchange rate?"},
    {
        "id": "f",
        "kind": "follow_up",
        "turns": ["What is few-shot prompting?", "How is it different from zero-shot?"],
        "sources": ["course/few-shot.mdx"],
    },
]


def test_a_running_server_can_be_evaluated_over_http(served: str, tmp_path: Path, settings: Settings) -> None:
    dataset = tmp_path / "small.jsonl"
    dataset.write_text("\n".join(json.dumps(item) for item in SMALL))
    summary, results = evaluate(dataset, settings, tmp_path / "out", url=served)
    assert [r.error for r in results] == [None, None, None]
    assert summary.metrics["hit@5"] == 1.0 and summary.metrics["out_of_scope_refused"] == 1.0
    assert summary.target == served


def test_the_llm_judge_grades_over_http_and_caches(indexed: Services, tmp_path: Path) -> None:
    dataset = tmp_path / "one.jsonl"
    dataset.write_text(json.dumps(SMALL[0]))
    with FakeLLMServer(reply='{"faithfulness": 0.9, "relevance": 0.8}') as llm:
        # the fake answers every call (the Tutor's and the judge's) with this JSON; judge calls are checked
        configured = indexed.settings.model_copy(update={"llm_base_url": llm.url, "llm_max_retries": 0})
        summary, _ = evaluate(dataset, configured, tmp_path / "run1")
        asked = len(llm.requests)
        again, _ = evaluate(dataset, configured, tmp_path / "run2")
    assert summary.metrics["judge_faithfulness"] == 0.9 and summary.metrics["judge_relevance"] == 0.8
    assert again.metrics["judge_faithfulness"] == 0.9
    judge_calls = [r for r in llm.requests if "grade answers" in r["messages"][0]["content"]]
    assert judge_calls and all(r["temperature"] == 0 for r in judge_calls)
    assert len(llm.requests) - asked < asked  # the second run's grades came from the cache


def test_a_bad_dataset_line_is_a_clear_error(tmp_path: Path) -> None:
    dataset = tmp_path / "bad.jsonl"
    dataset.write_text(
        '{"id": "x", "kind": "answerable", "question": "ok"}\n{"id": "y", "kind": "nonsense"}\n'
    )
    result = runner.invoke(app, ["eval", str(dataset), "--output", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "bad.jsonl:2: kind" in str(result.exception or result.output)


def test_rated_questions_export_as_eval_items(indexed: Services, tmp_path: Path) -> None:
    from assistant.answering.pipeline import ChatRequest
    from evals.export import export_items, write_items
    from evals.schema import load_dataset

    good = indexed.tutor.ask(
        ChatRequest("How do I stop the model after ten items? My CNIC is 35202-1234567-1")
    )
    indexed.question_log.add_feedback(good.message_id, "up")
    indexed.tutor.ask(ChatRequest("What is today's dollar to rupee exchange rate?"))
    items = export_items(indexed.question_log, include_unanswered=True)
    assert [item["kind"] for item in items] == ["answerable", "out_of_scope"]
    assert "[CNIC]" in str(items[0]["question"]) and "35202" not in json.dumps(items)
    assert items[0]["sources"] == ["course/settings.md"] and "[1]" not in str(items[0]["reference"])
    write_items(items, tmp_path / "exported.jsonl")
    assert len(load_dataset(tmp_path / "exported.jsonl")) == 2
