"""The exercise format, validated when the bank loads: a bad file names the file and the field."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.exercises.rules import HINTS_PER_EXERCISE, MAX_LEVEL, MIN_LEVEL

Skill = Literal[
    "instruction",  # a clear deliverable with an action verb
    "context",  # background the model needs
    "audience",  # who will read the output
    "role",  # a role or perspective for the model
    "delimiters",  # instructions separated from pasted data
    "format",  # output format: table, bullets, JSON, sections
    "length",  # length bounds
    "positive_constraints",  # say what to do, not only what not to do
    "examples",  # few-shot examples
    "reasoning",  # step-by-step reasoning
    "chaining",  # splitting a task into prompts
    "grounding",  # use only the given document; say if it is not there
    "data_hygiene",  # no personal data in prompts
    "verification",  # checking outputs, asking for sources
    "language",  # Urdu/English, plain language
]

Check = Literal[
    "deliverable",
    "context",
    "audience",
    "role",
    "delimiters",
    "format",
    "length",
    "positive_constraints",
    "examples",
    "reasoning",
    "chaining",
    "grounding",
    "no_personal_data",
    "verification",
    "language",
    "specificity",
]


class Criterion(BaseModel):
    """One rubric line, graded by the deterministic check named in `check`."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    criterion: str = Field(min_length=10, description="What a good prompt does, in one sentence.")
    check: Check
    weight: int = Field(ge=1, le=100)
    lesson: str = Field(pattern=r"^course/\d\d-[a-z0-9-]+\.md$", description="The lesson that teaches it.")
    keywords: list[str] = Field(
        default_factory=list,
        description="Task-specific words a prompt meeting it mentions (e.g. 'minister').",
    )


class Exercise(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=rf"^L[{MIN_LEVEL}-{MAX_LEVEL}]-\d\d-[a-z0-9-]+$")
    title: str = Field(min_length=5, max_length=120)
    level: int = Field(ge=MIN_LEVEL, le=MAX_LEVEL)
    skills: list[Skill] = Field(min_length=1)
    case_terms: list[str] = Field(
        default_factory=list,
        description="The words that name this exercise's case, not its kind ('domicile', not "
        "'certificate'; 'laptop', not 'bids'; 'DA', not 'notification'): a prompt that names none of "
        "them and brings a word of its own case is about another case (assistant/exercises/relevance.py).",
    )
    scenario: str = Field(min_length=40)
    task: str = Field(min_length=20)
    sample_input: str | None = Field(default=None, description="Text the learner's prompt works on.")
    rubric: list[Criterion] = Field(min_length=3)
    hints: list[str] = Field(
        min_length=HINTS_PER_EXERCISE, max_length=HINTS_PER_EXERCISE, description="From gentle to specific."
    )
    model_answer: str = Field(min_length=40)
    common_mistakes: list[str] = Field(min_length=1)

    @field_validator("scenario", "task")
    @classmethod
    def _unwrapped(cls, text: str) -> str:
        return unwrap(text)

    @field_validator("case_terms")
    @classmethod
    def _naming_terms(cls, terms: list[str]) -> list[str]:
        """A term must be a word or phrase: "a" or "-" would name every case and turn the check off."""
        for term in terms:
            if len(_TERM_CHARACTER.findall(term)) < 2:
                raise ValueError(f"case term {term!r} needs at least two letters or digits")
        return [term.strip() for term in terms]

    @field_validator("rubric")
    @classmethod
    def _weights_sum_to_100(cls, rubric: list[Criterion]) -> list[Criterion]:
        total = sum(c.weight for c in rubric)
        if total != 100:
            raise ValueError(f"criterion weights add up to {total}, not 100")
        if len({c.id for c in rubric}) != len(rubric):
            raise ValueError("criterion ids must be unique")
        return rubric

    @model_validator(mode="after")
    def _level_matches_id(self) -> Exercise:
        if not self.id.startswith(f"L{self.level}-"):
            raise ValueError(f"id {self.id!r} must start with L{self.level}- for level {self.level}")
        return self


_TERM_CHARACTER = re.compile(r"[A-Za-z0-9]")
_LIST_LINE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")


def unwrap(text: str) -> str:
    """Prose as written in YAML, hard-wrapped at ~90 columns, as paragraphs: lines of a paragraph joined
    with spaces (blank lines and list items kept), so no channel shows a break mid-sentence."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for line in block.splitlines():
            if lines and not _LIST_LINE.match(line):
                lines[-1] = f"{lines[-1]} {line.strip()}"
            else:
                lines.append(line.rstrip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)
