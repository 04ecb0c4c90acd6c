"""Where to draw "possibly missed": the P(answerable) below which an answer the tutor did give is flagged in
the trainer console (assistant/trainer/log_queries.py `MISSED_BELOW`).

The labelled questions are the abstention fit's (../shared/eval/dev-questions.jsonl, evals/datasets/
heldout-shared.jsonl and near-miss-shared.jsonl over ../shared/corpus; evals/datasets/golden.jsonl over
knowledge/), asked through the real Tutor with the shipped policy. Among the questions it answered, an
answer "missed" when the question was out of scope, or when it was answerable but the answer holds none of
its key facts. For each candidate threshold the script prints the share of missed answers flagged (what
the flag catches) and of good answers flagged (the trainer's wasted reviews).

Run: `.venv/bin/python bench/missed.py [--data-dir DIR]` (needs ../shared beside the checkout).
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path

from _common import CORPUS, ROOT, SHARED, last_answers, require_shared

SETS = (
    (SHARED / "eval" / "dev-questions.jsonl", CORPUS),
    (ROOT / "evals" / "datasets" / "heldout-shared.jsonl", CORPUS),
    (ROOT / "evals" / "datasets" / "near-miss-shared.jsonl", CORPUS),
    (ROOT / "evals" / "datasets" / "golden.jsonl", ROOT / "knowledge"),
)
CANDIDATES = (0.30, 0.40, 0.50, 0.55, 0.60, 0.65, 0.70, 0.80)


def collect(data_dir: Path) -> list[tuple[float, bool, str]]:
    """(P(answerable), missed?, item id) of every answered item that has signals."""
    from assistant.config import Settings
    from assistant.embeddings import MiniLMEncoder
    from assistant.services import Services
    from evals.metrics import key_fact_recall

    encoder: MiniLMEncoder | None = None
    found = []
    for path, corpus in SETS:
        index = data_dir / corpus.name
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, data_dir=index, database_url=f"sqlite:///{index}/missed-log.db"
        )
        services = Services(settings, encoder=encoder)
        services.ingestor.ingest([corpus])
        encoder = services._lazy.encoder
        for item, answer in last_answers(services, path):
            if answer.refused or "p_answerable" not in answer.meta:
                continue
            recall = key_fact_recall(answer.text, item.must_include)
            missed = not item.should_answer or recall == 0.0
            found.append((float(answer.meta["p_answerable"]), missed, item.id))
        services.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "ustad-missed")
    args = parser.parse_args()
    require_shared()
    logging.basicConfig(level=logging.WARNING)
    from assistant.policy import AbstentionPolicy

    rows = collect(args.data_dir)
    missed = [p for p, m, _ in rows if m]
    good = [p for p, m, _ in rows if not m]
    print(
        f"answered: {len(rows)} ({len(missed)} missed, {len(good)} good); refusal threshold "
        f"{AbstentionPolicy().threshold}"
    )
    for threshold in CANDIDATES:
        caught = sum(p < threshold for p in missed)
        wasted = sum(p < threshold for p in good)
        print(
            f"  flag below {threshold:.2f}: missed flagged {caught}/{len(missed)} "
            f"({caught / max(len(missed), 1):.0%}), good flagged {wasted}/{len(good)} "
            f"({wasted / max(len(good), 1):.0%})"
        )
    print("missed answers:", ", ".join(f"{i} {p:.2f}" for p, m, i in sorted(rows) if m))


if __name__ == "__main__":
    main()
