"""Hybrid retrieval: dense (Chroma) and lexical (BM25) candidates fused, de-duplicated and filtered."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.config import FusionMethod
from assistant.errors import InvalidQueryError
from assistant.index.catalog import Catalog, ChunkRecord
from assistant.index.lexical import LexicalIndex
from assistant.index.vectors import VectorIndex

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 4000
DOC_TYPES = ("course", "policy")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One retrieved chunk with the signals that ranked it."""

    id: str
    source: str
    title: str
    section: str
    text: str
    page: int | None
    doc_type: str
    language: str
    score: float  # fused, in (0, 1]
    dense: float | None  # cosine similarity, when the dense side found it
    lexical: float | None  # BM25 score, when the lexical side found it


def embedding_text(title: str, section: str, text: str) -> str:
    """What the embedding model sees for a chunk: where it sits, then what it says."""
    where = " > ".join(p for p in (title, section) if p)
    return f"{where}\n{text}" if where else text


def lexical_text(chunk: ChunkRecord) -> str:
    return f"{chunk.title}\n{chunk.section}\n{chunk.text}"


def _fingerprint(text: str) -> str:
    return hashlib.sha1(re.sub(r"\W+", " ", text.lower()).strip().encode()).hexdigest()  # noqa: S324


def fuse_rrf(rankings: list[list[str]], k: int) -> dict[str, float]:
    """Reciprocal rank fusion, scaled so a chunk ranked first by every list scores 1."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, chunk_id in enumerate(ranking):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (k + rank + 1)
    best = len(rankings) / (k + 1)
    return {i: s / best for i, s in scores.items()}


def fuse_weighted(dense: dict[str, float], lexical: dict[str, float], weight: float) -> dict[str, float]:
    """Convex combination of cosine similarity and max-normalised BM25."""
    top = max(lexical.values(), default=0.0) or 1.0
    ids = dense.keys() | lexical.keys()
    return {i: weight * max(dense.get(i, 0.0), 0.0) + (1 - weight) * lexical.get(i, 0.0) / top for i in ids}


class HybridSearcher:
    """Searches the live index; safe to share between threads."""

    def __init__(
        self,
        catalog: Catalog,
        vectors: VectorIndex,
        embed_query: Any,
        fusion: FusionMethod = "rrf",
        rrf_k: int = 60,
        dense_weight: float = 0.5,
        candidates: int = 30,
    ) -> None:
        self.catalog = catalog
        self.vectors = vectors
        self._embed_query = embed_query
        self.fusion = fusion
        self.rrf_k = rrf_k
        self.dense_weight = dense_weight
        self.candidates = candidates
        self._generation = -1
        self._snapshot: tuple[dict[str, ChunkRecord], LexicalIndex | None] = ({}, None)
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Rebuild the in-memory BM25 index and chunk table if the catalog changed."""
        generation = self.catalog.generation()
        if generation == self._generation:
            return
        with self._lock:
            if generation == self._generation:
                return
            chunks = self.catalog.all_chunks()
            lexical = LexicalIndex(
                [c.id for c in chunks],
                [lexical_text(c) for c in chunks],
                [c.doc_type for c in chunks],
            )
            self._snapshot = (
                {c.id: c for c in chunks},
                lexical,
            )  # one swap: readers see old or new
            self._generation = generation
            logger.info("Lexical index rebuilt: %d chunks (generation %d)", len(chunks), generation)

    def search(self, query: str, k: int = 5, doc_type: str | None = None) -> list[SearchHit]:
        query = query.strip()
        if not query:
            raise InvalidQueryError("The query is empty.")
        if len(query) > MAX_QUERY_CHARS:
            raise InvalidQueryError(f"The query is longer than {MAX_QUERY_CHARS} characters.")
        if doc_type is not None and doc_type not in DOC_TYPES:
            raise InvalidQueryError(f"doc_type must be one of {', '.join(DOC_TYPES)}.")
        self.refresh()
        chunks, lexical = self._snapshot
        where = {"doc_type": doc_type} if doc_type else None
        vector = np.asarray(self._embed_query(query), dtype=np.float32)
        dense = {h.id: h.similarity for h in self.vectors.query(vector, self.candidates, where)}
        dense = {i: s for i, s in dense.items() if i in chunks}  # drop vectors not (yet) live
        lex = {h.id: h.score for h in lexical.search(query, self.candidates, doc_type)} if lexical else {}
        if self.fusion == "rrf":
            fused = fuse_rrf([list(dense), list(lex)], self.rrf_k)
        else:
            fused = fuse_weighted(dense, lex, self.dense_weight)
        hits: list[SearchHit] = []
        seen: set[str] = set()
        for chunk_id in sorted(fused, key=fused.__getitem__, reverse=True):
            chunk = chunks[chunk_id]
            fingerprint = _fingerprint(chunk.text)
            if fingerprint in seen:
                continue
            seen.add(fingerprint)
            hits.append(_hit(chunk, fused[chunk_id], dense.get(chunk_id), lex.get(chunk_id)))
            if len(hits) == k:
                break
        return hits


def _hit(chunk: ChunkRecord, score: float, dense: float | None, lexical: float | None) -> SearchHit:
    return SearchHit(
        id=chunk.id,
        source=chunk.source,
        title=chunk.title,
        section=chunk.section,
        text=chunk.text,
        page=chunk.page,
        doc_type=chunk.doc_type,
        language=chunk.language,
        score=round(score, 6),
        dense=dense,
        lexical=lexical,
    )


class HybridRetriever(BaseRetriever):
    """The searcher as a LangChain retriever, for chains that expect one."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: HybridSearcher
    k: int = 5
    doc_type: str | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            Document(
                id=h.id,
                page_content=h.text,
                metadata={
                    "source": h.source,
                    "title": h.title,
                    "section": h.section,
                    "page": h.page,
                    "doc_type": h.doc_type,
                    "score": h.score,
                },
            )
            for h in self.searcher.search(query, self.k, self.doc_type)
        ]
