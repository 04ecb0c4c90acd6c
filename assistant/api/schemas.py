"""Request and response models of the HTTP API (the `/v1` contract)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

MAX_COMMENT_CHARS = 1000
SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
Channel = Literal["api", "web", "telegram", "cli"]


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


class FeedbackRequest(BaseModel):
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


class ChatIn(BaseModel):
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
