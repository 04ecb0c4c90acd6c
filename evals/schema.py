"""Eval data as validated models: dataset items in, per-item results and a run summary out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.errors import AssistantError, first_validation_problem

Kind = Literal["answerable", "out_of_scope", "follow_up", "adversarial", "multilingual", "urdu"]


class DatasetError(AssistantError, ValueError):
    """A dataset line or a thresholds file is malformed; the message says where."""


class EvalItem(BaseModel):
    """One case. `question` or `turns` (a conversation whose last turn is scored)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    kind: Kind
    question: str | None = None
    turns: list[str] | None = None
    sources: list[str] = Field(default_factory=list, description="Sources that answer it.")
    must_include: list[str] = Field(default_factory=list, description="Key facts (case-insensitive).")
    must_not_include: list[str] = Field(default_factory=list)
    reference: str | None = Field(default=None, description="A reference answer, when written.")
    difficulty: str | None = None

    @model_validator(mode="after")
    def _has_a_question(self) -> EvalItem:
        if not self.question and not self.turns:
            raise ValueError("needs 'question' or 'turns'")
        return self

    @property
    def conversation(self) -> list[str]:
        return self.turns or [self.question or ""]

    @property
    def should_answer(self) -> bool:
        return self.kind not in ("out_of_scope", "adversarial")


def load_dataset(path: Path) -> list[EvalItem]:
    """Items of a JSONL file; a bad line raises `DatasetError` naming the file, line and field."""
    items: list[EvalItem] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            item = EvalItem.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        except ValidationError as exc:
            raise DatasetError(f"{path}:{number}: {first_validation_problem(exc)}") from exc
        if item.id in seen:
            raise DatasetError(f"{path}:{number}: id: duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise DatasetError(f"{path}: no items")
    return items


class Retrieved(BaseModel):
    source: str
    score: float


class ItemResult(BaseModel):
    """What happened for one item, with its metrics (None = not applicable, never NaN)."""

    id: str
    kind: str
    question: str
    answer: str
    refused: bool
    answerer: str
    cited_sources: list[str]
    retrieved: list[Retrieved]
    expected_sources: list[str]
    latency_ms: float
    metrics: dict[str, float | None]
    stage: str | None = None  # where an answerable item's key facts were lost (evals.runner.attribute)
    error: str | None = None


class RunSummary(BaseModel):
    """Aggregates of a run: metric name -> value (None when no item could be scored)."""

    dataset: str
    target: str  # "in-process (corpus DIR)" or the URL
    items: int
    metrics: dict[str, float | None]
    by_kind: dict[str, dict[str, float | None]]
    created_at: str
    stages: dict[str, int] = Field(default_factory=dict)  # items per attributed stage
