"""Answer quality under variants of the answering policy, on question files over ../shared/corpus.

Indexes the corpus once (kept in --data-dir), then runs every question file under every variant and
prints one line per (variant, file). Tune on one file and read the others: a variant counts only if it
helps on the files it was not chosen on.

Run: `.venv/bin/python bench/policy_sweep.py [--set evidence.max_words=220 ...] [--policy FILE ...]`
Each `--set` is one variant (comma-separated dotted keys); with none, the defaults alone are measured.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path

import yaml
from _common import CORPUS, ROOT, SHARED, require_shared

FILES = (
    SHARED / "eval" / "dev-questions.jsonl",
    SHARED / "eval" / "blind-a.jsonl",
    ROOT / "evals" / "datasets" / "heldout-shared.jsonl",
)
SHOWN = (
    "hit@5",
    "mrr",
    "context_recall@5",
    "evidence_recall",
    "key_fact_recall",
    "cited_right_page",
    "false_refusal_rate",
    "out_of_scope_refused",
    "latency_p95_ms",
)


def _variant(assignments: str) -> dict[str, dict[str, object]]:
    """`evidence.max_words=220,retrieval.window=3` as a policy mapping."""
    policy: dict[str, dict[str, object]] = {}
    for assignment in filter(None, assignments.split(",")):
        key, value = assignment.split("=", 1)
        group, name = key.strip().split(".", 1)
        policy.setdefault(group, {})[name] = yaml.safe_load(value)
    return policy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], dest="variants", help="a variant")
    parser.add_argument("--policy", action="append", default=[], type=Path, help="a policy file")
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "ustad-sweep")
    parser.add_argument("--files", nargs="*", type=Path, default=list(FILES))
    args = parser.parse_args()
    require_shared()
    logging.basicConfig(level=logging.WARNING)
    from assistant.config import Settings
    from assistant.embeddings import MiniLMEncoder
    from assistant.policy import AnsweringPolicy
    from assistant.services import Services
    from evals.runner import run_items, summarise
    from evals.schema import load_dataset
    from evals.targets import InProcessTarget

    settings = Settings(_env_file=None, data_dir=args.data_dir)  # type: ignore[call-arg]
    encoder = MiniLMEncoder(settings.embedding_variant, cache_dir=settings.models_dir)
    indexer = Services(settings, encoder=encoder)
    indexer.ingestor.ingest([CORPUS])
    indexer.close()
    variants: list[tuple[str, AnsweringPolicy]] = [
        (str(path), AnsweringPolicy.load(path)) for path in args.policy
    ] + [(text, AnsweringPolicy.model_validate(_variant(text))) for text in args.variants]
    if not variants:
        variants = [("defaults", AnsweringPolicy())]
    for name, policy in variants:
        for path in args.files:
            with tempfile.TemporaryDirectory() as log_dir:
                services = Services(
                    settings.model_copy(update={"database_url": f"sqlite:///{log_dir}/log.db"}),
                    encoder=encoder,
                )
                services.__dict__["policy"] = policy  # the variant, for every component built from it
                results = run_items(load_dataset(path), InProcessTarget(services, name), encoder.encode)
                summary = summarise(results, path.name, name)
                services.close()
            values = "  ".join(f"{m} {summary.metrics.get(m) or 0:.3f}" for m in SHOWN)
            stages = " ".join(f"{s}={n}" for s, n in summary.stages.items())
            print(f"{name} | {path.stem}: {values} | {stages}", flush=True)


if __name__ == "__main__":
    main()
