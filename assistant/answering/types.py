"""The values that flow through the answering pipeline, shared by every answerer and every channel."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol

AnswererName = Literal["extractive", "llm", "curated", "fallback"]


@dataclass(frozen=True, slots=True)
class Passage:
    """A retrieved chunk offered to an answerer as source `[n]`."""

    n: int
    source: str
    title: str
    section: str
    text: str
    score: float
    page: int | None = None
    doc_type: str = "course"


@dataclass(frozen=True, slots=True)
class Unit:
    """A quotable piece of a passage: a sentence, a list item or a code block."""

    passage: int  # index into the passages list
    position: int  # order inside the passage
    text: str
    kind: str  # "sentence" | "item" | "code"


@dataclass(frozen=True, slots=True)
class Evidence:
    """What every answerer answers from: the numbered passages, and the units of them chosen as the
    answer (primary source first, in reading order), with how well the best one answers."""

    passages: list[Passage]
    units: list[Unit]
    best: float = 0.0
    meaning: float = 0.0  # cosine similarity of the closest unit to the question
    # the best of `units` within the judging budget: what abstention reads, so that a longer answer
    # budget does not make a missing figure look found (empty: all of `units`)
    judged: list[Unit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Turn:
    """One earlier exchange in the conversation (already redacted)."""

    question: str
    answer: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Draft:
    """What an answerer produced: text with [n] markers that refer to passages."""

    text: str
    answerer: AnswererName


@dataclass(frozen=True, slots=True)
class Citation:
    n: int
    source: str
    title: str
    section: str
    snippet: str
    score: float
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """The pipeline's result, before it is logged; adapters format it for their channel."""

    text: str
    citations: list[Citation]
    refused: bool
    answerer: AnswererName
    standalone_question: str
    reason: str | None = None  # why it refused or fell back: out_of_scope, unsafe, llm_unavailable...
    meta: dict[str, str] = field(default_factory=dict)
    passages: tuple[Passage, ...] = ()  # what the answerer read (evals measure facts found there)


class Answerer(Protocol):
    """Turns a question and its evidence into an answer that cites the passages as [n]."""

    name: AnswererName

    def answer(self, question: str, evidence: Evidence, history: list[Turn]) -> Draft: ...

    def stream(self, question: str, evidence: Evidence, history: list[Turn]) -> Iterator[str]:
        """Text deltas whose concatenation is the answer."""
        ...
