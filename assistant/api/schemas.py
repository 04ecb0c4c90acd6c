"""Request and response models of the HTTP API (the `/v1` contract)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

MAX_COMMENT_CHARS = 1000
SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
Channel = Literal["api", "web", "telegram", "cli"]
MAX_ROW_ID = 2**31 - 1  # ids are PostgreSQL integers; a larger number in a URL would be a 500, not a 404
# C0 controls but tab, newline and carriage return, and DEL: no learner types them, PostgreSQL cannot store
# NUL in text (a 500 in scale-out mode), and escape sequences would reach terminals reading the log.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RequestModel(BaseModel):
    """Base of every request body: no text field may hold control characters (a 422 naming the field)."""

    @field_validator("*")
    @classmethod
    def _no_control_chars(cls, value: Any) -> Any:
        if isinstance(value, str) and CONTROL_CHARS.search(value):
            raise ValueError("must not contain control characters (such as NUL)")
        return value


class SearchResult(BaseModel):
    source: str = Field(description="Path of the document relative to the ingested folder.")
    title: str
    section: str = Field(description="Heading path inside the document, ' > ' separated.")
    text: str
    score: float = Field(description="Fused relevance in (0, 1]; higher is better.")
    page: int | None = None
    doc_type: str


class SearchResponse(BaseModel):
    results: list[SearchResult]


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    documents: int
    chunks: int


class ErrorResponse(BaseModel):
    detail: str


class ValidationErrorResponse(BaseModel):
    """422: a message from the assistant, or FastAPI's list of the fields that failed validation."""

    detail: str | list[dict[str, Any]]


class FeedbackRequest(RequestModel):
    message_id: str = Field(min_length=1, max_length=64, description="The `message_id` of an answer.")
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=MAX_COMMENT_CHARS)


class FeedbackRecorded(BaseModel):
    status: Literal["recorded"] = "recorded"


class SessionMessage(BaseModel):
    message_id: str
    question: str
    answer: str
    citations: list[Any]
    refused: bool
    created_at: datetime


class SessionHistory(BaseModel):
    session_id: str
    messages: list[SessionMessage] = Field(description="Oldest first.")


class UserForgotten(BaseModel):
    deleted: int = Field(description="Rows erased: the user, their sessions, messages and feedback.")


class ChatIn(RequestModel):
    message: str = Field(min_length=1, max_length=20_000, description="The learner's question.")
    session_id: str | None = Field(default=None, pattern=SESSION_ID_PATTERN, description="Continue a chat.")
    user_id: str | None = Field(default=None, min_length=1, max_length=128, description="Learner id.")
    channel: Channel = "api"


class CitationOut(BaseModel):
    n: int
    source: str
    title: str
    section: str
    snippet: str
    score: float
    page: int | None = None


class ChatOut(BaseModel):
    answer: str
    citations: list[CitationOut]
    refused: bool = Field(description="True when the assistant did not answer from the sources.")
    session_id: str
    message_id: str
    answerer: str = Field(description="extractive, llm, curated, or fallback (LLM down: extractive).")
    reason: str | None = Field(default=None, description="Why it refused or fell back.")
    suggested_exercise: str | None = Field(
        default=None, description="When the learner asked for practice: the id of the exercise suggested."
    )
    related_question: str | None = Field(
        default=None,
        description="A question a trainer has answered that is close to this one but not surely the same: "
        "asking it exactly gets the trainer's answer.",
    )


# -- exercises ---------------------------------------------------------------------------------------


class ExerciseSummary(BaseModel):
    id: str
    title: str
    level: int
    skills: list[str]


class ExerciseList(BaseModel):
    exercises: list[ExerciseSummary]


class RubricCriterionOut(BaseModel):
    id: str
    criterion: str
    weight: int
    lesson: str
    lesson_title: str | None = Field(
        default=None, description="The lesson's title, when the lesson is in the knowledge base."
    )


class ExerciseOut(ExerciseSummary):
    scenario: str
    task: str
    sample_input: str | None
    rubric: list[RubricCriterionOut]
    hints_available: int
    common_mistakes: list[str]


class AttemptIn(RequestModel):
    user_id: str = Field(min_length=1, max_length=128, description="Learner id (progress is kept per id).")
    prompt: str = Field(min_length=1, max_length=20_000, description="The prompt the learner wrote.")
    channel: Channel = "api"
    try_it: bool = Field(default=False, description="Also run the prompt on the sample input (needs an LLM).")


class CriterionFeedback(BaseModel):
    id: str
    criterion: str
    status: Literal["pass", "partial", "fail"]
    weight: int
    points: float = Field(description="1 for pass, 0.5 for partial, 0 for fail.")
    feedback: str
    lesson: str = Field(description="The lesson that teaches this skill.")


class FlagDetail(BaseModel):
    flag: str = Field(description="The cap or flag, as in `flags`.")
    note: str = Field(description="Why it applies, in English: the catalogue sentence flag_<name>.")
    detail: str = Field(description="What the grader saw, e.g. how many words of the learner's own.")
    lesson: str = Field(description="The lesson to read.")


class HintOut(BaseModel):
    exercise_id: str
    n: int
    text: str


class JudgeOut(BaseModel):
    score: int
    criteria: dict[str, str]
    comment: str


class AttemptOut(BaseModel):
    attempt_id: int
    exercise_id: str
    score: int = Field(description="0-100, from the deterministic rubric checks.")
    criteria: list[CriterionFeedback]
    flags: list[str] = Field(
        description="Score caps applied: keyword_stuffing, copied_task, off_task, personal_data, too_short, "
        "short_instruction"
    )
    flag_details: list[FlagDetail] = Field(
        default_factory=list, description="Each of `flags` with its sentence, what was seen and a lesson."
    )
    next_hint: HintOut | None = Field(description="The hint to read next; null when the prompt is strong.")
    attempt_number: int
    best_score: int
    unlocked_level: int
    next_exercise_id: str | None
    judge: JudgeOut | None = Field(default=None, description="The LLM judge's verdict, when an LLM is set.")
    judge_error: str | None = None
    try_it_output: str | None = Field(default=None, description="What the LLM answered to the prompt.")
    try_it_error: str | None = Field(default=None, description="Why try-it did not run (e.g. no LLM set).")
    model_answer: str | None = Field(
        default=None, description="Shown once the exercise is completed or after three attempts."
    )
    personal_data_redacted: bool = Field(description="Personal data in the prompt was masked before storing.")
    completed: bool = Field(default=False, description="The learner's best score reached the pass mark.")
    rubric_points: int = Field(
        default=0, description="What the rubric checks add up to (0-100) before the caps in `flags`."
    )
    flag_notes: list[str] = Field(
        default_factory=list, description="Each cap in `flags` explained to the learner, in their language."
    )


class LevelProgressOut(BaseModel):
    level: int
    unlocked: bool
    exercises: int
    completed: int
    needed_to_unlock_next: int


class ExerciseProgressOut(BaseModel):
    exercise_id: str
    title: str
    level: int
    attempts: int
    best_score: int | None
    completed: bool
    last_attempt_at: datetime | None


class ProgressOut(BaseModel):
    user_id: str
    total_attempts: int
    completed: int
    exercises_total: int
    current_streak_days: int
    unlocked_level: int
    next_exercise_id: str | None
    levels: list[LevelProgressOut]
    exercises: list[ExerciseProgressOut]


class SourceSection(BaseModel):
    section: str = Field(description="Heading path inside the document, ' > ' separated.")
    text: str
    page: int | None = None


class SourceDocument(BaseModel):
    """A cited document's text, section by section, in reading order."""

    source: str
    title: str
    doc_type: str
    sections: list[SourceSection]


class WidgetConfig(BaseModel):
    suggestions: dict[str, list[str]] = Field(description="Suggested first questions per language code.")
