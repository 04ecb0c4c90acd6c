"""`assistant eval` end to end on the office documents (issue 18's targets): the facts of a question are in
the top-5 passages (tables too), chat answers carry them, nothing answerable is refused, and no passage
holds a running header, a menu or a banner, or lacks a section."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.answering.pipeline import ChatRequest
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services
from evals.run import evaluate
from evals.schema import ItemResult, RunSummary
from tests.ingest.office.build import BOILERPLATE

QUESTIONS = Path(__file__).with_name("questions.jsonl")


@pytest.fixture(scope="module")
def run(
    office_corpus: Path, model_cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[RunSummary, list[ItemResult], Path]:
    output = tmp_path_factory.mktemp("office-eval")
    settings = Settings(_env_file=None, data_dir=output / "data", model_cache_dir=model_cache)  # type: ignore[call-arg]
    summary, results = evaluate(QUESTIONS, settings, output, corpus=office_corpus)
    return summary, results, output


def _cases() -> dict[str, str]:
    lines = QUESTIONS.read_text(encoding="utf-8").splitlines()
    return {item["id"]: item["case"] for item in map(json.loads, lines) if item}


def _mean(values: list[float | None]) -> float:
    present = [v for v in values if v is not None]
    return sum(present) / len(present)


@pytest.mark.slow
def test_facts_reach_the_passages_and_the_answers(run: tuple[RunSummary, list[ItemResult], Path]) -> None:
    summary, results, _ = run
    assert len(results) >= 24 and summary.metrics["error_rate"] == 0.0
    assert summary.metrics["hit@5"] == 1.0
    assert (summary.metrics["context_recall@5"] or 0.0) >= 0.95
    assert (summary.metrics["key_fact_recall"] or 0.0) >= 0.85
    cases = _cases()
    tables = [r.metrics.get("context_recall@5") for r in results if cases[r.id] == "table"]
    assert len(tables) >= 10 and _mean(tables) >= 0.95


@pytest.mark.slow
def test_nothing_answerable_is_refused(run: tuple[RunSummary, list[ItemResult], Path]) -> None:
    _, results, _ = run
    refused = [r.id for r in results if r.metrics.get("false_refusal") == 1.0]
    assert refused == []


@pytest.fixture(scope="module")
def indexed(
    run: tuple[RunSummary, list[ItemResult], Path], model_cache: Path, encoder: MiniLMEncoder
) -> Iterator[Services]:
    """The index the eval built, opened again."""
    _, _, output = run
    settings = Settings(_env_file=None, data_dir=output / "index", model_cache_dir=model_cache)  # type: ignore[call-arg]
    services = Services(settings, encoder=encoder)
    yield services
    services.close()


@pytest.mark.slow
def test_a_pdf_answer_cites_its_page(indexed: Services) -> None:
    question = "What must I do if I paste restricted information into a public chatbot by mistake?"
    result = indexed.tutor.ask(ChatRequest(question))
    cited = result.answer.citations[0]
    assert (cited.source, cited.section, cited.page) == (
        "office-memorandum-ai-tools.pdf",
        "Reporting incidents",
        4,
    )


@pytest.mark.slow
def test_every_passage_has_a_section_and_no_furniture(indexed: Services) -> None:
    chunks = indexed.catalog.all_chunks()
    assert len({c.source for c in chunks}) == 6
    assert all(c.section for c in chunks)
    assert all(c.page for c in chunks if c.source.endswith(".pdf"))
    for chunk in chunks:
        for phrase in BOILERPLATE:
            assert phrase not in chunk.text, (chunk.source, phrase)
