"""Fit the abstention model: a logistic regression over the answer's signals, on labelled questions
(answerable vs out of scope, near-misses included), with the refusal threshold chosen by 5-fold
cross-validation so that at most --max-false-refusals of answerable questions are refused out of fold.

Training data: ../shared/eval/dev-questions.jsonl, evals/datasets/heldout-shared.jsonl and
evals/datasets/near-miss-shared.jsonl over ../shared/corpus, and evals/datasets/golden.jsonl over
knowledge/. ../shared/eval/blind-a.jsonl is never used here: it is the set the result is reported on.

Run: `.venv/bin/python bench/abstention_fit.py` prints the cross-validated rates and the policy values
(paste them into assistant/policy.py's AbstentionPolicy, or pass --write FILE for a policy file).
`--only FEATURE` fits one feature's weight with the others held as the policy has them: how a new
signal joins the model without refitting what was fitted before.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path

import numpy as np
import yaml
from _common import CORPUS, ROOT, SHARED, last_answers, require_shared

TRAINING = (
    (SHARED / "eval" / "dev-questions.jsonl", CORPUS),
    (ROOT / "evals" / "datasets" / "heldout-shared.jsonl", CORPUS),
    (ROOT / "evals" / "datasets" / "near-miss-shared.jsonl", CORPUS),
    (ROOT / "evals" / "datasets" / "golden.jsonl", ROOT / "knowledge"),
)
FEATURES = ("meaning", "lexical", "coverage", "unknown", "type_missing", "unseen", "named_elsewhere")
FOLDS = 5
L2 = 0.05


def collect(data_dir: Path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(features, labels, ids) of every labelled item, from answers given with abstention off."""
    from assistant.config import Settings
    from assistant.embeddings import MiniLMEncoder
    from assistant.policy import AbstentionPolicy, AnsweringPolicy
    from assistant.services import Services

    never_refuse = AnsweringPolicy(abstention=AbstentionPolicy(threshold=1e-9))
    encoder: MiniLMEncoder | None = None
    rows, labels, ids = [], [], []
    for path, corpus in TRAINING:
        index = data_dir / corpus.name
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, data_dir=index, database_url=f"sqlite:///{index}/fit-log.db"
        )
        services = Services(settings, encoder=encoder)
        services.__dict__["policy"] = never_refuse
        services.ingestor.ingest([corpus])
        encoder = services._lazy.encoder
        for item, answer in last_answers(services, path):
            meta = answer.meta
            if "meaning" not in meta:  # refused before any signal (safety, nothing retrieved)
                continue
            rows.append(
                [
                    float(meta["meaning"]),
                    float(meta["lexical"]),
                    float(meta["coverage"]),
                    float(bool(meta["unknown"])),
                    float(meta["type_found"] != "true"),
                    float(meta["unseen"]),
                    float(bool(meta["named_elsewhere"])),
                ]
            )
            labels.append(float(item.should_answer))
            ids.append(item.id)
        services.close()
    return np.asarray(rows), np.asarray(labels), ids


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression by Newton's method, L2-penalised (not the intercept)."""
    design = np.hstack([np.ones((len(x), 1)), x])
    weights = np.zeros(design.shape[1])
    penalty = np.eye(design.shape[1]) * L2
    penalty[0, 0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-design @ weights))
        gradient = design.T @ (p - y) + penalty @ weights
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def fit_one(x: np.ndarray, y: np.ndarray, column: int, held: np.ndarray) -> float:
    """The weight of one feature by Newton's method, L2-penalised, with the intercept and the other
    weights held at `held` (intercept first, in FEATURES order): a new signal joins a fitted model
    without moving what was fitted before."""
    design = np.hstack([np.ones((len(x), 1)), x])
    offset = design @ held - design[:, column + 1] * held[column + 1]
    feature = design[:, column + 1]
    weight = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(offset + feature * weight)))
        gradient = feature @ (p - y) + 2 * L2 * weight
        hessian = feature @ (feature * p * (1 - p)) + 2 * L2
        step = gradient / hessian
        weight -= step
        if abs(step) < 1e-8:
            break
    return weight


def predict(weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-(weights[0] + x @ weights[1:]))))


def out_of_fold(x: np.ndarray, y: np.ndarray, seed: int = 7) -> np.ndarray:
    folds = np.random.default_rng(seed).permutation(len(y)) % FOLDS
    scores = np.zeros(len(y))
    for fold in range(FOLDS):
        held = folds == fold
        scores[held] = predict(fit(x[~held], y[~held]), x[held])
    return scores


def choose_threshold(scores: np.ndarray, y: np.ndarray, max_false_refusals: float) -> float:
    """The highest threshold (most refusals of out-of-scope questions) whose out-of-fold false-refusal
    rate stays within the bound."""
    best = 0.05
    for threshold in np.arange(0.05, 0.96, 0.01):
        false_refusals = float(np.mean(scores[y == 1] < threshold))
        if false_refusals <= max_false_refusals:
            best = float(threshold)
    return round(best, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "ustad-abstention")
    parser.add_argument("--max-false-refusals", type=float, default=0.03)
    parser.add_argument("--write", type=Path, help="write a policy file with the fitted values")
    parser.add_argument(
        "--only", choices=FEATURES, help="fit this feature's weight alone, the others held as in the policy"
    )
    args = parser.parse_args()
    require_shared()
    logging.basicConfig(level=logging.WARNING)
    x, y, ids = collect(args.data_dir)
    print(f"items: {len(y)} ({int(y.sum())} answerable, {int((1 - y).sum())} out of scope)")
    if args.only:
        from assistant.policy import AbstentionPolicy

        policy = AbstentionPolicy()
        held = np.array([policy.intercept] + [getattr(policy, name) for name in FEATURES])
        column = FEATURES.index(args.only)
        fires = x[:, column] > 0
        print(
            f"{args.only} fires on {int(fires[y == 1].sum())} answerable and {int(fires[y == 0].sum())} "
            f"out-of-scope questions; its weight with the others held: {fit_one(x, y, column, held):.3f}"
        )
        return
    scores = out_of_fold(x, y)
    threshold = choose_threshold(scores, y, args.max_false_refusals)
    refused = scores < threshold
    print(
        f"5-fold out of fold at threshold {threshold}: answerable refused "
        f"{int(refused[y == 1].sum())}/{int(y.sum())}, out of scope refused "
        f"{int(refused[y == 0].sum())}/{int((1 - y).sum())}"
    )
    for item, score, label in zip(ids, scores, y, strict=True):
        if (score < threshold) != (label == 0):
            print(f"  wrong out of fold: {item} p={score:.2f} answerable={bool(label)}")
    weights = fit(x, y)
    values = {"intercept": round(float(weights[0]), 3)}
    values |= {name: round(float(w), 3) for name, w in zip(FEATURES, weights[1:], strict=True)}
    values["threshold"] = threshold
    # a floor no labelled answerable question lies under: the model is not asked to extrapolate there
    values["min_meaning"] = round(float(np.floor(x[y == 1, 0].min() * 20) / 20), 2)
    print("abstention:", values)
    if args.write:
        args.write.write_text(yaml.safe_dump({"abstention": values}, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    main()
