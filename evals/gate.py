"""The regression gate and `compare`: floors, ceilings and allowed drops against a committed baseline."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from evals.schema import DatasetError, ItemResult, RunSummary

LOWER_IS_BETTER = {"false_refusal_rate", "leak_rate", "latency_p50_ms", "latency_p95_ms", "error_rate"}


@dataclass(frozen=True)
class Thresholds:
    """`min`/`max`: absolute bounds; `max_drop`: how much worse than the baseline a metric may get."""

    minimum: dict[str, float] = field(default_factory=dict)
    maximum: dict[str, float] = field(default_factory=dict)
    max_drop: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Thresholds:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        unknown = set(data) - {"min", "max", "max_drop"}
        if unknown:
            raise DatasetError(f"{path}: unknown keys {sorted(unknown)} (use min, max, max_drop)")
        return cls(data.get("min") or {}, data.get("max") or {}, data.get("max_drop") or {})


def load_summary(path: Path) -> RunSummary:
    """A run's summary, from its output folder or its summary.json."""
    file = path / "summary.json" if path.is_dir() else path
    return RunSummary.model_validate_json(file.read_text(encoding="utf-8"))


def load_results(path: Path) -> dict[str, ItemResult]:
    file = path / "results.jsonl" if path.is_dir() else path.with_name("results.jsonl")
    if not file.is_file():
        return {}
    items = (
        ItemResult.model_validate_json(line) for line in file.read_text(encoding="utf-8").splitlines() if line
    )
    return {item.id: item for item in items}


def worse_by(name: str, before: float, after: float) -> float:
    """How much worse `after` is than `before` (positive = regression), whatever the metric's direction."""
    return after - before if name in LOWER_IS_BETTER else before - after


def violations(summary: RunSummary, thresholds: Thresholds, baseline: RunSummary | None = None) -> list[str]:
    """Every broken rule, as a sentence; empty when the run passes."""
    found: list[str] = []
    metrics = summary.metrics
    for name, floor in thresholds.minimum.items():
        value = metrics.get(name)
        if value is None or value < floor:
            found.append(f"{name} is {_fmt(value)}, below the floor {floor:g}")
    for name, ceiling in thresholds.maximum.items():
        value = metrics.get(name)
        if value is None or value > ceiling:
            found.append(f"{name} is {_fmt(value)}, above the ceiling {ceiling:g}")
    if baseline is not None:
        for name, allowed in thresholds.max_drop.items():
            before, after = baseline.metrics.get(name), metrics.get(name)
            if before is None or after is None:
                continue
            if worse_by(name, before, after) > allowed + 1e-9:
                found.append(
                    f"{name} went from {before:.3f} to {after:.3f}, more than the allowed {allowed:g}"
                )
    return found


def compare(before_path: Path, after_path: Path) -> list[str]:
    """Metric deltas, then the items that got worse, as printable lines."""
    before, after = load_summary(before_path), load_summary(after_path)
    lines = [f"{'metric':<22} {'before':>9} {'after':>9} {'delta':>9}"]
    for name in sorted(set(before.metrics) | set(after.metrics)):
        a, b = before.metrics.get(name), after.metrics.get(name)
        delta = "" if a is None or b is None else f"{b - a:+.3f}"
        flag = "  worse" if a is not None and b is not None and worse_by(name, a, b) > 1e-9 else ""
        lines.append(f"{name:<22} {_fmt(a):>9} {_fmt(b):>9} {delta:>9}{flag}")
    regressed = regressed_items(load_results(before_path), load_results(after_path))
    lines.append("")
    lines.append(f"{len(regressed)} items regressed" + (":" if regressed else "."))
    lines.extend(f"  {item_id}: {why}" for item_id, why in regressed)
    return lines


def regressed_items(before: dict[str, ItemResult], after: dict[str, ItemResult]) -> list[tuple[str, str]]:
    """Items whose answer got worse: newly refused or leaking, fewer key facts, or found later."""
    found = []
    for item_id in sorted(before.keys() & after.keys()):
        a, b = before[item_id].metrics, after[item_id].metrics
        reasons = []
        for name in ("key_fact_recall", "hit@5", "mrr", "abstention_correct"):
            if a.get(name) is not None and b.get(name) is not None and b[name] < a[name] - 1e-9:  # type: ignore[operator]
                reasons.append(f"{name} {a[name]:.2f} -> {b[name]:.2f}")
        if (b.get("leak") or 0) > (a.get("leak") or 0):
            reasons.append("now leaks")
        if after[item_id].error and not before[item_id].error:
            reasons.append(f"error: {after[item_id].error}")
        if reasons:
            found.append((item_id, "; ".join(reasons)))
    return found


def _fmt(value: float | None) -> str:
    return "N/A" if value is None else f"{value:.3f}"


def write_baseline(summary: RunSummary, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary.model_dump(), indent=2) + "\n", encoding="utf-8")
