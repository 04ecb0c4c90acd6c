"""Grading latency per attempt over the calibration set, with the embedding model loaded and warm.

Run: `.venv/bin/python bench/grader.py [--repeat 5] [--set evals/calibration/blind.jsonl]`.
The grader is prepared for the bank first (as at
start-up); then p50 / p95 / max ms per attempt for each pass over the set, and how many attempts ran the
embedder (only borderline off-task cases do). The load average is printed too: on a busy machine the
embedder's share of the time grows.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import _common  # noqa: F401 - puts the checkout on sys.path
import numpy as np

from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.exercises.bank import ExerciseBank
from assistant.exercises.grader import Grader
from evals.calibration import DEFAULT_SET, load_set
from evals.metrics import percentile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the set")
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="the calibration set to grade")
    args = parser.parse_args()
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    encoder = MiniLMEncoder(settings.embedding_variant, cache_dir=settings.models_dir)
    calls = 0

    def embed(texts: list[str]) -> np.ndarray:
        nonlocal calls
        calls += 1
        return encoder.encode(texts)

    bank = ExerciseBank.load(settings.exercises_dir)
    grader = Grader(embed)
    grader.prepare(bank.list())  # as the services do at start-up
    calls = 0
    items = load_set(args.set, bank)
    print(
        f"{len(items)} prompts over {len({i.exercise_id for i in items})} exercises; load {os.getloadavg()}"
    )
    for n in range(args.repeat):
        latencies, before = [], calls
        for item in items:
            exercise = bank.get(item.exercise_id)
            started = time.perf_counter()
            grader.grade(exercise, item.prompt)
            latencies.append((time.perf_counter() - started) * 1000)
        label = "first pass" if n == 0 else f"pass {n + 1}"
        print(
            f"{label:<11} p50 {percentile(latencies, 50):.2f} ms  p95 {percentile(latencies, 95):.2f} ms  "
            f"max {max(latencies):.2f} ms  embedder calls {calls - before}"
        )


if __name__ == "__main__":
    main()
