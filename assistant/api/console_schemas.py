"""Request and response models of the trainer console's JSON API (`/trainer/api`). Rows are the trainer
core's own dataclasses, so the console shows exactly what `assistant.trainer` computed."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from assistant.api.schemas import RequestModel
from assistant.trainer.audit import AuditRow
from assistant.trainer.curated import Curated
from assistant.trainer.gaps import Gap
from assistant.trainer.log_queries import LogRow
from assistant.trainer.progress import CohortRow, LearnerRow


class LoginIn(RequestModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class CuratedIn(RequestModel):
    question: str = Field(min_length=1, max_length=2000)
    answer: str = Field(min_length=1, max_length=8000)
    source_message_id: str | None = Field(default=None, max_length=64)
    variants: list[Annotated[str, Field(max_length=2000)]] = Field(
        default_factory=list, max_length=50, description="A knowledge gap's other wordings, matched too."
    )
    source_message_ids: list[Annotated[str, Field(max_length=64)]] = Field(
        default_factory=list, max_length=500, description="More messages it answers: they leave the queue."
    )


class ActiveIn(RequestModel):
    active: bool


class SignedIn(BaseModel):
    username: str
    role: str
    cohort: str | None
    csrf: str = Field(description="Send it back in X-CSRF-Token on every state-changing call.")


class SignedOut(BaseModel):
    status: str = "signed out"


class Me(BaseModel):
    username: str
    role: str
    cohort: str | None
    csrf: str | None
    cohorts: list[str] = Field(description="The cohorts this account may filter on.")
    channels: dict[str, str] = Field(default_factory=dict, description="Channel code -> its label.")
    results: list[str] = Field(default_factory=list, description="The result labels, in order.")
    missed_below: float = Field(0.0, description="Answers with P(answerable) below this: possibly missed.")


class LogPage(BaseModel):
    total: int = Field(description="Rows in the whole filtered view.")
    rows: list[LogRow]


class Conversation(BaseModel):
    session_id: str
    messages: list[LogRow]


class CuratedList(BaseModel):
    curated: list[Curated]
    taught: dict[int, list[str]] = Field(
        default_factory=dict,
        description="Per curated answer id, questions whose learners took it when it was offered in other "
        "words (one tap): wordings a trainer may add.",
    )


class WordingIn(RequestModel):
    wording: str = Field(min_length=1, max_length=2000)


class Gaps(BaseModel):
    gaps: list[Gap]


class DayCount(BaseModel):
    day: str
    questions: int
    refused: int


class TopicCount(BaseModel):
    topic: str
    questions: int


class ChartsOut(BaseModel):
    per_day: list[DayCount]
    questions: int
    refused: int
    feedback: dict[str, int]
    top_topics: list[TopicCount]
    answerers: dict[str, int]
    results: dict[str, int] = Field(description="answered, refused, curated, fallback")
    weak: int = Field(description="Answers given on weak evidence (possibly missed).")
    refusal_rate: float


class ConsoleProgress(BaseModel):
    learners: list[LearnerRow]
    cohorts: list[CohortRow]


class AuditEntries(BaseModel):
    entries: list[AuditRow]
