"""One eval run: load the dataset, build the target, ask, score, judge (if an LLM is configured), report."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services
from evals.judge import Judge
from evals.report import write_reports
from evals.runner import run_items, summarise
from evals.schema import ItemResult, RunSummary, load_dataset
from evals.targets import HttpTarget, InProcessTarget, Target

logger = logging.getLogger(__name__)


def evaluate(
    dataset: Path,
    settings: Settings,
    output: Path,
    corpus: Path | None = None,
    url: str | None = None,
) -> tuple[RunSummary, list[ItemResult]]:
    """Run `dataset` in process (on `corpus`, indexed into a fresh data dir under `output`, or on the
    configured index) or against the server at `url`; write the reports under `output`."""
    items = load_dataset(dataset)
    output.mkdir(parents=True, exist_ok=True)
    encoder = MiniLMEncoder(settings.embedding_variant, cache_dir=settings.models_dir)
    services: Services | None = None
    target: Target
    if url:
        target = HttpTarget(url)
    else:
        services = _services(settings, output, corpus, encoder)
        described = f"in process, corpus {corpus}" if corpus else f"in process, index {settings.data_dir}"
        target = InProcessTarget(services, described)
    judge = _judge(settings) if settings.llm_base_url else None
    try:
        results = run_items(items, target, encoder.encode, judge.grade if judge else None)
    finally:
        if services is not None:
            services.close()
        if isinstance(target, HttpTarget):
            target.close()
    summary = summarise(results, dataset.name, target.name)
    write_reports(summary, results, output)
    return summary, results


def _services(settings: Settings, output: Path, corpus: Path | None, encoder: MiniLMEncoder) -> Services:
    """Eval questions go to their own question log, never the trainers' one."""
    update: dict[str, object] = {"database_url": f"sqlite:///{output / 'eval-log.db'}"}
    if corpus is not None:
        fresh = output / "index"
        shutil.rmtree(fresh, ignore_errors=True)
        (output / "eval-log.db").unlink(missing_ok=True)
        update["data_dir"] = fresh
    services = Services(settings.model_copy(update=update), encoder=encoder)
    if corpus is not None:
        report = services.ingestor.ingest([corpus])
        if report.failed or report.missing_paths:
            logger.warning("Corpus issues: %s %s", report.failed, report.missing_paths)
    return services


def _judge(settings: Settings) -> Judge:
    """The LLM judge at temperature 0, caching its grades beside the data dir's other state."""
    from assistant.llm import chat_model

    return Judge(chat_model(settings, 0.0), settings.data_dir / "eval-judge-cache.json", settings.llm_model)
