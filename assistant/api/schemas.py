"""Request and response models of the HTTP API (the `/v1` contract)."""

from __future__ import annotations

from pydantic import BaseModel, Field


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
